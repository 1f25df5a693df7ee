// How `leefkaart init` finds a gemeente's buurten among the 2019 polygons when
// codes changed and gemeenten merged, told with small invented national files.
#include "init/national.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/errors.hpp"
#include "init/preset.hpp"

namespace leefkaart::init {
namespace {

NationalData small_country() {
  NationalData d;
  d.gemeenten = {{"GM0307", "Amersfoort", "PV26", "Utrecht"},
                 {"GM1980", "Dijk en Waard", "PV27", "Noord-Holland"},
                 {"GM0757", "Boxtel", "PV30", "Noord-Brabant"},
                 {"GM0855", "Tilburg", "PV30", "Noord-Brabant"}};
  d.mergers = {{"GM0398", "Heerhugowaard", "GM1980", "Dijk en Waard", "2022-01-01"},
               {"GM0416", "Langedijk", "GM1980", "Dijk en Waard", "2022-01-01"},
               {"GM0788", "Haaren", "GM0757", "Boxtel", "2021-01-01"},
               {"GM0788", "Haaren", "GM0855", "Tilburg", "2021-01-01"}};
  // Amersfoort: two buurten kept their code, one was renumbered.
  d.polygons = {{"BU03070001", 1e6, 155000, 463000}, {"BU03070002", 2e6, 156000, 463000}, {"BU03070003", 1e6, 157000, 463000},
                // Heerhugowaard and Langedijk, every code renumbered in Dijk en Waard.
                {"BU03980001", 1e6, 113000, 522000}, {"BU04160001", 1e6, 111000, 525000},
                // Boxtel lies west, Tilburg further west; Haaren's two buurten lie one near each.
                {"BU07570001", 1e6, 150000, 400000}, {"BU08550001", 1e6, 130000, 397000},
                {"BU07880001", 1e6, 147000, 400000}, {"BU07880002", 1e6, 133000, 398000}};
  d.kwb = {{"BU03070001", "GM0307", 1000}, {"BU03070002", "GM0307", 2000}, {"BU03070099", "GM0307", 500},
           {"BU19800001", "GM1980", 4000}, {"BU19800002", "GM1980", 1000},
           {"BU07570001", "GM0757", 300}, {"BU08550001", "GM0855", 700}};
  d.ggd_codes = {"BU03070001", "BU03070002", "BU03070003"};
  return d;
}

TEST(InitPlan, AGemeentesOwnPolygonsAreFoundByTheirCodePrefix) {
  const GemeentePlan p = plan_gemeente(small_country(), "GM0307");
  EXPECT_EQ(p.buurt_prefixes, std::vector<std::string>{"BU0307"});
  EXPECT_EQ(p.polygons, 3u);
  EXPECT_EQ(p.polygons_with_row, 2u);
  EXPECT_EQ(p.rows, 3u);
  EXPECT_DOUBLE_EQ(p.residents, 3500);
  // The renumbered buurt's 500 residents will be spread over BU03070003, the polygon without a row.
  EXPECT_EQ(p.rows_without_polygon, 1u);
  EXPECT_DOUBLE_EQ(p.residents_without_polygon, 500);
}

TEST(InitPlan, FormerGemeentenWhollyMergedBringTheirPrefixes) {
  const GemeentePlan p = plan_gemeente(small_country(), "GM1980");
  EXPECT_EQ(p.buurt_prefixes, (std::vector<std::string>{"BU0398", "BU0416"}));
  EXPECT_EQ(p.polygons, 2u);
  EXPECT_EQ(p.polygons_with_row, 0u);
  EXPECT_DOUBLE_EQ(p.residents_without_polygon, 5000);  // all of it: spread over both polygons by area
  EXPECT_EQ(p.merged_from.size(), 2u);
}

TEST(InitPlan, ASplitFormerGemeenteGoesPolygonByPolygonToTheNearestSuccessor) {
  const NationalData d = small_country();
  EXPECT_EQ(plan_gemeente(d, "GM0757").buurten, std::vector<std::string>{"BU07880001"});
  EXPECT_EQ(plan_gemeente(d, "GM0855").buurten, std::vector<std::string>{"BU07880002"});
}

TEST(InitPlan, AnUnknownCodeIsRefusedAndAFormerGemeenteNamesItsSuccessor) {
  const NationalData d = small_country();
  try {
    plan_gemeente(d, "GM9999");
    FAIL() << "an unknown code must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown gemeente code"), std::string::npos) << e.what();
  }
  try {
    plan_gemeente(d, "GM0398");
    FAIL() << "a former gemeente must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("GM1980 Dijk en Waard"), std::string::npos) << e.what();
  }
}

TEST(InitPreset, TheReportSaysWhatDidNotMatchAndHowItWasHandled) {
  const auto lines = match_report(plan_gemeente(small_country(), "GM0307"));
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("1 CBS buurten (500 residents) have no polygon"), std::string::npos) << all;
  EXPECT_NE(all.find("spread by area over the 1 polygon(s) without a CBS row"), std::string::npos) << all;
  EXPECT_EQ(toml_string("'s-Hertogenbosch \"x\""), "\"'s-Hertogenbosch \\\"x\\\"\"");
}

TEST(InitReference, TwelveProvincesHoldThe342GemeentenOf2025) {
  std::map<std::string, int> per_province;
  for (const auto& g : gemeenten_reference()) ++per_province[g.provincie_name];
  EXPECT_EQ(per_province.size(), 12u);
  EXPECT_EQ(per_province["Utrecht"], 26);
  EXPECT_EQ(per_province["Limburg"], 31);
  int total = 0;
  for (const auto& [name, n] : per_province) total += n;
  EXPECT_EQ(total, 342);
  // Every successor of a merger is a gemeente of 2025.
  for (const auto& m : mergers_reference()) {
    const auto& gs = gemeenten_reference();
    EXPECT_TRUE(std::any_of(gs.begin(), gs.end(), [&](const GemeenteRef& g) { return g.code == m.new_code; })) << m.new_code;
  }
}

}  // namespace
}  // namespace leefkaart::init
