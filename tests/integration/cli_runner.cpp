#include "cli_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <ogr_spatialref.h>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace leefkaart::testing {
namespace fs = std::filesystem;

CliResult run_cli(const std::string& args) {
  const std::string cmd = std::string("'") + LEEFKAART_BIN + "' " + args + " 2>&1";
  CliResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + cmd);
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void expect_clean_failure(const CliResult& r, const fs::path& out_dir, const std::vector<std::string>& fragments) {
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("leefkaart: error:"), std::string::npos) << r.output;
  for (const auto& f : fragments) EXPECT_NE(r.output.find(f), std::string::npos) << "missing '" << f << "' in:\n" << r.output;
  EXPECT_EQ(file_count(out_dir), 0u) << "a failed run left files in " << out_dir;
}

CliResult run_build(const fs::path& config, const fs::path& out, const fs::path& data) {
  std::string args = "build --config '" + config.string() + "' --out '" + out.string() + "'";
  if (!data.empty()) args += " --data '" + data.string() + "'";
  return run_cli(args);
}

Dataset open_vector(const fs::path& p) {
  GDALAllRegister();
  return Dataset(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

std::pair<double, double> rd_to_lonlat(double x, double y) {
  static const auto ct = [] {
    OGRSpatialReference rd, wgs84;
    rd.importFromEPSG(28992);
    wgs84.importFromEPSG(4326);
    rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&rd, &wgs84));
  }();
  if (!ct->Transform(1, &x, &y)) throw std::runtime_error("PROJ cannot transform an RD point");
  return {x, y};
}

std::string street_grid_osm(RdBox box, double spacing, RdBox lake, const std::vector<Poi>& pois) {
  const int nx = static_cast<int>(std::lround((box.x1 - box.x0) / spacing));
  const int ny = static_cast<int>(std::lround((box.y1 - box.y0) / spacing));
  auto node_id = [ny](int i, int j) { return 1000000 + i * (ny + 1) + j; };
  auto in_lake = [&lake](double x, double y) { return x > lake.x0 && x < lake.x1 && y > lake.y0 && y < lake.y1; };
  std::string xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='leefkaart-test'>\n";
  char buf[512];
  auto lonlat = rd_to_lonlat;
  for (int i = 0; i <= nx; ++i)
    for (int j = 0; j <= ny; ++j) {
      auto [lon, lat] = lonlat(box.x0 + spacing * i, box.y0 + spacing * j);
      std::snprintf(buf, sizeof buf, "<node id='%d' version='1' lat='%.9f' lon='%.9f'/>\n", node_id(i, j), lat, lon);
      xml += buf;
    }
  int id = 1;
  for (const auto& p : pois) {
    auto [lon, lat] = lonlat(p.x, p.y);
    std::snprintf(buf, sizeof buf, "<node id='%d' version='1' lat='%.9f' lon='%.9f'><tag k='%s' v='%s'/><tag k='name' v='%s'/></node>\n",
                  id++, lat, lon, p.key.c_str(), p.value.c_str(), p.name.c_str());
    xml += buf;
  }
  int way = 1;
  auto street = [&](int i0, int j0, int i1, int j1) {
    const double mx = box.x0 + spacing * (i0 + i1) / 2.0, my = box.y0 + spacing * (j0 + j1) / 2.0;
    if (in_lake(mx, my)) return;
    std::snprintf(buf, sizeof buf, "<way id='%d' version='1'><nd ref='%d'/><nd ref='%d'/><tag k='highway' v='residential'/></way>\n",
                  way++, node_id(i0, j0), node_id(i1, j1));
    xml += buf;
  };
  for (int i = 0; i <= nx; ++i)
    for (int j = 0; j <= ny; ++j) {
      if (i < nx) street(i, j, i + 1, j);
      if (j < ny) street(i, j, i, j + 1);
    }
  return xml + "</osm>\n";
}

fs::path source_dir() { return LEEFKAART_SOURCE_DIR; }

fs::path data_dir() {
  if (const char* env = std::getenv("LEEFKAART_DATA"); env && *env) return env;
  return (source_dir() / ".." / "shared" / "data").lexically_normal();
}

fs::path fresh_dir(const std::string& name) {
  // Inside this build tree, not a shared /tmp/leefkaart_it: the plain and the sanitizer
  // builds, and other checkouts on the machine, run the same tests and would delete each
  // other's output mid-run.
  fs::path d = fs::path(LEEFKAART_BIN).parent_path() / "test-tmp" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

fs::path fresh_dir_for_this_process(const std::string& name) {
  return fresh_dir(name + "_" + std::to_string(::getpid()));
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::size_t file_count(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

}  // namespace leefkaart::testing
