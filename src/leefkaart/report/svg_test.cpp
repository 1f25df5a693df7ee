// The report's drawings: colours from the schema, a scale bar that reads as a
// round distance, a map that keeps the area's shape, bars in proportion.
#include "report/svg.hpp"

#include <gtest/gtest.h>

#include "io/build_schema.hpp"
#include "report/html.hpp"

namespace leefkaart::report {
namespace schema = io::build_schema;

TEST(ReportColours, ScoreZeroIsPaleAndTheHighestScoreTakesTheRampsEnd) {
  const auto& ramp = schema::schema().at("colours").at("score_ramp");
  EXPECT_EQ(score_colour(0, 5), schema::colour("score_zero"));
  EXPECT_EQ(score_colour(1, 5), ramp.front().get<std::string>());
  EXPECT_EQ(score_colour(5, 5), ramp.back().get<std::string>());
  // Scores in between step through the ramp in order.
  EXPECT_NE(score_colour(2, 5), score_colour(3, 5));
}

TEST(ReportScaleBar, IsARoundDistanceWithinAQuarterOfTheMap) {
  EXPECT_DOUBLE_EQ(scale_bar_metres(1000), 200);    // 250 → 200
  EXPECT_DOUBLE_EQ(scale_bar_metres(4000), 1000);   // 1000 fits exactly
  EXPECT_DOUBLE_EQ(scale_bar_metres(2100), 500);    // 525 → 500
  EXPECT_DOUBLE_EQ(scale_bar_metres(17000), 2000);  // 4250 → 2000
  EXPECT_EQ(distance_label(500), "500 m");
  EXPECT_EQ(distance_label(2000), "2 km");
  EXPECT_EQ(distance_label(2500), "2,5 km");
}

TEST(ReportMap, KeepsTheAreasProportionsAndDrawsNorthUp) {
  MapDrawing d;
  d.width_px = 424;  // 400 px of map and 12 px margins: 1 px per 10 m
  d.outline = {{{0, 0}, {4000, 0}, {4000, 2000}, {0, 2000}, {0, 0}}};
  d.shapes.push_back({{{{0, 1000}, {1000, 1000}, {1000, 2000}, {0, 2000}}}, "#ff0000", true, "score 3"});
  d.label = "Kaart van <buurt>";
  const std::string svg = map_svg(d);
  EXPECT_NE(svg.find("viewBox=\"0 0 424 268\""), std::string::npos) << svg;  // 200 px high + margins + 44 px legend
  // The square's top-left corner (0, 2000) is the drawing's top-left: north is up.
  EXPECT_NE(svg.find("M12.0 112.0L112.0 112.0L112.0 12.0L12.0 12.0Z"), std::string::npos) << svg;
  EXPECT_NE(svg.find("url(#hatch)"), std::string::npos);       // data missing is hatched
  EXPECT_NE(svg.find(">1 km</text>"), std::string::npos);      // 4 km wide: a 1 km bar
  EXPECT_NE(svg.find("aria-label=\"Kaart van &lt;buurt&gt;\""), std::string::npos);
  EXPECT_EQ(svg.find("http"), std::string::npos);              // nothing to fetch, not even a namespace URL
}

TEST(ReportBars, AreAsLongAsTheirShare) {
  const std::string svg = bars_svg({{"score 0", 0.25, "#eeeeee", "25 %", 0.5}, {"score 1", 1.0, "#000000", "75 %", -1}}, "verdeling", "stad");
  EXPECT_NE(svg.find("width=\"85.0\""), std::string::npos) << svg;   // a quarter of 340
  EXPECT_NE(svg.find("width=\"340.0\""), std::string::npos) << svg;  // the whole bar
  EXPECT_NE(svg.find(">stad</text>"), std::string::npos);
}

TEST(ReportHtml, EscapesTextAndFetchesNothing) {
  EXPECT_EQ(html::escape("a<b & \"c\" 'd'"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;");
  const std::string page = html::page("Wijkprofiel Lombok", "<p>x</p>");
  EXPECT_NE(page.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(page.find("@page { size: A4"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("href="), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
}

}  // namespace leefkaart::report
