#include "network/routing_data.hpp"

#include <fmt/format.h>

#include <cmath>
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

// A ring projected in one PROJ call (per-vertex calls dominate otherwise).
std::vector<geom::Point> project_ring(const io::Transform& t, const std::vector<LonLat>& ring) {
  std::vector<double> xs, ys;
  xs.reserve(ring.size());
  ys.reserve(ring.size());
  for (const auto& ll : ring) {
    xs.push_back(ll.lon);
    ys.push_back(ll.lat);
  }
  if (t) t->Transform(xs.size(), xs.data(), ys.data());
  std::vector<geom::Point> pts(ring.size());
  for (std::size_t i = 0; i < ring.size(); ++i) pts[i] = {xs[i], ys[i]};
  return pts;
}

// Area of the outer rings in m², from lon/lat on a local equirectangular
// approximation: good to about 1 % for areas of a few hectares.
double approximate_area_m2(const RawFacility& f) {
  constexpr double kMetresPerDegree = 111320.0;
  double total = 0;
  for (const auto& r : f.rings) {
    const auto& ring = r.outer;
    if (ring.size() < 3) continue;
    const double k = std::cos(ring.front().lat * M_PI / 180.0);
    double twice = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
      twice += (ring[j].lon * k) * ring[i].lat - (ring[i].lon * k) * ring[j].lat;
    total += std::abs(twice) / 2 * kMetresPerDegree * kMetresPerDegree;
  }
  return total;
}

geom::Geom polygon_of(const io::Transform& t, const RawFacility& f) {
  std::vector<geom::Geom> parts;
  for (const auto& ring : f.rings) {
    if (ring.outer.size() < 4) continue;
    std::vector<std::vector<geom::Point>> holes;
    for (const auto& h : ring.inner)
      if (h.size() >= 4) holes.push_back(project_ring(t, h));
    parts.push_back(geom::make_polygon(project_ring(t, ring.outer), holes));
  }
  if (parts.empty()) return nullptr;
  // libosmium assembles valid areas (outer rings apart, holes inside): no overlay needed, only a check.
  geom::Geom shape = geom::make_multipolygon(std::move(parts));
  if (!geom::is_valid(shape.get())) shape = geom::make_valid_polygonal(shape.get());
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
    if (f.rings.empty()) {
      p.geom = geom::make_point(project(t, f.point));
    } else {
      // Skip clearly small areas before the costly projection; the exact test follows.
      if (cat.area && approximate_area_m2(f) < 0.9 * cat.min_area_m2) {
        ++too_small[f.category];
        continue;
      }
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
