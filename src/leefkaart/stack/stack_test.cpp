// The stapelkaart's arithmetic, on hand-computed cases.
#include "stack/stack.hpp"

#include <gtest/gtest.h>

using namespace leefkaart;
using config::Direction;
using stack::Column;

namespace {
const std::vector<bool> kAll3{true, true, true};

std::vector<double> known(const Column& c) {
  std::vector<double> out;
  for (const auto& v : c) out.push_back(v.value_or(-1));
  return out;
}

config::StackSpec spec(config::StackMethod m) {
  config::StackSpec s;
  s.method = m;
  return s;
}
}  // namespace

TEST(StackScaling, MinMaxRunsFromBestToWorst) {
  // 10, 20, 30 where higher is worse: 0, 0.5, 1 (1 = worst).
  stack::Range r;
  EXPECT_EQ(known(stack::scale_minmax({10.0, 20.0, 30.0}, kAll3, Direction::HigherIsWorse, &r)),
            (std::vector<double>{0, 0.5, 1}));
  EXPECT_EQ(r.min, 10);
  EXPECT_EQ(r.max, 30);
  EXPECT_EQ(r.cells, 3u);
  // Where lower is worse (e.g. little green), the lowest value scores worst.
  EXPECT_EQ(known(stack::scale_minmax({10.0, 20.0, 30.0}, kAll3, Direction::LowerIsWorse)),
            (std::vector<double>{1, 0.5, 0}));
}

TEST(StackScaling, OnlyBasisCellsSetTheRangeAndGetAValue) {
  // The uninhabited cell's 100 neither stretches the range nor gets a scaled value.
  Column v = stack::scale_minmax({10.0, 100.0, 30.0}, {true, false, true}, Direction::HigherIsWorse);
  EXPECT_EQ(*v[0], 0);
  EXPECT_FALSE(v[1]);
  EXPECT_EQ(*v[2], 1);
}


TEST(StackScaling, WithoutSpreadNoCellIsToldApart) {
  EXPECT_EQ(known(stack::scale_minmax({7.0, 7.0, 7.0}, kAll3, Direction::HigherIsWorse)), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(known(stack::scale_percentile({7.0, 7.0, 7.0}, kAll3, Direction::HigherIsWorse)), (std::vector<double>{0, 0, 0}));
}

TEST(StackScaling, PercentileRankSharesTiesAndFollowsDirection) {
  EXPECT_EQ(known(stack::scale_percentile({10.0, 20.0, 30.0}, kAll3, Direction::HigherIsWorse)), (std::vector<double>{0, 0.5, 1}));
  // 10, 10, 30: the two 10s share ranks 1 and 2 (mean 1.5): (1.5 - 1) / 2 = 0.25.
  EXPECT_EQ(known(stack::scale_percentile({10.0, 10.0, 30.0}, kAll3, Direction::HigherIsWorse)),
            (std::vector<double>{0.25, 0.25, 1}));
  // A rank ignores distance: 10, 20, 1000 still gives 0, 0.5, 1 (min-max would give 0, 0.01, 1).
  EXPECT_EQ(known(stack::scale_percentile({10.0, 20.0, 1000.0}, kAll3, Direction::LowerIsWorse)), (std::vector<double>{1, 0.5, 0}));
}

TEST(StackSubScore, SumsInputsAndLeavesACellWithAMissingInputWithout) {
  const Column a{1.0, 0.5, std::nullopt}, b{1.0, 0.25, 1.0};
  const Column s = stack::sub_score({&a, &b}, kAll3);
  EXPECT_EQ(*s[0], 2.0);
  EXPECT_EQ(*s[1], 0.75);
  EXPECT_FALSE(s[2]);  // never a silent 0 for the missing input
}

TEST(StackQuantiles, BreaksAndClasses) {
  // Five values 1..5 in quintiles (type 7): breaks at 1.8, 2.6, 3.4, 4.2.
  const Column v{1.0, 2.0, 3.0, 4.0, 5.0};
  const auto b = stack::quantile_breaks(v, std::vector<bool>(5, true), 5);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_NEAR(b[0], 1.8, 1e-12);
  EXPECT_NEAR(b[3], 4.2, 1e-12);
  EXPECT_EQ(stack::quantile_class(1.0, b), 1);
  EXPECT_EQ(stack::quantile_class(3.0, b), 3);
  EXPECT_EQ(stack::quantile_class(5.0, b), 5);
  // A value equal to a break stays below it, as a value equal to a threshold is not flagged.
  EXPECT_EQ(stack::quantile_class(1.8, b), 1);
}

TEST(StackClass, CrossesProtectionAndPromotionWithVulnerability) {
  EXPECT_EQ(stack::stapel_class(false, false, false), "geen");
  EXPECT_EQ(stack::stapel_class(true, false, false), "beschermen");
  EXPECT_EQ(stack::stapel_class(false, true, false), "bevorderen");
  EXPECT_EQ(stack::stapel_class(true, true, false), "beide");
  EXPECT_EQ(stack::stapel_class(true, true, true), "beide_kwetsbaar");
  EXPECT_EQ(stack::stapel_class(false, false, true), "geen_kwetsbaar");
}

TEST(StackKoppelkans, TwoOrMorePerspectivesUnderPressure) {
  auto k = stack::koppelkans({{"beschermen", true}, {"bevorderen", false}, {"faciliteren", true}});
  EXPECT_TRUE(*k.is);
  EXPECT_EQ(k.with, (std::vector<std::string>{"beschermen", "faciliteren"}));
  EXPECT_FALSE(*stack::koppelkans({{"beschermen", true}, {"bevorderen", false}}).is);
  // One under pressure and one unknown: it may or may not be a koppelkans.
  EXPECT_FALSE(stack::koppelkans({{"beschermen", true}, {"bevorderen", std::nullopt}}).is.has_value());
  // Two under pressure are enough whatever the third.
  EXPECT_TRUE(*stack::koppelkans({{"beschermen", true}, {"bevorderen", true}, {"faciliteren", std::nullopt}}).is);
}

namespace {
// Three cells; two protection indicators (no2, geluid), one promotion (groen, lower is worse), one vulnerability.
struct Fixture {
  Column no2{30.0, 10.0, 30.0}, geluid{60.0, 40.0, 40.0}, groen{5.0, 1.0, 5.0}, inkomen{20.0, 5.0, 5.0};
  std::vector<std::optional<int>> f_no2{1, 0, 1}, f_geluid{1, 0, 0}, f_groen{0, 1, 0}, f_inkomen{1, 0, std::nullopt};
  std::vector<stack::Input> inputs() const {
    return {{"no2", "beschermen", false, Direction::HigherIsWorse, &no2, &f_no2},
            {"geluid", "beschermen", false, Direction::HigherIsWorse, &geluid, &f_geluid},
            {"groen", "bevorderen", false, Direction::LowerIsWorse, &groen, &f_groen},
            {"inkomen", "", true, Direction::HigherIsWorse, &inkomen, &f_inkomen}};
  }
};
}  // namespace

TEST(StackCompute, BinaryFlagsOnBothProtectionIndicatorsAndNoPromotionIsMainlyProtection) {
  Fixture f;
  const auto r = stack::compute(spec(config::StackMethod::Binary), config::StackMethod::Binary, f.inputs(), kAll3);
  EXPECT_EQ(r.perspectives, (std::vector<std::string>{"beschermen", "bevorderen"}));
  // Cell 0: no2 and geluid flagged, groen not; low incomes flagged.
  EXPECT_EQ(*r.sub.at("beschermen")[0], 2);
  EXPECT_EQ(*r.sub.at("bevorderen")[0], 0);
  EXPECT_EQ(*r.stapel_class[0], "beschermen_kwetsbaar");
  EXPECT_FALSE(*r.koppelkans[0]);
  // Cell 1: only groen flagged, no vulnerability flag.
  EXPECT_EQ(*r.stapel_class[1], "bevorderen");
  // Cell 2: protection pressure from one flag (the default rule), vulnerability unknown: no class.
  EXPECT_TRUE(*r.pressure.at("beschermen")[2]);
  EXPECT_FALSE(r.stapel_class[2]);
}

TEST(StackCompute, BinaryRuleNeedsTwoFlags) {
  Fixture f;
  auto s = spec(config::StackMethod::Binary);
  s.pressure_flags = 2;
  const auto r = stack::compute(s, config::StackMethod::Binary, f.inputs(), kAll3);
  EXPECT_TRUE(*r.pressure.at("beschermen")[0]);
  EXPECT_FALSE(*r.pressure.at("beschermen")[2]);  // one flag is not enough now
}

TEST(StackCompute, ContinuousSumsScaledValuesAndClassesInQuantiles) {
  Fixture f;
  auto s = spec(config::StackMethod::Continuous);
  s.quantiles = 2;  // halves: under pressure in the upper half (class 2)
  s.pressure_class = 2;
  s.vulnerable_class = 2;
  const auto r = stack::compute(s, config::StackMethod::Continuous, f.inputs(), kAll3);
  // no2 30,10,30 → 1,0,1; geluid 60,40,40 → 1,0,0: beschermen 2, 0, 1.
  EXPECT_EQ(known(r.sub.at("beschermen")), (std::vector<double>{2, 0, 1}));
  // Median break 1: only cell 0 lies above it.
  EXPECT_EQ(r.breaks.at("beschermen"), (std::vector<double>{1}));
  EXPECT_EQ(*r.sub_class.at("beschermen")[0], 2);
  EXPECT_EQ(*r.sub_class.at("beschermen")[2], 1);
  // groen (lower is worse) 5,1,5 → 0,1,0.
  EXPECT_EQ(known(r.sub.at("bevorderen")), (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(r.ranges.at("groen").min, 1);
  EXPECT_EQ(r.ranges.at("groen").max, 5);
  // inkomen 20,5,5 → 1,0,0; break 0: cell 0 vulnerable.
  EXPECT_EQ(*r.stapel_class[0], "beschermen_kwetsbaar");
  EXPECT_EQ(*r.stapel_class[1], "bevorderen");
  EXPECT_EQ(*r.stapel_class[2], "geen");
}

TEST(StackCompute, FaciliterenCountsForKoppelkansenNotForTheClass) {
  const Column a{1.0}, b{1.0};
  const std::vector<std::optional<int>> fa{1}, fb{1};
  const std::vector<stack::Input> inputs{{"no2", "beschermen", false, Direction::HigherIsWorse, &a, &fa},
                                         {"ov", "faciliteren", false, Direction::HigherIsWorse, &b, &fb}};
  const auto r = stack::compute(spec(config::StackMethod::Binary), config::StackMethod::Binary, inputs, {true});
  EXPECT_EQ(*r.stapel_class[0], "beschermen");  // no vulnerability indicators: never "_kwetsbaar"
  EXPECT_TRUE(*r.koppelkans[0]);
  EXPECT_EQ(r.koppelkans_with[0], "beschermen,faciliteren");
}

TEST(StackAreas, ResidentWeightedMeansAndShares) {
  Fixture f;
  const auto r = stack::compute(spec(config::StackMethod::Binary), config::StackMethod::Binary, f.inputs(), kAll3);
  const std::vector<std::string> codes{"geen", "beschermen", "bevorderen", "beschermen_kwetsbaar"};
  // One unit: cell 0 (30 residents), cell 1 (10), cell 2 (60, no class).
  const auto a = stack::by_unit(r, {{0, 0, 30}, {1, 0, 10}, {2, 0, 60}}, 1, codes, 5);
  // beschermen 2, 0, 1 weighted 30, 10, 60: (60 + 0 + 60) / 100 = 1.2.
  EXPECT_DOUBLE_EQ(*a[0].sub.at("beschermen"), 1.2);
  // Of the 40 residents with a class, 30 live in beschermen_kwetsbaar.
  EXPECT_EQ(*a[0].main_class, "beschermen_kwetsbaar");
  EXPECT_DOUBLE_EQ(*a[0].share_class.at("beschermen_kwetsbaar"), 0.75);
  EXPECT_DOUBLE_EQ(*a[0].share_class.at("bevorderen"), 0.25);
  EXPECT_DOUBLE_EQ(*a[0].share_koppelkans, 0.0);
  // A unit below the privacy minimum gets nothing.
  const auto small = stack::by_unit(r, {{0, 0, 3}}, 1, codes, 5);
  EXPECT_FALSE(small[0].main_class);
  EXPECT_FALSE(small[0].sub.at("beschermen"));
}

TEST(StackCoarse, ResidentWeightedMeanOfTheFineCellsInEachCoarseCell) {
  // Fine cells 0, 1 in coarse 0; 2 (no residents) and 3 (no value) in coarse 1.
  const Column fine{10.0, 20.0, 50.0, std::nullopt};
  const Column c = stack::coarse_mean(fine, {1, 3, 0, 4}, {0, 0, 1, 1}, 2);
  EXPECT_DOUBLE_EQ(*c[0], 17.5);  // (10·1 + 20·3) / 4
  EXPECT_FALSE(c[1]);
}
