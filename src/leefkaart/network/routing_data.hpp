#pragma once
// An OSM extract made ready for routing: nodes and facilities projected into
// the working CRS.
#include <optional>
#include <string>
#include <vector>

#include "network/access.hpp"
#include "network/osm_extract.hpp"

namespace leefkaart::network {

struct RoutingData {
  Extract extract;
  int epsg = 0;  // working CRS: RD New in the Netherlands, else the UTM zone
  std::vector<Category> categories;
  ProjectedNodes nodes;
  std::vector<FacilityPlace> facilities;
  std::vector<std::size_t> too_small;  // per category: areas under its minimum size
};

// force_epsg: project into this CRS instead of choosing one (build uses RD New).
RoutingData load_routing_data(const std::string& path, std::vector<Category> categories, const ProfileOptions& opts,
                              std::optional<int> force_epsg = std::nullopt);

}  // namespace leefkaart::network
