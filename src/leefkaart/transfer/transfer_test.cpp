#include "transfer/transfer.hpp"

#include <gtest/gtest.h>

#include <numeric>

using namespace leefkaart;

namespace {
// Two rectangular "buurten" side by side, 2 km × 2 km each.
io::AreaSet two_areas() {
  io::AreaSet set;
  auto add = [&set](const std::string& code, const std::string& wkt) {
    io::Area a;
    a.code = code;
    a.name = code;
    a.geom = geom::from_wkt(wkt);
    a.area_m2 = geom::area(a.geom.get());
    set.index_of[code] = set.areas.size();
    set.areas.push_back(std::move(a));
  };
  add("BU00010001", "POLYGON((100000 400000, 102000 400000, 102000 402000, 100000 402000, 100000 400000))");
  add("BU00010002", "POLYGON((102000 400000, 104000 400000, 104000 402000, 102000 402000, 102000 400000))");
  return set;
}

struct Fixture {
  grid::HexGrid grid{{100.0, grid::SizeDefinition::Edge}};
  io::AreaSet areas = two_areas();
  std::vector<grid::HexId> cells;
  transfer::Overlay ov;
  std::vector<std::string> codes{"BU00010001", "BU00010002"};
  Fixture() {
    auto all = geom::unary_union({areas.areas[0].geom.get(), areas.areas[1].geom.get()});
    cells = grid.cover(all.get(), grid::CoverRule::CentreInside);
    ov = transfer::overlay(grid, cells, areas);
  }
};
}  // namespace

TEST(Transfer, ExtensiveSplitConservesEveryAreaTotal) {
  Fixture f;
  auto r = transfer::extensive(f.ov, {1234.0, 5678.0}, f.codes);
  double total = 0;
  for (auto& v : r.value) total += v.value_or(0);
  EXPECT_NEAR(total, 1234.0 + 5678.0, 1e-6);
  std::vector<double> per_area(2, 0.0);
  for (std::size_t i = 0; i < f.ov.pieces.size(); ++i) per_area[f.ov.pieces[i].area] += r.piece_amount[i];
  EXPECT_NEAR(per_area[0], 1234.0, 1e-6);
  EXPECT_NEAR(per_area[1], 5678.0, 1e-6);
  EXPECT_TRUE(r.areas_without_cells.empty());
}

TEST(Transfer, IntensiveValueIsAreaWeightedAcrossTheBoundary) {
  Fixture f;
  auto r = transfer::intensive(f.ov, {10.0, 20.0}, f.codes, 0.5);
  // A cell straddling x = 102000 gets a mean between the two.
  bool saw_mixed = false;
  for (std::size_t c = 0; c < f.cells.size(); ++c) {
    ASSERT_TRUE(r.value[c].has_value());
    EXPECT_GE(*r.value[c], 10.0 - 1e-9);
    EXPECT_LE(*r.value[c], 20.0 + 1e-9);
    if (*r.value[c] > 10.0 + 1e-6 && *r.value[c] < 20.0 - 1e-6) saw_mixed = true;
  }
  EXPECT_TRUE(saw_mixed);
}

TEST(Transfer, MissingAreaValueMakesCellsMissingWithReason) {
  Fixture f;
  auto r = transfer::intensive(f.ov, {10.0, std::nullopt}, f.codes, 0.5);
  std::size_t missing = 0;
  for (std::size_t c = 0; c < f.cells.size(); ++c)
    if (!r.value[c]) {
      ++missing;
      EXPECT_EQ(r.reason[c], "no value for BU00010002");
    }
  EXPECT_GT(missing, f.cells.size() / 3);
  EXPECT_LT(missing, f.cells.size() * 2 / 3);
}

TEST(Transfer, PointWeightsConcentrateResidentsWhereTheAddressesAre) {
  Fixture f;
  // All addresses of the first buurt stand in one spot.
  std::vector<geom::Point> addresses(10, geom::Point{100500.0, 400500.0});
  auto unused = transfer::add_point_weights(f.ov, f.grid, f.cells, f.areas, addresses);
  EXPECT_EQ(unused, 0u);
  auto r = transfer::extensive(f.ov, {1000.0, 500.0}, f.codes);
  const auto target = f.grid.cell_of({100500.0, 400500.0});
  for (std::size_t c = 0; c < f.cells.size(); ++c) {
    if (f.cells[c] == target) {
      EXPECT_NEAR(*r.value[c], 1000.0, 1e-6);
    }
  }
  double total = 0;
  for (auto& v : r.value) total += v.value_or(0);
  EXPECT_NEAR(total, 1500.0, 1e-6);  // the second buurt has no addresses: spread by area
}
