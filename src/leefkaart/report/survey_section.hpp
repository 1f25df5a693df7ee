#pragma once
// The wijkprofiel's "Beleving" section: residents' judgement of their place
// from the Leefplekmeter forms in the register, per round everyone's wheel
// with n, the lowest themes, the groups' wheels or why they are hidden, and
// the free text marked publishable. An area without forms says "geen
// Leefplekmeter", never an empty wheel.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "survey/wheels.hpp"

namespace leefkaart::report {

struct SurveySection {
  std::string area_code, area_name;
  std::vector<survey::Wheel> wheels;  // of this area: every round, everyone and the groups
  std::optional<std::string> refused;  // the area's forms could not be summarised (mixed scales)
};

// Every wheel of every area, per area code; an area whose forms mix scales
// gets its refusal instead of wheels.
struct SurveyWheels {
  std::map<std::string, std::vector<survey::Wheel>> wheels;
  std::map<std::string, std::string> refused;
};
SurveyWheels survey_wheels(const std::vector<survey::Form>& forms, const survey::WheelOptions& options = {});

std::string survey_html(const SurveySection& section);

}  // namespace leefkaart::report
