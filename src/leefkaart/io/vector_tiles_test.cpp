// Where a layer's features land in the MBTiles file: which tiles, which rows,
// and the metadata map clients read. (How one tile is encoded: mvt_tile_test.cpp.)
#include "io/vector_tiles.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace leefkaart::io {
namespace {
namespace fs = std::filesystem;

fs::path fresh(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_vector_tiles_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Read {
  std::map<std::string, std::string> meta;
  std::set<std::tuple<int, int, int>> tiles;  // zoom, column, row (TMS)
  bool all_gzipped = true;
};

Read read_mbtiles(const fs::path& file) {
  Read r;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    r.meta[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    r.tiles.insert({sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2)});
    const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(st, 3));
    r.all_gzipped = r.all_gzipped && sqlite3_column_bytes(st, 3) > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return r;
}

// A 100 m square at RD (155 000, 463 000), the Amersfoort origin of RD New:
// 5.3872° E, 52.1552° N, in tile (2109, 1350) at zoom 12 counted from the top
// (x = (lon + 180) / 360 · 2^z, y = (1 − asinh(tan lat) / π) / 2 · 2^z: 2109.3, 1350.08).
LayerData square_at_amersfoort() {
  LayerData l;
  l.name = "buurten";
  l.description = "one buurt";
  l.fields = {{"code", FieldType::String}, {"score", FieldType::Real}};
  l.rows = {{std::string("BU03070000"), 2.5}};
  l.geometries.push_back(geom::make_polygon({{155000, 463000}, {155100, 463000}, {155100, 463100}, {155000, 463100}}));
  return l;
}

TEST(VectorTiles, ALayerIsCutAtEachZoomOfItsRangeInTmsRowsCountedFromTheBottom) {
  const fs::path dir = fresh("zooms");
  const LayerData l = square_at_amersfoort();
  write_mbtiles(dir / "t.mbtiles", {&l}, [](const std::string&) { return build_schema::ZoomRange{10, 12}; }, {"t", "test"});
  const Read r = read_mbtiles(dir / "t.mbtiles");
  // Row = 2^z − 1 − y: 4095 − 1350 at zoom 12, and the parents of that tile at 11 and 10.
  EXPECT_EQ(r.tiles, (std::set<std::tuple<int, int, int>>{{12, 2109, 2745}, {11, 1054, 1372}, {10, 527, 686}}));
  EXPECT_TRUE(r.all_gzipped);
  fs::remove_all(dir);
}

TEST(VectorTiles, TheMetadataDescribeTheLayersAsGdalDoes) {
  const fs::path dir = fresh("meta");
  const LayerData l = square_at_amersfoort();
  write_mbtiles(dir / "t.mbtiles", {&l}, [](const std::string&) { return build_schema::ZoomRange{10, 12}; },
                {"leefkaart", "een kaart"});
  const Read r = read_mbtiles(dir / "t.mbtiles");
  EXPECT_EQ(r.meta.at("name"), "leefkaart");
  EXPECT_EQ(r.meta.at("description"), "een kaart");
  EXPECT_EQ(r.meta.at("format"), "pbf");
  EXPECT_EQ(r.meta.at("minzoom"), "10");
  EXPECT_EQ(r.meta.at("maxzoom"), "12");
  double w = 0, s = 0, e = 0, n = 0;
  ASSERT_EQ(std::sscanf(r.meta.at("bounds").c_str(), "%lf,%lf,%lf,%lf", &w, &s, &e, &n), 4);
  EXPECT_NEAR(w, 5.3872, 0.001);
  EXPECT_NEAR(s, 52.1552, 0.001);
  EXPECT_GT(e, w);
  EXPECT_GT(n, s);
  const auto json = nlohmann::json::parse(r.meta.at("json"));
  const auto& layer = json.at("vector_layers").at(0);
  EXPECT_EQ(layer.at("id"), "buurten");
  EXPECT_EQ(layer.at("description"), "one buurt");
  EXPECT_EQ(layer.at("minzoom"), 10);
  EXPECT_EQ(layer.at("fields"), (nlohmann::json{{"code", "String"}, {"score", "Number"}}));
  const auto& score = json.at("tilestats").at("layers").at(0).at("attributes").at(1);
  EXPECT_EQ(score.at("attribute"), "score");
  EXPECT_EQ(score.at("min"), 2.5);
  EXPECT_EQ(score.at("max"), 2.5);
  fs::remove_all(dir);
}

TEST(VectorTiles, ALineLayerIsRefusedAndNoFileIsLeft) {
  const fs::path dir = fresh("line");
  LayerData l;
  l.name = "wegen";
  l.fields = {{"naam", FieldType::String}};
  l.rows = {{std::string("A1")}};
  l.geometries.push_back(geom::from_wkt("LINESTRING (155000 463000, 156000 463000)"));
  try {
    write_mbtiles(dir / "t.mbtiles", {&l}, [](const std::string&) { return build_schema::ZoomRange{10, 12}; }, {"t", ""});
    ADD_FAILURE() << "a line layer was written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("wegen"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("feature 1"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "t.mbtiles"));
  fs::remove_all(dir);
}

TEST(VectorTiles, ALayerMixingPointsAndAreasIsRefusedNamingTheFeature) {
  const fs::path dir = fresh("mixed");
  LayerData l = square_at_amersfoort();
  l.rows.push_back({std::string("BU03070001"), 1.0});
  l.geometries.push_back(geom::make_point({155500, 463500}));
  try {
    write_mbtiles(dir / "t.mbtiles", {&l}, [](const std::string&) { return build_schema::ZoomRange{10, 12}; }, {"t", ""});
    ADD_FAILURE() << "a mixed layer was written";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("buurten, feature 2"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "t.mbtiles"));
  fs::remove_all(dir);
}

TEST(VectorTiles, ZoomsBeyondFifteenAreRefused) {
  const fs::path dir = fresh("deep");
  const LayerData l = square_at_amersfoort();
  EXPECT_THROW(write_mbtiles(dir / "t.mbtiles", {&l}, [](const std::string&) { return build_schema::ZoomRange{12, 16}; }, {"t", ""}),
               std::runtime_error);
  EXPECT_FALSE(fs::exists(dir / "t.mbtiles"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace leefkaart::io
