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
