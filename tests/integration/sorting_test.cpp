// `leefkaart sorting`: the PBL spatial-sorting monitor. A synthetic region
// (tests/fixtures/sorting) where the early warning has one right answer, the
// bad inputs of issue 14 each named by file and key, and both presets on the
// real data.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "sorting/schema.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
namespace sorting = leefkaart::sorting;
using nlohmann::json;

namespace {

// A CSV as rows of column → text.
std::vector<std::map<std::string, std::string>> read_rows(const fs::path& p) {
  const auto t = leefkaart::io::read_csv(read_text(p));
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : t.rows) {
    std::map<std::string, std::string> m;
    for (std::size_t i = 0; i < t.header.size() && i < row.size(); ++i) m[t.header[i]] = row[i].value_or("");
    out.push_back(std::move(m));
  }
  return out;
}

// The fixture region copied into a fresh folder, so a test may change its config.
fs::path fixture_copy(const std::string& name) {
  const fs::path dir = fresh_dir(name);
  const fs::path src = source_dir() / "tests/fixtures/sorting";
  fs::create_directories(dir / "in");
  for (const auto& e : fs::directory_iterator(src)) fs::copy_file(e.path(), dir / "in" / e.path().filename());
  return dir;
}

CliResult run_sorting(const fs::path& config, const fs::path& out, const fs::path& data = {}) {
  std::string args = "sorting --config '" + config.string() + "' --out '" + out.string() + "'";
  if (!data.empty()) args += " --data '" + data.string() + "'";
  return run_cli(args);
}

std::string criterion_column(const std::string& c) {
  return sorting::field("early_warning_columns", "reason", {"", 0, "", c});
}

// The config with `from` replaced by `to` (each must occur).
void edit(const fs::path& config, const std::string& from, const std::string& to) {
  std::string text = read_text(config);
  ASSERT_NE(text.find(from), std::string::npos) << from;
  write_text(config, leefkaart::replace_all(text, from, to));
}

}  // namespace

TEST(SortingAcceptance, OnlyTheNonFocusBuurtWhoseShareRoseAndWhoseSupermarketPassedOneKmIsSignalled) {
  const fs::path dir = fixture_copy("sorting_acceptance");
  const CliResult r = run_sorting(dir / "in/sorting.toml", dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_rows(dir / "out" / sorting::csv_name("early_warning"));
  // BU99910002: +8 points, 0.8 → 1.2 km. The focus buurt BU99910001 has the same changes;
  // BU99910003 rose 1 point; BU99910004 rose 8 points but its supermarket stayed within 1 km.
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows.front();
  EXPECT_EQ(row.at(sorting::field("early_warning_columns", "code")), "BU99910002");
  EXPECT_EQ(row.at(sorting::field("early_warning_columns", "name")), "Stijgbuurt");
  EXPECT_EQ(row.at(sorting::field("early_warning_columns", "gemeente_name")), "Proefstad");
  EXPECT_EQ(row.at(sorting::field("early_warning_columns", "zone")), "centrale_stad");
  EXPECT_FALSE(row.at(criterion_column("buiten_focus")).empty());
  EXPECT_FALSE(row.at(criterion_column("aandeel_steeg")).empty());
  EXPECT_FALSE(row.at(criterion_column("voorzieningen_verder")).empty());
  EXPECT_TRUE(row.at(criterion_column("score_hoog")).empty()) << "no score criterion is configured";

  // Pooled shares, weighted by residents (1000 in each Proefstad buurt, 500 in each Randdorp buurt):
  // centrale stad 2020 = (28 + 28 + 21 + 28) / 4 = 26.25 %; the region = (280 + 280 + 210 + 280 + 50 + 55) / 5000 = 23.1 %.
  std::map<std::string, double> share2020;
  for (const auto& z : read_rows(dir / "out" / sorting::csv_name("zones")))
    if (z.at("jaar") == "2020") share2020[z.at("zone")] = std::stod(z.at("aandeel"));
  EXPECT_NEAR(share2020.at("centrale_stad"), 26.25, 1e-9);
  EXPECT_NEAR(share2020.at("regio"), 23.1, 1e-9);
  EXPECT_NEAR(share2020.at("rest_regio"), 10.5, 1e-9);

  // The map layer holds the same one buurt, and the buurten layer marks it.
  Dataset warn = open_vector(dir / "out" / (sorting::layer_name("early_warning") + ".geojson"));
  ASSERT_TRUE(warn);
  EXPECT_EQ(warn->GetLayer(0)->GetFeatureCount(), 1);
  Dataset gpkg = open_vector(dir / "out" / sorting::geopackage_name());
  ASSERT_TRUE(gpkg);
  OGRLayer* buurten = gpkg->GetLayerByName(sorting::layer_name("buurten").c_str());
  ASSERT_NE(buurten, nullptr);
  int flagged = 0;
  for (auto& f : *buurten)
    if (f->GetFieldAsInteger(sorting::field("buurt_fields", "early_warning").c_str()) == 1) {
      ++flagged;
      EXPECT_STREQ(f->GetFieldAsString(sorting::field("buurt_fields", "code").c_str()), "BU99910002");
    }
  EXPECT_EQ(flagged, 1);
  for (const char* layer : {"zones", "hotspots", "early_warning"})
    EXPECT_NE(gpkg->GetLayerByName(sorting::layer_name(layer).c_str()), nullptr) << layer;
}

// A composition snapshot may be a share made from two counts of one row (`per`):
// 65-plussers per resident × 100, as from the kerncijfers' a_65_oo and a_inw.
TEST(SortingSnapshot, AShareFromTwoCountsOfTheSameRow) {
  const fs::path dir = fixture_copy("sorting_snapshot_per");
  std::string text = read_text(dir / "in/sorting.toml");
  text += "\n[[snapshot]]\nname = \"aandeel_65plus\"\nlabel = \"65 jaar en ouder (%)\"\n"
          "file = \"names.csv\"\nkey = \"code\"\nfield = \"ouderen\"\nper = \"inwoners\"\n";
  write_text(dir / "in/sorting.toml", text);
  const CliResult r = run_sorting(dir / "in/sorting.toml", dir / "out");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Dataset gpkg = open_vector(dir / "out" / sorting::geopackage_name());
  ASSERT_TRUE(gpkg);
  OGRLayer* buurten = gpkg->GetLayerByName(sorting::layer_name("buurten").c_str());
  ASSERT_NE(buurten, nullptr);
  // 150 of 1000 → 15 %; 100 of 500 → 20 %; no count of 65-plussers → no value (never 0 %).
  std::map<std::string, std::optional<double>> share;
  for (auto& f : *buurten) {
    const int i = f->GetFieldIndex("aandeel_65plus");
    ASSERT_GE(i, 0);
    share[f->GetFieldAsString(sorting::field("buurt_fields", "code").c_str())] =
        f->IsFieldSetAndNotNull(i) ? std::optional(f->GetFieldAsDouble(i)) : std::nullopt;
  }
  EXPECT_NEAR(share.at("BU99910001").value_or(-1), 15.0, 1e-9);
  EXPECT_NEAR(share.at("BU99920001").value_or(-1), 20.0, 1e-9);
  EXPECT_FALSE(share.at("BU99920002").has_value());
}

TEST(SortingBadInput, AShareFromTwoColumnsOfALongTable) {
  const fs::path dir = fixture_copy("sorting_bad_per_long");
  edit(dir / "in/sorting.toml", "field = \"aandeel\"", "format = \"long\"\nindicator = \"aandeel\"\nper = \"inwoners\"");
  const CliResult r = run_sorting(dir / "in/sorting.toml", dir / "out");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("sorting.toml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(".per"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(SortingBadInput, AZoneRuleThatLeavesBuurtenWithoutAZone) {
  const fs::path dir = fixture_copy("sorting_bad_zone");
  edit(dir / "in/sorting.toml", "code = \"rest_regio\"\nrest = true", "code = \"rest_regio\"\nbuurten = [\"BU99920001\"]");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "zone", "1 buurten without a zone", "BU99920002"});
}

TEST(SortingBadInput, ARegionGemeenteAbsentFromTheNationalFiles) {
  const fs::path dir = fixture_copy("sorting_bad_gemeente");
  edit(dir / "in/sorting.toml", "gemeenten = [\"GM9991\", \"GM9992\"]", "gemeenten = [\"GM9991\", \"GM9992\", \"GM9993\"]");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "region.gemeenten", "GM9993"});
}

TEST(SortingBadInput, FewerThanTwoYearsForAChange) {
  const fs::path dir = fixture_copy("sorting_bad_years");
  edit(dir / "in/sorting.toml", "years = [2016, 2020]", "years = [2020]");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "line 7", "sorting.years", "at least two years"});
}

TEST(SortingBadInput, AZoneCodeTheSchemaDoesNotKnow) {
  const fs::path dir = fixture_copy("sorting_bad_zone_code");
  edit(dir / "in/sorting.toml", "code = \"centrale_stad\"", "code = \"centrum\"");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "zone[1].code", "centrum", "centrale_stad"});
}

TEST(SortingBadInput, AnEarlyWarningOfAGroupThatIsNotConfigured) {
  const fs::path dir = fixture_copy("sorting_bad_group");
  edit(dir / "in/sorting.toml", "group = \"laag_inkomen\"", "group = \"laag_inkomens\"");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "early_warning.group", "laag_inkomens", "laag_inkomen"});
}

TEST(SortingBadInput, AMisspelledKey) {
  const fs::path dir = fixture_copy("sorting_bad_key");
  edit(dir / "in/sorting.toml", "rise_pp = 5", "rise_ppt = 5");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "early_warning.rise_ppt", "unknown key", "rise_pp"});
}

TEST(SortingBadInput, AYearlyTableWithoutYearInItsName) {
  const fs::path dir = fixture_copy("sorting_bad_file");
  edit(dir / "in/sorting.toml", "file = \"aandeel_{year}.csv\"", "file = \"aandeel_2016.csv\"");
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"sorting.toml", "group[1].file", "{year}"});
}

TEST(SortingBadInput, AShareThatIsNotANumber) {
  const fs::path dir = fixture_copy("sorting_bad_value");
  write_text(dir / "in/aandeel_2020.csv", leefkaart::replace_all(read_text(dir / "in/aandeel_2020.csv"), "BU99910003,21", "BU99910003,veel"));
  expect_clean_failure(run_sorting(dir / "in/sorting.toml", dir / "out"), dir / "out",
                       {"aandeel_2020.csv", "aandeel", "veel"});
}

namespace {

// What every run of a preset on the real data must satisfy.
void check_real_run(const fs::path& out, std::size_t min_buurten) {
  const json m = json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(m["command"], "sorting");
  EXPECT_EQ(m["tool"], "leefkaart");
  for (const auto& [k, v] : sorting::schema()["manifest_keys"].items()) EXPECT_TRUE(m.contains(v.get<std::string>())) << v;
  EXPECT_EQ(m["neutral_text"], sorting::schema()["neutral_text"]);
  EXPECT_EQ(m["measures"], sorting::schema()["measures"]);

  // Every buurt has a zone of the schema.
  const auto buurten = read_rows(out / sorting::csv_name("buurten"));
  std::set<std::string> codes, focus_codes;
  for (const auto& b : buurten) {
    codes.insert(b.at("code"));
    EXPECT_TRUE(sorting::schema()["zones"].contains(b.at("zone"))) << b.at("code") << " zone '" << b.at("zone") << "'";
  }
  EXPECT_GE(codes.size(), min_buurten);
  EXPECT_EQ(m["counts"]["buurten"].get<std::size_t>(), codes.size());

  // Pooled shares are percentages; dissimilarity and isolation lie in [0, 1].
  const auto zones = read_rows(out / sorting::csv_name("zones"));
  ASSERT_FALSE(zones.empty());
  for (const auto& z : zones) {
    if (!z.at("aandeel").empty()) {
      EXPECT_GE(std::stod(z.at("aandeel")), 0);
      EXPECT_LE(std::stod(z.at("aandeel")), 100);
    }
    for (const char* f : {"dissimilariteit", "isolatie"})
      if (!z.at(f).empty()) {
        EXPECT_GE(std::stod(z.at(f)), 0) << f;
        EXPECT_LE(std::stod(z.at(f)), 1) << f;
      }
  }

  // Early signals lie outside the focus areas, one row per buurt.
  for (const auto& b : m["early_warning"]["focus"]["buurten"]) focus_codes.insert(b.get<std::string>());
  const auto warn = read_rows(out / sorting::csv_name("early_warning"));
  std::set<std::string> seen;
  for (const auto& w : warn) {
    const std::string code = w.at(sorting::field("early_warning_columns", "code"));
    EXPECT_EQ(focus_codes.count(code), 0u) << code << " is a focus buurt";
    EXPECT_TRUE(codes.count(code)) << code;
    EXPECT_TRUE(seen.insert(code).second) << code;
    EXPECT_FALSE(w.at(criterion_column("aandeel_steeg")).empty()) << code;
  }
  EXPECT_EQ(m["counts"]["early_warning"].get<std::size_t>(), warn.size());
  // The map layers the server reads, one GeoJSON per schema layer.
  for (const auto& [k, v] : sorting::schema()["layers"].items())
    EXPECT_TRUE(fs::exists(out / (v.get<std::string>() + ".geojson"))) << v;
  EXPECT_GT(m["hotspots"]["cells"].get<std::size_t>(), 0u);
}

}  // namespace

TEST(SortingRealData, UtrechtRegionOverTheGgdYears) {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: " << data_dir();
  const fs::path out = fresh_dir("sorting_regio") / "out";
  const CliResult r = run_sorting(source_dir() / "presets/utrecht_regio_uitsortering.toml", out, data_dir());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_real_run(out, 500);
  const json m = json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(m["region"]["gemeenten"].size(), 15u);
  EXPECT_EQ(m["zones"]["counts"]["centrale_stad"]["buurten"], 111);
  // Utrecht's 111 buurten all carry a GGD value in 2020.
  EXPECT_GE(m["joins"]["moeite_rondkomen_2020"]["buurten_with_value"].get<int>(), 500);
}

TEST(SortingRealData, UtrechtCityOverTenKerncijfersEditions) {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: " << data_dir();
  const fs::path out = fresh_dir("sorting_utrecht") / "out";
  const CliResult r = run_sorting(source_dir() / "presets/utrecht_uitsortering.toml", out, data_dir());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  check_real_run(out, 111);
  // The corporation share carries PBL's bands in every year.
  const auto buurten = read_rows(out / sorting::csv_name("buurten"));
  std::set<std::string> bands;
  for (const auto& b : buurten)
    if (b.at("groep") == "corporatiewoningen" && !b.at("concentratie").empty()) bands.insert(b.at("concentratie"));
  for (const auto& band : bands) EXPECT_TRUE(sorting::schema()["bands"].contains(band)) << band;
  EXPECT_GE(bands.size(), 2u);
}

TEST(SortingRegion, EveryGemeenteWithABuurtWithinTheRadiusOfTheCentre) {
  // Proefstad's buurten cover x 140–142 km, so its centre is (141 km, 451 km); Randdorp's nearest
  // buurt begins 1 km east of it.
  for (const auto& [radius, expected] : std::vector<std::pair<std::string, std::size_t>>{{"0.5", 1}, {"1.5", 2}}) {
    const fs::path dir = fixture_copy("sorting_centre_" + radius);
    edit(dir / "in/sorting.toml", "gemeenten = [\"GM9991\", \"GM9992\"]", "centre = \"GM9991\"\nradius_km = " + radius);
    const CliResult r = run_sorting(dir / "in/sorting.toml", dir / "out");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const json m = json::parse(read_text(dir / "out/manifest.json"));
    EXPECT_EQ(m["region"]["gemeenten"].size(), expected) << "radius " << radius << " km";
    EXPECT_EQ(m["region"]["gemeenten"][0]["name"], "Proefstad");
  }
}
