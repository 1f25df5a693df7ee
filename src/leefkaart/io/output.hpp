#pragma once
// Output layers in GIS formats (GeoPackage, GeoJSON, FlatGeobuf, CSV). Where
// they are written so that a result set appears whole: io/result_set.hpp.
#include <atomic>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "geom/geos.hpp"
#include "io/csv.hpp"

namespace leefkaart::io {

enum class FieldType { Integer, Real, String };
struct FieldDef {
  std::string name;
  FieldType type;
  std::string alias = {};  // what a GIS user reads instead of the name (e.g. the indicator's label)
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

void write_geopackage(const std::filesystem::path& path, const std::vector<const LayerData*>& layers);
// RFC 7946 GeoJSON (WGS84, exterior rings counter-clockwise, 7 decimals),
// streamed: coordinates are reprojected in one batch per layer and the text
// is formatted directly, which is several times faster than OGR's writer.
void write_geojson_wgs84(const std::filesystem::path& path, const LayerData& layer);
// The same through OGR's GeoJSON driver: the reference the streamed writer is tested against.
void write_geojson_wgs84_ogr(const std::filesystem::path& path, const LayerData& layer);
// FlatGeobuf in the working CRS (as the GeoPackage), with its spatial index,
// for QGIS and web maps that read only the part in view.
void write_flatgeobuf(const std::filesystem::path& path, const LayerData& layer);
void write_csv(const std::filesystem::path& path, const LayerData& layer, CsvDialect dialect = CsvDialect::Plain);

// Independent writes (one file each) run on background threads while the
// caller writes another file: writing costs the longest file rather than the
// sum. wait() rethrows the first failure; the destructor waits too, so the
// layers a task reads outlive it even when the caller throws.
class BackgroundWrites {
 public:
  explicit BackgroundWrites(std::vector<std::function<void()>> tasks, unsigned threads = 0);
  ~BackgroundWrites();
  BackgroundWrites(const BackgroundWrites&) = delete;
  BackgroundWrites& operator=(const BackgroundWrites&) = delete;
  void wait();

 private:
  void work();
  std::vector<std::function<void()>> tasks_;
  std::atomic<std::size_t> next_{0};
  std::mutex error_mutex_;
  std::exception_ptr first_error_;
  std::vector<std::thread> threads_;
};

}  // namespace leefkaart::io
