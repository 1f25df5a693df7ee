#pragma once
// The report's drawings as inline SVG: a map of an area's cells with its
// outline, scale bar and north arrow, and horizontal bars. Inline, so a
// profile opens offline and prints as it shows.
#include <string>
#include <vector>

#include "io/layer_table.hpp"

namespace leefkaart::report {

// The fill of a score on the map: score 0 pale, 1..max evenly through the
// schema's score ramp (schema/build.json "colours").
std::string score_colour(int score, int max_score);

// The scale bar's length: the longest 1, 2 or 5 × 10ⁿ metres that fits in a
// quarter of the map's width.
double scale_bar_metres(double map_width_m);

// "500 m", "2 km": a scale bar's label.
std::string distance_label(double metres);

struct MapShape {
  std::vector<io::Ring> rings;
  std::string fill;      // "#rrggbb"
  bool hatched = false;  // data missing: drawn hatched over the fill
  std::string title;     // the tooltip and text alternative of the shape
};

struct MapDrawing {
  std::vector<MapShape> shapes;
  std::vector<io::Ring> outline;  // drawn on top, unfilled
  std::string label;              // the drawing's text alternative (aria-label)
  double width_px = 680;          // the drawing's width in CSS pixels; the height follows the area
  double max_height_px = 760;     // tall areas are scaled down to fit one A4 page
};

// An <svg> element of the map in RD New (x east, y north; north is up).
std::string map_svg(const MapDrawing& drawing);

struct Bar {
  std::string label;       // left of the bar
  double value = 0;        // 0..1 of the bar's full length
  std::string colour;      // fill
  std::string value_text;  // right of the bar
  // A thin mark across the bar for comparison (the city's value); negative: none.
  double mark = -1;
};

// Horizontal bars with their labels, and a legend line for the mark when one is given.
std::string bars_svg(const std::vector<Bar>& bars, const std::string& label, const std::string& mark_legend = "");

}  // namespace leefkaart::report
