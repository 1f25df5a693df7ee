#include "io/cbs.hpp"

#include <gtest/gtest.h>

using namespace leefkaart::cbs;

TEST(Cbs, MissingMarkersBecomeMissingNotNumbers) {
  const auto& m = default_missing_markers();
  EXPECT_FALSE(parse_number(".", m).has_value());
  EXPECT_FALSE(parse_number(" x ", m).has_value());
  EXPECT_FALSE(parse_number("-", m).has_value());
  EXPECT_FALSE(parse_number("", m).has_value());
  EXPECT_FALSE(parse_number("-99999997", m).has_value());
  EXPECT_FALSE(parse_number("-99999995", m).has_value());
  EXPECT_FALSE(parse_number("-99999997.0", m).has_value());
}

TEST(Cbs, ParsesDecimalPointsAndCommas) {
  const auto& m = default_missing_markers();
  EXPECT_DOUBLE_EQ(*parse_number("3.5", m), 3.5);
  EXPECT_DOUBLE_EQ(*parse_number("3,5", m), 3.5);
  EXPECT_DOUBLE_EQ(*parse_number("1.234,5", m), 1234.5);
  EXPECT_DOUBLE_EQ(*parse_number("-12", m), -12.0);
  EXPECT_DOUBLE_EQ(*parse_number("0", m), 0.0);
}

TEST(Cbs, RejectsTextThatIsNotANumber) {
  const auto& m = default_missing_markers();
  EXPECT_THROW(parse_number("abc", m), std::invalid_argument);
  EXPECT_THROW(parse_number("12 km", m), std::invalid_argument);
}

TEST(Cbs, CustomMarkersReplaceDefaults) {
  std::vector<std::string> only_dot{"."};
  EXPECT_THROW(parse_number("x", only_dot), std::invalid_argument);
  EXPECT_FALSE(parse_number(".", only_dot).has_value());
}

TEST(Cbs, PadsCodesThatLostTheirLeadingZeros) {
  EXPECT_EQ(normalise_code("BU3440111"), "BU03440111");
  EXPECT_EQ(normalise_code("3440111", Level::Buurt), "BU03440111");
  EXPECT_EQ(normalise_code("344", Level::Gemeente), "GM0344");
  EXPECT_EQ(normalise_code("wk034401"), "WK034401");
  EXPECT_EQ(normalise_code(" BU03440111 "), "BU03440111");
  EXPECT_EQ(normalise_code("Onbekend"), "Onbekend");
}

TEST(Cbs, NestsBuurtInWijkAndGemeente) {
  EXPECT_EQ(wijk_of("BU03440111"), "WK034401");
  EXPECT_EQ(gemeente_of("BU03440111"), "GM0344");
  EXPECT_EQ(gemeente_of("WK077211"), "GM0772");
  EXPECT_EQ(wijk_of("WK034401"), "");
}

TEST(Cbs, NanAndInfinityAreRefusedUnlessListedAsMissing) {
  const auto& m = default_missing_markers();
  for (const char* raw : {"NaN", "nan", "-nan", "inf", "-inf", "Infinity"}) {
    try {
      (void)parse_number(raw, m);
      FAIL() << raw << " was read as a number";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("missing_values"), std::string::npos) << e.what();
    }
  }
  // A table that writes NaN for "unknown" says so, and NaN then means missing.
  std::vector<std::string> with_nan = m;
  with_nan.push_back("NaN");
  EXPECT_FALSE(parse_number("NaN", with_nan).has_value());
}

TEST(Cbs, NumbersBeyondADoubleAreRefused) {
  EXPECT_THROW(parse_number("1e400", default_missing_markers()), std::invalid_argument);
}

TEST(Cbs, FieldNamesFollowTheKerncijfersConventions) {
  EXPECT_EQ(quantity_of_field("a_inw"), Quantity::Residents);
  EXPECT_EQ(quantity_of_field("a_inw_2023"), Quantity::Residents);  // wide multi-year tables
  EXPECT_EQ(quantity_of_field("a_1p_hh"), Quantity::Count);
  EXPECT_EQ(quantity_of_field("aantal_inwoners"), Quantity::Residents);
  EXPECT_EQ(quantity_of_field("p_wcorpw"), Quantity::Percentage);
  EXPECT_EQ(quantity_of_field("niet_gelukkig_pct"), Quantity::Percentage);
  EXPECT_EQ(quantity_of_field("aantal_inwoners_tussen_25_44_percentage"), Quantity::Percentage);
  EXPECT_EQ(quantity_of_field("g_afs_hp"), Quantity::DistanceKm);
  EXPECT_EQ(quantity_of_field("afstand_tot_ziekenhuis_km"), Quantity::DistanceKm);
  EXPECT_EQ(quantity_of_field("g_ink_pi"), Quantity::Unknown);  // a mean: no general limit
  EXPECT_EQ(quantity_of_field("Eenzaam_28"), Quantity::Unknown);
}

TEST(Cbs, ImpossibleCountsAreExplained) {
  const Plausibility residents{Quantity::Residents, std::nullopt};
  EXPECT_FALSE(implausible(0, residents, Level::Buurt));
  EXPECT_FALSE(implausible(29715, residents, Level::Buurt));  // the largest buurt of 2025
  auto negative = implausible(-5, residents, Level::Buurt);
  ASSERT_TRUE(negative);
  EXPECT_NE(negative->find("-5 residents is impossible: a count cannot be negative"), std::string::npos) << *negative;
  auto huge = implausible(1e23, residents, Level::Buurt);
  ASSERT_TRUE(huge);
  EXPECT_NE(huge->find("one buurt"), std::string::npos) << *huge;
  // A gemeente row of the same table may hold far more than a buurt.
  EXPECT_FALSE(implausible(367947, residents, Level::Gemeente));
  EXPECT_TRUE(implausible(367947, residents, Level::Buurt));
  EXPECT_FALSE(implausible(18044027, residents, std::nullopt));  // NL00: the country
}

TEST(Cbs, SharesAndDistancesHaveTheirRanges) {
  const Plausibility share{Quantity::Percentage, std::nullopt}, km{Quantity::DistanceKm, std::nullopt};
  EXPECT_FALSE(implausible(0, share, Level::Buurt));
  EXPECT_FALSE(implausible(100, share, Level::Buurt));
  EXPECT_TRUE(implausible(100.5, share, Level::Buurt));
  EXPECT_TRUE(implausible(-0.1, share, Level::Buurt));
  EXPECT_FALSE(implausible(11.7, km, Level::Buurt));
  EXPECT_TRUE(implausible(-1, km, Level::Buurt));
  auto metres = implausible(850000, km, Level::Buurt);
  ASSERT_TRUE(metres);
  EXPECT_NE(metres->find("metres"), std::string::npos) << *metres;
}

TEST(Cbs, AnyValueBeyondAnyStatisticIsRefused) {
  EXPECT_TRUE(implausible(1e308, {}, Level::Buurt));
  EXPECT_TRUE(implausible(-1e16, {}, Level::Buurt));
  EXPECT_FALSE(implausible(-1e6, {}, Level::Buurt));  // e.g. a negative balance: no general limit
}

TEST(Cbs, AUserRangeReplacesTheQuantitysLimits) {
  const Plausibility noise{Quantity::Unknown, std::make_pair(0.0, 150.0)};
  EXPECT_FALSE(implausible(55, noise, Level::Buurt));
  auto loud = implausible(400, noise, Level::Buurt);
  ASSERT_TRUE(loud);
  EXPECT_NE(loud->find("[0, 150]"), std::string::npos) << *loud;
}
