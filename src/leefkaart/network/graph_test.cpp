// Shortest paths on small street grids drawn as ASCII, with distances
// worked out by hand. Letters are nodes, 1 character = 10 m; '-' and '|' are
// two-way streets, '>' '<' 'v' '^' one-way streets in that direction.
#include "network/graph.hpp"

#include <gtest/gtest.h>

#include <map>

#include "network/access.hpp"

using namespace leefkaart;
using namespace leefkaart::network;

namespace {

struct Drawn {
  Graph graph;
  std::map<char, std::uint32_t> node;  // letter -> node id after build
};

Drawn draw(const std::vector<std::string>& rows, bool respect_oneway = true) {
  std::map<char, std::uint32_t> raw;
  std::vector<geom::Point> xy;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (std::isalpha(static_cast<unsigned char>(rows[r][c]))) {
        raw[rows[r][c]] = static_cast<std::uint32_t>(xy.size());
        xy.push_back({10.0 * c, -10.0 * r});
      }
  auto at = [&](std::size_t r, std::size_t c) { return r < rows.size() && c < rows[r].size() ? rows[r][c] : ' '; };
  std::vector<Segment> segs;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const char from = rows[r][c];
      if (!std::isalpha(static_cast<unsigned char>(from))) continue;
      // Right, then down: follow the street characters to the next letter.
      for (int dir = 0; dir < 2; ++dir) {
        std::size_t rr = r + (dir == 1), cc = c + (dir == 0);
        bool forward = true, backward = true, any = false;
        for (char ch; (ch = at(rr, cc)) != ' ' && !std::isalpha(static_cast<unsigned char>(ch));
             rr += (dir == 1), cc += (dir == 0)) {
          any = true;
          if (respect_oneway && (ch == '>' || ch == 'v')) backward = false;
          if (respect_oneway && (ch == '<' || ch == '^')) forward = false;
        }
        const char to = at(rr, cc);
        if (any && std::isalpha(static_cast<unsigned char>(to))) segs.push_back({raw[from], raw[to], 0.0, forward, backward});
      }
    }
  Drawn d;
  d.graph = graph_from_segments(Mode::Walk, xy, segs);
  // Node ids survive renumbering when the drawing is one component; map by position.
  for (const auto& [letter, id] : raw)
    for (std::uint32_t n = 0; n < d.graph.node_count(); ++n)
      if (d.graph.xy[n].x == xy[id].x && d.graph.xy[n].y == xy[id].y) d.node[letter] = n;
  return d;
}

double dist_between(const Drawn& d, char from, char to) {
  auto dist = distance_to_nearest(d.graph, {{d.node.at(to), 0.0}});
  return dist[d.node.at(from)];
}

}  // namespace

TEST(Graph, GridDistancesMatchHandWorkedValues) {
  auto d = draw({
      "A---B---C",
      "|       |",
      "D---E---F",
  });
  // A(0,0) B(40,0) C(80,0) D(0,-20) E(40,-20) F(80,-20)
  const std::map<char, double> from_a{{'A', 0}, {'B', 40}, {'C', 80}, {'D', 20}, {'E', 60}, {'F', 100}};
  for (const auto& [node, expected] : from_a) EXPECT_DOUBLE_EQ(dist_between(d, node, 'A'), expected) << node;
}

TEST(Graph, OneWayStreetsRestrictDirectionOnlyWhereDrawn) {
  const std::vector<std::string> map{
      "A>>>B>>>C",
      "|       |",
      "D---E---F",
  };
  auto car = draw(map, true);
  // From C to A the one-way top street cannot be used: C-F-E-D-A = 20+40+40+20.
  EXPECT_DOUBLE_EQ(dist_between(car, 'C', 'A'), 120.0);
  EXPECT_DOUBLE_EQ(dist_between(car, 'A', 'C'), 80.0);
  EXPECT_DOUBLE_EQ(dist_between(car, 'B', 'A'), 160.0);
  // Walking ignores one-way: the same drawing without arrows.
  auto walk = draw(map, false);
  EXPECT_DOUBLE_EQ(dist_between(walk, 'C', 'A'), 80.0);
}

TEST(Graph, RiverWithOneBridge) {
  auto d = draw({
      "A---B   C---D",
      "|   |   |   |",
      "E---F---G---H",
  });
  // B and C face each other across the river (40 m apart); the bridge is F-G.
  EXPECT_DOUBLE_EQ(dist_between(d, 'B', 'C'), 20 + 40 + 20);
  EXPECT_DOUBLE_EQ(dist_between(d, 'A', 'D'), 20 + 40 + 40 + 40 + 20);
}

TEST(Graph, KeepsTheLargestComponentAndReportsTheRest) {
  auto d = draw({
      "A---B---C   X---Y",
      "|       |",
      "D---E---F",
  });
  EXPECT_EQ(d.graph.node_count(), 6u);
  EXPECT_EQ(d.graph.dropped_nodes, 2u);
  EXPECT_EQ(d.graph.dropped_components, 1u);
}

TEST(Graph, BoundedSearchStopsAtTheLimit) {
  auto d = draw({"A---B---C---D"});
  std::vector<double> dist(d.graph.node_count(), kUnreached);
  std::vector<std::uint32_t> touched;
  distance_within(d.graph, {{d.node.at('A'), 0.0}}, 85.0, dist, touched);
  EXPECT_EQ(touched.size(), 3u);
  EXPECT_DOUBLE_EQ(dist[d.node.at('C')], 80.0);
  EXPECT_EQ(dist[d.node.at('D')], kUnreached);
}

TEST(Access, CellsAreProjectedOntoTheNearestSegmentNotItsNode) {
  auto d = draw({
      "A---B---C",
      "|       |",
      "D---E---F",
  });
  SnapIndex index(d.graph);
  // A point 5 m above the middle of A-B.
  Snap s = index.nearest({20.0, 5.0}, 50.0);
  ASSERT_TRUE(s.ok);
  EXPECT_NEAR(s.distance, 5.0, 1e-9);
  // Facility at F; cells at the point above and at D.
  std::vector<FacilityPlace> facilities;
  facilities.push_back({0, geom::make_point({80.0, -20.0}), "n1", "huisarts"});
  std::vector<Snap> cells{s, index.nearest({0.0, -20.0}, 50.0), index.nearest({500.0, 500.0}, 50.0)};
  AccessOptions opts;
  opts.radii_m = {50, 100, 200};
  auto result = compute_access(d.graph, index, cells, facilities, 1, opts);
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].facilities, 1u);
  EXPECT_EQ(result[0].placed, 1u);
  // From (20,0): either 20 back to A then 20+40+40 = 120, or 20 to B, 40 to C, 20 to F = 80.
  EXPECT_NEAR(result[0].dist[0], 80.0, 1e-9);
  EXPECT_NEAR(result[0].dist[1], 80.0, 1e-9);  // D-E-F
  EXPECT_EQ(result[0].dist[2], kUnreached);    // too far from any street
  EXPECT_EQ(result[0].within[0], (std::array<int, 3>{0, 1, 1}));
}

TEST(Access, AreasAreReachedAtTheirEdge) {
  auto d = draw({"A---B---C---D"});
  SnapIndex index(d.graph);
  std::vector<FacilityPlace> parks;
  // A park whose west edge lies 10 m past C (x = 90): C is within the 25 m reach.
  parks.push_back({0, geom::from_wkt("POLYGON((90 -50, 200 -50, 200 50, 90 50, 90 -50))"), "w1", "park"});
  std::vector<Snap> cells{index.nearest({0.0, 0.0}, 50.0)};
  auto result = compute_access(d.graph, index, cells, parks, 1, {});
  EXPECT_NEAR(result[0].dist[0], 80.0, 1e-9);  // A to C, where the park begins
}

TEST(Access, CellAndFacilityOnTheSameSegmentWalkStraightAlongIt) {
  auto d = draw({"A---------B"});  // one 100 m segment
  SnapIndex index(d.graph);
  std::vector<FacilityPlace> facilities;
  facilities.push_back({0, geom::make_point({70.0, 0.0}), "n1", "supermarkt"});
  std::vector<Snap> cells{index.nearest({20.0, 3.0}, 50.0)};
  auto result = compute_access(d.graph, index, cells, facilities, 1, {});
  EXPECT_NEAR(result[0].dist[0], 50.0, 1e-9);  // not 20 + 70 via A, nor 80 + 30 via B
}
