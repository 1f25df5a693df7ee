#include "pipeline/access_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

#include "io/build_schema.hpp"
#include "io/xlsx_writer.hpp"
#include "pipeline/outputs.hpp"
#include "study/layers.hpp"
#include "config/config.hpp"
#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "core/option_range.hpp"
#include "core/text.hpp"
#include "io/access_schema.hpp"
#include "io/crs.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"
#include "io/table_source.hpp"
#include "io/vector_source.hpp"
#include "config/line_mapping.hpp"
#include "network/access.hpp"
#include "network/facility_points.hpp"
#include "network/line_network.hpp"
#include "network/routing_data.hpp"

namespace leefkaart::pipeline {
namespace fs = std::filesystem;
using io::FieldType;
using io::Value;
using json = nlohmann::json;
namespace schema = io::access_schema;

namespace {

// CBS Nabijheid columns of the kerncijfers and the category each is compared with.
const std::vector<std::pair<std::string, std::string>> kCbsColumns{
    {"g_afs_hp", "huisarts"}, {"g_afs_gs", "supermarkt"}, {"g_afs_kv", "kinderopvang"}, {"g_afs_sc", "basisschool"}};

std::vector<network::Category> load_categories(const AccessOptions& opts) {
  if (!opts.categories_file) return network::default_categories();
  std::vector<network::Category> out;
  for (const auto& spec : config::load_categories(*opts.categories_file)) {
    network::Category c{spec.name, spec.label, {}, spec.area, spec.min_area_m2};
    for (const auto& t : spec.tags) c.any_of.push_back(network::parse_tag_rule(t));
    out.push_back(std::move(c));
  }
  return out;
}

network::LineMapping to_network(const config::LineMappingSpec& s) {
  network::LineMapping m;
  m.layer = s.layer;
  m.class_field = s.class_field;
  m.classes = s.classes;
  m.oneway_field = s.oneway_field;
  m.oneway_forward = s.oneway_forward;
  m.oneway_backward = s.oneway_backward;
  m.oneway_both = s.oneway_both;
  m.speed_field = s.speed_field;
  m.length_field = s.length_field;
  m.snap_tolerance_m = s.snap_tolerance_m;
  return m;
}

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

void validate(const AccessOptions& opts) {
  if (opts.speed_kmh) check_option_range("--speed-kmh", *opts.speed_kmh, 0, false, 200, "km/h");
  check_option_range("--snap-limit", opts.snap_limit_m, 0, false, 5000, "m");
  // Below 1 m the cell count of a town overflows the grid's integer indices.
  check_option_range("--cell-size", opts.cell_size, 1, true, 10000, "m");
  if (opts.cbs_table && !opts.area_file)
    throw InputError({"", "--cbs", ""}, "needs --area: CBS Nabijheid is compared per buurt of the study area");
  if (opts.osm_file.empty() && !opts.network_file)
    throw InputError({"", "--osm", ""}, "give the streets: --osm (an OpenStreetMap extract) or --network (a road layer)");
  if (opts.network_file && !opts.network_mapping)
    throw InputError({"", "--network-mapping", ""},
                     "needed with --network: which field holds the road class and one-way (e.g. presets/network_nwb.toml)");
  if (opts.network_mapping && !opts.network_file)
    throw InputError({"", "--network-mapping", ""}, "maps the fields of a --network road layer; give --network too");
  if (opts.network_file && opts.osm_file.empty() && !opts.facilities_file)
    throw InputError({"", "--facilities", ""},
                     "a --network run takes its facilities from --facilities (a points layer) or --osm (an extract)");
  if (opts.network_file && opts.ferries)
    throw InputError({"", "--ferries", ""}, "applies to OSM's ferry routes; a --network layer maps ferries by its road class");
  if (!opts.osm_file.empty()) check_option_file("--osm", opts.osm_file);
  if (opts.network_file) check_option_file("--network", *opts.network_file);
  if (opts.network_mapping) check_option_file("--network-mapping", *opts.network_mapping);
  if (opts.facilities_file) check_option_file("--facilities", *opts.facilities_file);
  if (opts.area_file) check_option_file("--area", *opts.area_file);
  if (opts.categories_file) check_option_file("--categories", *opts.categories_file);
  if (opts.cbs_table) check_option_file("--cbs", *opts.cbs_table);
}

void run_access(const AccessOptions& opts) {
  const auto t0 = std::chrono::steady_clock::now();
  validate(opts);
  io::check_output_folder(opts.out_dir);  // before the work, not after it
  network::Mode mode;
  try {
    mode = network::parse_mode(opts.mode);
  } catch (const std::invalid_argument& e) {
    throw InputError({"", "", "--mode"}, e.what());
  }
  const std::vector<network::Category> cats = load_categories(opts);

  // The streets: OSM's, or a road layer (always routed in RD New). The
  // facilities: OSM's, or a points layer.
  const double speed = opts.speed_kmh.value_or(network::default_speed_kmh(mode));
  const bool lines = opts.network_file.has_value();
  std::optional<config::LineMappingSpec> mapping_spec;
  if (lines) mapping_spec = config::load_line_mapping(*opts.network_mapping);  // before the long reads
  int epsg = io::kRdNewEpsg;
  std::optional<network::RoutingData> data;
  network::Graph g;
  json network_report;
  std::vector<geom::Point> street_points;  // where the streets are: the study area must lie among them
  if (!opts.osm_file.empty()) {
    spdlog::info("reading {}", opts.osm_file);
    network::ProfileOptions popts;
    popts.ferries = opts.ferries;
    data = network::load_routing_data(opts.osm_file, cats, popts,
                                      lines ? std::optional<int>(io::kRdNewEpsg) : std::nullopt);
    epsg = data->epsg;
    if (!lines) {
      spdlog::info("{} routable nodes, {} ways read; working CRS {} ({})", data->extract.nodes.size(), data->extract.ways_read,
                   io::srs_name(*io::working_srs(epsg)),
                   epsg == io::kRdNewEpsg ? "the extract lies in the Netherlands"
                                          : "the UTM zone of the extract, which lies outside the Netherlands");
      g = network::build_graph(data->extract, mode, data->nodes);
      if (g.node_count() == 0) throw InputError({opts.osm_file, "", ""}, "no street usable for " + opts.mode);
      for (const auto& [id, p] : data->nodes) street_points.push_back(p);
      network_report = {{"source", "openstreetmap"}, {"file", opts.osm_file}};
    }
  }
  if (lines) {
    spdlog::info("reading road layer {}", *opts.network_file);
    const network::LineMapping m = to_network(*mapping_spec);
    network::LineNetwork ln = network::read_line_network(*opts.network_file, m, mode, speed, io::kRdNewEpsg);
    g = std::move(ln.graph);
    if (g.node_count() == 0)
      throw InputError({*opts.network_file, "", m.class_field}, "no line usable for " + opts.mode + " under the mapping");
    street_points = g.xy;
    json left_out = json::object();
    for (const auto& [value, n] : ln.left_out_by_class) left_out[value] = n;
    spdlog::info("{} lines read ({}), {} used for {}; {} end points joined within {:g} m; {} loops skipped",
                 ln.lines_read, ln.source_crs, ln.lines_used, opts.mode, ln.endpoints_merged, m.snap_tolerance_m,
                 ln.self_loops);
    network_report = {{"source", "road layer"},
                      {"file", *opts.network_file},
                      {"mapping", *opts.network_mapping},
                      {"source_crs", ln.source_crs},
                      {"lines_read", ln.lines_read},
                      {"lines_used", ln.lines_used},
                      {"left_out_by_class", left_out},
                      {"snap_tolerance_m", m.snap_tolerance_m},
                      {"endpoints_joined", ln.endpoints_merged},
                      {"loops_skipped", ln.self_loops},
                      {"nodes_before_pruning", ln.nodes_before_pruning},
                      {"speed_field", m.speed_field.empty() || mode != network::Mode::Car ? json() : json(m.speed_field)}};
  }
  const double read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  spdlog::info("{} graph: {} nodes, {} segments; dropped {} nodes in {} smaller disconnected pieces", opts.mode,
               g.node_count(), g.segments.size(), g.dropped_nodes, g.dropped_components);

  std::vector<network::FacilityPlace> facilities;
  std::vector<std::size_t> too_small(cats.size(), 0);
  std::string facility_source = "OpenStreetMap";
  if (opts.facilities_file) {
    network::FacilityPointsOptions fopts;
    fopts.layer = opts.facilities_layer;
    fopts.category_field = opts.facility_category_field;
    fopts.name_field = opts.facility_name_field;
    fopts.target_epsg = epsg;
    network::FacilityPoints fp = network::read_facility_points(*opts.facilities_file, cats, fopts);
    for (const auto& [value, n] : fp.other_values)
      spdlog::warn("{}: {} points with {} \"{}\" name no category of this run; left out", *opts.facilities_file, n,
                   opts.facility_category_field, value);
    facilities = std::move(fp.places);
    facility_source = *opts.facilities_file;
  } else {
    facilities = std::move(data->facilities);
    too_small = data->too_small;
  }
  const std::string street_source = lines ? *opts.network_file : std::string("OpenStreetMap");

  // Cells: the study area, or every cell that holds a street node of the graph.
  grid::HexGrid hex({opts.cell_size, grid::SizeDefinition::Edge});
  std::vector<grid::HexId> cells;
  std::vector<std::string> area_of_cell;
  io::AreaSet areas;
  json inputs = json::array();
  if (!opts.osm_file.empty()) inputs.push_back(file_entry(opts.osm_file));
  if (lines) {
    inputs.push_back(file_entry(*opts.network_file));
    inputs.push_back(file_entry(*opts.network_mapping));
  }
  if (opts.facilities_file) inputs.push_back(file_entry(*opts.facilities_file));
  if (opts.area_file) {
    io::VectorReadOptions vopts;
    vopts.target_epsg = epsg;
    areas = io::read_areas(*opts.area_file, opts.area_code_field, opts.area_name_field, std::nullopt, vopts);
    inputs.push_back(file_entry(*opts.area_file));
    for (const auto& w : areas.warnings) spdlog::warn("{}", w);
    auto outline = areas.outline();
    cells = grid::cover_within_limit(hex, outline.get(), grid::CoverRule::CentreInside, opts.max_cells, {"", "", "--cell-size"});
    if (cells.empty()) throw InputError({*opts.area_file, "", ""}, "the study area yields no cells");
    // The extract must cover the study area: compare with the hull of its streets.
    std::vector<GEOSGeometry*> pts;
    for (const auto& p : street_points) pts.push_back(GEOSGeom_createPointFromXY_r(geom::context(), p.x, p.y));
    geom::Geom multi(GEOSGeom_createCollection_r(geom::context(), GEOS_MULTIPOINT, pts.data(),
                                                 static_cast<unsigned>(pts.size())));
    geom::Geom hull(GEOSConvexHull_r(geom::context(), multi.get()));
    auto hull_prep = geom::prepare(hull.get());
    std::size_t outside = 0;
    for (auto id : cells) outside += !geom::prepared_contains_xy(hull_prep.get(), hex.centre(id));
    const double share = static_cast<double>(outside) / static_cast<double>(cells.size());
    if (share > 0.01)
      throw InputError({lines ? *opts.network_file : opts.osm_file, "", ""},
                       fmt::format("the {} does not cover the study area {}: {:.1f} % of its cells ({} of {}) lie "
                                   "outside its streets; use a larger one",
                                   lines ? "road layer" : "extract",
                                   *opts.area_file, share * 100, outside, cells.size()));
    // Each cell belongs to the area holding its centre.
    const std::vector<const GEOSGeometry*> ageoms = areas.geometries();
    std::vector<geom::Prepared> aprep;
    for (const auto* a : ageoms) aprep.push_back(geom::prepare(a));
    geom::StrTree atree(ageoms);
    for (auto id : cells) {
      auto centre = geom::make_point(hex.centre(id));
      std::string code;
      for (std::size_t a : atree.query(centre.get()))
        if (geom::prepared_contains_xy(aprep[a].get(), hex.centre(id))) code = areas.areas[a].code;
      area_of_cell.push_back(code);
    }
  } else {
    cells.reserve(g.xy.size());
    for (const auto& p : g.xy) cells.push_back(hex.cell_of(p));
    std::sort(cells.begin(), cells.end(), grid::row_major);
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  }
  spdlog::info("{} cells ({})", cells.size(), hex.describe());

  const auto t_route = std::chrono::steady_clock::now();
  const double graph_seconds = std::chrono::duration<double>(t_route - t0).count() - read_seconds;
  network::SnapIndex index(g);
  std::vector<network::Snap> snaps;
  snaps.reserve(cells.size());
  for (auto id : cells) snaps.push_back(index.nearest(hex.centre(id), opts.snap_limit_m));
  network::AccessOptions aopts;
  aopts.snap_limit_m = opts.snap_limit_m;
  aopts.counts = opts.counts;
  const auto result = network::compute_access(g, index, snaps, facilities, cats.size(), aopts);
  const double route_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_route).count();
  spdlog::info("routed {} categories for {} cells in {:.2f} s", cats.size(), cells.size(), route_seconds);
  const auto t_write = std::chrono::steady_clock::now();  // from here on: building and writing the outputs

  // Cells layer.
  io::LayerData cl;
  cl.name = schema::layer("cells");
  cl.epsg = epsg;
  cl.description = fmt::format("leefkaart accessibility by {} over {} ({} km/h); {}", opts.mode, street_source, speed, hex.describe());
  study::add_cell_base(cl, hex, cells, nullptr, schema::cell_field("x"), schema::cell_field("y"));
  cl.fields.push_back({schema::cell_field("snap"), FieldType::Real});
  cl.fields.push_back({schema::cell_field("on_network"), FieldType::Integer});
  if (opts.area_file) cl.fields.push_back({schema::cell_field("area"), FieldType::String});
  for (const auto& c : cats) {
    cl.fields.push_back({schema::cell_field("distance", c.name), FieldType::Real, "Afstand tot " + c.label + " (m)"});
    cl.fields.push_back({schema::cell_field("time", c.name), FieldType::Real, c.label + ": reistijd (min)"});
    for (double r : aopts.radii_m)
      cl.fields.push_back({schema::cell_field("count", c.name, r / 1000), FieldType::Integer,
                           fmt::format("{}: aantal binnen {} km", c.label, dutch::number(r / 1000, r < 1000 ? 1 : 0))});
  }
  cl.fields.push_back({schema::cell_field("note"), FieldType::String});
  std::size_t off_network = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto& row = cl.rows[i];
    row.push_back(round_to(snaps[i].distance, 1));
    row.push_back(static_cast<long long>(snaps[i].ok));
    if (opts.area_file) row.push_back(area_of_cell[i].empty() ? Value() : Value(area_of_cell[i]));
    std::vector<std::string> unreachable;
    for (std::size_t k = 0; k < cats.size(); ++k) {
      const double d = result[k].dist[i];
      const bool reached = d != network::kUnreached;
      if (reached) {
        row.emplace_back(round_to(d, 1));
        // A road layer's own speeds give the minutes along the route; otherwise the run's one speed does.
        row.emplace_back(round_to(result[k].minutes.empty() ? d / (speed * 1000.0 / 60.0) : result[k].minutes[i], 2));
      } else {
        row.emplace_back();
        row.emplace_back();
      }
      for (std::size_t r = 0; r < aopts.radii_m.size(); ++r) {
        if (snaps[i].ok && opts.counts) row.emplace_back(static_cast<long long>(result[k].within[i][r]));
        else row.emplace_back();
      }
      if (snaps[i].ok && !reached) unreachable.push_back(cats[k].name);
    }
    std::string note;
    if (!snaps[i].ok) {
      ++off_network;
      note = fmt::format("no street within {:g} m (water or open land)", opts.snap_limit_m);
    } else if (!unreachable.empty()) {
      note = "no reachable facility: ";
      for (std::size_t j = 0; j < unreachable.size(); ++j) note += (j ? ", " : "") + unreachable[j];
    }
    row.push_back(note.empty() ? Value() : Value(note));
  }

  // Facilities layer, to check in QGIS what was recognised.
  io::LayerData fl;
  fl.name = schema::layer("facilities");
  fl.epsg = epsg;
  fl.description = opts.facilities_file ? "facilities read from " + facility_source
                                        : "facilities recognised in OpenStreetMap (area categories as polygons)";
  fl.fields = {{"category", FieldType::String}, {"osm_id", FieldType::String}, {"name", FieldType::String}};
  // Points and polygons go to separate layers: one geometry type per layer.
  io::LayerData pl;
  pl.name = schema::layer("facility_areas");
  pl.epsg = epsg;
  pl.description = fl.description;
  pl.fields = fl.fields;
  for (const auto& f : facilities) {
    io::LayerData& target = GEOSGeomTypeId_r(geom::context(), f.geom.get()) == GEOS_POINT ? fl : pl;
    target.rows.push_back({cats[f.category].name, f.id, f.name});
    target.geometries.push_back(geom::clone(f.geom.get()));
  }

  // Categories table.
  io::LayerData kt;
  kt.name = schema::layer("categories");
  kt.fields = {{"category", FieldType::String}, {"label", FieldType::String},       {"tags", FieldType::String},
               {"facilities", FieldType::Integer}, {"placed", FieldType::Integer}, {"cells_reached", FieldType::Integer},
               {"status", FieldType::String}};
  json cat_report = json::array();
  for (std::size_t k = 0; k < cats.size(); ++k) {
    std::string tags;
    for (const auto& r : cats[k].any_of) tags += (tags.empty() ? "" : " ") + network::to_string(r);
    std::size_t reached = 0;
    for (double d : result[k].dist) reached += d != network::kUnreached;
    std::string status = result[k].facilities == 0 ? "no facilities of this category in the extract"
                         : result[k].placed == 0   ? "no facility lies within reach of the street network"
                                                   : "ok";
    if (too_small[k]) status += fmt::format(" ({} areas under {:g} m² left out)", too_small[k], cats[k].min_area_m2);
    if (result[k].facilities == 0) spdlog::warn("category {}: {}", cats[k].name, status);
    kt.rows.push_back({cats[k].name, cats[k].label, tags, static_cast<long long>(result[k].facilities),
                       static_cast<long long>(result[k].placed), static_cast<long long>(reached), status});
    cat_report.push_back({{"category", cats[k].name}, {"label", cats[k].label}, {"facilities", result[k].facilities}, {"placed", result[k].placed},
                          {"cells_reached", reached}, {"status", status}});
  }

  // Per area: the mean network distance over its cells.
  io::LayerData al;
  json cbs_summary = json::object();
  io::LayerData cbs_rows;
  if (opts.area_file) {
    al.name = schema::layer("areas");
    al.epsg = epsg;
    al.description = "mean network distance over the cells whose centre lies in the area";
    al.fields = {{"code", FieldType::String}, {"naam", FieldType::String}, {"cells", FieldType::Integer}};
    for (const auto& c : cats)
      al.fields.push_back({schema::area_field("distance", c.name), FieldType::Real, "Afstand tot " + c.label + " (m)"});
    std::map<std::string, std::vector<std::size_t>> cells_of;
    for (std::size_t i = 0; i < cells.size(); ++i) cells_of[area_of_cell[i]].push_back(i);
    std::vector<std::vector<std::optional<double>>> area_mean(areas.areas.size(), std::vector<std::optional<double>>(cats.size()));
    for (std::size_t a = 0; a < areas.areas.size(); ++a) {
      const auto& members = cells_of[areas.areas[a].code];
      std::vector<Value> row{areas.areas[a].code, areas.areas[a].name, static_cast<long long>(members.size())};
      for (std::size_t k = 0; k < cats.size(); ++k) {
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t i : members)
          if (result[k].dist[i] != network::kUnreached) {
            sum += result[k].dist[i];
            ++n;
          }
        if (n) area_mean[a][k] = sum / n;
        row.push_back(n ? Value(round_to(sum / n, 1)) : Value());
      }
      al.rows.push_back(std::move(row));
      al.geometries.push_back(geom::clone(areas.areas[a].geom.get()));
    }
    // Beside the published CBS Nabijheid figures, so anyone sees how far ours are from the official ones.
    if (opts.cbs_table) {
      if (mode != network::Mode::Car)
        spdlog::warn("CBS measures over roads passable by car; use --mode car to compare like with like");
      io::TableReadOptions topts;
      topts.key_field = opts.cbs_key;
      topts.key_level = cbs::Level::Buurt;
      io::Table t = io::read_table(*opts.cbs_table, topts);
      inputs.push_back(file_entry(*opts.cbs_table));
      cbs_rows.name = schema::layer("cbs_check");
      cbs_rows.fields = {{"code", FieldType::String},    {"naam", FieldType::String},  {"category", FieldType::String},
                         {"cbs_column", FieldType::String}, {"cbs_km", FieldType::Real}, {"leefkaart_km", FieldType::Real},
                         {"difference_km", FieldType::Real}};
      for (const auto& [column, category] : kCbsColumns) {
        auto cat_it = std::find_if(cats.begin(), cats.end(), [&](const auto& c) { return c.name == category; });
        if (cat_it == cats.end() || std::find(t.fields.begin(), t.fields.end(), column) == t.fields.end()) continue;
        const std::size_t k = static_cast<std::size_t>(cat_it - cats.begin());
        const std::size_t col = t.field_index(column);
        std::vector<double> diffs;
        std::string worst_code;
        double worst = 0;
        for (std::size_t a = 0; a < areas.areas.size(); ++a) {
          auto row = t.row_of(areas.areas[a].code);
          if (!row) continue;
          auto cbs_km = t.number(*row, col);
          if (!cbs_km || !area_mean[a][k]) continue;
          const double ours = *area_mean[a][k] / 1000.0, diff = ours - *cbs_km;
          diffs.push_back(std::abs(diff));
          if (std::abs(diff) > std::abs(worst)) {
            worst = diff;
            worst_code = areas.areas[a].code;
          }
          cbs_rows.rows.push_back({areas.areas[a].code, areas.areas[a].name, category, column, *cbs_km,
                                   round_to(ours, 3), round_to(diff, 3)});
        }
        if (diffs.empty()) continue;
        cbs_summary[category] = {{"cbs_column", column},           {"buurten", diffs.size()},
                                 {"median_abs_difference_km", median(diffs)}, {"worst_difference_km", worst},
                                 {"worst_buurt", worst_code}};
        spdlog::info("CBS check {} ({}): {} buurten, median |difference| {:.2f} km, worst {:+.2f} km in {}", category,
                     column, diffs.size(), median(diffs), worst, worst_code);
      }
    }
  }

  json radii_km = json::array();
  if (opts.counts)
    for (double r : aopts.radii_m) radii_km.push_back(r / 1000);
  json manifest = {{"tool", "leefkaart"},
                   {"command", "access"},
                   {"created_utc", utc_now()},
                   {"libraries", library_versions()},
                   {"inputs", inputs},
                   {"mode", opts.mode},
                   {"speed_kmh", speed},
                   {"working_crs", fmt::format("EPSG:{}", epsg)},
                   {"grid", hex.describe()},
                   {"snap_limit_m", opts.snap_limit_m},
                   {"distance_rule", "network distance from the cell centre's projection on the nearest street "
                                     "segment to the facility's projection (areas: their edge); snap_m is not included"},
                   {"network", network_report},
                   {"time_rule", g.in_minutes.empty() ? fmt::format("distance at {:g} km/h", speed)
                                                      : fmt::format("each line's length at its own speed ({} of the road "
                                                                    "layer; {:g} km/h where it is empty), along the "
                                                                    "shortest route by distance",
                                                                    mapping_spec->speed_field, speed)},
                   {"graph", {{"nodes", g.node_count()}, {"segments", g.segments.size()},
                              {"dropped_nodes", g.dropped_nodes}, {"dropped_components", g.dropped_components}}},
                   {"counts", {{"cells", cells.size()}, {"cells_off_network", off_network}}},
                   {"radii_km", radii_km},
                   {"categories", cat_report},
                   {"seconds_routing", route_seconds}};
  if (!cbs_summary.empty()) manifest["cbs_check"] = cbs_summary;

  // The base map for `leefkaart serve`: the extract's roads, water, green and
  // buildings around the cells (read before the outputs are staged).
  geom::Box box{1e300, 1e300, -1e300, -1e300};
  for (auto id : cells) {
    const auto c = hex.centre(id);
    box = {std::min(box.minx, c.x), std::min(box.miny, c.y), std::max(box.maxx, c.x), std::max(box.maxy, c.y)};
  }
  const double margin = 500 + opts.cell_size;
  // Without an extract there is no base map (a road layer has no water or buildings).
  const auto basemap = opts.osm_file.empty() ? std::vector<io::LayerData>{}
                                             : basemap_layers(opts.osm_file, {box.minx - margin, box.miny - margin, box.maxx + margin, box.maxy + margin}, epsg);

  const auto t_files = std::chrono::steady_clock::now();  // from here on: only writing files
  io::ResultSetWriter stage(opts.out_dir);
  std::vector<const io::LayerData*> layers{&cl, &fl, &kt};
  if (!pl.rows.empty()) layers.push_back(&pl);
  if (opts.area_file) layers.push_back(&al);
  manifest[io::build_schema::manifest_key("csv_dialect")] = io::to_string(opts.csv);
  manifest["outputs"] = json::array({"access.gpkg"});
  // Every other file is written on background threads while the GeoPackage is
  // written here; each task writes its own file (the largest first).
  std::vector<std::function<void()>> writes;
  auto csv = [&](const io::LayerData& l, const std::string& file) {
    writes.push_back([&l, path = stage.staged(file), dialect = opts.csv] { io::write_csv(path, l, dialect); });
    manifest["outputs"].push_back(file);
  };
  // GeoJSON in WGS84 for web maps and `leefkaart serve`; FlatGeobuf in the working CRS beside it.
  auto geo = [&](const io::LayerData& l, const std::string& stem) {
    writes.push_back([&l, path = stage.staged(stem + ".geojson")] { io::write_geojson_wgs84(path, l); });
    writes.push_back([&l, path = stage.staged(stem + ".fgb")] { io::write_flatgeobuf(path, l); });
    manifest["outputs"].push_back(stem + ".geojson");
    manifest["outputs"].push_back(stem + ".fgb");
  };
  geo(cl, "cells");
  csv(cl, "access_cells.csv");
  geo(fl, "facilities");
  if (!pl.rows.empty()) geo(pl, "facility_areas");
  if (opts.area_file) csv(al, "access_areas.csv");
  if (!cbs_rows.name.empty()) csv(cbs_rows, "cbs_check.csv");
  // The tables as one workbook: areas first (what a reader compares), cells when Excel can hold them.
  std::vector<io::XlsxSheet> sheets;
  if (opts.area_file) sheets.push_back({al.name, &al});
  if (cl.rows.size() < io::kXlsxMaxRows) sheets.push_back({cl.name, &cl});
  else spdlog::warn("access.xlsx leaves out the cells: {} rows are more than an Excel sheet holds", cl.rows.size());
  sheets.push_back({kt.name, &kt});
  if (!cbs_rows.name.empty()) sheets.push_back({cbs_rows.name, &cbs_rows});
  writes.push_back([sheets, path = stage.staged("access.xlsx")] { io::write_xlsx(path, sheets); });
  manifest["outputs"].push_back("access.xlsx");
  add_basemap_writes(stage, basemap, manifest, writes);
  {
    io::BackgroundWrites background(std::move(writes));
    io::write_geopackage(stage.staged("access.gpkg"), layers);
    background.wait();
  }
  manifest["outputs"].push_back("manifest.json");
  const auto now = std::chrono::steady_clock::now();
  manifest["seconds"] = std::chrono::duration<double>(now - t0).count();
  manifest["seconds_reading"] = read_seconds;
  manifest["seconds_graph_and_cells"] = graph_seconds;
  manifest["seconds_writing"] = std::chrono::duration<double>(now - t_write).count();
  manifest["seconds_computing"] = std::chrono::duration<double>(t_files - t0).count();
  stage.commit(std::move(manifest));
  spdlog::info("wrote {} ({} cells, {} without a street within {:g} m)", (fs::path(opts.out_dir) / "access.gpkg").string(),
               cells.size(), off_network, opts.snap_limit_m);
}

}  // namespace leefkaart::pipeline
