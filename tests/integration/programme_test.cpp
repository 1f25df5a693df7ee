// `leefkaart programme`: focus buurten against matched controls from a baseline
// year, on small made-up tables (each bad input a clean failure) and on the real
// GGD estimates for Utrecht's former krachtwijken.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// Three years of a GGD-like table: gemeente 0001 holds the two focus buurten,
// gemeente 0002 the candidates; m is matched on, o is the outcome.
struct Programme {
  fs::path dir, out;
  explicit Programme(const std::string& name) : dir(fresh_dir("programme_" + name)), out(dir / "out") {
    for (int year : {2012, 2016, 2020}) {
      const int drift = year == 2012 ? 0 : year == 2016 ? 1 : 2;
      std::string t = "Codering_3,m,o\n";
      t += "BU00010001,10," + std::to_string(30 - 2 * drift) + "\n";
      t += "BU00010002,20," + std::to_string(40 - 2 * drift) + "\n";
      t += "BU00020001,11," + std::to_string(32 - drift) + "\n";
      t += "BU00020002,19," + std::to_string(38 - drift) + "\n";
      t += "BU00020003,40,20\nBU00020004,50,10\n";
      write_text(dir / ("ggd_" + std::to_string(year) + ".csv"), t);
    }
    write_text(dir / "programme.toml", config());
  }
  static std::string config() {
    return "[programme]\n"
           "name = \"test\"\n"
           "baseline_year = 2012\n"
           "follow_up_years = [2016, 2020]\n"
           "focus = [\"BU00010001\", \"BU00010002\"]\n"
           "match = { k = 1, on = [\"m\"] }\n"
           "outcomes = [\"o\"]\n"
           "min_n = 2\n"
           "table = { file = \"./ggd_{year}.csv\", key = \"Codering_3\" }\n";
  }
  void replace(const std::string& from, const std::string& to) {
    std::string text = read_text(dir / "programme.toml");
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    write_text(dir / "programme.toml", text.replace(pos, from.size(), to));
  }
  CliResult run() const {
    return run_cli("programme --config '" + (dir / "programme.toml").string() + "' --out '" + out.string() + "' --data '" +
                   dir.string() + "'");
  }
};

// Rows of a CSV output, read with plain OGR, as field → text.
std::vector<std::map<std::string, std::string>> csv_rows(const fs::path& p) {
  std::vector<std::map<std::string, std::string>> rows;
  Dataset ds = open_vector(p);
  EXPECT_TRUE(ds) << p;
  if (!ds) return rows;
  OGRLayer* layer = ds->GetLayer(0);
  for (auto& f : *layer) {
    std::map<std::string, std::string> row;
    for (int i = 0; i < f->GetFieldCount(); ++i) row[f->GetFieldDefnRef(i)->GetNameRef()] = f->GetFieldAsString(i);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

TEST(Programme, WritesComparisonBalanceControlsAndManifest) {
  Programme p("valid");
  CliResult r = p.run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The file names are the ones schema/series.json fixes for the series and the web app.
  const auto schema = nlohmann::json::parse(read_text(source_dir() / "schema" / "series.json"));
  for (const char* key : {"programme_comparison", "programme_balance", "programme_controls"})
    EXPECT_TRUE(fs::exists(p.out / schema["csv"][key].get<std::string>())) << key;
  EXPECT_TRUE(fs::exists(p.out / "manifest.json"));
  // Focus 35 → 33 → 31, controls 35 → 34 → 33: DiD −1 in 2016, −2 in 2020.
  auto comparison = csv_rows(p.out / "programme_comparison.csv");
  ASSERT_EQ(comparison.size(), 2u);
  EXPECT_EQ(comparison[0]["year"], "2016");
  EXPECT_DOUBLE_EQ(std::stod(comparison[0]["did"]), -1);
  EXPECT_DOUBLE_EQ(std::stod(comparison[1]["did"]), -2);
  auto controls = csv_rows(p.out / "programme_controls.csv");
  ASSERT_EQ(controls.size(), 2u);
  EXPECT_EQ(controls[0]["control_code"], "BU00020001");
  EXPECT_EQ(controls[1]["control_code"], "BU00020002");
  const auto manifest = nlohmann::json::parse(read_text(p.out / "manifest.json"));
  EXPECT_EQ(manifest["command"], "programme");
  ASSERT_TRUE(manifest.contains(schema["manifest_keys"]["programme"].get<std::string>()));
  EXPECT_EQ(manifest["programme"]["baseline"]["year"], 2012);
  EXPECT_EQ(manifest["programme"]["controls"], nlohmann::json({"BU00020001", "BU00020002"}));
}

TEST(Programme, FocusCodeNotInTheBaselineTable) {
  Programme p("no_focus");
  p.replace("BU00010002", "BU00019999");
  expect_clean_failure(p.run(), p.out, {"programme.toml", "line 5", "programme.focus", "BU00019999 is not in the baseline table", "ggd_2012.csv"});
}

TEST(Programme, ControlListHoldingAFocusBuurt) {
  Programme p("control_is_focus");
  p.replace("match = { k = 1, on = [\"m\"] }", "controls = [\"BU00020001\", \"BU00010001\"]");
  expect_clean_failure(p.run(), p.out, {"programme.toml", "line 6", "programme.controls", "BU00010001 is a focus area"});
}

TEST(Programme, UnknownOutcomeColumn) {
  Programme p("unknown_outcome");
  p.replace("outcomes = [\"o\"]", "outcomes = [\"oo\"]");
  expect_clean_failure(p.run(), p.out, {"programme.toml", "line 7", "programme.outcomes", "'oo' is not a column", "did you mean 'o'?"});
}

TEST(Programme, YearPatternMatchingNoFile) {
  Programme p("no_year_file");
  fs::remove(p.dir / "ggd_2016.csv");
  expect_clean_failure(p.run(), p.out, {"programme.toml", "line 9", "programme.table.file", "no file for 2016", "ggd_2016.csv"});
}

TEST(Programme, RepeatedOrOverlappingYears) {
  Programme twice("repeated_year");
  twice.replace("[2016, 2020]", "[2016, 2016]");
  expect_clean_failure(twice.run(), twice.out, {"programme.toml", "line 4", "programme.follow_up_years", "2016 is listed twice"});
  Programme overlap("overlapping_year");
  overlap.replace("[2016, 2020]", "[2012, 2020]");
  expect_clean_failure(overlap.run(), overlap.out, {"programme.follow_up_years", "2012 is the baseline year"});
}

TEST(Programme, UnknownKeyWithSuggestion) {
  Programme p("unknown_key");
  p.replace("min_n = 2", "min_m = 2");
  expect_clean_failure(p.run(), p.out, {"programme.toml", "line 8", "programme.min_m", "unknown key", "did you mean 'min_n'?"});
}

TEST(Programme, ABaselineCannotBeRebuiltInPlace) {
  Programme p("rebuilt_baseline");
  ASSERT_EQ(p.run().exit_code, 0);
  const std::string manifest_before = read_text(p.out / "manifest.json");
  ASSERT_EQ(p.run().exit_code, 0) << "the same baseline again is fine";

  // One baseline value edited after the freeze.
  std::string t = read_text(p.dir / "ggd_2012.csv");
  t.replace(t.find("BU00020003,40,20"), 16, "BU00020003,40,21");
  write_text(p.dir / "ggd_2012.csv", t);
  CliResult r = p.run();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("leefkaart: error:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ggd_2012.csv"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a baseline cannot be rebuilt in place"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(p.out / "manifest.json").substr(0, 200), manifest_before.substr(0, 200)) << "the earlier set stays";
}

TEST(Programme, UtrechtKrachtwijkenAgainstMatchedBuurtenOfTheNetherlands) {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: " << data_dir();
  const fs::path out = fresh_dir("programme_krachtwijken") / "out";
  CliResult r = run_cli("programme --config '" + (source_dir() / "presets" / "utrecht_krachtwijken.toml").string() +
                        "' --out '" + out.string() + "' --data '" + data_dir().string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  const auto& prog = manifest["programme"];
  std::set<std::string> focus;
  for (const auto& f : prog["focus_buurten"]) focus.insert(f.get<std::string>());
  EXPECT_EQ(focus.size(), 22u);

  // Controls: 5 per focus buurt, none of them a focus buurt, from beyond Utrecht too.
  auto controls = csv_rows(out / "programme_controls.csv");
  EXPECT_EQ(controls.size(), 22u * 5);
  std::set<std::string> gemeenten;
  for (auto& c : controls) {
    EXPECT_EQ(focus.count(c["control_code"]), 0u) << c["control_code"] << " is a focus buurt";
    EXPECT_EQ(focus.count(c["focus_code"]), 1u);
    gemeenten.insert(c["control_gemeente"]);
  }
  EXPECT_GT(gemeenten.size(), 1u) << "controls come from the whole country";

  // Balance improves on every matching variable, and ends below the 0.25 convention.
  auto balance = csv_rows(out / "programme_balance.csv");
  int matched_on = 0;
  for (auto& b : balance) {
    if (b["role"] != "matched on") continue;
    ++matched_on;
    const double before = std::fabs(std::stod(b["std_diff_before"])), after = std::fabs(std::stod(b["std_diff_after"]));
    EXPECT_LT(after, before) << b["variable"];
    EXPECT_LT(after, 0.25) << b["variable"];
  }
  EXPECT_EQ(matched_on, 6);

  // Every outcome has a row per follow-up year; stress (first measured in 2020) has no DiD, and says why.
  auto comparison = csv_rows(out / "programme_comparison.csv");
  EXPECT_EQ(comparison.size(), 7u * 2);
  for (auto& c : comparison) {
    if (c["outcome"] == "HeelVeelStressInAfgelopen4Weken_26") {
      EXPECT_TRUE(c["did"].empty());
      EXPECT_NE(c["notes"].find("not measured in 2012"), std::string::npos) << c["notes"];
    } else {
      EXPECT_FALSE(c["did"].empty()) << c["outcome"] << " " << c["year"];
      EXPECT_EQ(c["focus_n"], "22");
    }
  }
}
