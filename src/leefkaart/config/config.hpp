#pragma once
// The run configuration (TOML). Indicators, thresholds, cell size and data
// sources are all configuration: a city adds its own tables here, not in code.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grid/hexgrid.hpp"
#include "io/cbs.hpp"
#include "io/raster_source.hpp"

namespace leefkaart::config {

// A table keyed on another boundary set's codes (e.g. the 2019 buurten) is
// re-expressed on the study area's codes through a crosswalk of the two
// polygon sets (see crosswalk/crosswalk.hpp).
struct CrosswalkSpec {
  std::string file;                  // the polygons the table's codes belong to
  std::string code_field = "statcode";
  std::optional<std::string> crs;    // for files without one
  std::string code_prefix;           // keep only these codes, e.g. "BU0772" (empty: all)
  std::optional<double> sliver_share;  // default: crosswalk::Tolerance
  std::optional<double> sliver_m2;
  bool align = false;  // shift the polygons as a whole onto the study area's outline first
  int line = 0;
};

struct TableSpec {  // [tables.NAME] or inline in a source
  std::string file;
  std::string key;
  std::optional<cbs::Level> key_level;
  std::string sheet;  // layer or sheet inside the file
  std::optional<std::vector<std::string>> missing_values;
  std::optional<CrosswalkSpec> crosswalk;
  int line = 0;
};

struct LayerSpec {  // [layers.NAME]: points or polygons (facilities, green)
  std::string file;
  std::string layer;
  std::optional<std::string> crs;
  int line = 0;
};

struct RasterSpec {  // [rasters.NAME], or inline as raster_file
  std::string file;
  int band = 1;
  std::optional<std::string> crs;
  // How a cell centre between pixel centres gets its value (see io::Interpolation).
  io::Interpolation interpolation = io::Interpolation::Nearest;
  int line = 0;
};

enum class SourceKind { Table, Layer, Raster, OsmCategory };
enum class DistanceMethod { Euclidean, Network };
enum class Combine { Max, Min, Mean };

struct SourceSpec {
  SourceKind kind = SourceKind::Table;
  std::string name;               // refers to tables/layers/rasters; inline sources get "<indicator>"
  std::vector<std::string> fields;  // table: one or more columns
  Combine combine = Combine::Max;   // how several columns become one value
  std::string divide_by;            // table: value = field / divide_by * scale
  double scale = 1.0;
  // Distances (layer and OSM-category sources).
  DistanceMethod distance_method = DistanceMethod::Euclidean;
  std::string osm_file;   // street network (and, for OsmCategory, the facilities)
  std::string category;   // OsmCategory: a built-in facility category, e.g. "huisarts"
  std::string mode = "walk";  // walk | bike | car
  // What the value measures (a count for extensive transfers and residents, a
  // share for unit "%") or `range = [min, max]`: impossible values are refused.
  cbs::Plausibility plausible;
};

// "a_1p_hh / a_hh × 100": the value a table source computes, for messages.
std::string describe_value(const SourceSpec& s);

enum class Transfer { Intensive, Extensive };
enum class Transform { None, PerM2, PerHa, Per1000Residents };
enum class Rule { Absolute, Percentile, Relative };
enum class Direction { HigherIsWorse, LowerIsWorse };

struct Threshold {
  Rule rule = Rule::Percentile;
  double value = 75.0;            // absolute value, or percentile 0..100
  std::optional<double> reference;  // relative: a number, or (nullopt) the study-area mean
  double factor = 1.0;
};

enum class Kind { Social, Spatial };

// What a series does in a year for which a source has no data.
enum class MissingYear {
  CarryEarlier,  // the nearest earlier year's data, marked as carried
  Nearest,       // the nearest year before or after (earlier wins a tie), marked
  Omit,          // the indicator is left out that year (its cells are then not comparable)
};

enum class ThresholdMode {
  BaseYear,  // the base year's threshold values apply to every year: a lighter map is real change
  PerYear,   // each year's own rule (e.g. its 75th percentile): not comparable over time
};

// [series]: the years `leefkaart series` builds on one grid.
struct SeriesSpec {
  std::vector<int> years;  // ascending, no repeats
  int base_year = 0;
  ThresholdMode thresholds = ThresholdMode::BaseYear;
  MissingYear missing_year = MissingYear::CarryEarlier;
  // The gap: resident-weighted mean score of the worst `gap_fraction` of
  // residents' cells minus that of the best `gap_fraction`.
  double gap_fraction = 0.2;
  // Named areas followed as one unit (e.g. a programme's focus buurten): name → buurt or wijk codes.
  std::map<std::string, std::vector<std::string>> areas;
  int line = 0;
};

struct Indicator {
  std::string name;
  std::string label;        // Dutch, shown to users
  std::string label_en;     // English, for the web app's English switch (empty: the Dutch label)
  std::string description;  // what it measures, and where it is a proxy, for what (Dutch)
  std::string description_en;  // the same in English (empty: none)
  std::string unit;
  int decimals = 1;         // shown decimals (more where a value would print as its threshold)
  std::string proxy_for;    // what a stand-in indicator replaces (empty: it is the real thing)
  Kind kind = Kind::Spatial;
  bool in_score = true;
  std::optional<SourceSpec> source;  // nullopt: not supplied
  std::string not_supplied;          // why, when there is no source
  Transfer transfer = Transfer::Intensive;
  Transform transform = Transform::None;
  Threshold threshold;
  Direction direction = Direction::HigherIsWorse;
  // Series only: another source for some years (a table per year), and what
  // to do in a year without data (nullopt: the series' default).
  std::map<int, SourceSpec> source_by_year;
  std::optional<MissingYear> missing_year;
  // Stapelkaart: the perspective this indicator puts pressure on ("beschermen",
  // "bevorderen", "faciliteren"; empty: none), or a vulnerability indicator (about
  // the residents, not the environment: never both).
  std::string perspective;
  bool vulnerability = false;
  int line = 0;
};

// The perspectives an indicator may carry (schema/build.json stack.perspectives, in that order).
const std::vector<std::string>& stack_perspectives();

enum class StackMethod { Binary, Continuous };
enum class StackScaling { MinMax, Percentile };

// [stack]: the stapelkaart (stack/stack.hpp). Binary counts the indicators'
// 0/1 flags per perspective; continuous sums values scaled over the study area
// (1 = worst) and classes the sums in quantiles of inhabited cells.
struct StackSpec {
  StackMethod method = StackMethod::Binary;
  StackScaling scaling = StackScaling::MinMax;  // continuous (and the coarse layer)
  int quantiles = 5;          // continuous: classes 1..quantiles
  int pressure_flags = 1;     // binary: under pressure from this many flags of the perspective
  int pressure_class = 4;     // continuous: under pressure from this quantile class (4, 5 of 5: the top two)
  int vulnerable_flags = 1;   // binary: vulnerable residents from this many vulnerability flags
  int vulnerable_class = 4;   // continuous: from this quantile class of the vulnerability sum
  // The coarse layer compared with RIVM's Stapeltool ("1 km hexagons"): a hexagon
  // 1 km across its flats by default (0.87 km², the closest to a 1 km square).
  grid::GridSpec coarse{1000.0, grid::SizeDefinition::AcrossFlats};
  int line = 0;
};

struct StudyArea {
  std::string file;
  std::string layer;
  std::string code_field = "statcode";
  std::string name_field = "statnaam";
  cbs::Level level = cbs::Level::Buurt;
  std::optional<std::string> crs;
  std::string gemeente_code;
  std::string gemeente_name;
  // Buurt names from a table column, for polygon files that carry only codes
  // (the national 2019 buurt file); areas without a row keep their code as name.
  std::string name_table;
  std::string name_column;
};

// [[gemeente]]: one gemeente of a study area of several (`leefkaart init` writes
// these). Which polygons belong to it is explicit, because codes outlive
// municipal mergers: a polygon of a former gemeente keeps its old prefix.
struct GemeenteSpec {
  std::string code;             // GM + 4 digits, the current indeling
  std::string name;
  std::string provincie;        // PV + 2 digits (empty: no province level)
  std::string provincie_name;
  std::vector<std::string> buurt_prefixes;  // e.g. "BU0307": every polygon whose code starts so
  std::vector<std::string> buurten;         // single polygons, e.g. of a former gemeente that was split
  int line = 0;
};

struct WijkNames {
  std::string file;
  std::string code_field = "statcode";
  std::string name_field = "statnaam";
};

struct Population {
  SourceSpec source;                   // table column with residents per area
  std::optional<LayerSpec> weights;    // optional address/building points to spread residents
  std::optional<MissingYear> missing_year;  // series only: default the series' rule
  // Residents of table rows of a [[gemeente]] that match no polygon (codes renumbered
  // since the polygons were drawn) are spread by area over that gemeente's polygons
  // that match no row; with none, over all its polygons. Those buurten are marked.
  bool spread_unmatched_by_area = false;
};

struct Config {
  std::string path;
  std::string title;
  grid::GridSpec grid;
  grid::CoverRule cover = grid::CoverRule::CentreInside;
  StudyArea study_area;
  std::optional<WijkNames> wijken;
  std::vector<GemeenteSpec> gemeenten;  // empty: one gemeente, from the codes or gemeente_code
  Population population;
  int privacy_min_residents = 5;
  double masking_min_difference = 1.0;
  double masking_min_residents = 100;
  std::optional<int> score_at_least;  // default: half the supplied indicators, rounded up
  double min_value_coverage = 0.5;    // share of a cell that must have data
  std::string basemap_osm;  // [basemap] osm: roads, water, green and buildings for the web app
  std::map<std::string, TableSpec> tables;
  std::map<std::string, LayerSpec> layers;
  std::map<std::string, RasterSpec> rasters;
  std::vector<Indicator> indicators;
  std::optional<SeriesSpec> series;
  std::optional<StackSpec> stack;  // [stack]: a stapelkaart is built
  bool has_programme = false;  // [programme]: read by programme::load
  bool has_basisset = false;   // [basisset]: read by basisset::load
};

// "{year}" in a file name or column: a series fills in each year.
inline constexpr const char* kYearPattern = "{year}";
std::string with_year(const std::string& text, int year);

// A facility category for the network module (see network/categories.hpp).
struct CategorySpec {
  std::string name;
  std::string label;
  std::vector<std::string> tags;  // "key=value" or "key=*"
  bool area = false;
  double min_area_m2 = 0;
};

// [[category]] tables of a categories file for `leefkaart access --categories`.
std::vector<CategorySpec> load_categories(const std::string& path);

// Throws InputError naming the file, line and key.
Config load(const std::string& path);
Config parse(const std::string& text, const std::string& source_name);

// A plain-language explanation of the configuration, for `check-config`.
std::string explain(const Config& c);

std::string to_string(Rule r);
std::string to_string(MissingYear m);
std::string to_string(ThresholdMode m);
std::string to_string(Direction d);
std::string to_string(Transfer t);
std::string to_string(Transform t);
std::string to_string(StackMethod m);
std::string to_string(StackScaling s);
std::string describe_threshold(const Indicator& ind);
// The same rule in plain Dutch, for the map's explanation and the report.
std::string describe_threshold_nl(const Indicator& ind);

}  // namespace leefkaart::config
