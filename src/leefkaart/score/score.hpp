#pragma once
// Score = number of flagged indicators per cell. A cell with a missing input
// is incomplete: it gets no score (never a silent 0) and says why. Cells with
// too few residents are suppressed: no social value, flag or score leaves the
// program for them, in any output.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace leefkaart::score {

struct IndicatorColumn {
  std::string name;
  bool social = false;
  bool in_score = true;
  config::Direction direction = config::Direction::HigherIsWorse;
  std::optional<double> threshold;               // nullopt: could not be derived
  std::vector<std::optional<double>> value;      // per cell
  std::vector<std::string> reason;               // per cell, why value is missing
  std::vector<std::optional<int>> flag;          // per cell, filled by score_cells
};

struct CellScores {
  std::vector<std::optional<int>> score;
  std::vector<int> flagged_known;  // flags among the indicators that have a value
  std::vector<bool> incomplete;
  std::vector<std::string> incomplete_reason;
  std::vector<bool> suppressed;
  int max_score = 0;  // number of indicators counted in the score
};

CellScores score_cells(std::vector<IndicatorColumn>& columns, const std::vector<double>& residents);

// Clears social values, flags and scores of cells with fewer residents than
// min_residents. Run before anything is aggregated or written.
void suppress_small_counts(std::vector<IndicatorColumn>& columns, CellScores& scores,
                           const std::vector<double>& residents, int min_residents);

}  // namespace leefkaart::score
