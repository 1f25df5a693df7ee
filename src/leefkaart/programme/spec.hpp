#pragma once
// The [programme] section of a config: a programme's focus buurten, baseline
// and follow-up years, outcomes, yearly tables, and how controls are found.
// Read on its own (config::parse skips the key), as strictly as the rest.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::programme {

enum class PoolKind { All, Gemeente, Prefixes };

struct MatchSpec {
  int k = 5;
  std::vector<std::string> on;            // matching variables (columns of the baseline table)
  PoolKind pool = PoolKind::All;
  std::vector<std::string> pool_prefixes;  // PoolKind::Prefixes: e.g. "BU0344", "GM0363"
  std::vector<std::string> exclude;        // codes or prefixes never used as controls
};

struct Spec {
  std::string file;  // the config file, for messages
  std::string name;
  int baseline_year = 0;
  std::vector<int> follow_up_years;
  std::vector<std::string> focus;                    // buurt, wijk or gemeente codes as written
  std::optional<std::vector<std::string>> controls;  // listed controls; else matched
  std::optional<MatchSpec> match;
  std::vector<std::string> outcomes;
  // The table of each year: `file` holds "{year}".
  std::string table_file;
  std::string table_key;
  std::string table_sheet;
  std::optional<std::vector<std::string>> missing_values;
  int min_n = 5;                           // fewer buurten with a value: the comparison is not carried
  double min_meaningful_difference = 1.0;  // in the outcomes' unit (percentage points for the GGD table)
  std::map<std::string, int> lines;        // line of each key ("focus", "table" …), for later errors

  std::vector<int> years() const;  // baseline first, then the follow-ups
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
};

// The [programme] section of a config file (other sections are not read).
Spec parse(const std::string& text, const std::string& file);
Spec load(const std::string& path);

// "gezondheid_{year}.csv" -> "gezondheid_2016.csv".
std::string year_file(const std::string& pattern, int year);

}  // namespace leefkaart::programme
