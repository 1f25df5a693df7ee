#pragma once
// Vector layers (any format GDAL reads) brought into the working CRS as GEOS
// geometries, with invalid geometries repaired and reported per feature.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "geom/geos.hpp"
#include "io/cbs.hpp"

namespace leefkaart::io {

struct VectorReadOptions {
  std::string layer;                      // empty: the first layer
  std::optional<std::string> assign_crs;  // for sources that carry no CRS (e.g. CSV with x/y)
  std::vector<std::string> fields;        // attributes to keep; each must exist
  bool polygons_only = false;
  int target_epsg = 28992;  // the working CRS the geometries are brought into
  // The study area's box in the working CRS: a layer that lies wholly outside
  // it is refused (wrong file, or wrong CRS).
  std::optional<geom::Box> study_box;
};

struct VectorFeature {
  long long fid = 0;
  geom::Geom geom;                  // in the working CRS
  std::vector<std::string> values;  // one per requested field, as text
};

struct VectorData {
  std::string file;
  std::string layer;
  std::string source_crs;
  std::vector<VectorFeature> features;
  std::vector<std::string> warnings;  // e.g. repaired geometries
};

VectorData read_vector(const std::string& path, const VectorReadOptions& opts);

// Areas with CBS codes (buurten, wijken, gemeenten).
struct Area {
  std::string code;
  std::string name;
  geom::Geom geom;
  double area_m2 = 0;
};

struct AreaSet {
  std::string file;
  std::vector<Area> areas;
  std::unordered_map<std::string, std::size_t> index_of;
  std::vector<std::string> warnings;

  std::vector<const GEOSGeometry*> geometries() const;  // in area order, owned by the set
  geom::Geom outline() const;                           // the union of all areas
};

AreaSet read_areas(const std::string& path, const std::string& code_field, const std::string& name_field,
                   std::optional<cbs::Level> level, const VectorReadOptions& base = {});

}  // namespace leefkaart::io
