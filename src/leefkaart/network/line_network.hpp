#pragma once
// Routing over a road layer as GIS users hold it (NWB, an osmnx export, any
// GeoPackage or shapefile of lines): each line joins its two end points; its
// attributes say which profile may use it and in which direction. Documented
// in the README ("Routing over your own road layer").
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/vector_source.hpp"
#include "network/graph.hpp"
#include "network/profile.hpp"

namespace leefkaart::network {

struct LineMapping {
  std::string layer;  // empty: the file's first layer
  // Road class: the field, and per Mode the values that profile may use (every
  // other value is left out). No field: every line serves every profile.
  std::string class_field;
  std::array<std::optional<std::vector<std::string>>, 3> classes;  // per Mode; nullopt: the profile is not mapped
  // One-way: the field and the values meaning "only along the digitising
  // direction", "only against it" and "both ways". Any other value is an error.
  // Walking ignores one-way (as it does for OSM).
  std::string oneway_field;
  std::vector<std::string> oneway_forward, oneway_backward, oneway_both;
  std::string speed_field;   // km/h, car only; empty value: the run's speed
  std::string length_field;  // metres; empty field name or empty value: from the geometry
  double snap_tolerance_m = 0.5;  // end points closer than this are one node
};

// The run's speed for a profile when --speed-kmh is not given: walk 5, bike 15, car 30.
double default_speed_kmh(Mode m);

struct LineNetwork {
  Graph graph;
  std::string source_crs;
  std::size_t lines_read = 0;
  std::size_t lines_used = 0;
  std::size_t self_loops = 0;         // lines whose two ends are one node (no use for routing)
  std::size_t endpoints_merged = 0;   // end points joined to a node at another position within the tolerance
  std::size_t nodes_before_pruning = 0;
  std::map<std::string, std::size_t> left_out_by_class;  // class value -> lines this profile may not use
  bool has_speeds = false;            // some used line took its speed from the speed field
};

// Reads the layer, brings it into `target_epsg` (RD New by default) and builds
// the graph of one profile, keeping its largest connected piece. Throws
// InputError naming the file, the feature and the field for any value outside
// the mapping. default_speed_kmh is each line's speed when the speed field is
// not mapped or empty.
LineNetwork read_line_network(const std::string& path, const LineMapping& mapping, Mode mode, double default_speed_kmh,
                              int target_epsg = 28992);

// io::read_vector, with a hint for a layer without CRS that names the layer's role.
io::VectorData read_layer_with_crs_hint(const std::string& path, const io::VectorReadOptions& opts, const std::string& what);

}  // namespace leefkaart::network
