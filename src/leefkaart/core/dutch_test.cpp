#include "core/dutch.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace leefkaart::dutch {

TEST(DutchNumbers, UseADecimalCommaAndAPointBetweenThousands) {
  EXPECT_EQ(number(20810, 0), "20.810");
  EXPECT_EQ(number(7555, 0), "7.555");
  EXPECT_EQ(number(1234567.891, 2), "1.234.567,89");
  EXPECT_EQ(number(0.25, 2), "0,25");
  EXPECT_EQ(number(-1500.5, 1), "-1.500,5");
  EXPECT_EQ(number(-0.0001, 2), "0,00");  // no "-0,00"
  EXPECT_EQ(number(std::nan(""), 1), "—");
}

TEST(DutchNumbers, AValueNeverPrintsAsItsThreshold) {
  EXPECT_EQ(number_near(0.0141, 0.0140, 2), "0,0141");
  EXPECT_EQ(number_near(1.04, 1.0, 0), "1,04");
  EXPECT_EQ(number_near(50.2, 50.2, 1), "50,2");  // equal values print equal
  EXPECT_EQ(number_near(62.0, 50.2, 1), "62,0");
}

TEST(DutchNumbers, SharesArePercentages) {
  EXPECT_EQ(percent(0.784), "78 %");
  EXPECT_EQ(percent(0.0525, 1), "5,3 %");
}

TEST(DutchNumbers, ResidentsAreRoundedToFiveAsCbsDoes) {
  EXPECT_EQ(residents(0.64), "minder dan 5");
  EXPECT_EQ(residents(4.9), "minder dan 5");
  EXPECT_EQ(residents(7555), "7.555");
  EXPECT_EQ(residents(7557.6), "7.560");
}

TEST(DutchNumbers, DatesAreWrittenOut) {
  EXPECT_EQ(date("2026-12-04T15:10:23Z"), "4 december 2026");
  EXPECT_EQ(date("2025-03-01"), "1 maart 2025");
  EXPECT_EQ(date("gisteren"), "");
  EXPECT_EQ(date("2025-13-01"), "");
}

}  // namespace leefkaart::dutch
