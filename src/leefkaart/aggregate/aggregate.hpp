#pragma once
// Cells to buurt, wijk and gemeente. Residents are counted per piece (cell ∩
// buurt), so a cell on a boundary contributes to each buurt exactly the
// residents it received from it and totals match the source tables.
#include <optional>
#include <string>
#include <vector>

#include "score/score.hpp"
#include "transfer/transfer.hpp"

namespace leefkaart::aggregate {

struct LevelStats {
  double residents = 0;         // all residents placed on cells of the unit
  double residents_scored = 0;  // in complete, not suppressed cells
  std::optional<double> mean_score;  // resident-weighted
  // Residents per score 0..max, rounded to multiples of 5 (as CBS publishes)
  // and left out below the privacy minimum.
  std::vector<std::optional<double>> residents_per_score;
  std::optional<double> share_at_least_k;  // share of scored residents with score >= k
  bool suppressed = false;                 // unit smaller than the privacy minimum
};

// group_of_area maps each overlay area to a unit (buurt, wijk …).
std::vector<LevelStats> by_group(const transfer::Overlay& ov, const std::vector<double>& piece_residents,
                                 const std::vector<std::size_t>& group_of_area, std::size_t group_count,
                                 const score::CellScores& scores, int score_at_least, int min_residents);

struct MaskedBuurt {
  std::size_t buurt = 0;
  std::size_t wijk = 0;
  double buurt_score = 0;
  double wijk_score = 0;
};

// Buurten whose mean score is at least min_difference worse than their wijk's
// mean: places a wijk average hides.
std::vector<MaskedBuurt> find_masking(const std::vector<LevelStats>& buurten, const std::vector<LevelStats>& wijken,
                                      const std::vector<std::size_t>& wijk_of_buurt, double min_difference,
                                      double min_residents);

double round_to_5(double x);

}  // namespace leefkaart::aggregate
