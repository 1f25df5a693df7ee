#include "network/compact_graph.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <time.h>

namespace leefkaart::network::compact {
namespace {
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

std::size_t Graph::bytes() const {
  return (x.capacity() + y.capacity() + in_length.capacity()) * sizeof(float) +
         segments.capacity() * sizeof(Segment) + (in_offsets.capacity() + in_from.capacity()) * sizeof(std::uint32_t);
}

Graph make_graph(const std::vector<double>& x, const std::vector<double>& y, std::vector<Segment> segments) {
  if (x.size() != y.size()) throw std::invalid_argument("compact graph: x and y differ in length");
  if (x.size() >= UINT32_MAX) throw std::invalid_argument("compact graph: more nodes than 32-bit ids hold");
  Graph g;
  const std::size_t n = x.size();
  if (n > 0) {
    g.x0 = *std::min_element(x.begin(), x.end());
    g.y0 = *std::min_element(y.begin(), y.end());
  }
  g.x.resize(n);
  g.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    g.x[i] = static_cast<float>(x[i] - g.x0);
    g.y[i] = static_cast<float>(y[i] - g.y0);
  }
  g.in_offsets.assign(n + 1, 0);
  for (auto& s : segments) {
    if (s.u >= n || s.v >= n) throw std::invalid_argument("compact graph: a segment names a node that does not exist");
    if (s.length <= 0) s.length = static_cast<float>(std::hypot(x[s.u] - x[s.v], y[s.u] - y[s.v]));
    if (s.forward) ++g.in_offsets[s.v + 1];
    if (s.backward) ++g.in_offsets[s.u + 1];
  }
  std::partial_sum(g.in_offsets.begin(), g.in_offsets.end(), g.in_offsets.begin());
  g.in_from.resize(g.in_offsets.back());
  g.in_length.resize(g.in_offsets.back());
  std::vector<std::uint32_t> fill(g.in_offsets.begin(), g.in_offsets.end() - 1);
  for (const auto& s : segments) {
    if (s.forward) {
      g.in_from[fill[s.v]] = s.u;
      g.in_length[fill[s.v]++] = s.length;
    }
    if (s.backward) {
      g.in_from[fill[s.u]] = s.v;
      g.in_length[fill[s.u]++] = s.length;
    }
  }
  g.segments = std::move(segments);
  return g;
}

SnapGrid::SnapGrid(const Graph& g, double bucket_m) : g_(g), bucket_(bucket_m) {
  if (!(bucket_m > 0)) throw std::invalid_argument("snap grid: the bucket size must be positive");
  float maxx = 0, maxy = 0;
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    maxx = std::max(maxx, g.x[i]);
    maxy = std::max(maxy, g.y[i]);
  }
  nx_ = static_cast<std::int64_t>(maxx / bucket_) + 1;
  ny_ = static_cast<std::int64_t>(maxy / bucket_) + 1;
  offsets_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
  // Two passes over the segments (count, then fill): no per-bucket vectors.
  auto each_bucket = [&](const Segment& s, auto&& f) {
    const auto bx0 = static_cast<std::int64_t>(std::min(g.x[s.u], g.x[s.v]) / bucket_);
    const auto bx1 = static_cast<std::int64_t>(std::max(g.x[s.u], g.x[s.v]) / bucket_);
    const auto by0 = static_cast<std::int64_t>(std::min(g.y[s.u], g.y[s.v]) / bucket_);
    const auto by1 = static_cast<std::int64_t>(std::max(g.y[s.u], g.y[s.v]) / bucket_);
    for (auto by = by0; by <= by1; ++by)
      for (auto bx = bx0; bx <= bx1; ++bx) f(static_cast<std::size_t>(by * nx_ + bx));
  };
  for (const auto& s : g.segments) each_bucket(s, [&](std::size_t b) { ++offsets_[b + 1]; });
  std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
  items_.resize(offsets_.back());
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (std::uint32_t i = 0; i < g.segments.size(); ++i)
    each_bucket(g.segments[i], [&](std::size_t b) { items_[fill[b]++] = i; });
}

std::size_t SnapGrid::bytes() const { return (offsets_.capacity() + items_.capacity()) * sizeof(std::uint32_t); }

Snap SnapGrid::nearest(double ax, double ay, double limit) const {
  const double px = ax - g_.x0, py = ay - g_.y0;
  const auto bx = static_cast<std::int64_t>(std::floor(px / bucket_));
  const auto by = static_cast<std::int64_t>(std::floor(py / bucket_));
  Snap best;
  double best_d = kUnreached;
  auto consider = [&](std::uint32_t i) {
    const Segment& s = g_.segments[i];
    const double x1 = g_.x[s.u], y1 = g_.y[s.u], dx = g_.x[s.v] - x1, dy = g_.y[s.v] - y1;
    const double len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((px - x1) * dx + (py - y1) * dy) / len2, 0.0, 1.0) : 0.0;
    const double d = std::hypot(px - (x1 + t * dx), py - (y1 + t * dy));
    if (d < best_d || (d == best_d && i < best.segment)) {
      best_d = d;
      best.segment = i;
      best.t = t;
    }
  };
  auto visit = [&](std::int64_t cx, std::int64_t cy) {
    if (cx < 0 || cy < 0 || cx >= nx_ || cy >= ny_) return;
    const auto b = static_cast<std::size_t>(cy * nx_ + cx);
    for (std::uint32_t k = offsets_[b]; k < offsets_[b + 1]; ++k) consider(items_[k]);
  };
  // Rings of buckets around the point's own; a bucket in ring r+1 lies at
  // least r buckets away, so the search ends once the best is that close.
  const auto rings = static_cast<std::int64_t>(std::ceil(limit / bucket_)) + 1;
  for (std::int64_t r = 0; r <= rings; ++r) {
    if (r == 0) {
      visit(bx, by);
    } else {
      for (std::int64_t cx = bx - r; cx <= bx + r; ++cx) {
        visit(cx, by - r);
        visit(cx, by + r);
      }
      for (std::int64_t cy = by - r + 1; cy <= by + r - 1; ++cy) {
        visit(bx - r, cy);
        visit(bx + r, cy);
      }
    }
    if (best_d <= static_cast<double>(r) * bucket_) break;
  }
  best.distance = best_d;  // infinite when no segment lies within reach
  best.ok = best_d <= limit;
  return best;
}

std::vector<Seed> seeds_of(const Graph& g, const Snap& s) {
  std::vector<Seed> out;
  if (!s.ok) return out;
  const Segment& seg = g.segments[s.segment];
  // From u the facility lies t·len ahead along u->v; from v, (1-t)·len back.
  if (seg.forward) out.push_back({seg.u, static_cast<float>(s.t * seg.length)});
  if (seg.backward) out.push_back({seg.v, static_cast<float>((1.0 - s.t) * seg.length)});
  return out;
}

std::size_t nearest_within(const Graph& g, const std::vector<Seed>& seeds, float limit, std::vector<float>& dist) {
  dist.assign(g.node_count(), kFar);
  // A binary heap of (distance, node), 8 bytes an entry; stale entries are skipped.
  using Item = std::pair<float, std::uint32_t>;
  std::vector<Item> heap;
  auto later = [](const Item& a, const Item& b) { return a.first > b.first; };
  for (const auto& s : seeds)
    if (s.dist <= limit && s.dist < dist[s.node]) {
      dist[s.node] = s.dist;
      heap.push_back({s.dist, s.node});
    }
  std::make_heap(heap.begin(), heap.end(), later);
  std::size_t settled = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const auto [d, x] = heap.back();
    heap.pop_back();
    if (d > dist[x]) continue;
    ++settled;
    for (std::uint32_t i = g.in_offsets[x]; i < g.in_offsets[x + 1]; ++i) {
      const std::uint32_t y = g.in_from[i];
      const float nd = d + g.in_length[i];
      if (nd >= dist[y] || nd > limit) continue;
      dist[y] = nd;
      heap.push_back({nd, y});
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  return settled;
}

float distance_from(const Graph& g, const Snap& s, const std::vector<float>& node_dist,
                    const std::vector<OnSegment>& on_segment) {
  if (!s.ok) return kFar;
  const Segment& seg = g.segments[s.segment];
  float best = kFar;
  if (seg.forward) best = std::min(best, static_cast<float>((1.0 - s.t) * seg.length) + node_dist[seg.v]);
  if (seg.backward) best = std::min(best, static_cast<float>(s.t * seg.length) + node_dist[seg.u]);
  auto range = std::equal_range(on_segment.begin(), on_segment.end(), OnSegment{s.segment, 0.0f},
                                [](const OnSegment& a, const OnSegment& b) { return a.segment < b.segment; });
  for (auto it = range.first; it != range.second; ++it) {
    const bool ahead = it->t >= s.t;  // the facility lies towards v
    if (ahead ? seg.forward : seg.backward)
      best = std::min(best, static_cast<float>(std::abs(it->t - s.t) * seg.length));
  }
  return best;
}

std::vector<CategoryResult> nearest_per_category(const Graph& g, const std::vector<Snap>& cells,
                                                 const std::vector<Category>& categories, float limit,
                                                 unsigned threads) {
  std::vector<CategoryResult> out(categories.size());
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    std::vector<float> dist;  // one per thread, reused across its categories
    for (std::size_t k; (k = next++) < categories.size();) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu_seconds();
      out[k].settled = nearest_within(g, categories[k].seeds, limit, dist);
      out[k].dist.resize(cells.size());
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const float d = distance_from(g, cells[c], dist, categories[k].on_segment);
        out[k].dist[c] = d <= limit ? d : kFar;
      }
      out[k].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      out[k].cpu_seconds = thread_cpu_seconds() - c0;
    }
  };
  const auto n = std::max<std::size_t>(1, std::min<std::size_t>(threads ? threads : 1, categories.size()));
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace leefkaart::network::compact
