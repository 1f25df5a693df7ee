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
// not a number (so the caller can name file, row and field). NaN and infinity
// are not numbers a statistic can have: they are refused unless the table
// lists them (as written, e.g. "NaN") among its missing markers.
std::optional<double> parse_number(std::string_view raw, const std::vector<std::string>& missing_markers);

enum class Level { Gemeente, Wijk, Buurt };
std::optional<Level> parse_level(const std::string& s);  // "gemeente" | "wijk" | "buurt"
std::string to_string(Level l);

// "BU3440111" or "3440111" (with level Buurt) -> "BU03440111". Codes that do
// not look like CBS codes are returned trimmed and unchanged.
std::string normalise_code(std::string_view raw, std::optional<Level> level = std::nullopt);
std::optional<Level> level_of(const std::string& code);

// What a number measures, so that an impossible value is refused instead of
// mapped. Known from the CBS kerncijfers naming (a_ aantal, p_ percentage,
// g_afs_ gemiddelde afstand in km) or from the role the config gives a value
// (residents, an extensive count, an indicator with unit "%").
enum class Quantity { Unknown, Residents, Count, Percentage, DistanceKm };

// From a column name: a_inw… residents; a_…, aantal_… counts; p_…, …_pct,
// …_percentage percentages; g_afs_…, …_afs_…, afstand_…_km distances in km.
Quantity quantity_of_field(std::string_view field);

// The largest count one area of this level can hold (no level: the country).
// See kMaxCount… in cbs.cpp for the reasons.
double max_count(std::optional<Level> level);

// What a value must satisfy. A user's own range replaces the quantity's limits.
struct Plausibility {
  Quantity quantity = Quantity::Unknown;
  std::optional<std::pair<double, double>> range;  // [min, max], both included
};

// nullopt when the value is plausible, otherwise what is wrong with it, in
// words for the user ("-5 residents is impossible: a count cannot be negative").
// Every value, whatever it measures, must lie within ±1e15 (kMaxMagnitude).
std::optional<std::string> implausible(double value, const Plausibility& p, std::optional<Level> level);

// CBS nests codes: BU03440111 lies in WK034401 in GM0344.
std::string wijk_of(const std::string& buurt_code);
std::string gemeente_of(const std::string& code);

}  // namespace leefkaart::cbs
