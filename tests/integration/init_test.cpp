// `leefkaart init` then `leefkaart build`: any gemeente mapped from the national
// files in two commands, each gemeente's residents within 0.1 % of the CBS table.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Residents per gemeente straight from the CBS table, read here without leefkaart.
std::map<std::string, double> cbs_residents() {
  std::ifstream in(data_dir() / "cbs/nl_kwb_2025_buurten.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string h; std::getline(hs, h, ',');) header.push_back(h);
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t inw = col("a_inw"), gm = col("gm_code");
  std::map<std::string, double> out;
  while (std::getline(in, line)) {
    // Names may hold a quoted comma: split on commas outside quotes.
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) cells.push_back(std::exchange(cell, ""));
      else cell += ch;
    }
    cells.push_back(cell);
    if (cells.size() > std::max(inw, gm) && !cells[inw].empty()) out["GM" + cells[gm]] += std::stod(cells[inw]);
  }
  return out;
}

struct Mapped {
  CliResult init, build;
  json manifest;
  fs::path out;
};

Mapped init_and_build(const std::vector<std::string>& codes, const std::string& name) {
  Mapped m;
  const fs::path dir = fresh_dir_for_this_process(name);
  std::string args = "init";
  for (const auto& c : codes) args += " --gemeente " + c;
  args += " --out " + (dir / "preset.toml").string() + " --data " + data_dir().string();
  m.init = run_cli(args);
  if (m.init.exit_code != 0) return m;
  m.out = dir / "out";
  m.build = run_build(dir / "preset.toml", m.out, data_dir());
  if (m.build.exit_code == 0) m.manifest = json::parse(read_text(m.out / "manifest.json"));
  return m;
}

void expect_residents_match(const Mapped& m, const std::vector<std::string>& codes) {
  ASSERT_EQ(m.init.exit_code, 0) << m.init.output;
  ASSERT_EQ(m.build.exit_code, 0) << m.build.output;
  const auto cbs = cbs_residents();
  for (const auto& code : codes) {
    SCOPED_TRACE(code);
    const json& g = m.manifest.at("residents_by_gemeente").at(code);
    EXPECT_NEAR(g.at("table").get<double>(), cbs.at(code), 0.5);
    EXPECT_LT(std::abs(g.at("on_cells").get<double>() - cbs.at(code)) / cbs.at(code), 0.001)
        << g.at("on_cells") << " on the map, " << cbs.at(code) << " in the CBS table";
  }
  EXPECT_GT(m.manifest.at("counts").at("cells_scored").get<int>(), 0);
}

TEST(InitReal, AmersfoortInTwoCommands) {
  const Mapped m = init_and_build({"GM0307"}, "init_amersfoort");
  expect_residents_match(m, {"GM0307"});
  EXPECT_NE(m.init.output.find("GM0307 Amersfoort (Utrecht)"), std::string::npos) << m.init.output;
  // The buurten carry their names from the CBS table, and their gemeente and province one level up.
  Dataset gpkg = open_vector(m.out / "leefkaart.gpkg");
  OGRLayer* gm = gpkg->GetLayerByName("gemeente");
  ASSERT_NE(gm, nullptr);
  ASSERT_EQ(gm->GetFeatureCount(), 1);
  std::unique_ptr<OGRFeature> f(gm->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("naam"), "Amersfoort");
  EXPECT_STREQ(f->GetFieldAsString("pv_code"), "PV26");
  EXPECT_NE(gpkg->GetLayerByName("provincie"), nullptr);
}

TEST(InitReal, LeeuwardenInTheNorth) { expect_residents_match(init_and_build({"GM0080"}, "init_leeuwarden"), {"GM0080"}); }

TEST(InitReal, MaastrichtInLimburg) { expect_residents_match(init_and_build({"GM0935"}, "init_maastricht"), {"GM0935"}); }

// Eemsdelta (2021) has no 2019 polygon of its own: its three former gemeenten's
// polygons carry every resident. Boxtel received part of Haaren (split in 2021).
TEST(InitReal, MergedAndSplitGemeentenTogetherInOneMap) {
  const Mapped m = init_and_build({"GM1979", "GM0757"}, "init_merged");
  expect_residents_match(m, {"GM1979", "GM0757"});
  EXPECT_NE(m.init.output.find("GM0003 Appingedam"), std::string::npos) << m.init.output;
  EXPECT_NE(m.init.output.find("split over several successors"), std::string::npos) << m.init.output;
  EXPECT_EQ(m.manifest.at("counts").at("gemeenten").get<int>(), 2);
}

TEST(InitBadInput, AnUnknownGemeenteCodeWritesNothing) {
  const fs::path dir = fresh_dir("init_unknown");
  const CliResult r = run_cli("init --gemeente GM9999 --out " + (dir / "x.toml").string() + " --data " + data_dir().string());
  expect_clean_failure(r, dir, {"unknown gemeente code", "GM9999"});
}

TEST(InitBadInput, AFormerGemeenteCodeNamesItsSuccessor) {
  const fs::path dir = fresh_dir("init_former");
  const CliResult r = run_cli("init --gemeente GM0398 --out " + (dir / "x.toml").string() + " --data " + data_dir().string());
  expect_clean_failure(r, dir, {"GM0398", "GM1980 Dijk en Waard"});
}

// A data folder with the national files linked in, one of them left out or replaced.
fs::path national_copy(const std::string& name, const std::string& leave_out) {
  const fs::path dir = fresh_dir(name);
  for (const char* f : {"boundaries/nl_buurten_2019_coarse_wgs84.topojson", "cbs/nl_kwb_2025_buurten.csv",
                        "rivm/gezondheid_wijk_buurt/gezondheid_wijk_buurt_2020_18plus.csv", "rivm/gcn_no2/conc_no2_2021.asc"}) {
    if (leave_out == f) continue;
    fs::create_directories((dir / f).parent_path());
    fs::create_symlink(data_dir() / f, dir / f);
  }
  return dir;
}

TEST(InitBadInput, ADataFolderMissingANationalFileIsNamed) {
  const fs::path data = national_copy("init_missing_data", "cbs/nl_kwb_2025_buurten.csv");
  const fs::path out = fresh_dir("init_missing_out");
  const CliResult r = run_cli("init --gemeente GM0307 --out " + (out / "x.toml").string() + " --data " + data.string());
  expect_clean_failure(r, out, {"nl_kwb_2025_buurten.csv", "missing"});
}

TEST(InitBadInput, ANationalTableWhoseCodesMatchNothingIsRefused) {
  const fs::path data = national_copy("init_nomatch_data", "cbs/nl_kwb_2025_buurten.csv");
  write_text(data / "cbs/nl_kwb_2025_buurten.csv",
             "buurtcode,buurtnaam,a_inw,gm_code\nBU99990001,Nergens,100,0307\nBU99990002,Nergens 2,50,0307\n");
  const fs::path out = fresh_dir("init_nomatch_out");
  const CliResult r = run_cli("init --gemeente GM0307 --out " + (out / "x.toml").string() + " --data " + data.string());
  expect_clean_failure(r, out, {"nl_kwb_2025_buurten.csv", "matches a polygon"});
}

TEST(InitBadInput, AnExistingPresetIsNotOverwritten) {
  const fs::path dir = fresh_dir("init_exists");
  write_text(dir / "x.toml", "# mine\n");
  const CliResult r = run_cli("init --gemeente GM0307 --out " + (dir / "x.toml").string() + " --data " + data_dir().string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--force"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir / "x.toml"), "# mine\n");
}

}  // namespace
