#include "study/layers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <stdexcept>

#include "core/dutch.hpp"
#include "core/text.hpp"
#include "io/build_schema.hpp"

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

namespace schema = io::build_schema;

namespace {
const config::Indicator& indicator_of(const config::Config& cfg, const std::string& name) {
  for (const auto& ind : cfg.indicators)
    if (ind.name == name) return ind;
  throw std::logic_error("no indicator " + name);
}

std::string with_unit(const config::Indicator& ind) { return ind.unit.empty() ? ind.label : ind.label + " (" + ind.unit + ")"; }

std::string buurt_phrase(const Level& buurten, std::size_t b) {
  return fmt::format("buurt {} ({})", buurten.names[b], buurten.codes[b]);
}
}  // namespace

io::LayerData cells_layer(const Study& s, const transfer::Overlay& ov, const Residents& residents,
                          const IndicatorRun& run, const Scoring& scoring, const Levels& levels, CellCounts& counts) {
  const config::Config& cfg = s.cfg;
  const score::CellScores& scores = scoring.scores;
  io::LayerData cells;
  cells.name = schema::layer("cells");
  cells.description = fmt::format("leefkaart gezondheidskaart, score 0..{} (number of flagged indicators); {}",
                                  scores.max_score, s.grid->describe());
  add_cell_base(cells, s, &ov);
  auto field = [](const std::string& key) { return schema::cell_field(key); };
  cells.fields.insert(cells.fields.end(),
                      {{field("buurt"), FieldType::String, "Buurtcode"},
                       {field("buurt_name"), FieldType::String, "Buurt"},
                       {field("wijk"), FieldType::String, "Wijkcode"},
                       {field("wijk_name"), FieldType::String, "Wijk"},
                       {field("pop"), FieldType::Real, "Inwoners"},
                       {field("score"), FieldType::Integer, fmt::format("Score (0 tot {})", scores.max_score)},
                       {field("score_max"), FieldType::Integer, "Hoogst mogelijke score"},
                       {field("status"), FieldType::String, "Status"},
                       {field("status_reason"), FieldType::String, "Reden"},
                       {field("incomplete"), FieldType::Integer, "Onvolledig (1 = ja)"},
                       {field("incomplete_reason"), FieldType::String, "Onvolledig: technische reden"},
                       {field("suppressed"), FieldType::Integer, "Onderdrukt (1 = ja)"}});
  for (const auto& col : run.columns) {
    const config::Indicator& ind = indicator_of(cfg, col.name);
    cells.fields.push_back({schema::cell_field("flag", {col.name}), FieldType::Integer, ind.label + ": telt mee (1 = ja)"});
    cells.fields.push_back({schema::cell_field("value", {col.name}), FieldType::Real, with_unit(ind)});
  }
  const std::vector<std::size_t> main_area = main_area_of_cells(ov, s.cells.size());
  counts = {};
  for (std::size_t c = 0; c < s.cells.size(); ++c) {
    auto& row = cells.rows[c];
    // Exactly one row's worth: grown by doubling, a national build's rows held
    // nearly twice the memory they use.
    row.reserve(cells.fields.size());
    const std::size_t b = levels.buurten.group_of_area[main_area[c]];
    const std::size_t w = levels.wijk_of_buurt[b];
    row.insert(row.end(), {levels.buurten.codes[b], levels.buurten.names[b], levels.wijken.codes[w], levels.wijken.names[w]});
    // Unknown population is not "0 residents": the cell stays suppressed (no
    // privacy guarantee is possible) and says why it has no score.
    const bool pop_unknown = !residents.placed.value[c].has_value();
    const double pop = residents.per_cell[c];
    const bool incomplete = pop_unknown || (scores.incomplete[c] && !scores.suppressed[c]);
    Status status{schema::status("scored"), ""};
    if (pop_unknown) {
      status = {schema::status("data_missing"),
                fmt::format("Het inwonertal van {} ontbreekt in de bevolkingstabel: geen score", buurt_phrase(levels.buurten, b))};
    } else if (pop < 0.5) {
      status = {schema::status("uninhabited"), "Geen inwoners"};
    } else if (scores.suppressed[c]) {
      status = {schema::status("privacy"),
                fmt::format("Minder dan {} inwoners: geen score, om de privacy te beschermen", cfg.privacy_min_residents)};
    } else if (incomplete) {
      std::vector<std::string> missing;
      for (const auto& col : run.columns)
        if (col.in_score && !col.value[c]) missing.push_back(indicator_of(cfg, col.name).label);
      status = {schema::status("data_missing"), fmt::format("Gegevens ontbreken in {}: {}", buurt_phrase(levels.buurten, b),
                                                            fmt::join(missing, ", "))};
    }
    row.push_back(pop_unknown ? Value() : Value(round_to(pop, 2)));
    row.push_back(opt_int(scores.score[c]));
    row.push_back(static_cast<long long>(scores.max_score));
    row.push_back(status.code);
    row.push_back(status.reason.empty() ? Value() : Value(status.reason));
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
    counts.uninhabited += status.code == schema::status("uninhabited");
    counts.privacy += status.code == schema::status("privacy");
    counts.data_missing += status.code == schema::status("data_missing");
  }
  return cells;
}

LevelFigures level_figures(const Level& level, const std::vector<aggregate::LevelStats>& stats,
                           const std::vector<aggregate::AreaBreakdown>& breakdown,
                           const std::vector<std::vector<std::string>>& buurten_without_pop,
                           const std::vector<bool>& all_buurten_without_pop, const config::Config& cfg,
                           const IndicatorRun& run) {
  LevelFigures f{&level, &stats, &breakdown, {}, all_buurten_without_pop};
  for (std::size_t g = 0; g < level.codes.size(); ++g) {
    const aggregate::LevelStats& st = stats[g];
    const auto& missing_pop = buurten_without_pop[g];
    Status status{schema::status("scored"), ""};
    if (all_buurten_without_pop[g]) {
      status = {schema::status("data_missing"),
                missing_pop.size() == 1
                    ? fmt::format("Het inwonertal van buurt {} ontbreekt in de bevolkingstabel", missing_pop.front())
                    : fmt::format("Het inwonertal van de buurten {} ontbreekt in de bevolkingstabel", fmt::join(missing_pop, ", "))};
    } else if (st.residents < 0.5) {
      status = {schema::status("uninhabited"), "Geen inwoners"};
    } else if (st.suppressed) {
      status = {schema::status("privacy"),
                fmt::format("Minder dan {} inwoners: geen cijfers, om de privacy te beschermen", cfg.privacy_min_residents)};
    } else if (!st.mean_score) {
      std::vector<std::string> missing;
      for (std::size_t j = 0; j < run.columns.size(); ++j)
        if (run.columns[j].in_score && !breakdown[g].indicators[j].value) missing.push_back(indicator_of(cfg, run.columns[j].name).label);
      status = {schema::status("data_missing"),
                missing.empty() ? std::string("Geen enkele bewoonde cel heeft alle gegevens")
                                : fmt::format("Gegevens ontbreken: {}", fmt::join(missing, ", "))};
    } else if (!missing_pop.empty()) {
      status.reason = missing_pop.size() == 1
                          ? fmt::format("1 buurt zonder inwonertal telt niet mee: {}", missing_pop.front())
                          : fmt::format("{} buurten zonder inwonertal tellen niet mee: {}", missing_pop.size(),
                                        fmt::join(missing_pop, ", "));
    }
    f.status.push_back(std::move(status));
  }
  return f;
}

io::LayerData level_layer(const std::string& name, const std::string& description, const LevelFigures& figures,
                          const ExtraFields& extra, const config::Config& cfg, const IndicatorRun& run, int max_score,
                          int k) {
  const Level& level = *figures.level;
  auto field = [](const std::string& key, const schema::Fill& fill = {}) { return schema::area_field(key, fill); };
  io::LayerData layer;
  layer.name = name;
  layer.description = description;
  layer.fields = {{field("code"), FieldType::String, "Code"}, {field("name"), FieldType::String, "Naam"}};
  for (const auto& [fname, values] : extra)
    layer.fields.push_back({fname, values.empty() || std::holds_alternative<std::string>(values.front()) ? FieldType::String
                                   : std::holds_alternative<long long>(values.front())                  ? FieldType::Integer
                                                                                                        : FieldType::Real});
  layer.fields.insert(layer.fields.end(),
                      {{field("pop"), FieldType::Real, "Inwoners"},
                       {field("pop_scored"), FieldType::Real, "Inwoners in cellen met een score"},
                       {field("mean_score"), FieldType::Real, "Gemiddelde score"},
                       {field("share_at_least_k", {.name = {}, .k = k}), FieldType::Real, fmt::format("Aandeel inwoners met score {} of hoger", k)}});
  for (int i = 0; i <= max_score; ++i)
    layer.fields.push_back({field("pop_per_score", {.name = {}, .score = i}), FieldType::Real, fmt::format("Inwoners met score {}", i)});
  layer.fields.insert(layer.fields.end(),
                      {{field("health_to_gain"), FieldType::Real, "Gezondheidswinst (inwoners × score)"},
                       {field("suppressed"), FieldType::Integer, "Onderdrukt (1 = ja)"},
                       {field("status"), FieldType::String, "Status"},
                       {field("status_reason"), FieldType::String, "Reden"}});
  for (const auto& col : run.columns) {
    const config::Indicator& ind = indicator_of(cfg, col.name);
    layer.fields.push_back({field("share_flagged", {col.name}), FieldType::Real, ind.label + ": aandeel inwoners dat meetelt"});
    layer.fields.push_back({field("value", {col.name}), FieldType::Real, with_unit(ind)});
    layer.fields.push_back({field("worse_than_threshold", {col.name}), FieldType::Integer, ind.label + ": voorbij de drempel (1 = ja)"});
  }
  for (int rank = 1; rank <= 3; ++rank)
    layer.fields.push_back({field("driver", {.name = {}, .rank = rank}), FieldType::String, fmt::format("Oorzaak {}", rank)});
  layer.fields.push_back({field("drivers_text"), FieldType::String, "Belangrijkste oorzaken"});

  for (std::size_t g = 0; g < level.codes.size(); ++g) {
    std::vector<Value> row{level.codes[g], level.names[g]};
    for (const auto& [fname, values] : extra) row.push_back(values[g]);
    const aggregate::LevelStats& st = (*figures.stats)[g];
    const aggregate::AreaBreakdown& bd = (*figures.breakdown)[g];
    row.push_back(figures.pop_unknown[g] ? Value() : Value(round_to(st.residents, 1)));
    row.push_back(st.suppressed ? Value() : Value(round_to(st.residents_scored, 1)));
    row.push_back(st.mean_score ? Value(round_to(*st.mean_score, 3)) : Value());
    row.push_back(st.share_at_least_k ? Value(round_to(*st.share_at_least_k, 4)) : Value());
    for (const auto& v : st.residents_per_score) row.push_back(opt(v));
    row.push_back(bd.pop_x_score ? Value(round_to(*bd.pop_x_score, 0)) : Value());
    row.push_back(static_cast<long long>(st.suppressed));
    row.push_back(figures.status[g].code);
    row.push_back(figures.status[g].reason.empty() ? Value() : Value(figures.status[g].reason));
    for (const auto& ib : bd.indicators) {
      row.push_back(ib.share_flagged ? Value(round_to(*ib.share_flagged, 4)) : Value());
      row.push_back(ib.value ? Value(round_to(*ib.value, 6)) : Value());
      row.push_back(ib.worse_than_threshold ? Value(static_cast<long long>(*ib.worse_than_threshold)) : Value());
    }
    std::vector<std::string> texts;
    for (std::size_t rank = 0; rank < 3; ++rank) {
      if (rank >= bd.drivers.size()) {
        row.push_back(Value());
        continue;
      }
      const std::size_t j = bd.drivers[rank];
      row.push_back(run.columns[j].name);
      texts.push_back(fmt::format("{}: {}", indicator_of(cfg, run.columns[j].name).label,
                                  dutch::percent(*bd.indicators[j].share_flagged)));
    }
    row.push_back(texts.empty() ? Value() : Value(fmt::format("{}", fmt::join(texts, "; "))));
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

json resolution_json(std::optional<double> share_at_buurt_mode) {
  json out = {{"cell_size_note_nl",
               "De sociale gegevens (zoals eenzaamheid en inkomen) bestaan alleen per buurt: binnen een buurt "
               "verschillen cellen alleen door de ruimtelijke indicatoren. De zeshoeken zijn daardoor fijner dan "
               "veel van de gegevens."}};
  out["share_cells_at_buurt_mode"] = share_at_buurt_mode ? json(*share_at_buurt_mode) : json(nullptr);
  return out;
}

json score_json(const Scoring& scoring) {
  return {{"max", scoring.scores.max_score}, {"score_at_least", scoring.k},
          {"rule", "score = number of flagged indicators; a cell with a missing input has no score (incomplete)"}};
}

}  // namespace leefkaart::study
