#include "network/routing_data.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "io/crs.hpp"

namespace leefkaart::network {
namespace {

ProjectedNodes project_nodes(const Extract& ex, const io::Transform& t) {
  ProjectedNodes out;
  out.reserve(ex.nodes.size());
  std::vector<double> xs, ys;
  std::vector<osmium::object_id_type> ids;
  for (const auto& [id, ll] : ex.nodes) {
    ids.push_back(id);
    xs.push_back(ll.lon);
    ys.push_back(ll.lat);
  }
  if (t && !t->Transform(xs.size(), xs.data(), ys.data()))
    throw std::runtime_error("PROJ could not project every node of the extract");
  for (std::size_t i = 0; i < ids.size(); ++i) out.emplace(ids[i], geom::Point{xs[i], ys[i]});
  return out;
}

geom::Point project(const io::Transform& t, LonLat ll) {
  double x = ll.lon, y = ll.lat;
  if (t) t->Transform(1, &x, &y);
  return {x, y};
}

geom::Geom polygon_of(const io::Transform& t, const RawFacility& f) {
  std::vector<const GEOSGeometry*> parts;
  std::vector<geom::Geom> owned;
  for (const auto& ring : f.outer) {
    std::vector<geom::Point> pts;
    for (const auto& ll : ring) pts.push_back(project(t, ll));
    if (pts.size() >= 3) owned.push_back(geom::make_polygon(pts));
  }
  std::vector<geom::Geom> holes;
  for (const auto& ring : f.inner) {
    std::vector<geom::Point> pts;
    for (const auto& ll : ring) pts.push_back(project(t, ll));
    if (pts.size() >= 3) holes.push_back(geom::make_polygon(pts));
  }
  for (const auto& g : owned) parts.push_back(g.get());
  if (parts.empty()) return nullptr;
  geom::Geom shape = geom::make_valid_polygonal(geom::unary_union(parts).get());
  for (const auto& h : holes) shape = geom::Geom(GEOSDifference_r(geom::context(), shape.get(), h.get()));
  return shape;
}

std::vector<FacilityPlace> place_facilities(const Extract& ex, const std::vector<Category>& cats, const io::Transform& t,
                                            std::vector<std::size_t>& too_small) {
  std::vector<FacilityPlace> out;
  too_small.assign(cats.size(), 0);
  for (const auto& f : ex.facilities) {
    const auto& cat = cats[f.category];
    FacilityPlace p;
    p.category = f.category;
    p.id = fmt::format("{}{}", f.osm_type, f.osm_id);
    p.name = f.name;
    if (f.outer.empty()) {
      p.geom = geom::make_point(project(t, f.point));
    } else {
      geom::Geom shape = polygon_of(t, f);
      if (!shape || geom::is_empty(shape.get())) continue;
      if (cat.area) {
        if (geom::area(shape.get()) < cat.min_area_m2) {
          ++too_small[f.category];
          continue;
        }
        p.geom = std::move(shape);
      } else {
        p.geom = geom::centroid(shape.get());  // a school drawn as an outline counts at its centre
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

RoutingData load_routing_data(const std::string& path, std::vector<Category> categories, const ProfileOptions& opts,
                              std::optional<int> force_epsg) {
  RoutingData d;
  d.categories = std::move(categories);
  d.extract = read_extract(path, d.categories, opts);
  const Extract& ex = d.extract;
  d.epsg = force_epsg.value_or(io::working_epsg_for(ex.lon_min, ex.lat_min, ex.lon_max, ex.lat_max));
  io::Transform t = io::make_transform(*io::srs_from_epsg(4326), *io::working_srs(d.epsg));
  d.nodes = project_nodes(ex, t);
  d.facilities = place_facilities(ex, d.categories, t, d.too_small);
  return d;
}

}  // namespace leefkaart::network
