// The compact graph for national extracts, on a street drawn by hand
// (metres, working CRS):
//
//                         E (300,100)
//                         ^  one-way C -> E, 100 m
//   A (0,0) ---100--- B (100,0) ---200--- C (300,0)
//                     |
//                     50
//                     |
//                     D (100,-50)
//
// Distances are from a node to the nearest facility (the searches run over the
// reversed arcs), so E, which cannot walk back against the one-way street,
// reaches nothing west of it.
#include "network/compact_graph.hpp"

#include <gtest/gtest.h>

using leefkaart::network::Snap;
using namespace leefkaart::network::compact;

namespace {

enum : std::uint32_t { A, B, C, D, E };

Graph street(double dx = 0, double dy = 0) {
  std::vector<double> x{0, 100, 300, 100, 300}, y{0, 0, 0, -50, 100};
  for (auto& v : x) v += dx;
  for (auto& v : y) v += dy;
  return make_graph(x, y, {{A, B}, {B, C}, {B, D}, {C, E, 0, true, false}});
}

std::vector<float> search(const Graph& g, std::vector<Seed> seeds, float limit = kFar) {
  std::vector<float> dist;
  nearest_within(g, seeds, limit, dist);
  return dist;
}

}  // namespace

TEST(CompactGraph, LengthsAreTheStraightLinesAndEachSegmentGivesOneArcPerAllowedDirection) {
  Graph g = street();
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_FLOAT_EQ(g.segments[1].length, 200.0f);
  EXPECT_EQ(g.arc_count(), 7u);  // three two-way segments and one one-way
}

TEST(CompactGraph, DistanceFromEveryNodeToOneFacility) {
  auto d = search(street(), {{A, 0}});
  EXPECT_FLOAT_EQ(d[B], 100);
  EXPECT_FLOAT_EQ(d[C], 300);
  EXPECT_FLOAT_EQ(d[D], 150);
  EXPECT_EQ(d[E], kFar);  // E cannot walk back against C -> E
}

TEST(CompactGraph, OneSearchFromAllFacilitiesGivesTheNearestOfThem) {
  // A facility 30 m beyond A and one at C: B is nearer the first (130 against 200).
  auto d = search(street(), {{A, 30}, {C, 0}});
  EXPECT_FLOAT_EQ(d[A], 30);
  EXPECT_FLOAT_EQ(d[B], 130);
  EXPECT_FLOAT_EQ(d[C], 0);
  EXPECT_FLOAT_EQ(d[D], 180);
  // A facility at E is reached along the one-way street: C is 100 m from it.
  auto e = search(street(), {{E, 0}});
  EXPECT_FLOAT_EQ(e[C], 100);
  EXPECT_FLOAT_EQ(e[A], 400);
}

TEST(CompactGraph, TheSearchStopsAtItsLimit) {
  std::vector<float> d;
  EXPECT_EQ(nearest_within(street(), {{A, 0}}, 120, d), 2u);  // A and B settled
  EXPECT_FLOAT_EQ(d[B], 100);
  EXPECT_EQ(d[C], kFar);
  EXPECT_EQ(d[D], kFar);
}

TEST(CompactGraph, SnapsAPointOntoTheNearestSegmentNotItsNearestNode) {
  Graph g = street();
  SnapGrid grid(g, 100);
  Snap s = grid.nearest(150, 20, 250);  // 20 m north of B-C, a quarter along it
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.segment, 1u);
  EXPECT_NEAR(s.t, 0.25, 1e-9);
  EXPECT_NEAR(s.distance, 20, 1e-9);
  Snap on_d = grid.nearest(100, -40, 250);  // on B-D, 40 m from B
  EXPECT_EQ(on_d.segment, 2u);
  EXPECT_NEAR(on_d.t, 0.8, 1e-9);
  EXPECT_FALSE(grid.nearest(1000, 1000, 250).ok);  // no street within 250 m
  // Beyond the grid's own buckets, but within reach of C.
  Snap east = grid.nearest(420, 0, 250);
  ASSERT_TRUE(east.ok);
  EXPECT_NEAR(east.distance, 120, 1e-9);
}

TEST(CompactGraph, FloatCoordinatesKeepCentimetresInNationalCoordinates) {
  // The same street at RD New coordinates of Amersfoort: stored relative to its corner.
  Graph g = street(155000.0, 463000.0);
  SnapGrid grid(g, 100);
  Snap s = grid.nearest(155150.0, 463020.0, 250);
  EXPECT_EQ(s.segment, 1u);
  EXPECT_NEAR(s.distance, 20, 0.01);
  EXPECT_NEAR(s.t, 0.25, 1e-4);
}

TEST(CompactGraph, ACellWalksAlongItsSegmentToAFacilityOnTheSameSegment) {
  Graph g = street();
  SnapGrid grid(g, 100);
  const Snap cell = grid.nearest(150, 20, 250);   // B-C at t = 0.25
  const Snap shop = grid.nearest(200, -5, 250);   // B-C at t = 0.5
  const auto seeds = seeds_of(g, shop);
  ASSERT_EQ(seeds.size(), 2u);  // B at 100 m, C at 100 m
  EXPECT_FLOAT_EQ(seeds[0].dist, 100);
  EXPECT_FLOAT_EQ(seeds[1].dist, 100);
  const auto d = search(g, seeds);
  // Through the nodes: 50 m back to B, then 100 m to the shop.
  EXPECT_FLOAT_EQ(distance_from(g, cell, d, {}), 150);
  // Straight along the segment: a quarter of 200 m.
  EXPECT_FLOAT_EQ(distance_from(g, cell, d, {{1, 0.5f}}), 50);
}

TEST(CompactGraph, AFacilityOnAOneWayStreetIsReachedOnlyFromItsStart) {
  Graph g = street();
  SnapGrid grid(g, 100);
  const Snap stop = grid.nearest(305, 50, 250);  // halfway C -> E
  const auto seeds = seeds_of(g, stop);
  ASSERT_EQ(seeds.size(), 1u);
  EXPECT_EQ(seeds[0].node, C);
  const auto d = search(g, seeds);
  EXPECT_FLOAT_EQ(distance_from(g, grid.nearest(300, 0, 250), d, {}), 50);
  EXPECT_EQ(distance_from(g, grid.nearest(300, 100, 250), d, {}), kFar);  // at E, past the stop
}

TEST(CompactGraph, AllCategoriesForEveryCellOnTwoThreadsMatchOneThread) {
  Graph g = street();
  SnapGrid grid(g, 100);
  const std::vector<Snap> cells{grid.nearest(150, 20, 250), grid.nearest(100, -50, 250), grid.nearest(0, 0, 250)};
  std::vector<Category> cats(2);
  cats[0].seeds = {{A, 0}};  // at A
  const Snap shop = grid.nearest(200, -5, 250);
  cats[1].seeds = seeds_of(g, shop);  // halfway B-C
  cats[1].on_segment = {{shop.segment, static_cast<float>(shop.t)}};
  const auto one = nearest_per_category(g, cells, cats, kFar, 1);
  const auto two = nearest_per_category(g, cells, cats, kFar, 2);
  ASSERT_EQ(two.size(), 2u);
  // To A: 50 m to B and 100 m on; 50 m up from D and 100 m on; 0 at A.
  EXPECT_FLOAT_EQ(two[0].dist[0], 150);
  EXPECT_FLOAT_EQ(two[0].dist[1], 150);
  EXPECT_FLOAT_EQ(two[0].dist[2], 0);
  // To the shop: 50 m along B-C; 50 + 100 from D; 200 from A.
  EXPECT_FLOAT_EQ(two[1].dist[0], 50);
  EXPECT_FLOAT_EQ(two[1].dist[1], 150);
  EXPECT_FLOAT_EQ(two[1].dist[2], 200);
  for (std::size_t k = 0; k < 2; ++k) EXPECT_EQ(one[k].dist, two[k].dist);
  // Bounded at 120 m, the farther cells have no facility within reach.
  const auto near = nearest_per_category(g, cells, cats, 120, 2);
  EXPECT_EQ(near[0].dist[0], kFar);
  EXPECT_FLOAT_EQ(near[0].dist[2], 0);
  EXPECT_FLOAT_EQ(near[1].dist[0], 50);
}
