// `leefkaart serve` under load, on loopback only: the server runs as its own
// process (so its memory is its own) over a made-up layer of 5 000 cells
// with twelve properties; clients run here. Every loop is bounded in count
// and in time. Each benchmark starts a fresh server, so run one at a time
// for its peak memory: build/bench/leefkaart_serve_bench --benchmark_filter=Slow
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "peak_memory.hpp"
#include "server/test_manifest.hpp"
#include "server/test_sockets.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kTimeLimit = std::chrono::seconds(120);  // no scenario runs longer

// A served folder: cells with twelve properties p0..p11, the other layers
// small, a manifest with checksums; and a one-page web app.
fs::path make_folder() {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_serve_bench";
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  fs::create_directories(dir / "web");
  json features = json::array();
  for (int i = 0; i < 5000; ++i) {
    const double x = 5.0 + (i % 150) * 0.0015, y = 52.0 + (i / 150) * 0.0013;
    json props = {{"cell_id", "c" + std::to_string(i)}, {"score", i % 17}};
    for (int p = 0; p < 12; ++p) props["p" + std::to_string(p)] = std::round((i * 0.37 + p) * 100) / 100;
    const json ring = json::array({json::array({x, y}), json::array({x + 0.001, y}), json::array({x + 0.0015, y + 0.0009}),
                                   json::array({x + 0.001, y + 0.0013}), json::array({x, y})});
    json feature = {{"type", "Feature"}, {"properties", props}};
    feature["geometry"] = {{"type", "Polygon"}, {"coordinates", json::array({ring})}};
    features.push_back(std::move(feature));
  }
  std::ofstream(dir / "out" / "cells.geojson") << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  for (const char* layer : {"buurten", "wijken", "gemeente"})
    std::ofstream(dir / "out" / (std::string(layer) + ".geojson"))
        << json{{"type", "FeatureCollection"}, {"features", json::array({features[0]})}}.dump();
  leefkaart::testing::write_manifest(dir / "out", {{"tool", "leefkaart"}, {"command", "build"}});
  std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>leefkaart</title>";
  return dir;
}

// The leefkaart binary serving the folder on a free port; SIGINT when done.
struct ServerProcess {
  pid_t pid = -1;
  int port = 0;
  explicit ServerProcess(const fs::path& dir) {
    int out[2];
    if (pipe(out) != 0) return;
    pid = fork();
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(LEEFKAART_BIN, LEEFKAART_BIN, "-q", "serve", "--out", (dir / "out").c_str(), "--web", (dir / "web").c_str(),
            "--port", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const auto colon = line.rfind(':');
    if (colon != std::string::npos) port = std::atoi(line.c_str() + colon + 1);
  }
  ~ServerProcess() {
    if (pid <= 0) return;
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
  }
};

// `clients` threads, each with its own keep-alive connection, each asking
// `per_client` targets from `target_of(client, i)`; requests per second and
// the slowest answer.
struct LoadResult {
  double seconds = 0, max_ms = 0;
  long ok = 0, failed = 0;
};
LoadResult load(int port, int clients, int per_client, const std::function<std::string(int, int)>& target_of) {
  std::atomic<long> ok{0}, failed{0};
  std::atomic<long> max_us{0};
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      // From 127.0.0.1..127.0.0.20 (all loopback): like clients on several machines,
      // not 200 connections from one address (which the server cuts back).
      const std::string from = "127.0.0." + std::to_string(1 + c % 20);
      client.set_socket_options([from](socket_t s) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        bind(s, reinterpret_cast<sockaddr*>(&local), sizeof local);
      });
      client.set_keep_alive(true);
      client.set_read_timeout(30, 0);
      httplib::Headers gzip{{"Accept-Encoding", "gzip"}};
      for (int i = 0; i < per_client && Clock::now() - t0 < kTimeLimit; ++i) {
        const auto r0 = Clock::now();
        auto res = client.Get(target_of(c, i).c_str(), gzip);
        const long us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - r0).count();
        long seen = max_us.load();
        while (us > seen && !max_us.compare_exchange_weak(seen, us)) {}
        (res && res->status == 200 ? ok : failed)++;
      }
    });
  for (auto& t : threads) t.join();
  return {std::chrono::duration<double>(Clock::now() - t0).count(), max_us / 1000.0, ok, failed};
}

void report(benchmark::State& state, const LoadResult& r, const ServerProcess& server) {
  state.counters["requests_per_second"] = r.ok / r.seconds;
  state.counters["slowest_ms"] = r.max_ms;
  state.counters["ok"] = static_cast<double>(r.ok);
  state.counters["failed"] = static_cast<double>(r.failed);
  state.counters["server_peak_rss_mb"] = peak_rss_mb_of(server.pid);
  state.counters["server_rss_mb"] = rss_mb_of(server.pid);
}

// Sockets from 127.0.0.101 to .105 (20 each, within the server's limit per
// address) that send a request line, then a header line a second.
struct Slowloris {
  std::vector<int> sockets;
  std::atomic<bool> done{false};
  std::thread thread;
  Slowloris(int port, int count) {
    for (int i = 0; i < count; ++i) {
      const std::string from = "127.0.0." + std::to_string(101 + i % 5);
      const int s = leefkaart::testing::connect_from(port, from.c_str());
      if (s < 0) continue;
      send(s, "GET / HTTP/1.1\r\n", 16, MSG_NOSIGNAL);
      sockets.push_back(s);
    }
    thread = std::thread([this] {
      const auto t0 = Clock::now();
      for (int line = 0; !done && Clock::now() - t0 < kTimeLimit; ++line) {
        const std::string h = "X-" + std::to_string(line) + ": 1\r\n";
        for (int s : sockets) send(s, h.data(), h.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        for (int t = 0; t < 10 && !done; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  ~Slowloris() {
    done = true;
    thread.join();
    for (int s : sockets) close(s);
  }
};

const fs::path& folder() {
  static const fs::path dir = make_folder();
  return dir;
}

}  // namespace

// 200 clients at once, each asking the first paint's layer (cells, score only) 10 times.
static void BM_Serve200ParallelClients(benchmark::State& state) {
  ServerProcess server(folder());
  for (auto _ : state) {
    const LoadResult r = load(server.port, 200, 10, [](int, int) { return std::string("/api/layers/cells?fields=score"); });
    report(state, r, server);
  }
}
BENCHMARK(BM_Serve200ParallelClients)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// 300 different field lists of the cells (8 clients, in turn): each is cut
// and gzipped once; the cache keeps what fits in --cache-mb (256).
static void BM_Serve300FieldLists(benchmark::State& state) {
  ServerProcess server(folder());
  for (auto _ : state) {
    const LoadResult r = load(server.port, 8, 300 / 8 + 1, [](int c, int i) {
      const int list = 1 + (c * (300 / 8 + 1) + i) % 300;  // 1..300: a different subset of p0..p8 each
      std::string fields;
      for (int bit = 0; bit < 9; ++bit)
        if (list & (1 << bit)) fields += (fields.empty() ? "" : ",") + std::string("p") + std::to_string(bit);
      return "/api/layers/cells?fields=" + fields;
    });
    report(state, r, server);
  }
}
BENCHMARK(BM_Serve300FieldLists)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// 100 slowloris sockets held open while 8 clients ask 50 times each.
static void BM_ServeWith100SlowClients(benchmark::State& state) {
  ServerProcess server(folder());
  for (auto _ : state) {
    Slowloris slow(server.port, 100);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const LoadResult r = load(server.port, 8, 50, [](int, int) { return std::string("/api/view"); });
    report(state, r, server);
    state.counters["slow_sockets"] = static_cast<double>(slow.sockets.size());
  }
}
BENCHMARK(BM_ServeWith100SlowClients)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
