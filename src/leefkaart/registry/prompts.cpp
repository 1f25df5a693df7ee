#include "registry/prompts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "io/build_schema.hpp"

namespace leefkaart::registry {

void add_worse_by_area(AreaIndicatorWorse& into, const io::LayerTable& areas, const std::vector<std::string>& indicators) {
  namespace schema = io::build_schema;
  const std::string code_field = schema::area_field("code");
  for (std::size_t r = 0; r < areas.rows.size(); ++r) {
    const std::string code = areas.text(r, code_field).value_or("");
    if (code.empty()) continue;
    for (const std::string& indicator : indicators) {
      const std::string field = schema::area_field("worse_than_threshold", {indicator});
      if (!areas.has_field(field)) continue;
      if (const auto worse = areas.number(r, field)) into[code][indicator] = *worse > 0;
    }
  }
}

std::vector<ConversationPrompt> conversation_prompts(const std::vector<Story>& stories, const AreaIndicatorWorse& numbers) {
  std::map<std::tuple<std::string, std::string>, ConversationPrompt> found;
  for (const Story& story : stories) {
    if (!story.publishable || !story.signal) continue;
    const auto area = numbers.find(story.area_code);
    if (area == numbers.end()) continue;
    for (const std::string& theme : story.themes) {
      const auto figure = area->second.find(theme);
      if (figure == area->second.end()) continue;
      const bool worse = figure->second;
      const bool opposite = worse ? *story.signal == "positief" : *story.signal == "zorg";
      if (!opposite) continue;
      ConversationPrompt& p = found[{story.area_code, theme}];
      p.area_code = story.area_code;
      p.indicator = theme;
      p.numbers_worse = worse;
      ++p.stories;
      if (story.id) p.story_ids.push_back(*story.id);
    }
  }
  std::vector<ConversationPrompt> out;
  for (auto& [key, p] : found) out.push_back(std::move(p));
  return out;
}

std::string prompt_text(const ConversationPrompt& p, const std::string& area_name, const std::string& indicator_label) {
  const std::string voices = p.stories == 1 ? "één verhaal" : fmt::format("{} verhalen", p.stories);
  if (p.numbers_worse)
    return fmt::format("In {} is {} slechter dan de drempel, maar {} over dit thema {} dat het goed gaat. "
                       "Wat zien bewoners dat de cijfers missen?",
                       area_name, indicator_label, voices, p.stories == 1 ? "zegt" : "zeggen");
  return fmt::format("In {} is {} niet slechter dan de drempel, maar {} over dit thema {} van zorg. "
                     "Wat ervaren bewoners dat de cijfers niet laten zien?",
                     area_name, indicator_label, voices, p.stories == 1 ? "spreekt" : "spreken");
}

std::vector<AreaCoverage> story_coverage(const std::vector<Story>& stories, const std::vector<std::string>& areas) {
  std::vector<AreaCoverage> out;
  out.reserve(areas.size());
  for (const std::string& code : areas) {
    AreaCoverage c{code, 0, {}};
    for (const Story& s : stories) {
      if (!s.publishable || s.area_code != code) continue;
      ++c.stories;
      ++c.by_source[s.source];
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace leefkaart::registry
