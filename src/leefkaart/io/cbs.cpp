#include "io/cbs.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "core/text.hpp"

namespace leefkaart::cbs {

const std::vector<std::string>& default_missing_markers() {
  static const std::vector<std::string> markers{"",         ".",         "x",        "X",      "-",      "?",
                                                "-99999997", "-99999995", "-99999999", "-99997", "-99995"};
  return markers;
}

std::optional<double> parse_number(std::string_view raw, const std::vector<std::string>& missing_markers) {
  std::string s = trim(raw);
  if (std::find(missing_markers.begin(), missing_markers.end(), s) != missing_markers.end()) return std::nullopt;
  // Decimal comma (Dutch exports), with or without '.' as thousands separator.
  const auto comma = s.rfind(','), dot = s.rfind('.');
  if (comma != std::string::npos) {
    if (dot != std::string::npos && dot > comma) {
      s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    } else {
      s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
      std::replace(s.begin(), s.end(), ',', '.');
    }
  }
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range && end == s.data() + s.size())
    throw std::invalid_argument("'" + std::string(raw) + "' is beyond the range of numbers a computer can hold");
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw std::invalid_argument("'" + std::string(raw) + "' is not a number nor a known missing-value marker");
  // from_chars reads "nan" and "inf"; neither is a count, share or distance, and
  // letting one through turns every sum it enters into NaN or infinity.
  if (!std::isfinite(value))
    throw std::invalid_argument("'" + trim(raw) + "' is not a number a statistic can have (NaN or infinity); if the table "
                                "uses it for a missing value, add \"" + trim(raw) + "\" to missing_values");
  // Sentinels may also arrive formatted as numbers ("-99999997.0").
  for (const auto& m : missing_markers) {
    double mv = 0;
    auto [mend, mec] = std::from_chars(m.data(), m.data() + m.size(), mv);
    if (mec == std::errc() && mend == m.data() + m.size() && !m.empty() && mv == value && m.size() > 3) return std::nullopt;
  }
  return value;
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Limits of a count per area. They are far above anything real, so that only
// impossible values (a wrong column, a unit slip, a corrupted file) trip them.
// The most populous buurt of the Netherlands, Groot IJsselmonde (Rotterdam),
// had 29 715 residents in 2025 (CBS kerncijfers 2025); the largest gemeente,
// Amsterdam, about 0.93 million; the country 18.0 million.
constexpr double kMaxCountBuurt = 200'000;       // about 7 × the largest buurt
constexpr double kMaxCountWijk = 1'000'000;      // more than the largest gemeente
constexpr double kMaxCountGemeente = 2'000'000;  // twice the largest gemeente
constexpr double kMaxCountCountry = 25'000'000;  // more than the Netherlands
// CBS Nabijheid distances are at most about 12 km (kerncijfers 2025); the
// Netherlands is about 300 km across. Beyond 1000 km the unit must be wrong.
constexpr double kMaxDistanceKm = 1000;
// No statistic of an area comes near this (the yearly income of the whole
// country is about 1e12 euro); a larger value overflows sums into infinity.
constexpr double kMaxMagnitude = 1e15;

const char* count_limit_reason(std::optional<Level> level) {
  if (level == Level::Buurt) return "the most populous buurt of the Netherlands had 29 715 residents in 2025";
  if (level == Level::Wijk) return "more than the largest gemeente, Amsterdam, with about 0.93 million residents";
  if (level == Level::Gemeente) return "twice the largest gemeente, Amsterdam, with about 0.93 million residents";
  return "more than the population of the Netherlands, 18.0 million in 2025";
}

}  // namespace

Quantity quantity_of_field(std::string_view field) {
  const std::string f = to_lower(trim(field));
  if (starts_with(f, "p_") || ends_with(f, "_pct") || ends_with(f, "_percentage")) return Quantity::Percentage;
  if (starts_with(f, "g_afs_") || f.find("_afs_") != std::string::npos || (starts_with(f, "afstand") && ends_with(f, "_km")))
    return Quantity::DistanceKm;
  if (starts_with(f, "a_inw") || starts_with(f, "aantal_inwoners")) return Quantity::Residents;
  if (starts_with(f, "a_") || starts_with(f, "aantal_")) return Quantity::Count;
  return Quantity::Unknown;
}

double max_count(std::optional<Level> level) {
  if (level == Level::Buurt) return kMaxCountBuurt;
  if (level == Level::Wijk) return kMaxCountWijk;
  if (level == Level::Gemeente) return kMaxCountGemeente;
  return kMaxCountCountry;
}

std::optional<std::string> implausible(double v, const Plausibility& p, std::optional<Level> level) {
  if (!std::isfinite(v)) return fmt::format("{} is not a number a statistic can have", v);
  if (p.range) {
    if (v < p.range->first || v > p.range->second)
      return fmt::format("{:g} lies outside the range [{:g}, {:g}] the config gives for it", v, p.range->first, p.range->second);
    return std::nullopt;
  }
  switch (p.quantity) {
    case Quantity::Residents:
    case Quantity::Count: {
      const char* noun = p.quantity == Quantity::Residents ? " residents" : "";
      if (v < 0) return fmt::format("{:g}{} is impossible: a count cannot be negative", v, noun);
      if (v > max_count(level))
        return fmt::format("{:g}{} is impossible for one {}: at most {:g} is plausible ({})", v, noun,
                           level ? to_string(*level) : std::string("area"), max_count(level), count_limit_reason(level));
      break;
    }
    case Quantity::Percentage:
      if (v < 0 || v > 100) return fmt::format("{:g} is not a percentage: a share lies between 0 and 100", v);
      break;
    case Quantity::DistanceKm:
      if (v < 0) return fmt::format("{:g} km is impossible: a distance cannot be negative", v);
      if (v > kMaxDistanceKm)
        return fmt::format("{:g} km is not a distance within the Netherlands (at most {:g} km is plausible; is the "
                           "column in metres?)",
                           v, kMaxDistanceKm);
      break;
    case Quantity::Unknown: break;
  }
  if (std::abs(v) > kMaxMagnitude)
    return fmt::format("{:g} is beyond any statistic of an area (at most ±{:g}; the yearly income of the whole Netherlands "
                       "is about 1e12 euro)",
                       v, kMaxMagnitude);
  return std::nullopt;
}

std::optional<Level> parse_level(const std::string& s) {
  if (s == "gemeente") return Level::Gemeente;
  if (s == "wijk") return Level::Wijk;
  if (s == "buurt") return Level::Buurt;
  return std::nullopt;
}

std::string to_string(Level l) {
  switch (l) {
    case Level::Gemeente: return "gemeente";
    case Level::Wijk: return "wijk";
    case Level::Buurt: return "buurt";
  }
  return "?";
}

namespace {
std::size_t digits_of(Level l) { return l == Level::Gemeente ? 4 : l == Level::Wijk ? 6 : 8; }
const char* prefix_of(Level l) { return l == Level::Gemeente ? "GM" : l == Level::Wijk ? "WK" : "BU"; }
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
}  // namespace

std::optional<Level> level_of(const std::string& code) {
  if (code.rfind("BU", 0) == 0) return Level::Buurt;
  if (code.rfind("WK", 0) == 0) return Level::Wijk;
  if (code.rfind("GM", 0) == 0) return Level::Gemeente;
  return std::nullopt;
}

std::string normalise_code(std::string_view raw, std::optional<Level> level) {
  std::string s = trim(raw);
  std::string upper = s;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  std::optional<Level> found = level_of(upper);
  std::string digits;
  if (found) {
    digits = upper.substr(2);
  } else if (level && all_digits(upper)) {
    found = level;
    digits = upper;
  }
  // Excel and number-typed CSV columns drop leading zeros: pad back.
  if (!found || !all_digits(digits) || digits.size() > digits_of(*found)) return s;
  return prefix_of(*found) + std::string(digits_of(*found) - digits.size(), '0') + digits;
}

std::string wijk_of(const std::string& buurt_code) {
  if (level_of(buurt_code) != Level::Buurt || buurt_code.size() != 10) return {};
  return "WK" + buurt_code.substr(2, 6);
}

std::string gemeente_of(const std::string& code) {
  auto l = level_of(code);
  if (!l || code.size() < 6) return {};
  return "GM" + code.substr(2, 4);
}

}  // namespace leefkaart::cbs
