#include "network/basemap.hpp"

#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>

#include <cstring>
#include <filesystem>

#include "core/errors.hpp"
#include "io/crs.hpp"

namespace leefkaart::network {
namespace {

using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;

bool is(const char* v, const char* w) { return v && std::strcmp(v, w) == 0; }

const char* water_kind(const osmium::TagList& t) {
  if (is(t["natural"], "water") || is(t["waterway"], "riverbank") || is(t["landuse"], "reservoir") ||
      is(t["landuse"], "basin"))
    return "water";
  return nullptr;
}

const char* green_kind(const osmium::TagList& t) {
  for (const char* key : {"leisure", "landuse", "natural"}) {
    const char* v = t[key];
    if (!v) continue;
    for (const char* g : {"park", "garden", "grass", "forest", "wood", "meadow", "recreation_ground", "village_green", "nature_reserve"})
      if (std::strcmp(v, g) == 0) return v;
  }
  return nullptr;
}

class Collector : public osmium::handler::Handler {
 public:
  Collector(std::vector<BasemapLayer>& layers, const geom::Box& box, io::Transform& t)
      : layers_(layers), box_(box), t_(t) {}

  void way(const osmium::Way& w) {
    const char* hw = w.tags()["highway"];
    const char* ww = w.tags()["waterway"];
    if (!hw && !(ww && !is(ww, "riverbank"))) return;
    std::vector<geom::Point> pts;
    for (const auto& nr : w.nodes())
      if (nr.location().valid()) pts.push_back(project(nr.location().lon(), nr.location().lat()));
    if (pts.size() < 2 || !touches(pts)) return;
    add(hw ? 0 : 4, line(pts), hw ? hw : ww);  // waterways are lines: their own layer
  }

  void area(const osmium::Area& a) {
    const char* kind = water_kind(a.tags());
    std::size_t layer = 1;
    if (!kind && (kind = green_kind(a.tags()))) layer = 2;
    if (!kind && a.tags()["building"]) {
      kind = "building";
      layer = 3;
    }
    if (!kind) return;
    std::vector<geom::Geom> parts;
    for (const auto& outer : a.outer_rings()) {
      std::vector<geom::Point> shell;
      for (const auto& nr : outer) shell.push_back(project(nr.location().lon(), nr.location().lat()));
      if (shell.size() < 4 || !touches(shell)) continue;
      std::vector<std::vector<geom::Point>> holes;
      for (const auto& inner : a.inner_rings(outer)) {
        std::vector<geom::Point> h;
        for (const auto& nr : inner) h.push_back(project(nr.location().lon(), nr.location().lat()));
        if (h.size() >= 4) holes.push_back(std::move(h));
      }
      parts.push_back(geom::make_polygon(shell, holes));
    }
    if (!parts.empty()) add(layer, geom::make_multipolygon(std::move(parts)), kind);
  }

 private:
  geom::Point project(double lon, double lat) {
    if (t_) t_->Transform(1, &lon, &lat);
    return {lon, lat};
  }
  bool touches(const std::vector<geom::Point>& pts) const {
    double x0 = pts[0].x, y0 = pts[0].y, x1 = x0, y1 = y0;
    for (const auto& p : pts) {
      x0 = std::min(x0, p.x);
      y0 = std::min(y0, p.y);
      x1 = std::max(x1, p.x);
      y1 = std::max(y1, p.y);
    }
    return x1 >= box_.minx && x0 <= box_.maxx && y1 >= box_.miny && y0 <= box_.maxy;
  }
  static geom::Geom line(const std::vector<geom::Point>& pts) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geom::context(), static_cast<unsigned>(pts.size()), 2);
    for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(geom::context(), seq, i, pts[i].x, pts[i].y);
    return geom::Geom(GEOSGeom_createLineString_r(geom::context(), seq));
  }
  void add(std::size_t layer, geom::Geom g, const char* kind) {
    if (!g) return;
    layers_[layer].shapes.push_back(std::move(g));
    layers_[layer].kinds.emplace_back(kind);
  }

  std::vector<BasemapLayer>& layers_;
  geom::Box box_;
  io::Transform& t_;
};

}  // namespace

std::vector<BasemapLayer> read_basemap(const std::string& path, const geom::Box& box, int epsg) {
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "file not found");
  std::vector<BasemapLayer> layers(5);
  const char* names[] = {"roads", "water", "green", "buildings", "waterways"};
  for (std::size_t i = 0; i < layers.size(); ++i) layers[i].name = names[i];
  io::Transform t = io::make_transform(*io::srs_from_epsg(4326), *io::working_srs(epsg));
  try {
    osmium::io::File input{path};
    osmium::TagsFilter filter{false};
    for (const char* key : {"natural", "waterway", "landuse", "leisure", "building"}) filter.add_rule(true, osmium::TagMatcher{key});
    osmium::area::Assembler::config_type config;
    osmium::area::MultipolygonManager<osmium::area::Assembler> mp{config, filter};
    osmium::relations::read_relations(input, mp);
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations{index};
    locations.ignore_errors();
    Collector collector(layers, box, t);
    osmium::io::Reader reader{input, osmium::osm_entity_bits::nwr, osmium::io::read_meta::no};
    osmium::apply(reader, locations, collector, mp.handler([&collector](osmium::memory::Buffer&& b) { osmium::apply(b, collector); }));
    reader.close();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError({path, "", ""}, std::string("not a readable OpenStreetMap file: ") + e.what());
  }
  return layers;
}

}  // namespace leefkaart::network
