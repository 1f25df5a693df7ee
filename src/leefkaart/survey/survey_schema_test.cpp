#include "survey/survey_schema.hpp"

#include <set>

#include <gtest/gtest.h>

namespace leefkaart::survey {
namespace {

// Both theme sets have the fourteen themes, under the same codes in the same
// order, so a rescaled Place Standard form lands on the Leefplekmeter's spokes.
TEST(SurveySchema, BothThemeSetsHaveTheSameFourteenCodesInOrder) {
  const auto lpm = theme_set("leefplekmeter-2018");
  const auto ps = theme_set("place-standard-2017");
  ASSERT_TRUE(lpm && ps);
  ASSERT_EQ(lpm->themes.size(), 14u);
  ASSERT_EQ(ps->themes.size(), 14u);
  for (std::size_t i = 0; i < 14; ++i) EXPECT_EQ(lpm->themes[i].code, ps->themes[i].code);
  std::set<std::string> codes;
  for (const auto& t : lpm->themes) codes.insert(t.code);
  EXPECT_EQ(codes.size(), 14u) << "theme codes are unique";
}

TEST(SurveySchema, ScalesAreOneToTenAndOneToSeven) {
  EXPECT_EQ(theme_set("leefplekmeter-2018")->scale, (Scale{1, 10}));
  EXPECT_EQ(theme_set("place-standard-2017")->scale, (Scale{1, 7}));
  EXPECT_FALSE(theme_set("leefplekmeter-2019"));
}

// Every Leefplekmeter theme is asked in the standard, plain-language (B1) and youth wording.
TEST(SurveySchema, LeefplekmeterHasEveryVariantsWording) {
  const auto lpm = theme_set("leefplekmeter-2018");
  for (const auto& t : lpm->themes) {
    std::set<std::string> variants;
    for (const auto& [variant, question] : t.questions) {
      EXPECT_FALSE(question.empty()) << t.code;
      EXPECT_TRUE(schema().at("variants").contains(variant)) << variant;
      variants.insert(variant);
    }
    EXPECT_EQ(variants, (std::set<std::string>{"standaard", "b1", "jeugd"})) << t.code;
  }
}

TEST(SurveySchema, GroupAttributesNameVocabLists) {
  for (const auto& [column, list] : group_attributes()) EXPECT_FALSE(vocab_words(list).empty()) << column;
  EXPECT_EQ(default_min_group(), 5);
  EXPECT_EQ(hidden_reason(5, 3), "minder dan 5 mensen in deze groep (3): niet getoond, zodat niemand herkenbaar is");
  EXPECT_EQ(output_field("mean", "natuur_en_groen"), "natuur_en_groen_gem");
}

// The default map names only theme codes that exist.
TEST(SurveySchema, IndicatorMapNamesRealThemes) {
  const auto lpm = theme_set("leefplekmeter-2018");
  for (const auto& [theme, indicators] : schema().at("indicator_map").at("themes").items())
    EXPECT_NE(lpm->theme(theme), nullptr) << theme;
}

}  // namespace
}  // namespace leefkaart::survey
