#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leefkaart {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `wanted` (case-insensitive edit distance), if it is
// close enough to be a plausible typo.
std::optional<std::string> nearest_name(std::string_view wanted, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — appended to "unknown field" messages.
std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& candidates);

// v rounded to `decimals` decimal places, for written figures.
double round_to(double v, int decimals);

std::string to_lower(std::string_view s);

// `s` with every `pattern` replaced by `value` (filling "{name}" in a field pattern).
std::string replace_all(std::string s, std::string_view pattern, std::string_view value);
std::string trim(std::string_view s);

// `s` safe inside XML or HTML text and attribute values: & < > " ' as entities.
std::string markup_escape(std::string_view s);

}  // namespace leefkaart
