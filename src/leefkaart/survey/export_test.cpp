// The wheels' exports: the GeoPackage layer a GIS user opens, the priority
// view that says where to go first, and the wheels' file names.
#include "survey/export.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/layer_table.hpp"

namespace leefkaart::survey {
namespace {

// Everyone's wheel of the Leefplekmeter for `area`, every theme at `mean`
// but for the three given lower ones.
Wheel wheel(const std::string& area, double mean, std::vector<std::pair<std::string, double>> low = {}) {
  const auto set = theme_set("leefplekmeter-2018");
  Wheel w;
  w.area = area;
  w.round = "voor";
  w.theme_set = set->id;
  w.scale = set->scale;
  w.forms = w.people = 6;
  for (const auto& th : set->themes) {
    ThemeSpread t;
    t.theme = th.code;
    t.n = 6;
    t.mean = mean;
    t.sd = 1.5;
    t.min = t.q1 = t.median = t.q3 = t.max = mean;
    for (const auto& [code, v] : low)
      if (code == th.code) t.mean = v;
    w.themes.push_back(t);
  }
  return w;
}

TEST(SurveyExport, WheelFileNamesAreSafeAndNameAreaRoundAndGroup) {
  Wheel w = wheel("BU03440101", 7);
  EXPECT_EQ(wheel_file_name(w), "BU03440101_voor_iedereen");
  w.group = {"leeftijd", "65+"};
  w.round = "2026 voorjaar";
  EXPECT_EQ(wheel_file_name(w), "BU03440101_2026-voorjaar_leeftijd-65-");
  w.area = "../Park";
  EXPECT_EQ(wheel_file_name(w).find('/'), std::string::npos);
}

TEST(SurveyExport, GeoPackageLayerHasPerThemeMeanSpreadAndNAndNullsWithTheReasonForAHiddenWheel) {
  std::vector<Wheel> wheels{wheel("BU03440101", 7, {{"natuur_en_groen", 4.5}})};
  Wheel group = wheel("BU03440101", 8);
  group.group = {"rol", "bewoner"};
  wheels.push_back(group);  // groups are in the SVGs, not in the layer
  Wheel hidden = wheel("Parkje", 5);
  hidden.forms = hidden.people = 3;
  hidden.themes.clear();
  hidden.hidden_reason = hidden_reason(5, 3);
  wheels.push_back(hidden);
  Areas areas;
  areas["BU03440101"].name = "Lombok";
  areas["BU03440101"].geom = geom::from_wkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))");

  const io::LayerData layer = beleving_layer(wheels, areas);
  const auto dir = std::filesystem::temp_directory_path() / ("survey_export_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  io::write_geopackage(dir / "beleving.gpkg", {&layer});
  const io::LayerTable t = io::read_layer_table(dir / "beleving.gpkg", output_name("layer"));
  std::filesystem::remove_all(dir);

  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.text(0, output_field("area")), "BU03440101");
  EXPECT_EQ(t.text(0, output_field("area_name")), "Lombok");
  EXPECT_EQ(t.text(0, output_field("round")), "voor");
  EXPECT_EQ(t.number(0, output_field("people")), 6);
  EXPECT_EQ(t.number(0, output_field("rescaled")), 0);
  EXPECT_EQ(t.number(0, output_field("mean", "natuur_en_groen")), 4.5);
  EXPECT_EQ(t.number(0, output_field("mean", "wonen")), 7);
  EXPECT_EQ(t.number(0, output_field("sd", "wonen")), 1.5);
  EXPECT_EQ(t.number(0, output_field("n", "wonen")), 6);
  EXPECT_FALSE(t.text(0, output_field("hidden")).has_value());
  EXPECT_EQ(t.rows[0].rings.size(), 1u);
  // The named area without a polygon: a row without a shape; its numbers null, the reason given.
  EXPECT_EQ(t.text(1, output_field("area")), "Parkje");
  EXPECT_TRUE(t.rows[1].rings.empty());
  EXPECT_FALSE(t.number(1, output_field("mean", "wonen")).has_value());
  EXPECT_FALSE(t.number(1, output_field("n", "wonen")).has_value());
  EXPECT_EQ(t.text(1, output_field("hidden")), hidden_reason(5, 3));
}

TEST(SurveyExport, PriorityPutsLowJudgementAndHighHexagonScoreFirst) {
  // A: judged lowest, middling score. B: judged middling, highest score. C: judged well, lowest score.
  const std::vector<Wheel> wheels{wheel("A", 8, {{"wonen", 2}, {"veiligheid", 3}, {"bewegen", 4}}),
                                  wheel("B", 8, {{"wonen", 4}, {"veiligheid", 5}, {"bewegen", 6}}),
                                  wheel("C", 8, {{"wonen", 7}}), wheel("D", 9)};
  Areas areas;
  areas["A"].mean_score = 1.5;
  areas["B"].mean_score = 2.5;
  areas["C"].mean_score = 0.5;
  areas["D"].mean_score = 2.0;
  const auto rows = priority(wheels, areas);
  ASSERT_EQ(rows.size(), 4u);
  // Rank by judgement plus rank by score: B 2+1 = 3, A 1+3 = 4, D 4+2 = 6, C 3+4 = 7.
  EXPECT_EQ(rows[0].area, "B");
  EXPECT_EQ(rows[1].area, "A");
  EXPECT_EQ(rows[2].area, "D");
  EXPECT_EQ(rows[3].area, "C");
  ASSERT_EQ(rows[1].lowest.size(), 3u);
  EXPECT_EQ(rows[1].lowest[0], (std::pair<std::string, double>{"wonen", 2}));
  EXPECT_EQ(rows[1].lowest[2], (std::pair<std::string, double>{"bewegen", 4}));
  EXPECT_DOUBLE_EQ(*rows[1].judgement, ((2 - 1) / 9.0 + (3 - 1) / 9.0 + (4 - 1) / 9.0) / 3);
  const std::string csv = priority_csv(rows);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "plaats,code,naam,ronde,mean_score,laagste_1,laagste_1_gem,laagste_2,laagste_2_gem,laagste_3,laagste_3_gem,formulieren,mensen,niet_getoond");
  EXPECT_NE(csv.find("\n2,A,A,voor,1.5,Wonen,2,Veiligheid,3,Bewegen,4,6,6,\n"), std::string::npos) << csv;
}

TEST(SurveyExport, EqualRankSumsGoToTheLowerJudgement) {
  // A: judged lower, lower score (1+2); B: judged higher, higher score (2+1).
  const std::vector<Wheel> wheels{wheel("A", 3), wheel("B", 6)};
  Areas areas;
  areas["A"].mean_score = 1.0;
  areas["B"].mean_score = 2.0;
  const auto rows = priority(wheels, areas);
  EXPECT_EQ(rows[0].area, "A");
  EXPECT_EQ(rows[1].area, "B");
}

TEST(SurveyExport, WithoutABuildTheJudgementAloneDecides) {
  const auto rows = priority({wheel("B", 6), wheel("A", 5), wheel("C", 9)}, {});
  EXPECT_EQ(rows[0].area, "A");
  EXPECT_EQ(rows[1].area, "B");
  EXPECT_EQ(rows[2].area, "C");
  EXPECT_FALSE(rows[0].mean_score.has_value());
}

}  // namespace
}  // namespace leefkaart::survey
