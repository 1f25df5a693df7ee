#pragma once
// Everything leefkaart takes from an OpenStreetMap extract (.osm.pbf, .osm,
// compressed or not), read with libosmium: the routable ways per mode, the
// barriers, and the facilities of each category, in WGS84.
#include <osmium/osm/types.hpp>

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "network/categories.hpp"
#include "network/profile.hpp"

namespace leefkaart::network {

struct LonLat {
  double lon = 0, lat = 0;
};

struct RawEdge {
  osmium::object_id_type a = 0, b = 0;
  Passage passage;
};

struct RawFacility {
  std::size_t category = 0;
  char osm_type = 'n';  // n, w, r
  osmium::object_id_type osm_id = 0;
  std::string name;
  LonLat point;  // for facilities mapped as nodes
  // For areas: each outer ring with its inner rings (holes), as libosmium assembled them.
  struct Ring {
    std::vector<LonLat> outer;
    std::vector<std::vector<LonLat>> inner;
  };
  std::vector<Ring> rings;
};

struct Extract {
  std::string file;
  std::unordered_map<osmium::object_id_type, LonLat> nodes;  // nodes of routable ways
  std::array<std::vector<RawEdge>, 3> edges;                  // per Mode
  std::array<std::unordered_set<osmium::object_id_type>, 3> blocked;
  std::vector<RawFacility> facilities;
  double lon_min = 180, lat_min = 90, lon_max = -180, lat_max = -90;  // of the routable nodes
  std::size_t ways_read = 0;
};

// Throws InputError for a missing, truncated or non-OSM file.
Extract read_extract(const std::string& path, const std::vector<Category>& categories, const ProfileOptions& opts);

}  // namespace leefkaart::network
