#include "server/layer_store.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/errors.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// One folder per test: ctest runs the tests in parallel processes.
fs::path fresh_dir() {
  fs::path dir = fs::temp_directory_path() / "leefkaart_layer_store_test" /
                 ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_cells(const fs::path& dir, int score) {
  std::ofstream(dir / "cells.geojson") << json{
      {"type", "FeatureCollection"},
      {"features",
       {{{"type", "Feature"},
         {"properties", {{"cell_id", "q1r2"}, {"score", score}, {"pop", 12.5}}},
         {"geometry", {{"type", "Polygon"}, {"coordinates", {{{5.1, 52.1}, {5.2, 52.1}, {5.2, 52.2}, {5.1, 52.1}}}}}}}}}}
      .dump();
}

std::string gunzip(const std::string& data) {
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  std::string out(1 << 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace

TEST(LayerStore, ServesTheFileAsWrittenAndGzipped) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  auto body = store.get("cells");
  EXPECT_EQ(json::parse(body->plain)["features"][0]["properties"]["pop"], 12.5);
  EXPECT_EQ(gunzip(body->gzipped), body->plain);
}

TEST(LayerStore, KeepsOnlyTheAskedFieldsAndTheGeometry) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  const json lean = json::parse(store.get("cells", {"score"})->plain);
  const json& f = lean["features"][0];
  EXPECT_EQ(f["properties"], (json{{"score", 3}}));
  EXPECT_EQ(f["geometry"]["coordinates"][0][1][0], 5.2);
  EXPECT_EQ(f["geometry"]["coordinates"][0][2][1], 52.2);
}

TEST(LayerStore, AnUnknownFieldIsNamedWithTheFieldsThereAre) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  try {
    store.get("cells", {"scor"});
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "scor");
    EXPECT_NE(std::string(e.what()).find("did you mean 'score'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("fields: cell_id, pop, score"), std::string::npos) << e.what();
  }
}

TEST(LayerStore, ReadsAgainAfterANewBuild) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  EXPECT_EQ(json::parse(store.get("cells", {"score"})->plain)["features"][0]["properties"]["score"], 3);
  write_cells(dir, 14);  // another length, so a change within the same clock tick is seen too
  EXPECT_EQ(json::parse(store.get("cells", {"score"})->plain)["features"][0]["properties"]["score"], 14);
  EXPECT_EQ(json::parse(store.get("cells")->plain)["features"][0]["properties"]["score"], 14);
}

TEST(LayerStore, SplitsTheFieldsParameter) {
  EXPECT_EQ(server::split_fields("score,pop", "fields"), (std::vector<std::string>{"score", "pop"}));
  EXPECT_THROW(server::split_fields("score,,pop", "fields"), InputError);
  EXPECT_THROW(server::split_fields("", "fields"), InputError);
}
