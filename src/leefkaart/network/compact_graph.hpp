#pragma once
// A lean routing graph for national extracts (tens of millions of nodes):
// 32-bit node ids, float lengths and coordinates, only the reversed arcs (the
// searches run from the facilities backwards), and a bucket grid for snapping
// instead of R-trees: 43 bytes per node for a walking network, and 8 for the
// snap grid (Liechtenstein tiled to 20 million nodes: 857 + 152 MiB).
//
// The distance to the nearest facility of a category is one multi-source
// search from all its facilities at once, optionally bounded; categories run
// in parallel, one distance array per thread.
#include <cstdint>
#include <limits>
#include <vector>

#include "network/access.hpp"

namespace leefkaart::network::compact {

inline constexpr float kFar = std::numeric_limits<float>::infinity();

struct Segment {
  std::uint32_t u = 0, v = 0;
  float length = 0;      // metres; 0: the straight line between the nodes
  bool forward = true;   // u -> v allowed
  bool backward = true;  // v -> u allowed
};

struct Graph {
  double x0 = 0, y0 = 0;      // origin of the float coordinates (working CRS)
  std::vector<float> x, y;    // per node, relative to the origin
  std::vector<Segment> segments;
  std::vector<std::uint32_t> in_offsets, in_from;  // arcs into each node (from -> node)
  std::vector<float> in_length;
  std::size_t node_count() const { return x.size(); }
  std::size_t arc_count() const { return in_from.size(); }
  std::size_t bytes() const;  // heap memory held
};

// Node coordinates are absolute (working CRS); they are stored relative to
// their minimum, so floats keep centimetres over hundreds of kilometres.
Graph make_graph(const std::vector<double>& x, const std::vector<double>& y, std::vector<Segment> segments);

// Nearest routable segment of a point, from a grid of square buckets that
// list the segments whose bounding box they overlap.
class SnapGrid {
 public:
  SnapGrid(const Graph& g, double bucket_m);
  Snap nearest(double x, double y, double limit) const;  // x, y absolute
  std::size_t bytes() const;

 private:
  const Graph& g_;
  double bucket_;
  std::int64_t nx_ = 0, ny_ = 0;
  std::vector<std::uint32_t> offsets_, items_;
};

struct Seed {
  std::uint32_t node = 0;
  float dist = 0;
};

// Point facilities joined to their segment: both ends become seeds.
std::vector<Seed> seeds_of(const Graph& g, const Snap& s);

// Multi-source Dijkstra over the reversed arcs, stopping at `limit`: dist
// (resized to the graph) holds the distance from each node to its nearest seed,
// kFar beyond the limit. Returns the number of nodes settled.
std::size_t nearest_within(const Graph& g, const std::vector<Seed>& seeds, float limit, std::vector<float>& dist);

// Network distance from a snapped point to the nearest seed, given the node
// distances; `on_segment` lists (segment, t) of the category's point
// facilities sorted by segment, so a cell and a facility on one segment walk
// straight along it.
struct OnSegment {
  std::uint32_t segment = 0;
  float t = 0;
  bool operator<(const OnSegment& o) const { return segment != o.segment ? segment < o.segment : t < o.t; }
};
float distance_from(const Graph& g, const Snap& s, const std::vector<float>& node_dist,
                    const std::vector<OnSegment>& on_segment);

struct Category {
  std::vector<Seed> seeds;
  std::vector<OnSegment> on_segment;  // sorted
};

struct CategoryResult {
  std::vector<float> dist;  // per cell; kFar when nothing within the limit
  std::size_t settled = 0;  // nodes the search settled
  double seconds = 0;       // wall time of this category's search and lookup
  double cpu_seconds = 0;   // CPU time of its thread for them (the wall time includes waiting on a busy machine)
};

// Every category for every cell, `threads` categories at a time.
std::vector<CategoryResult> nearest_per_category(const Graph& g, const std::vector<Snap>& cells,
                                                 const std::vector<Category>& categories, float limit,
                                                 unsigned threads);

}  // namespace leefkaart::network::compact
