#include "series/series.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <limits>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "io/checksum.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"
#include "io/build_schema.hpp"
#include "pipeline/outputs.hpp"
#include "programme/programme.hpp"
#include "series/baseline.hpp"
#include "series/change.hpp"
#include "series/schema.hpp"
#include "series/year_config.hpp"
#include "study/layers.hpp"
#include "study/stages.hpp"

namespace leefkaart::series {
namespace fs = std::filesystem;
using io::FieldType;
using io::Value;
using json = nlohmann::json;

namespace {

// Everything one year of the series produced.
struct YearResult {
  YearConfig plan;
  study::Residents residents;
  study::IndicatorRun run;
  study::Scoring scoring;
  study::LevelResults levels;
  std::vector<aggregate::LevelStats> named;  // per named area of [series.areas]
  std::vector<std::string> inputs;
  std::vector<std::string> warnings;
  double seconds = 0;
  double peak_rss_mb = 0;  // the process's peak so far, after this year
};

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

// The named areas of [series.areas]: one level each (the area, and the rest
// of the city), since a buurt may belong to several of them.
struct NamedAreas {
  std::vector<study::Level> levels;  // unit 0 is the named area
  study::Level layer;                 // the named areas together, for the output
};

NamedAreas named_areas(const config::Config& cfg, const study::Study& s) {
  NamedAreas out;
  if (!cfg.series) return out;
  for (const auto& [name, codes] : cfg.series->areas) {
    std::vector<std::string> unit(s.codes.size(), "(rest)");
    for (const auto& code : codes) {
      bool found = false;
      for (std::size_t a = 0; a < s.codes.size(); ++a)
        if (s.codes[a] == code || cbs::wijk_of(s.codes[a]) == code) {
          unit[a] = name;
          found = true;
        }
      if (!found)
        throw InputError({cfg.path, fmt::format("line {}", cfg.series->line), "series.areas." + name},
                         fmt::format("{} is not a buurt or wijk of the study area ({})", code, cfg.study_area.file));
    }
    study::Level level = study::make_level(s.areas, unit, {});
    // make_level numbers units in order of first appearance: find the named one.
    const auto idx = static_cast<std::size_t>(std::find(level.codes.begin(), level.codes.end(), name) - level.codes.begin());
    out.layer.codes.push_back(name);
    out.layer.names.push_back(name);
    out.layer.geoms.push_back(geom::clone(level.geoms[idx].get()));
    if (idx != 0) {
      std::swap(level.codes[0], level.codes[idx]);
      std::swap(level.geoms[0], level.geoms[idx]);
      for (auto& g : level.group_of_area) g = g == idx ? 0 : g == 0 ? idx : g;
    }
    out.levels.push_back(std::move(level));
  }
  return out;
}

YearResult build_year(YearConfig plan, const study::Study& s, const transfer::Overlay& ov, const study::Levels& levels,
                      const NamedAreas& named, const study::Thresholds* fixed, std::optional<int> score_at_least) {
  spdlog::info("— {} —", plan.year);
  const auto t0 = std::chrono::steady_clock::now();
  YearResult y;
  y.plan = std::move(plan);
  config::Config& cfg = y.plan.cfg;
  if (score_at_least) cfg.score_at_least = score_at_least;
  indicators::Sources sources(cfg, s.resolve);
  sources.study_box = geom::bounds(s.outline.get());
  y.residents = study::place_residents(cfg, s, ov, sources);
  y.run = study::evaluate_indicators(cfg, s, ov, y.residents, sources);
  study::resolve_thresholds(y.run, cfg, y.residents, fixed);
  y.scoring = study::score_study(cfg, y.run.columns, y.residents);
  y.levels = study::level_stats(cfg, levels, ov, y.residents, y.scoring);
  for (const auto& l : named.levels)
    y.named.push_back(aggregate::by_group(ov, y.residents.placed.piece_amount, l.group_of_area, l.codes.size(),
                                          y.scoring.scores, y.scoring.k, cfg.privacy_min_residents)
                          .front());
  y.inputs = sources.files_used();
  y.warnings = sources.warnings;
  y.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  y.peak_rss_mb = peak_rss_mb();
  return y;
}

YearCells year_cells(const YearResult& y) {
  YearCells c;
  c.year = y.plan.year;
  c.score = y.scoring.scores.score;
  c.incomplete = y.scoring.scores.incomplete;
  c.suppressed = y.scoring.scores.suppressed;
  c.residents = y.residents.per_cell;
  for (const auto& col : y.run.columns)
    if (col.in_score) c.flags[col.name] = col.flag;
  return c;
}

Value opt(const std::optional<double>& v, int decimals) { return v ? Value(round_to(*v, decimals)) : Value(); }
Value opt_int(const std::optional<int>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }
Value flag(bool b) { return static_cast<long long>(b); }

std::string cell_field(const std::string& key, int year, const std::string& name = "") {
  return field("cell_fields", key, year, name);
}
std::string area_field(const std::string& key, int year = 0, int score = -1) {
  return field("area_fields", key, year, "", score);
}

io::LayerData cells_layer(const study::Study& s, const transfer::Overlay& ov, const std::vector<YearResult>& years,
                          const YearResult& base, const std::vector<CellChange>& changes) {
  io::LayerData layer;
  layer.name = "cells";
  layer.description = fmt::format("leefkaart series {}–{} on one grid ({}); change against {}", years.front().plan.year,
                                  years.back().plan.year, s.grid->describe(), base.plan.year);
  study::add_cell_base(layer, s, &ov);
  layer.fields.push_back({schema()["cell_fields"]["buurt"], FieldType::String});
  const auto main_area = study::main_area_of_cells(ov, s.cells.size());
  for (std::size_t c = 0; c < s.cells.size(); ++c) layer.rows[c].push_back(s.codes[main_area[c]]);
  for (std::size_t i = 0; i < years.size(); ++i) {
    const YearResult& y = years[i];
    const int year = y.plan.year;
    const auto& sc = y.scoring.scores;
    layer.fields.insert(layer.fields.end(), {{cell_field("pop", year), FieldType::Real},
                                             {cell_field("score", year), FieldType::Integer},
                                             {cell_field("incomplete", year), FieldType::Integer},
                                             {cell_field("suppressed", year), FieldType::Integer}});
    const bool is_base = &y == &base;
    if (!is_base)
      layer.fields.insert(layer.fields.end(), {{cell_field("change", year), FieldType::Integer},
                                               {cell_field("comparable", year), FieldType::Integer},
                                               {cell_field("not_comparable_reason", year), FieldType::String},
                                               {cell_field("flips", year), FieldType::String}});
    for (const auto& col : y.run.columns)
      layer.fields.insert(layer.fields.end(), {{cell_field("flag", year, col.name), FieldType::Integer},
                                               {cell_field("value", year, col.name), FieldType::Real}});
    for (std::size_t c = 0; c < s.cells.size(); ++c) {
      auto& row = layer.rows[c];
      const bool pop_unknown = !y.residents.placed.value[c].has_value();
      row.push_back(pop_unknown ? Value() : Value(round_to(y.residents.per_cell[c], 2)));
      row.push_back(opt_int(sc.score[c]));
      row.push_back(flag(pop_unknown || (sc.incomplete[c] && !sc.suppressed[c])));
      row.push_back(flag(sc.suppressed[c]));
      if (!is_base) {
        const CellChange& ch = changes[i];
        row.push_back(opt_int(ch.change[c]));
        row.push_back(flag(ch.comparable[c]));
        row.push_back(ch.why_not[c].empty() ? Value() : Value(ch.why_not[c]));
        row.push_back(ch.flips[c].empty() ? Value() : Value(ch.flips[c]));
      }
      for (const auto& col : y.run.columns) {
        row.push_back(opt_int(col.flag[c]));
        row.push_back(opt(col.value[c], 6));
      }
    }
  }
  return layer;
}

// The indicators a year's score counts, to tell whether two years' means compare.
std::vector<std::string> scored_indicators(const YearResult& y) {
  std::vector<std::string> names;
  for (const auto& col : y.run.columns)
    if (col.in_score) names.push_back(col.name);
  return names;
}

struct LevelView {
  std::string layer;
  const study::Level* level;
  std::function<const std::vector<aggregate::LevelStats>&(const YearResult&)> stats;
  bool thresholds_fixed = true;
};

const char* const kPerYearThresholds = "drempels per jaar (thresholds = \"per_year\"): niet vergelijkbaar in de tijd";

// With per-year thresholds no cell's change means a change in the city: every cell says so.
void not_comparable_over_time(CellChange& ch) {
  for (std::size_t c = 0; c < ch.change.size(); ++c) {
    ch.change[c].reset();
    ch.comparable[c] = false;
    ch.why_not[c] = ch.why_not[c].empty() ? kPerYearThresholds : std::string(kPerYearThresholds) + "; " + ch.why_not[c];
  }
}

// One level's wide layer plus its rows of trends.csv.
io::LayerData level_layer(const LevelView& view, const study::Levels& levels, const std::vector<YearResult>& years,
                          const YearResult& base, int k, io::LayerData& trends) {
  const study::Level& level = *view.level;
  io::LayerData layer;
  layer.name = view.layer;
  layer.description = fmt::format(
      "leefkaart series per {}: resident-weighted mean cell score per year, share of residents in cells with score "
      ">= {}, residents per score (rounded to 5, left out below the privacy minimum), change of the mean against {}, "
      "and the least-squares slope (score points per year) over the comparable years",
      view.layer, k, base.plan.year);
  layer.fields = {{area_field("code"), FieldType::String}, {area_field("name"), FieldType::String}};
  const bool buurten = &level == &levels.buurten;
  if (buurten) layer.fields.push_back({area_field("wijk"), FieldType::String});
  for (const auto& y : years) {
    const int year = y.plan.year;
    layer.fields.insert(layer.fields.end(), {{area_field("pop", year), FieldType::Real},
                                             {area_field("mean_score", year), FieldType::Real},
                                             {area_field("share_at_least_k", year), FieldType::Real}});
    for (int i = 0; i <= y.scoring.scores.max_score; ++i)
      layer.fields.push_back({area_field("pop_per_score", year, i), FieldType::Real});
    layer.fields.push_back({area_field("suppressed", year), FieldType::Integer});
    if (buurten) layer.fields.push_back({area_field("masked", year), FieldType::Integer});
    if (&y != &base)
      layer.fields.insert(layer.fields.end(), {{area_field("change", year), FieldType::Real},
                                               {area_field("comparable", year), FieldType::Integer}});
  }
  layer.fields.insert(layer.fields.end(), {{area_field("slope"), FieldType::Real}, {area_field("slope_years"), FieldType::Integer}});
  if (buurten) layer.fields.push_back({area_field("masking_change"), FieldType::String});

  const auto base_set = scored_indicators(base);
  std::vector<int> year_list;
  for (const auto& y : years) year_list.push_back(y.plan.year);
  for (std::size_t g = 0; g < level.codes.size(); ++g) {
    std::vector<Value> row{level.codes[g], level.names[g]};
    if (buurten) row.push_back(levels.wijken.codes[levels.wijk_of_buurt[g]]);
    const aggregate::LevelStats& b = view.stats(base)[g];
    std::vector<std::optional<double>> trend_values;
    std::vector<bool> masked;
    for (const auto& y : years) {
      const aggregate::LevelStats& st = view.stats(y)[g];
      // Per-year thresholds re-rank every year: no mean compares with another year's.
      const bool same_indicators = scored_indicators(y) == base_set && (view.thresholds_fixed || &y == &base);
      const bool comparable = same_indicators && st.mean_score && b.mean_score;
      bool is_masked = false;
      if (buurten)
        for (const auto& m : y.levels.masked) is_masked = is_masked || m.buurt == g;
      row.push_back(round_to(st.residents, 1));
      row.push_back(opt(st.mean_score, 3));
      row.push_back(opt(st.share_at_least_k, 4));
      for (const auto& v : st.residents_per_score) row.push_back(v ? Value(*v) : Value());
      row.push_back(flag(st.suppressed));
      if (buurten) row.push_back(flag(is_masked));
      std::optional<double> change;
      if (comparable) change = *st.mean_score - *b.mean_score;
      if (&y != &base) {
        row.push_back(opt(change, 3));
        row.push_back(flag(comparable));
      }
      trend_values.push_back(same_indicators ? st.mean_score : std::nullopt);
      masked.push_back(is_masked);
      trends.rows.push_back({view.layer, level.codes[g], level.names[g], static_cast<long long>(y.plan.year),
                             round_to(st.residents, 1), opt(st.mean_score, 3), opt(st.share_at_least_k, 4),
                             opt(change, 3), flag(&y == &base || comparable), flag(is_masked)});
    }
    const Trend t = trend(year_list, trend_values);
    row.push_back(opt(t.slope, 4));
    row.push_back(static_cast<long long>(t.points));
    if (buurten) {
      const std::string m = masking_changes(year_list, masked);
      row.push_back(m.empty() ? Value() : Value(m));
    }
    layer.rows.push_back(std::move(row));
    layer.geometries.push_back(geom::clone(level.geoms[g].get()));
  }
  return layer;
}

io::LayerData trends_table(int k) {
  io::LayerData t;
  t.name = "trends";
  t.fields = {{"level", FieldType::String},  {"code", FieldType::String},        {"naam", FieldType::String},
              {"year", FieldType::Integer},  {"pop", FieldType::Real},           {"mean_score", FieldType::Real},
              {fmt::format("share_score_ge_{}", k), FieldType::Real},           {"change", FieldType::Real},
              {"comparable", FieldType::Integer}, {"masked", FieldType::Integer}};
  return t;
}

}  // namespace

void run(const SeriesOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  io::check_output_folder(opts.out_dir);
  config::Config cfg = config::load(opts.config_path);
  if (!cfg.series)
    throw InputError({opts.config_path, "", "series"},
                     "has no [series] section: a series config names its years, e.g. [series] years = [2016, 2020, "
                     "2024] (for one year, use `leefkaart build`)");
  const config::SeriesSpec spec = *cfg.series;
  study::Study s = study::load_study({opts.config_path, opts.data_dir, opts.max_cells}, std::move(cfg));

  Availability availability(s.cfg, s.resolve, s.codes);
  check_sources_have_some_year(s.cfg, availability);
  std::vector<YearConfig> plans;
  for (int year : spec.years) {
    plans.push_back(year_config(s.cfg, year, availability));
    const auto& inds = plans.back().indicators;
    if (std::none_of(inds.begin(), inds.end(), [](const IndicatorYear& i) { return i.supplied; }))
      throw InputError({opts.config_path, fmt::format("line {}", spec.line), "series.years"},
                       fmt::format("{} has no data for any indicator: drop it from the years or add its sources", year));
    for (const auto& i : inds)
      if (!i.note.empty()) spdlog::warn("{}: {}", i.name, i.note);
  }

  indicators::Sources common(s.cfg, s.resolve);
  common.study_box = geom::bounds(s.outline.get());
  const transfer::Overlay ov = study::make_overlay(s, common);
  const study::Levels levels = study::make_levels(s, common);
  const NamedAreas named = named_areas(s.cfg, s);

  // The base year first: its thresholds apply to every year unless per_year.
  const auto base_it = std::find(spec.years.begin(), spec.years.end(), spec.base_year);
  const std::size_t base_index = static_cast<std::size_t>(base_it - spec.years.begin());
  std::vector<std::optional<YearResult>> built(spec.years.size());
  built[base_index] = build_year(plans[base_index], s, ov, levels, named, nullptr, std::nullopt);
  const study::Thresholds base_thresholds = study::thresholds_of(built[base_index]->run);
  const bool fixed = spec.thresholds == config::ThresholdMode::BaseYear;
  const int k = built[base_index]->scoring.k;
  for (std::size_t i = 0; i < spec.years.size(); ++i)
    if (i != base_index) built[i] = build_year(plans[i], s, ov, levels, named, fixed ? &base_thresholds : nullptr, k);
  std::vector<YearResult> years;
  for (auto& b : built) years.push_back(std::move(*b));
  const YearResult& base = years[base_index];

  // Change per cell, and the gap per year.
  const YearCells base_cells = year_cells(base);
  std::vector<CellChange> changes(years.size());
  json gap_per_year = json::object(), gap_change = json::object();
  io::LayerData gap_table;
  gap_table.name = "gap";
  gap_table.fields = {{"year", FieldType::Integer},       {"residents_scored", FieldType::Real},
                      {"worst_mean", FieldType::Real},    {"best_mean", FieldType::Real},
                      {"gap", FieldType::Real},           {"change_pct", FieldType::Real},
                      {"comparable", FieldType::Integer}};
  const Gap base_gap = gap(base.scoring.scores.score, base.residents.per_cell, spec.gap_fraction);
  for (std::size_t i = 0; i < years.size(); ++i) {
    const YearResult& y = years[i];
    if (i != base_index) changes[i] = compare_cells(base_cells, year_cells(y));
    if (i != base_index && !fixed) not_comparable_over_time(changes[i]);
    const Gap g = gap(y.scoring.scores.score, y.residents.per_cell, spec.gap_fraction);
    const bool comparable = fixed && scored_indicators(y) == scored_indicators(base);
    std::optional<double> pct;
    if (comparable && g.gap && base_gap.gap && *base_gap.gap != 0) pct = (*g.gap - *base_gap.gap) / *base_gap.gap * 100;
    const std::string key = std::to_string(y.plan.year);
    gap_per_year[key] = g.gap ? json(round_to(*g.gap, 4)) : json(nullptr);
    if (i != base_index) gap_change[key] = pct ? json(round_to(*pct, 2)) : json(nullptr);
    gap_table.rows.push_back({static_cast<long long>(y.plan.year), round_to(g.residents, 1), opt(g.worst_mean, 4),
                              opt(g.best_mean, 4), opt(g.gap, 4), opt(pct, 2), flag(comparable)});
  }

  // Layers.
  const io::LayerData cells = cells_layer(s, ov, years, base, changes);
  io::LayerData trends = trends_table(k);
  const io::LayerData buurt_layer = level_layer(
      {"buurten", &levels.buurten, [](const YearResult& y) -> const auto& { return y.levels.buurten; }, fixed}, levels, years,
      base, k, trends);
  const io::LayerData wijk_layer = level_layer(
      {"wijken", &levels.wijken, [](const YearResult& y) -> const auto& { return y.levels.wijken; }, fixed}, levels, years,
      base, k, trends);
  const io::LayerData gm_layer = level_layer(
      {"gemeente", &levels.gemeente, [](const YearResult& y) -> const auto& { return y.levels.gemeente; }, fixed}, levels,
      years, base, k, trends);
  std::vector<const io::LayerData*> layers{&cells, &buurt_layer, &wijk_layer, &gm_layer};
  io::LayerData named_layer;
  if (!named.levels.empty()) {
    named_layer = level_layer({schema()["named_areas_layer"], &named.layer,
                               [](const YearResult& y) -> const auto& { return y.named; }, fixed},
                              levels, years, base, k, trends);
    layers.push_back(&named_layer);
  }

  // Manifest.
  json manifest = {{"tool", "leefkaart"},
                   {"created_utc", pipeline::utc_now()},
                   {"config", {{"path", fs::absolute(opts.config_path).lexically_normal().string()},
                               {"sha256", io::sha256_text(read_whole_file(opts.config_path).value_or(""))}}},
                   {"data_dir", s.data_dir},
                   {"libraries", pipeline::library_versions()},
                   {"grid", study::grid_json(s)},
                   {"command", schema()["command"]}};
  manifest["years"] = spec.years;
  manifest["base_year"] = spec.base_year;
  json per_indicator = json::object();
  json per_year = json::array();
  json all_inputs = json::array({pipeline::file_entry(s.resolve(s.cfg.study_area.file))});
  std::vector<std::string> seen_inputs{all_inputs[0]["path"]};
  std::vector<std::string> warnings = s.warnings, notes;
  for (const auto& w : common.warnings) warnings.push_back(w);
  for (const auto& y : years) {
    json entry = y.plan.report();
    json inputs = json::array();
    for (const auto& f : y.inputs) {
      json fe = pipeline::file_entry(f);
      inputs.push_back(fe);
      if (std::find(seen_inputs.begin(), seen_inputs.end(), fe["path"]) == seen_inputs.end()) {
        seen_inputs.push_back(fe["path"]);
        all_inputs.push_back(fe);
      }
    }
    entry["inputs"] = inputs;
    entry["max_score"] = y.scoring.scores.max_score;
    entry["seconds"] = round_to(y.seconds, 3);
    entry["peak_rss_mb"] = round_to(y.peak_rss_mb, 1);
    for (auto& ind : entry["indicators"])
      for (const auto& col : y.run.columns)
        if (col.name == ind["name"]) {
          ind["threshold"] = col.threshold ? json(*col.threshold) : json(nullptr);
          if (col.threshold) per_indicator[col.name][std::to_string(y.plan.year)] = *col.threshold;
        }
    entry["counts"] = {{"residents_source", y.residents.source_total},
                       {"residents_on_cells", y.residents.placed_total},
                       {"masked_buurten", y.levels.masked.size()}};
    per_year.push_back(entry);
    for (const auto& w : y.warnings)
      if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
    for (const auto& n : y.residents.notes) notes.push_back(fmt::format("{}: {}", y.plan.year, n));
    for (const auto& n : y.run.notes) notes.push_back(fmt::format("{}: {}", y.plan.year, n));
    for (const auto& i : y.plan.indicators)
      if (!i.note.empty()) notes.push_back(fmt::format("{}: {}", i.name, i.note));
    if (y.plan.population_carried)
      notes.push_back(fmt::format("{}: residents of {} used", y.plan.year, y.plan.population_year));
  }
  manifest["per_year"] = per_year;
  manifest["inputs"] = all_inputs;
  manifest["indicators"] = base.run.report;
  manifest["score"] = study::score_json(base.scoring);
  manifest["privacy"] = study::privacy_json(s.cfg);
  manifest["thresholds"] = {
      {"mode", config::to_string(spec.thresholds)},
      {"comparable_over_time", fixed},
      {"note", fixed ? fmt::format("the thresholds of {} apply to every year, so a lighter map means real change",
                                   spec.base_year)
                     : "each year has its own thresholds (its own percentiles): the maps are NOT comparable over "
                       "time, only the ranking within a year is"},
      {"per_indicator", per_indicator}};
  manifest["gap"] = {{"definition", fmt::format("resident-weighted mean score of the worst {0:g} % of residents "
                                                "(cells with the highest scores) minus that of the best {0:g} %",
                                                spec.gap_fraction * 100)},
                     {"fraction", spec.gap_fraction},
                     {"per_year", gap_per_year},
                     {"change_pct", gap_change}};
  manifest["missing_year"] = config::to_string(spec.missing_year);
  manifest["warnings"] = warnings;
  manifest["notes"] = notes;
  manifest["counts"] = {{"cells", s.cells.size()}, {"buurten", levels.buurten.codes.size()},
                        {"wijken", levels.wijken.codes.size()}, {"years", years.size()}};

  // A programme comparison (focus and control buurten), when the config has [programme].
  std::optional<programme::Spec> prog;
  std::optional<programme::YearTables> prog_tables;
  std::optional<programme::Comparison> comparison;
  json prog_freeze;
  if (s.cfg.has_programme) {
    prog = programme::load(opts.config_path);
    prog_tables = programme::read_tables(*prog, s.resolve);
    comparison = programme::compare(*prog, *prog_tables);
    prog_freeze = programme::freeze_baseline(prog->baseline_year, programme::baseline_files(*prog, *prog_tables),
                                             programme::baseline_settings(*prog));
    for (const auto& w : comparison->warnings) spdlog::warn("{}", w);
  }

  // A baseline is frozen: an earlier series in out_dir must have the same base year record.
  check_baseline_unchanged(opts.out_dir, manifest);
  if (prog) {
    const fs::path earlier = fs::path(opts.out_dir) / io::kManifestFile;
    if (auto text = read_whole_file(earlier)) {
      const json old = json::parse(*text, nullptr, false);
      if (old.is_object() && old.contains("programme") && old["programme"].contains("baseline"))
        programme::check_baseline(old["programme"]["baseline"], prog_freeze, earlier.string());
    }
  }

  spdlog::info("writing outputs to {}", opts.out_dir);
  io::ResultSetWriter stage(opts.out_dir);
  const std::string gpkg = schema()["geopackage"];
  manifest[io::build_schema::manifest_key("csv_dialect")] = io::to_string(opts.csv);
  json outputs = json::array({gpkg});
  // The GeoJSON, FlatGeobuf and CSV files on background threads while the GeoPackage is written here.
  std::vector<std::function<void()>> writes;
  for (const io::LayerData* l : layers) {
    writes.push_back([l, path = stage.staged(l->name + ".geojson")] { io::write_geojson_wgs84(path, *l); });
    writes.push_back([l, path = stage.staged(l->name + ".fgb")] { io::write_flatgeobuf(path, *l); });
    outputs.push_back(l->name + ".geojson");
    outputs.push_back(l->name + ".fgb");
  }
  writes.push_back([&trends, path = stage.staged(csv_name("trends")), d = opts.csv] { io::write_csv(path, trends, d); });
  writes.push_back([&gap_table, path = stage.staged(csv_name("gap")), d = opts.csv] { io::write_csv(path, gap_table, d); });
  outputs.push_back(csv_name("trends"));
  outputs.push_back(csv_name("gap"));
  {
    io::BackgroundWrites background(std::move(writes));
    io::write_geopackage(stage.staged(gpkg), layers);
    background.wait();
  }
  if (prog) {
    json block = programme::write_outputs(*prog, *prog_tables, *comparison, stage, opts.csv);
    block["baseline"] = prog_freeze;
    manifest["programme"] = block;
    for (const char* key : {"programme_comparison", "programme_balance", "programme_controls"}) outputs.push_back(csv_name(key));
  }
  outputs.push_back("manifest.json");
  manifest["outputs"] = outputs;
  manifest["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stage.commit(std::move(manifest));
  spdlog::info("done: {} years on {} cells; gap {} → {}", years.size(), s.cells.size(),
               gap_per_year[std::to_string(spec.years.front())].dump(), gap_per_year[std::to_string(spec.years.back())].dump());
}

std::string check(const std::string& config_path, const std::optional<std::string>& data_dir) {
  config::Config cfg = config::load(config_path);
  std::string out = config::explain(cfg);
  const config::SeriesSpec spec = *cfg.series;
  out += fmt::format("\nSeries: {} years ({}), base year {}; thresholds: {}; a year without data: {}.\n",
                     spec.years.size(), fmt::join(spec.years, ", "), spec.base_year, config::to_string(spec.thresholds),
                     config::to_string(spec.missing_year));
  study::Study s = study::load_study({config_path, data_dir, std::numeric_limits<std::uint64_t>::max()}, std::move(cfg));
  Availability availability(s.cfg, s.resolve, s.codes);
  check_sources_have_some_year(s.cfg, availability);
  for (int year : spec.years) {
    const YearConfig y = year_config(s.cfg, year, availability);
    std::vector<std::string> used, notes;
    for (const auto& i : y.indicators) {
      if (i.supplied) used.push_back(i.carried ? fmt::format("{} ({})", i.name, *i.data_year) : i.name);
      if (!i.note.empty()) notes.push_back(fmt::format("  {}: {}", i.name, i.note));
    }
    out += fmt::format("{}: residents of {}; indicators: {}\n", year, y.population_year, fmt::join(used, ", "));
    for (const auto& n : notes) out += n + "\n";
  }
  return out;
}

}  // namespace leefkaart::series
