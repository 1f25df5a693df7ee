#include "score/score.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;

namespace {
score::IndicatorColumn column(const std::string& name, bool social, double threshold,
                              std::vector<std::optional<double>> values) {
  score::IndicatorColumn c;
  c.name = name;
  c.social = social;
  c.threshold = threshold;
  c.value = std::move(values);
  c.reason.assign(c.value.size(), "");
  return c;
}
}  // namespace

TEST(Score, CountsFlaggedIndicators) {
  std::vector<score::IndicatorColumn> cols{column("a", true, 10, {5, 15, 15}), column("b", false, 1, {2, 0, 2})};
  auto s = score::score_cells(cols, {100, 100, 100});
  EXPECT_EQ(s.max_score, 2);
  EXPECT_EQ(*s.score[0], 1);
  EXPECT_EQ(*s.score[1], 1);
  EXPECT_EQ(*s.score[2], 2);
}

TEST(Score, MissingInputMakesCellIncompleteNeverZero) {
  std::vector<score::IndicatorColumn> cols{column("a", true, 10, {5, std::nullopt})};
  cols[0].reason[1] = "no value for BU00010002";
  auto s = score::score_cells(cols, {100, 100});
  EXPECT_EQ(*s.score[0], 0);
  EXPECT_FALSE(s.score[1].has_value());
  EXPECT_TRUE(s.incomplete[1]);
  EXPECT_EQ(s.incomplete_reason[1], "a: no value for BU00010002");
}

TEST(Score, IndicatorsOutsideTheScoreAreFlaggedButNotCounted) {
  std::vector<score::IndicatorColumn> cols{column("a", false, 10, {15}), column("info", false, 1, {std::nullopt})};
  cols[1].in_score = false;
  auto s = score::score_cells(cols, {100});
  EXPECT_EQ(s.max_score, 1);
  EXPECT_EQ(*s.score[0], 1);
  EXPECT_FALSE(s.incomplete[0]);
}

TEST(Score, SmallCountsLoseSocialValuesAndScoreButKeepSpatialValues) {
  std::vector<score::IndicatorColumn> cols{column("social", true, 10, {15, 15}), column("spatial", false, 1, {2, 2})};
  std::vector<double> residents{4.9, 5.0};
  auto s = score::score_cells(cols, residents);
  score::suppress_small_counts(cols, s, residents, 5);
  EXPECT_TRUE(s.suppressed[0]);
  EXPECT_FALSE(s.score[0].has_value());
  EXPECT_FALSE(cols[0].value[0].has_value());
  EXPECT_FALSE(cols[0].flag[0].has_value());
  EXPECT_TRUE(cols[1].value[0].has_value());
  EXPECT_FALSE(s.suppressed[1]);
  EXPECT_EQ(*s.score[1], 2);
  EXPECT_TRUE(cols[0].value[1].has_value());
}
