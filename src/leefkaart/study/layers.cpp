#include "study/layers.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace leefkaart::study {
using io::FieldType;
using io::Value;
using json = nlohmann::json;

namespace {
Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value(); }
Value opt_int(const std::optional<int>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }
}  // namespace

json grid_json(const Study& s) {
  return {{"description", s.grid->describe()},
          {"size", s.cfg.grid.size},
          {"size_definition", grid::to_string(s.cfg.grid.definition)},
          {"edge_m", s.grid->edge()},
          {"across_flats_m", s.grid->across_flats()},
          {"cell_area_m2", s.grid->cell_area()},
          {"cover_rule", grid::to_string(s.cfg.cover)},
          {"crs", "EPSG:28992"},
          {"id_scheme", "axial (q, r), pointy-top, anchored at RD (0,0); cell_id = q<q>r<r>"}};
}

void add_cell_base(io::LayerData& layer, const grid::HexGrid& grid, const std::vector<grid::HexId>& cells,
                   const std::vector<double>* area_m2, const std::string& x_name, const std::string& y_name) {
  layer.fields = {{"cell_id", FieldType::String}, {"q", FieldType::Integer}, {"r", FieldType::Integer},
                  {x_name, FieldType::Real},      {y_name, FieldType::Real},   {"area_m2", FieldType::Real}};
  layer.rows.resize(cells.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const auto id = cells[c];
    const auto centre = grid.centre(id);
    const double area = area_m2 ? (*area_m2)[c] : grid.cell_area();
    layer.rows[c] = {grid::cell_id_string(id), static_cast<long long>(id.q), static_cast<long long>(id.r),
                     round_to(centre.x, 2), round_to(centre.y, 2), round_to(area, 1)};
    layer.geometries.push_back(grid.polygon(id));
  }
}

void add_cell_base(io::LayerData& layer, const Study& s, const transfer::Overlay* ov) {
  add_cell_base(layer, *s.grid, s.cells, ov ? &ov->cell_area_m2 : nullptr);
}

io::LayerData cells_layer(const Study& s, const transfer::Overlay& ov, const Residents& residents,
                          const IndicatorRun& run, const Scoring& scoring, CellCounts& counts) {
  const score::CellScores& scores = scoring.scores;
  io::LayerData cells;
  cells.name = "cells";
  cells.description = fmt::format("leefkaart gezondheidskaart, score 0..{} (number of flagged indicators); {}",
                                  scores.max_score, s.grid->describe());
  add_cell_base(cells, s, &ov);
  cells.fields.insert(cells.fields.end(), {{"buurt_code", FieldType::String}, {"pop", FieldType::Real},
                                           {"score", FieldType::Integer}, {"score_max", FieldType::Integer},
                                           {"incomplete", FieldType::Integer}, {"incomplete_reason", FieldType::String},
                                           {"suppressed", FieldType::Integer}});
  for (const auto& col : run.columns) {
    cells.fields.push_back({"ind_" + col.name, FieldType::Integer});
    cells.fields.push_back({"val_" + col.name, FieldType::Real});
  }
  const std::vector<std::size_t> main_area = main_area_of_cells(ov, s.cells.size());
  counts = {};
  for (std::size_t c = 0; c < s.cells.size(); ++c) {
    auto& row = cells.rows[c];
    row.push_back(s.codes[main_area[c]]);
    // Unknown population is not "0 residents": the cell stays suppressed (no
    // privacy guarantee is possible) and says why it has no score.
    const bool pop_unknown = !residents.placed.value[c].has_value();
    row.push_back(pop_unknown ? Value() : Value(round_to(residents.per_cell[c], 2)));
    row.push_back(opt_int(scores.score[c]));
    row.push_back(static_cast<long long>(scores.max_score));
    const bool incomplete = pop_unknown || (scores.incomplete[c] && !scores.suppressed[c]);
    row.push_back(static_cast<long long>(incomplete));
    row.push_back(pop_unknown  ? Value("residents: " + residents.placed.reason[c])
                  : incomplete ? Value(scores.incomplete_reason[c])
                               : Value());
    row.push_back(static_cast<long long>(scores.suppressed[c]));
    for (const auto& col : run.columns) {
      row.push_back(opt_int(col.flag[c]));
      row.push_back(col.value[c] ? Value(round_to(*col.value[c], 6)) : Value());
    }
    counts.scored += scores.score[c].has_value();
    counts.incomplete += incomplete;
    counts.suppressed += scores.suppressed[c];
  }
  return cells;
}

io::LayerData level_layer(const std::string& name, const std::string& description, const Level& level,
                          const std::vector<aggregate::LevelStats>& stats, const ExtraFields& extra, int max_score,
                          int k) {
  io::LayerData layer;
  layer.name = name;
  layer.description = description;
  layer.fields = {{"code", FieldType::String}, {"naam", FieldType::String}};
  for (const auto& [fname, values] : extra)
    layer.fields.push_back({fname, values.empty() || std::holds_alternative<std::string>(values.front()) ? FieldType::String
                                   : std::holds_alternative<long long>(values.front())                  ? FieldType::Integer
                                                                                                        : FieldType::Real});
  layer.fields.insert(layer.fields.end(), {{"pop", FieldType::Real}, {"pop_scored", FieldType::Real},
                                           {"mean_score", FieldType::Real},
                                           {fmt::format("share_score_ge_{}", k), FieldType::Real}});
  for (int i = 0; i <= max_score; ++i) layer.fields.push_back({fmt::format("pop_score_{}", i), FieldType::Real});
  layer.fields.push_back({"suppressed", FieldType::Integer});
  for (std::size_t g = 0; g < level.codes.size(); ++g) {
    std::vector<Value> row{level.codes[g], level.names[g]};
    for (const auto& [fname, values] : extra) row.push_back(values[g]);
    const aggregate::LevelStats& st = stats[g];
    row.push_back(round_to(st.residents, 1));
    row.push_back(st.suppressed ? Value() : Value(round_to(st.residents_scored, 1)));
    row.push_back(st.mean_score ? Value(round_to(*st.mean_score, 3)) : Value());
    row.push_back(st.share_at_least_k ? Value(round_to(*st.share_at_least_k, 4)) : Value());
    for (const auto& v : st.residents_per_score) row.push_back(opt(v));
    row.push_back(static_cast<long long>(st.suppressed));
    layer.rows.push_back(std::move(row));
    layer.geometries.push_back(geom::clone(level.geoms[g].get()));
  }
  return layer;
}

io::LayerData masking_layer(const Levels& levels, const LevelResults& results) {
  io::LayerData masking;
  masking.name = "masking";
  masking.fields = {{"buurt_code", FieldType::String}, {"buurt_naam", FieldType::String}, {"wijk_code", FieldType::String},
                    {"wijk_naam", FieldType::String},  {"buurt_score", FieldType::Real},  {"wijk_score", FieldType::Real},
                    {"verschil", FieldType::Real},     {"pop", FieldType::Real}};
  for (const auto& m : results.masked)
    masking.rows.push_back({levels.buurten.codes[m.buurt], levels.buurten.names[m.buurt], levels.wijken.codes[m.wijk],
                            levels.wijken.names[m.wijk], round_to(m.buurt_score, 3), round_to(m.wijk_score, 3),
                            round_to(m.buurt_score - m.wijk_score, 3),
                            aggregate::round_to_5(results.buurten[m.buurt].residents)});
  return masking;
}

std::string level_stats_note(const config::Config& cfg, const Study& s, const Scoring& scoring) {
  return fmt::format(
      "resident-weighted mean cell score (0..{}), residents per score (rounded to 5, left out below {}), share of "
      "residents in cells with score >= {}; {}",
      scoring.scores.max_score, cfg.privacy_min_residents, scoring.k, s.grid->describe());
}

json privacy_json(const config::Config& cfg) {
  return {{"min_residents", cfg.privacy_min_residents},
          {"rule", "cells with fewer residents carry no social value, flag or score; class counts are "
                   "rounded to 5 and left out below the minimum"}};
}

json score_json(const Scoring& scoring) {
  return {{"max", scoring.scores.max_score}, {"score_at_least", scoring.k},
          {"rule", "score = number of flagged indicators; a cell with a missing input has no score (incomplete)"}};
}

}  // namespace leefkaart::study
