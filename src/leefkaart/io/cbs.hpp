#pragma once
// CBS conventions for statistics tables: missing and confidential markers,
// decimal commas, and area codes (GM + 4, WK + 6, BU + 8 digits).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leefkaart::cbs {

// Markers CBS and municipal monitors use for "unknown", "secret", "nil or not
// applicable", plus the numeric sentinels of some CBS downloads.
const std::vector<std::string>& default_missing_markers();

// Parses a table cell as a number. Returns nullopt for a missing marker;
// throws std::invalid_argument with a short reason for anything else that is
// not a number (so the caller can name file, row and field).
std::optional<double> parse_number(std::string_view raw, const std::vector<std::string>& missing_markers);

enum class Level { Gemeente, Wijk, Buurt };
std::optional<Level> parse_level(const std::string& s);  // "gemeente" | "wijk" | "buurt"
std::string to_string(Level l);

// "BU3440111" or "3440111" (with level Buurt) -> "BU03440111". Codes that do
// not look like CBS codes are returned trimmed and unchanged.
std::string normalise_code(std::string_view raw, std::optional<Level> level = std::nullopt);
std::optional<Level> level_of(const std::string& code);

// CBS nests codes: BU03440111 lies in WK034401 in GM0344.
std::string wijk_of(const std::string& buurt_code);
std::string gemeente_of(const std::string& code);

}  // namespace leefkaart::cbs
