// Every kind of input source, end to end through the CLI: point layers in
// another CRS, rasters, XLSX tables, address weights, and their bad inputs.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <map>

#include "cli_runner.hpp"
#include "grid/hexgrid.hpp"

using namespace leefkaart;
using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

Dataset create(const char* driver, const fs::path& p, int x = 0, int y = 0, GDALDataType t = GDT_Unknown) {
  GDALAllRegister();
  Dataset ds(GetGDALDriverManager()->GetDriverByName(driver)->Create(p.c_str(), x, y, x ? 1 : 0, t, nullptr));
  EXPECT_TRUE(ds) << p;
  return ds;
}

// Two 2 km buurten side by side: x 100000–104000, y 400000–402000 (RD New).
const char* kBuurten = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"statcode":"BU09990001","statnaam":"West"},"geometry":{"type":"Polygon","coordinates":[[[100000,400000],[102000,400000],[102000,402000],[100000,402000],[100000,400000]]]}},
{"type":"Feature","properties":{"statcode":"BU09990002","statnaam":"Oost"},"geometry":{"type":"Polygon","coordinates":[[[102000,400000],[104000,400000],[104000,402000],[102000,402000],[102000,400000]]]}}]})";

// One facility in WGS84 at the RD point (101000, 401000): exercises reprojection.
void write_facility_wgs84(const fs::path& p) {
  const auto [x, y] = rd_to_lonlat(101000, 401000);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"naam":"huisarts"},"geometry":{"type":"Point","coordinates":[%.9f,%.9f]}}]})",
                x, y);
  write_text(p, buf);
}

// 40 × 20 pixels of 100 m over the two buurten: 60 dB west, 40 dB east, nodata in the east's top row.
void write_noise_raster(const fs::path& p, bool with_crs) {
  Dataset ds = create("GTiff", p, 40, 20, GDT_Float32);
  double gt[6] = {100000, 100, 0, 402000, 0, -100};
  ds->SetGeoTransform(gt);
  if (with_crs) {
    OGRSpatialReference rd;
    rd.importFromEPSG(28992);
    ds->SetSpatialRef(&rd);
  }
  std::vector<float> px(40 * 20);
  for (int r = 0; r < 20; ++r)
    for (int c = 0; c < 40; ++c) px[r * 40 + c] = c < 20 ? 60.0f : (r < 3 ? -9999.0f : 40.0f);
  GDALRasterBand* b = ds->GetRasterBand(1);
  b->SetNoDataValue(-9999);
  ASSERT_EQ(b->RasterIO(GF_Write, 0, 0, 40, 20, px.data(), 40, 20, GDT_Float32, 0, 0, nullptr), CE_None);
}

void write_xlsx_table(const fs::path& p) {
  Dataset ds = create("XLSX", p);
  OGRLayer* l = ds->CreateLayer("kwb", nullptr, wkbNone, nullptr);
  OGRFieldDefn code("code", OFTString), inw("a_inw", OFTReal), pct("eenzaam_pct", OFTReal);
  ASSERT_EQ(l->CreateField(&code), OGRERR_NONE);
  ASSERT_EQ(l->CreateField(&inw), OGRERR_NONE);
  ASSERT_EQ(l->CreateField(&pct), OGRERR_NONE);
  const std::vector<std::tuple<const char*, double, double>> rows{{"BU09990001", 1200, 12.5}, {"BU09990002", 800, 20.0}};
  for (const auto& [c, i, e] : rows) {
    OGRFeature f(l->GetLayerDefn());
    f.SetField("code", c);
    f.SetField("a_inw", i);
    f.SetField("eenzaam_pct", e);
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
}

const char* kConfig = R"(
[grid]
size = 100
[study_area]
file = "./buurten.geojson"
[tables.kwb]
file = "./kwb.xlsx"
key = "code"
[layers.huisartsen]
file = "./huisartsen.geojson"
[rasters.geluid]
file = "./lden.tif"
[population]
source = { table = "kwb", field = "a_inw" }
[privacy]
min_residents = 0
[[indicator]]
name = "eenzaamheid"
kind = "social"
source = { table = "kwb", field = "eenzaam_pct" }
threshold = { rule = "absolute", value = 15 }
[[indicator]]
name = "afstand_huisarts"
source = { layer = "huisartsen" }
threshold = { rule = "absolute", value = 1000 }
[[indicator]]
name = "geluid"
source = { raster = "geluid" }
threshold = { rule = "absolute", value = 55 }
[[indicator]]
name = "huisarts_netwerk"
source = { layer = "huisartsen", distance_method = "network", osm = "./straten.osm", mode = "walk" }
threshold = { rule = "absolute", value = 1000 }
[[indicator]]
name = "huisarts_osm"
source = { category = "huisarts", osm = "./straten.osm" }
threshold = { rule = "absolute", value = 1000 }
[[indicator]]
name = "inwoners_per_1000"
transfer = "extensive"
transform = "per_1000_residents"
source = { table = "kwb", field = "a_inw" }
threshold = { rule = "absolute", value = 2000 }
)";

struct City {
  fs::path dir, out;
  explicit City(const std::string& name) : dir(fresh_dir("src_" + name)), out(dir / "out") {
    write_text(dir / "buurten.geojson", kBuurten);
    write_facility_wgs84(dir / "huisartsen.geojson");
    write_noise_raster(dir / "lden.tif", true);
    write_xlsx_table(dir / "kwb.xlsx");
    // Streets every 200 m over both buurten, with the GP on a corner as an OSM node too.
    write_text(dir / "straten.osm", street_grid_osm({100000, 400000, 104000, 402000}, 200, {}, {{101000, 401000, "amenity", "doctors", "GP"}}));
    write_text(dir / "config.toml", kConfig);
  }
  CliResult build() { return run_build(dir / "config.toml", out); }
};

struct CellRow {
  double x, y, pop;
  std::map<std::string, std::string> v;
};

std::vector<CellRow> read_cells(const fs::path& gpkg) {
  Dataset ds = open_vector(gpkg);
  std::vector<CellRow> rows;
  if (!ds) return rows;
  for (auto& f : *ds->GetLayerByName("cells")) {
    CellRow r{f->GetFieldAsDouble("x_rd"), f->GetFieldAsDouble("y_rd"), f->GetFieldAsDouble("pop"), {}};
    for (int i = 0; i < f->GetFieldCount(); ++i)
      r.v[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST(Sources, PointLayerInWgs84RasterAndXlsxGiveTheExpectedCellValues) {
  City c("all_kinds");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto cells = read_cells(c.out / "leefkaart.gpkg");
  ASSERT_FALSE(cells.empty());
  grid::HexGrid g({100.0, grid::SizeDefinition::Edge});
  const auto facility_cell = g.centre(g.cell_of({101000, 401000}));
  int checked_raster_missing = 0;
  for (const auto& cell : cells) {
    // Straight-line distance to the reprojected facility, within 0.5 m (PROJ round trip).
    const double expected = std::hypot(cell.x - 101000, cell.y - 401000);
    EXPECT_NEAR(std::stod(cell.v.at("val_afstand_huisarts")), expected, 0.5);
    EXPECT_EQ(cell.v.at("ind_afstand_huisarts"), expected > 1000 ? "1" : "0");
    // Over a 200 m street grid the walk is the Manhattan distance between the points on the streets:
    // never shorter than the straight line minus the snap, never longer than Manhattan plus the snaps.
    const double walk = std::stod(cell.v.at("val_huisarts_netwerk"));
    // The same GP from the OSM file: equal up to the PROJ round trips of the two files (mm).
    EXPECT_NEAR(std::stod(cell.v.at("val_huisarts_osm")), walk, 0.05);
    EXPECT_GE(walk, expected - 100.0 - 1e-6);
    EXPECT_LE(walk, std::abs(cell.x - 101000) + std::abs(cell.y - 401000) + 200.0 + 1e-6);
    // XLSX values, area-weighted: pure cells carry their buurt's figure.
    if (cell.x < 101800) {
      EXPECT_DOUBLE_EQ(std::stod(cell.v.at("val_eenzaamheid")), 12.5);
    } else if (cell.x > 102200) {
      EXPECT_DOUBLE_EQ(std::stod(cell.v.at("val_eenzaamheid")), 20.0);
    }
    // Raster sampled at the centre: 60 west, 40 east, nodata in the east's top 300 m.
    if (cell.x < 102000) {
      EXPECT_EQ(cell.v.at("val_geluid"), "60");
    } else if (cell.y <= 401700) {  // a centre on the edge y = 401700 lies in pixel row 3
      EXPECT_EQ(cell.v.at("val_geluid"), "40");
    } else {
      EXPECT_EQ(cell.v.at("val_geluid"), "");
      EXPECT_EQ(cell.v.at("incomplete"), "1");
      EXPECT_NE(cell.v.at("incomplete_reason").find("geluid: no raster value"), std::string::npos);
      ++checked_raster_missing;
    }
    // per 1000 residents of the cell's own residents: always 1000.
    if (cell.pop > 0) {
      EXPECT_NEAR(std::stod(cell.v.at("val_inwoners_per_1000")), 1000.0, 1e-6);
    }
    if (std::abs(cell.x - facility_cell.x) < 1 && std::abs(cell.y - facility_cell.y) < 1) {
      EXPECT_LT(std::stod(cell.v.at("val_afstand_huisarts")), 100.0);
    }
  }
  EXPECT_GT(checked_raster_missing, 0);
  // The build routes over straten.osm, so its streets become the web app's base map.
  Dataset roads = open_vector(c.out / "basemap_roads.geojson");
  ASSERT_TRUE(roads);
  // A 20 × 10 grid of 200 m blocks: 11 rows of 20 street segments and 21 columns of 10.
  EXPECT_EQ(roads->GetLayer(0)->GetFeatureCount(), 11 * 20 + 21 * 10);
  EXPECT_FALSE(fs::exists(c.out / "basemap_water.geojson"));  // no water in the extract: no empty layer
}

TEST(Sources, AddressWeightsPutResidentsWhereTheAddressesAre) {
  City c("weights");
  // All 10 addresses of West stand in one spot; Oost has none and falls back to area.
  std::string pts = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  for (int i = 0; i < 10; ++i)
    pts += std::string(i ? "," : "") + R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[100500,400500]}})";
  write_text(c.dir / "adressen.geojson", pts + "]}");
  std::string cfg = read_text(c.dir / "config.toml");
  cfg.replace(cfg.find("[privacy]"), 9, "weights = { file = \"./adressen.geojson\" }\n[privacy]");
  write_text(c.dir / "config.toml", cfg);
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  grid::HexGrid g({100.0, grid::SizeDefinition::Edge});
  const auto home = g.centre(g.cell_of({100500, 400500}));
  double west = 0, total = 0;
  for (const auto& cell : read_cells(c.out / "leefkaart.gpkg")) {
    total += cell.pop;
    if (std::abs(cell.x - home.x) < 1 && std::abs(cell.y - home.y) < 1) west = cell.pop;
  }
  EXPECT_NEAR(west, 1200.0, 1e-6);
  EXPECT_NEAR(total, 2000.0, 1.0);  // cell values are written rounded to 0.01
  auto manifest = nlohmann::json::parse(read_text(c.out / "manifest.json"));
  EXPECT_NEAR(manifest["counts"]["residents_on_cells"].get<double>(), 2000.0, 1e-6);
}

TEST(Sources, RasterWithoutCrsIsRefused) {
  City c("raster_no_crs");
  write_noise_raster(c.dir / "lden.tif", false);
  expect_clean_failure(c.build(), c.out, {"lden.tif", "no coordinate reference system"});
}

TEST(Sources, BrokenOrMissingRasterIsRefused) {
  City c("raster_broken");
  write_text(c.dir / "lden.tif", "not a tiff");
  expect_clean_failure(c.build(), c.out, {"lden.tif: GDAL cannot read this file as a raster"});
  fs::remove(c.dir / "lden.tif");
  expect_clean_failure(c.build(), c.out, {"lden.tif: file not found"});
}

TEST(Sources, CsvPointsWithoutCrsAskForOne) {
  City c("csv_points");
  write_text(c.dir / "huisartsen.csv", "naam,WKT\nhuisarts,POINT (101000 401000)\n");
  std::string cfg = read_text(c.dir / "config.toml");
  cfg.replace(cfg.find("./huisartsen.geojson"), 20, "./huisartsen.csv");
  write_text(c.dir / "config.toml", cfg);
  expect_clean_failure(c.build(), c.out, {"huisartsen.csv", "crs = \"EPSG:28992\""});
  // With the CRS given, the same file works.
  cfg.replace(cfg.find("file = \"./huisartsen.csv\""), 25, "file = \"./huisartsen.csv\"\ncrs = \"EPSG:28992\"");
  write_text(c.dir / "config.toml", cfg);
  CliResult r = c.build();
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(Sources, EmptyFacilityLayerGivesMissingValuesWithReason) {
  City c("empty_layer");
  write_text(c.dir / "huisartsen.geojson", R"({"type":"FeatureCollection","features":[]})");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& cell : read_cells(c.out / "leefkaart.gpkg")) {
    EXPECT_EQ(cell.v.at("val_afstand_huisarts"), "");
    EXPECT_NE(cell.v.at("incomplete_reason").find("afstand_huisarts: the layer has no features"), std::string::npos);
  }
}

TEST(Sources, UnknownOsmCategorySuggestsTheNearest) {
  City c("osm_category");
  std::string cfg = read_text(c.dir / "config.toml");
  cfg.replace(cfg.find("category = \"huisarts\""), 21, "category = \"huisartz\"");
  write_text(c.dir / "config.toml", cfg);
  expect_clean_failure(c.build(), c.out, {"straten.osm", "did you mean 'huisarts'"});
}

TEST(Sources, ExtractOutsideTheNetherlandsIsRefusedInABuild) {
  City c("osm_abroad");
  std::string cfg = read_text(c.dir / "config.toml");
  const std::string from = "source = { category = \"huisarts\", osm = \"./straten.osm\" }";
  ASSERT_NE(cfg.find(from), std::string::npos);
  cfg.replace(cfg.find(from), from.size(),
              "source = { category = \"huisarts\", osm = \"" + (data_dir() / "osm" / "liechtenstein-latest.osm.pbf").string() + "\" }");
  write_text(c.dir / "config.toml", cfg);
  expect_clean_failure(c.build(), c.out, {"liechtenstein-latest.osm.pbf", "outside the Netherlands"});
}

TEST(Sources, AnExplicitBasemapExtractIsListedAmongTheInputs) {
  City c("basemap_input");
  write_text(c.dir / "kaart.osm", read_text(c.dir / "straten.osm"));
  write_text(c.dir / "config.toml", read_text(c.dir / "config.toml") + "[basemap]\nosm = \"./kaart.osm\"\n");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto manifest = nlohmann::json::parse(read_text(c.out / "manifest.json"));
  bool listed = false;
  for (const auto& in : manifest["inputs"]) listed |= in["path"].get<std::string>().find("kaart.osm") != std::string::npos;
  EXPECT_TRUE(listed) << manifest["inputs"].dump();
  EXPECT_EQ(manifest["basemap"], nlohmann::json::array({"roads"}));
}

TEST(Sources, MissingOrBrokenBasemapExtractIsRefused) {
  City c("basemap_bad");
  std::string cfg = read_text(c.dir / "config.toml");
  write_text(c.dir / "config.toml", cfg + "[basemap]\nosm = \"./ontbreekt.osm.pbf\"\n");
  expect_clean_failure(c.build(), c.out, {"ontbreekt.osm.pbf", "file not found"});
  write_text(c.dir / "kapot.osm.pbf", "no OpenStreetMap here");
  write_text(c.dir / "config.toml", cfg + "[basemap]\nosm = \"./kapot.osm.pbf\"\n");
  expect_clean_failure(c.build(), c.out, {"kapot.osm.pbf", "not a readable OpenStreetMap file"});
}

TEST(Sources, ABilinearRasterChangesSmoothlyAcrossPixelEdges) {
  // The fixture's 100 m pixels hold 60 west of x = 102000 and 40 east of it. Between
  // the pixel centres either side (x 101950 and 102050) a cell gets the straight line
  // between them; farther away its own pixel's value, as with the nearest pixel.
  City c("raster_bilinear");
  std::string cfg = read_text(c.dir / "config.toml");
  cfg.replace(cfg.find("file = \"./lden.tif\""), 19, "file = \"./lden.tif\"\ninterpolation = \"bilinear\"");
  write_text(c.dir / "config.toml", cfg);
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  int between = 0;
  for (const auto& cell : read_cells(c.out / "leefkaart.gpkg")) {
    if (cell.y > 401650) continue;  // near the NODATA rows in the east: see the raster unit tests
    const double value = std::stod(cell.v.at("val_geluid"));
    if (cell.x <= 101950) {
      EXPECT_DOUBLE_EQ(value, 60);
    } else if (cell.x >= 102050) {
      EXPECT_DOUBLE_EQ(value, 40);
    } else {
      EXPECT_NEAR(value, 60 - 20 * (cell.x - 101950) / 100, 2e-3) << cell.x;  // x_rd is written to 0.01 m
      ++between;
    }
  }
  EXPECT_GT(between, 0);
}

TEST(Sources, AnUnknownInterpolationIsRefusedBeforeAnythingIsWritten) {
  City c("raster_bad_interpolation");
  std::string cfg = read_text(c.dir / "config.toml");
  cfg.replace(cfg.find("file = \"./lden.tif\""), 19, "file = \"./lden.tif\"\ninterpolation = \"cubic\"");
  write_text(c.dir / "config.toml", cfg);
  const std::string before = cfg.substr(0, cfg.find("interpolation = \"cubic\""));
  const auto line = std::count(before.begin(), before.end(), '\n') + 1;
  expect_clean_failure(c.build(), c.out,
                       {"config.toml", "line " + std::to_string(line), "rasters.geluid.interpolation",
                        "\"cubic\" is not one of \"nearest\", \"bilinear\""});
}
