// The stapelkaart on the real data: presets/utrecht_stapelkaart.toml (continuous
// stacking with RIVM noise per buurt) and presets/eindhoven_stapelkaart.toml (the
// Eindhoven flags counted per perspective). Each cell's stack is recomputed here
// from its own values, flags and the manifest's ranges and breaks.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct Build {
  fs::path out;
  json manifest;
  Dataset gpkg;
  CliResult result;
};

Build build(const std::string& preset, const std::string& dir) {
  Build b;
  b.out = fresh_dir_for_this_process(dir);
  b.result = run_build(source_dir() / "presets" / preset, b.out, data_dir());
  if (b.result.exit_code != 0) return b;
  b.manifest = json::parse(read_text(b.out / "manifest.json"));
  b.gpkg = open_vector(b.out / "leefkaart.gpkg");
  return b;
}

const Build& utrecht() {
  static const Build b = build("utrecht_stapelkaart.toml", "stack_utrecht");
  return b;
}

std::optional<double> real(OGRFeature& f, const std::string& field) {
  const int i = f.GetFieldIndex(field.c_str());
  EXPECT_GE(i, 0) << "no field " << field;
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return std::nullopt;
  return f.GetFieldAsDouble(i);
}
std::optional<std::string> text(OGRFeature& f, const std::string& field) {
  const int i = f.GetFieldIndex(field.c_str());
  EXPECT_GE(i, 0) << "no field " << field;
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return std::nullopt;
  return std::string(f.GetFieldAsString(i));
}

// The class code a cell's pressures give (schema/build.json stack.classes).
std::string class_of(bool protection, bool promotion, bool vulnerable) {
  std::string c = protection && promotion ? "beide" : protection ? "beschermen" : promotion ? "bevorderen" : "geen";
  return vulnerable ? c + "_kwetsbaar" : c;
}

}  // namespace

TEST(StackReal, UtrechtManifestDescribesTheMethodAndItsNumbers) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  const Build& b = utrecht();
  ASSERT_EQ(b.result.exit_code, 0) << b.result.output;
  const json& st = b.manifest.at("stack");
  EXPECT_EQ(st.at("method"), "continuous");
  EXPECT_EQ(st.at("scaling"), "minmax");
  EXPECT_EQ(st.at("perspectives").at("beschermen"), json({"no2", "geluid", "geluid_weg", "geluid_trein"}));
  EXPECT_EQ(st.at("perspectives").at("faciliteren"), json({"leefbaarometer_voorzieningen"}));
  EXPECT_EQ(st.at("vulnerability"), json({"ervaren_gezondheid", "ses_proxy", "lage_inkomens", "ouderen"}));
  EXPECT_EQ(st.at("rule").at("pressure_class"), 4);
  EXPECT_FALSE(st.at("rule").at("nl").get<std::string>().empty());
  // Quintile breaks: four per perspective and for vulnerability, never descending.
  for (const char* p : {"beschermen", "bevorderen", "faciliteren", "vulnerability"}) {
    const auto& br = st.at("breaks").at(p);
    ASSERT_EQ(br.size(), 4u) << p;
    for (std::size_t i = 1; i < br.size(); ++i) EXPECT_LE(br[i - 1].get<double>(), br[i].get<double>()) << p;
  }
  // The ranges are the study area's: NO2 in Utrecht lies between 11 and 40 µg/m³ (the preset's description).
  const auto& no2 = st.at("ranges").at("no2");
  EXPECT_GT(no2.at("min").get<double>(), 11.0);
  EXPECT_LT(no2.at("max").get<double>(), 40.0);
  EXPECT_EQ(st.at("classes").size(), 8u);
  EXPECT_EQ(st.at("classes").at("beschermen").at("nl"), "Vooral druk op beschermen");
  EXPECT_GT(st.at("counts").at("cells_classed").get<int>(), 1000);
  EXPECT_NE(st.at("neutral_text").at("nl").get<std::string>().find("oorzaak"), std::string::npos);
  for (const auto& ind : b.manifest.at("indicators")) {
    ASSERT_TRUE(ind.contains("perspective")) << ind.at("name");
    ASSERT_TRUE(ind.contains("vulnerability")) << ind.at("name");
  }
  const json outputs = b.manifest.at("outputs");
  EXPECT_NE(std::find(outputs.begin(), outputs.end(), "stapel_1km.geojson"), outputs.end());
}

TEST(StackReal, UtrechtEveryCellsStackFollowsFromItsOwnValues) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  const Build& b = utrecht();
  ASSERT_EQ(b.result.exit_code, 0) << b.result.output;
  ASSERT_TRUE(b.gpkg);
  const json& st = b.manifest.at("stack");
  std::map<std::string, std::string> direction;
  for (const auto& ind : b.manifest.at("indicators")) direction[ind.at("name")] = ind.at("direction");
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& [p, names] : st.at("perspectives").items())
    for (const auto& n : names)
      if (st.at("ranges").contains(n.get<std::string>())) groups[p].push_back(n);
  for (const auto& n : st.at("vulnerability"))
    if (st.at("ranges").contains(n.get<std::string>())) groups["vulnerability"].push_back(n);
  std::size_t scored = 0, classed = 0, checked = 0;
  for (auto& cell : *b.gpkg->GetLayerByName("cells")) {
    const std::string status = *text(*cell, "status");
    const auto cls = text(*cell, "stapel_klasse");
    if (status == "privacy" || status == "onbewoond") {
      // Suppressed and empty cells get nothing.
      EXPECT_FALSE(cls) << cell->GetFieldAsString("cell_id");
      EXPECT_FALSE(real(*cell, "stapel_beschermen"));
      continue;
    }
    if (status != "score") continue;
    ++scored;
    // Recompute each sub-score: min-max scaled values (1 = worst) summed; missing when an input is.
    std::map<std::string, std::optional<double>> sub;
    std::map<std::string, bool> pressure;
    for (const auto& [p, names] : groups) {
      std::optional<double> sum = 0.0;
      for (const auto& n : names) {
        const auto v = real(*cell, "val_" + n);
        if (!v) {
          sum.reset();
          break;
        }
        const double lo = st["ranges"][n]["min"], hi = st["ranges"][n]["max"];
        const double t = hi > lo ? std::clamp((*v - lo) / (hi - lo), 0.0, 1.0) : 0.0;
        *sum += direction[n] == "higher_is_worse" ? t : 1 - t;
      }
      sub[p] = sum;
      const std::string field = p == "vulnerability" ? "stapel_kwetsbaar" : "stapel_" + p;
      const auto written = real(*cell, field);
      ASSERT_EQ(written.has_value(), sum.has_value()) << field << " " << cell->GetFieldAsString("cell_id");
      if (!sum) continue;
      EXPECT_NEAR(*written, *sum, 1e-4) << field;
      const auto& br = st["breaks"][p];
      int k = 1;
      bool near_break = false;
      for (const auto& x : br) {
        if (*sum > x.get<double>()) ++k;
        near_break |= std::abs(*sum - x.get<double>()) < 1e-4;
      }
      pressure[p] = k >= 4;
      if (near_break) continue;  // the written value is rounded: its class could flip on a break
      if (p != "vulnerability") {
        EXPECT_EQ(*real(*cell, "stapel_" + p + "_klasse"), k) << p;
        EXPECT_EQ(*real(*cell, "druk_" + p), k >= 4 ? 1 : 0) << p;
      } else {
        EXPECT_EQ(*real(*cell, "kwetsbaar"), k >= 4 ? 1 : 0);
      }
    }
    const bool complete = sub["beschermen"] && sub["bevorderen"] && sub["vulnerability"];
    ASSERT_EQ(cls.has_value(), complete) << cell->GetFieldAsString("cell_id");
    if (!cls) continue;
    ++classed;
    // The class agrees with the cell's own pressure fields.
    const bool prot = *real(*cell, "druk_beschermen") == 1, prom = *real(*cell, "druk_bevorderen") == 1,
               vuln = *real(*cell, "kwetsbaar") == 1;
    EXPECT_EQ(*cls, class_of(prot, prom, vuln)) << cell->GetFieldAsString("cell_id");
    const auto fac = real(*cell, "druk_faciliteren");
    if (fac) {
      const int under = prot + prom + (*fac == 1);
      EXPECT_EQ(*real(*cell, "koppelkans"), under >= 2 ? 1 : 0);
      if (under >= 2) EXPECT_FALSE(text(*cell, "koppelkans_met")->empty());
    }
    ++checked;
  }
  // Most scored cells have every stack input; the noise table's gaps (one inhabited buurt) take a few.
  EXPECT_GT(scored, 1000u);
  EXPECT_GT(classed, scored * 8 / 10) << classed << " of " << scored;
  EXPECT_EQ(checked, classed);
}

TEST(StackReal, UtrechtAreasAndTheOneKilometreLayer) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  const Build& b = utrecht();
  ASSERT_EQ(b.result.exit_code, 0) << b.result.output;
  ASSERT_TRUE(b.gpkg);
  const json& st = b.manifest.at("stack");
  std::vector<std::string> codes;
  for (const auto& [code, _] : st.at("classes").items()) codes.push_back(code);
  std::size_t with_class = 0;
  for (auto& buurt : *b.gpkg->GetLayerByName("buurten")) {
    const auto cls = text(*buurt, "stapel_klasse");
    if (!cls) continue;
    ++with_class;
    // The shares of residents per class add up to one, and the main class has the largest share.
    double total = 0, main = *real(*buurt, "aandeel_" + *cls);
    for (const auto& c : codes) {
      const double s = real(*buurt, "aandeel_" + c).value_or(0);
      total += s;
      EXPECT_LE(s, main + 1e-4) << c;
    }
    EXPECT_NEAR(total, 1.0, 1e-3) << buurt->GetFieldAsString("code");
  }
  EXPECT_GT(with_class, 80u);
  OGRLayer* gm = b.gpkg->GetLayerByName("gemeente");
  ASSERT_TRUE(gm);
  gm->ResetReading();
  std::unique_ptr<OGRFeature> g(gm->GetNextFeature());
  EXPECT_TRUE(real(*g, "stapel_beschermen"));
  EXPECT_TRUE(real(*g, "aandeel_koppelkans"));

  // The 1 km layer: only hexagons with enough residents, each stacked from its cells' mean values.
  OGRLayer* coarse = b.gpkg->GetLayerByName("stapel_1km");
  ASSERT_TRUE(coarse);
  const json& cm = st.at("coarse");
  EXPECT_EQ(coarse->GetFeatureCount(), cm.at("hexagons_kept").get<long long>());
  EXPECT_GT(coarse->GetFeatureCount(), 30);   // Utrecht is about 99 km²
  EXPECT_LT(coarse->GetFeatureCount(), 200);
  EXPECT_EQ(cm.at("size").get<double>(), 1000.0);
  EXPECT_EQ(cm.at("size_definition"), "across_flats");
  std::size_t coarse_classed = 0;
  for (auto& hex : *coarse) {
    EXPECT_GE(*real(*hex, "pop"), b.manifest["privacy"]["min_residents"].get<double>());
    coarse_classed += text(*hex, "stapel_klasse").has_value();
    const auto no2 = real(*hex, "val_no2");
    ASSERT_TRUE(no2);
    // The manifest's coarse ranges are the kept hexagons' own.
    EXPECT_GE(*no2, cm["ranges"]["no2"]["min"].get<double>() - 1e-5);
    EXPECT_LE(*no2, cm["ranges"]["no2"]["max"].get<double>() + 1e-5);
  }
  EXPECT_GT(coarse_classed, 20u);
  EXPECT_TRUE(fs::exists(b.out / "stapel_1km.geojson"));
}

TEST(StackReal, EindhovenCountsTheFlagsPerPerspective) {
  if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  const Build b = build("eindhoven_stapelkaart.toml", "stack_eindhoven");
  ASSERT_EQ(b.result.exit_code, 0) << b.result.output;
  ASSERT_TRUE(b.gpkg);
  const json& st = b.manifest.at("stack");
  EXPECT_EQ(st.at("method"), "binary");
  EXPECT_EQ(st.at("rule").at("vulnerable_flags"), 2);
  std::size_t classed = 0, protection_only = 0;
  for (auto& cell : *b.gpkg->GetLayerByName("cells")) {
    const auto cls = text(*cell, "stapel_klasse");
    if (!cls) continue;
    ++classed;
    // The binary sub-score is the number of the perspective's flags.
    const double no2 = *real(*cell, "ind_no2"), fac = *real(*cell, "ind_afstand_voorzieningen");
    EXPECT_EQ(*real(*cell, "stapel_beschermen"), no2);
    EXPECT_EQ(*real(*cell, "stapel_bevorderen"), fac);
    const double vul = *real(*cell, "ind_ses_proxy") + *real(*cell, "ind_ervaren_gezondheid") + *real(*cell, "ind_eenzaamheid");
    EXPECT_EQ(*real(*cell, "stapel_kwetsbaar"), vul);
    EXPECT_EQ(*cls, class_of(no2 >= 1, fac >= 1, vul >= 2));
    protection_only += no2 == 1 && fac == 0;
  }
  EXPECT_GT(classed, 1000u);
  EXPECT_GT(protection_only, 0u);
}

TEST(StackBadInput, AnUnknownPerspectiveStopsTheBuildNamingFileLineAndKey) {
  // The Utrecht stapelkaart with one perspective mistyped: nothing is written.
  std::string text = read_text(source_dir() / "presets" / "utrecht_stapelkaart.toml");
  const std::string good = "perspective = \"faciliteren\"";
  ASSERT_NE(text.find(good), std::string::npos);
  text.replace(text.find(good), good.size(), "perspective = \"faciliteer\"");
  const fs::path dir = fresh_dir("stack_bad_perspective");
  write_text(dir / "stapel.toml", text);
  const CliResult r = run_build(dir / "stapel.toml", dir / "out", data_dir());
  expect_clean_failure(r, dir / "out",
                       {"stapel.toml", "line ", "perspective", "\"faciliteer\" is not one of \"beschermen\", \"bevorderen\", "
                                                               "\"faciliteren\""});
}
