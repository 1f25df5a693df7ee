#include "geom/geos.hpp"

#include <gtest/gtest.h>

using namespace leefkaart::geom;

TEST(Geos, RepairsBowTieIntoPolygonalGeometry) {
  Geom bowtie = from_wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))");
  EXPECT_FALSE(is_valid(bowtie.get()));
  Geom fixed = make_valid_polygonal(bowtie.get());
  EXPECT_TRUE(is_valid(fixed.get()));
  EXPECT_NEAR(area(fixed.get()), 50.0, 1e-9);
}

TEST(Geos, StrTreeFindsNearestAndQueriesEnvelope) {
  std::vector<Geom> owned;
  owned.push_back(make_point({0, 0}));
  owned.push_back(make_point({100, 0}));
  owned.push_back(from_wkt("POLYGON((200 200, 300 200, 300 300, 200 300, 200 200))"));
  std::vector<const GEOSGeometry*> items;
  for (auto& g : owned) items.push_back(g.get());
  StrTree tree(items);
  Geom q = make_point({90, 5});
  EXPECT_EQ(tree.nearest(q.get()), 1u);
  Geom inside = make_point({250, 250});
  EXPECT_EQ(tree.nearest(inside.get()), 2u);
  Geom box = from_wkt("POLYGON((-1 -1, 1 -1, 1 1, -1 1, -1 -1))");
  auto hits = tree.query(box.get());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0], 0u);
}

TEST(Geos, EmptyTreeHasNoNearest) {
  StrTree tree({});
  Geom q = make_point({0, 0});
  EXPECT_EQ(tree.nearest(q.get()), static_cast<std::size_t>(-1));
}

TEST(Geos, TranslateMovesEveryVertexAndKeepsTheShape) {
  auto square = from_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))");
  auto moved = translate(square.get(), -30, 220);
  const auto b = bounds(moved.get());
  EXPECT_DOUBLE_EQ(b.minx, -30);
  EXPECT_DOUBLE_EQ(b.miny, 220);
  EXPECT_DOUBLE_EQ(b.maxx, -20);
  EXPECT_DOUBLE_EQ(b.maxy, 230);
  EXPECT_DOUBLE_EQ(area(moved.get()), 100);
  EXPECT_DOUBLE_EQ(bounds(square.get()).minx, 0);  // the original is left alone
}
