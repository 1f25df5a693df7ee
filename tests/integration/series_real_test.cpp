// The series presets on the real data in ../shared/data.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"

namespace leefkaart::testing {
namespace {
namespace fs = std::filesystem;
using json = nlohmann::json;

CliResult run_series(const std::string& preset, const fs::path& out) {
  return run_cli("series --config '" + (source_dir() / "presets" / preset).string() + "' --out '" + out.string() +
                 "' --data '" + data_dir().string() + "'");
}

const json* year_of(const json& manifest, int year) {
  for (const auto& y : manifest["per_year"])
    if (y["year"] == year) return &y;
  return nullptr;
}

const json* indicator_of(const json& year, const std::string& name) {
  for (const auto& i : year["indicators"])
    if (i["name"] == name) return &i;
  return nullptr;
}

TEST(RealDataSeries, UtrechtFrom2012To2024OnOneGrid) {
  const fs::path out = fresh_dir("real_series_utrecht") / "out";
  const CliResult r = run_series("utrecht_reeks.toml", out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json m = json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(m["command"], "series");
  EXPECT_EQ(m["years"], json({2012, 2014, 2016, 2018, 2020, 2022, 2024}));
  EXPECT_EQ(m["base_year"], 2016);

  // What each year really reads: GGD rounds 2012/2016/2020/2022/2024, NO2 to
  // 2021, kerncijfers from 2016.
  const json& y2014 = *year_of(m, 2014);
  EXPECT_EQ((*indicator_of(y2014, "eenzaamheid"))["source_year"], 2012);
  EXPECT_EQ((*indicator_of(y2014, "eenzaamheid"))["carried"], true);
  EXPECT_EQ((*indicator_of(y2014, "lage_inkomens"))["supplied"], false);
  EXPECT_EQ(y2014["population_year"], 2016);
  const json& y2022 = *year_of(m, 2022);
  EXPECT_EQ((*indicator_of(y2022, "no2"))["source_year"], 2021);
  EXPECT_EQ((*indicator_of(y2022, "eenzaamheid"))["source_year"], 2022);
  EXPECT_EQ((*indicator_of(y2022, "eenzaamheid"))["carried"], false);
  // Residents follow the kerncijfers edition of the year.
  EXPECT_GT((*year_of(m, 2024))["counts"]["residents_on_cells"].get<double>(),
            (*year_of(m, 2016))["counts"]["residents_on_cells"].get<double>());

  // The base year's percentile thresholds hold in every year.
  const json& eenzaam = m["thresholds"]["per_indicator"]["eenzaamheid"];
  for (const auto& [year, value] : eenzaam.items()) EXPECT_EQ(value, eenzaam["2016"]) << year;

  // Every year has the same cells, and 2020 compares with 2016 in most inhabited ones.
  const json cells = json::parse(read_text(out / "cells.geojson"));
  EXPECT_EQ(cells["features"].size(), 3809u);
  std::size_t comparable = 0, inhabited = 0, changed = 0;
  for (const auto& f : cells["features"]) {
    const auto& p = f["properties"];
    if (p["score_2016"].is_null()) continue;
    ++inhabited;
    if (p["comparable_2020"] == 1) {
      ++comparable;
      EXPECT_EQ(p["change_2020"].get<int>(), p["score_2020"].get<int>() - p["score_2016"].get<int>());
      changed += p["change_2020"] != 0;
      if (p["change_2020"] != 0) EXPECT_FALSE(p["flips_2020"].is_null()) << p["cell_id"];  // a change has its flips
    }
    // 2012 and 2014 count one indicator less (no income figures): never compared.
    EXPECT_EQ(p["comparable_2012"], 0);
  }
  EXPECT_GT(comparable, inhabited * 9 / 10);
  EXPECT_GT(changed, 100u);  // four years of GGD, income and NO2 change do show

  // Trends: every buurt, wijk and the gemeente, every year.
  const std::string trends = read_text(out / "trends.csv");
  EXPECT_NE(trends.find("gemeente,GM0344,Utrecht,2024,"), std::string::npos);
  std::size_t rows = 0;
  for (char c : trends) rows += c == '\n';
  EXPECT_EQ(rows, 1 + (111 + 10 + 1) * 7u);
  const json gemeente = json::parse(read_text(out / "gemeente.geojson"));
  EXPECT_EQ(gemeente["features"][0]["properties"]["slope_years"], 5);  // 2016–2024: the years that count the same indicators
  EXPECT_FALSE(m["gap"]["per_year"]["2016"].is_null());
}

}  // namespace
}  // namespace leefkaart::testing
