#pragma once
// Why an area scores what it does: per indicator the share of its residents
// whose cell is flagged and the area's own value against the threshold, and
// the indicators that flag most of its residents (its drivers). Counted per
// piece (cell ∩ buurt), like the level statistics, so a boundary cell counts
// in each buurt with exactly the residents it received from it.
#include <cstddef>
#include <optional>
#include <vector>

#include "aggregate/aggregate.hpp"
#include "score/score.hpp"
#include "transfer/transfer.hpp"

namespace leefkaart::aggregate {

struct IndicatorBreakdown {
  std::optional<double> share_flagged;        // of the residents in cells where the flag is known
  std::optional<double> value;                // resident-weighted mean of the cells' values
  std::optional<bool> worse_than_threshold;   // the area's value on the flagged side of the threshold
};

struct AreaBreakdown {
  std::vector<IndicatorBreakdown> indicators;  // in column order
  // Counted indicators that flag any resident, most residents flagged first
  // (column order breaks ties); at most three. Column indices.
  std::vector<std::size_t> drivers;
  // Residents × score summed over scored cells: the health to gain, in "resident-points".
  std::optional<double> pop_x_score;
};

// One breakdown per unit of a level; units the level statistics suppress
// (fewer residents than the privacy minimum) get none of these figures.
std::vector<AreaBreakdown> breakdown_by_group(const transfer::Overlay& ov, const std::vector<double>& piece_residents,
                                              const std::vector<std::size_t>& group_of_area,
                                              const std::vector<LevelStats>& stats,
                                              const std::vector<score::IndicatorColumn>& columns,
                                              const score::CellScores& scores);

// The share of scored cells whose score equals the most common score among
// the scored cells of their buurt: how much of the map's detail is really
// the buurt's figure, as the buurt-level social indicators make it.
std::optional<double> share_at_buurt_mode(const std::vector<std::size_t>& buurt_of_cell, std::size_t buurt_count,
                                          const score::CellScores& scores);

}  // namespace leefkaart::aggregate
