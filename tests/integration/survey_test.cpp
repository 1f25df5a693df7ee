// The Leefplekmeter on a real build of Utrecht: forms imported for Oog in Al
// give wheels as SVG and PNG, a GeoPackage layer with the buurt's polygon and
// the priority view; two scales meet only when rescaling is asked; the walk
// pack and the wijkprofiel's Beleving section show the buurt; bad input writes nothing.
#include <gtest/gtest.h>

#include <fstream>

#include "cli_runner.hpp"
#include "io/layer_table.hpp"
#include "io/result_set.hpp"
#include "io/svg_png.hpp"
#include "survey/survey_schema.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

const fs::path& utrecht_build() {
  static const fs::path out = [] {
    const fs::path dir = fresh_dir_for_this_process("survey_utrecht_build");
    const CliResult r = run_build(source_dir() / "presets" / "utrecht.toml", dir, data_dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return dir;
  }();
  return out;
}

// Twelve forms for Oog in Al (BU03440112): seven residents, five professionals;
// three of the residents are 65 or older (too few to show apart).
std::string twelve_forms(const std::string& set_id = "leefplekmeter-2018", const std::string& prefix = "W") {
  const auto set = leefkaart::survey::theme_set(set_id);
  std::string csv = "formulier,gebied,datum,sessie,ronde,themaset,rol,leeftijd,publiceerbaar";
  for (const auto& t : set->themes) csv += "," + t.code;
  csv += "\n";
  for (int i = 1; i <= 12; ++i) {
    csv += prefix + std::to_string(i) + ",BU03440112,2026-05-12,wandeling,voor," + set_id + "," +
           (i <= 7 ? "bewoner" : "professional") + "," + (i <= 3 ? "65+" : "27-44") + ",nee";
    for (std::size_t k = 0; k < set->themes.size(); ++k)
      csv += "," + std::to_string(std::min(set->scale.max, 1 + static_cast<int>((i + k) % static_cast<std::size_t>(set->scale.max))));
    csv += "\n";
  }
  return csv;
}

class SurveyOnUtrecht : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(data_dir())) GTEST_SKIP() << "no real data at " << data_dir();
  }
};

}  // namespace

TEST_F(SurveyOnUtrecht, ImportWheelsWalkpackAndProfile) {
  const fs::path build = utrecht_build();
  const fs::path dir = fresh_dir("survey_real_flow");
  write_text(dir / "formulieren.csv", twelve_forms());
  const fs::path store = dir / "register.sqlite";
  CliResult r = run_cli("survey import --store " + q(store) + " " + q(dir / "formulieren.csv") + " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const fs::path out = dir / "beleving";
  r = run_cli("survey wheels --store " + q(store) + " --out " + q(out) + " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(leefkaart::io::result_set_problems(out).empty());
  for (const std::string g : {"iedereen", "rol-bewoner", "rol-professional", "leeftijd-27-44", "leeftijd-65-"}) {
    EXPECT_TRUE(fs::exists(out / "wielen" / ("BU03440112_voor_" + g + ".svg"))) << g << "\n" << r.output;
    EXPECT_TRUE(fs::exists(out / "wielen" / ("BU03440112_voor_" + g + ".png"))) << g;
  }
  const std::string everyone = read_text(out / "wielen/BU03440112_voor_iedereen.svg");
  EXPECT_NE(everyone.find("Oog in Al, ronde voor, iedereen"), std::string::npos);
  EXPECT_NE(everyone.find("class=\"mean\""), std::string::npos);
  const std::string old = read_text(out / "wielen/BU03440112_voor_leeftijd-65-.svg");
  EXPECT_EQ(old.find("class=\"mean\""), std::string::npos);
  EXPECT_NE(old.find("minder dan 5 mensen"), std::string::npos);
  const auto png = leefkaart::io::read_png(out / "wielen/BU03440112_voor_iedereen.png");
  EXPECT_EQ(png.width, 900);
  EXPECT_EQ(png.height, 650);

  const auto layer = leefkaart::io::read_layer_table(out / "beleving.gpkg", "beleving");
  ASSERT_EQ(layer.rows.size(), 1u);
  EXPECT_EQ(layer.text(0, "code"), "BU03440112");
  EXPECT_EQ(layer.number(0, "mensen"), 12);
  EXPECT_EQ(layer.number(0, "bewegen_n"), 12);
  EXPECT_TRUE(layer.number(0, "bewegen_gem").has_value());
  EXPECT_FALSE(layer.rows[0].rings.empty());  // the buurt's polygon from the build
  const std::string csv = read_text(out / "prioriteit.csv");
  EXPECT_NE(csv.find("\n1,BU03440112,Oog in Al,voor,"), std::string::npos) << csv;

  // The walk pack for the buurt, and an unknown buurt refused with nothing written.
  r = run_cli("survey walkpack --store " + q(store) + " --area BU03440112 --build " + q(build) + " --out " + q(dir / "wandeling") +
              " --variant jeugd");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string pack = read_text(dir / "wandeling/wandelpakket.html");
  EXPECT_NE(pack.find("<h1>Wandelpakket Oog in Al</h1>"), std::string::npos);
  EXPECT_NE(pack.find("Wat weten we van dit gebied?"), std::string::npos);
  EXPECT_NE(pack.find("al 12 Leefplekmeter-formulieren"), std::string::npos);
  EXPECT_NE(pack.find("Kun je hier makkelijk lopen, fietsen of skaten?"), std::string::npos);
  r = run_cli("survey walkpack --store " + q(store) + " --area BU07720110 --build " + q(build) + " --out " + q(dir / "nergens/pak"));
  expect_clean_failure(r, dir / "nergens", {"--area", "BU07720110"});

  // The wijkprofiel: the buurt's Beleving, and a buurt without forms says so.
  r = run_cli("report --build " + q(build) + " --out " + q(dir / "profiel") + " --area BU03440112 --store " + q(store));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string profile = read_text(dir / "profiel/BU03440112.html");
  EXPECT_NE(profile.find("<h2>Beleving</h2>"), std::string::npos);
  EXPECT_NE(profile.find("12 formulieren, 12 mensen"), std::string::npos);
  r = run_cli("report --build " + q(build) + " --out " + q(dir / "profiel2") + " --area BU03441031 --store " + q(store));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_text(dir / "profiel2/BU03441031.html").find("geen Leefplekmeter"), std::string::npos);
}

TEST_F(SurveyOnUtrecht, TwoScalesInOneWheelOnlyWhenRescalingIsAsked) {
  const fs::path build = utrecht_build();
  const fs::path dir = fresh_dir("survey_real_scales");
  write_text(dir / "lpm.csv", twelve_forms());
  write_text(dir / "ps.csv", twelve_forms("place-standard-2017", "P"));
  const fs::path store = dir / "register.sqlite";
  for (const std::string f : {"lpm.csv", "ps.csv"}) {
    const CliResult r = run_cli("survey import --store " + q(store) + " " + q(dir / f) + " --build " + q(build));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  CliResult r = run_cli("survey wheels --store " + q(store) + " --out " + q(dir / "uit/wielen"));
  expect_clean_failure(r, dir / "uit", {"BU03440112", "leefplekmeter-2018", "place-standard-2017"});
  r = run_cli("survey wheels --store " + q(store) + " --out " + q(dir / "uit/wielen") + " --herschaal leefplekmeter-2018");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(read_text(dir / "uit/wielen/wielen/BU03440112_voor_iedereen.svg").find("herschaald naar 1 tot 10"), std::string::npos);
  // Without --build the buurt has no polygon, and the command says so.
  EXPECT_NE(r.output.find("give --build DIR"), std::string::npos) << r.output;
}
