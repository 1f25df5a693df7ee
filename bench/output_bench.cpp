// Writing the results should cost no more than computing them (issue 11).
// The two real runs report, as counters, the seconds spent computing (reading
// the inputs to the last figure: the manifest's seconds_computing) and the
// seconds spent writing every output file (the rest of the run, up to the set
// being in place). The GeoJSON micro benchmarks show where writing went before:
// OGR's GeoJSON driver, reprojecting and serialising feature by feature.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "io/output.hpp"
#include "pipeline/access_pipeline.hpp"
#include "pipeline/pipeline.hpp"

namespace fs = std::filesystem;
using namespace leefkaart;

namespace {

fs::path data_dir() {
  const char* env = std::getenv("LEEFKAART_DATA");
  return env ? fs::path(env) : fs::path(LEEFKAART_SOURCE_DIR) / ".." / "shared" / "data";
}

// Runs `run` per iteration and sets compute_s, write_s (means) and write_per_compute.
template <class Run>
void compute_and_write(benchmark::State& state, const fs::path& out_dir, Run run) {
  spdlog::set_level(spdlog::level::err);
  double compute = 0, write = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::ifstream in(out_dir / "manifest.json");
    const double c = nlohmann::json::parse(in).at("seconds_computing").get<double>();
    compute += c;
    write += total - c;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["compute_s"] = compute / n;
  state.counters["write_s"] = write / n;
  state.counters["write_per_compute"] = write / compute;
}

}  // namespace

static void BM_BuildUtrechtComputeVsWrite(benchmark::State& state) {
  pipeline::Options opts;
  opts.config_path = (fs::path(LEEFKAART_SOURCE_DIR) / "presets" / "utrecht.toml").string();
  opts.out_dir = (fs::temp_directory_path() / "leefkaart_bench_output_utrecht").string();
  opts.data_dir = data_dir().string();
  compute_and_write(state, opts.out_dir, [&] { pipeline::run(opts); });
}
BENCHMARK(BM_BuildUtrechtComputeVsWrite)->Unit(benchmark::kMillisecond)->Iterations(3);

static void BM_AccessLiechtensteinComputeVsWrite(benchmark::State& state) {
  pipeline::AccessOptions opts;
  opts.osm_file = (data_dir() / "osm" / "liechtenstein-latest.osm.pbf").string();
  opts.out_dir = (fs::temp_directory_path() / "leefkaart_bench_output_access").string();
  compute_and_write(state, opts.out_dir, [&] { pipeline::run_access(opts); });
}
BENCHMARK(BM_AccessLiechtensteinComputeVsWrite)->Unit(benchmark::kMillisecond)->Iterations(5);

namespace {
// 20 000 hexagons of 100 m in RD New with 30 fields: a city's cells layer.
io::LayerData hexagon_layer() {
  io::LayerData l;
  l.name = "cells";
  for (int f = 0; f < 30; ++f) l.fields.push_back({"f" + std::to_string(f), f % 3 == 0 ? io::FieldType::Integer : io::FieldType::Real});
  const double r = 100;
  for (int i = 0; i < 20000; ++i) {
    const double cx = 130000 + (i % 150) * 1.5 * r, cy = 450000 + (i / 150) * std::sqrt(3.0) * r + (i % 2) * std::sqrt(3.0) / 2 * r;
    std::vector<geom::Point> ring;
    for (int k = 0; k < 6; ++k) ring.push_back({cx + r * std::cos(k * std::numbers::pi / 3), cy + r * std::sin(k * std::numbers::pi / 3)});
    l.geometries.push_back(geom::make_polygon(ring));
    std::vector<io::Value> row;
    for (int f = 0; f < 30; ++f) row.push_back(f % 3 == 0 ? io::Value(static_cast<long long>(i % 7)) : io::Value(i * 0.001 + f));
    l.rows.push_back(std::move(row));
  }
  return l;
}
}  // namespace

static void BM_GeoJsonCellsOgr(benchmark::State& state) {
  const io::LayerData l = hexagon_layer();
  const fs::path p = fs::temp_directory_path() / "leefkaart_bench_cells_ogr.geojson";
  for (auto _ : state) io::write_geojson_wgs84_ogr(p, l);
  fs::remove(p);
}
BENCHMARK(BM_GeoJsonCellsOgr)->Unit(benchmark::kMillisecond);

static void BM_GeoJsonCellsStreamed(benchmark::State& state) {
  const io::LayerData l = hexagon_layer();
  const fs::path p = fs::temp_directory_path() / "leefkaart_bench_cells_streamed.geojson";
  for (auto _ : state) io::write_geojson_wgs84(p, l);
  fs::remove(p);
}
BENCHMARK(BM_GeoJsonCellsStreamed)->Unit(benchmark::kMillisecond);
