// The whole Netherlands at 100 m (the ctest fixture national_build runs
// `leefkaart init --all` and `leefkaart build` into build/national): every
// gemeente's residents on the cells within 0.1 % of the CBS table, twelve
// provinces above 342 gemeenten, and every output a national map needs.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const fs::path kBuild = LEEFKAART_NATIONAL_BUILD;

const json& manifest() {
  static const json m = json::parse(read_text(kBuild / "manifest.json"));
  return m;
}

TEST(National, EveryGemeentesResidentsAreOnTheMapWithinOneTenthPercent) {
  const json& by_gm = manifest().at("residents_by_gemeente");
  EXPECT_EQ(by_gm.size(), 342u);
  double table = 0, on_cells = 0;
  for (const auto& [code, g] : by_gm.items()) {
    table += g.at("table").get<double>();
    on_cells += g.at("on_cells").get<double>();
    EXPECT_LT(g.at("relative_difference").get<double>(), 0.001) << code;
  }
  EXPECT_NEAR(table, 18'044'120, 0.5);  // the CBS table's total (data README)
  EXPECT_LT(std::abs(on_cells - table) / table, 0.001);
}

TEST(National, OneGridOfAboutAMillionAndAHalfCellsUpToTwelveProvinces) {
  const json& counts = manifest().at("counts");
  EXPECT_GT(counts.at("cells").get<double>(), 1.2e6);
  EXPECT_LT(counts.at("cells").get<double>(), 1.7e6);
  EXPECT_EQ(counts.at("buurten").get<int>(), 13594);
  EXPECT_EQ(counts.at("gemeenten").get<int>(), 342);
  EXPECT_EQ(counts.at("provincies").get<int>(), 12);
  Dataset gpkg = open_vector(kBuild / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  OGRLayer* pv = gpkg->GetLayerByName("provincie");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->GetFeatureCount(), 12);
}

TEST(National, TheOutputsScaleTilesAndFlatGeobufNotAGigabyteOfGeoJson) {
  EXPECT_TRUE(fs::is_regular_file(kBuild / "leefkaart.mbtiles"));
  EXPECT_TRUE(fs::is_regular_file(kBuild / "cells.fgb"));
  EXPECT_FALSE(fs::exists(kBuild / "cells.geojson"));
  EXPECT_TRUE(fs::is_regular_file(kBuild / "buurten.geojson"));
  const std::string notes = manifest().at("notes").dump();
  EXPECT_NE(notes.find("cells.geojson is not written"), std::string::npos);
}

}  // namespace
