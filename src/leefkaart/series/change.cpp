#include "series/change.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace leefkaart::series {

namespace {

std::string indicator_set_difference(const YearCells& base, const YearCells& year) {
  std::vector<std::string> parts;
  for (const auto& [name, _] : base.flags)
    if (!year.flags.count(name)) parts.push_back(fmt::format("{} ontbreekt in {}", name, year.year));
  for (const auto& [name, _] : year.flags)
    if (!base.flags.count(name)) parts.push_back(fmt::format("{} ontbreekt in {}", name, base.year));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string why_unscored(const YearCells& y, std::size_t c) {
  if (y.suppressed[c]) return fmt::format("te weinig inwoners in {}", y.year);
  return fmt::format("onvolledig in {}", y.year);
}

}  // namespace

CellChange compare_cells(const YearCells& base, const YearCells& year) {
  const std::size_t n = base.score.size();
  CellChange out;
  out.change.assign(n, std::nullopt);
  out.comparable.assign(n, false);
  out.why_not.assign(n, "");
  out.flips.assign(n, "");
  const std::string set_difference = indicator_set_difference(base, year);
  for (std::size_t c = 0; c < n; ++c) {
    std::vector<std::string> flips;
    for (const auto& [name, base_flags] : base.flags) {
      auto it = year.flags.find(name);
      if (it == year.flags.end()) continue;
      const auto& a = base_flags[c];
      const auto& b = it->second[c];
      if (a && b && *a != *b) flips.push_back(fmt::format("{} {}→{}", name, *a, *b));
    }
    out.flips[c] = fmt::format("{}", fmt::join(flips, "; "));
    std::vector<std::string> why;
    if (!base.score[c]) why.push_back(why_unscored(base, c));
    if (!year.score[c]) why.push_back(why_unscored(year, c));
    if (!set_difference.empty()) why.push_back(set_difference);
    if (why.empty()) {
      out.comparable[c] = true;
      out.change[c] = *year.score[c] - *base.score[c];
    } else {
      out.why_not[c] = fmt::format("{}", fmt::join(why, "; "));
    }
  }
  return out;
}

Trend trend(const std::vector<int>& years, const std::vector<std::optional<double>>& values, int min_points) {
  Trend t;
  double sx = 0, sy = 0;
  for (std::size_t i = 0; i < years.size(); ++i)
    if (values[i]) {
      sx += years[i];
      sy += *values[i];
      ++t.points;
    }
  if (t.points < min_points || t.points < 2) return t;
  const double mx = sx / t.points, my = sy / t.points;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < years.size(); ++i)
    if (values[i]) {
      sxx += (years[i] - mx) * (years[i] - mx);
      sxy += (years[i] - mx) * (*values[i] - my);
    }
  if (sxx > 0) t.slope = sxy / sxx;
  return t;
}

namespace {

// Mean score of the first `share` residents along `order`.
std::optional<double> mean_of_first(const std::vector<std::size_t>& order, const std::vector<std::optional<int>>& score,
                                    const std::vector<double>& residents, double share) {
  double taken = 0, sum = 0;
  for (std::size_t c : order) {
    if (taken >= share) break;
    const double w = std::min(residents[c], share - taken);
    taken += w;
    sum += w * *score[c];
  }
  if (!(taken > 0)) return std::nullopt;
  return sum / taken;
}

}  // namespace

Gap gap(const std::vector<std::optional<int>>& score, const std::vector<double>& residents, double fraction) {
  Gap g;
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < score.size(); ++c)
    if (score[c] && residents[c] > 0) {
      order.push_back(c);
      g.residents += residents[c];
    }
  if (!(g.residents > 0)) return g;
  // Highest scores first; equal scores keep cell order, so the result does not depend on the sort.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return *score[a] > *score[b]; });
  g.worst_mean = mean_of_first(order, score, residents, fraction * g.residents);
  std::reverse(order.begin(), order.end());
  g.best_mean = mean_of_first(order, score, residents, fraction * g.residents);
  if (g.worst_mean && g.best_mean) g.gap = *g.worst_mean - *g.best_mean;
  return g;
}

std::string masking_changes(const std::vector<int>& years, const std::vector<bool>& masked) {
  std::vector<std::string> parts;
  for (std::size_t i = 1; i < years.size(); ++i)
    if (masked[i] != masked[i - 1])
      parts.push_back(fmt::format("{} in {}", masked[i] ? "verschijnt" : "verdwijnt", years[i]));
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace leefkaart::series
