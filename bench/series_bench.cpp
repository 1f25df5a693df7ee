// A ten-year series of Utrecht (kerncijfers editions 2016–2025) on the real
// shared data: time and peak memory per year, from the series' own manifest.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "peak_memory.hpp"
#include "series/series.hpp"

namespace fs = std::filesystem;

static void BM_SeriesUtrechtTenYears(benchmark::State& state) {
  spdlog::set_level(spdlog::level::err);
  const fs::path source = LEEFKAART_SOURCE_DIR;
  const fs::path work = fs::temp_directory_path() / "leefkaart_bench_series";
  fs::create_directories(work);
  // The Utrecht series preset with the ten kerncijfers editions as its years.
  std::ifstream in(source / "presets" / "utrecht_reeks.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  const std::string years = "years = [2012, 2014, 2016, 2018, 2020, 2022, 2024]";
  const auto at = config.find(years);
  if (at == std::string::npos) {
    state.SkipWithError("presets/utrecht_reeks.toml no longer has the years line this benchmark replaces");
    return;
  }
  config.replace(at, years.size(), "years = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]");
  std::ofstream(work / "utrecht_tien_jaar.toml") << config;

  leefkaart::series::SeriesOptions opts;
  opts.config_path = (work / "utrecht_tien_jaar.toml").string();
  opts.out_dir = (work / "out").string();
  if (const char* env = std::getenv("LEEFKAART_DATA")) opts.data_dir = env;
  for (auto _ : state) {
    fs::remove_all(opts.out_dir);
    leefkaart::series::run(opts);
  }
  std::ifstream m(fs::path(opts.out_dir) / "manifest.json");
  const auto manifest = nlohmann::json::parse(m);
  for (const auto& y : manifest["per_year"]) {
    const std::string year = std::to_string(y["year"].get<int>());
    state.counters["s_" + year] = y["seconds"].get<double>();
    state.counters["peak_rss_mb_" + year] = y["peak_rss_mb"].get<double>();
  }
  state.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_SeriesUtrechtTenYears)->Unit(benchmark::kMillisecond)->Iterations(1);
