#pragma once
// The layers and manifest parts of one year's gezondheidskaart: the cells with
// their score and indicator values, and the buurt, wijk and gemeente figures.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

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
};

// The cells layer of a build: buurt, residents, score, and per indicator its flag (ind_) and value (val_).
io::LayerData cells_layer(const Study& s, const transfer::Overlay& ov, const Residents& residents,
                          const IndicatorRun& run, const Scoring& scoring, CellCounts& counts);

// One level's layer: code, naam, `extra` fields, then residents and score figures.
using ExtraFields = std::vector<std::pair<std::string, std::vector<io::Value>>>;
io::LayerData level_layer(const std::string& name, const std::string& description, const Level& level,
                          const std::vector<aggregate::LevelStats>& stats, const ExtraFields& extra, int max_score,
                          int k);

// The buurten a wijk average hides.
io::LayerData masking_layer(const Levels& levels, const LevelResults& results);

// What the statistics of a level layer mean, for its description.
std::string level_stats_note(const config::Config& cfg, const Study& s, const Scoring& scoring);

nlohmann::json privacy_json(const config::Config& cfg);
nlohmann::json score_json(const Scoring& scoring);

}  // namespace leefkaart::study
