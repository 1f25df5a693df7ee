#include "aggregate/breakdown.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;

namespace {
// Four cells; cell 1 straddles buurt 0 and buurt 1; buurt 2 has 3 residents.
transfer::Overlay overlay() {
  transfer::Overlay ov;
  ov.cell_count = 4;
  ov.area_count = 3;
  ov.pieces = {{0, 0, 1.0, 0}, {1, 0, 0.5, 0}, {1, 1, 0.5, 0}, {2, 1, 1.0, 0}, {3, 2, 1.0, 0}};
  return ov;
}
const std::vector<double> kPieceResidents{100, 50, 50, 200, 3};

score::IndicatorColumn column(std::string name, std::vector<std::optional<double>> value,
                              std::vector<std::optional<int>> flag, double threshold, bool in_score = true) {
  score::IndicatorColumn c;
  c.name = std::move(name);
  c.value = std::move(value);
  c.flag = std::move(flag);
  c.threshold = threshold;
  c.in_score = in_score;
  return c;
}

score::CellScores scores(std::vector<std::optional<int>> s) {
  score::CellScores cs;
  cs.score = std::move(s);
  cs.max_score = 2;
  return cs;
}

std::vector<aggregate::LevelStats> stats(const score::CellScores& s) {
  return aggregate::by_group(overlay(), kPieceResidents, {0, 1, 2}, 3, s, 1, 5);
}
}  // namespace

TEST(Breakdown, ShareOfResidentsFlaggedAndTheAreasValueAgainstTheThreshold) {
  // Loneliness flags cells 1 and 2 (threshold 30 %); noise flags cell 2 only.
  std::vector<score::IndicatorColumn> cols{
      column("eenzaamheid", {20.0, 40.0, 35.0, 50.0}, {0, 1, 1, std::nullopt}, 30),
      column("geluid", {50.0, 52.0, 60.0, 70.0}, {0, 0, 1, std::nullopt}, 55)};
  const auto s = scores({0, 1, 2, std::nullopt});
  const auto b = aggregate::breakdown_by_group(overlay(), kPieceResidents, {0, 1, 2}, stats(s), cols, s);

  // Buurt 0: 100 residents in cell 0 (not flagged), 50 in the part of cell 1 (flagged).
  EXPECT_DOUBLE_EQ(*b[0].indicators[0].share_flagged, 50.0 / 150.0);
  EXPECT_DOUBLE_EQ(*b[0].indicators[0].value, (100 * 20.0 + 50 * 40.0) / 150.0);  // 26.7: under 30
  EXPECT_FALSE(*b[0].indicators[0].worse_than_threshold);
  EXPECT_DOUBLE_EQ(*b[0].indicators[1].share_flagged, 0.0);
  EXPECT_DOUBLE_EQ(*b[0].pop_x_score, 100 * 0 + 50 * 1);

  // Buurt 1: all 250 residents flagged for loneliness, 200 of them for noise.
  EXPECT_DOUBLE_EQ(*b[1].indicators[0].share_flagged, 1.0);
  EXPECT_TRUE(*b[1].indicators[0].worse_than_threshold);
  EXPECT_DOUBLE_EQ(*b[1].indicators[1].share_flagged, 200.0 / 250.0);
  EXPECT_DOUBLE_EQ(*b[1].pop_x_score, 50 * 1 + 200 * 2);
}

TEST(Breakdown, DriversAreTheCountedIndicatorsFlaggingMostResidents) {
  std::vector<score::IndicatorColumn> cols{
      column("geluid", {50.0, 60.0, 60.0, 0.0}, {0, 1, 1, std::nullopt}, 55),
      column("eenzaamheid", {40.0, 40.0, 40.0, 0.0}, {1, 1, 1, std::nullopt}, 30),
      column("groen_getoond", {9.0, 9.0, 9.0, 0.0}, {1, 1, 1, std::nullopt}, 1, /*in_score=*/false),
      column("stress", {1.0, 1.0, 1.0, 0.0}, {0, 0, 0, std::nullopt}, 5)};
  const auto s = scores({1, 2, 2, std::nullopt});
  const auto b = aggregate::breakdown_by_group(overlay(), kPieceResidents, {0, 1, 2}, stats(s), cols, s);
  // Buurt 0: loneliness flags everyone, noise a third; the shown-only indicator
  // is no driver, and stress flags no one.
  ASSERT_EQ(b[0].drivers.size(), 2u);
  EXPECT_EQ(cols[b[0].drivers[0]].name, "eenzaamheid");
  EXPECT_EQ(cols[b[0].drivers[1]].name, "geluid");
  // Buurt 1: both flag everyone; the config's order breaks the tie.
  ASSERT_EQ(b[1].drivers.size(), 2u);
  EXPECT_EQ(cols[b[1].drivers[0]].name, "geluid");
}

TEST(Breakdown, ASuppressedAreaShowsNoFigures) {
  std::vector<score::IndicatorColumn> cols{column("eenzaamheid", {20.0, 40.0, 35.0, 50.0}, {0, 1, 1, 1}, 30)};
  const auto s = scores({0, 1, 1, 1});
  const auto b = aggregate::breakdown_by_group(overlay(), kPieceResidents, {0, 1, 2}, stats(s), cols, s);
  // Buurt 2 has 3 residents, under the minimum of 5.
  EXPECT_FALSE(b[2].indicators[0].share_flagged.has_value());
  EXPECT_FALSE(b[2].indicators[0].value.has_value());
  EXPECT_FALSE(b[2].pop_x_score.has_value());
  EXPECT_TRUE(b[2].drivers.empty());
}

TEST(Breakdown, HowManyCellsCarryTheirBuurtsMostCommonScore) {
  // Buurt 0: scores 1, 1, 2 → two at the mode; buurt 1: 0 and an unscored cell → one.
  const auto s = scores({1, 1, 2, 0, std::nullopt});
  EXPECT_DOUBLE_EQ(*aggregate::share_at_buurt_mode({0, 0, 0, 1, 1}, 2, s), 3.0 / 4.0);
  EXPECT_FALSE(aggregate::share_at_buurt_mode({0}, 1, scores({std::nullopt})).has_value());
}
