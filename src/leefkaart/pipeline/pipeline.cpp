#include "pipeline/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "basisset/basisset.hpp"
#include "config/config.hpp"
#include "config/data_dir.hpp"
#include "database/postgis.hpp"
#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/checksum.hpp"
#include "io/crs.hpp"
#include "io/output.hpp"
#include "io/qgis_style.hpp"
#include "io/raster_source.hpp"
#include "io/result_set.hpp"
#include "io/xlsx_writer.hpp"
#include "pipeline/outputs.hpp"
#include "study/layers.hpp"
#include "study/summary.hpp"
#include "study/stack_stage.hpp"
#include "study/stages.hpp"

namespace leefkaart::pipeline {
namespace fs = std::filesystem;
using io::Value;
using json = nlohmann::json;

namespace {

// The largest layer written as GeoJSON (a city's cells are tens of thousands).
constexpr std::size_t kMaxGeojsonFeatures = 250'000;

study::LoadOptions load_options(const Options& opts) { return {opts.config_path, opts.data_dir, opts.max_cells}; }

json base_manifest(const Options& opts, const study::Study& s) {
  std::ifstream in(opts.config_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {{"tool", "leefkaart"},
          {"created_utc", utc_now()},
          {"config", {{"path", fs::absolute(opts.config_path).lexically_normal().string()}, {"sha256", io::sha256_text(text)}}},
          {"data_dir", s.data_dir},
          {"libraries", library_versions()},
          {"grid", study::grid_json(s)}};
}

void run_grid_only(const Options& opts, const study::Study& s) {
  io::LayerData cells;
  cells.name = "cells";
  cells.description = "leefkaart grid of the study area: " + s.grid->describe();
  study::add_cell_base(cells, s, nullptr);
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

}  // namespace

void run(const Options& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  io::check_output_folder(opts.out_dir);  // before the work, not after it
  config::Config loaded = config::load(opts.config_path);
  if (loaded.series)
    throw InputError({opts.config_path, fmt::format("line {}", loaded.series->line), "series"},
                     "this config describes a series of years: run `leefkaart series --config FILE --out DIR`");
  study::Study s = study::load_study(load_options(opts), std::move(loaded));
  if (opts.grid_only) return run_grid_only(opts, s);
  const config::Config& cfg = s.cfg;
  // Read before the work: a wrong template or override fails at once.
  const std::optional<basisset::Coverage> basisset_coverage = basisset::load(cfg, s.resolve);

  indicators::Sources sources(cfg, s.resolve);
  sources.study_box = geom::bounds(s.outline.get());
  const transfer::Overlay ov = study::make_overlay(s, sources);
  const study::Residents residents = study::place_residents(cfg, s, ov, sources);
  study::IndicatorRun run = study::evaluate_indicators(cfg, s, ov, residents, sources);
  study::resolve_thresholds(run, cfg, residents);
  const study::Scoring scoring = study::score_study(cfg, run.columns, residents);
  const study::Levels levels = study::make_levels(s, sources);
  const study::LevelResults results = study::level_stats(cfg, levels, ov, residents, scoring);

  const study::LevelBreakdowns breakdowns = study::level_breakdowns(levels, ov, residents, run, scoring, results);
  const std::optional<study::StackRun> stacked = study::stack_study(s, run, residents, scoring);

  study::CellCounts counts;
  io::LayerData cells = study::cells_layer(s, ov, residents, run, scoring, levels, counts);
  std::vector<Value> buurt_wijk, buurt_wijk_name, buurt_pop_source, buurt_pop_spread, buurt_masked;
  std::vector<bool> is_masked(levels.buurten.codes.size(), false);
  for (const auto& m : results.masked) is_masked[m.buurt] = true;
  for (std::size_t b = 0; b < levels.buurten.codes.size(); ++b) {
    buurt_wijk.push_back(levels.wijken.codes[levels.wijk_of_buurt[b]]);
    buurt_wijk_name.push_back(levels.wijken.names[levels.wijk_of_buurt[b]]);
    buurt_pop_source.push_back(residents.join.values[b] ? Value(*residents.join.values[b]) : Value());
    buurt_pop_spread.push_back(static_cast<long long>(residents.spread[b]));
    buurt_masked.push_back(static_cast<long long>(is_masked[b]));
  }
  // Per unit of a level: the names of its buurten whose population figure is missing.
  auto without_pop = [&](const study::Level& level) {
    std::vector<std::vector<std::string>> names(level.codes.size());
    std::vector<std::size_t> members(level.codes.size(), 0);
    for (std::size_t a = 0; a < s.areas.areas.size(); ++a) {
      const std::size_t g = level.group_of_area[a];
      ++members[g];
      if (!residents.join.values[a]) names[g].push_back(fmt::format("{} ({})", s.areas.areas[a].name, s.codes[a]));
    }
    std::vector<bool> all(level.codes.size());
    for (std::size_t g = 0; g < all.size(); ++g) all[g] = members[g] > 0 && names[g].size() == members[g];
    return std::pair{names, all};
  };
  auto figures = [&](const study::Level& level, const std::vector<aggregate::LevelStats>& stats,
                     const std::vector<aggregate::AreaBreakdown>& breakdown) {
    const auto [names, all] = without_pop(level);
    return study::level_figures(level, stats, breakdown, names, all, cfg, run);
  };
  const std::string note = study::level_stats_note(cfg, s, scoring);
  const int max = scoring.scores.max_score, k = scoring.k;
  namespace schema = io::build_schema;
  std::vector<Value> wijk_gm, wijk_gm_name;
  for (std::size_t w = 0; w < levels.wijken.codes.size(); ++w) {
    wijk_gm.push_back(levels.gemeente.codes[levels.gemeente_of_wijk[w]]);
    wijk_gm_name.push_back(levels.gemeente.names[levels.gemeente_of_wijk[w]]);
  }
  io::LayerData buurt_layer = study::level_layer(
      schema::layer("buurten"), "leefkaart per buurt: " + note, figures(levels.buurten, results.buurten, breakdowns.buurten),
      {{schema::area_field("wijk"), buurt_wijk},
       {schema::area_field("wijk_name"), buurt_wijk_name},
       {schema::area_field("pop_source"), buurt_pop_source},
       {schema::area_field("pop_spread"), buurt_pop_spread},
       {schema::area_field("masked"), buurt_masked}},
      cfg, run, max, k);
  io::LayerData wijk_layer = study::level_layer(
      schema::layer("wijken"), "leefkaart per wijk: " + note, figures(levels.wijken, results.wijken, breakdowns.wijken),
      {{schema::area_field("gemeente"), wijk_gm}, {schema::area_field("gemeente_name"), wijk_gm_name}}, cfg, run, max, k);
  std::vector<std::pair<std::string, std::vector<Value>>> gm_extra;
  if (!levels.provincies.codes.empty()) {
    // The province of each gemeente (each lies wholly in one).
    std::vector<Value> pv(levels.gemeente.codes.size()), pv_name(levels.gemeente.codes.size());
    for (std::size_t a = 0; a < s.areas.areas.size(); ++a) {
      const std::size_t g = levels.gemeente.group_of_area[a], p = levels.provincies.group_of_area[a];
      pv[g] = levels.provincies.codes[p];
      pv_name[g] = levels.provincies.names[p];
    }
    gm_extra = {{schema::area_field("provincie"), pv}, {schema::area_field("provincie_name"), pv_name}};
  }
  io::LayerData gm_layer =
      study::level_layer(schema::layer("gemeente"), "leefkaart per gemeente: " + note,
                         figures(levels.gemeente, results.gemeente, breakdowns.gemeente), gm_extra, cfg, run, max, k);
  io::LayerData pv_layer;
  if (!levels.provincies.codes.empty())
    pv_layer = study::level_layer(schema::layer("provincies"), "leefkaart per provincie: " + note,
                                  figures(levels.provincies, results.provincies, breakdowns.provincies), {}, cfg, run, max, k);
  const io::LayerData masking = study::masking_layer(levels, results);
  // The stapelkaart: its fields on the cells and area layers, and its coarse comparison layer.
  std::vector<const io::LayerData*> map_layers{&cells, &buurt_layer, &wijk_layer, &gm_layer};
  if (!levels.provincies.codes.empty()) map_layers.push_back(&pv_layer);
  io::LayerData stack_coarse;
  if (stacked) {
    study::add_stack_cell_fields(cells, *stacked);
    study::add_stack_area_fields(buurt_layer, *stacked, levels.buurten, ov, residents, cfg);
    study::add_stack_area_fields(wijk_layer, *stacked, levels.wijken, ov, residents, cfg);
    study::add_stack_area_fields(gm_layer, *stacked, levels.gemeente, ov, residents, cfg);
    stack_coarse = study::stack_coarse_layer(*stacked, cfg);
    map_layers.push_back(&stack_coarse);
  }

  // Base map from the build's OSM extract, read before the manifest lists the inputs.
  std::vector<io::LayerData> basemap;
  if (!cfg.basemap_osm.empty()) {
    const std::string osm = sources.resolve_and_record(cfg.basemap_osm);
    spdlog::info("base map from {}", osm);
    geom::Box box = geom::bounds(s.outline.get());
    box = {box.minx - 500, box.miny - 500, box.maxx + 500, box.maxy + 500};
    basemap = basemap_layers(osm, box, io::kRdNewEpsg);
  }

  std::vector<std::string> notes = residents.notes;
  notes.insert(notes.end(), run.notes.begin(), run.notes.end());
  json manifest = base_manifest(opts, s);
  manifest["command"] = "build";
  json inputs = json::array({file_entry(s.resolve(cfg.study_area.file))});
  for (const auto& f : sources.files_used()) inputs.push_back(file_entry(f));
  if (basisset_coverage) inputs.push_back(file_entry(basisset_coverage->template_file));
  manifest["inputs"] = inputs;
  manifest["indicators"] = run.report;
  manifest["score"] = study::score_json(scoring);
  manifest["privacy"] = study::privacy_json(cfg);
  if (basisset_coverage) manifest[io::build_schema::manifest_key("basisset")] = basisset::to_json(*basisset_coverage);
  manifest["resolution"] = study::resolution_json(breakdowns.share_cells_at_buurt_mode);
  if (stacked) manifest[schema::manifest_key("stack")] = study::stack_json(*stacked, cfg, residents);
  manifest["masking"] = {{"min_difference", cfg.masking_min_difference}, {"min_residents", cfg.masking_min_residents},
                         {"buurten", results.masked.size()}};
  manifest["counts"] = {{"cells", s.cells.size()},
                        {"cells_scored", counts.scored},
                        {"cells_incomplete", counts.incomplete},
                        {"cells_suppressed", counts.suppressed},
                        {"cells_uninhabited", counts.uninhabited},
                        {"cells_privacy", counts.privacy},
                        {"cells_data_missing", counts.data_missing},
                        {"buurten", levels.buurten.codes.size()},
                        {"wijken", levels.wijken.codes.size()},
                        {"study_area_km2", geom::area(s.outline.get()) / 1e6},
                        {"residents_source", residents.source_total},
                        {"residents_on_cells", residents.placed_total},
                        {"residents_relative_difference", residents.relative_difference}};
  if (!levels.provincies.codes.empty()) manifest["counts"]["provincies"] = levels.provincies.codes.size();
  if (!residents.by_gemeente.empty()) {
    // Each gemeente's residents on the map against its own rows of the table.
    json by_gm = json::object();
    for (const auto& g : residents.by_gemeente)
      by_gm[g.code] = {{"table", g.table}, {"on_cells", g.placed},
                       {"relative_difference", g.table > 0 ? std::abs(g.placed - g.table) / g.table : 0.0}};
    manifest[schema::manifest_key("residents_by_gemeente")] = by_gm;
    manifest["counts"]["gemeenten"] = levels.gemeente.codes.size();
  }
  for (const auto& w : sources.warnings) spdlog::warn("{}", w);
  s.warnings.insert(s.warnings.end(), sources.warnings.begin(), sources.warnings.end());
  manifest["warnings"] = s.warnings;
  manifest["notes"] = notes;
  for (const auto& n : notes) spdlog::warn("{}", n);

  spdlog::info("writing outputs to {}", opts.out_dir);
  const auto t_write = std::chrono::steady_clock::now();
  io::ResultSetWriter stage(opts.out_dir);
  manifest[schema::manifest_key("csv_dialect")] = io::to_string(opts.csv);
  json outputs = json::array({"leefkaart.gpkg"});
  // Every other file is written on background threads while the GeoPackage is
  // written here; each task writes its own file (the largest first).
  std::vector<std::function<void()>> writes;
  add_tile_write(stage, map_layers, outputs, writes);
  for (const io::LayerData* l : map_layers) {
    const fs::path fgb = stage.staged(l->name + ".fgb");
    // GeoJSON is for browsers and quick looks: a layer too large to load whole
    // (a province or the country in cells) is left to the FlatGeobuf, the
    // GeoPackage and the vector tiles.
    if (l->rows.size() <= kMaxGeojsonFeatures) {
      writes.push_back([l, geojson = stage.staged(l->name + ".geojson")] { io::write_geojson_wgs84(geojson, *l); });
      outputs.push_back(l->name + ".geojson");
    } else {
      manifest["notes"].push_back(fmt::format("{}.geojson is not written: {} features are more than a browser loads whole ({}); "
                                  "use {}.fgb, the GeoPackage or the vector tiles",
                                  l->name, l->rows.size(), kMaxGeojsonFeatures, l->name));
    }
    writes.push_back([l, fgb] { io::write_flatgeobuf(fgb, *l); });
    outputs.push_back(l->name + ".fgb");
  }
  std::vector<const io::LayerData*> tables = map_layers;
  tables.push_back(&masking);
  for (const io::LayerData* l : tables) {
    const fs::path csv = stage.staged(l->name + ".csv");
    writes.push_back([l, csv, dialect = opts.csv] { io::write_csv(csv, *l, dialect); });
    outputs.push_back(l->name + ".csv");
  }
  // The area tables (not the cells: a workbook is for reading areas) as one workbook.
  const std::string workbook = schema::schema().at("workbook");
  writes.push_back([path = stage.staged(workbook), &buurt_layer, &wijk_layer, &gm_layer, &masking] {
    io::write_xlsx(path, {{buurt_layer.name, &buurt_layer}, {wijk_layer.name, &wijk_layer},
                          {gm_layer.name, &gm_layer}, {masking.name, &masking}});
  });
  outputs.push_back(workbook);
  outputs.push_back("manifest.json");
  manifest["outputs"] = outputs;
  if (!cfg.basemap_osm.empty()) add_basemap_writes(stage, basemap, manifest, writes);
  io::BackgroundWrites background(std::move(writes));
  io::write_geopackage(stage.staged("leefkaart.gpkg"), map_layers);
  io::write_qgis_styles(stage.staged("leefkaart.gpkg"), {&cells, &buurt_layer, &wijk_layer, &gm_layer}, max);
  background.wait();
  manifest["seconds_computing"] = std::chrono::duration<double>(t_write - t0).count();
  manifest["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  database::commit_together(stage, opts.to, tables, std::move(manifest));  // stage.commit, after --to's database when given
  spdlog::info("done: {} cells, {} scored, {} incomplete, {} suppressed; score 0..{}", s.cells.size(), counts.scored,
               counts.incomplete, counts.suppressed, max);
  for (const std::string& line : study::ranking_summary_nl(buurt_layer, 5)) spdlog::info("{}", line);
}

std::string check_config(const std::string& config_path, const std::optional<std::string>& data_dir) {
  config::Config cfg = config::load(config_path);
  std::string out = config::explain(cfg);
  const std::string config_dir = fs::absolute(config_path).parent_path().string();
  // The Basisset coverage needs only the config and its template (a template
  // relative to the data directory needs that directory).
  auto basisset_text = [&](const std::optional<std::string>& data_path) -> std::string {
    const auto coverage = basisset::load(cfg, [&](const std::string& file) {
      const bool beside_config = file.rfind("./", 0) == 0 || file.rfind("../", 0) == 0 || fs::path(file).is_absolute();
      if (!data_path && !beside_config)
        throw InputError({config_path, "", "basisset.template"},
                         "\"" + file + "\" is looked up in the data directory, which was not found: pass --data DIR, or write "
                         "\"./" + file + "\" for a template beside the config file");
      return indicators::PathResolver{data_path.value_or(""), config_dir}(file);
    });
    return coverage ? basisset::explain(*coverage) : "";
  };
  config::DataDir data;
  try {
    data = config::find_data_dir(data_dir, config_path);
  } catch (const InputError& e) {
    if (data_dir) throw;  // a --data the user gave must exist
    return out + basisset_text(std::nullopt) + "\nData files were not checked: " + e.problem() + "\n";
  }
  out += basisset_text(data.path);
  indicators::PathResolver resolve{data.path, config_dir};
  indicators::Sources sources(cfg, resolve);
  io::AreaSet areas = study::read_study_areas(cfg, resolve);
  auto check_table_source = [&](const config::SourceSpec& src) {
    // Reads every value (non-numbers fail here), through the table's crosswalk when it has one.
    (void)indicators::join_table(src, sources, areas, crosswalk::Measure::Rate);
  };
  check_table_source(cfg.population.source);
  for (const auto& ind : cfg.indicators) {
    if (!ind.source) continue;
    const auto& src = *ind.source;
    if (src.kind == config::SourceKind::Table) check_table_source(src);
    if (src.kind == config::SourceKind::Layer) (void)sources.layer(src.name);
    if (src.kind == config::SourceKind::Raster) {
      // Opening checks the file, its band and its CRS (a raster without one must be given crs = ...).
      const config::RasterSpec& spec = cfg.rasters.at(src.name);
      io::RasterSampler(sources.resolve_and_record(spec.file), spec.band, spec.crs, src.plausible, spec.interpolation);
    }
    if (src.distance_method == config::DistanceMethod::Network) (void)sources.routing(src.osm_file, src.mode);
  }
  out += fmt::format("\nData checked in {} ({}): {} study areas; every table, column, layer, raster and street network named above was read.\n",
                     data.path, data.found_by, areas.areas.size());
  for (const auto& w : sources.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace leefkaart::pipeline
