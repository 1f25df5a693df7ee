#include "grid/hexgrid.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <random>
#include <set>

using namespace leefkaart;
using namespace leefkaart::grid;

TEST(HexGrid, SizeDefinitionsGiveTheExpectedGeometry) {
  HexGrid by_edge({100.0, SizeDefinition::Edge});
  EXPECT_NEAR(by_edge.edge(), 100.0, 1e-9);
  EXPECT_NEAR(by_edge.cell_area(), 25980.76, 0.01);  // 3√3/2 · 100²
  EXPECT_NEAR(by_edge.across_flats(), 173.205, 1e-3);

  HexGrid by_flats({100.0, SizeDefinition::AcrossFlats});
  EXPECT_NEAR(by_flats.edge(), 57.735, 1e-3);
  EXPECT_NEAR(by_flats.cell_area(), 8660.25, 0.01);

  HexGrid by_area({10000.0, SizeDefinition::Area});
  EXPECT_NEAR(by_area.cell_area(), 10000.0, 1e-6);
}

TEST(HexGrid, PolygonAreaMatchesFormula) {
  HexGrid g({100.0, SizeDefinition::Edge});
  auto poly = g.polygon({12, -7});
  EXPECT_NEAR(geom::area(poly.get()), g.cell_area(), 1e-6);
}

TEST(HexGrid, CentreRoundTripsToTheSameCell) {
  HexGrid g({100.0, SizeDefinition::Edge});
  for (int q = -50; q <= 50; q += 7)
    for (int r = 3000; r <= 3100; r += 3) {
      HexId id{q, r};
      EXPECT_EQ(g.cell_of(g.centre(id)), id);
    }
}

TEST(HexGrid, EveryPointLandsInTheCellWhoseHexagonContainsIt) {
  HexGrid g({100.0, SizeDefinition::Edge});
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> x(130000, 140000), y(450000, 460000);
  for (int i = 0; i < 2000; ++i) {
    geom::Point p{x(rng), y(rng)};
    HexId id = g.cell_of(p);
    auto poly = g.polygon(id);
    auto prepared = geom::prepare(poly.get());
    // Covers rather than contains: a point on a shared edge belongs to one of the two.
    auto pt = geom::make_point(p);
    EXPECT_LE(geom::distance(poly.get(), pt.get()), 1e-6) << p.x << "," << p.y;
  }
}

TEST(HexGrid, NeighboursAreAdjacentAndAtDistanceOne) {
  HexGrid g({100.0, SizeDefinition::Edge});
  HexId id{5, 3050};
  std::set<std::pair<int, int>> seen;
  for (HexId n : HexGrid::neighbours(id)) {
    EXPECT_EQ(HexGrid::distance(id, n), 1);
    seen.insert({n.q, n.r});
    auto a = g.centre(id), b = g.centre(n);
    EXPECT_NEAR(std::hypot(a.x - b.x, a.y - b.y), g.across_flats(), 1e-6);
  }
  EXPECT_EQ(seen.size(), 6u);
}

TEST(HexGrid, IdsAreStableAcrossGridsAndAnchoredAtOrigin) {
  HexGrid a({100.0, SizeDefinition::Edge});
  HexGrid b({100.0, SizeDefinition::Edge});
  geom::Point domtoren{136900.0, 455900.0};
  EXPECT_EQ(a.cell_of(domtoren), b.cell_of(domtoren));
  EXPECT_EQ(a.cell_of({0.0, 0.0}), (HexId{0, 0}));
  EXPECT_EQ(cell_id_string({-3, 17}), "q-3r17");
}

TEST(HexGrid, CoverByCentreRuleMatchesAreaForLargeSquare) {
  HexGrid g({100.0, SizeDefinition::Edge});
  // One square holds 66 or 67 rows of centres (150 m apart) depending on where
  // it lies, so compare the mean over squares shifted through one row period.
  const double expected = 1e8 / g.cell_area();
  double total = 0;
  const int shifts = 10;
  for (int i = 0; i < shifts; ++i) {
    const double x0 = 33.3 + 17.0 * i, y0 = 21.7 + 15.0 * i;
    auto square = geom::from_wkt(fmt::format("POLYGON(({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", x0, y0,
                                             x0 + 10000, y0 + 10000));
    auto cells = g.cover(square.get(), CoverRule::CentreInside);
    for (HexId id : cells) {
      auto c = g.centre(id);
      ASSERT_TRUE(c.x > x0 && c.x < x0 + 10000 && c.y > y0 && c.y < y0 + 10000);
    }
    total += static_cast<double>(cells.size());
    if (i == 0) {
      EXPECT_GT(g.cover(square.get(), CoverRule::Intersects).size(), cells.size());
    }
  }
  EXPECT_NEAR(total / shifts, expected, expected * 0.005);
}

TEST(HexGrid, CoverOfEmptyAreaIsEmpty) {
  HexGrid g({100.0, SizeDefinition::Edge});
  auto empty = geom::from_wkt("POLYGON EMPTY");
  EXPECT_TRUE(g.cover(empty.get(), CoverRule::CentreInside).empty());
}

TEST(HexGrid, RejectsNonPositiveSize) {
  EXPECT_THROW(HexGrid({0.0, SizeDefinition::Edge}), std::invalid_argument);
  EXPECT_THROW(HexGrid({-5.0, SizeDefinition::Area}), std::invalid_argument);
}

TEST(HexGrid, CoverStopsBeforeTheWorkWhenTheBoxHoldsTooManyCells) {
  const HexGrid grid({1.0, SizeDefinition::Edge});
  const auto area = geom::from_wkt("POLYGON((0 0, 10000 0, 10000 10000, 0 10000, 0 0))");
  try {
    grid.cover(area.get(), CoverRule::CentreInside, 1'000'000);
    FAIL() << "expected TooManyCells";
  } catch (const TooManyCells& e) {
    EXPECT_NEAR(e.estimate, 1e8 / grid.cell_area(), 1);  // 38.5 million hexagons of 1 m edge in 100 km²
    EXPECT_GE(e.candidates, 38'000'000u);
    EXPECT_EQ(e.limit, 1'000'000u);
  }
  // Under the limit the cover runs as always: about 100 km² / 2.6 ha.
  const HexGrid coarse({100.0, SizeDefinition::Edge});
  EXPECT_NEAR(static_cast<double>(coarse.cover(area.get(), CoverRule::CentreInside, 1'000'000).size()),
              1e8 / coarse.cell_area(), 0.02 * 1e8 / coarse.cell_area());
}

TEST(HexGrid, CellIdsBeyond32BitsAreRefusedNotWrapped) {
  // 1 nm cells put RD coordinates at axial values near 10^14.
  const HexGrid grid({1e-9, SizeDefinition::Edge});
  EXPECT_THROW(grid.cell_of({150000, 450000}), std::out_of_range);
  const auto area = geom::from_wkt("POLYGON((150000 450000, 150001 450000, 150001 450001, 150000 450000))");
  EXPECT_THROW(grid.cover(area.get(), CoverRule::CentreInside), std::out_of_range);
}
