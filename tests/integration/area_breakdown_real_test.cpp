// What an advisor reads per area, on the real data: why a buurt scores what it
// does (drivers, shares of residents flagged, its value against the threshold),
// and honest gaps: a missing figure is never shown as privacy or as 0 residents.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

struct Build {
  fs::path out;
  nlohmann::json manifest;
  Dataset gpkg;
};

Build build(const std::string& preset, const std::string& dir) {
  Build b;
  b.out = fresh_dir(dir);
  CliResult r = run_build(source_dir() / "presets" / preset, b.out, data_dir());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  b.manifest = nlohmann::json::parse(read_text(b.out / "manifest.json"));
  b.gpkg = open_vector(b.out / "leefkaart.gpkg");
  return b;
}

std::vector<std::string> counted_indicators(const nlohmann::json& manifest) {
  std::vector<std::string> names;
  for (const auto& ind : manifest["indicators"])
    if (ind["supplied"].get<bool>() && ind["in_score"].get<bool>()) names.push_back(ind["name"]);
  return names;
}

}  // namespace

TEST(AreaBreakdown, TheGemeentesFiguresAreTheCellsSummedOverItsResidents) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  Build b = build("utrecht.toml", "breakdown_utrecht");
  ASSERT_TRUE(b.gpkg);
  // The gemeente holds every piece of every cell, so its breakdown can be
  // recomputed from the cells layer alone (residents are written to 0.01).
  std::map<std::string, double> flagged, flag_known, value_sum, value_weight;
  double pop_x_score = 0;
  for (auto& cell : *b.gpkg->GetLayerByName("cells")) {
    if (cell->IsFieldNull(cell->GetFieldIndex("pop"))) continue;
    const double pop = cell->GetFieldAsDouble("pop");
    if (!cell->IsFieldNull(cell->GetFieldIndex("score"))) pop_x_score += pop * cell->GetFieldAsInteger("score");
    for (const std::string& name : counted_indicators(b.manifest)) {
      if (!cell->IsFieldNull(cell->GetFieldIndex(("ind_" + name).c_str()))) {
        flag_known[name] += pop;
        flagged[name] += pop * cell->GetFieldAsInteger(("ind_" + name).c_str());
      }
      if (pop > 0 && !cell->IsFieldNull(cell->GetFieldIndex(("val_" + name).c_str()))) {
        value_weight[name] += pop;
        value_sum[name] += pop * cell->GetFieldAsDouble(("val_" + name).c_str());
      }
    }
  }
  OGRLayer* gm = b.gpkg->GetLayerByName("gemeente");
  ASSERT_EQ(gm->GetFeatureCount(), 1);
  OGRFeatureUniquePtr city(gm->GetNextFeature());
  EXPECT_NEAR(city->GetFieldAsDouble("pop_x_score"), pop_x_score, 1e-5 * pop_x_score);  // cells round residents to 0.01
  for (const std::string& name : counted_indicators(b.manifest)) {
    EXPECT_NEAR(city->GetFieldAsDouble(("share_flagged_" + name).c_str()), flagged[name] / flag_known[name], 1e-3) << name;
    EXPECT_NEAR(city->GetFieldAsDouble(("val_" + name).c_str()), value_sum[name] / value_weight[name],
                1e-4 * std::abs(value_sum[name] / value_weight[name]) + 1e-6)
        << name;
  }
}

TEST(AreaBreakdown, EveryBuurtNamesTheIndicatorsThatFlagMostOfItsResidents) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  Build b = build("utrecht.toml", "breakdown_utrecht_drivers");
  ASSERT_TRUE(b.gpkg);
  std::map<std::string, std::string> label;
  for (const auto& ind : b.manifest["indicators"]) label[ind["name"]] = ind["label"];
  int with_drivers = 0;
  for (auto& buurt : *b.gpkg->GetLayerByName("buurten")) {
    if (buurt->IsFieldNull(buurt->GetFieldIndex("driver_1"))) continue;
    ++with_drivers;
    const std::string first = buurt->GetFieldAsString("driver_1");
    const double first_share = buurt->GetFieldAsDouble(("share_flagged_" + first).c_str());
    for (const std::string& name : counted_indicators(b.manifest))
      EXPECT_LE(buurt->GetFieldAsDouble(("share_flagged_" + name).c_str()), first_share) << buurt->GetFieldAsString("naam");
    // The text an Excel user reads starts with the first driver's label.
    EXPECT_EQ(std::string(buurt->GetFieldAsString("drivers")).rfind(label[first] + ":", 0), 0u);
    // A buurt's name and its wijk's travel with every cell.
  }
  EXPECT_GT(with_drivers, 100);  // of Utrecht's 111 buurten, the inhabited ones
  std::map<std::string, std::string> buurt_name;
  for (auto& buurt : *b.gpkg->GetLayerByName("buurten")) buurt_name[buurt->GetFieldAsString("code")] = buurt->GetFieldAsString("naam");
  for (auto& cell : *b.gpkg->GetLayerByName("cells"))
    ASSERT_EQ(cell->GetFieldAsString("buurt_naam"), buurt_name[cell->GetFieldAsString("buurt_code")]);
  // The map's explanation reads the rule in Dutch, and how fine the map really is.
  for (const auto& ind : b.manifest["indicators"]) {
    EXPECT_TRUE(ind.contains("rule_nl")) << ind["name"];
    EXPECT_TRUE(ind.contains("decimals")) << ind["name"];
  }
  const double at_mode = b.manifest["resolution"]["share_cells_at_buurt_mode"];
  EXPECT_GT(at_mode, 0.5);
  EXPECT_LE(at_mode, 1.0);
}

TEST(AreaBreakdown, EindhovenShowsMissingDataAsMissingNeverAsPrivacyOrNoResidents) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  Build b = build("eindhoven.toml", "breakdown_eindhoven");
  ASSERT_TRUE(b.gpkg);
  const int min_residents = b.manifest["privacy"]["min_residents"];
  std::map<std::string, int> by_status;
  for (auto& cell : *b.gpkg->GetLayerByName("cells")) {
    const std::string status = cell->GetFieldAsString("status");
    const std::string reason = cell->GetFieldAsString("status_reden");
    ++by_status[status];
    const bool pop_unknown = cell->IsFieldNull(cell->GetFieldIndex("pop"));
    const double pop = cell->GetFieldAsDouble("pop");
    if (pop_unknown) {
      EXPECT_EQ(status, "gegevens_ontbreken") << cell->GetFieldAsString("cell_id");
      EXPECT_NE(reason.find(cell->GetFieldAsString("buurt_naam")), std::string::npos) << reason;
    }
    if (status == "privacy") {
      EXPECT_FALSE(pop_unknown);
      EXPECT_GE(pop, 0.5);
      EXPECT_LT(pop, min_residents);
    }
    if (status == "onbewoond") EXPECT_LT(pop, 0.5);
    if (!pop_unknown && pop >= min_residents && cell->GetFieldAsInteger("incomplete") == 1)
      EXPECT_EQ(status, "gegevens_ontbreken") << cell->GetFieldAsString("cell_id");
    if (status == "score") EXPECT_TRUE(reason.empty());
    else EXPECT_FALSE(reason.empty());
  }
  // Eindhoven's 2014 buurten and the 2025 tables do not fully match: some
  // cells' figures are missing, and say so.
  EXPECT_GT(by_status["gegevens_ontbreken"], 0);
  EXPECT_GT(by_status["privacy"], 0);
  EXPECT_GT(by_status["onbewoond"], 0);
  int missing_buurten = 0;
  for (auto& buurt : *b.gpkg->GetLayerByName("buurten")) {
    const std::string naam = buurt->GetFieldAsString("naam");
    if (!buurt->IsFieldNull(buurt->GetFieldIndex("pop_source"))) continue;
    ++missing_buurten;
    EXPECT_TRUE(buurt->IsFieldNull(buurt->GetFieldIndex("pop"))) << naam << ": a missing figure is not 0 residents";
    EXPECT_EQ(std::string(buurt->GetFieldAsString("status")), "gegevens_ontbreken") << naam;
    EXPECT_NE(std::string(buurt->GetFieldAsString("status_reden")).find(naam), std::string::npos) << naam;
  }
  EXPECT_GT(missing_buurten, 0);
}
