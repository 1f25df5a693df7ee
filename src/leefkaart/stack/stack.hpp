#pragma once
// The stapelkaart (RIVM Stapeltool; PBL's three perspectives), as pure functions
// on per-cell columns. A perspective (beschermen, bevorderen, faciliteren) is
// under pressure in a cell by a rule of [stack]:
//   binary:     count the perspective's 0/1 flags (the Eindhoven thresholds);
//               under pressure from `pressure_flags` flags.
//   continuous: scale every indicator over the basis cells (min-max or
//               percentile rank, 1 = worst whatever the direction), sum the
//               scaled values per perspective, class the sums in quantiles of
//               the basis cells; under pressure from `pressure_class`.
// Vulnerability indicators (about the residents) are stacked the same way into
// one vulnerability score. The stapel class crosses protection and promotion
// pressure with vulnerable residents; faciliteren has its own sub-score and
// counts for koppelkansen (two or more perspectives under pressure), but not
// for the class, which is RIVM's protection × promotion.
//
// Missing values follow score/score.hpp: a cell missing any input of a
// perspective gets no sub-score for it (never a silent 0). Only basis cells
// (inhabited, not suppressed for privacy) get anything.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace leefkaart::stack {

using Column = std::vector<std::optional<double>>;

// The basis cells' spread of one indicator: what min-max scales by.
struct Range {
  double min = 0, max = 0;
  std::size_t cells = 0;  // basis cells with a value
};
Range range_of(const Column& values, const std::vector<bool>& basis);

// Min-max: 0 at the best value of the basis, 1 at the worst. Higher-is-worse
// 10, 20, 30 → 0, 0.5, 1; lower-is-worse → 1, 0.5, 0. Without spread
// (min = max) every cell gets 0: the indicator tells no cell apart.
double minmax(double value, const Range& r, config::Direction d);
// Only basis cells with a value get a scaled value.
Column scale_minmax(const Column& values, const std::vector<bool>& basis, config::Direction d, Range* range = nullptr);
// Percentile rank among the basis cells' values, 0..1: (mid rank − 1) / (n − 1),
// ties sharing their mean rank; 1 = worst. 10, 20, 30 → 0, 0.5, 1;
// 10, 10, 30 → 0.25, 0.25, 1. One value or no spread: 0.
Column scale_percentile(const Column& values, const std::vector<bool>& basis, config::Direction d);

// Sum of the inputs per basis cell; nullopt where any input is missing (or
// there are no inputs).
Column sub_score(const std::vector<const Column*>& inputs, const std::vector<bool>& basis);

// The quantiles-1 breaks of the basis cells' known values (percentiles 100·i/quantiles, type 7).
std::vector<double> quantile_breaks(const Column& values, const std::vector<bool>& basis, int quantiles);
// 1 + the number of breaks strictly below the value: 1..quantiles. Equal to
// a break stays in the lower class, as a value equal to a threshold is not flagged.
int quantile_class(double value, const std::vector<double>& breaks);

// A stapel class code of schema/build.json stack.classes: geen, beschermen,
// bevorderen or beide, with "_kwetsbaar" where residents are vulnerable.
std::string stapel_class(bool protection, bool promotion, bool vulnerable);

// Two or more perspectives under pressure (nullopt: a perspective's pressure is
// unknown and fewer than two known ones are under pressure). `with` lists the
// perspectives under pressure, in the order given.
struct Koppelkans {
  std::optional<bool> is;
  std::vector<std::string> with;
};
Koppelkans koppelkans(const std::vector<std::pair<std::string, std::optional<bool>>>& pressure);

// One indicator's column for stacking.
struct Input {
  std::string name;
  std::string perspective;  // empty: none
  bool vulnerability = false;
  config::Direction direction = config::Direction::HigherIsWorse;
  const Column* value = nullptr;                     // continuous
  const std::vector<std::optional<int>>* flag = nullptr;  // binary
};

struct Result {
  config::StackMethod method = config::StackMethod::Binary;
  std::vector<std::string> perspectives;  // those with inputs, in config::stack_perspectives() order
  std::map<std::string, Column> sub;      // perspective → sub-score per cell
  std::map<std::string, std::vector<std::optional<int>>> sub_class;  // continuous: quantile class
  std::map<std::string, std::vector<std::optional<bool>>> pressure;
  bool has_vulnerability = false;
  Column vulnerability;
  std::vector<std::optional<int>> vulnerability_class;  // continuous
  std::vector<std::optional<bool>> vulnerable;
  std::vector<std::optional<std::string>> stapel_class;
  std::vector<std::optional<bool>> koppelkans;
  std::vector<std::string> koppelkans_with;  // "beschermen,faciliteren"; empty where none
  std::map<std::string, Range> ranges;  // continuous: per indicator, over the basis
  std::map<std::string, std::vector<double>> breaks;  // continuous: per perspective, "" = vulnerability
  std::size_t basis_cells = 0;
};

// Stacks the inputs over the cells; `basis` marks the inhabited, unsuppressed cells.
Result compute(const config::StackSpec& spec, config::StackMethod method, const std::vector<Input>& inputs,
               const std::vector<bool>& basis);

// Per unit of a level, from the pieces of cells in it (cell, unit, residents).
struct Piece {
  std::size_t cell = 0, unit = 0;
  double residents = 0;
};
struct AreaStack {
  std::map<std::string, std::optional<double>> sub;  // resident-weighted mean sub-score
  std::optional<double> vulnerability;
  std::optional<std::string> main_class;  // the class most of its residents live in
  std::map<std::string, std::optional<double>> share_class;  // share of residents with a class, per class
  std::optional<double> share_koppelkans;  // share of residents with a known koppelkans
};
// Units with fewer than min_residents residents (all cells) get nothing.
std::vector<AreaStack> by_unit(const Result& r, const std::vector<Piece>& pieces, std::size_t units,
                               const std::vector<std::string>& class_codes, double min_residents);

// Resident-weighted mean of a fine column per coarse cell (`coarse_of` each fine
// cell), over fine cells with residents and a value; nullopt where none.
Column coarse_mean(const Column& fine, const std::vector<double>& residents, const std::vector<std::size_t>& coarse_of,
                   std::size_t coarse_count);

}  // namespace leefkaart::stack
