#include "survey/beside.hpp"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace leefkaart::survey {
namespace {

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("leefkaart_beside_test_" + std::to_string(::getpid())) / name;
  std::filesystem::create_directories(dir);
  return dir;
}

// Everyone's wheel of one area on the 1–10 Leefplekmeter with the given means.
Wheel wheel(const std::string& area, std::vector<std::pair<std::string, double>> means) {
  Wheel w;
  w.area = area;
  w.round = "voor";
  w.theme_set = "leefplekmeter-2018";
  w.scale = {1, 10};
  w.forms = w.people = 8;
  for (const auto& [theme, mean] : means) {
    ThemeSpread s;
    s.theme = theme;
    s.n = 8;
    s.mean = mean;
    w.themes.push_back(s);
  }
  return w;
}

// The default map ties natuur en groen to the distance to green, and says
// veiligheid has no indicator yet rather than leaving it out.
TEST(Beside, DefaultMapTiesGreenToDistanceAndSaysVeiligheidHasNone) {
  const auto map = default_indicator_map();
  auto find = [&](const std::string& theme) {
    return std::find_if(map.begin(), map.end(), [&](const auto& e) { return e.theme == theme; });
  };
  ASSERT_NE(find("natuur_en_groen"), map.end());
  EXPECT_EQ(find("natuur_en_groen")->indicators, std::vector<std::string>{"afstand_groen"});
  ASSERT_NE(find("veiligheid"), map.end());
  EXPECT_TRUE(find("veiligheid")->indicators.empty());
  EXPECT_FALSE(none_reason().empty());
}

// Restricted to a build, a theme keeps only the indicators the build has.
TEST(Beside, PresentInKeepsOnlyTheBuildsIndicators) {
  const auto map = present_in(default_indicator_map(), {"afstand_groen", "afstand_supermarkt_osm", "no2"});
  for (const auto& e : map) {
    if (e.theme == "voorzieningen") EXPECT_EQ(e.indicators, std::vector<std::string>{"afstand_supermarkt_osm"});
    if (e.theme == "openbaar_vervoer") EXPECT_TRUE(e.indicators.empty());
  }
}

// On 1–10: low is 5.5 or less (halfway up), high 7.3 or more (70 % up).
// Residents low on green where the distance to green is fine is a prompt; low
// where it is worse agrees; high where it is worse is a prompt; 6 says nothing.
TEST(Beside, DisagreementsAreLowBesideFineAndHighBesideWorse) {
  const std::vector<Wheel> wheels{
      wheel("BU1", {{"natuur_en_groen", 5.5}, {"voorzieningen", 6.0}}),
      wheel("BU2", {{"natuur_en_groen", 4.0}}),
      wheel("BU3", {{"natuur_en_groen", 7.3}}),
  };
  const registry::AreaIndicatorWorse numbers{
      {"BU1", {{"afstand_groen", false}, {"afstand_voorzieningen", true}}},
      {"BU2", {{"afstand_groen", true}}},
      {"BU3", {{"afstand_groen", true}}},
  };
  const auto found = disagreements(wheels, numbers, default_indicator_map());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].area, "BU1");
  EXPECT_EQ(found[0].indicator, "afstand_groen");
  EXPECT_TRUE(found[0].residents_low);
  EXPECT_EQ(found[1].area, "BU3");
  EXPECT_FALSE(found[1].residents_low);
  EXPECT_EQ(disagreement_text(found[0], "Lombok", "Natuur en groen", "afstand tot groen"),
            "In Lombok kreeg 'Natuur en groen' gemiddeld een 5,5 (op een schaal van 1 tot 10, 8 antwoorden), terwijl "
            "afstand tot groen hier niet slechter is dan de drempelwaarde. Wat zien de invullers dat het getal niet laat zien?");
}

// A hidden wheel, a group's wheel and an area without a figure give no prompt;
// on the 1–7 Place Standard, low is 4 or less.
TEST(Beside, OnlyEveryonesShownWheelsWithAFigureSpeak) {
  auto hidden = wheel("BU1", {{"natuur_en_groen", 2}});
  hidden.hidden_reason = "te klein";
  hidden.themes.clear();
  auto group = wheel("BU1", {{"natuur_en_groen", 2}});
  group.group = {"rol", "bewoner"};
  auto seven = wheel("BU2", {{"natuur_en_groen", 4}});
  seven.scale = {1, 7};
  const auto no_figure = wheel("BU3", {{"natuur_en_groen", 2}});
  const registry::AreaIndicatorWorse numbers{{"BU1", {{"afstand_groen", false}}}, {"BU2", {{"afstand_groen", false}}}};
  const auto found = disagreements({hidden, group, seven, no_figure}, numbers, default_indicator_map());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].area, "BU2");
  EXPECT_EQ(found[0].scale, (Scale{1, 7}));
}

TEST(Beside, AProjectsMapReplacesTheDefault) {
  const auto dir = scratch("beside_map");
  const auto file = dir / "koppeling.toml";
  std::ofstream(file) << "[koppeling]\nveiligheid = [\"onveilig_gevoel\"]\nnatuur_en_groen = [\"groen_ha\", \"afstand_groen\"]\n";
  const auto map = read_indicator_map(file);
  ASSERT_EQ(map.size(), 2u);
  // In the wheel's order, whatever the file's.
  EXPECT_EQ(map[0].theme, "natuur_en_groen");
  EXPECT_EQ(map[0].indicators, (std::vector<std::string>{"groen_ha", "afstand_groen"}));
  EXPECT_EQ(map[1].theme, "veiligheid");
}

TEST(Beside, AMapWithAnUnknownThemeOrNoListIsRefusedNamingTheKey) {
  const auto dir = scratch("beside_bad_map");
  const auto unknown = dir / "unknown.toml";
  std::ofstream(unknown) << "[koppeling]\ngroen = [\"afstand_groen\"]\n";
  try {
    read_indicator_map(unknown);
    FAIL() << "an unknown theme passed";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "koppeling.groen");
    EXPECT_EQ(e.location().where, "line 2");
  }
  const auto not_list = dir / "not_list.toml";
  std::ofstream(not_list) << "[koppeling]\nveiligheid = \"onveilig\"\n";
  EXPECT_THROW(read_indicator_map(not_list), InputError);
  const auto none = dir / "none.toml";
  std::ofstream(none) << "[thema]\n";
  EXPECT_THROW(read_indicator_map(none), InputError);
}

}  // namespace
}  // namespace leefkaart::survey
