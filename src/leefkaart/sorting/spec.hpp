#pragma once
// The sorting monitor's configuration (TOML, README "leefkaart sorting"):
// the region, its zones, the vulnerable groups over the years, composition
// snapshots, focus areas, the early-warning rule and the hot-spot grid.
// Read strictly: every error names the file, line and key.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::sorting {

// One number per buurt from a table: a wide table (key column, value column),
// or a long one (key, indicator, year, value columns; one indicator's rows).
struct ColumnSource {
  std::string file;     // resolved path; may hold {year}
  std::string file_as_written;
  std::string key;      // the column of buurt codes
  std::string field;    // wide: the value column; long: the indicator's name
  // Wide only: the value is field / per × 100, a share in % from two counts of
  // the same row (e.g. a_65_oo per a_inw); a denominator of 0 or none gives no value.
  std::string per;
  bool long_format = false;
  std::string indicator_column = "indicator", year_column = "year", value_column = "value";
  // Cell texts that mean "no value" here beyond CBS's markers, e.g. ["0"] for a
  // table whose maker filled gaps with 0.
  std::vector<std::string> missing_values;
  std::string key_path;  // the config key, for errors ("group[1]")
  std::string file_for(int year) const;
};

struct Group {
  std::string name, label;
  ColumnSource source;
  std::vector<int> years;  // at least two, ascending
  bool tenure = false;     // a tenure share: PBL's concentration bands apply
};

struct Snapshot {
  std::string name, label;
  ColumnSource source;
};

struct ZoneRule {
  std::string zone;  // a code of schema/sorting.json "zones"
  std::vector<std::string> gemeenten, wijken, buurten;
  bool rest = false;
  std::string key_path;  // "zone[2]"
  int line = 0;
};

struct ScoreCriterion {
  std::string label;
  ColumnSource source;
  std::optional<double> at_least, at_most;
};

struct FacilityCriterion {
  std::string label;
  ColumnSource before, after;
  std::string before_label, after_label;
  std::optional<double> passes_km, rise_km;
};

struct EarlyWarningSpec {
  std::string group;  // a group's name
  double rise_pp = 5;
  std::optional<ScoreCriterion> score;
  std::optional<FacilityCriterion> facility;
};

struct HotSpotSpec {
  double edge_m = 250;
  double neighbour_distance_m = 750;
  int permutations = 999;
  long long seed = 1;
  double alpha = 0.05;
};

struct Spec {
  std::string file;  // the config as given
  std::string title;
  // Region
  std::string polygons, polygons_as_written, code_field = "statcode";
  std::optional<std::string> polygons_crs;
  std::vector<std::string> gemeenten;         // listed codes; or empty with a centre
  std::optional<std::pair<double, double>> centre_rd;
  std::string centre_gemeente;                // a centre given as a gemeente code
  double radius_km = 0;
  ColumnSource gemeente_names;                // key column, gemeente-name column (rows with GM codes)
  std::optional<ColumnSource> buurt_names;    // key column, buurt-name column
  ColumnSource base;                          // residents per buurt
  std::vector<ZoneRule> zones;
  std::vector<Group> groups;
  std::vector<Snapshot> snapshots;
  std::vector<std::string> focus_buurten, focus_wijken;
  std::optional<EarlyWarningSpec> early_warning;
  HotSpotSpec hotspots;
  std::map<std::string, int> lines;  // config key → line, for later data checks
  int line_of(const std::string& key) const;
};

// Reads and checks the config; relative paths are looked up beside the config
// first, then in data_dir.
Spec read_spec(const std::string& path, const std::string& data_dir);

// The gemeente code of a buurt code (BU + 4-digit gemeente number + 4 digits): "GM" + digits 3–6.
std::string gemeente_of(const std::string& buurt_code);
// Its wijk code: "WK" + the first 6 digits (BU03440111 → WK034401).
std::string wijk_of(const std::string& buurt_code);

}  // namespace leefkaart::sorting
