// Boundary changes: `leefkaart crosswalk` on the real Eindhoven boundaries, and
// tables keyed on another boundary set's codes re-expressed in a build.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"
#include "crosswalk/command.hpp"
#include "fixture_city.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CrosswalkRow {
  std::string to, kind;
  double share_of_from = 0;
};

// crosswalk.csv read with plain GDAL: from_code → its rows.
std::multimap<std::string, CrosswalkRow> read_crosswalk_csv(const fs::path& csv) {
  Dataset ds = open_vector(csv);
  EXPECT_TRUE(ds) << csv;
  std::multimap<std::string, CrosswalkRow> rows;
  for (auto& f : *ds->GetLayer(0))
    rows.emplace(f->GetFieldAsString("from_code"),
                 CrosswalkRow{f->GetFieldAsString("to_code"), f->GetFieldAsString("kind"),
                              std::stod(f->GetFieldAsString("share_of_from"))});
  return rows;
}

CliResult eindhoven_crosswalk(const fs::path& out) {
  const fs::path data = data_dir();
  return run_cli("crosswalk --from '" + (data / "boundaries/nl_buurten_2019_coarse_wgs84.topojson").string() +
                 "' --from-crs EPSG:4326 --align --from-code statcode --to '" + (data / "boundaries/eindhoven_buurt_2014_rd.geojson").string() +
                 "' --to-code statcode --filter-prefix BU0772 --out '" + out.string() + "'");
}

}  // namespace

TEST(CrosswalkRealData, Eindhoven2019BuurtenOnThe2014Polygons) {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: " << data_dir();
  const fs::path out = fresh_dir("crosswalk_eindhoven");
  CliResult r = eindhoven_crosswalk(out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json manifest = json::parse(read_text(out / "manifest.json"));
  // The 2014 polygons sit about 220 m south of the 2019 ones (their source was
  // quantised to a grid of about 270 x 310 m); the outlines find the shift,
  // close to the median offset of the centroids of the 108 name matches
  // (50 m west, 206 m south, measured with ogr2ogr).
  const json& shift = manifest["alignment"];
  EXPECT_NEAR(shift["dx_m"].get<double>(), -30, 40);
  EXPECT_NEAR(shift["dy_m"].get<double>(), -222, 40);
  EXPECT_GT(shift["outline_covered_after"].get<double>(), shift["outline_covered_before"].get<double>());
  const json& summary = manifest["summary"];
  EXPECT_EQ(summary["from_areas"], 116);
  EXPECT_EQ(summary["to_areas"], 116);
  const json& kinds = summary["kinds"];
  // Eindhoven renumbered every buurt: none keeps its code.
  EXPECT_EQ(kinds["unchanged"]["groups"], 0);
  // The README's name match says 108 of the 116 buurten of 2025 keep their 2014
  // name. Polygon overlap on these coarse files finds 77 one-to-one renumbers
  // (a buurt that kept its name shares a median 83 % with its older self, but
  // as little as 14 %, while two different buurten can share up to 82 %); the
  // rest fall into split, merged and complex groups.
  const int renumbered = kinds["renumbered"]["groups"];
  EXPECT_GE(renumbered, 70);
  EXPECT_LE(renumbered, 90);
  EXPECT_GE(kinds["split"]["groups"].get<int>(), 1);
  EXPECT_GE(kinds["merged"]["groups"].get<int>(), 1);
  // Every buurt of both sets has a real link: the two tilings cover one city.
  EXPECT_TRUE(summary["from_without_real_overlap"].empty()) << summary.dump(1);
  EXPECT_TRUE(summary["to_without_real_overlap"].empty()) << summary.dump(1);
  EXPECT_LT(summary["largest_sliver_share"].get<double>(), 0.5);

  // Against the independent name match (cbs/eindhoven_kwb_2025_buurt_subset.csv):
  // how many buurten that kept their name are a 1:1 renumber to the same polygon.
  const auto rows = read_crosswalk_csv(out / "crosswalk.csv");
  Dataset kwb = open_vector(data_dir() / "cbs/eindhoven_kwb_2025_buurt_subset.csv");
  ASSERT_TRUE(kwb);
  int by_name = 0, renumbered_alike = 0, linked_alike = 0, renumbered_elsewhere = 0;
  for (auto& f : *kwb->GetLayer(0)) {
    const std::string old_code = f->GetFieldAsString("statcode_2014_by_name");
    if (old_code.empty()) continue;
    ++by_name;
    auto [lo, hi] = rows.equal_range(f->GetFieldAsString("buurtcode"));
    for (auto it = lo; it != hi; ++it) {
      if (it->second.to != old_code) {
        renumbered_elsewhere += it->second.kind == "renumbered";
        continue;
      }
      renumbered_alike += it->second.kind == "renumbered";
      linked_alike += it->second.kind != "sliver";
    }
  }
  EXPECT_EQ(by_name, 108);
  // Measured: 70 of the 108 are 1:1 renumbers and 102 are at least a real
  // link of a split, merge or complex group; no renumber contradicts a name.
  EXPECT_GE(renumbered_alike, 65) << "of the 108 name matches";
  EXPECT_GE(linked_alike, 95) << "of the 108 name matches";
  EXPECT_EQ(renumbered_elsewhere, 0);
}

TEST(CrosswalkRealData, ResidentsSplitThroughTheCrosswalkKeepTheirTotal) {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: " << data_dir();
  using namespace leefkaart;
  crosswalk::BoundarySpec from{(data_dir() / "boundaries/nl_buurten_2019_coarse_wgs84.topojson").string(), "statcode",
                               "EPSG:4326", "BU0772", std::nullopt};
  crosswalk::BoundarySpec to{(data_dir() / "boundaries/eindhoven_buurt_2014_rd.geojson").string(), "statcode",
                             std::nullopt, "BU0772", std::nullopt};
  io::AreaSet from_set = crosswalk::read_boundaries(from);
  const io::AreaSet to_set = crosswalk::read_boundaries(to);
  const auto shift = crosswalk::align_outlines(from_set, to_set);
  crosswalk::translate(from_set, shift.dx, shift.dy);
  const crosswalk::Crosswalk cw = crosswalk::build(from_set, to_set);
  // Residents 2025 per buurt (2025 codes equal the 2019 file's for Eindhoven).
  std::map<std::string, double> residents;
  Dataset kwb = open_vector(data_dir() / "cbs/eindhoven_kwb_2025_buurt_subset.csv");
  ASSERT_TRUE(kwb);
  double table_total = 0;
  for (auto& f : *kwb->GetLayer(0)) {
    residents[f->GetFieldAsString("buurtcode")] = f->GetFieldAsDouble("a_inw");
    table_total += f->GetFieldAsDouble("a_inw");
  }
  std::vector<std::optional<double>> values;
  for (const auto& code : cw.from_codes) {
    ASSERT_TRUE(residents.count(code)) << code;
    values.push_back(residents[code]);
  }
  const auto split = crosswalk::reexpress(cw, values, crosswalk::Measure::Count);
  double split_total = 0;
  for (std::size_t t = 0; t < split.value.size(); ++t) {
    ASSERT_TRUE(split.value[t]) << cw.to_codes[t] << ": " << split.reason[t];
    split_total += *split.value[t];
  }
  EXPECT_GT(table_total, 230'000);  // Eindhoven has about 240 000 residents
  // Slivers over the city edge count as generalisation: no resident is lost.
  EXPECT_NEAR(split_total, table_total, 1e-6 * table_total);
}

TEST(CrosswalkCli, BadInputFailsCleanly) {
  const fs::path dir = fresh_dir("crosswalk_bad");
  write_text(dir / "old.geojson", collection({feature("BU09980001", square(100000, 400000, 3000))}));
  write_text(dir / "new.geojson", collection({feature("BU09990001", square(100000, 400000, 2000))}));
  write_text(dir / "far.geojson", collection({feature("BU09970001", square(200000, 500000, 2000))}));
  const auto run = [&](const std::string& from, const std::string& extra) {
    return run_cli("crosswalk --from '" + (dir / from).string() + "' --to '" + (dir / "new.geojson").string() +
                   "' --out '" + (dir / "out").string() + "'" + extra);
  };
  expect_clean_failure(run("missing.geojson", ""), dir / "out", {"--from", "file not found", "missing.geojson"});
  expect_clean_failure(run("old.geojson", " --from-code buurtcode"), dir / "out", {"old.geojson", "buurtcode", "not in layer"});
  expect_clean_failure(run("far.geojson", ""), dir / "out", {"far.geojson", "new.geojson", "no polygon", "overlaps"});
  expect_clean_failure(run("old.geojson", " --filter-prefix BU0772"), dir / "out", {"old.geojson", "BU0772"});
  expect_clean_failure(run("old.geojson", " --sliver-share nan"), dir / "out", {"--sliver-share", "nan"});
}

TEST(CrosswalkCli, WritesTheCrosswalkOfASplit) {
  const fs::path dir = fresh_dir("crosswalk_split");
  write_text(dir / "old.geojson", collection({feature("BU09980001", square(100000, 400000, 2000))}));
  // The old square was split into a west and an east half.
  write_text(dir / "new.geojson",
             collection({feature("BU09990001", "[[[100000,400000],[101000,400000],[101000,402000],[100000,402000],[100000,400000]]]"),
                         feature("BU09990002", "[[[101000,400000],[102000,400000],[102000,402000],[101000,402000],[101000,400000]]]")}));
  const fs::path out = dir / "out";
  CliResult r = run_cli("crosswalk --from '" + (dir / "old.geojson").string() + "' --to '" + (dir / "new.geojson").string() +
                        "' --out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_text(out / "crosswalk.csv"),
            "from_code,to_code,overlap_m2,share_of_from,share_of_to,kind\n"
            "BU09980001,BU09990001,2000000,0.5,1,split\n"
            "BU09980001,BU09990002,2000000,0.5,1,split\n");
  const json m = json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(m["command"], "crosswalk");
  EXPECT_EQ(m["summary"]["kinds"]["split"]["to_areas"], 2);
  EXPECT_EQ(m["summary"]["reallocated_weight"], "area");
  EXPECT_EQ(m["summary"]["reallocated_share"], 1.0);
}

// The fixture city's two buurten (x 100-102 km and 102-104 km) with a table keyed
// on an older division: BU09980001 over x 100-103 km, BU09980002 over x 103-104 km.
struct OldCodesCity : FixtureCity {
  explicit OldCodesCity(const std::string& name) : FixtureCity(name) {
    write_text(dir / "oud.geojson",
               collection({feature("BU09980001", "[[[100000,400000],[103000,400000],[103000,402000],[100000,402000],[100000,400000]]]"),
                           feature("BU09980002", "[[[103000,400000],[104000,400000],[104000,402000],[103000,402000],[103000,400000]]]")}));
    write_text(dir / "oud.csv", "code,eenzaam\nBU09980001,10\nBU09980002,30\n");
    std::string cfg = read_text(dir / "config.toml");
    cfg.replace(cfg.find("[population]"), 0,
                "[tables.oud]\nfile = \"./oud.csv\"\nkey = \"code\"\n"
                "crosswalk = { file = \"./oud.geojson\", code_field = \"statcode\" }\n");
    cfg += "[[indicator]]\nname = \"eenzaam\"\nunit = \"%\"\nsource = { table = \"oud\", field = \"eenzaam\" }\n"
           "threshold = { rule = \"absolute\", value = 15 }\n";
    write_text(dir / "config.toml", cfg);
  }
};

TEST(CrosswalkBuild, ARateKeyedOnOldCodesIsAveragedOntoTheStudyAreasByResidents) {
  OldCodesCity c("crosswalk_build");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Dataset cells = open_vector(c.out / "cells.csv");
  ASSERT_TRUE(cells);
  // West buurt: wholly old BU09980001 (10 %). East buurt: half old 1, half old 2
  // (residents spread evenly over it): 20 %, weighted by the residents of the
  // cells whose centre lies in each half, so up to a cell column either way.
  // (Cells cut by the line between the two buurten mix both, so look at the median.)
  std::map<std::string, std::vector<double>> values;
  for (auto& f : *cells->GetLayer(0)) {
    const std::string v = f->GetFieldAsString("val_eenzaam");
    if (!v.empty()) values[f->GetFieldAsString("buurt_code")].push_back(std::stod(v));
  }
  ASSERT_EQ(values.size(), 2u) << r.output;
  const auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  EXPECT_DOUBLE_EQ(median(values["BU09990001"]), 10.0);
  EXPECT_NEAR(median(values["BU09990002"]), 20.0, 1.0);
  const json m = json::parse(read_text(c.out / "manifest.json"));
  EXPECT_NE(m.dump().find("through a crosswalk"), std::string::npos) << m["notes"].dump(1);
}

TEST(CrosswalkBuild, BadCrosswalkInputNamesFileLineAndField) {
  {
    OldCodesCity c("crosswalk_missing_file");
    c.replace_in("config.toml", "./oud.geojson", "./weg.geojson");
    expect_clean_failure(c, {"weg.geojson", "file not found", "[tables.oud]", "line 12"});
  }
  {
    OldCodesCity c("crosswalk_code_field");
    c.replace_in("config.toml", "code_field = \"statcode\" }", "code_field = \"buurtcode\" }");
    expect_clean_failure(c, {"oud.geojson", "buurtcode", "not in layer", "[tables.oud]", "line 12"});
  }
  {
    OldCodesCity c("crosswalk_no_overlap");
    // Both old polygons lie just east of the study area (inside its box's margin).
    c.replace_in("oud.geojson", "[[[103000,400000],[104000,400000],[104000,402000],[103000,402000],[103000,400000]]]",
                 "[[[104500,400000],[104900,400000],[104900,402000],[104500,402000],[104500,400000]]]");
    c.replace_in("oud.geojson", "[[[100000,400000],[103000,400000],[103000,402000],[100000,402000],[100000,400000]]]",
                 "[[[104100,400000],[104500,400000],[104500,402000],[104100,402000],[104100,400000]]]");
    expect_clean_failure(c, {"oud.geojson", "statcode", "no polygon of this file overlaps", "[tables.oud]"});
  }
  {
    OldCodesCity c("crosswalk_far_away");
    c.replace_in("oud.geojson", "[[[103000,400000],[104000,400000],[104000,402000],[103000,402000],[103000,400000]]]",
                 "[[[113000,400000],[114000,400000],[114000,402000],[113000,402000],[113000,400000]]]");
    c.replace_in("oud.geojson", "[[[100000,400000],[103000,400000],[103000,402000],[100000,402000],[100000,400000]]]",
                 "[[[110000,400000],[113000,400000],[113000,402000],[110000,402000],[110000,400000]]]");
    expect_clean_failure(c, {"oud.geojson", "geometry", "wholly outside the study area", "[tables.oud]"});
  }
  {
    // RD metres declared as WGS84 degrees.
    OldCodesCity c("crosswalk_wrong_crs");
    c.replace_in("config.toml", "code_field = \"statcode\" }", "code_field = \"statcode\", crs = \"EPSG:4326\" }");
    expect_clean_failure(c, {"oud.geojson", "feature", "geometry", "EPSG:4326"});
  }
  {
    OldCodesCity c("crosswalk_unknown_key");
    c.replace_in("config.toml", "code_field = \"statcode\" }", "code_feld = \"statcode\" }");
    expect_clean_failure(c, {"config.toml", "line 12", "tables.oud.crosswalk.code_feld", "unknown key"});
  }
}
