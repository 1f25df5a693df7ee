#pragma once
// Accessibility: from every cell to the nearest facility of each category
// over the street network, plus the number of facilities within 1, 3 and
// 5 km (as CBS "Nabijheid voorzieningen" reports them).
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "network/graph.hpp"

namespace leefkaart::network {

struct Snap {
  std::uint32_t segment = 0;
  double t = 0;         // position along the segment, 0 at u, 1 at v
  double distance = 0;  // from the point to the segment, metres
  bool ok = false;      // within the snap limit
};

// Nearest routable segment of a point: the point is projected onto the
// segment, not moved to its nearest node. Segments and nodes are indexed in
// Boost.Geometry R-trees, packed in bulk (no geometry objects per segment).
class SnapIndex {
 public:
  explicit SnapIndex(const Graph& g);
  ~SnapIndex();
  Snap nearest(geom::Point p, double limit) const;
  // Nodes inside the box, for areas entered along their edge.
  std::vector<std::uint32_t> nodes_in(const geom::Box& box) const;

 private:
  struct Trees;
  const Graph& g_;
  std::unique_ptr<Trees> trees_;
};

struct FacilityPlace {
  std::size_t category = 0;
  geom::Geom geom;  // point, or polygon for area categories (working CRS)
  std::string id;   // "n123", "w456", "r789"
  std::string name;
};

struct AccessOptions {
  double snap_limit_m = 250;       // cells and facilities farther from any street are not routed
  double area_reach_m = 25;        // a street node this close to a park's edge enters it
  std::array<double, 3> radii_m{1000, 3000, 5000};
  unsigned threads = 0;            // 0: all cores
  bool counts = true;              // also count the facilities within radii_m (one bounded search per facility)
};

struct CategoryAccess {
  std::size_t facilities = 0;  // found in the data
  std::size_t placed = 0;      // reachable from the network
  std::vector<double> dist;    // per cell; kUnreached when no facility can be reached
  std::vector<double> minutes;  // per cell, along that path, when the graph has in_minutes; else empty
  std::vector<std::array<int, 3>> within;  // per cell: facilities within radii_m
};

// Per category (in the order of `category_count`), for every cell snap.
std::vector<CategoryAccess> compute_access(const Graph& g, const SnapIndex& index, const std::vector<Snap>& cells,
                                           const std::vector<FacilityPlace>& facilities, std::size_t category_count,
                                           const AccessOptions& opts);

// Network distance from a snapped point, given node distances.
double distance_from(const Graph& g, const Snap& s, const std::vector<double>& node_dist);

}  // namespace leefkaart::network
