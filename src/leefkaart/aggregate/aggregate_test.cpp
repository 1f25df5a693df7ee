#include "aggregate/aggregate.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;

namespace {
// Three cells; cell 1 straddles buurt 0 and buurt 1. Buurten 0 and 1 form wijk 0, buurt 2 wijk 1.
transfer::Overlay overlay() {
  transfer::Overlay ov;
  ov.cell_count = 4;
  ov.area_count = 3;
  ov.pieces = {{0, 0, 1.0, 0}, {1, 0, 0.5, 0}, {1, 1, 0.5, 0}, {2, 1, 1.0, 0}, {3, 2, 1.0, 0}};
  return ov;
}
score::CellScores scores(std::vector<std::optional<int>> s) {
  score::CellScores cs;
  cs.score = std::move(s);
  cs.max_score = 3;
  return cs;
}
}  // namespace

TEST(Aggregate, ResidentWeightedMeanAndClassesPerBuurt) {
  auto ov = overlay();
  std::vector<double> residents{100, 50, 50, 200, 3};
  auto s = scores({0, 2, 3, 1});
  auto buurten = aggregate::by_group(ov, residents, {0, 1, 2}, 3, s, 2, 5);
  EXPECT_DOUBLE_EQ(buurten[0].residents, 150);
  EXPECT_DOUBLE_EQ(*buurten[0].mean_score, (0 * 100 + 2 * 50) / 150.0);
  EXPECT_DOUBLE_EQ(*buurten[1].mean_score, (2 * 50 + 3 * 200) / 250.0);
  EXPECT_DOUBLE_EQ(*buurten[0].residents_per_score[0], 100);
  EXPECT_DOUBLE_EQ(*buurten[0].residents_per_score[2], 50);
  EXPECT_FALSE(buurten[0].residents_per_score[1].has_value());  // 0 residents: below the minimum
  EXPECT_DOUBLE_EQ(*buurten[1].share_at_least_k, 1.0);
  EXPECT_TRUE(buurten[2].suppressed);  // 3 residents
  EXPECT_FALSE(buurten[2].mean_score.has_value());
}

TEST(Aggregate, TotalsArePreservedAcrossLevels) {
  auto ov = overlay();
  std::vector<double> residents{100, 50, 50, 200, 3};
  auto s = scores({0, 2, std::nullopt, 1});
  auto buurten = aggregate::by_group(ov, residents, {0, 1, 2}, 3, s, 2, 5);
  auto wijken = aggregate::by_group(ov, residents, {0, 0, 1}, 2, s, 2, 5);
  EXPECT_DOUBLE_EQ(wijken[0].residents, buurten[0].residents + buurten[1].residents);
  EXPECT_DOUBLE_EQ(wijken[0].residents_scored, 200);  // cell 2 has no score
}

TEST(Aggregate, MaskingFindsPoorBuurtInGoodWijk) {
  auto ov = overlay();
  std::vector<double> residents{1000, 50, 50, 200, 300};
  auto s = scores({0, 0, 3, 1});
  auto buurten = aggregate::by_group(ov, residents, {0, 1, 2}, 3, s, 2, 5);
  auto wijken = aggregate::by_group(ov, residents, {0, 0, 1}, 2, s, 2, 5);
  auto masked = aggregate::find_masking(buurten, wijken, {0, 0, 1}, 1.0, 100);
  ASSERT_EQ(masked.size(), 1u);
  EXPECT_EQ(masked[0].buurt, 1u);
  EXPECT_GT(masked[0].buurt_score - masked[0].wijk_score, 1.0);
  EXPECT_TRUE(aggregate::find_masking(buurten, wijken, {0, 0, 1}, 5.0, 100).empty());
}

TEST(Aggregate, RoundsClassCountsToFives) {
  EXPECT_DOUBLE_EQ(aggregate::round_to_5(12.4), 10.0);
  EXPECT_DOUBLE_EQ(aggregate::round_to_5(12.6), 15.0);
}
