#include "io/cbs.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

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
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw std::invalid_argument("'" + std::string(raw) + "' is not a number nor a known missing-value marker");
  // Sentinels may also arrive formatted as numbers ("-99999997.0").
  for (const auto& m : missing_markers) {
    double mv = 0;
    auto [mend, mec] = std::from_chars(m.data(), m.data() + m.size(), mv);
    if (mec == std::errc() && mend == m.data() + m.size() && !m.empty() && mv == value && m.size() > 3) return std::nullopt;
  }
  return value;
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
