#pragma once
// The stages of a gezondheidskaart, each a function that returns a value:
//   load_study → overlay → place_residents → evaluate_indicators →
//   resolve_thresholds → score_study → level_stats
// `leefkaart build` runs them once; `leefkaart series` runs the year-dependent
// ones (residents to levels) once per year on the same study and grid.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/aggregate.hpp"
#include "aggregate/breakdown.hpp"
#include "config/config.hpp"
#include "geom/geos.hpp"
#include "grid/hexgrid.hpp"
#include "indicators/indicators.hpp"
#include "io/vector_source.hpp"
#include "score/score.hpp"
#include "transfer/transfer.hpp"

namespace leefkaart::study {

// The study area and its grid: what stays the same in every year of a series.
struct Study {
  config::Config cfg;
  std::string data_dir;
  std::string data_found_by;
  indicators::PathResolver resolve;
  io::AreaSet areas;
  std::vector<std::string> codes;  // buurt code per area
  geom::Geom outline;
  std::unique_ptr<grid::HexGrid> grid;
  std::vector<grid::HexId> cells;
  std::vector<std::string> warnings;
};

struct LoadOptions {
  std::string config_path;
  std::optional<std::string> data_dir;
  std::uint64_t max_cells = 50'000'000;
};

// Reads the config (unless given) and the study area, and covers it with cells.
Study load_study(const LoadOptions& opts);
Study load_study(const LoadOptions& opts, config::Config cfg);

// The study area's polygons, as the config describes them.
io::AreaSet read_study_areas(const config::Config& cfg, const indicators::PathResolver& resolve);

// The cells cut by the buurten, with address-point weights when the config
// names them (read through `sources`).
transfer::Overlay make_overlay(const Study& s, indicators::Sources& sources);

struct Residents {
  indicators::AreaJoin join;          // residents per buurt from the table
  transfer::ExtensiveResult placed;   // per cell and per piece
  std::vector<double> per_cell;       // 0 where unknown (placed.value says which)
  double source_total = 0;
  double placed_total = 0;
  double relative_difference = 0;
  std::vector<std::string> notes;
  // Buurten whose residents were spread by area ([population] spread_unmatched).
  std::vector<bool> spread;
  // Per [[gemeente]]: residents in the table (its rows, by their own codes) and on the cells.
  struct GemeenteTotal {
    std::string code;
    double table = 0, placed = 0;
  };
  std::vector<GemeenteTotal> by_gemeente;
};

// The population column of `cfg` (a year's config in a series) spread over the cells.
Residents place_residents(const config::Config& cfg, const Study& s, const transfer::Overlay& ov,
                          indicators::Sources& sources);

struct IndicatorRun {
  std::vector<score::IndicatorColumn> columns;  // supplied indicators, in config order
  nlohmann::json report = nlohmann::json::array();  // every indicator, for the manifest
  std::vector<std::string> notes;
};

// Every supplied indicator's value per cell (no thresholds yet).
IndicatorRun evaluate_indicators(const config::Config& cfg, const Study& s, const transfer::Overlay& ov,
                                 const Residents& residents, indicators::Sources& sources);

// Threshold values per indicator name.
using Thresholds = std::map<std::string, double>;

// Sets each column's threshold: from `fixed` when it holds the indicator
// (a series' base year), otherwise by the indicator's rule over this run's
// inhabited cells. Records rule and value in the report.
void resolve_thresholds(IndicatorRun& run, const config::Config& cfg, const Residents& residents,
                        const Thresholds* fixed = nullptr);
Thresholds thresholds_of(const IndicatorRun& run);

struct Scoring {
  score::CellScores scores;
  int k = 0;  // "score at least k" for the level shares
};

// Flags and scores, with small counts suppressed.
Scoring score_study(const config::Config& cfg, std::vector<score::IndicatorColumn>& columns,
                    const Residents& residents);

// One level (buurt, wijk, gemeente): its units, their names and outlines.
struct Level {
  std::vector<std::string> codes, names;
  std::vector<std::size_t> group_of_area;
  std::vector<geom::Geom> geoms;
};

struct Levels {
  Level buurten, wijken, gemeente;
  Level provincies;  // empty unless the config's [[gemeente]] entries name their province
  std::vector<std::size_t> wijk_of_buurt;
  std::vector<std::size_t> gemeente_of_wijk;
};

// The gemeente of each buurt code: the config's [[gemeente]] entries (a single
// buurt first, then the longest prefix), else the code's own digits or the
// study area's gemeente_code.
std::vector<std::string> gemeente_of_codes(const config::Config& cfg, const std::vector<std::string>& codes);

// A level whose units are `code_of_area[a]` for each buurt a, dissolved from the buurten.
Level make_level(const io::AreaSet& areas, const std::vector<std::string>& code_of_area,
                 const std::map<std::string, std::string>& names);

// Buurten, wijken (named from the config's wijk file) and the gemeente, dissolved from the buurten.
Levels make_levels(const Study& s, indicators::Sources& sources);

struct LevelResults {
  std::vector<aggregate::LevelStats> buurten, wijken, gemeente, provincies;
  std::vector<aggregate::MaskedBuurt> masked;
};

LevelResults level_stats(const config::Config& cfg, const Levels& levels, const transfer::Overlay& ov,
                         const Residents& residents, const Scoring& scoring);

// Why each unit of each level scores what it does (aggregate/breakdown.hpp),
// and how many scored cells carry their buurt's most common score.
struct LevelBreakdowns {
  std::vector<aggregate::AreaBreakdown> buurten, wijken, gemeente, provincies;
  std::optional<double> share_cells_at_buurt_mode;
};

LevelBreakdowns level_breakdowns(const Levels& levels, const transfer::Overlay& ov, const Residents& residents,
                                 const IndicatorRun& run, const Scoring& scoring, const LevelResults& results);

// The cell each cell mostly lies in (for its buurt code).
std::vector<std::size_t> main_area_of_cells(const transfer::Overlay& ov, std::size_t cell_count);

}  // namespace leefkaart::study
