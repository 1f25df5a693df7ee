#include "indicators/threshold.hpp"

#include <algorithm>
#include <cmath>

namespace leefkaart::indicators {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto hi = static_cast<std::size_t>(std::ceil(rank));
  return values[lo] + (rank - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::optional<double> weighted_mean(const std::vector<double>& values, const std::vector<double>& weights) {
  double sum = 0, w = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum += values[i] * weights[i];
    w += weights[i];
  }
  if (w <= 0) return std::nullopt;
  return sum / w;
}

std::optional<double> resolve_threshold(const config::Threshold& t, const std::vector<double>& values,
                                        const std::vector<double>& residents) {
  switch (t.rule) {
    case config::Rule::Absolute: return t.value;
    case config::Rule::Percentile:
      if (values.empty()) return std::nullopt;
      return percentile(values, t.value);
    case config::Rule::Relative: {
      std::optional<double> ref = t.reference;
      if (!ref) ref = weighted_mean(values, residents);
      if (!ref) return std::nullopt;
      return *ref * t.factor;
    }
  }
  return std::nullopt;
}

bool is_flagged(double value, double threshold, config::Direction d) {
  return d == config::Direction::HigherIsWorse ? value > threshold : value < threshold;
}

}  // namespace leefkaart::indicators
