#include "indicators/threshold.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;
using namespace leefkaart::indicators;

TEST(Threshold, PercentileInterpolatesLikeSpreadsheets) {
  std::vector<double> v{1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(v, 50), 3.0);
  EXPECT_DOUBLE_EQ(percentile(v, 75), 4.0);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 5.0);
  EXPECT_DOUBLE_EQ(percentile({10, 20}, 25), 12.5);
}

TEST(Threshold, AbsoluteRuleIgnoresTheData) {
  config::Threshold t{config::Rule::Absolute, 1.0, std::nullopt, 1.0};
  EXPECT_DOUBLE_EQ(*resolve_threshold(t, {5, 6, 7}, {1, 1, 1}), 1.0);
}

TEST(Threshold, PercentileRuleFlagsTheWorstQuarter) {
  config::Threshold t{config::Rule::Percentile, 75.0, std::nullopt, 1.0};
  std::vector<double> v;
  for (int i = 1; i <= 101; ++i) v.push_back(i);
  const double th = *resolve_threshold(t, v, std::vector<double>(v.size(), 1.0));
  EXPECT_DOUBLE_EQ(th, 76.0);
  int flagged = 0;
  for (double x : v) flagged += is_flagged(x, th, config::Direction::HigherIsWorse);
  EXPECT_EQ(flagged, 25);
  int low = 0;
  const double th_low = *resolve_threshold({config::Rule::Percentile, 25.0, std::nullopt, 1.0}, v, std::vector<double>(v.size(), 1.0));
  for (double x : v) low += is_flagged(x, th_low, config::Direction::LowerIsWorse);
  EXPECT_EQ(low, 25);
}

TEST(Threshold, RelativeRuleUsesReferenceOrWeightedMean) {
  config::Threshold fixed{config::Rule::Relative, 0, 20.0, 1.25};
  EXPECT_DOUBLE_EQ(*resolve_threshold(fixed, {}, {}), 25.0);
  config::Threshold mean{config::Rule::Relative, 0, std::nullopt, 1.5};
  // Mean weighted by residents: (10·1 + 40·3) / 4 = 32.5
  EXPECT_DOUBLE_EQ(*resolve_threshold(mean, {10, 40}, {1, 3}), 48.75);
  EXPECT_FALSE(resolve_threshold(mean, {}, {}).has_value());
}

TEST(Threshold, EqualToThresholdIsNotFlagged) {
  EXPECT_FALSE(is_flagged(5.0, 5.0, config::Direction::HigherIsWorse));
  EXPECT_TRUE(is_flagged(5.1, 5.0, config::Direction::HigherIsWorse));
  EXPECT_TRUE(is_flagged(4.9, 5.0, config::Direction::LowerIsWorse));
}
