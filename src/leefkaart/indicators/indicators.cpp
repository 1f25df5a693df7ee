#include "indicators/indicators.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/crs.hpp"
#include "io/raster_source.hpp"

namespace leefkaart::indicators {
namespace fs = std::filesystem;

std::string PathResolver::operator()(const std::string& file) const {
  fs::path p(file);
  if (p.is_absolute()) return p.string();
  if (file.rfind("./", 0) == 0 || file.rfind("../", 0) == 0) return (fs::path(config_dir) / p).lexically_normal().string();
  return (fs::path(data_dir) / p).lexically_normal().string();
}

std::string Sources::resolve_and_record(const std::string& file) {
  std::string path = resolve_(file);
  if (std::find(files_.begin(), files_.end(), path) == files_.end()) files_.push_back(path);
  return path;
}

const io::Table& Sources::table(const std::string& name) {
  auto it = tables_.find(name);
  if (it != tables_.end()) return it->second;
  const config::TableSpec& spec = cfg_.tables.at(name);
  io::TableReadOptions opts;
  opts.key_field = spec.key;
  opts.key_level = spec.key_level;
  opts.layer = spec.sheet;
  if (spec.missing_values) opts.missing_markers = *spec.missing_values;
  const std::string path = resolve_(spec.file);
  io::Table t = io::read_table(path, opts);
  if (!t.skipped().empty())
    warnings.push_back(fmt::format("{}: {} row(s) without a code in '{}' were skipped (first: {})", path,
                                   t.skipped().size(), spec.key, t.skipped().front()));
  warnings.insert(warnings.end(), t.warnings().begin(), t.warnings().end());
  files_.push_back(path);
  return tables_.emplace(name, std::move(t)).first->second;
}

const io::VectorData& Sources::layer(const std::string& name) {
  auto it = layers_.find(name);
  if (it != layers_.end()) return it->second;
  const config::LayerSpec& spec = cfg_.layers.at(name);
  io::VectorReadOptions opts;
  opts.layer = spec.layer;
  opts.assign_crs = spec.crs;
  opts.study_box = study_box;
  const std::string path = resolve_(spec.file);
  io::VectorData d = io::read_vector(path, opts);
  warnings.insert(warnings.end(), d.warnings.begin(), d.warnings.end());
  files_.push_back(path);
  return layers_.emplace(name, std::move(d)).first->second;
}

Sources::Routing Sources::routing(const std::string& osm_file, const std::string& mode) {
  const std::string path = resolve_and_record(osm_file);
  auto& data = networks_[path];
  if (!data) {
    spdlog::info("reading street network {}", path);
    data = std::make_unique<network::RoutingData>(
        network::load_routing_data(path, network::default_categories(), {}, io::kRdNewEpsg));
    const auto& ex = data->extract;
    if (io::working_epsg_for(ex.lon_min, ex.lat_min, ex.lon_max, ex.lat_max) != io::kRdNewEpsg)
      throw InputError({path, "", ""}, "the extract lies (partly) outside the Netherlands; a build works in RD New. "
                                       "Use `leefkaart access` for extracts elsewhere");
  }
  const std::string key = path + "|" + mode;
  auto& graph = graphs_[key];
  if (!graph) {
    graph = std::make_unique<network::Graph>(network::build_graph(data->extract, network::parse_mode(mode), data->nodes));
    snap_indices_[key] = std::make_unique<network::SnapIndex>(*graph);
    spdlog::info("  {} graph: {} nodes, {} segments", mode, graph->node_count(), graph->segments.size());
  }
  return {data.get(), graph.get(), snap_indices_[key].get()};
}

AreaJoin area_values(const config::SourceSpec& src, const io::Table& table, const io::AreaSet& areas) {
  std::vector<std::size_t> cols;
  for (const auto& f : src.fields) cols.push_back(table.field_index(f));
  std::optional<std::size_t> denom;
  if (!src.divide_by.empty()) denom = table.field_index(src.divide_by);
  AreaJoin out;
  out.values.assign(areas.areas.size(), std::nullopt);
  for (std::size_t a = 0; a < areas.areas.size(); ++a) {
    auto row = table.row_of(areas.areas[a].code);
    if (!row) {
      out.unmatched_areas.push_back(areas.areas[a].code);
      continue;
    }
    std::optional<double> v;
    int n = 0;
    double sum = 0;
    bool all_present = true;
    for (std::size_t col : cols) {
      auto x = table.number(*row, col);
      if (!x) {
        all_present = false;
        continue;
      }
      ++n;
      sum += *x;
      if (!v) v = *x;
      else if (src.combine == config::Combine::Max) v = std::max(*v, *x);
      else if (src.combine == config::Combine::Min) v = std::min(*v, *x);
    }
    // Combining needs every column: the max of the known ones would understate.
    if (!all_present) v.reset();
    if (v && src.combine == config::Combine::Mean) v = sum / n;
    if (v && denom) {
      auto d = table.number(*row, *denom);
      v = (d && *d != 0) ? std::optional<double>(*v / *d) : std::nullopt;
    }
    if (v) v = *v * src.scale;
    if (v) table.require_plausible(*row, config::describe_value(src), *v, src.plausible);
    out.values[a] = v;
  }
  return out;
}

namespace {

CellColumn from_table(const config::Indicator& ind, Sources& sources, const Grid& g, double min_coverage) {
  const auto& src = *ind.source;
  const io::Table& table = sources.table(src.name);
  AreaJoin join = area_values(src, table, *g.areas);
  std::vector<std::string> codes;
  for (const auto& a : g.areas->areas) codes.push_back(a.code);
  CellColumn out;
  if (ind.transfer == config::Transfer::Extensive) {
    auto r = transfer::extensive(*g.overlay, join.values, codes);
    out.value = std::move(r.value);
    out.reason = std::move(r.reason);
  } else {
    auto r = transfer::intensive(*g.overlay, join.values, codes, min_coverage);
    out.value = std::move(r.value);
    out.reason = std::move(r.reason);
  }
  if (!join.unmatched_areas.empty()) {
    std::string list;
    for (std::size_t i = 0; i < join.unmatched_areas.size() && i < 10; ++i) list += (i ? ", " : "") + join.unmatched_areas[i];
    if (join.unmatched_areas.size() > 10) list += ", …";
    out.notes.push_back(fmt::format("{}: {} of {} areas have no row in {} ({}): {}", ind.name, join.unmatched_areas.size(),
                                    g.areas->areas.size(), table.file, src.name, list));
  }
  return out;
}

// Network distance from every cell centre to the nearest of the given facilities.
CellColumn over_network(const std::vector<network::FacilityPlace>& facilities, Sources::Routing net, const Grid& g,
                        const std::string& what) {
  CellColumn out(g.cells->size());
  network::AccessOptions opts;
  std::vector<network::Snap> snaps;
  for (auto id : *g.cells) snaps.push_back(net.index->nearest(g.hex->centre(id), opts.snap_limit_m));
  auto result = network::compute_access(*net.graph, *net.index, snaps, facilities, 1, opts);
  for (std::size_t c = 0; c < g.cells->size(); ++c) {
    if (!snaps[c].ok) out.reason[c] = fmt::format("no street within {:g} m of the cell centre", opts.snap_limit_m);
    else if (result[0].placed == 0) out.reason[c] = "no " + what + " reachable in the street network";
    else if (result[0].dist[c] == network::kUnreached) out.reason[c] = "no " + what + " reachable from this cell";
    else out.value[c] = result[0].dist[c];
  }
  if (result[0].placed < result[0].facilities)
    out.notes.push_back(fmt::format("{}: {} of {} facilities lie more than {:g} m from any street and are not used",
                                    what, result[0].facilities - result[0].placed, result[0].facilities, opts.snap_limit_m));
  return out;
}

CellColumn from_osm_category(const config::Indicator& ind, Sources& sources, const Grid& g) {
  const auto& src = *ind.source;
  auto net = sources.routing(src.osm_file, src.mode);
  const auto& cats = net.data->categories;
  auto it = std::find_if(cats.begin(), cats.end(), [&](const auto& c) { return c.name == src.category; });
  if (it == cats.end()) {
    std::vector<std::string> names;
    for (const auto& c : cats) names.push_back(c.name);
    throw InputError({sources.resolve_and_record(src.osm_file), "", "category"},
                     "no facility category '" + src.category + "'" + did_you_mean(src.category, names));
  }
  const std::size_t k = static_cast<std::size_t>(it - cats.begin());
  std::vector<network::FacilityPlace> places;
  for (const auto& f : net.data->facilities)
    if (f.category == k) places.push_back({0, geom::clone(f.geom.get()), f.id, f.name});
  return over_network(places, net, g, src.category);
}

CellColumn from_layer(const config::Indicator& ind, Sources& sources, const Grid& g) {
  const io::VectorData& layer = sources.layer(ind.source->name);
  if (ind.source->distance_method == config::DistanceMethod::Network) {
    std::vector<network::FacilityPlace> places;
    for (const auto& f : layer.features) places.push_back({0, geom::clone(f.geom.get()), std::to_string(f.fid), ""});
    return over_network(places, sources.routing(ind.source->osm_file, ind.source->mode), g, ind.source->name);
  }
  std::vector<const GEOSGeometry*> geoms;
  for (const auto& f : layer.features) geoms.push_back(f.geom.get());
  geom::StrTree tree(geoms);
  CellColumn out(g.cells->size());
  for (std::size_t c = 0; c < g.cells->size(); ++c) {
    if (geoms.empty()) {
      out.reason[c] = "the layer has no features";
      continue;
    }
    auto centre = geom::make_point(g.hex->centre((*g.cells)[c]));
    const std::size_t nearest = tree.nearest(centre.get());
    out.value[c] = geom::distance(centre.get(), geoms[nearest]);
  }
  return out;
}

CellColumn from_raster(const config::Indicator& ind, const config::Config& cfg, Sources& sources, const Grid& g) {
  const config::RasterSpec& spec = cfg.rasters.at(ind.source->name);
  io::RasterSampler sampler(sources.resolve_and_record(spec.file), spec.band, spec.crs, ind.source->plausible,
                            spec.interpolation);
  CellColumn out(g.cells->size());
  for (std::size_t c = 0; c < g.cells->size(); ++c) {
    out.value[c] = sampler.sample(g.hex->centre((*g.cells)[c]));
    if (!out.value[c]) out.reason[c] = "no raster value at the cell centre (outside the raster, or NODATA)";
  }
  return out;
}

void apply_transform(const config::Indicator& ind, CellColumn& col, const Grid& g) {
  for (std::size_t c = 0; c < col.value.size(); ++c) {
    if (!col.value[c]) continue;
    const double area = g.overlay->cell_area_m2[c];
    switch (ind.transform) {
      case config::Transform::None: break;
      case config::Transform::PerM2: col.value[c] = *col.value[c] / area; break;
      case config::Transform::PerHa: col.value[c] = *col.value[c] / (area / 10000.0); break;
      case config::Transform::Per1000Residents: {
        const double r = (*g.residents)[c];
        if (r > 0) {
          col.value[c] = *col.value[c] / r * 1000.0;
        } else {
          col.value[c].reset();
          col.reason[c] = "no residents to divide by";
        }
        break;
      }
    }
  }
}

}  // namespace

CellColumn evaluate(const config::Indicator& ind, const config::Config& cfg, Sources& sources, const Grid& g,
                    double min_coverage) {
  CellColumn col;
  switch (ind.source->kind) {
    case config::SourceKind::Table: col = from_table(ind, sources, g, min_coverage); break;
    case config::SourceKind::Layer: col = from_layer(ind, sources, g); break;
    case config::SourceKind::Raster: col = from_raster(ind, cfg, sources, g); break;
    case config::SourceKind::OsmCategory: col = from_osm_category(ind, sources, g); break;
  }
  apply_transform(ind, col, g);
  return col;
}

}  // namespace leefkaart::indicators
