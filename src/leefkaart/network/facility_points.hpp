#pragma once
// Facilities from a points layer (GeoPackage, shapefile, GeoJSON …) instead of
// an OSM extract: a field names each point's category.
#include <map>
#include <string>
#include <vector>

#include "network/access.hpp"
#include "network/categories.hpp"

namespace leefkaart::network {

struct FacilityPointsOptions {
  std::string layer;                        // empty: the first layer
  std::string category_field = "category";  // values: the categories' names (huisarts, supermarkt …)
  std::string name_field;                   // optional
  int target_epsg = 28992;
};

struct FacilityPoints {
  std::vector<FacilityPlace> places;
  std::map<std::string, std::size_t> other_values;  // category values that name no category: left out
};

// Throws InputError for a missing field, a non-point feature, a layer without CRS,
// or a layer in which no point names a known category.
FacilityPoints read_facility_points(const std::string& path, const std::vector<Category>& categories,
                                    const FacilityPointsOptions& opts);

}  // namespace leefkaart::network
