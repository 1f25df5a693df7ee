// How leefkaart measures change over time on a stable grid.
#include "series/change.hpp"

#include <gtest/gtest.h>

namespace leefkaart::series {
namespace {

YearCells year_of(int year, std::vector<std::optional<int>> score,
                  std::map<std::string, std::vector<std::optional<int>>> flags) {
  YearCells y;
  y.year = year;
  y.score = std::move(score);
  y.incomplete.assign(y.score.size(), false);
  y.suppressed.assign(y.score.size(), false);
  y.residents.assign(y.score.size(), 100.0);
  y.flags = std::move(flags);
  return y;
}

TEST(CellChange, IsTheScoreMinusTheBaseYearsAndNamesTheIndicatorsThatFlipped) {
  const YearCells base = year_of(2016, {2, 1, 0}, {{"stress", {1, 0, 0}}, {"no2", {1, 1, 0}}});
  const YearCells later = year_of(2020, {1, 2, 0}, {{"stress", {1, 1, 0}}, {"no2", {0, 1, 0}}});
  const CellChange ch = compare_cells(base, later);
  EXPECT_EQ(ch.change[0], -1);  // lighter: one indicator less
  EXPECT_EQ(ch.change[1], 1);
  EXPECT_EQ(ch.change[2], 0);
  EXPECT_EQ(ch.flips[0], "no2 1→0");
  EXPECT_EQ(ch.flips[1], "stress 0→1");
  EXPECT_EQ(ch.flips[2], "");
  EXPECT_TRUE(ch.comparable[0] && ch.comparable[1] && ch.comparable[2]);
}

TEST(CellChange, TwoIdenticalYearsChangeNothing) {
  const YearCells base = year_of(2016, {2, 1, 0}, {{"stress", {1, 0, 0}}, {"no2", {1, 1, 0}}});
  YearCells same = base;
  same.year = 2020;
  const CellChange ch = compare_cells(base, same);
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(ch.change[c], 0);
    EXPECT_EQ(ch.flips[c], "");
  }
}

TEST(CellChange, IsNotComparableWhereAYearHasNoScoreAndSaysWhy) {
  YearCells base = year_of(2016, {2, std::nullopt, 1}, {{"stress", {1, std::nullopt, 1}}});
  base.suppressed[1] = true;
  YearCells later = year_of(2020, {std::nullopt, 1, 1}, {{"stress", {std::nullopt, 1, 1}}});
  later.incomplete[0] = true;
  const CellChange ch = compare_cells(base, later);
  EXPECT_FALSE(ch.comparable[0]);
  EXPECT_EQ(ch.change[0], std::nullopt);
  EXPECT_EQ(ch.why_not[0], "onvolledig in 2020");
  EXPECT_EQ(ch.why_not[1], "te weinig inwoners in 2016");
  EXPECT_TRUE(ch.comparable[2]);
}

TEST(CellChange, IsNotComparableWhenTheScoresCountDifferentIndicators) {
  const YearCells base = year_of(2016, {2}, {{"stress", {1}}, {"no2", {1}}});
  const YearCells later = year_of(2020, {1}, {{"stress", {1}}});
  const CellChange ch = compare_cells(base, later);
  EXPECT_FALSE(ch.comparable[0]);
  EXPECT_EQ(ch.why_not[0], "no2 ontbreekt in 2020");
}

TEST(Trend, IsTheLeastSquaresSlopeOverTheYearsWithAValue) {
  // 2016: 2.0, 2018: 1.5, 2020: missing, 2022: 0.5 → slope −0.25 per year
  const Trend t = trend({2016, 2018, 2020, 2022}, {2.0, 1.5, std::nullopt, 0.5});
  EXPECT_EQ(t.points, 3);
  ASSERT_TRUE(t.slope);
  EXPECT_NEAR(*t.slope, -0.25, 1e-12);
}

TEST(Trend, NeedsThreeYears) {
  const Trend t = trend({2016, 2020, 2024}, {2.0, std::nullopt, 1.0});
  EXPECT_EQ(t.points, 2);
  EXPECT_FALSE(t.slope);
}

TEST(Gap, IsTheWorstFifthsMeanScoreMinusTheBestFifths) {
  // Five cells of 100 residents with scores 4, 3, 2, 1, 0: the worst fifth
  // holds the 4, the best fifth the 0.
  const Gap g = gap({2, 4, 0, 1, 3}, {100, 100, 100, 100, 100}, 0.2);
  EXPECT_DOUBLE_EQ(*g.worst_mean, 4.0);
  EXPECT_DOUBLE_EQ(*g.best_mean, 0.0);
  EXPECT_DOUBLE_EQ(*g.gap, 4.0);
}

TEST(Gap, SplitsTheCellOnTheCutByResidents) {
  // 1000 residents; the worst fifth is 200: 150 in the score-3 cell and 50 of
  // the 250 in the score-2 cell → (150×3 + 50×2) / 200 = 2.75.
  const Gap g = gap({3, 2, 0, std::nullopt}, {150, 250, 600, 500}, 0.2);
  EXPECT_DOUBLE_EQ(g.residents, 1000);
  EXPECT_DOUBLE_EQ(*g.worst_mean, 2.75);
  EXPECT_DOUBLE_EQ(*g.best_mean, 0.0);
}

TEST(Gap, HasNoValueWithoutScoredResidents) {
  const Gap g = gap({std::nullopt, 1}, {100, 0}, 0.2);
  EXPECT_FALSE(g.gap);
}

TEST(MaskingChanges, SaysWhenABuurtStartsOrStopsBeingHiddenByItsWijk) {
  EXPECT_EQ(masking_changes({2016, 2018, 2020, 2022}, {false, true, true, false}), "verschijnt in 2018; verdwijnt in 2022");
  EXPECT_EQ(masking_changes({2016, 2020}, {true, true}), "");
}

}  // namespace
}  // namespace leefkaart::series
