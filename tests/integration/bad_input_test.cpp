// Every kind of bad input: a clear message naming file, row/feature and
// field, a non-zero exit, and nothing written to the output directory.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "fixture_city.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// A valid little city of two 2 km buurten; each test breaks one thing.
struct Case : FixtureCity {
  explicit Case(const std::string& name) : FixtureCity("bad_" + name) {}
};

}  // namespace

TEST(BadInput, TheFixtureItselfBuilds) {
  Case c("valid");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(c.out / "leefkaart.gpkg"));
}

TEST(BadInput, MissingFile) {
  Case c("missing_file");
  fs::remove(c.dir / "kwb.csv");
  expect_clean_failure(c, {"kwb.csv", "file not found"});
}

TEST(BadInput, UnreadableFormat) {
  Case c("unreadable");
  write_text(c.dir / "buurten.geojson", "this is not GeoJSON at all\n");
  expect_clean_failure(c, {"buurten.geojson", "cannot read"});
}

TEST(BadInput, NoCrs) {
  Case c("no_crs");
  // A shapefile without .prj carries no CRS.
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  GDALDataset* ds = drv->Create((c.dir / "buurten.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRLayer* layer = ds->CreateLayer("buurten", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn code("statcode", OFTString), name("statnaam", OFTString);
  ASSERT_EQ(layer->CreateField(&code), OGRERR_NONE);
  ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
  OGRFeature f(layer->GetLayerDefn());
  f.SetField("statcode", "BU09990001");
  f.SetField("statnaam", "A");
  OGRGeometry* g = nullptr;
  OGRGeometryFactory::createFromWkt("POLYGON((100000 400000,102000 400000,102000 402000,100000 402000,100000 400000))", nullptr, &g);
  f.SetGeometryDirectly(g);
  ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  GDALClose(ds);
  c.replace_in("config.toml", "./buurten.geojson", "./buurten.shp");
  expect_clean_failure(c, {"buurten.shp", "no coordinate reference system", "crs ="});
}

TEST(BadInput, InvalidGeometryIsRepairedWithAWarningNamingTheFeature) {
  Case c("invalid_geometry");
  const std::string bowtie = "[[[102000,400000],[104000,402000],[104000,400000],[102000,402000],[102000,400000]]]";
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(100000, 400000, 2000)),
                                                     feature("BU09990002", bowtie)}));
  CliResult r = c.build();
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("BU09990002"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("repaired with GEOS MakeValid"), std::string::npos) << r.output;
}

TEST(BadInput, EmptyGeometry) {
  Case c("empty_geometry");
  write_text(c.dir / "buurten.geojson",
             collection({feature("BU09990001", square(100000, 400000, 2000)),
                         R"({"type":"Feature","properties":{"statcode":"BU09990002","statnaam":"Leeg"},"geometry":null})"}));
  expect_clean_failure(c, {"buurten.geojson", "BU09990002", "empty"});
}

TEST(BadInput, MisspelledFieldSuggestsTheNearestName) {
  Case c("misspelled_field");
  c.replace_in("config.toml", "field = \"afstand\"", "field = \"afstnad\"");
  expect_clean_failure(c, {"kwb.csv", "afstnad", "did you mean 'afstand'"});
}

TEST(BadInput, MissingCodeFieldInBoundaries) {
  Case c("missing_code_field");
  c.replace_in("config.toml", "file = \"./buurten.geojson\"", "file = \"./buurten.geojson\"\ncode_field = \"statcod\"");
  expect_clean_failure(c, {"buurten.geojson", "statcod", "did you mean 'statcode'"});
}

TEST(BadInput, NonNumericValueNamesRowAndField) {
  Case c("non_numeric");
  write_text(c.dir / "kwb.csv", "code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,ver weg\n");
  expect_clean_failure(c, {"kwb.csv", "line 3", "afstand", "ver weg"});
}

TEST(BadInput, DuplicateCodesInBoundaries) {
  Case c("duplicate_boundary_codes");
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(100000, 400000, 2000)),
                                                     feature("BU09990001", square(102000, 400000, 2000))}));
  expect_clean_failure(c, {"buurten.geojson", "duplicate area code BU09990001"});
}

TEST(BadInput, DuplicateCodesInTable) {
  Case c("duplicate_table_codes");
  write_text(c.dir / "kwb.csv", "code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990001,800,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "duplicate code BU09990001", "line 3"});
}

TEST(BadInput, StudyAreaWithoutCells) {
  Case c("no_cells");
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(100000.3, 400000.3, 20))}));
  expect_clean_failure(c, {"buurten.geojson", "yields no cells"});
}

TEST(BadInput, ConfigUnknownKeyNamesFileLineAndKey) {
  Case c("config_unknown_key");
  c.replace_in("config.toml", "size = 100", "size = 100\nsize_defintion = \"edge\"");
  expect_clean_failure(c, {"config.toml", "line 4", "grid.size_defintion", "did you mean 'size_definition'"});
}

TEST(BadInput, ConfigWrongTypeNamesKey) {
  Case c("config_wrong_type");
  c.replace_in("config.toml", "value = 1.0", "value = \"een\"");
  expect_clean_failure(c, {"config.toml", "threshold.value", "must be a number"});
}

TEST(BadInput, ConfigSyntaxError) {
  Case c("config_syntax");
  c.replace_in("config.toml", "[grid]", "[grid");
  expect_clean_failure(c, {"config.toml", "line 2"});
}

TEST(BadInput, FailedRunLeavesEarlierResultsUntouched) {
  Case c("keeps_old_results");
  ASSERT_EQ(c.build().exit_code, 0);
  const std::string before = read_text(c.out / "manifest.json");
  write_text(c.dir / "kwb.csv", "code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,achthonderd,1.4\n");
  CliResult r = c.build();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(read_text(c.out / "manifest.json"), before);
  for (const auto& e : fs::directory_iterator(c.out))
    EXPECT_EQ(e.path().filename().string().rfind(".leefkaart-staging", 0), std::string::npos) << e.path();
}

TEST(BadInput, CheckConfigReportsTheSameErrors) {
  Case c("check_config");
  c.replace_in("config.toml", "field = \"afstand\"", "field = \"afstnad\"");
  CliResult r = run_cli("check-config '" + (c.dir / "config.toml").string() + "'");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("did you mean 'afstand'"), std::string::npos) << r.output;
}

TEST(BadInput, CheckConfigOpensEveryRaster) {
  Case c("check_config_raster");
  c.replace_in("config.toml", "[[indicator]]\nname = \"afstand\"",
               "[rasters.no2]\nfile = \"./no2_2021.asc\"\ncrs = \"EPSG:28992\"\n[[indicator]]\nname = \"no2\"\n"
               "source = { raster = \"no2\" }\nthreshold = { rule = \"absolute\", value = 20 }\n[[indicator]]\nname = \"afstand\"");
  CliResult r = run_cli("check-config '" + (c.dir / "config.toml").string() + "'");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no2_2021.asc"), std::string::npos) << r.output;
}

// Geometry plausibility: coordinates are checked against where the CRS is
// used (PROJ's area of use) and against the study area, before GEOS sees them.

namespace {

const char* kFacilityLayer = R"(
[layers.huisartsen]
file = "./huisartsen.geojson"
[[indicator]]
name = "afstand_huisarts"
source = { layer = "huisartsen" }
threshold = { rule = "absolute", value = 1000 }
)";

std::string point_collection(const std::string& crs_urn, const std::string& coordinates) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":")" + crs_urn +
         R"("}},"features":[{"type":"Feature","properties":{"naam":"GP"},"geometry":{"type":"Point","coordinates":)" +
         coordinates + "}}]}";
}

}  // namespace

TEST(BadInput, BoundariesWithSwappedAxes) {
  Case c("swapped_boundaries");
  // RD x/y written as y/x: 400 km east and 100 km north lies outside RD's area.
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(400000, 100000, 2000)),
                                                     feature("BU09990002", square(400000, 102000, 2000))}));
  expect_clean_failure(c, {"buurten.geojson", "feature 0 (BU09990001)", "'geometry'", "outside the area where",
                           "x and y look swapped"});
}

TEST(BadInput, BoundariesInWrongUnits) {
  Case c("scaled_boundaries");
  // Kilometres instead of metres.
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(100, 400, 2)),
                                                     feature("BU09990002", square(102, 400, 2))}));
  expect_clean_failure(c, {"buurten.geojson", "feature 0 (BU09990001)", "outside the area where", "multiplied by 1000 they would fit"});
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(1e14, 4e14, 2e9)),
                                                     feature("BU09990002", square(1.02e14, 4e14, 2e9))}));
  expect_clean_failure(c, {"buurten.geojson", "feature 0 (BU09990001)", "outside the area where"});
}

TEST(BadInput, NonFiniteCoordinateIsNamedBeforeGeosSeesIt) {
  Case c("infinite_coordinate");
  // 1e999 reads as infinity.
  c.replace_in("buurten.geojson", "[102000.000000,400000.000000]", "[1e999,400000.000000]");
  expect_clean_failure(c, {"buurten.geojson", "feature 0 (BU09990001)", "'geometry'", "not a finite number", "inf"});
}

TEST(BadInput, FacilityPointsWithSwappedAxes) {
  Case c("swapped_points");
  write_text(c.dir / "config.toml", std::string(kFixtureCityConfig) + kFacilityLayer);
  // Latitude first, longitude second: 52.1 east, 5.1 north is in the Indian Ocean, not in RD New.
  write_text(c.dir / "huisartsen.geojson", point_collection("urn:ogc:def:crs:OGC:1.3:CRS84", "[52.1, 5.1]"));
  expect_clean_failure(c, {"huisartsen.geojson", "feature 0", "'geometry'", "swap"});
}

TEST(BadInput, FacilityPointsOutsideTheStudyArea) {
  Case c("points_elsewhere");
  write_text(c.dir / "config.toml", std::string(kFixtureCityConfig) + kFacilityLayer);
  // A valid RD point, but in Groningen while the study area lies near (101 km, 401 km).
  write_text(c.dir / "huisartsen.geojson", point_collection("urn:ogc:def:crs:EPSG::28992", "[233000, 582000]"));
  expect_clean_failure(c, {"huisartsen.geojson", "'geometry'", "wholly outside the study area"});
}

// A cap on work: the cell count is estimated before the grid is made.

TEST(BadInput, AProvinceIn10MetreCellsStopsBeforeTheWork) {
  Case c("tiny_cells");
  // Two buurten of 100 by 100 km at the smallest cell edge (10 m): about 77 million hexagons.
  write_text(c.dir / "buurten.geojson", collection({feature("BU09990001", square(30000, 320000, 100000)),
                                                     feature("BU09990002", square(130000, 320000, 100000))}));
  c.replace_in("config.toml", "size = 100", "size = 10");
  expect_clean_failure(c, {"config.toml", "'grid.size'", "about 769800", "more than the limit of 50000000", "--max-cells"});
}

TEST(BadInput, TheCellLimitCanBeSetOnTheCommandLine) {
  Case c("cell_limit");
  // The two 4 km² buurten make about 308 cells of 100 m edge.
  const std::string args = "build --config '" + (c.dir / "config.toml").string() + "' --out '" + c.out.string() + "'";
  leefkaart::testing::expect_clean_failure(run_cli(args + " --max-cells 100"), c.out, {"about 308 cells", "limit of 100"});
  const CliResult r = run_cli(args + " --max-cells 1000");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}
