#pragma once
// Numbers as Dutch readers expect them (nl-NL): decimal comma, a point between
// thousands, residents rounded as CBS publishes them. The web app's formatter
// (web/src/format.ts) follows the same rules; report and console use this one.
#include <optional>
#include <string>

namespace leefkaart::dutch {

// `v` with exactly `decimals` decimals: 20810.5 → "20.810,5" (decimals 1), 0.25 → "0,25".
std::string number(double v, int decimals);

// Enough decimals that `v` never prints as equal to `threshold` when they
// differ: 0.0141 against 0.0140 → "0,0141", however few `decimals` ask for.
std::string number_near(double v, double threshold, int decimals);

// A share 0..1 as a percentage: 0.784 → "78 %" (decimals 0).
std::string percent(double share, int decimals = 0);

// Residents as CBS rounds them: to 5, and "minder dan 5" below 5.
std::string residents(double count);

// A date as Dutch text from an ISO 8601 timestamp ("2026-12-04T15:10:23Z" →
// "4 december 2026"); empty when the text does not start with a date.
std::string date(const std::string& iso);

}  // namespace leefkaart::dutch
