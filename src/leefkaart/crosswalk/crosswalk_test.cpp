// The crosswalk method on hand-made squares (1 km = 1000 units of RD New).
#include "crosswalk/crosswalk.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <numeric>

using namespace leefkaart;
using crosswalk::Kind;
using crosswalk::Measure;

namespace {

// A rectangle from (x0, y0) to (x1, y1), in km from an origin inside the Netherlands.
std::string box(double x0, double y0, double x1, double y1) {
  const auto X = [](double km) { return 150000 + km * 1000; };
  const auto Y = [](double km) { return 400000 + km * 1000; };
  return fmt::format("POLYGON(({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", X(x0), Y(y0), X(x1), Y(y1));
}

io::AreaSet areas(const std::vector<std::pair<std::string, std::string>>& code_and_wkt) {
  io::AreaSet set;
  set.file = "test";
  for (const auto& [code, wkt] : code_and_wkt) {
    io::Area a;
    a.code = a.name = code;
    a.geom = geom::from_wkt(wkt);
    a.area_m2 = geom::area(a.geom.get());
    set.index_of[code] = set.areas.size();
    set.areas.push_back(std::move(a));
  }
  return set;
}

Kind only_kind(const crosswalk::Crosswalk& cw) {
  EXPECT_EQ(cw.groups.size(), 1u);
  return cw.groups.at(0).kind;
}

double total(const crosswalk::Reexpressed& r) {
  double sum = 0;
  for (const auto& v : r.value) sum += v.value_or(0);
  return sum;
}

}  // namespace

TEST(Crosswalk, SameShapeAndCodeIsUnchanged) {
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}}), areas({{"BU00010001", box(0, 0, 1, 1)}}));
  EXPECT_EQ(only_kind(cw), Kind::Unchanged);
  ASSERT_EQ(cw.pairs.size(), 1u);
  EXPECT_NEAR(cw.pairs[0].overlap_m2, 1e6, 1e-6);
  EXPECT_DOUBLE_EQ(cw.pairs[0].share_of_from, 1.0);
  EXPECT_DOUBLE_EQ(cw.pairs[0].share_of_to, 1.0);
}

TEST(Crosswalk, SameShapeUnderAnotherCodeIsRenumberedAndCarriesItsValueOver) {
  auto cw = crosswalk::build(areas({{"BU07721110", box(0, 0, 1, 1)}}), areas({{"BU07720001", box(0, 0, 1, 1)}}));
  EXPECT_EQ(only_kind(cw), Kind::Renumbered);
  EXPECT_EQ(*crosswalk::reexpress(cw, {1234.0}, Measure::Count).value[0], 1234.0);
  EXPECT_EQ(*crosswalk::reexpress(cw, {41.5}, Measure::Rate).value[0], 41.5);
}

TEST(Crosswalk, OneIntoTwoIsASplitThatKeepsTheCountsTotal) {
  // The old buurt (from) was split into a west part of 1/4 and an east part of 3/4.
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 4, 1)}}),
                             areas({{"BU00010011", box(0, 0, 1, 1)}, {"BU00010012", box(1, 0, 4, 1)}}));
  EXPECT_EQ(only_kind(cw), Kind::Split);
  EXPECT_NEAR(cw.pairs[0].share_of_from, 0.25, 1e-12);
  EXPECT_NEAR(cw.pairs[1].share_of_from, 0.75, 1e-12);
  EXPECT_NEAR(cw.pairs[0].share_of_to, 1.0, 1e-12);
  auto counts = crosswalk::reexpress(cw, {1000.0}, Measure::Count);
  EXPECT_NEAR(*counts.value[0], 250, 1e-9);  // by area, without weight points
  EXPECT_NEAR(*counts.value[1], 750, 1e-9);
  EXPECT_NEAR(total(counts), 1000, 1e-9);
  // A rate of the old buurt is the best estimate for both parts.
  auto rates = crosswalk::reexpress(cw, {30.0}, Measure::Rate);
  EXPECT_EQ(*rates.value[0], 30.0);
  EXPECT_EQ(*rates.value[1], 30.0);
}

TEST(Crosswalk, TwoIntoOneIsAMergeAveragedByOverlap) {
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}, {"BU00010002", box(1, 0, 4, 1)}}),
                             areas({{"BU00010010", box(0, 0, 4, 1)}}));
  EXPECT_EQ(only_kind(cw), Kind::Merged);
  EXPECT_NEAR(*crosswalk::reexpress(cw, {100.0, 300.0}, Measure::Count).value[0], 400, 1e-9);
  // 10 % on a quarter of the area, 30 % on three quarters: 25 %.
  EXPECT_NEAR(*crosswalk::reexpress(cw, {10.0, 30.0}, Measure::Rate).value[0], 25, 1e-9);
}

TEST(Crosswalk, CrossingRedrawIsComplex) {
  // West/east halves became south/north halves: every old buurt feeds every new one.
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 2)}, {"BU00010002", box(1, 0, 2, 2)}}),
                             areas({{"BU00010011", box(0, 0, 2, 1)}, {"BU00010012", box(0, 1, 2, 2)}}));
  EXPECT_EQ(only_kind(cw), Kind::Complex);
  auto counts = crosswalk::reexpress(cw, {100.0, 300.0}, Measure::Count);
  EXPECT_NEAR(*counts.value[0], 200, 1e-9);
  EXPECT_NEAR(total(counts), 400, 1e-9);
}

TEST(Crosswalk, SliverOfAShiftedBoundaryIsIgnoredAndTheCountStaysWhole) {
  // The shared edge of two buurten lies 50 m further east in the newer file
  // (generalisation): the 5 ha strip is 5 % of the old east buurt and under 5 %
  // of the new west one, a sliver, not a part of the east buurt moving west.
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}, {"BU00010002", box(1, 0, 2, 1)}}),
                             areas({{"BU00010011", box(0, 0, 1.05, 1)}, {"BU00010012", box(1.05, 0, 2, 1)}}));
  ASSERT_EQ(cw.pairs.size(), 3u);
  int slivers = 0;
  for (const auto& p : cw.pairs) slivers += p.sliver;
  EXPECT_EQ(slivers, 1);
  ASSERT_EQ(cw.groups.size(), 2u);
  EXPECT_EQ(cw.groups[0].kind, Kind::Renumbered);
  EXPECT_EQ(cw.groups[1].kind, Kind::Renumbered);
  auto counts = crosswalk::reexpress(cw, {100.0, 300.0}, Measure::Count);
  EXPECT_NEAR(*counts.value[0], 100, 1e-9);
  EXPECT_NEAR(*counts.value[1], 300, 1e-9);
  // With no tolerance, the same strip would be a real link and make it complex.
  auto strict = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}, {"BU00010002", box(1, 0, 2, 1)}}),
                                 areas({{"BU00010011", box(0, 0, 1.05, 1)}, {"BU00010012", box(1.05, 0, 2, 1)}}),
                                 {0.0, 0.0});
  EXPECT_EQ(only_kind(strict), Kind::Complex);
}

TEST(Crosswalk, ResidentsWeighTheSplitWhereWeightPointsAreGiven) {
  // All three addresses of the old buurt lie in its east part.
  std::vector<crosswalk::WeightPoint> homes{{{152500, 400500}, 1}, {{153000, 400500}, 1}, {{153500, 400500}, 1}};
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 4, 1)}}),
                             areas({{"BU00010011", box(0, 0, 1, 1)}, {"BU00010012", box(1, 0, 4, 1)}}), {}, homes);
  EXPECT_TRUE(cw.resident_weights);
  auto counts = crosswalk::reexpress(cw, {900.0}, Measure::Count);
  EXPECT_NEAR(*counts.value[0], 0, 1e-9);
  EXPECT_NEAR(*counts.value[1], 900, 1e-9);
  auto s = crosswalk::summarise(cw);
  EXPECT_EQ(s.weight, "residents");
  EXPECT_NEAR(s.reallocated_share, 1.0, 1e-12);  // all of them live in a split buurt
}

TEST(Crosswalk, ARealPartOutsideTheTargetSetKeepsItsShareOfTheCountOutside) {
  // Two thirds of the old buurt went to another gemeente (not in the target set).
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 3, 1)}}), areas({{"BU00010011", box(0, 0, 1, 1)}}));
  EXPECT_NEAR(cw.from_outside_share[0], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(*crosswalk::reexpress(cw, {900.0}, Measure::Count).value[0], 300, 1e-9);
  // A strip of a tenth outside is boundary noise: the whole count stays inside.
  auto noisy = crosswalk::build(areas({{"BU00010001", box(0, 0, 1.1, 1)}}), areas({{"BU00010011", box(0, 0, 1, 1)}}));
  EXPECT_NEAR(*crosswalk::reexpress(noisy, {900.0}, Measure::Count).value[0], 900, 1e-9);
}

TEST(Crosswalk, MissingValuesAreNotGuessed) {
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}, {"BU00010002", box(1, 0, 4, 1)}}),
                             areas({{"BU00010010", box(0, 0, 4, 1)}}));
  // A count with an unknown part is unknown (a partial sum would understate).
  auto counts = crosswalk::reexpress(cw, {100.0, std::nullopt}, Measure::Count);
  EXPECT_FALSE(counts.value[0]);
  EXPECT_NE(counts.reason[0].find("BU00010002"), std::string::npos) << counts.reason[0];
  // A rate known on three quarters of the area is used; on one quarter it is not.
  EXPECT_NEAR(*crosswalk::reexpress(cw, {std::nullopt, 30.0}, Measure::Rate).value[0], 30, 1e-9);
  auto rates = crosswalk::reexpress(cw, {10.0, std::nullopt}, Measure::Rate);
  EXPECT_FALSE(rates.value[0]);
  EXPECT_NE(rates.reason[0].find("less than 50 %"), std::string::npos) << rates.reason[0];
}

TEST(Crosswalk, SummaryCountsAreasPerKindAndTheShareReallocated) {
  // West: renumbered 1:1 (1 km²); east: split in two (2 km²).
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}, {"BU00010002", box(1, 0, 3, 1)}}),
                             areas({{"BU00010011", box(0, 0, 1, 1)}, {"BU00010021", box(1, 0, 2, 1)},
                                    {"BU00010022", box(2, 0, 3, 1)}}));
  auto s = crosswalk::summarise(cw);
  EXPECT_EQ(s.groups[static_cast<int>(Kind::Renumbered)], 1u);
  EXPECT_EQ(s.groups[static_cast<int>(Kind::Split)], 1u);
  EXPECT_EQ(s.to_areas[static_cast<int>(Kind::Split)], 2u);
  EXPECT_EQ(s.weight, "area");
  EXPECT_NEAR(s.reallocated_share, 2.0 / 3.0, 1e-12);
}

TEST(Crosswalk, APolygonsLargestOverlapIsRealEvenWhenSmall) {
  // A coarse old buurt overlaps its own newer self by only 40 % of either,
  // the rest spread over three neighbours (20 % each): no share tolerance
  // keeps the 40 %, but it is the largest part of both, so it is a renumber.
  // (The neighbours are long north-south strips, mostly outside the old file.)
  auto cw = crosswalk::build(areas({{"BU00010001", box(0, 0, 1, 1)}}),
                             areas({{"BU00010011", box(-0.6, 0, 0.4, 1)},
                                    {"BU00010012", box(0.4, -2, 0.6, 3)},
                                    {"BU00010013", box(0.6, -2, 0.8, 3)},
                                    {"BU00010014", box(0.8, -2, 1.0, 3)}}));
  ASSERT_EQ(cw.pairs.size(), 4u);
  EXPECT_NEAR(cw.pairs[0].share_of_from, 0.4, 1e-12);
  EXPECT_FALSE(cw.pairs[0].sliver);
  for (std::size_t p = 1; p < 4; ++p) EXPECT_TRUE(cw.pairs[p].sliver) << p;
  EXPECT_EQ(only_kind(cw), Kind::Renumbered);
  // Its whole count goes to its newer self.
  EXPECT_NEAR(*crosswalk::reexpress(cw, {500.0}, Measure::Count).value[0], 500, 1e-9);
}

TEST(Crosswalk, AlignmentFindsTheShiftOfACoarseFile) {
  // The same two buurten, the older file sitting 30 m west and 220 m south.
  auto old_set = areas({{"BU00010001", box(-0.03, -0.22, 0.97, 0.78)}, {"BU00010002", box(0.97, -0.22, 1.97, 0.78)}});
  auto new_set = areas({{"BU00010011", box(0, 0, 1, 1)}, {"BU00010012", box(1, 0, 2, 1)}});
  const auto a = crosswalk::align_outlines(old_set, new_set);
  EXPECT_NEAR(a.dx, 30, 1e-6);
  EXPECT_NEAR(a.dy, 220, 1e-6);
  EXPECT_NEAR(a.covered_after, 1.0, 1e-9);
  EXPECT_LT(a.covered_before, 0.8);
  crosswalk::translate(old_set, a.dx, a.dy);
  auto cw = crosswalk::build(old_set, new_set);
  EXPECT_EQ(cw.groups.size(), 2u);
  for (const auto& g : cw.groups) EXPECT_EQ(g.kind, Kind::Renumbered);
}
