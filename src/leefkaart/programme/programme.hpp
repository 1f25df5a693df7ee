#pragma once
// A programme comparison (the Gezonde Wijk / Urban40 design): focus buurten of
// an area programme against control buurten, from a baseline year to follow-up
// years, on buurt-level tables (one table per year, e.g. the GGD estimates of
// RIVM table 50090NED). Independent of the hexagon grid.
//
// Controls are listed by the user or matched: each focus buurt gets the k
// non-focus buurten nearest to it at baseline on chosen variables (Euclidean
// distance on z-scores), with replacement. Balance is reported as standardised
// differences; per outcome the comparison gives both groups' means at baseline
// and follow-up, the difference in differences and n. No significance test:
// the inputs are model estimates without their margins.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "indicators/indicators.hpp"
#include "io/csv.hpp"
#include "io/result_set.hpp"
#include "io/table_source.hpp"
#include "programme/spec.hpp"

namespace leefkaart::programme {

// Standardised differences above these are flagged: 0.1 marks a meaningful
// imbalance (Normand et al. 2001; Austin 2009, Stat Med 28:3083), 0.25 a
// serious one that matching should not leave (Rubin 2001; Stuart 2010,
// Stat Sci 25:1).
inline constexpr double kBalanceNotable = 0.1;
inline constexpr double kBalanceSerious = 0.25;

// The table of every year, read with the key column as configured.
struct YearTables {
  std::map<int, io::Table> by_year;
  std::map<int, std::string> files;  // resolved paths
};
YearTables read_tables(const Spec& spec, const indicators::PathResolver& resolve);

// Rows (areas) with a value for every variable, in a fixed order.
struct Units {
  std::vector<std::string> codes;
  std::vector<std::vector<double>> values;  // values[i][v]
};

struct Match {
  std::string focus;
  std::vector<std::string> controls;  // nearest first
  std::vector<double> distances;
};

// For each focus unit the k candidates nearest in Euclidean distance over
// values divided by `scale` (one SD per variable). Ties go to the smaller code,
// so a run is repeatable. `allowed(focus, candidate)` restricts the pool.
std::vector<Match> match_nearest(const Units& focus, const Units& candidates, int k, const std::vector<double>& scale,
                                 const std::function<bool(const std::string&, const std::string&)>& allowed);

// Mean and sample variance (n − 1; 0 for one value), optionally weighted (a
// control matched to two focus buurten weighs twice): variance
// Σw / ((Σw)² − Σw²) · Σw(x − mean)², as Austin (2009) for matched samples.
struct Moments {
  double n = 0;  // number of values (not the weight sum)
  double mean = 0;
  double variance = 0;
};
Moments moments(const std::vector<double>& values, const std::vector<double>& weights = {});

// (focus mean − control mean) / sqrt((focus variance + control variance) / 2).
double standardised_difference(const Moments& focus, const Moments& control);

struct BalanceRow {
  std::string variable;
  std::string role;  // "matched on" or "outcome at baseline"
  Moments focus, pool, matched;
  double pooled_sd = 0;  // from focus and pool, used before and after
  double d_before = 0, d_after = 0;
};
std::string balance_flag(double d);  // "", "above 0.1", "above 0.25"

struct OutcomeRow {
  std::string outcome;
  int year = 0;
  std::size_t focus_n = 0, control_n = 0;
  std::optional<double> focus_baseline, focus_now, control_baseline, control_now;
  std::optional<double> did;
  std::vector<std::string> notes;
};

struct ControlRow {
  std::string focus;  // empty for listed controls
  std::string control;
  int rank = 0;  // 1 = nearest; 0 for listed controls
  std::optional<double> distance;
};

struct Comparison {
  std::vector<std::string> focus;     // focus buurten compared
  std::vector<std::string> controls;  // distinct controls, in first-use order
  std::map<std::string, double> weights;  // control -> weight (sums to the number of focus buurten)
  std::vector<ControlRow> control_rows;
  std::vector<BalanceRow> balance;
  std::vector<OutcomeRow> outcomes;
  bool matched = false;
  std::map<std::string, std::size_t> counts;  // eligibility counts for the report
  std::vector<std::string> warnings;
};

Comparison compare(const Spec& spec, const YearTables& tables);

// --- baseline freeze ---------------------------------------------------------
// The baseline's input files and settings with their SHA-256. A series or a
// programme run that finds an earlier freeze for the same baseline year in its
// output folder must get the same checksums: a baseline cannot be rebuilt in place.
// An input as the config names it (the stable key, whatever --data is) and where it was read.
struct FrozenInput {
  std::string name;
  std::string path;
};
nlohmann::json freeze_baseline(int year, const std::vector<FrozenInput>& files, const nlohmann::json& settings);
// Throws InputError naming the file (or setting) whose checksum changed.
// `earlier_manifest` names the manifest the earlier freeze came from.
void check_baseline(const nlohmann::json& earlier, const nlohmann::json& now, const std::string& earlier_manifest);
// The files and settings of this programme's baseline: the baseline year's
// table, and what decides how it is read.
std::vector<FrozenInput> baseline_files(const Spec& spec, const YearTables& tables);
nlohmann::json baseline_settings(const Spec& spec);

// --- output --------------------------------------------------------------------
// Writes programme_comparison.csv, programme_balance.csv and
// programme_controls.csv into the stage; returns the manifest's "programme" block.
nlohmann::json write_outputs(const Spec& spec, const YearTables& tables, const Comparison& comparison,
                             io::ResultSetWriter& stage, io::CsvDialect dialect = io::CsvDialect::Plain);

// `leefkaart programme`: reads [programme] of the config, compares, and writes
// the three CSVs and a manifest into out_dir (nothing on error). An earlier
// run's baseline in out_dir must match.
void run(const std::string& config_path, const std::filesystem::path& out_dir, const indicators::PathResolver& resolve);

}  // namespace leefkaart::programme
