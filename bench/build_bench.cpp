// The whole-city build of the Utrecht preset on the real shared data,
// including reading every input and writing every output file.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "pipeline/pipeline.hpp"
#include "peak_memory.hpp"

namespace fs = std::filesystem;

static void BM_BuildUtrecht(benchmark::State& state) {
  spdlog::set_level(spdlog::level::err);  // the data warnings are known; keep the report readable
  const fs::path source = LEEFKAART_SOURCE_DIR;
  leefkaart::pipeline::Options opts;
  opts.config_path = (source / "presets" / "utrecht.toml").string();
  opts.out_dir = (fs::temp_directory_path() / "leefkaart_bench_utrecht").string();
  if (const char* env = std::getenv("LEEFKAART_DATA")) opts.data_dir = env;
  for (auto _ : state) leefkaart::pipeline::run(opts);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_BuildUtrecht)->Unit(benchmark::kMillisecond)->Iterations(3);
