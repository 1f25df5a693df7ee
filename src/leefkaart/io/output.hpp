#pragma once
// Output layers in GIS formats (GeoPackage, GeoJSON, CSV). Where they are
// written so that a result set appears whole: io/result_set.hpp.
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
void write_geojson_wgs84(const std::filesystem::path& path, const LayerData& layer);
void write_csv(const std::filesystem::path& path, const LayerData& layer);

}  // namespace leefkaart::io
