// `leefkaart serve` in this process, asked over loopback sockets: what a slow
// or malformed client gets, and that others are still answered.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/output.hpp"
#include "io/vector_tiles.hpp"
#include "server/server.hpp"
#include "server/test_manifest.hpp"
#include "server/test_running.hpp"
#include "server/test_sockets.hpp"
#include "server/tile_store.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

using leefkaart::testing::connect_from;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "leefkaart_server_test" /
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A small build: its four layers, masking.csv and a manifest with checksums;
// and a web app of two files.
struct Folders {
  fs::path out = fresh_dir("out"), web = fresh_dir("web");
  Folders() {
    const std::string cell =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"cell_id":"q1r2","score":3,"pop":12.5},)"
        R"("geometry":{"type":"Polygon","coordinates":[[[5.1,52.1],[5.2,52.1],[5.2,52.2],[5.1,52.1]]]}}]})";
    for (const char* layer : {"cells", "buurten", "wijken", "gemeente"}) std::ofstream(out / (std::string(layer) + ".geojson")) << cell;
    std::ofstream(out / "masking.csv") << "code,reason\nBU1,few people\n";
    leefkaart::testing::write_manifest(out, {{"tool", "leefkaart"}, {"command", "build"}});
    std::ofstream(web / "index.html") << "<!doctype html><title>leefkaart</title>";
    fs::create_directories(web / "assets");
    std::ofstream(web / "assets" / "app.js") << "console.log('leefkaart')";
  }
};

// A small series of 2016 and 2020 (names as in schema/series.json): its four
// layers, trends.csv and gap.csv, no programme tables.
struct SeriesFolders {
  fs::path out = fresh_dir("series"), web = fresh_dir("web");
  SeriesFolders() {
    const std::string cell =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"cell_id":"q1r2","score_2016":3,"score_2020":2,)"
        R"("change_2020":-1,"comparable_2020":1},"geometry":{"type":"Polygon","coordinates":[[[5.1,52.1],[5.2,52.1],[5.2,52.2],[5.1,52.1]]]}}]})";
    for (const char* layer : {"cells", "buurten", "wijken", "gemeente"}) std::ofstream(out / (std::string(layer) + ".geojson")) << cell;
    std::ofstream(out / "trends.csv") << "level,code,year,mean_score\nbuurt,BU1,2016,1.5\nbuurt,BU1,2020,\n";
    std::ofstream(out / "gap.csv") << "year,gap\n2016,2.1\n2020,1.9\n";
    leefkaart::testing::write_manifest(out, {{"tool", "leefkaart"}, {"command", "series"}, {"years", {2016, 2020}}, {"base_year", 2016}});
    std::ofstream(web / "index.html") << "<!doctype html><title>leefkaart</title>";
  }
};

// A small sorting monitor (names as in schema/sorting.json): two buurten of
// one group over 2012 and 2020, its zones, hot spots and early-warning layer,
// and early_warning.csv with one buurt and its reasons.
struct SortingFolders {
  fs::path out = fresh_dir("sorting"), web = fresh_dir("web");
  SortingFolders() {
    const std::string buurt =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"BU1","naam":"Noord","zone":"centrale_stad",)"
        R"("aandeel_moeite_rondkomen_2012":10.0,"aandeel_moeite_rondkomen_2020":18.0,"verandering_moeite_rondkomen":8.0},)"
        R"("geometry":{"type":"Polygon","coordinates":[[[5.1,52.1],[5.2,52.1],[5.2,52.2],[5.1,52.1]]]}}]})";
    for (const char* layer : {"buurten", "zones", "hotspots", "vroegsignalering"}) std::ofstream(out / (std::string(layer) + ".geojson")) << buurt;
    std::ofstream(out / "early_warning.csv") << "code,naam,gm_naam,zone,reden_aandeel_steeg\nBU1,Noord,Utrecht,centrale_stad,+8 procentpunt\n";
    leefkaart::testing::write_manifest(out, {{"tool", "leefkaart"}, {"command", "sorting"}, {"groups", {"moeite_rondkomen"}}, {"years", {2012, 2020}}});
    std::ofstream(web / "index.html") << "<!doctype html><title>leefkaart</title>";
  }
};

using leefkaart::testing::Running;

server::ServeOptions options(const Folders& f) {
  server::ServeOptions o;
  o.out_dir = f.out.string();
  o.web_dir = f.web.string();
  return o;
}

// Everything the server sends until it closes or `within` passes.
std::string read_all(int s, std::chrono::milliseconds within) {
  std::string out;
  const auto until = Clock::now() + within;
  char buf[4096];
  while (Clock::now() < until) {
    pollfd p{s, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = recv(s, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// One raw request (the exact bytes), its whole answer.
std::string send_raw(int port, const std::string& request, const char* from = "127.0.0.1") {
  const int s = connect_from(port, from);
  if (s < 0) return "";
  send(s, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer = read_all(s, std::chrono::milliseconds(5000));
  close(s);
  return answer;
}

std::string get(int port, const std::string& target, const std::string& method = "GET") {
  return send_raw(port, method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

int status_of(const std::string& answer) { return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0; }

json body_of(const std::string& answer) {
  const auto start = answer.find("\r\n\r\n");
  return start == std::string::npos ? json() : json::parse(answer.substr(start + 4), nullptr, false);
}

// Sockets that send the start of a request, then one header line every
// `every` until closed: a slowloris.
class SlowClients {
 public:
  SlowClients(int port, int count, const char* from, std::chrono::milliseconds every) {
    for (int i = 0; i < count; ++i) {
      const int s = connect_from(port, from);
      if (s >= 0) sockets_.push_back(s);
      send(s, "GET / HTTP/1.1\r\n", 16, MSG_NOSIGNAL);
    }
    thread_ = std::thread([this, every] {
      for (int line = 0; !done_; ++line) {
        const std::string header = "X-Slow-" + std::to_string(line) + ": 1\r\n";
        for (int s : sockets_) send(s, header.data(), header.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait_for(lock, every, [&] { return done_; });
      }
    });
  }
  ~SlowClients() {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    for (int s : sockets_) close(s);
  }
  std::size_t opened() const { return sockets_.size(); }
  // How many of them the server has closed (reading gives end-of-file or an error).
  int closed_by_server() const {
    int closed = 0;
    for (int s : sockets_) {
      char buf[512];
      ssize_t n;
      while ((n = recv(s, buf, sizeof buf, MSG_DONTWAIT)) > 0) {}
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) ++closed;
    }
    return closed;
  }

 private:
  std::vector<int> sockets_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
};

double seconds_for(const std::function<void()>& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

TEST(Serve, AnswersTheWebAppAndTheApi) {
  Folders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port) + "/");
  EXPECT_EQ(status_of(get(server.port, "/")), 200);
  EXPECT_EQ(status_of(get(server.port, "/assets/app.js")), 200);
  EXPECT_EQ(body_of(get(server.port, "/api/view"))["kind"], "build");
  EXPECT_EQ(status_of(get(server.port, "/api/layers/cells?fields=score")), 200);
  EXPECT_EQ(body_of(get(server.port, "/api/masking"))[0]["code"], "BU1");
}

// `--csv excel` writes masking.csv for Dutch Excel (BOM, `;`, decimal comma):
// the API answers the same rows as for the plain file, numbers with a point.
TEST(Serve, ReadsTheExcelDialectOfACsvAsThePlainOne) {
  Folders f;
  std::ofstream(f.out / "masking.csv", std::ios::trunc | std::ios::binary)
      << "\xEF\xBB\xBF" "code;naam;difference\r\nBU1;Mariëndaal, Oost;-0,000025\r\nBU2;;1,5\r\n";
  leefkaart::testing::write_manifest(f.out, {{"tool", "leefkaart"}, {"command", "build"}, {"csv_dialect", "excel"}});
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  const auto rows = body_of(get(server.port, "/api/masking"));
  ASSERT_EQ(rows.size(), 2u) << rows.dump();
  EXPECT_EQ(rows[0]["code"], "BU1");
  EXPECT_EQ(rows[0]["naam"], "Mariëndaal, Oost");
  EXPECT_EQ(rows[0]["difference"], "-0.000025");
  EXPECT_TRUE(rows[1]["naam"].is_null());
  EXPECT_EQ(rows[1]["difference"], "1.5");
}

TEST(Serve, ASeriesIsServedWithItsTablesAsJsonRows) {
  SeriesFolders f;
  server::ServeOptions o;
  o.out_dir = f.out.string();
  o.web_dir = f.web.string();
  Running server(o);
  ASSERT_GT(server.port, 0) << server.url();
  const json view = body_of(get(server.port, "/api/view"));
  EXPECT_EQ(view["kind"], "series");
  EXPECT_EQ(view["paint_field"], "score_2020");
  EXPECT_EQ(status_of(get(server.port, "/api/layers/buurten?fields=change_2020")), 200);

  // Rows as the CSV has them: every value a string, an empty one null.
  const json trends = body_of(get(server.port, "/api/series/trends"));
  ASSERT_EQ(trends.size(), 2u) << trends.dump();
  EXPECT_EQ(trends[0], (json{{"level", "buurt"}, {"code", "BU1"}, {"year", "2016"}, {"mean_score", "1.5"}}));
  EXPECT_TRUE(trends[1]["mean_score"].is_null());
  EXPECT_EQ(body_of(get(server.port, "/api/series/gap"))[1]["gap"], "1.9");

  // Without a [programme] in its config a series has no comparison: 404, saying so.
  const std::string absent = get(server.port, "/api/series/programme_comparison");
  EXPECT_EQ(status_of(absent), 404);
  EXPECT_EQ(body_of(absent)["error"], "this series has no programme_comparison.csv (a series has one when its config has a [programme])");
  const std::string unknown = get(server.port, "/api/series/rivers");
  EXPECT_EQ(status_of(unknown), 404);
  EXPECT_EQ(body_of(unknown)["error"],
            "unknown series table 'rivers'; tables: gap, programme_balance, programme_comparison, programme_controls, trends");
  EXPECT_EQ(status_of(get(server.port, "/api/masking")), 404);

  // Checked like the layers: an altered table, or a listed one gone, is not served.
  std::ofstream(f.out / "trends.csv") << "level,code,year,mean_score\nbuurt,BU1,2016,0.5\n";
  const std::string altered = get(server.port, "/api/series/trends");
  EXPECT_EQ(status_of(altered), 503);
  EXPECT_EQ(body_of(altered)["error"], "result set is incomplete or altered: trends.csv");
  fs::remove(f.out / "gap.csv");
  EXPECT_EQ(body_of(get(server.port, "/api/series/gap"))["error"], "result set is incomplete or altered: gap.csv");
}

TEST(Serve, OnlyASeriesHasTables) {
  Folders f;
  Running server(options(f));
  const std::string answer = get(server.port, "/api/series/trends");
  EXPECT_EQ(status_of(answer), 404);
  EXPECT_EQ(body_of(answer)["error"], "only a series has tables; this is a build");
}

// A sorting monitor is first painted by its buurten, not by cells it does not
// have; its tables come as JSON rows, checked against the manifest.
TEST(Serve, ASortingMonitorIsServedWithItsBuurtenAndTables) {
  SortingFolders f;
  server::ServeOptions o;
  o.out_dir = f.out.string();
  o.web_dir = f.web.string();
  Running server(o);
  ASSERT_GT(server.port, 0) << server.url();
  const json view = body_of(get(server.port, "/api/view"));
  EXPECT_EQ(view["kind"], "sorting");
  EXPECT_EQ(view["paint_layer"], "buurten");
  EXPECT_EQ(view["paint_field"], "verandering_moeite_rondkomen");
  const json buurten = body_of(get(server.port, "/api/layers/buurten?fields=verandering_moeite_rondkomen"));
  EXPECT_EQ(buurten["features"][0]["properties"], (json{{"verandering_moeite_rondkomen", 8.0}}));
  EXPECT_EQ(status_of(get(server.port, "/api/layers/vroegsignalering")), 200);
  EXPECT_EQ(status_of(get(server.port, "/api/layers/cells")), 404);

  const json rows = body_of(get(server.port, "/api/sorting/early_warning"));
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["reden_aandeel_steeg"], "+8 procentpunt");
  const std::string absent = get(server.port, "/api/sorting/zones");
  EXPECT_EQ(status_of(absent), 404);
  EXPECT_EQ(body_of(absent)["error"], "this sorting monitor has no zones.csv");
  EXPECT_EQ(body_of(get(server.port, "/api/sorting/rivers"))["error"],
            "unknown sorting table 'rivers'; tables: buurten, early_warning, zones");
  EXPECT_EQ(status_of(get(server.port, "/api/series/trends")), 404);

  std::ofstream(f.out / "early_warning.csv") << "code\nBU2\n";
  EXPECT_EQ(body_of(get(server.port, "/api/sorting/early_warning"))["error"], "result set is incomplete or altered: early_warning.csv");
}

// The stapelkaart's 1 km hexagons (a name with a digit) are served when the build has them.
TEST(Serve, ABuildServesItsStapelLayerOf1km) {
  Folders f;
  fs::copy_file(f.out / "cells.geojson", f.out / "stapel_1km.geojson");
  leefkaart::testing::write_manifest(f.out, {{"tool", "leefkaart"}, {"command", "build"}});
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  EXPECT_EQ(body_of(get(server.port, "/api/view"))["layers"], (json{"cells", "buurten", "wijken", "gemeente", "stapel_1km"}));
  EXPECT_EQ(status_of(get(server.port, "/api/layers/stapel_1km")), 200);
  EXPECT_EQ(status_of(get(server.port, "/api/layers/stapel_2km")), 404);
}

TEST(Serve, OnlyASortingMonitorHasSortingTables) {
  Folders f;
  Running server(options(f));
  const std::string answer = get(server.port, "/api/sorting/early_warning");
  EXPECT_EQ(status_of(answer), 404);
  EXPECT_EQ(body_of(answer)["error"], "only a sorting monitor has these tables; this is a build");
}

// The probe that found it: while a hundred connections trickle their headers,
// a line per second, an ordinary request is still answered at once.
TEST(Serve, SlowClientsDoNotHoldUpOthers) {
  Folders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  SlowClients same_address(server.port, 100, "127.0.0.1", std::chrono::milliseconds(1000));
  SlowClients other_addresses(server.port, 100, "127.0.0.2", std::chrono::milliseconds(1000));
  ASSERT_EQ(same_address.opened(), 100u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (int i = 0; i < 3; ++i) {
    std::string answer;
    const double took = seconds_for([&] { answer = get(server.port, "/api/view"); });
    EXPECT_EQ(status_of(answer), 200);
    EXPECT_LT(took, 1.0) << "request " << i;
  }
}

TEST(Serve, ARequestThatDoesNotArriveInTimeIsDropped) {
  Folders f;
  auto opts = options(f);
  opts.request_seconds = 1;
  Running server(opts);
  SlowClients slow(server.port, 3, "127.0.0.3", std::chrono::milliseconds(200));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(slow.closed_by_server(), 0);  // within its time a slow request may go on
  std::this_thread::sleep_for(std::chrono::milliseconds(1400));
  EXPECT_EQ(slow.closed_by_server(), 3);
}

TEST(Serve, OneAddressKeepsOnlySoManyConnectionsOpen) {
  Folders f;
  auto opts = options(f);
  opts.connections_per_client = 4;
  Running server(opts);
  SlowClients slow(server.port, 10, "127.0.0.4", std::chrono::milliseconds(5000));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(slow.closed_by_server(), 6);  // the oldest made room for the newer
  EXPECT_EQ(status_of(send_raw(server.port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "127.0.0.4")), 200);
}

// A browser's open, idle connections stay while a slowloris on the same
// machine is cut back: requests still trickling in are closed first.
TEST(Serve, IdleConnectionsOutliveTricklingOnesOfTheSameAddress) {
  Folders f;
  auto opts = options(f);
  opts.connections_per_client = 4;
  Running server(opts);
  const std::string request = "GET /api/view HTTP/1.1\r\n\r\n";
  auto ask = [&](int s) {
    send(s, request.data(), request.size(), MSG_NOSIGNAL);
    std::string answer;
    char buf[4096];
    while (answer.find("\"paint_field\"") == std::string::npos) {  // the whole (small) body
      pollfd p{s, POLLIN, 0};
      if (poll(&p, 1, 3000) <= 0) break;
      const ssize_t n = recv(s, buf, sizeof buf, 0);
      if (n <= 0) break;
      answer.append(buf, static_cast<std::size_t>(n));
    }
    return status_of(answer);
  };
  const int browser_a = connect_from(server.port, "127.0.0.5"), browser_b = connect_from(server.port, "127.0.0.5");
  ASSERT_EQ(ask(browser_a), 200);
  ASSERT_EQ(ask(browser_b), 200);
  SlowClients slow(server.port, 10, "127.0.0.5", std::chrono::milliseconds(5000));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(slow.closed_by_server(), 8);  // 2 browser + 2 trickling = the 4 allowed
  EXPECT_EQ(ask(browser_a), 200);  // the same connections, still open
  EXPECT_EQ(ask(browser_b), 200);
  close(browser_a);
  close(browser_b);
}

TEST(Serve, MalformedUrlsAre400WithAReason) {
  Folders f;
  Running server(options(f));
  for (const std::string& target : std::vector<std::string>{"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/index.html%00.png", "/%zz", "/%e0%80%af",
                                   "/api/layers/cells?fields=score%00", "/" + std::string(8000, 'a')}) {
    const std::string answer = get(server.port, target);
    EXPECT_EQ(status_of(answer), 400) << target.substr(0, 60);
    EXPECT_EQ(body_of(answer)["status"], 400) << answer.substr(0, 300);
    EXPECT_TRUE(body_of(answer)["error"].is_string()) << answer.substr(0, 300);
  }
  EXPECT_EQ(status_of(get(server.port, "/index.html")), 200);
  EXPECT_EQ(status_of(get(server.port, "/../../etc/passwd")), 404);
}

TEST(Serve, EveryMethodButGetAndHeadIs405) {
  Folders f;
  Running server(options(f));
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})
    for (const char* path : {"/", "/api/view", "/api/layers/cells", "/no/such/thing"}) {
      const std::string answer = get(server.port, path, method);
      EXPECT_EQ(status_of(answer), 405) << method << " " << path;
      EXPECT_NE(answer.find("Allow: GET, HEAD\r\n"), std::string::npos) << answer;
      EXPECT_EQ(body_of(answer)["status"], 405) << answer;
    }
  EXPECT_EQ(status_of(get(server.port, "/api/view", "HEAD")), 200);
  // A method httplib does not know at all is a malformed request: 400, in JSON too.
  const std::string unknown = get(server.port, "/", "BREW");
  EXPECT_EQ(status_of(unknown), 400);
  EXPECT_EQ(body_of(unknown)["status"], 400) << unknown;
}

TEST(Serve, AnAlteredLayerIs503NotServed) {
  Folders f;
  Running server(options(f));
  std::ofstream(f.out / "wijken.geojson") << R"({"type":"FeatureCollection","features":[]})";  // not what the manifest says
  const std::string answer = get(server.port, "/api/layers/wijken");
  EXPECT_EQ(status_of(answer), 503);
  EXPECT_EQ(body_of(answer)["error"], "result set is incomplete or altered: wijken.geojson");
  leefkaart::testing::write_manifest(f.out, {{"tool", "leefkaart"}, {"command", "build"}});  // a new set, whole
  EXPECT_EQ(status_of(get(server.port, "/api/layers/wijken")), 200);
}

TEST(Serve, OptionsOutOfRangeAreRefused) {
  Folders f;
  auto opts = options(f);
  for (int port : {-1, 65536, 70000}) {
    opts.port = port;
    try {
      server::validate(opts);
      ADD_FAILURE() << port;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--port"), std::string::npos) << e.what();
    }
  }
  opts.port = 8080;
  opts.cache_mb = std::nan("");
  EXPECT_THROW(server::validate(opts), InputError);
}

// ---- Vector tiles (schema/build.json "tiles") ----

namespace {

// Amersfoort's Onze Lieve Vrouwetoren: RD New (155000, 463000) ≈ 5.3873 E, 52.1552 N.
constexpr double kRdX = 155000, kRdY = 463000, kLon = 5.3873, kLat = 52.1552;

// The XYZ tile (y from the north) holding lon/lat at zoom z.
std::pair<long, long> tile_of(double lon, double lat, int z) {
  const double n = std::ldexp(1.0, z), rad = lat * M_PI / 180;
  return {static_cast<long>((lon + 180) / 360 * n), static_cast<long>((1 - std::asinh(std::tan(rad)) / M_PI) / 2 * n)};
}

// A build with one 100 m cell around the tower, written as a build writes its tiles.
struct TiledFolders : Folders {
  TiledFolders() {
    io::LayerData cells;
    cells.name = io::build_schema::layer("cells");
    cells.fields = {{io::build_schema::cell_field("id"), io::FieldType::String}, {io::build_schema::cell_field("score"), io::FieldType::Integer}};
    cells.rows = {{std::string("q1r2"), 3LL}};
    cells.geometries.push_back(geom::make_polygon({{kRdX - 50, kRdY - 50}, {kRdX + 50, kRdY - 50}, {kRdX + 50, kRdY + 50}, {kRdX - 50, kRdY + 50}}));
    io::write_mbtiles(out / io::build_schema::tiles_file(), {&cells}, io::build_schema::tile_zooms, {"test", "one cell"});
    leefkaart::testing::write_manifest(out, {{"tool", "leefkaart"}, {"command", "build"}});
  }
};

std::string header_of(const std::string& answer, const std::string& name) {
  const auto head = answer.substr(0, answer.find("\r\n\r\n"));
  const auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 4;
  return head.substr(start, head.find("\r\n", start) - start);
}
std::string raw_body_of(const std::string& answer) {
  const auto start = answer.find("\r\n\r\n");
  return start == std::string::npos ? "" : answer.substr(start + 4);
}
std::string get_gzip(int port, const std::string& target) {
  return send_raw(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
}

}  // namespace

TEST(Tiles, AnAddressIsThreeDecimalsWithinItsZoom) {
  using server::parse_tile_address;
  EXPECT_TRUE(parse_tile_address("0", "0", "0"));
  EXPECT_TRUE(parse_tile_address("13", "8191", "8191"));
  EXPECT_FALSE(parse_tile_address("13", "8192", "0"));   // x beyond 2^13 - 1
  EXPECT_FALSE(parse_tile_address("25", "0", "0"));      // deeper than any map zooms
  EXPECT_FALSE(parse_tile_address("13", "-1", "0"));
  EXPECT_FALSE(parse_tile_address("013", "1", "1"));     // one spelling per tile
  EXPECT_FALSE(parse_tile_address("13", "1e3", "1"));
  EXPECT_FALSE(parse_tile_address("", "1", "1"));
  EXPECT_FALSE(parse_tile_address("13", "99999999999", "1"));
}

TEST(Tiles, ACellIsServedFromItsTileGzippedAsStored) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  EXPECT_EQ(body_of(get(server.port, "/api/view"))["tiles"], "tiles.json");
  const auto z = io::build_schema::tile_zooms("cells").max;
  const auto [x, y] = tile_of(kLon, kLat, z);
  const std::string target = fmt::format("/tiles/{}/{}/{}.pbf", z, x, y);
  const std::string zipped = get_gzip(server.port, target);
  ASSERT_EQ(status_of(zipped), 200) << zipped.substr(0, 300);
  EXPECT_EQ(header_of(zipped, "Content-Encoding"), "gzip");
  EXPECT_EQ(header_of(zipped, "Content-Type"), "application/vnd.mapbox-vector-tile");
  const auto tile = server::gunzip(raw_body_of(zipped));
  ASSERT_TRUE(tile);
  // A vector tile names its layers and holds its attribute values as strings.
  EXPECT_NE(tile->find("cells"), std::string::npos);
  EXPECT_NE(tile->find("q1r2"), std::string::npos);
  // A client that does not take gzip gets the same tile unpacked.
  const std::string plain = get(server.port, target);
  ASSERT_EQ(status_of(plain), 200);
  EXPECT_EQ(header_of(plain, "Content-Encoding"), "");
  EXPECT_EQ(raw_body_of(plain), *tile);
  // The cells are not cut below their min zoom: there the tile is empty.
  const int below = io::build_schema::tile_zooms("cells").min - 1;
  const auto [bx, by] = tile_of(kLon, kLat, below);
  EXPECT_EQ(status_of(get(server.port, fmt::format("/tiles/{}/{}/{}.pbf", below, bx, by))), 204);
}

TEST(Tiles, AnEmptyTileIsNoContent) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  const std::string answer = get(server.port, "/tiles/13/0/0.pbf");  // the Bering Strait
  EXPECT_EQ(status_of(answer), 204);
  EXPECT_EQ(raw_body_of(answer), "");
}

TEST(Tiles, ABadAddressIsRefused) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  for (const char* target : {"/tiles/13/8192/0.pbf", "/tiles/25/0/0.pbf", "/tiles/a/b/c.pbf", "/tiles/13/1/-1.pbf",
                             "/tiles/13/1/1.png", "/tiles/13/1.pbf", "/tiles/13/1/1/1.pbf", "/tiles/"}) {
    const std::string answer = get(server.port, target);
    EXPECT_EQ(status_of(answer), 400) << target;
    EXPECT_NE(body_of(answer).value("error", "").find("not a tile address"), std::string::npos) << target;
  }
}

TEST(Tiles, NoPathReachesAFileOutsideTheTiles) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  for (const char* target : {"/tiles/../manifest.json", "/tiles/../../leefkaart.mbtiles", "/tiles/%2e%2e/%2e%2e/etc/passwd",
                             "/tiles/13/..%2f..%2fmanifest.json/1.pbf", "/tiles/13/0/..%2f..%2fleefkaart.mbtiles", "/leefkaart.mbtiles",
                             "/tiles/13/0/0.pbf/../../../manifest.json"}) {
    const std::string answer = get(server.port, target);
    EXPECT_NE(status_of(answer), 200) << target;
    EXPECT_EQ(answer.find("SQLite format"), std::string::npos) << target;
    EXPECT_EQ(answer.find("\"files\""), std::string::npos) << target;  // the manifest's body
  }
}

TEST(Tiles, TileJsonDescribesTheTilesFromTheirMetadata) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  const json tj = body_of(get(server.port, "/tiles.json"));
  EXPECT_EQ(tj["tiles"][0], "http://x/tiles/{z}/{x}/{y}.pbf");
  EXPECT_EQ(tj["minzoom"], io::build_schema::tile_zooms("cells").min);
  EXPECT_EQ(tj["maxzoom"], io::build_schema::tile_zooms("cells").max);
  ASSERT_EQ(tj["bounds"].size(), 4u);
  EXPECT_LT(tj["bounds"][0].get<double>(), kLon);
  EXPECT_GT(tj["bounds"][2].get<double>(), kLon);
  EXPECT_LT(tj["bounds"][1].get<double>(), kLat);
  EXPECT_GT(tj["bounds"][3].get<double>(), kLat);
  ASSERT_EQ(tj["vector_layers"].size(), 1u);
  EXPECT_EQ(tj["vector_layers"][0]["id"], "cells");
  EXPECT_TRUE(tj["vector_layers"][0]["fields"].contains("cell_id"));
}

// A national build writes no cells GeoJSON: serve starts without it, and the
// app is told to draw the cells from the tiles (the cells are not a layer to fetch).
TEST(Tiles, ABuildWithTilesAndNoCellsGeoJsonIsServed) {
  TiledFolders f;
  fs::remove(f.out / "cells.geojson");
  leefkaart::testing::write_manifest(f.out, {{"tool", "leefkaart"}, {"command", "build"}});
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  const json view = body_of(get(server.port, "/api/view"));
  EXPECT_EQ(view["tiles"], "tiles.json");
  EXPECT_EQ(view["layers"], (json{"buurten", "wijken", "gemeente"}));
  EXPECT_EQ(status_of(get(server.port, "/tiles.json")), 200);
}

TEST(Tiles, ABuildWithoutTilesSaysSo) {
  Folders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  EXPECT_FALSE(body_of(get(server.port, "/api/view")).contains("tiles"));
  EXPECT_EQ(status_of(get(server.port, "/tiles/13/0/0.pbf")), 404);
  EXPECT_EQ(status_of(get(server.port, "/tiles.json")), 404);
}

TEST(Tiles, AlteredTilesAreNotServed) {
  TiledFolders f;
  Running server(options(f));
  ASSERT_GT(server.port, 0) << server.url();
  std::ofstream(f.out / io::build_schema::tiles_file(), std::ios::app) << "x";
  const std::string answer = get(server.port, "/tiles/13/0/0.pbf");
  EXPECT_EQ(status_of(answer), 503);
  EXPECT_EQ(body_of(answer)["error"], "result set is incomplete or altered: " + io::build_schema::tiles_file());
}
