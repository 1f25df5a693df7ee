#pragma once
// Range checks of command-line options, with the option named as the user
// typed it: "--speed-kmh: must be a finite number above 0 (got nan)".
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/errors.hpp"

namespace leefkaart {

// `value` must be finite, above `low` (or at least `low` when `low_included`)
// and at most `high`. NaN fails every comparison, so it is tested first.
inline void check_option_range(const std::string& option, double value, double low, bool low_included, double high,
                               const std::string& unit = "") {
  const bool ok = std::isfinite(value) && (low_included ? value >= low : value > low) && value <= high;
  if (ok) return;
  const std::string u = unit.empty() ? "" : " " + unit;
  throw InputError({"", option, ""}, low_included ? fmt::format("must be a finite number from {:g} to {:g}{} (got {:g})", low, high, u, value)
                                                  : fmt::format("must be a finite number above {:g} and at most {:g}{} (got {:g})", low, high, u, value));
}

// A file option must name an existing file.
inline void check_option_file(const std::string& option, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError({"", option, ""}, fmt::format("file not found: '{}'", path));
}

// A folder option must name an existing folder.
inline void check_option_dir(const std::string& option, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec))
    throw InputError({"", option, ""}, fmt::format("folder not found: '{}'", path));
}

}  // namespace leefkaart
