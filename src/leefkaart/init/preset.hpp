#pragma once
// The preset `leefkaart init` writes: TOML text a person can read and edit,
// with what could not be matched said in its comments.
#include <string>
#include <vector>

#include "init/national.hpp"

namespace leefkaart::init {

// One line per gemeente: what matched, what did not and how it was handled.
std::vector<std::string> match_report(const GemeentePlan& plan);

// A ready build config for the gemeenten of `plans` (the national one for all of them).
std::string preset_toml(const std::vector<GemeentePlan>& plans, const NationalFiles& files, const std::string& command_line);

// A TOML basic string, quoted and escaped.
std::string toml_string(const std::string& text);

}  // namespace leefkaart::init
