#pragma once
// The wijkprofiel's register sections: what happens in the area
// (interventions), what the team wants to learn about it (learning
// questions), what residents and professionals tell (publishable stories),
// where numbers and stories differ (conversation prompts), and the cycles of
// reflection with the build each looked at.
#include <functional>
#include <string>
#include <vector>

#include "registry/area_records.hpp"
#include "registry/prompts.hpp"

namespace leefkaart::report {

struct RegisterSection {
  std::string area_code;  // the profile's own area
  registry::AreaRecords records;
  std::vector<registry::ConversationPrompt> prompts;  // of this area
  std::string build_checksum;  // the manifest's SHA-256 of the build the profile shows
};

// `label`: an indicator's Dutch label by name; `area_name`: an area's name by code.
std::string register_html(const RegisterSection& section, const std::function<std::string(const std::string&)>& label,
                          const std::function<std::string(const std::string&)>& area_name);

}  // namespace leefkaart::report
