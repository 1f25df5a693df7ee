#pragma once
// Threshold rules: when does a cell count as "health to gain" on an indicator.
#include <optional>
#include <vector>

#include "config/config.hpp"

namespace leefkaart::indicators {

// Percentile p (0..100) with linear interpolation between order statistics
// (the "type 7" definition of R, NumPy and Excel's PERCENTILE.INC).
double percentile(std::vector<double> values, double p);

// Population-weighted mean; nullopt when there is no weight.
std::optional<double> weighted_mean(const std::vector<double>& values, const std::vector<double>& weights);

// The threshold value for this rule, given the values of the inhabited cells
// (and their residents, for the relative-to-mean rule). nullopt when there are
// no values to derive it from.
std::optional<double> resolve_threshold(const config::Threshold& t, const std::vector<double>& values,
                                        const std::vector<double>& residents);

// Strictly worse than the threshold: a value equal to it is not flagged.
bool is_flagged(double value, double threshold, config::Direction d);

}  // namespace leefkaart::indicators
