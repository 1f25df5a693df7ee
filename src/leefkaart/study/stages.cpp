#include "study/stages.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "config/data_dir.hpp"
#include "core/errors.hpp"
#include "indicators/threshold.hpp"
#include "io/build_schema.hpp"
#include "io/cbs.hpp"

namespace leefkaart::study {
namespace fs = std::filesystem;
using json = nlohmann::json;

io::AreaSet read_study_areas(const config::Config& cfg, const indicators::PathResolver& resolve) {
  io::VectorReadOptions vopts;
  vopts.layer = cfg.study_area.layer;
  vopts.assign_crs = cfg.study_area.crs;
  const std::string path = resolve(cfg.study_area.file);
  io::AreaSet all = io::read_areas(path, cfg.study_area.code_field, cfg.study_area.name_field, cfg.study_area.level, vopts);
  if (!cfg.gemeenten.empty()) {
    // A national file: keep the polygons the [[gemeente]] entries claim.
    const std::vector<std::string> gm = gemeente_of_codes(cfg, [&] {
      std::vector<std::string> codes;
      for (const auto& a : all.areas) codes.push_back(a.code);
      return codes;
    }());
    std::set<std::string> wanted;
    for (const auto& g : cfg.gemeenten) wanted.insert(g.code);
    io::AreaSet kept;
    kept.file = all.file;
    std::set<std::string> found;
    for (std::size_t a = 0; a < all.areas.size(); ++a) {
      if (!wanted.count(gm[a])) continue;
      found.insert(gm[a]);
      kept.index_of.emplace(all.areas[a].code, kept.areas.size());
      kept.areas.push_back(std::move(all.areas[a]));
    }
    // Doubts about polygons left out are not this map's.
    for (const auto& w : all.warnings) {
      const auto at = w.find("(BU");
      if (at == std::string::npos || kept.index_of.count(w.substr(at + 1, 10))) kept.warnings.push_back(w);
    }
    for (const auto& g : cfg.gemeenten)
      if (!found.count(g.code))
        throw InputError({cfg.path, fmt::format("line {}", g.line), "gemeente.buurt_prefixes"},
                         fmt::format("no polygon of {} matches {} ({}): check its buurt_prefixes and buurten", path, g.code, g.name));
    all = std::move(kept);
  }
  if (!cfg.study_area.name_table.empty()) {
    // Names from a table column where the polygons carry none; the rest keep their code.
    const config::TableSpec& spec = cfg.tables.at(cfg.study_area.name_table);
    io::TableReadOptions topts;
    topts.key_field = spec.key;
    topts.key_level = spec.key_level;
    topts.layer = spec.sheet;
    const io::Table names = io::read_table(resolve(spec.file), topts);
    const std::size_t column = names.field_index(cfg.study_area.name_column);
    for (auto& a : all.areas)
      if (auto row = names.row_of(a.code); row && !names.text(*row, column).empty()) a.name = names.text(*row, column);
  }
  return all;
}

std::vector<std::string> gemeente_of_codes(const config::Config& cfg, const std::vector<std::string>& codes) {
  std::map<std::string, std::string> by_buurt, by_prefix;
  for (const auto& g : cfg.gemeenten) {
    for (const auto& b : g.buurten) by_buurt[b] = g.code;
    for (const auto& p : g.buurt_prefixes) by_prefix[p] = g.code;
  }
  std::vector<std::string> out;
  out.reserve(codes.size());
  for (const auto& code : codes) {
    if (auto b = by_buurt.find(code); b != by_buurt.end()) {
      out.push_back(b->second);
      continue;
    }
    if (!cfg.gemeenten.empty()) {
      auto p = by_prefix.find(code.substr(0, 6));
      out.push_back(p != by_prefix.end() ? p->second : std::string());
      continue;
    }
    out.push_back(cfg.study_area.gemeente_code.empty() ? cbs::gemeente_of(code) : cfg.study_area.gemeente_code);
  }
  return out;
}

Study load_study(const LoadOptions& opts) { return load_study(opts, config::load(opts.config_path)); }

Study load_study(const LoadOptions& opts, config::Config cfg) {
  Study s;
  s.cfg = std::move(cfg);
  const config::DataDir data = config::find_data_dir(opts.data_dir, opts.config_path);
  s.data_dir = data.path;
  s.data_found_by = data.found_by;
  spdlog::info("data directory: {} ({})", s.data_dir, s.data_found_by);
  s.resolve = {s.data_dir, fs::absolute(opts.config_path).parent_path().string()};
  if (s.cfg.study_area.level != cbs::Level::Buurt)
    throw InputError({opts.config_path, "", "study_area.level"},
                     "only buurt polygons are supported as the study area so far (wijk and gemeente levels are "
                     "built from the buurt codes)");
  const std::string area_file = s.resolve(s.cfg.study_area.file);
  spdlog::info("reading study area {}", area_file);
  s.areas = read_study_areas(s.cfg, s.resolve);
  for (const auto& a : s.areas.areas) s.codes.push_back(a.code);
  s.warnings = s.areas.warnings;
  for (const auto& w : s.warnings) spdlog::warn("{}", w);
  s.outline = s.areas.outline();
  s.grid = std::make_unique<grid::HexGrid>(s.cfg.grid);
  s.cells = grid::cover_within_limit(*s.grid, s.outline.get(), s.cfg.cover, opts.max_cells, {opts.config_path, "", "grid.size"});
  if (s.cells.empty())
    throw InputError({area_file, "", ""},
                     fmt::format("the study area ({:.0f} m²) yields no cells with the '{}' rule and {}: use a smaller "
                                 "cell size or cover = \"intersects\"",
                                 geom::area(s.outline.get()), grid::to_string(s.cfg.cover), s.grid->describe()));
  spdlog::info("{} areas, {:.2f} km²; {} cells ({})", s.areas.areas.size(), geom::area(s.outline.get()) / 1e6,
               s.cells.size(), s.grid->describe());
  return s;
}

transfer::Overlay make_overlay(const Study& s, indicators::Sources& sources) {
  spdlog::info("cutting {} cells by {} areas", s.cells.size(), s.areas.areas.size());
  transfer::Overlay ov = transfer::overlay(*s.grid, s.cells, s.areas);
  if (const auto& weights = s.cfg.population.weights) {
    io::VectorReadOptions wopts;
    wopts.layer = weights->layer;
    wopts.assign_crs = weights->crs;
    wopts.study_box = sources.study_box;
    const std::string wpath = sources.resolve_and_record(weights->file);
    spdlog::info("reading address weights {}", wpath);
    io::VectorData wdata = io::read_vector(wpath, wopts);
    std::vector<geom::Point> pts;
    for (const auto& f : wdata.features) pts.push_back(geom::point_xy(geom::centroid(f.geom.get()).get()));
    const std::size_t unused = transfer::add_point_weights(ov, *s.grid, s.cells, s.areas, pts);
    spdlog::info("{} address points, {} outside the covered cells", pts.size(), unused);
  }
  return ov;
}

Residents place_residents(const config::Config& cfg, const Study& s, const transfer::Overlay& ov,
                          indicators::Sources& sources) {
  Residents r;
  const io::Table& table = sources.table(cfg.population.source.name);
  // Residents are a count: through a crosswalk each old buurt's residents are split over the new ones.
  r.join = indicators::join_table(cfg.population.source, sources, s.areas, crosswalk::Measure::Count);
  r.notes = r.join.notes;
  const bool through_crosswalk = cfg.tables.at(cfg.population.source.name).crosswalk.has_value();
  const std::vector<std::string> gm_of_area = gemeente_of_codes(cfg, s.codes);
  r.spread.assign(s.areas.areas.size(), false);
  // Per [[gemeente]]: its place in r.by_gemeente.
  std::map<std::string, std::size_t> slot;
  for (const auto& g : cfg.gemeenten) {
    slot.emplace(g.code, r.by_gemeente.size());
    r.by_gemeente.push_back({g.code, 0, 0});
  }
  if (!cfg.gemeenten.empty()) {
    // Per gemeente: the table's residents by the table's own codes (the figure to match).
    std::vector<double> unmatched_rows(r.by_gemeente.size(), 0.0);
    std::vector<std::size_t> unmatched_row_count(r.by_gemeente.size(), 0);
    const std::size_t column = table.field_index(cfg.population.source.fields.front());
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      const std::string& code = table.key(row);
      if (cbs::level_of(code) != cbs::Level::Buurt) continue;
      auto g = slot.find(cbs::gemeente_of(code));
      if (g == slot.end()) continue;
      const double v = table.number(row, column).value_or(0.0);
      r.by_gemeente[g->second].table += v;
      if (!s.areas.index_of.count(code)) {
        unmatched_rows[g->second] += v;
        ++unmatched_row_count[g->second];
      }
    }
    if (cfg.population.spread_unmatched_by_area) {
      // Codes renumbered since the polygons were drawn: the gemeente's residents
      // without a polygon go to its polygons without a row, by area (with none,
      // to all its polygons), so each gemeente keeps its total.
      for (const auto& [code, i] : slot) {
        if (unmatched_rows[i] <= 0) continue;
        std::vector<std::size_t> receivers;
        for (std::size_t a = 0; a < s.areas.areas.size(); ++a)
          if (gm_of_area[a] == code && !r.join.values[a]) receivers.push_back(a);
        const bool to_all = receivers.empty();
        if (to_all)
          for (std::size_t a = 0; a < s.areas.areas.size(); ++a)
            if (gm_of_area[a] == code) receivers.push_back(a);
        double m2 = 0;
        for (std::size_t a : receivers) m2 += s.areas.areas[a].area_m2;
        if (!(m2 > 0)) continue;
        for (std::size_t a : receivers) {
          r.join.values[a] = r.join.values[a].value_or(0.0) + unmatched_rows[i] * s.areas.areas[a].area_m2 / m2;
          r.spread[a] = true;
        }
        r.notes.push_back(fmt::format(
            "population: {}: {} buurten of {} ({:.0f} residents) have no polygon (codes changed since the polygons were "
            "drawn); their residents were spread by area over {} {}buurten, marked in the buurten layer",
            code, unmatched_row_count[i], table.file, unmatched_rows[i], receivers.size(),
            to_all ? "(all its) " : "polygon-without-row "));
      }
      std::erase_if(r.join.unmatched_areas, [&](const std::string& code) { return r.spread[s.areas.index_of.at(code)]; });
    }
  }
  r.placed = transfer::extensive(ov, r.join.values, s.codes);
  if (!r.by_gemeente.empty()) {
    for (std::size_t p = 0; p < ov.pieces.size(); ++p)
      if (auto g = slot.find(gm_of_area[ov.pieces[p].area]); g != slot.end())
        r.by_gemeente[g->second].placed += r.placed.piece_amount[p];
  }
  r.per_cell.assign(s.cells.size(), 0.0);
  for (std::size_t c = 0; c < s.cells.size(); ++c) r.per_cell[c] = r.placed.value[c].value_or(0.0);
  for (const auto& v : r.join.values) r.source_total += v.value_or(0.0);
  for (double x : r.per_cell) r.placed_total += x;
  r.relative_difference = r.source_total > 0 ? std::abs(r.placed_total - r.source_total) / r.source_total : 0.0;
  spdlog::info("residents: {:.0f} in the table for the study area's buurten, {:.1f} placed on cells (difference {:.4f} %)",
               r.source_total, r.placed_total, r.relative_difference * 100);
  if (!r.join.unmatched_areas.empty())
    r.notes.push_back(fmt::format("population: {} of {} buurten have no row in {}: {}", r.join.unmatched_areas.size(),
                                  s.areas.areas.size(), table.file, fmt::join(r.join.unmatched_areas, ", ")));
  // Buurten the table has but the study area lacks: their residents are not on the map
  // (through a crosswalk the table's codes are another boundary set's: the crosswalk reports those).
  double lost = 0;
  std::vector<std::string> missing;
  const std::size_t column = table.field_index(cfg.population.source.fields.front());
  for (std::size_t row = 0; !through_crosswalk && row < table.row_count(); ++row) {
    const std::string& code = table.key(row);
    if (cbs::level_of(code) != cbs::Level::Buurt || s.areas.index_of.count(code)) continue;
    if (!cfg.study_area.gemeente_code.empty() && cbs::gemeente_of(code) != cfg.study_area.gemeente_code) continue;
    if (!cfg.gemeenten.empty()) continue;  // reported per gemeente above
    lost += table.number(row, column).value_or(0.0);
    missing.push_back(code);
  }
  if (!missing.empty())
    r.notes.push_back(fmt::format("population: table rows without a study-area polygon ({:.0f} residents not on the map): {}",
                                  lost, fmt::join(missing, ", ")));
  for (std::size_t a : r.placed.areas_without_cells)
    r.notes.push_back(fmt::format("population: buurt {} receives no cell ({} residents not placed)", s.codes[a],
                                  r.join.values[a].value_or(0.0)));
  return r;
}

namespace {
// Where an indicator's value comes from, for the map's explanation and the report.
json source_json(const config::Config& cfg, const config::SourceSpec& src) {
  switch (src.kind) {
    case config::SourceKind::Table: {
      json out = {{"kind", "table"}, {"table", src.name}, {"value", config::describe_value(src)}};
      if (auto t = cfg.tables.find(src.name); t != cfg.tables.end()) out["file"] = t->second.file;
      return out;
    }
    case config::SourceKind::Layer: {
      json out = {{"kind", "layer"}, {"layer", src.name}, {"distance", src.distance_method == config::DistanceMethod::Network ? "network" : "straight_line"}};
      if (auto l = cfg.layers.find(src.name); l != cfg.layers.end()) out["file"] = l->second.file;
      return out;
    }
    case config::SourceKind::Raster: {
      json out = {{"kind", "raster"}, {"raster", src.name}};
      if (auto r = cfg.rasters.find(src.name); r != cfg.rasters.end()) out["file"] = r->second.file;
      return out;
    }
    case config::SourceKind::OsmCategory:
      return {{"kind", "osm"}, {"category", src.category}, {"file", src.osm_file}, {"mode", src.mode}};
  }
  return nullptr;
}
}  // namespace

IndicatorRun evaluate_indicators(const config::Config& cfg, const Study& s, const transfer::Overlay& ov,
                                 const Residents& residents, indicators::Sources& sources) {
  IndicatorRun run;
  indicators::Grid g{s.grid.get(), &s.cells, &s.areas, &ov, &residents.per_cell};
  for (const auto& ind : cfg.indicators) {
    json entry = {{"name", ind.name}, {"label", ind.label}, {"kind", ind.kind == config::Kind::Social ? "social" : "spatial"},
                  {"in_score", ind.in_score}, {"description", ind.description}, {"unit", ind.unit},
                  {"direction", config::to_string(ind.direction)}};
    if (!ind.label_en.empty()) entry["label_en"] = ind.label_en;
    if (!ind.description_en.empty()) entry["description_en"] = ind.description_en;
    entry["decimals"] = ind.decimals;
    // The stapelkaart's grouping (schema indicator_keys); null: no perspective.
    entry[io::build_schema::indicator_key("perspective")] = ind.perspective.empty() ? json() : json(ind.perspective);
    entry[io::build_schema::indicator_key("vulnerability")] = ind.vulnerability;
    entry["rule_nl"] = config::describe_threshold_nl(ind);
    if (!ind.proxy_for.empty()) entry["proxy_for"] = ind.proxy_for;
    if (ind.source) entry["source"] = source_json(cfg, *ind.source);
    if (!ind.source) {
      spdlog::warn("indicator {} ({}): not supplied — {}", ind.name, ind.label, ind.not_supplied);
      entry["supplied"] = false;
      entry["not_supplied"] = ind.not_supplied;
      run.report.push_back(entry);
      continue;
    }
    spdlog::info("indicator {} ({})", ind.name, ind.label);
    indicators::CellColumn col = indicators::evaluate(ind, cfg, sources, g, cfg.min_value_coverage);
    run.notes.insert(run.notes.end(), col.notes.begin(), col.notes.end());
    score::IndicatorColumn sc;
    sc.name = ind.name;
    sc.social = ind.kind == config::Kind::Social;
    sc.in_score = ind.in_score;
    sc.direction = ind.direction;
    sc.value = std::move(col.value);
    sc.reason = std::move(col.reason);
    std::size_t missing = 0;
    for (const auto& v : sc.value) missing += !v.has_value();
    entry["supplied"] = true;
    entry["rule"] = config::describe_threshold(ind);
    entry["cells_with_value"] = s.cells.size() - missing;
    entry["cells_missing"] = missing;
    run.report.push_back(entry);
    run.columns.push_back(std::move(sc));
  }
  return run;
}

void resolve_thresholds(IndicatorRun& run, const config::Config& cfg, const Residents& residents,
                        const Thresholds* fixed) {
  for (auto& col : run.columns) {
    const config::Indicator* ind = nullptr;
    for (const auto& i : cfg.indicators)
      if (i.name == col.name) ind = &i;
    json* entry = nullptr;
    for (auto& e : run.report)
      if (e["name"] == col.name) entry = &e;
    if (fixed && fixed->count(col.name)) {
      col.threshold = fixed->at(col.name);
      (*entry)["threshold_from"] = "base_year";
    } else {
      std::vector<double> vals, weights;
      for (std::size_t c = 0; c < col.value.size(); ++c)
        if (col.value[c] && residents.per_cell[c] > 0) {
          vals.push_back(*col.value[c]);
          weights.push_back(residents.per_cell[c]);
        }
      col.threshold = indicators::resolve_threshold(ind->threshold, vals, weights);
    }
    (*entry)["threshold"] = col.threshold ? json(*col.threshold) : json(nullptr);
    if (col.threshold && fixed && fixed->count(col.name))
      spdlog::info("  {}: threshold {:.4g} (the base year's)", col.name, *col.threshold);
    else if (col.threshold)
      spdlog::info("  {}: threshold {:.4g} ({})", col.name, *col.threshold, config::describe_threshold(*ind));
    else
      spdlog::warn("  {}: no threshold could be derived: no inhabited cell has a value", col.name);
  }
}

Thresholds thresholds_of(const IndicatorRun& run) {
  Thresholds t;
  for (const auto& col : run.columns)
    if (col.threshold) t[col.name] = *col.threshold;
  return t;
}

Scoring score_study(const config::Config& cfg, std::vector<score::IndicatorColumn>& columns,
                    const Residents& residents) {
  Scoring s;
  s.scores = score::score_cells(columns, residents.per_cell);
  score::suppress_small_counts(columns, s.scores, residents.per_cell, cfg.privacy_min_residents);
  s.k = cfg.score_at_least.value_or((s.scores.max_score + 1) / 2);
  return s;
}

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

Levels make_levels(const Study& s, indicators::Sources& sources) {
  const config::Config& cfg = s.cfg;
  std::vector<std::string> wijk_of_area;
  const std::vector<std::string> gm_of_area = gemeente_of_codes(cfg, s.codes);
  for (const auto& a : s.areas.areas) {
    std::string w = cbs::wijk_of(a.code);
    wijk_of_area.push_back(w.empty() ? "onbekend" : w);
  }
  std::map<std::string, std::string> buurt_names, wijk_names, gm_names, pv_names, pv_of_gm;
  for (const auto& a : s.areas.areas) buurt_names[a.code] = a.name;
  if (cfg.wijken) {
    const std::string wpath = sources.resolve_and_record(cfg.wijken->file);
    io::AreaSet w = io::read_areas(wpath, cfg.wijken->code_field, cfg.wijken->name_field, cbs::Level::Wijk);
    for (const auto& a : w.areas) wijk_names[a.code] = a.name;
  }
  for (const auto& g : cfg.gemeenten) {
    gm_names[g.code] = g.name;
    if (!g.provincie.empty()) {
      pv_of_gm[g.code] = g.provincie;
      pv_names[g.provincie] = g.provincie_name;
    }
  }
  if (cfg.gemeenten.empty() && !gm_of_area.empty())
    gm_names[gm_of_area.front()] = cfg.study_area.gemeente_name.empty() ? gm_of_area.front() : cfg.study_area.gemeente_name;
  // Without a wijk file (the national polygons), a wijk is named after its gemeente and number.
  for (std::size_t a = 0; a < s.areas.areas.size(); ++a) {
    const std::string& w = wijk_of_area[a];
    if (wijk_names.count(w) || w.size() < 2) continue;
    auto gm = gm_names.find(gm_of_area[a]);
    wijk_names[w] = fmt::format("{} wijk {}", gm != gm_names.end() ? gm->second : gm_of_area[a], w.substr(w.size() - 2));
  }
  Levels l;
  l.buurten = make_level(s.areas, s.codes, buurt_names);
  l.wijken = make_level(s.areas, wijk_of_area, wijk_names);
  l.gemeente = make_level(s.areas, gm_of_area, gm_names);
  if (!pv_of_gm.empty() && pv_of_gm.size() == cfg.gemeenten.size()) {
    std::vector<std::string> pv_of_area;
    for (const auto& gm : gm_of_area) pv_of_area.push_back(pv_of_gm.at(gm));
    l.provincies = make_level(s.areas, pv_of_area, pv_names);
  }
  l.wijk_of_buurt.resize(l.buurten.codes.size());
  l.gemeente_of_wijk.resize(l.wijken.codes.size());
  for (std::size_t a = 0; a < s.areas.areas.size(); ++a) {
    l.wijk_of_buurt[l.buurten.group_of_area[a]] = l.wijken.group_of_area[a];
    l.gemeente_of_wijk[l.wijken.group_of_area[a]] = l.gemeente.group_of_area[a];
  }
  return l;
}

LevelResults level_stats(const config::Config& cfg, const Levels& levels, const transfer::Overlay& ov,
                         const Residents& residents, const Scoring& scoring) {
  LevelResults r;
  auto stats = [&](const Level& l) {
    return aggregate::by_group(ov, residents.placed.piece_amount, l.group_of_area, l.codes.size(), scoring.scores,
                               scoring.k, cfg.privacy_min_residents);
  };
  r.buurten = stats(levels.buurten);
  r.wijken = stats(levels.wijken);
  r.gemeente = stats(levels.gemeente);
  if (!levels.provincies.codes.empty()) r.provincies = stats(levels.provincies);
  r.masked = aggregate::find_masking(r.buurten, r.wijken, levels.wijk_of_buurt, cfg.masking_min_difference,
                                     cfg.masking_min_residents);
  spdlog::info("{} buurt(en) score at least {:g} worse than their wijk", r.masked.size(), cfg.masking_min_difference);
  return r;
}

LevelBreakdowns level_breakdowns(const Levels& levels, const transfer::Overlay& ov, const Residents& residents,
                                 const IndicatorRun& run, const Scoring& scoring, const LevelResults& results) {
  auto of = [&](const Level& l, const std::vector<aggregate::LevelStats>& stats) {
    return aggregate::breakdown_by_group(ov, residents.placed.piece_amount, l.group_of_area, stats, run.columns,
                                         scoring.scores);
  };
  LevelBreakdowns b{of(levels.buurten, results.buurten), of(levels.wijken, results.wijken),
                    of(levels.gemeente, results.gemeente), {}, std::nullopt};
  if (!levels.provincies.codes.empty()) b.provincies = of(levels.provincies, results.provincies);
  const std::vector<std::size_t> main_area = main_area_of_cells(ov, ov.cell_count);
  b.share_cells_at_buurt_mode = aggregate::share_at_buurt_mode(main_area, levels.buurten.codes.size(), scoring.scores);
  return b;
}

std::vector<std::size_t> main_area_of_cells(const transfer::Overlay& ov, std::size_t cell_count) {
  std::vector<std::size_t> main_area(cell_count, 0);
  std::vector<double> main_area_m2(cell_count, 0.0);
  for (const auto& p : ov.pieces)
    if (p.area_m2 > main_area_m2[p.cell]) {
      main_area_m2[p.cell] = p.area_m2;
      main_area[p.cell] = p.area;
    }
  return main_area;
}

}  // namespace leefkaart::study
