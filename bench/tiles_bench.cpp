// Vector tile generation (issue 15, item 7): leefkaart.mbtiles for a cells
// layer of a city (20 000 hexagons), a province (200 000) and the whole
// Netherlands at 100 m (1.6 million), each with 30 number fields and a buurt
// name, cut at the schema's zooms. Counters: seconds, file size, cells per second.
//   build/bench/leefkaart_bench --benchmark_filter=Tiles
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>

#include "io/build_schema.hpp"
#include "io/output.hpp"
#include "io/vector_tiles.hpp"

namespace fs = std::filesystem;
using namespace leefkaart;

namespace {
// `n` hexagons of 100 m in RD New, in a square block starting in the middle of the country.
io::LayerData cells_layer(int n) {
  io::LayerData l;
  l.name = io::build_schema::layer("cells");
  l.fields.push_back({io::build_schema::cell_field("buurt_name"), io::FieldType::String});
  for (int f = 0; f < 30; ++f) l.fields.push_back({"f" + std::to_string(f), f % 3 == 0 ? io::FieldType::Integer : io::FieldType::Real});
  const double r = 100;
  const int columns = static_cast<int>(std::sqrt(static_cast<double>(n)));
  for (int i = 0; i < n; ++i) {
    const int c = i % columns, row = i / columns;
    const double cx = 60000 + c * 1.5 * r, cy = 320000 + row * std::sqrt(3.0) * r + (c % 2) * std::sqrt(3.0) / 2 * r;
    std::vector<geom::Point> ring;
    for (int k = 0; k < 6; ++k) ring.push_back({cx + r * std::cos(k * std::numbers::pi / 3), cy + r * std::sin(k * std::numbers::pi / 3)});
    l.geometries.push_back(geom::make_polygon(ring));
    std::vector<io::Value> values{std::string("Buurt ") + std::to_string(i / 400)};
    for (int f = 0; f < 30; ++f) values.push_back(f % 3 == 0 ? io::Value(static_cast<long long>(i % 7)) : io::Value(std::round(i * 0.37 + f) / 10));
    l.rows.push_back(std::move(values));
  }
  return l;
}
}  // namespace

static void BM_TilesCells(benchmark::State& state) {
  const io::LayerData l = cells_layer(static_cast<int>(state.range(0)));
  const fs::path p = fs::temp_directory_path() / "leefkaart_bench_tiles.mbtiles";
  double seconds = 0;
  for (auto _ : state) {
    fs::remove(p);
    const auto t0 = std::chrono::steady_clock::now();
    io::write_mbtiles(p, {&l}, io::build_schema::tile_zooms, {"bench", "synthetic cells"});
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["cells"] = static_cast<double>(l.rows.size());
  state.counters["seconds"] = seconds / n;
  state.counters["cells_per_s"] = l.rows.size() / (seconds / n);
  state.counters["mbtiles_mb"] = fs::file_size(p) / 1e6;
  fs::remove(p);
}
BENCHMARK(BM_TilesCells)->Arg(20000)->Arg(200000)->Arg(1600000)->Unit(benchmark::kSecond)->Iterations(1);
