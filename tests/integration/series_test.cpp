// `leefkaart series`: several years on one grid. A small city of three
// buurten with a table per year shows what change means and what it does not.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "fixture_city.hpp"

namespace leefkaart::testing {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

const char* const kSeriesConfig = R"(title = "reeks"
[series]
years = [2016, 2020]
base_year = 2016
[grid]
size = 100
[study_area]
file = "./buurten.geojson"
[tables.kwb]
file = "./kwb_{year}.csv"
key = "code"
[population]
source = { table = "kwb", field = "a_inw" }
[privacy]
min_residents = 5
[[indicator]]
name = "eenzaam"
kind = "social"
unit = "%"
source = { table = "kwb", field = "eenzaam" }
threshold = { rule = "percentile", value = 50 }
[[indicator]]
name = "afstand"
source = { table = "kwb", field = "afstand" }
threshold = { rule = "absolute", value = 1.0 }
)";

// Three 1 km buurten side by side; one table per year.
struct SeriesCity {
  fs::path dir, out;
  explicit SeriesCity(const std::string& name) : dir(fresh_dir(name)), out(dir / "out") {
    write_text(dir / "buurten.geojson", collection({feature("BU09990001", square(100000, 400000, 1000)),
                                                     feature("BU09990002", square(101000, 400000, 1000)),
                                                     feature("BU09990003", square(102000, 400000, 1000))}));
    write_table(2016, {{"BU09990001", "1200,30,0.8"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,0.5"}});
    write_table(2020, {{"BU09990001", "1200,30,0.8"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,0.5"}});
    write_text(dir / "config.toml", kSeriesConfig);
  }
  void write_table(int year, const std::map<std::string, std::string>& rows) const {
    std::string text = "code,a_inw,eenzaam,afstand\n";
    for (const auto& [code, values] : rows) text += code + "," + values + "\n";
    write_text(dir / ("kwb_" + std::to_string(year) + ".csv"), text);
  }
  void replace_in_config(const std::string& from, const std::string& to) const {
    std::string text = read_text(dir / "config.toml");
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write_text(dir / "config.toml", text);
  }
  CliResult run() const {
    return run_cli("series --config " + (dir / "config.toml").string() + " --out " + out.string());
  }
  json cells() const { return json::parse(read_text(out / "cells.geojson")); }
  json manifest() const { return json::parse(read_text(out / "manifest.json")); }
};

TEST(Series, TwoIdenticalYearsGiveChangeZeroEverywhere) {
  SeriesCity city("series_identical");
  const CliResult r = city.run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json cells = city.cells();
  ASSERT_GT(cells["features"].size(), 100u);  // 3 km² in cells of 2.6 ha
  for (const auto& f : cells["features"]) {
    const auto& p = f["properties"];
    EXPECT_EQ(p["comparable_2020"], 1) << p["cell_id"];
    EXPECT_EQ(p["change_2020"], 0) << p["cell_id"];
    EXPECT_TRUE(p["flips_2020"].is_null()) << p["cell_id"];
    EXPECT_EQ(p["score_2020"], p["score_2016"]);
  }
  const json m = city.manifest();
  EXPECT_EQ(m["command"], "series");
  EXPECT_EQ(m["gap"]["change_pct"]["2020"], 0);
  EXPECT_EQ(m["thresholds"]["comparable_over_time"], true);
}

TEST(Series, OneBuurtMadeWorseChangesOnlyTheCellsOfThatBuurt) {
  SeriesCity city("series_one_buurt_worse");
  // Buurt 3 is now farther from its facilities (0.5 → 1.6 km): its cells cross
  // the 1 km threshold. Nothing else changes.
  city.write_table(2020, {{"BU09990001", "1200,30,0.8"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,1.6"}});
  const CliResult r = city.run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::size_t changed = 0;
  const json cells = city.cells();
  for (const auto& f : cells["features"]) {
    const auto& p = f["properties"];
    if (p["buurt_code"] == "BU09990003" && p["area_m2"].get<double>() > 25000 * 0.99) {
      EXPECT_EQ(p["change_2020"], 1) << p["cell_id"];
      EXPECT_EQ(p["flips_2020"], "afstand 0→1") << p["cell_id"];
      ++changed;
    }
    // Buurt 3 starts at x = 102 000; a cell (173 m across) whose centre lies west of 101 900
    // has no part in it, and does not change.
    if (p["x_rd"].get<double>() < 101900) EXPECT_EQ(p["change_2020"], 0) << p["cell_id"];
  }
  EXPECT_GT(changed, 20u);
  // The buurt's mean rises by one point; the others stay.
  const json buurten = json::parse(read_text(city.out / "buurten.geojson"));
  for (const auto& f : buurten["features"]) {
    const auto& p = f["properties"];
    if (p["code"] == "BU09990001") EXPECT_EQ(p["change_2020"], 0);
    if (p["code"] == "BU09990003") EXPECT_GT(p["change_2020"].get<double>(), 0.9);
  }
}

TEST(Series, ThresholdsOfTheBaseYearApplyToEveryYearByDefault) {
  SeriesCity city("series_base_thresholds");
  // Every buurt 10 points lonelier in 2020: with the base year's median the
  // flags move; with per-year medians the map would look the same.
  city.write_table(2020, {{"BU09990001", "1200,40,0.8"}, {"BU09990002", "800,50,1.4"}, {"BU09990003", "900,30,0.5"}});
  ASSERT_EQ(city.run().exit_code, 0);
  const json m = city.manifest();
  EXPECT_EQ(m["thresholds"]["per_indicator"]["eenzaam"]["2016"], m["thresholds"]["per_indicator"]["eenzaam"]["2020"]);

  SeriesCity per_year("series_per_year_thresholds");
  per_year.write_table(2020, {{"BU09990001", "1200,40,0.8"}, {"BU09990002", "800,50,1.4"}, {"BU09990003", "900,30,0.5"}});
  per_year.replace_in_config("base_year = 2016", "base_year = 2016\nthresholds = \"per_year\"");
  ASSERT_EQ(per_year.run().exit_code, 0);
  const json pm = per_year.manifest();
  EXPECT_EQ(pm["thresholds"]["comparable_over_time"], false);
  EXPECT_NE(pm["thresholds"]["per_indicator"]["eenzaam"]["2016"], pm["thresholds"]["per_indicator"]["eenzaam"]["2020"]);
  // Re-ranked every year, no cell's change says anything about the city: every cell says why.
  const json cells = per_year.cells();
  for (const auto& f : cells["features"]) {
    const auto& p = f["properties"];
    EXPECT_EQ(p["comparable_2020"], 0);
    EXPECT_TRUE(p["change_2020"].is_null());
    EXPECT_NE(p["why_not_comparable_2020"].get<std::string>().find("niet vergelijkbaar in de tijd"), std::string::npos);
  }
  EXPECT_TRUE(pm["gap"]["change_pct"]["2020"].is_null());
}

TEST(Series, AYearWithoutAFileCarriesTheEarlierYearAndSaysSo) {
  SeriesCity city("series_carry");
  city.replace_in_config("years = [2016, 2020]", "years = [2016, 2018, 2020]");
  const CliResult r = city.run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json m = city.manifest();
  const json& y2018 = m["per_year"][1];
  EXPECT_EQ(y2018["year"], 2018);
  EXPECT_EQ(y2018["population_year"], 2016);
  EXPECT_EQ(y2018["indicators"][0]["source_year"], 2016);
  EXPECT_EQ(y2018["indicators"][0]["carried"], true);
}

TEST(Series, AnIndicatorLeftOutInAYearMakesItsCellsNotComparable) {
  SeriesCity city("series_omit");
  city.replace_in_config("field = \"afstand\" }", "field = \"afstand\" }\nmissing_year = \"omit\"");
  city.write_table(2020, {{"BU09990001", "1200,30,"}, {"BU09990002", "800,40,"}, {"BU09990003", "900,20,"}});
  const CliResult r = city.run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json cells = city.cells();
  const auto& p = cells["features"][100]["properties"];
  EXPECT_EQ(p["comparable_2020"], 0);
  EXPECT_EQ(p["why_not_comparable_2020"], "afstand ontbreekt in 2020");
}

TEST(Series, TrendsAndGapAreWrittenAsTables) {
  SeriesCity city("series_tables");
  city.replace_in_config("years = [2016, 2020]", "years = [2016, 2018, 2020]");
  city.write_table(2018, {{"BU09990001", "1200,30,1.2"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,0.5"}});
  city.write_table(2020, {{"BU09990001", "1200,30,1.3"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,0.5"}});
  ASSERT_EQ(city.run().exit_code, 0);
  const std::string trends = read_text(city.out / "trends.csv");
  EXPECT_NE(trends.find("level,code,naam,year,pop,mean_score"), std::string::npos);
  EXPECT_NE(trends.find("buurten,BU09990001"), std::string::npos);
  const json buurten = json::parse(read_text(city.out / "buurten.geojson"));
  for (const auto& f : buurten["features"]) {
    const auto& p = f["properties"];
    EXPECT_EQ(p["slope_years"], 3);
    if (p["code"] == "BU09990002") EXPECT_DOUBLE_EQ(p["slope_per_year"].get<double>(), 0.0);
    if (p["code"] == "BU09990001") EXPECT_GT(p["slope_per_year"].get<double>(), 0.0);  // farther from 2018 on
  }
  EXPECT_NE(read_text(city.out / "gap.csv").find("year,residents_scored,worst_mean,best_mean,gap,change_pct"),
            std::string::npos);
}

// --- bad input: a clear error naming file and key, nothing written -------------

TEST(SeriesBadInput, YearsThatRepeat) {
  SeriesCity city("series_bad_repeat");
  city.replace_in_config("years = [2016, 2020]", "years = [2016, 2020, 2020]");
  expect_clean_failure(city.run(), city.out, {"config.toml", "series.years", "2020 is listed twice"});
}

TEST(SeriesBadInput, YearsOutOfOrder) {
  SeriesCity city("series_bad_order");
  city.replace_in_config("years = [2016, 2020]", "years = [2020, 2016]");
  expect_clean_failure(city.run(), city.out, {"series.years", "in order"});
}

TEST(SeriesBadInput, ABaseYearOutsideTheYears) {
  SeriesCity city("series_bad_base");
  city.replace_in_config("base_year = 2016", "base_year = 2012");
  expect_clean_failure(city.run(), city.out, {"series.base_year", "2012 is not one of the series' years"});
}

TEST(SeriesBadInput, APatternThatMatchesNoFile) {
  SeriesCity city("series_bad_pattern");
  city.replace_in_config("./kwb_{year}.csv", "./kbw_{year}.csv");
  expect_clean_failure(city.run(), city.out, {"config.toml", "population.source", "matches no data in any year", "kbw_2016.csv"});
}

TEST(SeriesBadInput, AYearWithoutAnySource) {
  SeriesCity city("series_bad_empty_year");
  city.replace_in_config("years = [2016, 2020]", "years = [2016, 2020]\nmissing_year = \"omit\"");
  city.replace_in_config("[population]", "[population]\nmissing_year = \"nearest\"");
  city.replace_in_config("years = [2016, 2020]", "years = [2016, 2020, 2030]");
  expect_clean_failure(city.run(), city.out, {"series.years", "2030 has no data for any indicator"});
}

TEST(SeriesBadInput, AYearPatternInAPlainBuild) {
  SeriesCity city("series_bad_plain_build");
  city.replace_in_config("[series]\nyears = [2016, 2020]\nbase_year = 2016\n", "");
  expect_clean_failure(run_build(city.dir / "config.toml", city.out), city.out,
                       {"tables.kwb.file", "holds {year}", "only a series config"});
}

TEST(SeriesBadInput, ASeriesConfigGivenToBuild) {
  SeriesCity city("series_bad_build");
  expect_clean_failure(run_build(city.dir / "config.toml", city.out), city.out, {"series", "leefkaart series"});
}

TEST(SeriesBaseline, CannotBeRebuiltInPlaceWithOtherInputs) {
  SeriesCity city("series_baseline_frozen");
  ASSERT_EQ(city.run().exit_code, 0);
  // The same inputs again: allowed (e.g. to add a follow-up year).
  ASSERT_EQ(city.run().exit_code, 0);
  const std::string before = read_text(city.out / "manifest.json");
  // A changed base-year table: refused, and the earlier series stays as it was.
  city.write_table(2016, {{"BU09990001", "1200,31,0.8"}, {"BU09990002", "800,40,1.4"}, {"BU09990003", "900,20,0.5"}});
  const CliResult r = city.run();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("a baseline cannot be rebuilt in place"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("kwb_2016.csv"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(city.out / "manifest.json"), before);
}

TEST(SeriesBaseline, ADifferentGridIsRefusedWithTheDifferenceNamed) {
  SeriesCity city("series_baseline_grid");
  ASSERT_EQ(city.run().exit_code, 0);
  city.replace_in_config("size = 100", "size = 150");
  const CliResult r = city.run();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("grid.size"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("another grid"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace leefkaart::testing
