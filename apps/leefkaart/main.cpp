// leefkaart command line: a thin layer over the core library.
#include <CLI/CLI.hpp>
#include <cpl_error.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <iostream>
#include <map>

#include "crosswalk/command.hpp"
#include "init/command.hpp"
#include "sorting/command.hpp"
#include "registry/command.hpp"
#include "survey/command.hpp"
#include <filesystem>

#include "pipeline/access_pipeline.hpp"
#include "database/postgis.hpp"
#include "config/data_dir.hpp"
#include "pipeline/pipeline.hpp"
#include "series/series.hpp"
#include "config/config.hpp"
#include "programme/programme.hpp"
#include "core/option_range.hpp"
#include "report/report.hpp"
#include "report/walkpack.hpp"
#include "survey/export.hpp"
#include "server/request_guard.hpp"
#include "server/server.hpp"
#include "core/errors.hpp"

namespace {

void setup_logging(bool quiet) {
  // Progress goes to stderr so stdout stays clean for explanations and pipes.
  auto logger = spdlog::stderr_color_mt("leefkaart");
  logger->set_pattern("[%H:%M:%S] %^%l%$ %v");
  logger->set_level(quiet ? spdlog::level::warn : spdlog::level::info);
  spdlog::set_default_logger(logger);
  // GDAL warnings would otherwise print unformatted in between.
  CPLSetErrorHandler([](CPLErr level, CPLErrorNum, const char* msg) {
    if (level >= CE_Warning) spdlog::debug("GDAL: {}", msg);
  });
}

}  // namespace

int main(int argc, char** argv) {
#ifdef __GLIBC__
  // glibc gives every thread its own heap, which keeps what the thread freed:
  // a national build's writers (GeoPackage, FlatGeobuf, CSV, tiles on every
  // core) held a third of a GiB more at their peak than with two heaps.
  mallopt(M_ARENA_MAX, 2);
#endif
  CLI::App app{
      "leefkaart — the gezondheidskaart (health map) of a city in hexagons, from open data.\n"
      "Run `leefkaart COMMAND --help` for the options of each command."};
  app.require_subcommand(1);
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "Only print warnings and errors");

  // --csv: how the CSVs are written (io/csv.hpp).
  const std::map<std::string, leefkaart::io::CsvDialect> csv_dialects{{"plain", leefkaart::io::CsvDialect::Plain},
                                                                      {"excel", leefkaart::io::CsvDialect::Excel}};
  const char* const csv_help = "CSV dialect: plain (comma, decimal point) or excel (for Dutch Excel: UTF-8 with BOM, `;`, decimal comma)";

  leefkaart::pipeline::Options build_opts;
  std::string data_dir;
  auto* build = app.add_subcommand("build", "Build the gezondheidskaart: cells, buurten, wijken, masking report, manifest");
  build->add_option("--config", build_opts.config_path, "Configuration file (TOML), e.g. presets/utrecht.toml")->required();
  build->add_option("--out", build_opts.out_dir, "Output directory (created if needed)")->required();
  build->add_option("--data", data_dir, "Data directory for relative paths in the config (default: $LEEFKAART_DATA, then ../shared/data)");
  build->add_option("--max-cells", build_opts.max_cells, "Stop before the work when the study area would make more cells than this")->capture_default_str();
  build->add_option("--csv", build_opts.csv, csv_help)->transform(CLI::CheckedTransformer(csv_dialects))->default_str("plain");
  std::string build_to, build_schema;
  auto* build_to_opt = build->add_option("--to", build_to, "Also write the results into a shared PostGIS database, e.g. postgresql://USER@HOST:5432/DATABASE: a new schema per run, all in one transaction");
  build->add_option("--schema", build_schema, "With --to: the new schema's name (a-z, 0-9, _; default: the output folder's name and the UTC time)")->needs(build_to_opt);

  leefkaart::series::SeriesOptions series_opts;
  std::string series_data_dir;
  auto* series = app.add_subcommand("series", "Build the gezondheidskaart for several years on one grid: change against a base year, trends per area, the gap");
  series->add_option("--config", series_opts.config_path, "Series configuration (TOML with [series] years), e.g. presets/utrecht_reeks.toml")->required();
  series->add_option("--out", series_opts.out_dir, "Output directory (created if needed)")->required();
  series->add_option("--data", series_data_dir, "Data directory for relative paths in the config");
  series->add_option("--max-cells", series_opts.max_cells, "Stop before the work when the study area would make more cells than this")->capture_default_str();
  series->add_option("--csv", series_opts.csv, csv_help)->transform(CLI::CheckedTransformer(csv_dialects))->default_str("plain");

  leefkaart::pipeline::Options grid_opts;
  std::string grid_data_dir;
  auto* grid = app.add_subcommand("grid", "Write only the hexagon cells covering the study area (layer 'cells')");
  grid->add_option("--config", grid_opts.config_path, "Configuration file (TOML)")->required();
  grid->add_option("--out", grid_opts.out_dir, "Output directory (created if needed)")->required();
  grid->add_option("--data", grid_data_dir, "Data directory for relative paths in the config");
  grid->add_option("--max-cells", grid_opts.max_cells, "Stop before the work when the study area would make more cells than this")->capture_default_str();

  std::string check_path, check_data;
  auto* check = app.add_subcommand("check-config", "Validate a configuration and explain in plain words what it will do");
  check->add_option("config", check_path, "Configuration file (TOML)")->required();
  check->add_option("--data", check_data, "Data directory for relative paths in the config");

  leefkaart::pipeline::AccessOptions access_opts;
  std::string area_file, categories_file, cbs_table;
  double speed = 0;
  auto* access = app.add_subcommand("access", "Walking, cycling or driving distances from every cell to facilities, over OpenStreetMap or your own road layer");
  std::string network_file, network_mapping, facilities_file;
  access->add_option("--osm", access_opts.osm_file, "OpenStreetMap extract (.osm.pbf or .osm), e.g. cut to your gemeente with osmium extract: the streets, the facilities and the base map (with --network: only the facilities and the base map)");
  access->add_option("--network", network_file, "A road layer to route over instead of OSM's streets: lines in a GeoPackage or shapefile with a CRS (NWB, an osmnx export …); needs --network-mapping");
  access->add_option("--network-mapping", network_mapping, "TOML [lines] mapping of --network's fields to the profiles, e.g. presets/network_nwb.toml or presets/network_osmnx.toml");
  access->add_option("--facilities", facilities_file, "Facilities as a points layer (GeoPackage, shapefile, GeoJSON) instead of OSM's; its category field names the categories");
  access->add_option("--facilities-layer", access_opts.facilities_layer, "Layer of --facilities (default: the first)");
  access->add_option("--facility-category-field", access_opts.facility_category_field, "Field of --facilities holding the category name (huisarts, supermarkt …)")->capture_default_str();
  access->add_option("--facility-name-field", access_opts.facility_name_field, "Field of --facilities holding the name (optional)");
  access->add_option("--out", access_opts.out_dir, "Output directory (created if needed)")->required();
  access->add_option("--area", area_file, "Study area polygons (buurten); without it, cells cover the extract's streets");
  access->add_option("--area-code-field", access_opts.area_code_field, "Code field of --area")->capture_default_str();
  access->add_option("--area-name-field", access_opts.area_name_field, "Name field of --area")->capture_default_str();
  access->add_option("--mode", access_opts.mode, "walk, bike or car (car mimics CBS Nabijheid)")->capture_default_str();
  access->add_option("--speed-kmh", speed, "Travel speed for the time fields (default: walk 5, bike 15, car 30)");
  access->add_option("--cell-size", access_opts.cell_size, "Hexagon edge in metres")->capture_default_str();
  access->add_option("--categories", categories_file, "TOML file with [[category]] tables (default: the built-in categories)");
  access->add_flag("--ferries", access_opts.ferries, "Route over ferries (route=ferry)");
  bool no_counts = false;
  access->add_flag("--no-counts", no_counts, "Skip the counts of facilities within 1, 3 and 5 km (distances only)");
  access->add_option("--snap-limit", access_opts.snap_limit_m, "Cells farther than this from any street are not routed (m)")->capture_default_str();
  access->add_option("--cbs", cbs_table, "Kerncijfers table with CBS Nabijheid columns (g_afs_hp …) to compare with, per area");
  access->add_option("--cbs-key", access_opts.cbs_key, "Code column of --cbs")->capture_default_str();
  access->add_option("--max-cells", access_opts.max_cells, "Stop before the work when the study area would make more cells than this")->capture_default_str();
  access->add_option("--csv", access_opts.csv, csv_help)->transform(CLI::CheckedTransformer(csv_dialects))->default_str("plain");

  leefkaart::sorting::CommandOptions sorting_opts;
  std::string sorting_data_dir;
  auto* sorting = app.add_subcommand("sorting", "Spatial sorting (PBL) in a region of several gemeenten over years: shares of vulnerable groups per buurt and zone, segregation, hot spots, early warning");
  sorting->add_option("--config", sorting_opts.config_path, "Sorting configuration (TOML), e.g. presets/utrecht_regio_uitsortering.toml")->required();
  sorting->add_option("--out", sorting_opts.out_dir, "Output directory: uitsortering.gpkg, <layer>.geojson, early_warning.csv, buurten.csv, zones.csv, manifest.json")->required();
  sorting->add_option("--data", sorting_data_dir, "Data directory for relative paths in the config (default: $LEEFKAART_DATA, then ../shared/data)");

  leefkaart::init::InitOptions init_opts;
  std::string init_out, init_data;
  auto* init = app.add_subcommand("init", "Write a ready build config for any gemeente (or several, or --all of the Netherlands) from the national files in the data folder");
  init->add_option("--gemeente", init_opts.gemeenten, "Gemeente code of the 2025 indeling, e.g. GM0307 (Amersfoort); repeat for several");
  init->add_flag("--all", init_opts.all, "Every gemeente of the Netherlands (a national build)");
  init->add_option("--out", init_out, "The config file to write (default: <gemeente>.toml in the working folder)");
  init->add_option("--data", init_data, "Data directory with the national files (default: $LEEFKAART_DATA, then ../shared/data)");
  init->add_flag("--force", init_opts.force, "Replace --out when it exists");

  leefkaart::crosswalk::CommandOptions xwalk_opts;
  std::string xwalk_prefix, xwalk_from_crs, xwalk_to_crs;
  auto* xwalk = app.add_subcommand("crosswalk", "Which buurten of one boundary set became which of another (renumbered, split, merged), from polygon overlap");
  xwalk->add_option("--from", xwalk_opts.from.file, "Boundary file the tables are keyed on, e.g. boundaries/nl_buurten_2019_coarse_wgs84.topojson")->required();
  xwalk->add_option("--from-code", xwalk_opts.from.code_field, "Code field of --from")->capture_default_str();
  xwalk->add_option("--from-crs", xwalk_from_crs, "CRS of --from when the file names none, e.g. EPSG:28992");
  xwalk->add_option("--to", xwalk_opts.to.file, "Boundary file to re-express on, e.g. the study area's buurten")->required();
  xwalk->add_option("--to-code", xwalk_opts.to.code_field, "Code field of --to")->capture_default_str();
  xwalk->add_option("--to-crs", xwalk_to_crs, "CRS of --to when the file names none");
  xwalk->add_option("--out", xwalk_opts.out_dir, "Output directory: crosswalk.csv and manifest.json")->required();
  xwalk->add_option("--filter-prefix", xwalk_prefix, "Keep only codes that start with this in both files, e.g. BU0772 (one gemeente of a national file)");
  xwalk->add_flag("--align", xwalk_opts.align, "First shift --from as a whole onto --to's outline (for coarse files that sit shifted; the shift is reported either way)");
  xwalk->add_option("--sliver-share", xwalk_opts.tolerance.min_share, "An overlap below this share of both polygons is a sliver (ignored)")->capture_default_str();
  xwalk->add_option("--sliver-m2", xwalk_opts.tolerance.min_area_m2, "An overlap below this area (m²) is a sliver (ignored)")->capture_default_str();
  std::string programme_config, programme_out, programme_data;
  auto* programme = app.add_subcommand(
      "programme", "Compare a programme's focus buurten with matched control buurten from a baseline year ([programme] of the config)");
  programme->add_option("--config", programme_config, "Configuration file with a [programme] section, e.g. presets/utrecht_krachtwijken.toml")->required();
  programme->add_option("--out", programme_out, "Output directory (created if needed)")->required();
  programme->add_option("--data", programme_data, "Data directory for relative paths in the config");

  leefkaart::report::ReportOptions report_opts;
  std::string report_build, report_out;
  auto* report = app.add_subcommand("report", "Write a printable wijkprofiel (HTML, opens offline) per buurt and wijk of a build, and an overview ranking them");
  report->add_option("--build", report_build, "Output directory of a `leefkaart build` run")->required();
  report->add_option("--out", report_out, "Output directory for the profiles (created if needed; replaced whole)")->required();
  report->add_option("--area", report_opts.area, "Only this buurt or wijk (CBS code, e.g. BU03440000)");
  std::string report_store;
  report->add_option("--store", report_store, "A register (`leefkaart registry`): each profile gets its interventions, learning questions, publishable stories, conversation prompts and cycles");

  leefkaart::server::ServeOptions serve_opts;
  auto* serve = app.add_subcommand("serve", "Show a build or an access run in the browser: the map and a read-only API, offline");
  serve->add_option("--out", serve_opts.out_dir, "Output directory of a `leefkaart build` or `leefkaart access` run")->required();
  serve->add_option("--port", serve_opts.port, "Port (1-65535; 0: any free port, the printed URL names it)")->capture_default_str();
  serve->add_option("--host", serve_opts.host, "Address to listen on (default: this machine only)")->capture_default_str();
  serve->add_option("--web", serve_opts.web_dir, "The built web app (default: web/dist beside the binary)");
  serve->add_option("--cache-mb", serve_opts.cache_mb, "Memory for layers cut to asked fields (least recently used go first)")->capture_default_str();
  serve->add_option("--connections-per-client", serve_opts.connections_per_client, "Open connections one address may hold (a browser uses 6)")->capture_default_str();
  serve->add_option("--store", serve_opts.store, "The register (created if needed): its interventions, questions, cycles and publishable stories beside the map, and forms to add to it");
  serve->add_option("--koppeling", serve_opts.indicator_map, "A TOML file [koppeling] theme = [\"indicator\", …]: which indicators stand beside each Leefplekmeter theme (default: schema/survey.json)")
      ->check(CLI::ExistingFile);

  // The register of learning questions (registry/): one SQLite file per project.
  std::string registry_store = "register.sqlite", registry_to, registry_from;  // the project folder's register by default
  leefkaart::registry::ImportFiles registry_files;
  auto* registry = app.add_subcommand("registry", "The team's learning register: questions (\"Hoe kan …, terwijl …?\"), interventions, stories, cycles: import, export, list, backup, restore");
  registry->require_subcommand(1);
  auto* registry_import = registry->add_subcommand("import", "Add learning questions, interventions, stories or cycles from one file, all rows or none");
  registry_import->add_option("--store", registry_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  auto* import_questions = registry_import->add_option("--questions", registry_files.questions, "CSV or XLSX of learning questions (nr, thema, leervraag; optional houder), e.g. lerend/leervragen_quickscan_sv_2021.csv");
  auto* import_interventions = registry_import->add_option("--interventions", registry_files.interventions, "CSV or XLSX of interventions (columns in the README); needs --build");
  auto* import_stories = registry_import->add_option("--stories", registry_files.stories, "CSV or XLSX of stories, without photos (columns in the README); needs --build");
  auto* import_cycles = registry_import->add_option("--cycles", registry_files.cycles, "CSV or XLSX of cycle entries (columns in the README); --build pins them to that build");
  registry_import->add_option("--build", registry_files.build, "Output folder of `leefkaart build` or `series` whose areas and indicators the records name");
  import_questions->excludes(import_interventions)->excludes(import_stories)->excludes(import_cycles);
  import_interventions->excludes(import_stories)->excludes(import_cycles);
  import_stories->excludes(import_cycles);
  auto* import_bundle = registry_import->add_option("--bundle", registry_files.bundle, "A bundle written by `leefkaart registry export` (JSON), whole or not at all");
  import_bundle->excludes(import_questions)->excludes(import_interventions)->excludes(import_stories)->excludes(import_cycles);
  std::string registry_bundle_to;
  auto* registry_export = registry->add_subcommand("export", "Write the whole register as one JSON bundle to exchange (no unpublishable stories, no photos)");
  registry_export->add_option("--store", registry_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  registry_export->add_option("--to", registry_bundle_to, "The bundle file, e.g. register-bundle.json")->required();
  auto* registry_list = registry->add_subcommand("list", "Print the learning questions per theme, in Dutch");
  registry_list->add_option("--store", registry_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  auto* registry_backup = registry->add_subcommand("backup", "Copy the whole register to another file, consistently, also while it is in use");
  registry_backup->add_option("--store", registry_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  registry_backup->add_option("--to", registry_to, "The copy (an existing file is replaced only when it is a register)")->required();
  auto* registry_restore = registry->add_subcommand("restore", "Replace the register with a backup (checked first; the old register stays when it is refused)");
  registry_restore->add_option("--store", registry_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  registry_restore->add_option("--from", registry_from, "A backup made by `leefkaart registry backup`")->required();

  // ---- survey (Leefplekmeter) group: `survey import` here; `survey wheels` and `survey walkpack` are added to `survey` beside it.
  std::string survey_store = "register.sqlite";  // the project folder's register by default, as `registry`
  auto* survey = app.add_subcommand("survey", "Leefplekmeter and Place Standard forms: residents' judgement of their place beside the numbers");
  survey->require_subcommand(1);
  std::string survey_forms_file, survey_build, survey_kenmerken;
  bool survey_mixed = false;
  auto* survey_import = survey->add_subcommand("import", "Add Leefplekmeter forms from a CSV or XLSX (one row per person or group; columns in the README), all rows or none");
  survey_import->add_option("--store", survey_store, "The register file (default: register.sqlite in the current folder, the project folder)");
  survey_import->add_option("forms", survey_forms_file, "The form file, CSV or XLSX")->required();
  survey_import->add_option("--build", survey_build, "Output folder of `leefkaart build` or `series` whose buurt and wijk codes the forms name");
  survey_import->add_flag("--gemengd", survey_mixed, "The file mixes theme sets (1-10 and 1-7) on purpose; they are still never averaged together without rescaling");
  survey_import->add_option("--kenmerken", survey_kenmerken, "A CSV (kenmerk,waarde) declaring the values of rol, leeftijd and geslacht a CSV form file uses");
  // ---- end survey group
  // ---- survey wheels / walkpack (the Leefplekmeter's outputs) ----
  leefkaart::survey::WheelsOptions wheels_opts;
  std::string wheels_store = "register.sqlite", wheels_out, wheels_build, wheels_rescale;
  auto* survey_wheels = survey->add_subcommand("wheels", "Every wheel as SVG and PNG, a GeoPackage layer of the areas per round, and the priority view, as one result set");
  survey_wheels->add_option("--store", wheels_store, "The register holding the forms (default: register.sqlite in the current folder, the project folder)");
  survey_wheels->add_option("--out", wheels_out, "Output directory (created if needed; replaced whole)")->required();
  survey_wheels->add_option("--build", wheels_build, "Output directory of a `leefkaart build` run: the areas' polygons and mean scores");
  survey_wheels->add_option("--herschaal", wheels_rescale, "Rescale every form onto this theme set's scale (leefplekmeter-2018 or place-standard-2017) so that scales can meet in one wheel");
  survey_wheels->add_option("--min-groep", wheels_opts.wheel.min_group, "Fewest people a wheel shows; smaller groups are hidden with the reason")->capture_default_str()->check(CLI::Range(1, 1000));
  leefkaart::report::WalkpackOptions walk_opts;
  std::string walk_store = "register.sqlite", walk_out, walk_build;
  auto* survey_walkpack = survey->add_subcommand("walkpack", "A printable A4 walk pack for a buurt or wijk: map, key figures, a blank wheel and the questions");
  survey_walkpack->add_option("--store", walk_store, "The register holding the forms, to say how many there are for the area (default: register.sqlite in the current folder)");
  survey_walkpack->add_option("--area", walk_opts.area, "The buurt or wijk (CBS code, e.g. BU03440101)")->required();
  survey_walkpack->add_option("--out", walk_out, "Output directory (created if needed; replaced whole)")->required();
  survey_walkpack->add_option("--build", walk_build, "Output directory of a `leefkaart build` run")->required();
  survey_walkpack->add_option("--themaset", walk_opts.theme_set, "The theme set of the questions")->capture_default_str();
  survey_walkpack->add_option("--variant", walk_opts.variant, "The questions' wording: standaard, b1 (plain language) or jeugd (young people)")
      ->capture_default_str()->check(CLI::IsMember({"standaard", "b1", "jeugd"}));
  // ---- end survey wheels / walkpack ----

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    std::cerr << "leefkaart: error: " << e.what() << "\n(run with --help for the options)\n";
    return 2;
  }
  setup_logging(quiet);

  try {
    if (*build) {
      if (!data_dir.empty()) build_opts.data_dir = data_dir;
      if (build_to_opt->count() > 0) {
        build_opts.to = leefkaart::database::make_target(build_to, build_schema, build_opts.out_dir);
        leefkaart::database::check_target(*build_opts.to);  // before the work, as the output folder
      }
      leefkaart::pipeline::run(build_opts);
    } else if (*series) {
      if (!series_data_dir.empty()) series_opts.data_dir = series_data_dir;
      leefkaart::series::run(series_opts);
    } else if (*grid) {
      grid_opts.grid_only = true;
      if (!grid_data_dir.empty()) grid_opts.data_dir = grid_data_dir;
      leefkaart::pipeline::run(grid_opts);
    } else if (*access) {
      if (!area_file.empty()) access_opts.area_file = area_file;
      if (!network_file.empty()) access_opts.network_file = network_file;
      if (!network_mapping.empty()) access_opts.network_mapping = network_mapping;
      if (!facilities_file.empty()) access_opts.facilities_file = facilities_file;
      if (!categories_file.empty()) access_opts.categories_file = categories_file;
      if (!cbs_table.empty()) access_opts.cbs_table = cbs_table;
      if (access->count("--speed-kmh") > 0) access_opts.speed_kmh = speed;
      access_opts.counts = !no_counts;
      leefkaart::pipeline::run_access(access_opts);
    } else if (*sorting) {
      if (!sorting_data_dir.empty()) sorting_opts.data_dir = sorting_data_dir;
      leefkaart::sorting::run_command(sorting_opts);
    } else if (*init) {
      if (!init_out.empty()) init_opts.out = init_out;
      if (!init_data.empty()) init_opts.data_dir = init_data;
      init_opts.command_line = "leefkaart init";
      for (const auto& g : init_opts.gemeenten) init_opts.command_line += " --gemeente " + g;
      if (init_opts.all) init_opts.command_line += " --all";
      const auto result = leefkaart::init::run_init(init_opts);
      for (const auto& line : result.report) std::cout << line << "\n";
      std::cout << "wrote " << result.path << "\nnext: leefkaart build --config " << result.path << " --out DIR\n";
    } else if (*xwalk) {
      xwalk_opts.from.code_prefix = xwalk_opts.to.code_prefix = xwalk_prefix;
      if (!xwalk_from_crs.empty()) xwalk_opts.from.crs = xwalk_from_crs;
      if (!xwalk_to_crs.empty()) xwalk_opts.to.crs = xwalk_to_crs;
      leefkaart::crosswalk::run_command(xwalk_opts);
    } else if (*registry) {
      namespace reg = leefkaart::registry;
      if (*registry_import) std::cout << reg::import_command(registry_store, registry_files);
      if (*registry_list) std::cout << reg::list_command(registry_store);
      if (*registry_export) std::cout << reg::export_command(registry_store, registry_bundle_to);
      if (*registry_backup) std::cout << reg::backup_command(registry_store, registry_to);
      if (*registry_restore) std::cout << reg::restore_command(registry_store, registry_from);
    } else if (*survey) {
      // ---- survey dispatch: one line per survey subcommand
      namespace srv = leefkaart::survey;
      if (*survey_import) {
        srv::ImportOptions o;
        if (!survey_build.empty()) o.build = survey_build;
        if (!survey_kenmerken.empty()) o.kenmerken = survey_kenmerken;
        o.allow_mixed_sets = survey_mixed;
        std::cout << srv::import_command(survey_store, survey_forms_file, o);
      }
      // ---- end survey dispatch
      // ---- survey wheels / walkpack ----
      if (*survey_wheels) {
        leefkaart::check_option_file("--store", wheels_store);
        wheels_opts.store = wheels_store;
        wheels_opts.out_dir = wheels_out;
        if (!wheels_build.empty()) wheels_opts.build_dir = wheels_build;
        if (!wheels_rescale.empty()) wheels_opts.wheel.rescale_to = wheels_rescale;
        std::cout << leefkaart::survey::wheels_command(wheels_opts);
      }
      if (*survey_walkpack) {
        leefkaart::check_option_file("--store", walk_store);
        walk_opts.store = walk_store;
        walk_opts.out_dir = walk_out;
        walk_opts.build_dir = walk_build;
        std::cout << leefkaart::report::walkpack_command(walk_opts);
      }
      // ---- end survey wheels / walkpack ----
    } else if (*serve) {
      const bool loopback = leefkaart::server::is_loopback_host(serve_opts.host);
      if (!loopback)
        spdlog::warn("listening on {}: other machines on the network can reach this map; each needs the access token below",
                     serve_opts.host);
      std::signal(SIGINT, [](int) { leefkaart::server::stop(); });
      std::signal(SIGTERM, [](int) { leefkaart::server::stop(); });
      leefkaart::server::serve(serve_opts, [](const std::string& url) {
        std::cout << "leefkaart serves the map at " << url << "  (Ctrl-C stops)" << std::endl;
        if (const auto at = url.find("?toegang="); at != std::string::npos)
          std::cout << "access token (toegangscode): " << url.substr(at + 9)
                    << "\n  give the whole link above only to those who may see this map; it changes at every start" << std::endl;
      });
      spdlog::info("stopped");
    } else if (*programme) {
      std::optional<std::string> d;
      if (!programme_data.empty()) d = programme_data;
      const auto data = leefkaart::config::find_data_dir(d, programme_config);
      leefkaart::indicators::PathResolver resolve{
          data.path, std::filesystem::absolute(programme_config).parent_path().string()};
      leefkaart::programme::run(programme_config, programme_out, resolve);
    } else if (*report) {
      report_opts.build_dir = report_build;
      report_opts.out_dir = report_out;
      if (!report_store.empty()) {
        leefkaart::check_option_file("--store", report_store);
        report_opts.store = report_store;
      }
      const std::size_t n = leefkaart::report::run(report_opts);
      std::cout << "leefkaart wrote " << n << " profiles and index.html to " << report_out << std::endl;
    } else if (*check) {
      std::optional<std::string> d;
      if (!check_data.empty()) d = check_data;
      // A series config names its years; each year is checked as the series would build it.
      const bool is_series = leefkaart::config::load(check_path).series.has_value();
      std::cout << (is_series ? leefkaart::series::check(check_path, d) : leefkaart::pipeline::check_config(check_path, d));
    }
  } catch (const leefkaart::InputError& e) {
    std::cerr << "leefkaart: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "leefkaart: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
