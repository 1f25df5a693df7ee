// Whole-extract accessibility on the real Liechtenstein extract: graph build
// from the .osm.pbf, and all categories for every cell.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "grid/hexgrid.hpp"
#include "network/access.hpp"
#include "network/routing_data.hpp"
#include "peak_memory.hpp"

namespace fs = std::filesystem;
using namespace leefkaart;

namespace {
std::string extract_path() {
  const char* env = std::getenv("LEEFKAART_DATA");
  fs::path data = env ? fs::path(env) : fs::path(LEEFKAART_SOURCE_DIR) / ".." / "shared" / "data";
  return (data / "osm" / "liechtenstein-latest.osm.pbf").string();
}
}  // namespace

static void BM_ReadAndBuildWalkGraph(benchmark::State& state) {
  std::size_t nodes = 0;
  for (auto _ : state) {
    auto data = network::load_routing_data(extract_path(), network::default_categories(), {});
    auto g = network::build_graph(data.extract, network::Mode::Walk, data.nodes);
    nodes = g.node_count();
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_ReadAndBuildWalkGraph)->Unit(benchmark::kMillisecond);

static void BM_AllCategoriesForEveryCell(benchmark::State& state) {
  auto data = network::load_routing_data(extract_path(), network::default_categories(), {});
  auto g = network::build_graph(data.extract, network::Mode::Walk, data.nodes);
  network::SnapIndex index(g);
  grid::HexGrid hex({100.0, grid::SizeDefinition::Edge});
  std::vector<grid::HexId> cells;
  for (const auto& p : g.xy) cells.push_back(hex.cell_of(p));
  std::sort(cells.begin(), cells.end(), grid::row_major);
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  std::vector<network::Snap> snaps;
  for (auto id : cells) snaps.push_back(index.nearest(hex.centre(id), 250));
  for (auto _ : state) {
    auto result = network::compute_access(g, index, snaps, data.facilities, data.categories.size(), {});
    benchmark::DoNotOptimize(result.data());
  }
  state.counters["cells"] = static_cast<double>(cells.size());
  state.counters["categories"] = static_cast<double>(data.categories.size());
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_AllCategoriesForEveryCell)->Unit(benchmark::kMillisecond);
