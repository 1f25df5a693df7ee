#include "aggregate/aggregate.hpp"

#include <cmath>

namespace leefkaart::aggregate {

double round_to_5(double x) { return 5.0 * std::round(x / 5.0); }

std::vector<LevelStats> by_group(const transfer::Overlay& ov, const std::vector<double>& piece_residents,
                                 const std::vector<std::size_t>& group_of_area, std::size_t group_count,
                                 const score::CellScores& scores, int score_at_least, int min_residents) {
  const int max = scores.max_score;
  std::vector<LevelStats> out(group_count);
  std::vector<std::vector<double>> per_score(group_count, std::vector<double>(max + 1, 0.0));
  std::vector<double> score_sum(group_count, 0.0);
  for (std::size_t i = 0; i < ov.pieces.size(); ++i) {
    const auto& p = ov.pieces[i];
    const std::size_t g = group_of_area[p.area];
    const double r = piece_residents[i];
    out[g].residents += r;
    const auto& sc = scores.score[p.cell];
    if (!sc) continue;
    out[g].residents_scored += r;
    score_sum[g] += r * *sc;
    per_score[g][*sc] += r;
  }
  for (std::size_t g = 0; g < group_count; ++g) {
    LevelStats& s = out[g];
    s.suppressed = s.residents < min_residents;
    s.residents_per_score.assign(max + 1, std::nullopt);
    if (s.suppressed || s.residents_scored <= 0) continue;
    s.mean_score = score_sum[g] / s.residents_scored;
    double at_least = 0;
    for (int k = 0; k <= max; ++k) {
      if (k >= score_at_least) at_least += per_score[g][k];
      if (per_score[g][k] >= min_residents) s.residents_per_score[k] = round_to_5(per_score[g][k]);
    }
    s.share_at_least_k = at_least / s.residents_scored;
  }
  return out;
}

std::vector<MaskedBuurt> find_masking(const std::vector<LevelStats>& buurten, const std::vector<LevelStats>& wijken,
                                      const std::vector<std::size_t>& wijk_of_buurt, double min_difference,
                                      double min_residents) {
  std::vector<MaskedBuurt> out;
  for (std::size_t b = 0; b < buurten.size(); ++b) {
    const auto& bs = buurten[b];
    const auto& ws = wijken[wijk_of_buurt[b]];
    if (!bs.mean_score || !ws.mean_score || bs.residents < min_residents) continue;
    if (*bs.mean_score - *ws.mean_score >= min_difference)
      out.push_back({b, wijk_of_buurt[b], *bs.mean_score, *ws.mean_score});
  }
  return out;
}

}  // namespace leefkaart::aggregate
