#pragma once
// Conversation prompts and coverage: where the numbers and the stories on the
// same theme tell different things, and which areas are not heard at all. They
// are questions for a conversation with the buurt, never verdicts: a story is
// one voice, an indicator one measurement.
#include <map>
#include <string>
#include <vector>

#include "io/layer_table.hpp"
#include "registry/records.hpp"

namespace leefkaart::registry {

// What the build says per area and indicator: worse than its threshold or not
// (an area without a figure for the indicator is simply absent).
using AreaIndicatorWorse = std::map<std::string, std::map<std::string, bool>>;  // area → indicator → worse

// Adds what a build's area layer (buurten or wijken, as read back) says of
// `indicators`: its worse_than_threshold_{name} field (schema/build.json). An
// indicator without that field, or an area without a figure, stays absent:
// no figure is not "fine".
void add_worse_by_area(AreaIndicatorWorse& into, const io::LayerTable& areas, const std::vector<std::string>& indicators);

struct ConversationPrompt {
  std::string area_code;
  std::string indicator;
  bool numbers_worse = false;   // false: the numbers say fine, the stories speak of a concern; true: the reverse
  std::size_t stories = 0;      // publishable stories on this theme in this area saying the opposite
  std::vector<std::int64_t> story_ids;
};

// One prompt per area and indicator where at least one publishable story with
// that indicator among its themes signals the opposite of the numbers: "zorg"
// while the area is not worse than the threshold, or "positief" while it is.
// Stories without a signal say neither. Ordered by area, then indicator.
std::vector<ConversationPrompt> conversation_prompts(const std::vector<Story>& stories, const AreaIndicatorWorse& numbers);

// The Dutch sentence for a prompt, with the indicator's label and the area's name.
std::string prompt_text(const ConversationPrompt& prompt, const std::string& area_name, const std::string& indicator_label);

struct AreaCoverage {
  std::string area_code;
  std::size_t stories = 0;                          // publishable stories
  std::map<std::string, std::size_t> by_source;     // vocab story_source → count
};
// Per area of `areas` (in their order): how many publishable stories, from whom.
// An area with none is listed with 0: it is not heard.
std::vector<AreaCoverage> story_coverage(const std::vector<Story>& stories, const std::vector<std::string>& areas);

}  // namespace leefkaart::registry
