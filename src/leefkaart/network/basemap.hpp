#pragma once
// A base map from an OSM extract, for the web app: roads, water, green and
// buildings inside a box, so the map needs no online tile service.
#include <string>
#include <vector>

#include "geom/geos.hpp"

namespace leefkaart::network {

struct BasemapLayer {
  std::string name;                 // roads | water | green | buildings | waterways
  std::vector<geom::Geom> shapes;   // working CRS (RD New)
  std::vector<std::string> kinds;   // e.g. the highway value of a road
};

// Reads the extract once; keeps what lies (partly) inside box (working CRS, EPSG:epsg).
std::vector<BasemapLayer> read_basemap(const std::string& path, const geom::Box& box, int epsg);

}  // namespace leefkaart::network
