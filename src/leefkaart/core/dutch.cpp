#include "core/dutch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>

namespace leefkaart::dutch {

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  decimals = std::clamp(decimals, 0, 12);
  // Halves round up, also where binary floating point stores 5,25 as 5,2499…
  const double f = std::pow(10.0, decimals);
  std::string plain = fmt::format("{:.{}f}", std::round(std::abs(v) * f * (1 + 1e-12)) / f, decimals);
  const auto dot = plain.find('.');
  std::string whole = plain.substr(0, dot), fraction = dot == std::string::npos ? "" : plain.substr(dot + 1);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += '.';
    grouped += whole[i];
  }
  const bool negative = v < 0 && plain.find_first_not_of("0.") != std::string::npos;
  return (negative ? "-" : "") + grouped + (fraction.empty() ? "" : "," + fraction);
}

std::string number_near(double v, double threshold, int decimals) {
  int d = std::clamp(decimals, 0, 12);
  while (d < 12 && v != threshold && number(v, d) == number(threshold, d)) ++d;
  return number(v, d);
}

std::string percent(double share, int decimals) { return number(share * 100, decimals) + " %"; }

std::string residents(double count) {
  if (!std::isfinite(count)) return "—";
  if (count < 5) return "minder dan 5";
  return number(std::round(count / 5) * 5, 0);
}

std::string date(const std::string& iso) {
  static const char* const kMonths[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                        "juli",    "augustus", "september", "oktober", "november", "december"};
  int y = 0, m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  if (std::sscanf(iso.c_str(), "%4d%c%2d%c%2d", &y, &dash1, &m, &dash2, &d) != 5 || dash1 != '-' || dash2 != '-' || m < 1 ||
      m > 12 || d < 1 || d > 31)
    return "";
  return fmt::format("{} {} {}", d, kMonths[m - 1], y);
}

}  // namespace leefkaart::dutch
