// `leefkaart report` on a real build of Utrecht: a wijkprofiel for every buurt
// and wijk that names its area and its drivers, an overview that ranks them,
// nothing that reaches for the network; and bad input refused with nothing written.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.hpp"
#include "io/result_set.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'') out += "&#39;";
    else out += c;
  }
  return out;
}

struct Area {
  std::string code, name, driver;
  std::optional<double> mean, gain;
};

class ReportOnUtrecht : public ::testing::Test {
 protected:
  static inline fs::path build_dir, report_dir;
  static inline nlohmann::json manifest;
  static inline std::vector<Area> buurten, wijken;
  static inline CliResult report;

  static void SetUpTestSuite() {
    if (!fs::is_directory(data_dir())) return;
    build_dir = fresh_dir_for_this_process("report_utrecht_build");
    const CliResult b = run_build(source_dir() / "presets" / "utrecht.toml", build_dir, data_dir());
    ASSERT_EQ(b.exit_code, 0) << b.output;
    manifest = nlohmann::json::parse(read_text(build_dir / "manifest.json"));
    Dataset gpkg = open_vector(build_dir / "leefkaart.gpkg");
    for (auto [layer, areas] : {std::pair{"buurten", &buurten}, std::pair{"wijken", &wijken}})
      for (auto& f : *gpkg->GetLayerByName(layer)) {
        Area a{f->GetFieldAsString("code"), f->GetFieldAsString("naam"), f->GetFieldAsString("driver_1"), {}, {}};
        if (!f->IsFieldNull(f->GetFieldIndex("mean_score"))) a.mean = f->GetFieldAsDouble("mean_score");
        if (!f->IsFieldNull(f->GetFieldIndex("pop_x_score"))) a.gain = f->GetFieldAsDouble("pop_x_score");
        areas->push_back(a);
      }
    report_dir = fresh_dir_for_this_process("report_utrecht") / "profiel";
    report = run_cli("report --build '" + build_dir.string() + "' --out '" + report_dir.string() + "'");
  }

  void SetUp() override {
    if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
    ASSERT_EQ(report.exit_code, 0) << report.output;
  }

  static std::string label_of(const std::string& name) {
    for (const auto& ind : manifest["indicators"])
      if (ind["name"] == name) return ind["label"];
    return name;
  }
};

// The codes of the links in the table of class `cls` of the overview, in order.
std::vector<std::string> linked_codes(const std::string& html, const std::string& cls) {
  const auto start = html.find("<table class=\"" + cls + "\"");
  const auto end = html.find("</table>", start);
  std::vector<std::string> codes;
  if (start == std::string::npos) return codes;
  const std::string table = html.substr(start, end - start);
  static const std::regex link("<a href=\"([A-Z0-9]+)\\.html\">");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), link); it != std::sregex_iterator(); ++it) codes.push_back((*it)[1]);
  return codes;
}

}  // namespace

TEST_F(ReportOnUtrecht, EveryBuurtHasAProfileThatNamesItAndItsDrivers) {
  ASSERT_GT(buurten.size(), 90u);  // Utrecht has about a hundred buurten
  std::size_t with_drivers = 0;
  for (const Area& b : buurten) {
    const fs::path file = report_dir / (b.code + ".html");
    ASSERT_TRUE(fs::is_regular_file(file)) << file;
    const std::string html = read_text(file);
    EXPECT_NE(html.find("<h1>Wijkprofiel " + escaped(b.name) + "</h1>"), std::string::npos) << b.code;
    EXPECT_NE(html.find(b.code), std::string::npos);
    if (!b.driver.empty()) {
      ++with_drivers;
      EXPECT_NE(html.find("<li><strong>" + escaped(label_of(b.driver)) + "</strong>"), std::string::npos) << b.code << " " << b.driver;
    }
    // The map of the buurt, its scale bar and north arrow, the sections an advisor reads.
    EXPECT_NE(html.find("<svg class=\"map\""), std::string::npos) << b.code;
    EXPECT_NE(html.find("class=\"north\""), std::string::npos);
    EXPECT_NE(html.find("class=\"scale\""), std::string::npos);
    for (const char* section : {"Privacy en volledigheid", "Scoreverdeling", "Belangrijkste oorzaken", "Indicatoren tegen de stad",
                                "Kanttekeningen bij de gegevens", "Bronnen en jaren"})
      EXPECT_NE(html.find(section), std::string::npos) << b.code << ": " << section;
  }
  EXPECT_GT(with_drivers, buurten.size() / 2);
  for (const Area& w : wijken) EXPECT_TRUE(fs::is_regular_file(report_dir / (w.code + ".html"))) << w.code;
  // The set is complete: every profile and the overview are listed with their checksums.
  EXPECT_TRUE(leefkaart::io::result_set_problems(report_dir).empty());
}

TEST_F(ReportOnUtrecht, TheOverviewRanksTheBuurtenByScoreAndByHealthToGain) {
  const std::string html = read_text(report_dir / "index.html");
  std::map<std::string, const Area*> by_code;
  for (const Area& b : buurten) by_code[b.code] = &b;
  for (const auto& [cls, value] : {std::pair{"rank-score buurten", &Area::mean}, std::pair{"rank-gain buurten", &Area::gain}}) {
    const auto codes = linked_codes(html, cls);
    ASSERT_EQ(codes.size(), buurten.size()) << cls;
    // Highest first; areas without a figure after all others.
    for (std::size_t i = 1; i < codes.size(); ++i) {
      const auto& prev = (*by_code.at(codes[i - 1])).*value;
      const auto& cur = (*by_code.at(codes[i])).*value;
      EXPECT_TRUE(!cur || (prev && *prev >= *cur)) << cls << " at " << i << ": " << codes[i - 1] << " before " << codes[i];
    }
  }
  EXPECT_EQ(linked_codes(html, "rank-score wijken").size(), wijken.size());
}

TEST_F(ReportOnUtrecht, NoFileReachesForTheNetwork) {
  static const std::regex fetching(R"re((src|href|xlink:href)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|@import|<script|<link|<img|<iframe)re",
                                   std::regex::icase);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(report_dir)) {
    if (e.path().extension() != ".html") continue;
    ++files;
    const std::string html = read_text(e.path());
    std::smatch m;
    EXPECT_FALSE(std::regex_search(html, m, fetching)) << e.path() << ": " << m.str();
    // Every link leads to another profile of the set.
    static const std::regex href(R"re(href="([^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
      EXPECT_TRUE(fs::is_regular_file(report_dir / (*it)[1].str())) << e.path() << " links " << (*it)[1];
  }
  EXPECT_EQ(files, buurten.size() + wijken.size() + 1);
}

TEST_F(ReportOnUtrecht, OneAreaGivesOneProfileAndTheOverview) {
  const fs::path out = fresh_dir("report_one") / "profiel";
  const Area& w = wijken.front();
  const CliResult r = run_cli("report --build '" + build_dir.string() + "' --out '" + out.string() + "' --area " + w.code);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(file_count(out), 3u);  // the profile, index.html, manifest.json
  EXPECT_TRUE(fs::is_regular_file(out / (w.code + ".html")));
  EXPECT_NE(read_text(out / "index.html").find("<a href=\"" + w.code + ".html\">"), std::string::npos);
}

TEST_F(ReportOnUtrecht, BadInputIsRefusedAndNothingIsWritten) {
  const fs::path base = fresh_dir("report_bad");
  // A folder that is no build.
  const fs::path empty = base / "leeg";
  fs::create_directories(empty);
  fs::path out = base / "uit1";
  expect_clean_failure(run_cli("report --build '" + empty.string() + "' --out '" + out.string() + "'"), out, {"manifest.json"});
  // An access run or another command's folder is no build either.
  out = base / "uit2";
  const CliResult own = run_cli("report --build '" + report_dir.string() + "' --out '" + out.string() + "'");
  expect_clean_failure(own, out, {"manifest.json", "command", "leefkaart report"});
  // An unknown area code.
  out = base / "uit3";
  expect_clean_failure(run_cli("report --build '" + build_dir.string() + "' --out '" + out.string() + "' --area BU99999999"), out,
                       {"--area", "BU99999999"});
  // The build folder as the output: it would be replaced.
  const CliResult self = run_cli("report --build '" + build_dir.string() + "' --out '" + build_dir.string() + "'");
  EXPECT_NE(self.exit_code, 0);
  EXPECT_NE(self.output.find("build folder"), std::string::npos) << self.output;
  EXPECT_TRUE(fs::is_regular_file(build_dir / "leefkaart.gpkg"));
  // A build whose GeoPackage lacks a layer (its checksums made to match, so only the layer is missing).
  const fs::path broken = base / "build_zonder_wijken";
  fs::create_directories(broken);
  for (const auto& e : fs::directory_iterator(build_dir)) fs::copy_file(e.path(), broken / e.path().filename());
  {
    Dataset gpkg(GDALDataset::Open((broken / "leefkaart.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    ASSERT_TRUE(gpkg);
    for (int i = 0; i < gpkg->GetLayerCount(); ++i) {
      if (std::string(gpkg->GetLayer(i)->GetName()) == "wijken") {
        ASSERT_EQ(gpkg->DeleteLayer(i), OGRERR_NONE);
      }
    }
  }
  auto m = nlohmann::json::parse(read_text(broken / "manifest.json"));
  m["files"] = leefkaart::io::file_checksums(broken);
  write_text(broken / "manifest.json", m.dump(2));
  out = base / "uit4";
  expect_clean_failure(run_cli("report --build '" + broken.string() + "' --out '" + out.string() + "'"), out,
                       {"leefkaart.gpkg", "wijken", "layer missing"});
  // An altered build: the GeoPackage no longer matches the manifest.
  write_text(broken / "leefkaart.gpkg", "kapot");
  out = base / "uit5";
  expect_clean_failure(run_cli("report --build '" + broken.string() + "' --out '" + out.string() + "'"), out, {"incomplete or altered"});
}
