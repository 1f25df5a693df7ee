#include "network/graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

namespace leefkaart::network {
namespace {

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) { parent[find(a)] = find(b); }
};

void build_csr(Graph& g) {
  const std::size_t n = g.xy.size();
  g.in_offsets.assign(n + 1, 0);
  g.out_offsets.assign(n + 1, 0);
  for (const auto& s : g.segments) {
    if (s.forward) {
      ++g.out_offsets[s.u + 1];
      ++g.in_offsets[s.v + 1];
    }
    if (s.backward) {
      ++g.out_offsets[s.v + 1];
      ++g.in_offsets[s.u + 1];
    }
  }
  std::partial_sum(g.in_offsets.begin(), g.in_offsets.end(), g.in_offsets.begin());
  std::partial_sum(g.out_offsets.begin(), g.out_offsets.end(), g.out_offsets.begin());
  g.in_from.resize(g.in_offsets.back());
  g.in_length.resize(g.in_offsets.back());
  g.out_to.resize(g.out_offsets.back());
  g.out_length.resize(g.out_offsets.back());
  const bool timed = std::any_of(g.segments.begin(), g.segments.end(), [](const Segment& s) { return s.speed_kmh > 0; });
  if (timed) g.in_minutes.resize(g.in_offsets.back());
  std::vector<std::uint32_t> in_fill(g.in_offsets.begin(), g.in_offsets.end() - 1);
  std::vector<std::uint32_t> out_fill(g.out_offsets.begin(), g.out_offsets.end() - 1);
  auto arc = [&](std::uint32_t from, std::uint32_t to, const Segment& s) {
    g.out_to[out_fill[from]] = to;
    g.out_length[out_fill[from]++] = s.length;
    g.in_from[in_fill[to]] = from;
    if (timed) g.in_minutes[in_fill[to]] = segment_minutes(s);
    g.in_length[in_fill[to]++] = s.length;
  };
  for (const auto& s : g.segments) {
    if (s.forward) arc(s.u, s.v, s);
    if (s.backward) arc(s.v, s.u, s);
  }
}

// Keeps the largest weakly connected component and renumbers the nodes.
void keep_largest_component(Graph& g) {
  const std::size_t n = g.xy.size();
  UnionFind uf(n);
  for (const auto& s : g.segments) uf.unite(s.u, s.v);
  std::vector<std::size_t> size(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++size[uf.find(i)];
  const auto largest = static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
  std::size_t components = 0;
  for (std::uint32_t i = 0; i < n; ++i) components += (uf.find(i) == i);
  std::vector<std::uint32_t> remap(n, UINT32_MAX);
  std::vector<geom::Point> xy;
  std::vector<osmium::object_id_type> ids;
  for (std::uint32_t i = 0; i < n; ++i)
    if (uf.find(i) == largest) {
      remap[i] = static_cast<std::uint32_t>(xy.size());
      xy.push_back(g.xy[i]);
      ids.push_back(g.osm_id.empty() ? 0 : g.osm_id[i]);
    }
  std::vector<Segment> kept;
  for (auto s : g.segments)
    if (remap[s.u] != UINT32_MAX) {
      s.u = remap[s.u];
      s.v = remap[s.v];
      kept.push_back(s);
    }
  g.dropped_nodes = n - xy.size();
  g.dropped_components = components > 0 ? components - 1 : 0;
  g.xy = std::move(xy);
  g.osm_id = std::move(ids);
  g.segments = std::move(kept);
}

double length(const geom::Point& a, const geom::Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

double segment_minutes(const Segment& s) { return s.speed_kmh > 0 ? s.length / (s.speed_kmh * 1000.0 / 60.0) : 0.0; }

void finish_graph(Graph& g) {
  keep_largest_component(g);
  build_csr(g);
}

Graph build_graph(const Extract& extract, Mode mode, const ProjectedNodes& nodes) {
  Graph g;
  g.mode = mode;
  const auto& blocked = extract.blocked[static_cast<int>(mode)];
  std::unordered_map<osmium::object_id_type, std::uint32_t> index;
  index.reserve(nodes.size());
  g.xy.reserve(nodes.size());
  g.osm_id.reserve(nodes.size());
  g.segments.reserve(extract.edges[static_cast<int>(mode)].size());
  auto node_of = [&](osmium::object_id_type id) -> std::int64_t {
    auto it = index.find(id);
    if (it != index.end()) return it->second;
    auto p = nodes.find(id);
    if (p == nodes.end()) return -1;
    const auto k = static_cast<std::uint32_t>(g.xy.size());
    index.emplace(id, k);
    g.xy.push_back(p->second);
    g.osm_id.push_back(id);
    return k;
  };
  for (const auto& e : extract.edges[static_cast<int>(mode)]) {
    // A barrier the mode cannot pass cuts every segment that touches it.
    if (blocked.count(e.a) || blocked.count(e.b)) continue;
    const auto a = node_of(e.a), b = node_of(e.b);
    if (a < 0 || b < 0) continue;
    Segment s{static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), 0.0, e.passage.forward, e.passage.backward};
    s.length = length(g.xy[s.u], g.xy[s.v]);
    g.segments.push_back(s);
  }
  keep_largest_component(g);
  build_csr(g);
  return g;
}

Graph graph_from_segments(Mode mode, std::vector<geom::Point> xy, std::vector<Segment> segments) {
  Graph g;
  g.mode = mode;
  g.xy = std::move(xy);
  g.osm_id.assign(g.xy.size(), 0);
  for (auto& s : segments)
    if (s.length <= 0) s.length = length(g.xy[s.u], g.xy[s.v]);
  g.segments = std::move(segments);
  keep_largest_component(g);
  build_csr(g);
  return g;
}

void distance_within(const Graph& g, const std::vector<Seed>& seeds, double limit, std::vector<double>& dist,
                     std::vector<std::uint32_t>& touched, std::vector<double>* minutes) {
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (const auto& s : seeds) {
    if (s.dist > limit || s.dist >= dist[s.node]) continue;
    if (dist[s.node] == kUnreached) touched.push_back(s.node);
    dist[s.node] = s.dist;
    if (minutes) (*minutes)[s.node] = s.minutes;
    queue.push({s.dist, s.node});
  }
  while (!queue.empty()) {
    const auto [d, x] = queue.top();
    queue.pop();
    if (d > dist[x]) continue;  // a stale entry
    for (std::uint32_t i = g.in_offsets[x]; i < g.in_offsets[x + 1]; ++i) {
      const std::uint32_t y = g.in_from[i];
      const double nd = d + g.in_length[i];
      if (nd >= dist[y] || nd > limit) continue;
      if (dist[y] == kUnreached) touched.push_back(y);
      dist[y] = nd;
      // Time along the shortest route, at each line's own speed.
      if (minutes) (*minutes)[y] = (*minutes)[x] + g.in_minutes[i];
      queue.push({nd, y});
    }
  }
}

std::vector<double> distance_to_nearest(const Graph& g, const std::vector<Seed>& seeds) {
  std::vector<double> dist(g.node_count(), kUnreached);
  std::vector<std::uint32_t> touched;
  distance_within(g, seeds, kUnreached, dist, touched);
  return dist;
}

}  // namespace leefkaart::network

namespace leefkaart::network {

std::vector<double> distance_to_nearest(const Graph& g, const std::vector<Seed>& seeds, std::vector<double>& minutes) {
  std::vector<double> dist(g.node_count(), kUnreached);
  minutes.assign(g.node_count(), kUnreached);
  std::vector<std::uint32_t> touched;
  distance_within(g, seeds, kUnreached, dist, touched, &minutes);
  return dist;
}

}  // namespace leefkaart::network
