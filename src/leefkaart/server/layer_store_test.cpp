#include "server/layer_store.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/errors.hpp"
#include "server/test_manifest.hpp"

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

json one_cell(const json& properties) {
  return {{"type", "FeatureCollection"},
          {"features",
           {{{"type", "Feature"},
             {"properties", properties},
             {"geometry", {{"type", "Polygon"}, {"coordinates", {{{5.1, 52.1}, {5.2, 52.1}, {5.2, 52.2}, {5.1, 52.1}}}}}}}}}};
}

// cells.geojson and a manifest listing its checksum, as a build leaves them.
void write_cells(const fs::path& dir, int score) {
  std::ofstream(dir / "cells.geojson") << one_cell({{"cell_id", "q1r2"}, {"score", score}, {"pop", 12.5}}).dump();
  leefkaart::testing::write_manifest(dir, {{"tool", "leefkaart"}, {"command", "build"}});
}

// A layer with nine properties f0..f8: 511 different non-empty field lists.
void write_wide_layer(const fs::path& dir) {
  json props;
  for (int i = 0; i < 9; ++i) props["f" + std::to_string(i)] = i * 1.5;
  std::ofstream(dir / "wide.geojson") << one_cell(props).dump();
  leefkaart::testing::write_manifest(dir, {{"tool", "leefkaart"}, {"command", "build"}});
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

TEST(LayerStore, AFileNotMatchingTheManifestIsNotServed) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  // A build that stopped halfway: the layer rewritten, the manifest still the old one.
  std::ofstream(dir / "cells.geojson") << one_cell({{"cell_id", "q1r2"}, {"score", 99}}).dump();
  try {
    store.get("cells");
    FAIL() << "expected a ResultSetError";
  } catch (const server::ResultSetError& e) {
    EXPECT_EQ(std::string(e.what()), "result set is incomplete or altered: cells.geojson");
  }
  fs::remove(dir / "cells.geojson");
  EXPECT_THROW(store.get("cells"), server::ResultSetError);
}

TEST(LayerStore, ANewSetWithItsManifestIsServedAfterReadingTheManifestAgain) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  EXPECT_EQ(json::parse(store.get("cells")->plain)["features"][0]["properties"]["score"], 3);
  write_cells(dir, 14);  // the layer and its manifest both new: the store's copy of the manifest is stale
  EXPECT_EQ(json::parse(store.get("cells")->plain)["features"][0]["properties"]["score"], 14);
}

TEST(LayerStore, AFolderWithoutChecksumsIsRefused) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  std::ofstream(dir / "manifest.json") << json{{"tool", "leefkaart"}, {"command", "build"}}.dump();
  try {
    server::LayerStore store(dir);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("made by an older leefkaart: run the build again"), std::string::npos) << e.what();
  }
}

TEST(LayerStore, TheOrderAndRepeatsOfFieldsDoNotMakeAnotherEntry) {
  const fs::path dir = fresh_dir();
  write_cells(dir, 3);
  server::LayerStore store(dir);
  auto a = store.get("cells", {"score", "pop"});
  auto b = store.get("cells", {"pop", "score", "pop"});
  EXPECT_EQ(a, b);
  EXPECT_EQ(store.cached_layers(), 1u);
  EXPECT_EQ(json::parse(a->plain)["features"][0]["properties"], (json{{"pop", 12.5}, {"score", 3}}));
}

TEST(LayerStore, TheCacheStaysWithinItsBoundOverManyFieldLists) {
  const fs::path dir = fresh_dir();
  write_wide_layer(dir);
  const std::size_t bound = 20000;  // room for some dozens of these small layers, not 300
  server::LayerStore store(dir, bound);
  std::size_t largest = 0;
  for (int list = 1; list <= 300; ++list) {
    std::vector<std::string> fields;
    for (int bit = 0; bit < 9; ++bit)
      if (list & (1 << bit)) fields.push_back("f" + std::to_string(bit));
    store.get("wide", fields);
    largest = std::max(largest, store.cached_bytes());
  }
  EXPECT_LE(largest, bound);
  EXPECT_GT(store.cached_layers(), 10u);   // it does keep what fits
  EXPECT_LT(store.cached_layers(), 300u);  // and lets the rest go
  // The most recent list is still there: asking again gives the same body.
  std::vector<std::string> last;
  for (int bit = 0; bit < 9; ++bit)
    if (300 & (1 << bit)) last.push_back("f" + std::to_string(bit));
  EXPECT_EQ(store.get("wide", last), store.get("wide", last));
}

// The first preparation waits, inside the store, until a second one (of
// another field list) has started: with one lock around every preparation the
// second could never start, and the wait would run out.
TEST(LayerStore, TwoFieldListsArePreparedAtTheSameTime) {
  const fs::path dir = fresh_dir();
  write_wide_layer(dir);
  server::LayerStore store(dir);
  std::mutex m;
  std::condition_variable cv;
  int started = 0;
  bool overlapped = false;
  store.set_prepare_observer([&](const std::string&) {
    std::unique_lock<std::mutex> lock(m);
    ++started;
    cv.notify_all();
    if (cv.wait_for(lock, std::chrono::seconds(5), [&] { return started >= 2; })) overlapped = true;
  });
  std::thread first([&] { store.get("wide", {"f1"}); });
  std::thread second([&] { store.get("wide", {"f2"}); });
  first.join();
  second.join();
  EXPECT_TRUE(overlapped);
}

TEST(LayerStore, ManyAskersOfOneFieldListShareOnePreparation) {
  const fs::path dir = fresh_dir();
  write_wide_layer(dir);
  server::LayerStore store(dir);
  std::atomic<int> preparations{0};
  store.set_prepare_observer([&](const std::string&) {
    ++preparations;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the others arrive meanwhile
  });
  std::vector<std::thread> askers;
  std::vector<std::shared_ptr<const server::LayerBody>> bodies(8);
  for (int i = 0; i < 8; ++i) askers.emplace_back([&, i] { bodies[i] = store.get("wide", {"f3", "f4"}); });
  for (auto& t : askers) t.join();
  EXPECT_EQ(preparations.load(), 1);
  for (const auto& b : bodies) EXPECT_EQ(b, bodies[0]);
}
