// Every option of every command is checked before anything is read or
// written: a value out of range is named with what is allowed, the run
// stops with a non-zero exit, and no output is left behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "cli_runner.hpp"
#include "server/test_manifest.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// A 1 km square town with a GP (OSM XML) and a study area of one buurt.
struct Town {
  fs::path dir, out;
  explicit Town(const std::string& name) : dir(fresh_dir("options_" + name)), out(dir / "out") {
    write_text(dir / "town.osm", street_grid_osm({100000, 400000, 101000, 401000}, 100, {},
                                                 {{100050, 400050, "amenity", "doctors", "Huisarts"}}));
    write_text(dir / "buurten.geojson",
               R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
               R"({"type":"Feature","properties":{"statcode":"BU09990001","statnaam":"Dorp"},"geometry":{"type":"Polygon",)"
               R"("coordinates":[[[100000,400000],[101000,400000],[101000,401000],[100000,401000],[100000,400000]]]}}]})");
  }
  CliResult access(const std::string& extra) const {
    return run_cli("access --osm '" + (dir / "town.osm").string() + "' --out '" + out.string() + "' " + extra);
  }
  std::string area() const { return "--area '" + (dir / "buurten.geojson").string() + "'"; }
};

}  // namespace

TEST(CliOptions, TravelSpeedMustBeAboveZeroAndAtMost200) {
  Town t("speed");
  for (const std::string v : {"0", "-5", "nan", "inf", "201"})
    expect_clean_failure(t.access("--speed-kmh " + v), t.out,
                         {"leefkaart: error: --speed-kmh: must be a finite number above 0 and at most 200 km/h (got " + v});
}

TEST(CliOptions, SnapLimitMustBeAboveZeroAndAtMost5000Metres) {
  Town t("snap");
  for (const std::string v : {"-1", "0", "nan", "5001"})
    expect_clean_failure(t.access("--snap-limit " + v), t.out,
                         {"--snap-limit: must be a finite number above 0 and at most 5000 m (got " + v});
}

TEST(CliOptions, CellSizeMustBeFrom1To10000Metres) {
  Town t("cell_size");
  for (const std::string v : {"1e-9", "0.5", "nan", "20000"})
    expect_clean_failure(t.access("--cell-size " + v), t.out, {"--cell-size: must be a finite number from 1 to 10000 m (got "});
}

TEST(CliOptions, TheLimitsThemselvesAreAllowed) {
  Town t("limits");
  const CliResult r = t.access(t.area() + " --speed-kmh 200 --snap-limit 5000 --cell-size 50");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(CliOptions, CbsComparisonNeedsAStudyArea) {
  Town t("cbs");
  write_text(t.dir / "kwb.csv", "buurtcode;g_afs_hp\nBU09990001;0.4\n");
  expect_clean_failure(t.access("--cbs '" + (t.dir / "kwb.csv").string() + "'"), t.out,
                       {"--cbs: needs --area"});
}

TEST(CliOptions, FileOptionsMustNameExistingFiles) {
  Town t("files");
  const std::string missing = (t.dir / "missing.geojson").string();
  expect_clean_failure(t.access("--area '" + missing + "'"), t.out, {"--area: file not found: '" + missing + "'"});
  expect_clean_failure(t.access("--categories '" + missing + "'"), t.out, {"--categories: file not found"});
  expect_clean_failure(t.access(t.area() + " --cbs '" + missing + "'"), t.out, {"--cbs: file not found"});
  expect_clean_failure(run_cli("build --config '" + (source_dir() / "presets" / "utrecht.toml").string() + "' --out '" +
                               t.out.string() + "' --data '" + (t.dir / "no_data").string() + "'"),
                       t.out, {"--data: folder not found"});
}

TEST(CliOptions, ValuesThatAreNoNumbersAreErrorsToo) {
  Town t("not_numbers");
  const CliResult r = t.access("--speed-kmh fast");
  expect_clean_failure(r, t.out, {"--speed-kmh", "fast"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliOptions, ServePortMustBeAPortOrZero) {
  Town t("port");
  for (const std::string v : {"70000", "65536", "-1"})
    expect_clean_failure(run_cli("serve --out '" + t.dir.string() + "' --port " + v), t.out,
                         {"--port: must be from 1 to 65535, or 0 for any free port (got " + v + ")"});
  expect_clean_failure(run_cli("serve --out '" + t.dir.string() + "' --cache-mb 0"), t.out, {"--cache-mb"});
  expect_clean_failure(run_cli("serve --out '" + t.dir.string() + "' --connections-per-client 0"), t.out,
                       {"--connections-per-client"});
}

// --port 0: the system picks a free port, and the URL printed names it.
TEST(CliOptions, ServePortZeroPrintsThePortReallyBound) {
  const fs::path dir = fresh_dir("options_port_zero");
  const fs::path out = dir / "out", web = dir / "web";
  fs::create_directories(out);
  for (const char* layer : {"cells", "buurten", "wijken", "gemeente"})
    write_text(out / (std::string(layer) + ".geojson"),
               R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"score":3},)"
               R"("geometry":{"type":"Point","coordinates":[5.1,52.1]}}]})");
  write_manifest(out, {{"tool", "leefkaart"}, {"command", "build"}});
  write_text(web / "index.html", "<!doctype html>");
  // Stopped by SIGINT (as Ctrl-C) once asked; bash's /dev/tcp asks the printed port meanwhile.
  const std::string log = (dir / "log").string();
  write_text(dir / "probe.sh",
             "'" + std::string(LEEFKAART_BIN) + "' serve --out '" + out.string() + "' --web '" + web.string() +
                 "' --port 0 > '" + log + "' 2>&1 & pid=$!\n"
                 "for i in $(seq 100); do\n"
                 "  port=$(sed -n 's/.*127.0.0.1:\\([0-9]*\\)\\/.*/\\1/p' '" + log + "')\n"
                 "  [ -n \"$port\" ] && break; sleep 0.1\n"
                 "done\n"
                 "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET /api/view HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3\n"
                 "kill -INT $pid; wait $pid\n"
                 "cat '" + log + "'\n");
  FILE* pipe = popen(("bash '" + (dir / "probe.sh").string() + "' 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  pclose(pipe);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(output, m, std::regex(R"(serves the map at http://127\.0\.0\.1:(\d+)/)"))) << output;
  EXPECT_GT(std::stoi(m[1]), 0) << output;
  EXPECT_NE(output.find("HTTP/1.1 200 OK"), std::string::npos) << output;
  EXPECT_NE(output.find(R"("kind":"build")"), std::string::npos) << output;
}
