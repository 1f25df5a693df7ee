#pragma once
// Output layers and atomic writing: everything is written into a staging
// folder inside the output directory and renamed into place only when the
// whole build succeeded, so a failed run leaves no half-written file.
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "geom/geos.hpp"

namespace leefkaart::io {

enum class FieldType { Integer, Real, String };
struct FieldDef {
  std::string name;
  FieldType type;
};
using Value = std::variant<std::monostate, long long, double, std::string>;

struct LayerData {
  std::string name;
  std::string description;  // stored as layer metadata; states the grid definition
  std::vector<FieldDef> fields;
  std::vector<std::vector<Value>> rows;
  std::vector<geom::Geom> geometries;  // working CRS; empty for a plain table
  int epsg = 28992;                    // the working CRS of the geometries
};

class OutputStage {
 public:
  explicit OutputStage(std::filesystem::path out_dir);
  ~OutputStage();  // removes the staging folder unless committed
  OutputStage(const OutputStage&) = delete;
  OutputStage& operator=(const OutputStage&) = delete;

  std::filesystem::path staged(const std::string& file_name);  // path to write to
  void commit();                                              // rename every staged file into place
  const std::filesystem::path& out_dir() const { return out_dir_; }

 private:
  std::filesystem::path out_dir_, staging_;
  std::vector<std::string> files_;
  bool created_out_dir_ = false;
  bool committed_ = false;
};

void write_geopackage(const std::filesystem::path& path, const std::vector<const LayerData*>& layers);
void write_geojson_wgs84(const std::filesystem::path& path, const LayerData& layer);
void write_csv(const std::filesystem::path& path, const LayerData& layer);

}  // namespace leefkaart::io
