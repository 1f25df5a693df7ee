#pragma once
// Compact routing graphs (CSR arrays, lengths in metres of the working CRS)
// and the searches over them.
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "geom/geos.hpp"
#include "network/osm_extract.hpp"

namespace leefkaart::network {

inline constexpr double kUnreached = std::numeric_limits<double>::infinity();

struct Segment {
  std::uint32_t u = 0, v = 0;
  double length = 0;
  bool forward = true;   // u -> v allowed
  bool backward = true;  // v -> u allowed
  double speed_kmh = 0;  // from a road layer's speed field; 0: the run's speed
};

struct Graph {
  Mode mode = Mode::Walk;
  std::vector<geom::Point> xy;                    // per node, working CRS
  std::vector<osmium::object_id_type> osm_id;     // per node
  std::vector<Segment> segments;                  // one per way segment
  // Arcs into each node (from -> node): searches run from the facilities
  // backwards, so that dist[x] is the distance from x to the nearest facility.
  std::vector<std::uint32_t> in_offsets, in_from;
  std::vector<double> in_length;
  // Travel minutes per in-arc, when the segments carry their own speeds (a
  // road layer's speed field); empty otherwise (time = distance / the run's speed).
  std::vector<double> in_minutes;
  std::vector<std::uint32_t> out_offsets, out_to;  // arcs out of each node
  std::vector<double> out_length;
  std::size_t dropped_nodes = 0;       // outside the largest connected component
  std::size_t dropped_components = 0;
  std::size_t node_count() const { return xy.size(); }
};

using ProjectedNodes = std::unordered_map<osmium::object_id_type, geom::Point>;

// Builds the graph of one mode, keeping its largest (weakly) connected component.
Graph build_graph(const Extract& extract, Mode mode, const ProjectedNodes& nodes);

// Keeps the largest (weakly) connected component of g.xy and g.segments and
// builds the arc arrays: the last step of every graph builder.
void finish_graph(Graph& g);

// Builds a graph directly from segments, for tests and small hand-made networks.
Graph graph_from_segments(Mode mode, std::vector<geom::Point> xy, std::vector<Segment> segments);

struct Seed {
  std::uint32_t node = 0;
  double dist = 0;
  double minutes = 0;  // travel time of `dist`, for graphs with in_minutes
};

// Minutes to travel a whole segment at its own speed (0 without one).
double segment_minutes(const Segment& s);

// Multi-source Dijkstra over the reversed arcs: distance from every node to
// the nearest seed (kUnreached where none can be reached).
std::vector<double> distance_to_nearest(const Graph& g, const std::vector<Seed>& seeds);

// The same, with `minutes` the travel time along each shortest (by distance)
// path, summed from g.in_minutes (which must be filled).
std::vector<double> distance_to_nearest(const Graph& g, const std::vector<Seed>& seeds, std::vector<double>& minutes);

// The same, stopping at `limit`; dist must be sized to the graph and filled
// with kUnreached; the nodes it set are appended to `touched` (reset them after use).
void distance_within(const Graph& g, const std::vector<Seed>& seeds, double limit, std::vector<double>& dist,
                     std::vector<std::uint32_t>& touched, std::vector<double>* minutes = nullptr);

}  // namespace leefkaart::network
