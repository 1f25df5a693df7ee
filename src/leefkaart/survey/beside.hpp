#pragma once
// Residents' judgement beside the numbers: which indicators of a build tell
// about the same as a theme (schema/survey.json indicator_map, or a project's
// TOML file), and where the two point different ways, worded as conversation
// prompts, never as a verdict on either.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "registry/prompts.hpp"
#include "survey/wheels.hpp"

namespace leefkaart::survey {

struct ThemeIndicators {
  std::string theme;                    // theme code
  std::vector<std::string> indicators;  // indicator names; empty: none yet
};
using IndicatorMap = std::vector<ThemeIndicators>;  // only the themes the map names

IndicatorMap default_indicator_map();
// A TOML file with a table [koppeling]: theme code = [indicator names]. It
// replaces the default whole. InputError naming the file and key for an unknown
// theme code or a value that is not a list of strings.
IndicatorMap read_indicator_map(const std::filesystem::path& toml);
// The map restricted to the indicators a build has (others dropped; a theme
// left with none keeps its entry, empty).
IndicatorMap present_in(const IndicatorMap& map, const std::vector<std::string>& build_indicators);
std::string none_reason();  // indicator_map.none_reason

struct Disagreement {
  std::string area;
  std::string round;
  std::string theme;
  std::string indicator;
  double mean = 0;      // residents' mean on the wheel's scale
  Scale scale;
  int n = 0;
  bool residents_low = false;  // true: residents low, the indicator not worse; false: residents high, the indicator worse
};

// Over everyone's wheels among `wheels` (group wheels and hidden wheels are
// skipped; the caller passes the rounds it wants): a theme's mean low
// (≤ low_fraction of the way up its scale) beside an indicator not worse than
// its threshold, or high (≥ high_fraction) beside one worse. An indicator
// without a figure for the area says nothing. Ordered by area, round, theme.
std::vector<Disagreement> disagreements(const std::vector<Wheel>& wheels, const registry::AreaIndicatorWorse& numbers,
                                        const IndicatorMap& map);
// Plain Dutch, as a question to talk about.
std::string disagreement_text(const Disagreement& d, const std::string& area_name, const std::string& theme_label,
                              const std::string& indicator_label);

}  // namespace leefkaart::survey
