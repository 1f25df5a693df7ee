// Files ready for their tools, on the real data: FlatGeobuf beside every
// GeoJSON with the GeoPackage's features, CSVs that Dutch Excel opens as
// columns (--csv excel), a workbook of the area tables, GeoJSON from the
// streamed writer that means what the GeoPackage says, and vector tiles.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <regex>
#include <sqlite3.h>

#include "cli_runner.hpp"
#include "io/build_schema.hpp"
#include "io/csv.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
namespace schema = leefkaart::io::build_schema;

namespace {

const std::vector<std::string> kGeoLayers{"cells", "buurten", "wijken", "gemeente"};

struct ExcelBuild {
  fs::path out;
  CliResult result;
  nlohmann::json manifest;
};

// One Utrecht build with --csv excel, shared by the tests below (a build takes a while).
const ExcelBuild& utrecht_excel() {
  static const ExcelBuild b = [] {
    ExcelBuild e;
    e.out = fresh_dir_for_this_process("formats_utrecht_excel");
    e.result = run_cli("build --config '" + (source_dir() / "presets" / "utrecht.toml").string() + "' --out '" +
                       e.out.string() + "' --data '" + data_dir().string() + "' --csv excel");
    if (e.result.exit_code == 0) e.manifest = nlohmann::json::parse(read_text(e.out / "manifest.json"));
    return e;
  }();
  return b;
}

#define REQUIRE_UTRECHT()                                                                   \
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();     \
  const ExcelBuild& b = utrecht_excel();                                                    \
  ASSERT_EQ(b.result.exit_code, 0) << b.result.output

// Features of a layer by an id field, each as its fields' text.
std::map<std::string, std::map<std::string, std::string>> features_by(OGRLayer* layer, const std::string& id) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (auto& f : *layer) {
    auto& fields = out[f->GetFieldAsString(id.c_str())];
    for (int i = 0; i < f->GetFieldCount(); ++i)
      fields[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
  }
  return out;
}

}  // namespace

TEST(Formats, EveryGeoJsonHasAFlatGeobufWithTheGeoPackagesFeaturesAndASpatialIndex) {
  REQUIRE_UTRECHT();
  Dataset gpkg = open_vector(b.out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  for (const std::string& name : kGeoLayers) {
    const std::string file = name + ".fgb";
    Dataset fgb = open_vector(b.out / file);
    ASSERT_TRUE(fgb) << file;
    OGRLayer* l = fgb->GetLayer(0);
    OGRLayer* g = gpkg->GetLayerByName(name.c_str());
    ASSERT_TRUE(g) << name;
    EXPECT_EQ(l->GetFeatureCount(), g->GetFeatureCount()) << file;
    EXPECT_EQ(l->GetLayerDefn()->GetFieldCount(), g->GetLayerDefn()->GetFieldCount()) << file;
    EXPECT_EQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), std::string("28992")) << file;
    EXPECT_TRUE(l->TestCapability(OLCFastSpatialFilter)) << file << " has no spatial index";
    EXPECT_NE(std::find(b.manifest["outputs"].begin(), b.manifest["outputs"].end(), file), b.manifest["outputs"].end()) << file;
    EXPECT_TRUE(b.manifest["files"].contains(file)) << file;
  }
}

TEST(Formats, StreamedGeoJsonSaysWhatTheGeoPackageSays) {
  REQUIRE_UTRECHT();
  Dataset gpkg = open_vector(b.out / "leefkaart.gpkg");
  OGRSpatialReference rd, wgs84;
  rd.importFromEPSG(28992);
  wgs84.importFromEPSG(4326);
  rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  // One transformation for all features (transformTo would make one per geometry).
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(OGRCreateCoordinateTransformation(&rd, &wgs84));
  ASSERT_TRUE(to_wgs84);
  for (const std::string& name : {std::string("cells"), std::string("buurten")}) {
    Dataset json = open_vector(b.out / (name + ".geojson"));
    ASSERT_TRUE(json) << name;
    OGRLayer* j = json->GetLayer(0);
    OGRLayer* g = gpkg->GetLayerByName(name.c_str());
    const std::string id = name == "cells" ? schema::cell_field("id") : schema::area_field("code");
    ASSERT_EQ(j->GetFeatureCount(), g->GetFeatureCount());
    const auto from_json = features_by(j, id);
    const auto from_gpkg = features_by(g, id);
    ASSERT_EQ(from_json.size(), from_gpkg.size());
    for (const auto& [key, fields] : from_gpkg) {
      const auto it = from_json.find(key);
      ASSERT_NE(it, from_json.end()) << key;
      for (const auto& [field, text] : fields) {
        const auto jt = it->second.find(field);
        ASSERT_NE(jt, it->second.end()) << name << " lacks " << field;
        if (text.empty() || jt->second.empty()) {
          EXPECT_EQ(text, jt->second) << key << " " << field;
        } else {
          char* end = nullptr;
          const double v = std::strtod(text.c_str(), &end);
          if (*end == '\0')
            EXPECT_NEAR(std::strtod(jt->second.c_str(), nullptr), v, 1e-9 * std::max(1.0, std::abs(v))) << key << " " << field;
          else
            EXPECT_EQ(jt->second, text) << key << " " << field;
        }
      }
    }
    // Geometries: the GeoPackage's, reprojected, within the GeoJSON's 7 decimals.
    g->ResetReading();
    std::map<std::string, OGREnvelope> envelopes;
    for (auto& f : *g) {
      std::unique_ptr<OGRGeometry> geom(f->GetGeometryRef()->clone());
      ASSERT_EQ(geom->transform(to_wgs84.get()), OGRERR_NONE);
      geom->getEnvelope(&envelopes[f->GetFieldAsString(id.c_str())]);
    }
    j->ResetReading();
    for (auto& f : *j) {
      OGREnvelope e;
      f->GetGeometryRef()->getEnvelope(&e);
      const OGREnvelope& want = envelopes.at(f->GetFieldAsString(id.c_str()));
      EXPECT_NEAR(e.MinX, want.MinX, 2e-7);
      EXPECT_NEAR(e.MaxY, want.MaxY, 2e-7);
    }
  }
}

TEST(Formats, ExcelCsvsHaveABomSemicolonsAndDecimalCommasAndReadBackToTheGeoPackage) {
  REQUIRE_UTRECHT();
  EXPECT_EQ(b.manifest.at(schema::manifest_key("csv_dialect")), "excel");
  Dataset gpkg = open_vector(b.out / "leefkaart.gpkg");
  for (const std::string& name : {std::string("buurten"), std::string("cells")}) {
    const std::string text = read_text(b.out / (name + ".csv"));
    ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF") << name << ".csv has no BOM";
    const std::string header = text.substr(3, text.find('\n') - 3);
    EXPECT_NE(header.find(';'), std::string::npos) << header;
    EXPECT_EQ(header.find(','), std::string::npos) << header;
    EXPECT_TRUE(std::regex_search(text, std::regex(";-?[0-9]+,[0-9]+[;\r]"))) << name << ".csv has no decimal comma";
    EXPECT_FALSE(std::regex_search(text, std::regex("[0-9][eE][-+][0-9]"))) << name << ".csv has a number in scientific notation";

    const leefkaart::io::CsvTable table = leefkaart::io::read_csv(text);
    EXPECT_EQ(table.dialect, leefkaart::io::CsvDialect::Excel);
    OGRLayer* g = gpkg->GetLayerByName(name.c_str());
    ASSERT_EQ(table.rows.size(), static_cast<std::size_t>(g->GetFeatureCount()));
    ASSERT_EQ(table.header.size(), static_cast<std::size_t>(g->GetLayerDefn()->GetFieldCount()));
    g->ResetReading();
    std::size_t row = 0;
    for (auto& f : *g) {
      for (int i = 0; i < f->GetFieldCount(); ++i) {
        const auto& cell = table.rows[row][static_cast<std::size_t>(i)];
        ASSERT_EQ(table.header[static_cast<std::size_t>(i)], f->GetFieldDefnRef(i)->GetNameRef());
        if (!f->IsFieldSetAndNotNull(i)) {
          EXPECT_FALSE(cell) << name << " row " << row << " " << table.header[i];
        } else if (f->GetFieldDefnRef(i)->GetType() == OFTReal) {
          ASSERT_TRUE(cell);
          const double v = f->GetFieldAsDouble(i);
          EXPECT_NEAR(std::stod(*cell), v, 1e-12 * std::max(1.0, std::abs(v))) << name << " " << table.header[i];
        } else {
          ASSERT_TRUE(cell);
          EXPECT_EQ(*cell, f->GetFieldAsString(i)) << name << " " << table.header[i];
        }
      }
      ++row;
    }
  }
}

TEST(Formats, TheWorkbookHasOneSheetPerAreaLayerAndTheMaskingList) {
  REQUIRE_UTRECHT();
  const std::string workbook = schema::schema().at("workbook");
  EXPECT_NE(std::find(b.manifest["outputs"].begin(), b.manifest["outputs"].end(), workbook), b.manifest["outputs"].end());
  GDALAllRegister();
  const char* const drivers[] = {"XLSX", nullptr};
  const char* const open_options[] = {"HEADERS=FORCE", nullptr};
  Dataset xlsx(GDALDataset::Open((b.out / workbook).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_options, nullptr));
  ASSERT_TRUE(xlsx);
  Dataset gpkg = open_vector(b.out / "leefkaart.gpkg");
  std::vector<std::string> sheets;
  for (int i = 0; i < xlsx->GetLayerCount(); ++i) sheets.push_back(xlsx->GetLayer(i)->GetName());
  EXPECT_EQ(sheets, (std::vector<std::string>{schema::layer("buurten"), schema::layer("wijken"), schema::layer("gemeente"),
                                              schema::layer("masking")}));
  for (const char* key : {"buurten", "wijken", "gemeente"}) {
    OGRLayer* sheet = xlsx->GetLayerByName(schema::layer(key).c_str());
    OGRLayer* g = gpkg->GetLayerByName(schema::layer(key).c_str());
    ASSERT_TRUE(sheet && g) << key;
    EXPECT_EQ(sheet->GetFeatureCount(), g->GetFeatureCount()) << key;
    // Numbers as numbers: the residents column is numeric, not text.
    const int pop = g->GetLayerDefn()->GetFieldIndex(schema::area_field("pop").c_str());
    ASSERT_GE(pop, 0);
    EXPECT_NE(sheet->GetLayerDefn()->GetFieldDefn(pop)->GetType(), OFTString) << key;
  }
}

TEST(Formats, AnAccessRunWritesFlatGeobufAndAWorkbookOfItsTables) {
  const fs::path pbf = data_dir() / "osm" / "liechtenstein-latest.osm.pbf";
  if (!fs::exists(pbf)) GTEST_SKIP() << "no " << pbf;
  const fs::path out = fresh_dir("formats_access");
  const CliResult r = run_cli("access --osm '" + pbf.string() + "' --out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(manifest.at(schema::manifest_key("csv_dialect")), "plain");
  Dataset gpkg = open_vector(out / "access.gpkg");
  for (const char* name : {"cells", "facilities"}) {
    Dataset fgb = open_vector(out / (std::string(name) + ".fgb"));
    ASSERT_TRUE(fgb) << name;
    EXPECT_EQ(fgb->GetLayer(0)->GetFeatureCount(), gpkg->GetLayerByName(name)->GetFeatureCount()) << name;
    EXPECT_TRUE(fgb->GetLayer(0)->TestCapability(OLCFastSpatialFilter)) << name;
  }
  const std::string csv = read_text(out / "access_cells.csv");
  EXPECT_NE(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_FALSE(std::regex_search(csv, std::regex("[0-9][eE][-+][0-9]")));
  const char* const drivers[] = {"XLSX", nullptr};
  Dataset xlsx(GDALDataset::Open((out / "access.xlsx").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  ASSERT_TRUE(xlsx);
  OGRLayer* cells = xlsx->GetLayerByName("cells");
  ASSERT_TRUE(cells);
  EXPECT_EQ(cells->GetFeatureCount(), gpkg->GetLayerByName("cells")->GetFeatureCount());
  EXPECT_TRUE(xlsx->GetLayerByName("categories"));
}

TEST(Formats, AnUnknownCsvDialectIsRefusedBeforeAnythingIsWritten) {
  const fs::path out = fresh_dir("formats_bad_dialect");
  const CliResult r = run_cli("build --config '" + (source_dir() / "presets" / "utrecht.toml").string() + "' --out '" +
                              (out / "set").string() + "' --csv comma");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("--csv"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("excel"), std::string::npos) << r.output;  // says what is allowed
  EXPECT_EQ(file_count(out), 0u);
}

TEST(Formats, ABadConfigWithExcelCsvsLeavesNothingBehind) {
  const fs::path dir = fresh_dir("formats_bad_config");
  write_text(dir / "bad.toml", "[study_area]\nfile = \"nowhere.geojson\"\n");
  const CliResult r = run_cli("build --config '" + (dir / "bad.toml").string() + "' --out '" + (dir / "out").string() +
                              "' --data '" + dir.string() + "' --csv excel");
  expect_clean_failure(r, dir / "out", {"bad.toml"});
}

// The vector tiles (schema/build.json "tiles"): every map layer, each cut at
// the schema's zooms and with every attribute of the GeoPackage's layer, and
// no cell lost at the deepest zoom (the map's click panel reads them there).
TEST(Formats, VectorTilesCarryEveryMapLayerAtItsZoomsWithEveryAttribute) {
  REQUIRE_UTRECHT();
  const std::string file = schema::tiles_file();
  EXPECT_NE(std::find(b.manifest["outputs"].begin(), b.manifest["outputs"].end(), file), b.manifest["outputs"].end());
  EXPECT_TRUE(b.manifest["files"].contains(file));
  // The MBTiles metadata, read as the SQLite table it is (GDAL hands an MBTiles file to its MBTiles driver).
  std::map<std::string, std::string> meta;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2((b.out / file).c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &st, nullptr), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
      meta[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  EXPECT_EQ(meta["format"], "pbf");
  const nlohmann::json layers = nlohmann::json::parse(meta["json"]).at("vector_layers");
  Dataset gpkg = open_vector(b.out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  for (const std::string& name : kGeoLayers) {
    const auto it = std::find_if(layers.begin(), layers.end(), [&](const nlohmann::json& l) { return l.at("id") == name; });
    ASSERT_NE(it, layers.end()) << name;
    EXPECT_EQ(it->at("minzoom"), schema::tile_zooms(name).min) << name;
    EXPECT_EQ(it->at("maxzoom"), schema::tile_zooms(name).max) << name;
    OGRFeatureDefn* defn = gpkg->GetLayerByName(name.c_str())->GetLayerDefn();
    EXPECT_EQ(it->at("fields").size(), static_cast<std::size_t>(defn->GetFieldCount())) << name;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      EXPECT_TRUE(it->at("fields").contains(defn->GetFieldDefn(i)->GetNameRef())) << name << ": " << defn->GetFieldDefn(i)->GetNameRef();
  }
  // At the cells' deepest zoom every cell is in some tile (cells at a tile's edge are in two).
  const std::string zoom = std::to_string(schema::tile_zooms("cells").max);
  const char* mbtiles[] = {"MBTiles", nullptr};
  const std::string zoom_option = "ZOOM_LEVEL=" + zoom;
  const char* options[] = {zoom_option.c_str(), nullptr};
  Dataset tiles(static_cast<GDALDataset*>(GDALOpenEx((b.out / file).c_str(), GDAL_OF_VECTOR, mbtiles, options, nullptr)));
  ASSERT_TRUE(tiles);
  OGRLayer* cells = tiles->GetLayerByName("cells");
  ASSERT_TRUE(cells);
  std::set<std::string> ids;
  for (auto& f : *cells) ids.insert(f->GetFieldAsString(schema::cell_field("id").c_str()));
  EXPECT_EQ(static_cast<GIntBig>(ids.size()), gpkg->GetLayerByName("cells")->GetFeatureCount());
}
