#include "survey/beside.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/dutch.hpp"
#include "core/errors.hpp"

namespace leefkaart::survey {

namespace {

// Every set has the same theme codes (a test in survey_schema_test holds them to it).
std::set<std::string> theme_codes() {
  std::set<std::string> out;
  for (const auto& set : theme_sets())
    for (const auto& t : set.themes) out.insert(t.code);
  return out;
}

double fraction_of_scale(const std::string& key) { return schema().at("disagreement").at(key).get<double>(); }

double point_on_scale(const Scale& scale, double fraction) { return scale.min + fraction * (scale.max - scale.min); }

std::string line_of(const toml::node& node) { return fmt::format("line {}", node.source().begin.line); }

}  // namespace

IndicatorMap default_indicator_map() {
  IndicatorMap out;
  for (const auto& [theme, indicators] : schema().at("indicator_map").at("themes").items())
    out.push_back({theme, indicators.get<std::vector<std::string>>()});
  return out;
}

IndicatorMap read_indicator_map(const std::filesystem::path& toml_file) {
  const std::string file = toml_file.string();
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    throw InputError({file, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  const toml::node* section = root.get("koppeling");
  if (!section) throw InputError({file, "", "koppeling"}, "the file has no [koppeling] table: theme = [\"indicator\", …]");
  if (!section->is_table()) throw InputError({file, line_of(*section), "koppeling"}, "must be a table: [koppeling]");
  const auto codes = theme_codes();
  IndicatorMap out;
  for (const auto& [key, value] : *section->as_table()) {
    const std::string theme(key.str());
    const std::string name = "koppeling." + theme;
    if (!codes.contains(theme))
      throw InputError({file, line_of(value), name}, fmt::format("'{}' is not a Leefplekmeter theme code", theme));
    const auto* list = value.as_array();
    if (!list) throw InputError({file, line_of(value), name}, "must be a list of indicator names, e.g. [\"afstand_groen\"]");
    ThemeIndicators entry{theme, {}};
    for (const auto& item : *list) {
      const auto text = item.value<std::string>();
      if (!text || text->empty())
        throw InputError({file, line_of(item), name}, "must be a list of indicator names (non-empty strings)");
      entry.indicators.push_back(*text);
    }
    out.push_back(std::move(entry));
  }
  // TOML tables have no order: list the themes as the wheel draws them.
  const auto order = theme_sets().front().themes;
  auto rank = [&](const std::string& code) {
    return std::find_if(order.begin(), order.end(), [&](const Theme& t) { return t.code == code; }) - order.begin();
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return rank(a.theme) < rank(b.theme); });
  return out;
}

IndicatorMap present_in(const IndicatorMap& map, const std::vector<std::string>& build_indicators) {
  IndicatorMap out;
  for (const auto& entry : map) {
    ThemeIndicators kept{entry.theme, {}};
    for (const auto& name : entry.indicators)
      if (std::find(build_indicators.begin(), build_indicators.end(), name) != build_indicators.end())
        kept.indicators.push_back(name);
    out.push_back(std::move(kept));
  }
  return out;
}

std::string none_reason() { return schema().at("indicator_map").at("none_reason").get<std::string>(); }

std::vector<Disagreement> disagreements(const std::vector<Wheel>& wheels, const registry::AreaIndicatorWorse& numbers,
                                        const IndicatorMap& map) {
  const double low = fraction_of_scale("low_fraction");
  const double high = fraction_of_scale("high_fraction");
  std::vector<Disagreement> out;
  for (const auto& wheel : wheels) {
    if (!wheel.group.attribute.empty() || wheel.hidden_reason) continue;
    const auto area_numbers = numbers.find(wheel.area);
    if (area_numbers == numbers.end()) continue;
    for (const auto& spread : wheel.themes) {
      if (!spread.mean) continue;
      const bool judged_low = *spread.mean <= point_on_scale(wheel.scale, low);
      const bool judged_high = *spread.mean >= point_on_scale(wheel.scale, high);
      if (!judged_low && !judged_high) continue;
      for (const auto& entry : map) {
        if (entry.theme != spread.theme) continue;
        for (const auto& indicator : entry.indicators) {
          const auto worse = area_numbers->second.find(indicator);
          if (worse == area_numbers->second.end()) continue;  // no figure: says nothing
          if (judged_low == worse->second) continue;           // both point the same way
          out.push_back({wheel.area, wheel.round, spread.theme, indicator, *spread.mean, wheel.scale, spread.n, judged_low});
        }
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Disagreement& a, const Disagreement& b) {
    return std::tie(a.area, a.round, a.theme) < std::tie(b.area, b.round, b.theme);
  });
  return out;
}

std::string disagreement_text(const Disagreement& d, const std::string& area_name, const std::string& theme_label,
                              const std::string& indicator_label) {
  // n counts answers, not people: a group that filled in one form together is one answer.
  const std::string judged = fmt::format("In {} kreeg '{}' gemiddeld een {} (op een schaal van {} tot {}, {} {})", area_name,
                                         theme_label, dutch::number(d.mean, 1), d.scale.min, d.scale.max, d.n,
                                         d.n == 1 ? "antwoord" : "antwoorden");
  if (d.residents_low)
    return fmt::format("{}, terwijl {} hier niet slechter is dan de drempelwaarde. Wat zien de invullers dat het getal niet laat zien?",
                       judged, indicator_label);
  return fmt::format("{}, terwijl {} hier slechter is dan de drempelwaarde. Wat maakt dat de invullers het hier goed vinden, en wat mist het getal?",
                     judged, indicator_label);
}

}  // namespace leefkaart::survey
