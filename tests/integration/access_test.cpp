// `leefkaart access` on a made-up Dutch street grid (OSM XML written here):
// a 2 km square town with a lake in the middle, and its bad inputs.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// Streets every 100 m over x 100000–102000, y 400000–402000 (RD New), none
// inside the lake x, y in (100500, 101500); a GP in the south-west corner.
std::string town_osm() {
  return street_grid_osm({100000, 400000, 102000, 402000}, 100, {100500, 400500, 101500, 401500},
                         {{100050, 400050, "amenity", "doctors", "Huisarts"}});
}

std::string buurten(double x_max) {
  auto sq = [](double x0, double x1) {
    return "[[[" + std::to_string(x0) + ",400000],[" + std::to_string(x1) + ",400000],[" + std::to_string(x1) + ",402000],[" +
           std::to_string(x0) + ",402000],[" + std::to_string(x0) + ",400000]]]";
  };
  const double mid = 101000;
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)"
         R"({"type":"Feature","properties":{"statcode":"BU09990001","statnaam":"West"},"geometry":{"type":"Polygon","coordinates":)" +
         sq(100000, mid) + "}}," +
         R"({"type":"Feature","properties":{"statcode":"BU09990002","statnaam":"Oost"},"geometry":{"type":"Polygon","coordinates":)" +
         sq(mid, x_max) + "}}]}";
}

struct Town {
  fs::path dir, out;
  explicit Town(const std::string& name) : dir(fresh_dir("access_" + name)), out(dir / "out") {
    write_text(dir / "town.osm", town_osm());
    write_text(dir / "buurten.geojson", buurten(102000));
  }
  CliResult access(const std::string& extra) {
    return run_cli("access --osm '" + (dir / "town.osm").string() + "' --out '" + out.string() + "' " + extra);
  }
};

}  // namespace

TEST(Access, DutchExtractUsesRdNewAndFlagsCellsInTheLake) {
  Town t("lake");
  CliResult r = t.access("--area '" + (t.dir / "buurten.geojson").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("EPSG:28992"), std::string::npos) << r.output;
  Dataset ds = open_vector(t.out / "access.gpkg");
  ASSERT_TRUE(ds);
  int in_lake = 0, routed = 0;
  for (auto& f : *ds->GetLayerByName("cells")) {
    const double x = f->GetFieldAsDouble("x"), y = f->GetFieldAsDouble("y");
    // The lake shore streets lie at 100500 and 101500: over 250 m from them means within 250 m of the centre.
    const bool deep_in_lake = std::abs(x - 101000) < 250.5 && std::abs(y - 401000) < 250.5;
    if (!f->GetFieldAsInteger("on_network")) {
      ++in_lake;
      EXPECT_TRUE(deep_in_lake) << x << "," << y;
      EXPECT_GT(f->GetFieldAsDouble("snap_m"), 249.9);
      EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("dist_huisarts_m")));
      EXPECT_NE(std::string(f->GetFieldAsString("note")).find("no street within 250 m"), std::string::npos);
    } else {
      ++routed;
      // The GP stands at (100050, 400050) on a 100 m street grid: never closer than the Manhattan distance
      // from the cell's street position, minus the snap.
      const double manhattan = std::abs(x - 100050) + std::abs(y - 400050);
      EXPECT_GE(f->GetFieldAsDouble("dist_huisarts_m") + f->GetFieldAsDouble("snap_m") + 100, manhattan - 150);
    }
  }
  EXPECT_GT(in_lake, 0);
  EXPECT_GT(routed, 100);
  // Per buurt: West lies nearer to the GP than Oost.
  auto* areas = ds->GetLayerByName("areas");
  ASSERT_NE(areas, nullptr);
  std::map<std::string, double> mean;
  for (auto& f : *areas) mean[f->GetFieldAsString("code")] = f->GetFieldAsDouble("dist_huisarts_m");
  EXPECT_LT(mean["BU09990001"], mean["BU09990002"]);
}

TEST(Access, CbsCheckPutsOurCarDistanceBesideTheCbsFigure) {
  Town t("cbs");
  write_text(t.dir / "kwb.csv", "buurtcode,g_afs_hp,g_afs_gs\nBU09990001,0.9,.\nBU09990002,2.5,1.0\n");
  CliResult r = t.access("--mode car --area '" + (t.dir / "buurten.geojson").string() + "' --cbs '" + (t.dir / "kwb.csv").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("CBS check huisarts (g_afs_hp): 2 buurten"), std::string::npos) << r.output;
  const std::string check = read_text(t.out / "cbs_check.csv");
  EXPECT_NE(check.find("BU09990001,West,huisarts,g_afs_hp,0.9,"), std::string::npos) << check;
  auto manifest = nlohmann::json::parse(read_text(t.out / "manifest.json"));
  ASSERT_TRUE(manifest["cbs_check"].contains("huisarts"));
  EXPECT_EQ(manifest["cbs_check"]["huisarts"]["buurten"], 2);
  EXPECT_FALSE(manifest["cbs_check"].contains("supermarkt")) << "no supermarket in the town: nothing to compare";
}

TEST(Access, ExtractThatDoesNotCoverTheStudyAreaSaysHowMuchIsMissing) {
  Town t("not_covering");
  write_text(t.dir / "buurten.geojson", buurten(104000));  // Oost reaches 2 km past the streets
  expect_clean_failure(t.access("--area '" + (t.dir / "buurten.geojson").string() + "'"), t.out,
                       {"does not cover the study area", "% of its cells"});
}

TEST(Access, TruncatedOrNonOsmFilesAreRefused) {
  Town t("broken");
  const fs::path pbf = data_dir() / "osm" / "liechtenstein-latest.osm.pbf";
  std::ifstream in(pbf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  write_text(t.dir / "half.osm.pbf", bytes.substr(0, bytes.size() / 2));
  write_text(t.dir / "text.osm.pbf", "this is not OpenStreetMap data\n");
  write_text(t.dir / "cut.osm", town_osm().substr(0, 5000));
  for (const char* name : {"half.osm.pbf", "text.osm.pbf", "cut.osm", "missing.osm.pbf"}) {
    CliResult r = run_cli("access --osm '" + (t.dir / name).string() + "' --out '" + t.out.string() + "'");
    EXPECT_NE(r.exit_code, 0) << name;
    EXPECT_NE(r.output.find(name), std::string::npos) << r.output;
    EXPECT_TRUE(r.output.find("not a readable OpenStreetMap file") != std::string::npos ||
                r.output.find("file not found") != std::string::npos)
        << r.output;
    EXPECT_EQ(file_count(t.out), 0u);
  }
}

TEST(Access, BadModeAndCategoriesFileAreExplained) {
  Town t("bad_options");
  CliResult r = t.access("--mode skate");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--mode"), std::string::npos) << r.output;
  write_text(t.dir / "cats.toml", "[[category]]\nname = \"huisarts\"\ntags = [\"amenity\"]\n");
  r = t.access("--categories '" + (t.dir / "cats.toml").string() + "'");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("cats.toml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("key=value"), std::string::npos) << r.output;
  write_text(t.dir / "cats.toml", "[[category]]\nname = \"huisarts\"\ntags = [\"amenity=doctors\"]\n");
  r = t.access("--categories '" + (t.dir / "cats.toml").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}
