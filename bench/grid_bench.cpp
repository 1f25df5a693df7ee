// The Netherlands at 100 m: about 3.5 million hexagons of 1 ha (land area
// ≈ 35 000 km²). Measures covering a study area of that size and mapping
// points to cells.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <random>

#include "grid/hexgrid.hpp"
#include "peak_memory.hpp"

using namespace leefkaart;

namespace {
// A 175 km × 200 km block in RD New: 35 000 km², the land area of the Netherlands.
geom::Geom netherlands_sized_area() {
  return geom::from_wkt("POLYGON((20000 320000, 195000 320000, 195000 520000, 20000 520000, 20000 320000))");
}
}  // namespace

static void BM_CoverNetherlands1ha(benchmark::State& state) {
  grid::HexGrid g({10000.0, grid::SizeDefinition::Area});
  auto area = netherlands_sized_area();
  std::size_t cells = 0;
  for (auto _ : state) {
    auto covered = g.cover(area.get(), grid::CoverRule::CentreInside);
    cells = covered.size();
    benchmark::DoNotOptimize(covered.data());
  }
  state.counters["cells"] = static_cast<double>(cells);
  state.counters["cells_per_s"] = benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_CoverNetherlands1ha)->Unit(benchmark::kMillisecond)->Iterations(2);

static void BM_PointToCell(benchmark::State& state) {
  grid::HexGrid g({100.0, grid::SizeDefinition::Edge});
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> x(13000, 278000), y(306000, 619000);
  std::vector<geom::Point> pts(3'500'000);
  for (auto& p : pts) p = {x(rng), y(rng)};
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& p : pts) sum += g.cell_of(p).q;
    benchmark::DoNotOptimize(sum);
  }
  state.counters["points_per_s"] = benchmark::Counter(static_cast<double>(pts.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_PointToCell)->Unit(benchmark::kMillisecond);
