#pragma once
// Wheels: per area, per round and per group value, the per-theme spread of
// the forms' scores (not only the mean). Two scales are never summarised
// together unless rescaling is asked for (schema/survey.json rescaling); a group
// of fewer than min_group people is hidden with its reason; free text only from
// forms marked publishable.
#include <optional>
#include <string>
#include <vector>

#include "survey/forms.hpp"
#include "survey/survey_schema.hpp"

namespace leefkaart::survey {

struct ThemeSpread {
  std::string theme;  // code
  int n = 0;          // forms that answered it
  std::optional<double> mean, sd, min, q1, median, q3, max;  // absent when n == 0; sd needs n ≥ 2
  std::vector<std::string> good, better;  // publishable free text only
};

struct WheelGroup {
  std::string attribute;  // "" for everyone, or "rol", "leeftijd", "geslacht"
  std::string value;      // "" for everyone
  bool operator==(const WheelGroup&) const = default;
};

struct Wheel {
  std::string area;
  std::string round;
  WheelGroup group;
  std::string theme_set;  // the set of its forms; with rescaling the target's set
  Scale scale;
  bool rescaled = false;  // some forms were rescaled onto `scale`
  int forms = 0;
  int people = 0;         // persons behind the forms (a group form counts its aantal)
  std::optional<std::string> hidden_reason;  // set: no spread is given (themes empty)
  std::vector<ThemeSpread> themes;           // the set's order
};

struct WheelOptions {
  int min_group = default_min_group();
  // Rescale every form onto this theme set's scale before summarising.
  std::optional<std::string> rescale_to;
};

// Rescales a score linearly from one scale onto another (the documented formula).
double rescale(double score, const Scale& from, const Scale& to);

// One wheel over `forms` (one area, one round, one group): throws InputError
// naming the area and both sets when the forms mix scales and no rescaling is asked.
Wheel wheel_of(const std::vector<Form>& forms, const std::string& area, const std::string& round,
               const WheelGroup& group, const WheelOptions& options);

// Every wheel: per area and round everyone's wheel, then per group attribute
// value present. Throws as wheel_of for an area/round that mixes scales.
std::vector<Wheel> all_wheels(const std::vector<Form>& forms, const WheelOptions& options);

}  // namespace leefkaart::survey
