#include "score/score.hpp"

#include "indicators/threshold.hpp"

namespace leefkaart::score {

CellScores score_cells(std::vector<IndicatorColumn>& columns, const std::vector<double>& residents) {
  const std::size_t n = residents.size();
  CellScores s;
  s.score.assign(n, std::nullopt);
  s.flagged_known.assign(n, 0);
  s.incomplete.assign(n, false);
  s.incomplete_reason.assign(n, "");
  s.suppressed.assign(n, false);
  for (auto& col : columns) {
    col.flag.assign(n, std::nullopt);
    if (col.in_score) ++s.max_score;
    for (std::size_t c = 0; c < n; ++c) {
      if (col.value[c] && col.threshold) col.flag[c] = indicators::is_flagged(*col.value[c], *col.threshold, col.direction) ? 1 : 0;
      if (!col.in_score) continue;
      if (col.flag[c]) {
        s.flagged_known[c] += *col.flag[c];
      } else {
        s.incomplete[c] = true;
        const std::string why = !col.threshold ? "no threshold could be derived" : col.reason[c].empty() ? "no value" : col.reason[c];
        s.incomplete_reason[c] += (s.incomplete_reason[c].empty() ? "" : "; ") + col.name + ": " + why;
      }
    }
  }
  for (std::size_t c = 0; c < n; ++c)
    if (!s.incomplete[c]) s.score[c] = s.flagged_known[c];
  return s;
}

void suppress_small_counts(std::vector<IndicatorColumn>& columns, CellScores& scores,
                           const std::vector<double>& residents, int min_residents) {
  for (std::size_t c = 0; c < residents.size(); ++c) {
    if (residents[c] >= min_residents) continue;
    scores.suppressed[c] = true;
    scores.score[c].reset();
    for (auto& col : columns) {
      if (!col.social) continue;
      col.value[c].reset();
      col.flag[c].reset();
    }
    // The partial count and the reason could reveal social flags: clear them too.
    scores.flagged_known[c] = 0;
    scores.incomplete_reason[c].clear();
  }
}

}  // namespace leefkaart::score
