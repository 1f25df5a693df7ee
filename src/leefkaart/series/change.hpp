#pragma once
// Change over time on a stable grid: per cell against the base year, per area
// as a trend, and the gap between the worst- and best-off residents.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::series {

// One year's scored cells (all years of a series have the same cells, in the same order).
struct YearCells {
  int year = 0;
  std::vector<std::optional<int>> score;
  std::vector<bool> incomplete;
  std::vector<bool> suppressed;
  std::vector<double> residents;
  // Flags (0/1, nullopt when unknown) of the indicators counted in this year's score.
  std::map<std::string, std::vector<std::optional<int>>> flags;
};

struct CellChange {
  std::vector<std::optional<int>> change;  // score minus the base year's; nullopt where not comparable
  std::vector<bool> comparable;
  std::vector<std::string> why_not;  // empty where comparable
  std::vector<std::string> flips;    // e.g. "stress 0→1; no2 1→0" (indicators counted in both years)
};

// A cell's change is comparable when it is scored in both years and both
// scores count the same indicators.
CellChange compare_cells(const YearCells& base, const YearCells& year);

// Least-squares slope of value on year (units per year) over the years with a
// value; nullopt with fewer than `min_points` of them.
struct Trend {
  std::optional<double> slope;
  int points = 0;
};
Trend trend(const std::vector<int>& years, const std::vector<std::optional<double>>& values, int min_points = 3);

// The gap: the resident-weighted mean score of the worst `fraction` of
// residents (in scored cells, highest scores first) minus that of the best
// `fraction`. A cell straddling the cut counts with the part of its residents
// that falls inside.
struct Gap {
  std::optional<double> worst_mean, best_mean, gap;
  double residents = 0;  // residents of the scored cells
};
Gap gap(const std::vector<std::optional<int>>& score, const std::vector<double>& residents, double fraction);

// "verschijnt in 2020; verdwijnt in 2024" for a buurt's masking over the
// years (empty when it never changes).
std::string masking_changes(const std::vector<int>& years, const std::vector<bool>& masked);

}  // namespace leefkaart::series
