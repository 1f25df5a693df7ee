// A run's results appear whole or not at all: a kill at any moment, inside
// the commit too, leaves either the old complete set or the new one; the next
// run removes what a dead run left; a run replaces another kind's set whole
// and refuses a folder that is not a leefkaart result.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.hpp"
#include "io/result_set.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

fs::path utrecht_preset() { return source_dir() / "presets/utrecht.toml"; }

std::string command_of(const fs::path& dir) {
  std::ifstream in(dir / "manifest.json");
  return json::parse(in).value("command", "");
}

// Folders and lock files a run leaves beside its output folder while it works.
std::vector<std::string> staging_beside(const fs::path& out) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    if (e.path().filename().string().starts_with("." + out.filename().string() + ".leefkaart-staging-"))
      found.push_back(e.path().filename().string());
  return found;
}

// Starts `leefkaart build` with the commit slowed down, and kills it (SIGKILL) after `after`.
void build_and_kill(const fs::path& out, std::chrono::milliseconds after) {
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setenv("LEEFKAART_TEST_COMMIT_PAUSE_MS", "150", 1);
    const std::string config = utrecht_preset().string(), out_dir = out.string();
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(LEEFKAART_BIN, LEEFKAART_BIN, "-q", "build", "--config", config.c_str(), "--out", out_dir.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(after);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
}

}  // namespace

TEST(ResultSet, EveryOutputFileIsListedWithItsChecksum) {
  const fs::path out = fresh_dir("set_listed") / "out";
  const auto r = run_build(utrecht_preset(), out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(leefkaart::io::result_set_problems(out).empty());
  std::ifstream in(out / "manifest.json");
  const json files = json::parse(in)["files"];
  for (const char* f : {"leefkaart.gpkg", "cells.geojson", "cells.csv", "buurten.csv", "masking.csv"})
    EXPECT_EQ(files[f]["sha256"].get<std::string>().size(), 64u) << f;
  EXPECT_FALSE(files.contains("manifest.json"));
  EXPECT_TRUE(staging_beside(out).empty());

  // An altered file is seen.
  std::ofstream(out / "masking.csv", std::ios::app) << "x\n";
  const auto problems = leefkaart::io::result_set_problems(out);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("masking.csv"), std::string::npos);
}

TEST(ResultSet, AGridRunReplacesABuildWholeInsteadOfMixingWithIt) {
  const fs::path out = fresh_dir("set_kinds") / "out";
  ASSERT_EQ(run_build(utrecht_preset(), out).exit_code, 0);
  const auto r = run_cli("grid --config '" + utrecht_preset().string() + "' --out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(command_of(out), "grid");
  EXPECT_FALSE(fs::exists(out / "buurten.csv"));  // the build's other files went with its set
  EXPECT_FALSE(fs::exists(out / "cells.geojson"));
  EXPECT_TRUE(leefkaart::io::result_set_problems(out).empty());
}

TEST(ResultSet, AFolderWithOtherFilesIsRefusedAndLeftAlone) {
  const fs::path out = fresh_dir("set_foreign");
  write_text(out / "notes.txt", "mijn aantekeningen");
  const auto r = run_build(utrecht_preset(), out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("not a leefkaart result"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(out / "notes.txt"), "mijn aantekeningen");
  EXPECT_EQ(file_count(out), 1u);
}

TEST(ResultSet, AKillAtAnyMomentLeavesTheOldOrTheNewCompleteSet) {
  const fs::path out = fresh_dir("set_kill") / "out";
  // The old set: a grid run (another kind, other files), so a mix would show.
  ASSERT_EQ(run_cli("-q grid --config '" + utrecht_preset().string() + "' --out '" + out.string() + "'").exit_code, 0);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(run_build(utrecht_preset(), fresh_dir("set_kill_timing") / "out").exit_code, 0);
  const auto run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  // Kill moments spread over the whole run, the two slowed commit steps (150 ms each) included.
  const auto span = run_ms + std::chrono::milliseconds(400);
  std::set<std::string> seen;
  constexpr int kKills = 16;
  for (int i = 0; i < kKills; ++i) {
    build_and_kill(out, span * i / kKills);
    const auto problems = leefkaart::io::result_set_problems(out);
    EXPECT_TRUE(problems.empty()) << "kill " << i << ": " << (problems.empty() ? "" : problems.front());
    const std::string command = command_of(out);
    EXPECT_TRUE(command == "grid" || command == "build") << command;
    seen.insert(command);
  }
  EXPECT_TRUE(seen.count("grid")) << "no kill came before the commit";
  // What the killed runs left beside the folder is removed by the next run.
  ASSERT_EQ(run_build(utrecht_preset(), out).exit_code, 0);
  EXPECT_TRUE(staging_beside(out).empty()) << staging_beside(out).front();
  EXPECT_TRUE(leefkaart::io::result_set_problems(out).empty());
}

TEST(ResultSet, AStagingFolderOfADeadRunIsRemovedByTheNextRun) {
  const fs::path out = fresh_dir("set_stale") / "out";
  const fs::path stale = out.parent_path() / ".out.leefkaart-staging-4242-deadbeef";
  fs::create_directories(stale);
  write_text(stale / "leefkaart.gpkg", std::string(1 << 20, 'x'));
  write_text(stale.string() + ".lock", "4242");  // nobody holds it: its run is gone
  ASSERT_EQ(run_build(utrecht_preset(), out).exit_code, 0);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(stale.string() + ".lock"));
}
