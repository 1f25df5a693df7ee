#include "aggregate/breakdown.hpp"

#include <algorithm>
#include <numeric>

namespace leefkaart::aggregate {

std::vector<AreaBreakdown> breakdown_by_group(const transfer::Overlay& ov, const std::vector<double>& piece_residents,
                                              const std::vector<std::size_t>& group_of_area,
                                              const std::vector<LevelStats>& stats,
                                              const std::vector<score::IndicatorColumn>& columns,
                                              const score::CellScores& scores) {
  const std::size_t groups = stats.size(), n = columns.size();
  struct Sums {
    double flag_known = 0, flagged = 0, value_weight = 0, value_sum = 0;
  };
  std::vector<std::vector<Sums>> sums(groups, std::vector<Sums>(n));
  std::vector<double> pop_x_score(groups, 0.0);
  for (std::size_t i = 0; i < ov.pieces.size(); ++i) {
    const auto& p = ov.pieces[i];
    const std::size_t g = group_of_area[p.area];
    const double r = piece_residents[i];
    if (r <= 0) continue;
    if (const auto& sc = scores.score[p.cell]) pop_x_score[g] += r * *sc;
    for (std::size_t j = 0; j < n; ++j) {
      Sums& s = sums[g][j];
      if (const auto& f = columns[j].flag[p.cell]) {
        s.flag_known += r;
        s.flagged += *f == 1 ? r : 0;
      }
      if (const auto& v = columns[j].value[p.cell]) {
        s.value_weight += r;
        s.value_sum += r * *v;
      }
    }
  }
  std::vector<AreaBreakdown> out(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    AreaBreakdown& b = out[g];
    b.indicators.resize(n);
    if (stats[g].suppressed) continue;
    if (stats[g].residents_scored > 0) b.pop_x_score = pop_x_score[g];
    for (std::size_t j = 0; j < n; ++j) {
      const Sums& s = sums[g][j];
      IndicatorBreakdown& ib = b.indicators[j];
      if (s.flag_known > 0) ib.share_flagged = s.flagged / s.flag_known;
      if (s.value_weight > 0) {
        ib.value = s.value_sum / s.value_weight;
        if (const auto& t = columns[j].threshold)
          ib.worse_than_threshold = columns[j].direction == config::Direction::HigherIsWorse ? *ib.value > *t : *ib.value < *t;
      }
    }
    std::vector<std::size_t> order;
    for (std::size_t j = 0; j < n; ++j)
      if (columns[j].in_score && b.indicators[j].share_flagged.value_or(0) > 0) order.push_back(j);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
      return *b.indicators[a].share_flagged > *b.indicators[c].share_flagged;
    });
    if (order.size() > 3) order.resize(3);
    b.drivers = std::move(order);
  }
  return out;
}

std::optional<double> share_at_buurt_mode(const std::vector<std::size_t>& buurt_of_cell, std::size_t buurt_count,
                                          const score::CellScores& scores) {
  std::vector<std::vector<std::size_t>> counts(buurt_count, std::vector<std::size_t>(scores.max_score + 1, 0));
  std::size_t scored = 0;
  for (std::size_t c = 0; c < scores.score.size(); ++c)
    if (const auto& s = scores.score[c]) {
      ++counts[buurt_of_cell[c]][*s];
      ++scored;
    }
  if (scored == 0) return std::nullopt;
  std::size_t at_mode = 0;
  for (const auto& per_score : counts) at_mode += *std::max_element(per_score.begin(), per_score.end());
  return static_cast<double>(at_mode) / static_cast<double>(scored);
}

}  // namespace leefkaart::aggregate
