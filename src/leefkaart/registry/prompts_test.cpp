// Conversation prompts: where publishable stories on an indicator's theme say
// the opposite of the area's figure. A prompt asks; it does not judge.
#include "registry/prompts.hpp"

#include <gtest/gtest.h>

using namespace leefkaart::registry;

namespace {

Story story(std::int64_t id, const std::string& area, const std::string& signal, std::vector<std::string> themes,
            bool publishable = true, const std::string& source = "bewoner") {
  Story s;
  s.id = id;
  s.area_code = area;
  if (!signal.empty()) s.signal = signal;
  s.themes = std::move(themes);
  s.publishable = publishable;
  s.consent = true;
  s.source = source;
  return s;
}

// BU01: green is fine (not worse than its threshold), NO2 is worse.
// BU02: green is worse.
const AreaIndicatorWorse kNumbers{{"BU01", {{"groen", false}, {"no2", true}}}, {"BU02", {{"groen", true}}}};

}  // namespace

TEST(ConversationPrompts, AConcernAboutAThemeWhoseFigureIsFineIsAPrompt) {
  const auto prompts = conversation_prompts({story(1, "BU01", "zorg", {"groen"}), story(2, "BU01", "zorg", {"groen"})}, kNumbers);
  ASSERT_EQ(prompts.size(), 1u);
  EXPECT_EQ(prompts[0].area_code, "BU01");
  EXPECT_EQ(prompts[0].indicator, "groen");
  EXPECT_FALSE(prompts[0].numbers_worse);
  EXPECT_EQ(prompts[0].stories, 2u);
  EXPECT_EQ(prompts[0].story_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(prompt_text(prompts[0], "Lombok", "groen in de buurt"),
            "In Lombok is groen in de buurt niet slechter dan de drempel, maar 2 verhalen over dit thema spreken van zorg. "
            "Wat ervaren bewoners dat de cijfers niet laten zien?");
}

TEST(ConversationPrompts, GoodNewsAboutAThemeWhoseFigureIsWorseIsAPromptToo) {
  const auto prompts = conversation_prompts({story(3, "BU01", "positief", {"no2"})}, kNumbers);
  ASSERT_EQ(prompts.size(), 1u);
  EXPECT_TRUE(prompts[0].numbers_worse);
  EXPECT_EQ(prompt_text(prompts[0], "Lombok", "stikstofdioxide"),
            "In Lombok is stikstofdioxide slechter dan de drempel, maar één verhaal over dit thema zegt dat het goed gaat. "
            "Wat zien bewoners dat de cijfers missen?");
}

TEST(ConversationPrompts, StoriesThatAgreeWithTheNumbersOrSayNeitherOrAreNotPublishableAskNothing) {
  EXPECT_TRUE(conversation_prompts({story(1, "BU02", "zorg", {"groen"}),            // agrees: worse and a concern
                                    story(2, "BU01", "", {"groen"}),                // no signal
                                    story(3, "BU01", "zorg", {"groen"}, false),     // not publishable
                                    story(4, "BU01", "zorg", {"lawaai"}),           // no figure for this theme
                                    story(5, "BU99", "zorg", {"groen"})},           // an area the build does not have
                                   kNumbers)
                  .empty());
}

TEST(StoryCoverage, EveryAreaIsListedAndAnAreaWithoutStoriesIsNotHeard) {
  const auto coverage = story_coverage({story(1, "BU01", "", {}, true, "bewoner"), story(2, "BU01", "", {}, true, "professional"),
                                        story(3, "BU01", "", {}, false, "bewoner")},
                                       {"BU01", "BU02"});
  ASSERT_EQ(coverage.size(), 2u);
  EXPECT_EQ(coverage[0].stories, 2u) << "the story that is not publishable is not counted";
  EXPECT_EQ(coverage[0].by_source.at("bewoner"), 1u);
  EXPECT_EQ(coverage[0].by_source.at("professional"), 1u);
  EXPECT_EQ(coverage[1].area_code, "BU02");
  EXPECT_EQ(coverage[1].stories, 0u);
}

// What the numbers say comes from a build's area layer: worse_than_threshold_{name}.
// An indicator the build did not supply, or an area without a figure, says nothing.
TEST(ConversationPrompts, TheNumbersAreTheBuildsWorseThanThresholdFields) {
  leefkaart::io::LayerTable buurten;
  buurten.fields = {"code", "worse_than_threshold_groen"};
  buurten.rows.push_back({{"BU01", "0"}, {std::nullopt, 0.0}, {}});
  buurten.rows.push_back({{"BU02", "1"}, {std::nullopt, 1.0}, {}});
  buurten.rows.push_back({{"BU03", std::nullopt}, {std::nullopt, std::nullopt}, {}});
  buurten.index_fields();
  AreaIndicatorWorse numbers;
  add_worse_by_area(numbers, buurten, {"groen", "no2"});
  EXPECT_EQ(numbers, (AreaIndicatorWorse{{"BU01", {{"groen", false}}}, {"BU02", {{"groen", true}}}}));
}
