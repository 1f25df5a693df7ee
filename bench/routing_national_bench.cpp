// Routing at national size (issue 15, item 5): the real Liechtenstein walking
// network tiled to the size of the Dutch one (about 20 million nodes), with
// its facilities copied, and the distance to the nearest facility of every
// category for every 100 m cell, as `leefkaart access` computes it.
//
// How the country is tiled: copies of the walking graph (its largest
// component, as access keeps it) are laid out row by row on a grid, each
// moved by the width or height of the graph's bounding box plus a 100 m gap.
// Neighbouring copies are joined along their shared edge: the edge is cut into
// 200 m bands, and in each band the outermost node of one copy (e.g. the
// easternmost) is joined to the outermost node of the other (the westernmost
// of the copy to its east) by a two-way street of their straight-line length;
// bands whose street would be longer than 2 km are left out (Liechtenstein's
// border is ragged), except the shortest of each edge, so all copies connect.
// Point facilities are copied with their copy and snapped to the tiled graph;
// parks (area categories) enter at the nodes within 25 m of their edge, found
// once on the original and moved with each copy.
//
// Cells are those of `leefkaart access` without a study area: every 100 m cell
// (edge) holding a street node; each centre snaps to its nearest segment
// within 250 m. Then one multi-source search per category from all its
// facilities at once, two categories at a time (the machine has two cores).
//
// Size: LEEFKAART_ROUTING_NODES (default 20000000); a quick check:
//   LEEFKAART_ROUTING_NODES=1000000 build/bench/leefkaart_routing_bench
// LEEFKAART_ROUTING_LIMIT_M (default 5000) bounds the second set of searches.
// Phases, node/edge counts and peak memory are counters, and a table on stderr.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>

#include "grid/hexgrid.hpp"
#include "network/access.hpp"
#include "network/compact_graph.hpp"
#include "network/routing_data.hpp"
#include "peak_memory.hpp"

namespace fs = std::filesystem;
using namespace leefkaart;
namespace cg = network::compact;

namespace {

std::string extract_path() {
  const char* env = std::getenv("LEEFKAART_DATA");
  fs::path data = env ? fs::path(env) : fs::path(LEEFKAART_SOURCE_DIR) / ".." / "shared" / "data";
  return (data / "osm" / "liechtenstein-latest.osm.pbf").string();
}

double env_number(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtod(v, nullptr) : fallback;
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
// CPU time of the whole process: on a shared machine the wall time also counts waiting for a core.
double cpu_now() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

constexpr double kGap = 100, kBand = 200, kMaxJoin = 2000, kSnapLimit = 250, kAreaReach = 25;

// The original, ready to copy.
struct Base {
  network::RoutingData data;
  network::Graph graph;
  geom::Box box{1e300, 1e300, -1e300, -1e300};
  // Per category: point facilities (working CRS), and the nodes where parks are entered.
  std::vector<std::vector<geom::Point>> points;
  std::vector<std::vector<std::uint32_t>> area_nodes;
};

Base load_base() {
  Base b;
  b.data = network::load_routing_data(extract_path(), network::default_categories(), {});
  b.graph = network::build_graph(b.data.extract, network::Mode::Walk, b.data.nodes);
  for (const auto& p : b.graph.xy) {
    b.box.minx = std::min(b.box.minx, p.x);
    b.box.miny = std::min(b.box.miny, p.y);
    b.box.maxx = std::max(b.box.maxx, p.x);
    b.box.maxy = std::max(b.box.maxy, p.y);
  }
  const auto& cats = b.data.categories;
  b.points.resize(cats.size());
  b.area_nodes.resize(cats.size());
  network::SnapIndex index(b.graph);
  for (const auto& f : b.data.facilities) {
    if (!cats[f.category].area) {
      b.points[f.category].push_back(geom::point_xy(f.geom.get()));
      continue;
    }
    // As access enters a park: every street node within 25 m of its edge (coarse buffer).
    auto reach = geom::buffer(f.geom.get(), kAreaReach, 2);
    auto prepared = geom::prepare(reach.get());
    for (std::uint32_t n : index.nodes_in(geom::bounds(reach.get())))
      if (geom::prepared_contains_xy(prepared.get(), b.graph.xy[n])) b.area_nodes[f.category].push_back(n);
  }
  for (auto& v : b.area_nodes) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  return b;
}

struct Join {
  std::uint32_t from, to;  // from: in the first copy (west or south), to: in its neighbour
  float length;
};

// The joins between a copy and its neighbour at `step` along one axis (x: east).
std::vector<Join> joins(const Base& b, bool east, double step) {
  const auto& xy = b.graph.xy;
  const double lo = east ? b.box.miny : b.box.minx;
  const auto bands = static_cast<std::size_t>((east ? b.box.maxy - b.box.miny : b.box.maxx - b.box.minx) / kBand) + 1;
  std::vector<std::int64_t> outer(bands, -1), inner(bands, -1);  // outermost towards / away from the neighbour
  auto along = [&](std::uint32_t n) { return east ? xy[n].x : xy[n].y; };
  for (std::uint32_t n = 0; n < xy.size(); ++n) {
    const auto k = static_cast<std::size_t>(((east ? xy[n].y : xy[n].x) - lo) / kBand);
    if (outer[k] < 0 || along(n) > along(static_cast<std::uint32_t>(outer[k]))) outer[k] = n;
    if (inner[k] < 0 || along(n) < along(static_cast<std::uint32_t>(inner[k]))) inner[k] = n;
  }
  std::vector<Join> all;
  for (std::size_t k = 0; k < bands; ++k) {
    if (outer[k] < 0) continue;
    const auto a = static_cast<std::uint32_t>(outer[k]), c = static_cast<std::uint32_t>(inner[k]);
    const double dx = xy[c].x + (east ? step : 0) - xy[a].x, dy = xy[c].y + (east ? 0 : step) - xy[a].y;
    all.push_back({a, c, static_cast<float>(std::hypot(dx, dy))});
  }
  std::vector<Join> kept;
  const auto shortest = std::min_element(all.begin(), all.end(), [](auto& p, auto& q) { return p.length < q.length; });
  for (auto it = all.begin(); it != all.end(); ++it)
    if (it->length <= kMaxJoin || it == shortest) kept.push_back(*it);
  return kept;
}

// The tiled network as plain arrays, before either graph structure is built.
struct Raw {
  std::vector<double> x, y;
  std::vector<cg::Segment> segments;
};

struct Tiled {
  cg::Graph graph;
  std::size_t copies = 0, columns = 0, joins = 0;
  std::vector<geom::Point> offset;  // per copy
};

Raw tile(const Base& b, std::size_t target_nodes, Tiled& t) {
  const std::size_t n0 = b.graph.node_count();
  t.copies = std::max<std::size_t>(1, (target_nodes + n0 / 2) / n0);
  const double w = b.box.maxx - b.box.minx + kGap, h = b.box.maxy - b.box.miny + kGap;
  // Columns so that the tiled extent is about square.
  t.columns = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(std::sqrt(t.copies * h / w))));
  t.columns = std::min(t.columns, t.copies);
  for (std::size_t c = 0; c < t.copies; ++c)
    t.offset.push_back({static_cast<double>(c % t.columns) * w, static_cast<double>(c / t.columns) * h});
  const auto east = joins(b, true, w), north = joins(b, false, h);

  Raw r;
  r.x.resize(t.copies * n0);
  r.y.resize(t.copies * n0);
  auto& segs = r.segments;
  segs.reserve(t.copies * (b.graph.segments.size() + east.size() + north.size()));
  for (std::size_t c = 0; c < t.copies; ++c) {
    const auto first = static_cast<std::uint32_t>(c * n0);
    for (std::size_t i = 0; i < n0; ++i) {
      r.x[first + i] = b.graph.xy[i].x + t.offset[c].x;
      r.y[first + i] = b.graph.xy[i].y + t.offset[c].y;
    }
    for (const auto& s : b.graph.segments)
      segs.push_back({first + s.u, first + s.v, static_cast<float>(s.length), s.forward, s.backward});
    const bool has_east = c % t.columns + 1 < t.columns && c + 1 < t.copies;
    const bool has_north = c + t.columns < t.copies;
    if (has_east)
      for (const auto& j : east) segs.push_back({first + j.from, static_cast<std::uint32_t>(first + n0 + j.to), j.length});
    if (has_north)
      for (const auto& j : north)
        segs.push_back({first + j.from, static_cast<std::uint32_t>(first + t.columns * n0 + j.to), j.length});
    t.joins += (has_east ? east.size() : 0) + (has_north ? north.size() : 0);
  }
  return r;
}

// Seeds of each category over all copies.
std::vector<cg::Category> facilities(const Base& b, const Tiled& t, const cg::SnapGrid& grid, std::size_t& placed) {
  const std::size_t n0 = b.graph.node_count();
  std::vector<cg::Category> out(b.data.categories.size());
  placed = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (std::size_t c = 0; c < t.copies; ++c) {
      for (const auto& p : b.points[k]) {
        const network::Snap s = grid.nearest(p.x + t.offset[c].x, p.y + t.offset[c].y, kSnapLimit);
        if (!s.ok) continue;
        ++placed;
        for (const auto& seed : cg::seeds_of(t.graph, s)) out[k].seeds.push_back(seed);
        out[k].on_segment.push_back({s.segment, static_cast<float>(s.t)});
      }
      for (std::uint32_t n : b.area_nodes[k]) out[k].seeds.push_back({static_cast<std::uint32_t>(c * n0 + n), 0});
    }
    std::sort(out[k].on_segment.begin(), out[k].on_segment.end());
  }
  return out;
}

}  // namespace

static void BM_RoutingAtNationalSize(benchmark::State& state) {
  const auto target = static_cast<std::size_t>(env_number("LEEFKAART_ROUTING_NODES", 20e6));
  const auto limit = static_cast<float>(env_number("LEEFKAART_ROUTING_LIMIT_M", 5000));
  for (auto _ : state) {
    auto t0 = Clock::now();
    double c0 = cpu_now();
    std::map<std::string, double> counters;
    auto phase = [&](const std::string& name) {
      counters[name + "_s"] = since(t0);
      counters[name + "_cpu_s"] = cpu_now() - c0;
      t0 = Clock::now();
      c0 = cpu_now();
    };
    const Base b = load_base();
    phase("read");

    t0 = Clock::now();
    Tiled t;
    {
      Raw raw = tile(b, target, t);
      t.graph = cg::make_graph(raw.x, raw.y, std::move(raw.segments));
    }
    phase("build_graph");
    const cg::Graph& g = t.graph;
    const cg::SnapGrid grid(g, 100);
    phase("snap_grid");

    // The cells of `leefkaart access` without a study area: each 100 m cell holding a node.
    grid::HexGrid hex({100.0, grid::SizeDefinition::Edge});
    std::vector<grid::HexId> cells(g.node_count());
    for (std::size_t i = 0; i < g.node_count(); ++i)
      cells[i] = hex.cell_of({g.x0 + g.x[i], g.y0 + g.y[i]});
    std::sort(cells.begin(), cells.end(), grid::row_major);
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    std::vector<network::Snap> snaps(cells.size());
    std::size_t off_network = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const geom::Point p = hex.centre(cells[i]);
      snaps[i] = grid.nearest(p.x, p.y, kSnapLimit);
      off_network += !snaps[i].ok;
    }
    phase("snap_cells");
    std::size_t placed = 0;
    const auto cats = facilities(b, t, grid, placed);
    phase("facilities");
    for (const float lim : {cg::kFar, limit}) {
      const std::string tag = lim == cg::kFar ? "" : "_" + std::to_string(static_cast<int>(lim)) + "m";
      t0 = Clock::now();
      c0 = cpu_now();
      const auto result = cg::nearest_per_category(g, snaps, cats, lim, 2);
      phase("route" + tag);
      std::fprintf(stderr, "\nall categories%s: %.1f s wall, %.1f s CPU on 2 threads\n", tag.c_str(),
                   counters["route" + tag + "_s"], counters["route" + tag + "_cpu_s"]);
      for (std::size_t k = 0; k < cats.size(); ++k) {
        const auto& name = b.data.categories[k].name;
        std::size_t reached = 0;
        for (float d : result[k].dist) reached += d != cg::kFar;
        counters[name + tag + "_s"] = result[k].seconds;
        counters[name + tag + "_cpu_s"] = result[k].cpu_seconds;
        std::fprintf(stderr, "  %-13s %8zu seeds %6.1f s wall %6.1f s CPU %10zu nodes settled  %5.1f %% of cells reached\n",
                     name.c_str(), cats[k].seeds.size(), result[k].seconds, result[k].cpu_seconds, result[k].settled,
                     100.0 * static_cast<double>(reached) / static_cast<double>(snaps.size()));
      }
    }
    std::fprintf(stderr,
                 "\n%zu copies (%zu columns) of %zu nodes: %zu nodes, %zu segments, %zu arcs, %zu joins\n"
                 "graph %.0f MiB, snap grid %.0f MiB; %zu cells (%zu off the network), %zu point facilities placed\n"
                 "wall (CPU): read %.1f (%.1f) s, build graph %.1f (%.1f) s, snap grid %.1f (%.1f) s, "
                 "cells+snap %.1f (%.1f) s, facilities %.1f (%.1f) s; peak %.0f MiB\n",
                 t.copies, t.columns, b.graph.node_count(), g.node_count(), g.segments.size(), g.arc_count(), t.joins,
                 static_cast<double>(g.bytes()) / 1048576.0, static_cast<double>(grid.bytes()) / 1048576.0,
                 snaps.size(), off_network, placed, counters["read_s"], counters["read_cpu_s"],
                 counters["build_graph_s"], counters["build_graph_cpu_s"], counters["snap_grid_s"],
                 counters["snap_grid_cpu_s"], counters["snap_cells_s"], counters["snap_cells_cpu_s"],
                 counters["facilities_s"], counters["facilities_cpu_s"], peak_rss_mb());
    for (const auto& [k, v] : counters) state.counters[k] = v;
    state.counters["nodes"] = static_cast<double>(g.node_count());
    state.counters["segments"] = static_cast<double>(g.segments.size());
    state.counters["arcs"] = static_cast<double>(g.arc_count());
    state.counters["cells"] = static_cast<double>(snaps.size());
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_RoutingAtNationalSize)->Unit(benchmark::kSecond)->Iterations(1);

// The same tiled network through the structures `leefkaart access` uses today
// (network::Graph with double lengths and both arc directions, the R-tree
// SnapIndex, compute_access with its own seeding of every facility copy),
// nearest distances only (no counts). Run it on its own for its peak memory:
//   LEEFKAART_ROUTING_NODES=1000000 build/bench/leefkaart_routing_bench --benchmark_filter=AccessGraph
static void BM_AccessGraphAtNationalSize(benchmark::State& state) {
  const auto target = static_cast<std::size_t>(env_number("LEEFKAART_ROUTING_NODES", 20e6));
  for (auto _ : state) {
    const Base b = load_base();
    auto t0 = Clock::now();
    Tiled t;
    network::Graph g;
    {
      Raw raw = tile(b, target, t);
      std::vector<geom::Point> xy(raw.x.size());
      for (std::size_t i = 0; i < xy.size(); ++i) xy[i] = {raw.x[i], raw.y[i]};
      std::vector<network::Segment> segs;
      segs.reserve(raw.segments.size());
      for (const auto& s : raw.segments) segs.push_back({s.u, s.v, s.length, s.forward, s.backward});
      raw = Raw{};
      g = network::graph_from_segments(network::Mode::Walk, std::move(xy), std::move(segs));
    }
    const double build_s = since(t0);
    t0 = Clock::now();
    const network::SnapIndex index(g);
    const double index_s = since(t0);
    t0 = Clock::now();
    grid::HexGrid hex({100.0, grid::SizeDefinition::Edge});
    std::vector<grid::HexId> cells;
    for (const auto& p : g.xy) cells.push_back(hex.cell_of(p));
    std::sort(cells.begin(), cells.end(), grid::row_major);
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    std::vector<network::Snap> snaps;
    for (auto id : cells) snaps.push_back(index.nearest(hex.centre(id), kSnapLimit));
    const double snap_s = since(t0);
    std::vector<network::FacilityPlace> places;
    for (std::size_t c = 0; c < t.copies; ++c)
      for (const auto& f : b.data.facilities)
        places.push_back({f.category, geom::translate(f.geom.get(), t.offset[c].x, t.offset[c].y), f.id, f.name});
    network::AccessOptions opts;
    opts.counts = false;
    opts.threads = 2;
    t0 = Clock::now();
    const double c0 = cpu_now();
    const auto result = network::compute_access(g, index, snaps, places, b.data.categories.size(), opts);
    const double route_s = since(t0), route_cpu_s = cpu_now() - c0;
    benchmark::DoNotOptimize(result.data());
    std::fprintf(stderr,
                 "\naccess graph: %zu nodes, %zu segments; %zu cells; build graph %.1f s, snap index %.1f s, "
                 "cells+snap %.1f s, facilities and all categories %.1f s (%.1f s CPU); peak %.0f MiB\n",
                 g.node_count(), g.segments.size(), snaps.size(), build_s, index_s, snap_s, route_s, route_cpu_s,
                 peak_rss_mb());
    state.counters["nodes"] = static_cast<double>(g.node_count());
    state.counters["cells"] = static_cast<double>(snaps.size());
    state.counters["build_graph_s"] = build_s;
    state.counters["snap_index_s"] = index_s;
    state.counters["snap_cells_s"] = snap_s;
    state.counters["route_s"] = route_s;
    state.counters["route_cpu_s"] = route_cpu_s;
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_AccessGraphAtNationalSize)->Unit(benchmark::kSecond)->Iterations(1);
