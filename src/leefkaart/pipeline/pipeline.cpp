#include "pipeline/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "aggregate/aggregate.hpp"
#include "pipeline/data_dir.hpp"
#include "pipeline/outputs.hpp"
#include "config/config.hpp"
#include "core/errors.hpp"
#include "indicators/indicators.hpp"
#include "indicators/threshold.hpp"
#include "io/checksum.hpp"
#include "io/crs.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"
#include "score/score.hpp"

namespace leefkaart::pipeline {
namespace fs = std::filesystem;
using io::FieldType;
using io::Value;
using json = nlohmann::json;

namespace {

Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value(); }
Value opt_int(const std::optional<int>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }
// Everything a run holds between reading and writing.
struct Study {
  config::Config cfg;
  DataDir data;
  indicators::PathResolver resolve;
  io::AreaSet areas;
  geom::Geom outline;
  std::unique_ptr<grid::HexGrid> grid;
  std::vector<grid::HexId> cells;
  std::vector<std::string> warnings;
};

// The study area's polygons, as the config describes them (build and check-config alike).
io::AreaSet read_study_areas(const config::Config& cfg, const indicators::PathResolver& resolve) {
  io::VectorReadOptions vopts;
  vopts.layer = cfg.study_area.layer;
  vopts.assign_crs = cfg.study_area.crs;
  return io::read_areas(resolve(cfg.study_area.file), cfg.study_area.code_field, cfg.study_area.name_field,
                        cfg.study_area.level, vopts);
}

Study load_study(const Options& opts) {
  Study s;
  s.cfg = config::load(opts.config_path);
  s.data = find_data_dir(opts.data_dir, opts.config_path);
  spdlog::info("data directory: {} ({})", s.data.path, s.data.found_by);
  s.resolve = {s.data.path, fs::absolute(opts.config_path).parent_path().string()};
  if (s.cfg.study_area.level != cbs::Level::Buurt)
    throw InputError({opts.config_path, "", "study_area.level"},
                     "only buurt polygons are supported as the study area so far (wijk and gemeente levels are "
                     "built from the buurt codes)");
  const std::string area_file = s.resolve(s.cfg.study_area.file);
  spdlog::info("reading study area {}", area_file);
  s.areas = read_study_areas(s.cfg, s.resolve);
  s.warnings = s.areas.warnings;
  for (const auto& w : s.warnings) spdlog::warn("{}", w);
  s.outline = s.areas.outline();
  s.grid = std::make_unique<grid::HexGrid>(s.cfg.grid);
  s.cells = cover_within_limit(*s.grid, s.outline.get(), s.cfg.cover, opts.max_cells, {opts.config_path, "", "grid.size"});
  if (s.cells.empty())
    throw InputError({area_file, "", ""},
                     fmt::format("the study area ({:.0f} m²) yields no cells with the '{}' rule and {}: use a smaller "
                                 "cell size or cover = \"intersects\"",
                                 geom::area(s.outline.get()), grid::to_string(s.cfg.cover), s.grid->describe()));
  spdlog::info("{} areas, {:.2f} km²; {} cells ({})", s.areas.areas.size(), geom::area(s.outline.get()) / 1e6,
               s.cells.size(), s.grid->describe());
  return s;
}

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

void add_cell_base(io::LayerData& layer, const Study& s, const transfer::Overlay* ov) {
  pipeline::add_cell_base(layer, *s.grid, s.cells, ov ? &ov->cell_area_m2 : nullptr);
}

json base_manifest(const Options& opts, const Study& s) {
  std::ifstream in(opts.config_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {{"tool", "leefkaart"},
          {"created_utc", utc_now()},
          {"config", {{"path", fs::absolute(opts.config_path).lexically_normal().string()}, {"sha256", io::sha256_text(text)}}},
          {"data_dir", s.data.path},
          {"libraries", library_versions()},
          {"grid", grid_json(s)}};
}

void run_grid_only(const Options& opts, Study& s) {
  io::LayerData cells;
  cells.name = "cells";
  cells.description = "leefkaart grid of the study area: " + s.grid->describe();
  add_cell_base(cells, s, nullptr);
  io::ResultSetWriter stage(opts.out_dir);
  io::write_geopackage(stage.staged("leefkaart.gpkg"), {&cells});
  json manifest = base_manifest(opts, s);
  manifest["command"] = "grid";
  manifest["inputs"] = json::array({file_entry(s.resolve(s.cfg.study_area.file))});
  manifest["counts"] = {{"cells", s.cells.size()}, {"areas", s.areas.areas.size()},
                        {"study_area_km2", geom::area(s.outline.get()) / 1e6}};
  manifest["warnings"] = s.warnings;
  stage.commit(std::move(manifest));
  spdlog::info("wrote {} cells to {}", s.cells.size(), (fs::path(opts.out_dir) / "leefkaart.gpkg").string());
}

struct Level {
  std::vector<std::string> codes, names;
  std::vector<std::size_t> group_of_area;
  std::vector<geom::Geom> geoms;
  std::vector<aggregate::LevelStats> stats;
};

Level make_level(const io::AreaSet& areas, const std::vector<std::string>& code_of_area,
                 const std::map<std::string, std::string>& names) {
  Level l;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const GEOSGeometry*>> parts;
  for (std::size_t a = 0; a < areas.areas.size(); ++a) {
    auto [it, inserted] = index.emplace(code_of_area[a], l.codes.size());
    if (inserted) {
      l.codes.push_back(code_of_area[a]);
      auto n = names.find(code_of_area[a]);
      l.names.push_back(n != names.end() ? n->second : code_of_area[a]);
      parts.emplace_back();
    }
    l.group_of_area.push_back(it->second);
    parts[it->second].push_back(areas.areas[a].geom.get());
  }
  // Dissolved from the buurten, so the levels nest without gaps or overlaps.
  for (const auto& p : parts) l.geoms.push_back(geom::unary_union(p));
  return l;
}

void add_level_stats_fields(io::LayerData& layer, int max_score, int k) {
  layer.fields.insert(layer.fields.end(), {{"pop", FieldType::Real}, {"pop_scored", FieldType::Real},
                                           {"mean_score", FieldType::Real},
                                           {fmt::format("share_score_ge_{}", k), FieldType::Real}});
  for (int i = 0; i <= max_score; ++i) layer.fields.push_back({fmt::format("pop_score_{}", i), FieldType::Real});
  layer.fields.push_back({"suppressed", FieldType::Integer});
}

void append_level_stats(std::vector<Value>& row, const aggregate::LevelStats& st) {
  row.push_back(round_to(st.residents, 1));
  row.push_back(st.suppressed ? Value() : Value(round_to(st.residents_scored, 1)));
  row.push_back(st.mean_score ? Value(round_to(*st.mean_score, 3)) : Value());
  row.push_back(st.share_at_least_k ? Value(round_to(*st.share_at_least_k, 4)) : Value());
  for (const auto& v : st.residents_per_score) row.push_back(opt(v));
  row.push_back(static_cast<long long>(st.suppressed));
}

io::LayerData level_layer(const std::string& name, const std::string& description, const Level& level,
                          const std::vector<std::pair<std::string, std::vector<Value>>>& extra_fields, int max_score,
                          int k) {
  io::LayerData layer;
  layer.name = name;
  layer.description = description;
  layer.fields = {{"code", FieldType::String}, {"naam", FieldType::String}};
  for (const auto& [fname, values] : extra_fields)
    layer.fields.push_back({fname, values.empty() || std::holds_alternative<std::string>(values.front()) ? FieldType::String
                                   : std::holds_alternative<long long>(values.front())                  ? FieldType::Integer
                                                                                                        : FieldType::Real});
  add_level_stats_fields(layer, max_score, k);
  for (std::size_t g = 0; g < level.codes.size(); ++g) {
    std::vector<Value> row{level.codes[g], level.names[g]};
    for (const auto& [fname, values] : extra_fields) row.push_back(values[g]);
    append_level_stats(row, level.stats[g]);
    layer.rows.push_back(std::move(row));
    layer.geometries.push_back(geom::clone(level.geoms[g].get()));
  }
  return layer;
}

}  // namespace

void run(const Options& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  io::check_output_folder(opts.out_dir);  // before the work, not after it
  Study s = load_study(opts);
  if (opts.grid_only) {
    run_grid_only(opts, s);
    return;
  }
  const config::Config& cfg = s.cfg;

  spdlog::info("cutting {} cells by {} areas", s.cells.size(), s.areas.areas.size());
  transfer::Overlay ov = transfer::overlay(*s.grid, s.cells, s.areas);

  // Residents: an extensive transfer of the population column.
  indicators::Sources sources(cfg, s.resolve);
  sources.study_box = geom::bounds(s.outline.get());
  std::vector<std::string> codes;
  for (const auto& a : s.areas.areas) codes.push_back(a.code);
  const io::Table& pop_table = sources.table(cfg.population.source.name);
  indicators::AreaJoin pop_join = indicators::area_values(cfg.population.source, pop_table, s.areas);
  if (cfg.population.weights) {
    io::VectorReadOptions wopts;
    wopts.layer = cfg.population.weights->layer;
    wopts.assign_crs = cfg.population.weights->crs;
    wopts.study_box = sources.study_box;
    const std::string wpath = sources.resolve_and_record(cfg.population.weights->file);
    spdlog::info("reading address weights {}", wpath);
    io::VectorData wdata = io::read_vector(wpath, wopts);
    std::vector<geom::Point> pts;
    for (const auto& f : wdata.features) pts.push_back(geom::point_xy(geom::centroid(f.geom.get()).get()));
    const std::size_t unused = transfer::add_point_weights(ov, *s.grid, s.cells, s.areas, pts);
    spdlog::info("{} address points, {} outside the covered cells", pts.size(), unused);
  }
  transfer::ExtensiveResult pop = transfer::extensive(ov, pop_join.values, codes);
  std::vector<double> residents(s.cells.size(), 0.0);
  for (std::size_t c = 0; c < s.cells.size(); ++c) residents[c] = pop.value[c].value_or(0.0);
  double source_total = 0, placed_total = 0;
  for (std::size_t a = 0; a < s.areas.areas.size(); ++a) source_total += pop_join.values[a].value_or(0.0);
  for (double r : residents) placed_total += r;
  const double pop_error = source_total > 0 ? std::abs(placed_total - source_total) / source_total : 0.0;
  spdlog::info("residents: {:.0f} in the table for the study area's buurten, {:.1f} placed on cells (difference {:.4f} %)",
               source_total, placed_total, pop_error * 100);
  std::vector<std::string> notes;
  if (!pop_join.unmatched_areas.empty()) {
    std::string list;
    for (const auto& c : pop_join.unmatched_areas) list += (list.empty() ? "" : ", ") + c;
    notes.push_back(fmt::format("population: {} of {} buurten have no row in {}: {}", pop_join.unmatched_areas.size(),
                                s.areas.areas.size(), pop_table.file, list));
  }
  {
    // Buurten the table has but the study area lacks: their residents are not on the map.
    double lost = 0;
    std::string list;
    const std::size_t pop_column = pop_table.field_index(cfg.population.source.fields.front());
    for (std::size_t row = 0; row < pop_table.row_count(); ++row) {
      const std::string& code = pop_table.key(row);
      if (cbs::level_of(code) != cbs::Level::Buurt || s.areas.index_of.count(code)) continue;
      if (!cfg.study_area.gemeente_code.empty() && cbs::gemeente_of(code) != cfg.study_area.gemeente_code) continue;
      lost += pop_table.number(row, pop_column).value_or(0.0);
      list += (list.empty() ? "" : ", ") + code;
    }
    if (!list.empty())
      notes.push_back(fmt::format("population: table rows without a study-area polygon ({:.0f} residents not on the map): {}",
                                  lost, list));
  }
  for (std::size_t a : pop.areas_without_cells)
    notes.push_back(fmt::format("population: buurt {} receives no cell ({} residents not placed)", codes[a],
                                pop_join.values[a].value_or(0.0)));

  // Indicators.
  indicators::Grid g{s.grid.get(), &s.cells, &s.areas, &ov, &residents};
  std::vector<score::IndicatorColumn> columns;
  json indicator_report = json::array();
  for (const auto& ind : cfg.indicators) {
    json entry = {{"name", ind.name}, {"label", ind.label}, {"kind", ind.kind == config::Kind::Social ? "social" : "spatial"},
                  {"in_score", ind.in_score}, {"description", ind.description}, {"unit", ind.unit},
                  {"direction", config::to_string(ind.direction)}};
    if (!ind.label_en.empty()) entry["label_en"] = ind.label_en;
    if (!ind.source) {
      spdlog::warn("indicator {} ({}): not supplied — {}", ind.name, ind.label, ind.not_supplied);
      entry["supplied"] = false;
      entry["not_supplied"] = ind.not_supplied;
      indicator_report.push_back(entry);
      continue;
    }
    spdlog::info("indicator {} ({})", ind.name, ind.label);
    indicators::CellColumn col = indicators::evaluate(ind, cfg, sources, g, cfg.min_value_coverage);
    for (const auto& n : col.notes) notes.push_back(n);
    std::vector<double> vals, weights;
    for (std::size_t c = 0; c < s.cells.size(); ++c)
      if (col.value[c] && residents[c] > 0) {
        vals.push_back(*col.value[c]);
        weights.push_back(residents[c]);
      }
    score::IndicatorColumn sc;
    sc.name = ind.name;
    sc.social = ind.kind == config::Kind::Social;
    sc.in_score = ind.in_score;
    sc.direction = ind.direction;
    sc.threshold = indicators::resolve_threshold(ind.threshold, vals, weights);
    sc.value = std::move(col.value);
    sc.reason = std::move(col.reason);
    std::size_t missing = 0;
    for (const auto& v : sc.value) missing += !v.has_value();
    entry["supplied"] = true;
    entry["rule"] = config::describe_threshold(ind);
    entry["threshold"] = sc.threshold ? json(*sc.threshold) : json(nullptr);
    entry["cells_with_value"] = s.cells.size() - missing;
    entry["cells_missing"] = missing;
    if (sc.threshold)
      spdlog::info("  threshold {:.4g} ({}); {} cells without value", *sc.threshold, config::describe_threshold(ind), missing);
    else
      spdlog::warn("  no threshold could be derived: no inhabited cell has a value");
    indicator_report.push_back(entry);
    columns.push_back(std::move(sc));
  }

  score::CellScores scores = score::score_cells(columns, residents);
  score::suppress_small_counts(columns, scores, residents, cfg.privacy_min_residents);
  const int k = cfg.score_at_least.value_or((scores.max_score + 1) / 2);

  // Levels.
  std::vector<std::string> wijk_of_area, gm_of_area;
  for (const auto& a : s.areas.areas) {
    std::string w = cbs::wijk_of(a.code);
    wijk_of_area.push_back(w.empty() ? "onbekend" : w);
    gm_of_area.push_back(cfg.study_area.gemeente_code.empty() ? cbs::gemeente_of(a.code) : cfg.study_area.gemeente_code);
  }
  std::map<std::string, std::string> buurt_names, wijk_names, gm_names;
  for (const auto& a : s.areas.areas) buurt_names[a.code] = a.name;
  if (cfg.wijken) {
    const std::string wpath = sources.resolve_and_record(cfg.wijken->file);
    io::AreaSet w = io::read_areas(wpath, cfg.wijken->code_field, cfg.wijken->name_field, cbs::Level::Wijk);
    for (const auto& a : w.areas) wijk_names[a.code] = a.name;
  }
  if (!gm_of_area.empty())
    gm_names[gm_of_area.front()] = cfg.study_area.gemeente_name.empty() ? gm_of_area.front() : cfg.study_area.gemeente_name;
  Level buurten = make_level(s.areas, codes, buurt_names);
  Level wijken = make_level(s.areas, wijk_of_area, wijk_names);
  Level gemeente = make_level(s.areas, gm_of_area, gm_names);
  for (Level* l : {&buurten, &wijken, &gemeente})
    l->stats = aggregate::by_group(ov, pop.piece_amount, l->group_of_area, l->codes.size(), scores, k,
                                   cfg.privacy_min_residents);
  std::vector<std::size_t> wijk_of_buurt(buurten.codes.size());
  for (std::size_t a = 0; a < s.areas.areas.size(); ++a) wijk_of_buurt[buurten.group_of_area[a]] = wijken.group_of_area[a];
  auto masked = aggregate::find_masking(buurten.stats, wijken.stats, wijk_of_buurt, cfg.masking_min_difference,
                                        cfg.masking_min_residents);
  spdlog::info("{} buurt(en) score at least {:g} worse than their wijk", masked.size(), cfg.masking_min_difference);

  // Cells layer.
  const std::string grid_text = s.grid->describe();
  io::LayerData cells;
  cells.name = "cells";
  cells.description = fmt::format("leefkaart gezondheidskaart, score 0..{} (number of flagged indicators); {}",
                                  scores.max_score, grid_text);
  add_cell_base(cells, s, &ov);
  cells.fields.insert(cells.fields.end(), {{"buurt_code", FieldType::String}, {"pop", FieldType::Real},
                                           {"score", FieldType::Integer}, {"score_max", FieldType::Integer},
                                           {"incomplete", FieldType::Integer}, {"incomplete_reason", FieldType::String},
                                           {"suppressed", FieldType::Integer}});
  for (const auto& col : columns) {
    cells.fields.push_back({"ind_" + col.name, FieldType::Integer});
    cells.fields.push_back({"val_" + col.name, FieldType::Real});
  }
  std::vector<std::size_t> main_area(s.cells.size(), 0);
  std::vector<double> main_area_m2(s.cells.size(), 0.0);
  for (const auto& p : ov.pieces)
    if (p.area_m2 > main_area_m2[p.cell]) {
      main_area_m2[p.cell] = p.area_m2;
      main_area[p.cell] = p.area;
    }
  std::size_t n_scored = 0, n_incomplete = 0, n_suppressed = 0;
  for (std::size_t c = 0; c < s.cells.size(); ++c) {
    auto& row = cells.rows[c];
    row.push_back(codes[main_area[c]]);
    // Unknown population is not "0 residents": the cell stays suppressed (no
    // privacy guarantee is possible) and says why it has no score.
    const bool pop_unknown = !pop.value[c].has_value();
    row.push_back(pop_unknown ? Value() : Value(round_to(residents[c], 2)));
    row.push_back(opt_int(scores.score[c]));
    row.push_back(static_cast<long long>(scores.max_score));
    const bool incomplete = pop_unknown || (scores.incomplete[c] && !scores.suppressed[c]);
    row.push_back(static_cast<long long>(incomplete));
    row.push_back(pop_unknown  ? Value("residents: " + pop.reason[c])
                  : incomplete ? Value(scores.incomplete_reason[c])
                               : Value());
    row.push_back(static_cast<long long>(scores.suppressed[c]));
    for (const auto& col : columns) {
      row.push_back(opt_int(col.flag[c]));
      row.push_back(col.value[c] ? Value(round_to(*col.value[c], 6)) : Value());
    }
    n_scored += scores.score[c].has_value();
    n_incomplete += incomplete;
    n_suppressed += scores.suppressed[c];
  }

  // Level layers.
  std::vector<Value> buurt_wijk, buurt_pop_source, buurt_masked;
  std::vector<bool> is_masked(buurten.codes.size(), false);
  for (const auto& m : masked) is_masked[m.buurt] = true;
  for (std::size_t b = 0; b < buurten.codes.size(); ++b) {
    buurt_wijk.push_back(wijken.codes[wijk_of_buurt[b]]);
    buurt_pop_source.push_back(opt(pop_join.values[b]));
    buurt_masked.push_back(static_cast<long long>(is_masked[b]));
  }
  const std::string stats_note = fmt::format(
      "resident-weighted mean cell score (0..{}), residents per score (rounded to 5, left out below {}), share of "
      "residents in cells with score >= {}; {}",
      scores.max_score, cfg.privacy_min_residents, k, grid_text);
  io::LayerData buurt_layer = level_layer("buurten", "leefkaart per buurt: " + stats_note, buurten,
                                          {{"wijk_code", buurt_wijk}, {"pop_source", buurt_pop_source}, {"masked", buurt_masked}},
                                          scores.max_score, k);
  std::vector<Value> wijk_gm;
  for (std::size_t w = 0; w < wijken.codes.size(); ++w) wijk_gm.push_back(gemeente.codes.front());
  io::LayerData wijk_layer =
      level_layer("wijken", "leefkaart per wijk: " + stats_note, wijken, {{"gm_code", wijk_gm}}, scores.max_score, k);
  io::LayerData gm_layer = level_layer("gemeente", "leefkaart per gemeente: " + stats_note, gemeente, {}, scores.max_score, k);

  io::LayerData masking;
  masking.name = "masking";
  masking.fields = {{"buurt_code", FieldType::String}, {"buurt_naam", FieldType::String}, {"wijk_code", FieldType::String},
                    {"wijk_naam", FieldType::String},  {"buurt_score", FieldType::Real},  {"wijk_score", FieldType::Real},
                    {"verschil", FieldType::Real},     {"pop", FieldType::Real}};
  for (const auto& m : masked)
    masking.rows.push_back({buurten.codes[m.buurt], buurten.names[m.buurt], wijken.codes[m.wijk], wijken.names[m.wijk],
                            round_to(m.buurt_score, 3), round_to(m.wijk_score, 3), round_to(m.buurt_score - m.wijk_score, 3),
                            aggregate::round_to_5(buurten.stats[m.buurt].residents)});

  // Base map from the build's OSM extract, read before the manifest lists the inputs.
  std::vector<io::LayerData> basemap;
  if (!cfg.basemap_osm.empty()) {
    const std::string osm = sources.resolve_and_record(cfg.basemap_osm);
    spdlog::info("base map from {}", osm);
    geom::Box box = geom::bounds(s.outline.get());
    box = {box.minx - 500, box.miny - 500, box.maxx + 500, box.maxy + 500};
    basemap = basemap_layers(osm, box, io::kRdNewEpsg);
  }

  // Manifest.
  json manifest = base_manifest(opts, s);
  manifest["command"] = "build";
  json inputs = json::array({file_entry(s.resolve(cfg.study_area.file))});
  for (const auto& f : sources.files_used()) inputs.push_back(file_entry(f));
  manifest["inputs"] = inputs;
  manifest["indicators"] = indicator_report;
  manifest["score"] = {{"max", scores.max_score}, {"score_at_least", k},
                       {"rule", "score = number of flagged indicators; a cell with a missing input has no score (incomplete)"}};
  manifest["privacy"] = {{"min_residents", cfg.privacy_min_residents},
                         {"rule", "cells with fewer residents carry no social value, flag or score; class counts are "
                                  "rounded to 5 and left out below the minimum"}};
  manifest["masking"] = {{"min_difference", cfg.masking_min_difference}, {"min_residents", cfg.masking_min_residents},
                         {"buurten", masked.size()}};
  manifest["counts"] = {{"cells", s.cells.size()},
                        {"cells_scored", n_scored},
                        {"cells_incomplete", n_incomplete},
                        {"cells_suppressed", n_suppressed},
                        {"buurten", buurten.codes.size()},
                        {"wijken", wijken.codes.size()},
                        {"study_area_km2", geom::area(s.outline.get()) / 1e6},
                        {"residents_source", source_total},
                        {"residents_on_cells", placed_total},
                        {"residents_relative_difference", pop_error}};
  for (const auto& w : sources.warnings) spdlog::warn("{}", w);
  s.warnings.insert(s.warnings.end(), sources.warnings.begin(), sources.warnings.end());
  manifest["warnings"] = s.warnings;
  manifest["notes"] = notes;
  for (const auto& n : notes) spdlog::warn("{}", n);

  spdlog::info("writing outputs to {}", opts.out_dir);
  io::ResultSetWriter stage(opts.out_dir);
  io::write_geopackage(stage.staged("leefkaart.gpkg"), {&cells, &buurt_layer, &wijk_layer, &gm_layer});
  for (const io::LayerData* l : {&cells, &buurt_layer, &wijk_layer, &gm_layer}) {
    io::write_geojson_wgs84(stage.staged(l->name + ".geojson"), *l);
    io::write_csv(stage.staged(l->name + ".csv"), *l);
  }
  io::write_csv(stage.staged("masking.csv"), masking);
  manifest["outputs"] = {"leefkaart.gpkg", "cells.geojson", "buurten.geojson", "wijken.geojson", "gemeente.geojson",
                         "cells.csv", "buurten.csv", "wijken.csv", "gemeente.csv", "masking.csv", "manifest.json"};
  if (!cfg.basemap_osm.empty()) write_basemap(stage, basemap, manifest);
  manifest["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stage.commit(std::move(manifest));
  spdlog::info("done: {} cells, {} scored, {} incomplete, {} suppressed; score 0..{}", s.cells.size(), n_scored,
               n_incomplete, n_suppressed, scores.max_score);
}

std::string check_config(const std::string& config_path, const std::optional<std::string>& data_dir) {
  config::Config cfg = config::load(config_path);
  std::string out = config::explain(cfg);
  DataDir data;
  try {
    data = find_data_dir(data_dir, config_path);
  } catch (const InputError& e) {
    if (data_dir) throw;  // a --data the user gave must exist
    return out + "\nData files were not checked: " + e.problem() + "\n";
  }
  indicators::PathResolver resolve{data.path, fs::absolute(config_path).parent_path().string()};
  indicators::Sources sources(cfg, resolve);
  io::AreaSet areas = read_study_areas(cfg, resolve);
  auto check_table_source = [&](const config::SourceSpec& src) {
    const io::Table& t = sources.table(src.name);
    (void)indicators::area_values(src, t, areas);  // reads every value: non-numbers fail here
  };
  check_table_source(cfg.population.source);
  for (const auto& ind : cfg.indicators) {
    if (!ind.source) continue;
    const auto& src = *ind.source;
    if (src.kind == config::SourceKind::Table) check_table_source(src);
    if (src.kind == config::SourceKind::Layer) (void)sources.layer(src.name);
    if (src.distance_method == config::DistanceMethod::Network) (void)sources.routing(src.osm_file, src.mode);
  }
  out += fmt::format("\nData checked in {} ({}): {} study areas; every table, column, layer and street network named above was read.\n",
                     data.path, data.found_by, areas.areas.size());
  for (const auto& w : sources.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace leefkaart::pipeline
