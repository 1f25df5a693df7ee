#include "network/access.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <atomic>
#include <cmath>
#include <thread>
#include <unordered_map>

namespace leefkaart::network {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::d2::point_xy<double>;
using BSegment = bg::model::segment<BPoint>;
using BBox = bg::model::box<BPoint>;

struct SnapIndex::Trees {
  bgi::rtree<std::pair<BSegment, std::uint32_t>, bgi::rstar<16>> segments;
  bgi::rtree<std::pair<BPoint, std::uint32_t>, bgi::rstar<16>> nodes;
};

SnapIndex::SnapIndex(const Graph& g) : g_(g), trees_(std::make_unique<Trees>()) {
  std::vector<std::pair<BSegment, std::uint32_t>> segs;
  segs.reserve(g.segments.size());
  for (std::uint32_t i = 0; i < g.segments.size(); ++i) {
    const auto a = g.xy[g.segments[i].u], b = g.xy[g.segments[i].v];
    segs.push_back({BSegment(BPoint(a.x, a.y), BPoint(b.x, b.y)), i});
  }
  std::vector<std::pair<BPoint, std::uint32_t>> pts;
  pts.reserve(g.xy.size());
  for (std::uint32_t i = 0; i < g.xy.size(); ++i) pts.push_back({BPoint(g.xy[i].x, g.xy[i].y), i});
  // The range constructors pack the trees in bulk, much faster than inserting one by one.
  trees_->segments = decltype(trees_->segments)(segs.begin(), segs.end());
  trees_->nodes = decltype(trees_->nodes)(pts.begin(), pts.end());
}

SnapIndex::~SnapIndex() = default;

Snap SnapIndex::nearest(geom::Point p, double limit) const {
  Snap out;
  std::vector<std::pair<BSegment, std::uint32_t>> hit;
  trees_->segments.query(bgi::nearest(BPoint(p.x, p.y), 1), std::back_inserter(hit));
  if (hit.empty()) return out;
  const std::uint32_t i = hit.front().second;
  const Segment& s = g_.segments[i];
  const geom::Point a = g_.xy[s.u], b = g_.xy[s.v];
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  out.segment = i;
  out.t = t;
  out.distance = std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
  out.ok = out.distance <= limit;
  return out;
}

std::vector<std::uint32_t> SnapIndex::nodes_in(const geom::Box& box) const {
  std::vector<std::pair<BPoint, std::uint32_t>> hits;
  trees_->nodes.query(bgi::intersects(BBox(BPoint(box.minx, box.miny), BPoint(box.maxx, box.maxy))),
                      std::back_inserter(hits));
  std::vector<std::uint32_t> out;
  for (const auto& h : hits) out.push_back(h.second);
  return out;
}

double distance_from(const Graph& g, const Snap& s, const std::vector<double>& node_dist) {
  if (!s.ok) return kUnreached;
  const Segment& seg = g.segments[s.segment];
  double best = kUnreached;
  if (seg.forward) best = std::min(best, (1.0 - s.t) * seg.length + node_dist[seg.v]);
  if (seg.backward) best = std::min(best, s.t * seg.length + node_dist[seg.u]);
  return best;
}

namespace {

// Where a point facility joins the network: the nodes from which it is reached, with the remaining distance.
std::vector<Seed> point_seeds(const Graph& g, const Snap& s) {
  std::vector<Seed> seeds;
  const Segment& seg = g.segments[s.segment];
  // From u the facility lies t·len ahead along u->v; from v, (1-t)·len back.
  const double m = segment_minutes(seg);
  if (seg.forward) seeds.push_back({seg.u, s.t * seg.length, s.t * m});
  if (seg.backward) seeds.push_back({seg.v, (1.0 - s.t) * seg.length, (1.0 - s.t) * m});
  return seeds;
}

// Areas are entered at their edge: every street node inside or within reach of it.
std::vector<Seed> area_seeds(const Graph& g, const SnapIndex& index, const FacilityPlace& f, const AccessOptions& opts) {
  std::vector<Seed> seeds;
  // A coarse buffer: its corners fall at most 2 m short of the 25 m reach.
  auto reach = geom::buffer(f.geom.get(), opts.area_reach_m, 2);
  auto prepared = geom::prepare(reach.get());
  for (std::uint32_t n : index.nodes_in(geom::bounds(reach.get())))
    if (geom::prepared_contains_xy(prepared.get(), g.xy[n])) seeds.push_back({n, 0.0});
  return seeds;
}

}  // namespace

std::vector<CategoryAccess> compute_access(const Graph& g, const SnapIndex& index, const std::vector<Snap>& cells,
                                           const std::vector<FacilityPlace>& facilities, std::size_t category_count,
                                           const AccessOptions& opts) {
  // Seeds per facility, grouped by category.
  std::vector<CategoryAccess> out(category_count);
  std::vector<std::vector<std::vector<Seed>>> seeds(category_count);
  // Point facilities by segment: a cell on the same segment walks straight along it.
  std::vector<std::unordered_map<std::uint32_t, std::vector<double>>> on_segment(category_count);
  for (const auto& f : facilities) {
    ++out[f.category].facilities;
    std::vector<Seed> s;
    if (GEOSGeomTypeId_r(geom::context(), f.geom.get()) == GEOS_POINT) {
      const Snap fs = index.nearest(geom::point_xy(f.geom.get()), opts.snap_limit_m);
      if (!fs.ok) continue;
      s = point_seeds(g, fs);
      on_segment[f.category][fs.segment].push_back(fs.t);
    } else {
      s = area_seeds(g, index, f, opts);
    }
    if (s.empty()) continue;
    ++out[f.category].placed;
    seeds[f.category].push_back(std::move(s));
  }
  // Cells attached to nodes, with the distance from the cell to the node along its segment.
  std::vector<std::uint32_t> at_offsets(g.node_count() + 1, 0);
  struct Attach {
    std::uint32_t cell;
    double offset;
  };
  std::vector<std::pair<std::uint32_t, Attach>> pairs;
  for (std::uint32_t c = 0; c < cells.size(); ++c) {
    if (!cells[c].ok) continue;
    const Segment& seg = g.segments[cells[c].segment];
    if (seg.forward) pairs.push_back({seg.v, {c, (1.0 - cells[c].t) * seg.length}});
    if (seg.backward) pairs.push_back({seg.u, {c, cells[c].t * seg.length}});
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& p : pairs) ++at_offsets[p.first + 1];
  for (std::size_t i = 1; i < at_offsets.size(); ++i) at_offsets[i] += at_offsets[i - 1];

  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    std::vector<double> dist(g.node_count(), kUnreached);
    std::vector<std::uint32_t> touched;
    std::vector<double> best(cells.size(), kUnreached);
    std::vector<std::uint32_t> best_touched;
    for (std::size_t k; (k = next++) < category_count;) {
      CategoryAccess& acc = out[k];
      acc.dist.assign(cells.size(), kUnreached);
      acc.within.assign(cells.size(), {0, 0, 0});
      // Nearest facility: one multi-source search over the whole graph.
      std::vector<Seed> all;
      for (const auto& s : seeds[k]) all.insert(all.end(), s.begin(), s.end());
      const bool timed = !g.in_minutes.empty();
      std::vector<double> node_minutes;
      const std::vector<double> nearest = timed ? distance_to_nearest(g, all, node_minutes) : distance_to_nearest(g, all);
      if (timed) acc.minutes.assign(cells.size(), kUnreached);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        acc.dist[c] = distance_from(g, cells[c], nearest);
        if (!cells[c].ok) continue;
        const Segment& cs = g.segments[cells[c].segment];
        const double cm = segment_minutes(cs);
        if (timed) {
          // The minutes of the route distance_from chose: the end it leaves by.
          const double via_v = cs.forward ? (1.0 - cells[c].t) * cs.length + nearest[cs.v] : kUnreached;
          const double via_u = cs.backward ? cells[c].t * cs.length + nearest[cs.u] : kUnreached;
          if (via_v != kUnreached && via_v <= via_u) acc.minutes[c] = (1.0 - cells[c].t) * cm + node_minutes[cs.v];
          else if (via_u != kUnreached) acc.minutes[c] = cells[c].t * cm + node_minutes[cs.u];
        }
        auto same = on_segment[k].find(cells[c].segment);
        if (same == on_segment[k].end()) continue;
        const Segment& seg = g.segments[cells[c].segment];
        for (double tf : same->second) {
          const bool ahead = tf >= cells[c].t;  // the facility lies towards v
          const double d = std::abs(tf - cells[c].t) * seg.length;
          if ((ahead ? seg.forward : seg.backward) && d < acc.dist[c]) {
            acc.dist[c] = d;
            if (timed) acc.minutes[c] = std::abs(tf - cells[c].t) * cm;
          }
        }
      }
      // Counts within the radii: one bounded search per facility.
      const double limit = opts.radii_m.back();
      if (!opts.counts) continue;
      for (const auto& s : seeds[k]) {
        distance_within(g, s, limit, dist, touched);
        for (std::uint32_t x : touched) {
          for (std::uint32_t i = at_offsets[x]; i < at_offsets[x + 1]; ++i) {
            const Attach& a = pairs[i].second;
            const double d = dist[x] + a.offset;
            if (d > limit) continue;
            if (best[a.cell] == kUnreached) best_touched.push_back(a.cell);
            best[a.cell] = std::min(best[a.cell], d);
          }
          dist[x] = kUnreached;
        }
        touched.clear();
        for (std::uint32_t c : best_touched) {
          for (std::size_t r = 0; r < opts.radii_m.size(); ++r)
            if (best[c] <= opts.radii_m[r]) ++acc.within[c][r];
          best[c] = kUnreached;
        }
        best_touched.clear();
      }
    }
  };
  const unsigned n_threads =
      std::max(1u, std::min<unsigned>(opts.threads ? opts.threads : std::thread::hardware_concurrency(),
                                      static_cast<unsigned>(category_count)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < n_threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace leefkaart::network
