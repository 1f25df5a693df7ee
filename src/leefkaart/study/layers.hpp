#pragma once
// The layers and manifest parts of one year's gezondheidskaart: the cells with
// their score and indicator values, and the buurt, wijk and gemeente figures.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/breakdown.hpp"
#include "io/output.hpp"
#include "study/stages.hpp"

namespace leefkaart::study {

// The grid as the manifest describes it; two runs with equal grid_json lie on the same cells.
nlohmann::json grid_json(const Study& s);

// cell_id, q, r, x, y (centre in the working CRS) and area_m2, plus the hexagon geometries.
// `area_m2` gives each cell's area inside the study area (nullptr: the full cell).
void add_cell_base(io::LayerData& layer, const grid::HexGrid& grid, const std::vector<grid::HexId>& cells,
                   const std::vector<double>* area_m2, const std::string& x_name = "x_rd",
                   const std::string& y_name = "y_rd");
// The same for a study's cells (area inside the study area from the overlay; nullptr: the full cell).
void add_cell_base(io::LayerData& layer, const Study& s, const transfer::Overlay* ov);

struct CellCounts {
  std::size_t scored = 0, incomplete = 0, suppressed = 0;
  std::size_t uninhabited = 0, privacy = 0, data_missing = 0;  // by status (schema/build.json)
};

// Why a cell or an area has the figures it has: a status code of schema/build.json
// ("score", "onbewoond", "privacy", "gegevens_ontbreken") and the reason in plain
// Dutch, naming the buurt (empty for a scored cell or area without caveat).
struct Status {
  std::string code, reason;
};

// The cells layer of a build: buurt and wijk (code and name), residents, score, status, and per
// indicator its flag (ind_) and value (val_). Unknown residents stay unknown (never 0).
io::LayerData cells_layer(const Study& s, const transfer::Overlay& ov, const Residents& residents,
                          const IndicatorRun& run, const Scoring& scoring, const Levels& levels, CellCounts& counts);

// One level's figures: its statistics and breakdown, and per unit its status
// and whether its residents are unknown (its population figure is missing).
struct LevelFigures {
  const Level* level = nullptr;
  const std::vector<aggregate::LevelStats>* stats = nullptr;
  const std::vector<aggregate::AreaBreakdown>* breakdown = nullptr;
  std::vector<Status> status;
  std::vector<bool> pop_unknown;
};

// Per unit of `level`: its status, from its statistics and breakdown and the
// names of its buurten whose population figure is missing.
LevelFigures level_figures(const Level& level, const std::vector<aggregate::LevelStats>& stats,
                           const std::vector<aggregate::AreaBreakdown>& breakdown,
                           const std::vector<std::vector<std::string>>& buurten_without_pop,
                           const std::vector<bool>& all_buurten_without_pop, const config::Config& cfg,
                           const IndicatorRun& run);

// One level's layer: code, naam, `extra` fields, residents and score figures, status,
// health to gain, and per indicator the share of residents flagged, the area's
// value and whether it lies beyond the threshold; the top three drivers.
using ExtraFields = std::vector<std::pair<std::string, std::vector<io::Value>>>;
io::LayerData level_layer(const std::string& name, const std::string& description, const LevelFigures& figures,
                          const ExtraFields& extra, const config::Config& cfg, const IndicatorRun& run, int max_score,
                          int k);

// The buurten a wijk average hides.
io::LayerData masking_layer(const Levels& levels, const LevelResults& results);

// What the statistics of a level layer mean, for its description.
std::string level_stats_note(const config::Config& cfg, const Study& s, const Scoring& scoring);

nlohmann::json privacy_json(const config::Config& cfg);
nlohmann::json score_json(const Scoring& scoring);
// How much of the map's detail is the buurt's own figure (manifest "resolution").
nlohmann::json resolution_json(std::optional<double> share_at_buurt_mode);

}  // namespace leefkaart::study
