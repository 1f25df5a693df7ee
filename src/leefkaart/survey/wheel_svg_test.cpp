// A wheel drawn as SVG: what a reader sees and what a screen reader reads.
#include "survey/wheel_svg.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace leefkaart::survey {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// A wheel as the summary gives it: 14 themes of the Leefplekmeter, means 2,0 … 8,5.
Wheel sample_wheel() {
  const auto set = theme_set("leefplekmeter-2018");
  Wheel w;
  w.area = "BU03440101";
  w.round = "voor";
  w.theme_set = set->id;
  w.scale = set->scale;
  w.forms = 12;
  w.people = 12;
  for (std::size_t i = 0; i < set->themes.size(); ++i) {
    ThemeSpread t;
    t.theme = set->themes[i].code;
    t.n = 12;
    t.mean = 2.0 + 0.5 * static_cast<double>(i);
    t.sd = 1.2;
    t.min = 1;
    t.q1 = *t.mean - 1;
    t.median = *t.mean;
    t.q3 = *t.mean + 1;
    t.max = 10;
    w.themes.push_back(t);
  }
  return w;
}

TEST(WheelSvg, DrawsAWedgePerAnsweredThemeWithItsSpreadAndNumbersInTheTextAlternative) {
  Wheel w = sample_wheel();
  w.themes[3].n = 0;  // not answered by anyone: no wedge, and it says so
  w.themes[3].mean = w.themes[3].sd = w.themes[3].min = w.themes[3].q1 = w.themes[3].median = w.themes[3].q3 = w.themes[3].max = std::nullopt;
  const std::string svg = wheel_svg(w, "Lombok");
  EXPECT_EQ(count(svg, "class=\"mean\""), 13u);
  EXPECT_NE(svg.find("class=\"spread\""), std::string::npos);
  // Ring per scale step, 1..10.
  EXPECT_EQ(count(svg, "<circle"), 10u);
  const std::smatch m = [&] {
    std::smatch mm;
    std::regex_search(svg, mm, std::regex("<desc[^>]*>([^<]*)</desc>"));
    return mm;
  }();
  ASSERT_FALSE(m.empty());
  const std::string desc = m[1];
  EXPECT_NE(desc.find("12 formulieren, 12 mensen"), std::string::npos) << desc;
  EXPECT_NE(desc.find("Bewegen: gemiddeld 2,0 (n = 12, middelste helft 1 tot 3, laagste 1, hoogste 10)"), std::string::npos) << desc;
  EXPECT_NE(desc.find("Straten en openbare ruimtes: niet beantwoord."), std::string::npos) << desc;
  EXPECT_NE(desc.find("Natuur en groen: gemiddeld 4,0"), std::string::npos) << desc;
  EXPECT_NE(svg.find("<title id=\"wheel-title\">Lombok, ronde voor, iedereen: Leefplekmeter"), std::string::npos);
  EXPECT_EQ(svg.find("herschaald"), std::string::npos);
}

TEST(WheelSvg, GoodReachesTheEdge) {
  Wheel w = sample_wheel();
  for (auto& t : w.themes) t.mean = 10;
  const std::string svg = wheel_svg(w, "Lombok");
  // The outer ring (10) and each wedge's arc have the same radius.
  std::smatch outer, arc;
  ASSERT_TRUE(std::regex_search(svg, outer, std::regex("<circle [^>]*r=\"([0-9.]+)\" stroke=\"#424242\"")));
  ASSERT_TRUE(std::regex_search(svg, arc, std::regex("class=\"mean\" d=\"[^A]*A([0-9.]+) ")));
  EXPECT_EQ(outer[1], arc[1]);
}

TEST(WheelSvg, RescaledWheelSaysSoInItsTitle) {
  Wheel w = sample_wheel();
  w.rescaled = true;
  w.group = {"rol", "bewoner"};
  EXPECT_NE(wheel_svg(w, "Lombok").find("Lombok, ronde voor, bewoner: Leefplekmeter (Pharos/Platform31, 2018) (herschaald naar 1 tot 10)"),
            std::string::npos);
}

TEST(WheelSvg, HiddenWheelDrawsNoDataOnlyItsReason) {
  Wheel w = sample_wheel();
  w.group = {"leeftijd", "65+"};
  w.forms = w.people = 3;
  w.hidden_reason = hidden_reason(5, 3);
  w.themes.clear();
  const std::string svg = wheel_svg(w, "Lombok");
  EXPECT_EQ(svg.find("class=\"mean\""), std::string::npos);
  EXPECT_EQ(svg.find("class=\"spread\""), std::string::npos);
  EXPECT_NE(svg.find("65 jaar of ouder"), std::string::npos);
  EXPECT_NE(svg.find(*w.hidden_reason), std::string::npos);
  EXPECT_NE(svg.find("class=\"reason\""), std::string::npos);
}

TEST(WheelSvg, BlankWheelHasNumberedThemesAndRingsButNothingFilled) {
  const auto set = theme_set("place-standard-2017");
  const std::string svg = blank_wheel_svg(*set, "Vul zelf in");
  EXPECT_EQ(svg.find("class=\"mean\""), std::string::npos);
  EXPECT_EQ(count(svg, "<circle"), 7u);  // 1..7
  EXPECT_NE(svg.find("1. Bewegen"), std::string::npos);
  EXPECT_NE(svg.find("14. Invloed en zeggenschap"), std::string::npos);
  EXPECT_NE(svg.find(">7</text>"), std::string::npos);
}

}  // namespace
}  // namespace leefkaart::survey
