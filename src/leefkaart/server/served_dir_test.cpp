#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "server/server.hpp"
#include "server/test_manifest.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// A folder with this manifest and these (empty) GeoJSON files, one per test.
fs::path served_folder(const json& manifest, const std::vector<std::string>& files) {
  fs::path dir = fs::temp_directory_path() / "leefkaart_served_dir_test" /
                 ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : files) std::ofstream(dir / (f + ".geojson")) << R"({"type":"FeatureCollection","features":[]})";
  leefkaart::testing::write_manifest(dir, manifest);
  return dir;
}

json access_manifest(int huisartsen, int supermarkten) {
  return {{"tool", "leefkaart"},
          {"command", "access"},
          {"categories", {{{"category", "huisarts"}, {"facilities", huisartsen}}, {{"category", "supermarkt"}, {"facilities", supermarkten}}}},
          {"basemap", {"roads", "water"}}};
}

std::string error_of(const fs::path& dir) {
  try {
    server::inspect_served_dir(dir.string());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ServedDir, ABuildIsPaintedByScore) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "build"}}, {"cells", "buurten", "wijken", "gemeente"});
  const auto served = server::inspect_served_dir(dir.string());
  EXPECT_EQ(served.kind, "build");
  EXPECT_EQ(served.paint_field, "score");
  EXPECT_EQ(served.layers, (std::vector<std::string>{"cells", "buurten", "wijken", "gemeente"}));
  EXPECT_TRUE(served.basemap.empty());
}

TEST(ServedDir, AnAccessRunIsPaintedByTheFirstCategoryWithFacilities) {
  const auto dir = served_folder(access_manifest(0, 11), {"cells", "facilities", "basemap_roads"});
  const auto served = server::inspect_served_dir(dir.string());
  EXPECT_EQ(served.kind, "access");
  EXPECT_EQ(served.paint_field, "dist_supermarkt_m");
  EXPECT_EQ(served.layers, (std::vector<std::string>{"cells", "facilities"}));
  EXPECT_EQ(served.basemap, (std::vector<std::string>{"roads"}));  // water is listed but not there
}

TEST(ServedDir, AnAccessRunWithoutAnyFacilityIsRefused) {
  const auto dir = served_folder(access_manifest(0, 0), {"cells", "facilities"});
  EXPECT_NE(error_of(dir).find("found no facility of any category"), std::string::npos) << error_of(dir);
}

// A series has the layers of a build, with one field per year (schema/series.json):
// it is first painted by the score of its last year.
TEST(ServedDir, ASeriesIsPaintedByTheScoreOfItsLastYear) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "series"}, {"years", {2016, 2020, 2024}}, {"base_year", 2016}},
                                 {"cells", "buurten", "wijken", "gemeente"});
  const auto served = server::inspect_served_dir(dir.string());
  EXPECT_EQ(served.kind, "series");
  EXPECT_EQ(served.paint_field, "score_2024");
  EXPECT_EQ(served.layers, (std::vector<std::string>{"cells", "buurten", "wijken", "gemeente"}));
}

// The named areas of [series.areas] are served when the series has them.
TEST(ServedDir, ASeriesServesItsNamedAreasWhenItHasThem) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "series"}, {"years", {2016, 2020}}},
                                 {"cells", "buurten", "wijken", "gemeente", "gebieden"});
  EXPECT_EQ(server::inspect_served_dir(dir.string()).layers,
            (std::vector<std::string>{"cells", "buurten", "wijken", "gemeente", "gebieden"}));
}

TEST(ServedDir, ASeriesWithoutItsYearsIsRefused) {
  for (const json& years : {json(), json::array(), json{2016, "2020"}}) {
    json manifest{{"tool", "leefkaart"}, {"command", "series"}};
    if (!years.is_null()) manifest["years"] = years;
    const auto dir = served_folder(manifest, {"cells", "buurten", "wijken", "gemeente"});
    const std::string error = error_of(dir);
    EXPECT_NE(error.find("years"), std::string::npos) << error;
    EXPECT_NE(error.find("not a list of years"), std::string::npos) << error;
  }
}

TEST(ServedDir, AMissingLayerOfASeriesIsNamed) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "series"}, {"years", {2016, 2020}}}, {"cells", "buurten", "gemeente"});
  EXPECT_NE(error_of(dir).find("wijken.geojson is missing (run `leefkaart series` again)"), std::string::npos) << error_of(dir);
}

// A build with the stapelkaart's 1 km hexagons (schema/build.json stack.coarse_layer)
// serves them beside its own layers; without them it serves what it always did.
TEST(ServedDir, ABuildServesItsStapelLayerOf1kmWhenItHasOne) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "build"}}, {"cells", "buurten", "wijken", "gemeente", "stapel_1km"});
  EXPECT_EQ(server::inspect_served_dir(dir.string()).layers,
            (std::vector<std::string>{"cells", "buurten", "wijken", "gemeente", "stapel_1km"}));
}

// A sorting monitor (schema/sorting.json) has buurten, zones, hot spots and the
// early-warning layer, no cells: its buurten are first painted by the change
// of the first vulnerable group the manifest names.
TEST(ServedDir, ASortingMonitorIsPaintedByTheChangeOfItsFirstGroup) {
  const std::vector<std::string> layers{"buurten", "zones", "hotspots", "vroegsignalering"};
  for (const json& groups : {json{"moeite_rondkomen", "lage_inkomens"}, json{{{"name", "moeite_rondkomen"}, {"label", "Moeite met rondkomen"}}}}) {
    const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "sorting"}, {"groups", groups}, {"years", {2012, 2016, 2020}}}, layers);
    const auto served = server::inspect_served_dir(dir.string());
    EXPECT_EQ(served.kind, "sorting");
    EXPECT_EQ(served.paint_layer, "buurten");
    EXPECT_EQ(served.paint_field, "verandering_moeite_rondkomen");
    auto sorted = served.layers;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::string>{"buurten", "hotspots", "vroegsignalering", "zones"}));
  }
}

TEST(ServedDir, ASortingMonitorWithoutGroupsOrALayerIsRefused) {
  const std::vector<std::string> layers{"buurten", "zones", "hotspots", "vroegsignalering"};
  for (const json& groups : {json(), json::array(), json{42}}) {
    json manifest{{"tool", "leefkaart"}, {"command", "sorting"}};
    if (!groups.is_null()) manifest["groups"] = groups;
    const std::string error = error_of(served_folder(manifest, layers));
    EXPECT_NE(error.find("groups"), std::string::npos) << error;
    EXPECT_NE(error.find("not a list of groups"), std::string::npos) << error;
  }
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "sorting"}, {"groups", {"moeite_rondkomen"}}}, {"buurten", "zones", "hotspots"});
  EXPECT_NE(error_of(dir).find("vroegsignalering.geojson is missing (run `leefkaart sorting` again)"), std::string::npos) << error_of(dir);
}

TEST(ServedDir, AMissingLayerIsNamed) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "build"}}, {"cells", "buurten", "gemeente"});
  EXPECT_NE(error_of(dir).find("wijken.geojson is missing (run `leefkaart build` again)"), std::string::npos) << error_of(dir);
}

TEST(ServedDir, OtherFoldersAreRefusedClearly) {
  const auto other = served_folder({{"tool", "qgis"}}, {});
  EXPECT_NE(error_of(other).find("not the manifest of a `leefkaart build`, `leefkaart access`, `leefkaart series` or `leefkaart sorting` run"), std::string::npos)
      << error_of(other);
  const auto empty = served_folder(json::object(), {});
  fs::remove(empty / "manifest.json");
  EXPECT_NE(error_of(empty).find("manifest.json is missing"), std::string::npos);
  std::ofstream(empty / "manifest.json") << "{ not json";
  EXPECT_NE(error_of(empty).find("not valid JSON"), std::string::npos);
}

TEST(ServedDir, AFolderWithoutChecksumsIsFromAnOlderLeefkaart) {
  const auto dir = served_folder({{"tool", "leefkaart"}, {"command", "build"}}, {"cells", "buurten", "wijken", "gemeente"});
  std::ofstream(dir / "manifest.json") << json{{"tool", "leefkaart"}, {"command", "build"}}.dump();
  EXPECT_NE(error_of(dir).find("made by an older leefkaart: run the build again"), std::string::npos) << error_of(dir);
}
