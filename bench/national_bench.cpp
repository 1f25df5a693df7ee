// The Netherlands at 100 m: `leefkaart init` and the national build, run as the
// user runs them (the real binary, the real national files), timed with their
// peak memory. Targets (issue 15): the national build under 2 minutes and 4 GiB
// on 2 cores. Run: build/bench/leefkaart_national_bench
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

fs::path data_dir() {
  if (const char* d = std::getenv("LEEFKAART_DATA")) return d;
  return fs::path(LEEFKAART_SOURCE_DIR) / "../shared/data";
}

struct Run {
  double seconds = 0;
  double peak_rss_mb = 0;  // the child's own peak (wait4's ru_maxrss)
};

// Runs the leefkaart binary with `args`, output to `log`; throws when it fails.
Run run(const std::vector<std::string>& args, const fs::path& log) {
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(LEEFKAART_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen(log.c_str(), "w", stdout) || !freopen(log.c_str(), "a", stderr)) _exit(127);
    execv(LEEFKAART_BIN, argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("leefkaart failed, see " + log.string());
  return r;
}

fs::path work_dir() {
  const fs::path d = fs::temp_directory_path() / "leefkaart_national_bench";
  fs::create_directories(d);
  return d;
}

void BM_InitOneGemeente(benchmark::State& state) {
  const fs::path dir = work_dir();
  Run r;
  for (auto _ : state)
    r = run({"init", "--gemeente", "GM0307", "--force", "--out", (dir / "amersfoort.toml").string(), "--data", data_dir().string()},
            dir / "init_amersfoort.log");
  state.counters["seconds"] = r.seconds;
  state.counters["peak_rss_mb"] = r.peak_rss_mb;
}
BENCHMARK(BM_InitOneGemeente)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_InitNetherlands(benchmark::State& state) {
  const fs::path dir = work_dir();
  Run r;
  for (auto _ : state)
    r = run({"init", "--all", "--force", "--out", (dir / "nederland.toml").string(), "--data", data_dir().string()},
            dir / "init_nederland.log");
  state.counters["seconds"] = r.seconds;
  state.counters["peak_rss_mb"] = r.peak_rss_mb;
}
BENCHMARK(BM_InitNetherlands)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// Every buurt of the Netherlands on one 100 m grid, levels to the province, every output.
void BM_BuildNetherlands(benchmark::State& state) {
  const fs::path dir = work_dir();
  run({"init", "--all", "--force", "--out", (dir / "nederland.toml").string(), "--data", data_dir().string()},
      dir / "init_nederland.log");
  Run r;
  for (auto _ : state) {
    fs::remove_all(dir / "nederland");
    r = run({"build", "--config", (dir / "nederland.toml").string(), "--out", (dir / "nederland").string(), "--data",
             data_dir().string()},
            dir / "build_nederland.log");
  }
  std::ifstream in(dir / "nederland" / "manifest.json");
  const nlohmann::json m = nlohmann::json::parse(in);
  state.counters["seconds"] = r.seconds;
  state.counters["seconds_computing"] = m.value("seconds_computing", 0.0);
  state.counters["peak_rss_mb"] = r.peak_rss_mb;
  state.counters["cells"] = m.at("counts").at("cells").get<double>();
  state.counters["buurten"] = m.at("counts").at("buurten").get<double>();
  state.counters["target_seconds"] = 120;
  state.counters["target_peak_rss_mb"] = 4096;
}
BENCHMARK(BM_BuildNetherlands)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
