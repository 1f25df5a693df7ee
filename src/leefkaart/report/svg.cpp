#include "report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/dutch.hpp"
#include "io/build_schema.hpp"
#include "report/html.hpp"

namespace leefkaart::report {

std::string score_colour(int score, int max_score) {
  namespace schema = io::build_schema;
  if (score <= 0) return schema::colour("score_zero");
  const auto& ramp = schema::schema().at("colours").at("score_ramp");
  const int n = static_cast<int>(ramp.size());
  if (max_score <= 1) return ramp.at(n - 1).get<std::string>();
  const int s = std::min(score, max_score);
  const int i = static_cast<int>(std::lround(static_cast<double>(s - 1) * (n - 1) / (max_score - 1)));
  return ramp.at(i).get<std::string>();
}

double scale_bar_metres(double map_width_m) {
  const double limit = map_width_m / 4;
  if (!(limit > 0)) return 0;
  double best = 0;
  for (double p = std::pow(10.0, std::floor(std::log10(limit)) - 1); p <= limit; p *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (m * p <= limit * (1 + 1e-9)) best = std::max(best, m * p);
  return best;
}

std::string distance_label(double metres) {
  if (metres >= 1000) return dutch::number(metres / 1000, std::fmod(metres, 1000) == 0 ? 0 : 1) + " km";
  return dutch::number(metres, 0) + " m";
}

namespace {

struct Frame {
  double minx, miny, maxx, maxy, scale, pad, height;
  double x(double rx) const { return pad + (rx - minx) * scale; }
  double y(double ry) const { return pad + (maxy - ry) * scale; }
};

std::string path_of(const std::vector<io::Ring>& rings, const Frame& f) {
  std::string d;
  for (const auto& ring : rings) {
    for (std::size_t i = 0; i < ring.size(); ++i)
      d += fmt::format("{}{:.1f} {:.1f}", i == 0 ? "M" : "L", f.x(ring[i].x), f.y(ring[i].y));
    d += "Z";
  }
  return d;
}

}  // namespace

std::string map_svg(const MapDrawing& drawing) {
  double minx = std::numeric_limits<double>::infinity(), miny = minx, maxx = -minx, maxy = -minx;
  auto extend = [&](const std::vector<io::Ring>& rings) {
    for (const auto& ring : rings)
      for (const auto& p : ring) {
        minx = std::min(minx, p.x), maxx = std::max(maxx, p.x);
        miny = std::min(miny, p.y), maxy = std::max(maxy, p.y);
      }
  };
  extend(drawing.outline);
  for (const auto& s : drawing.shapes) extend(s.rings);
  if (!(maxx > minx) || !(maxy > miny)) return "";
  const double pad = 12, legend_h = 44;
  double scale = (drawing.width_px - 2 * pad) / (maxx - minx);
  scale = std::min(scale, (drawing.max_height_px - 2 * pad - legend_h) / (maxy - miny));
  const double w = (maxx - minx) * scale + 2 * pad, map_h = (maxy - miny) * scale + 2 * pad;
  const double width = std::max(w, 260.0), height = map_h + legend_h;
  const Frame f{minx, miny, maxx, maxy, scale, pad, height};

  std::string out = fmt::format(
      "<svg class=\"map\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "role=\"img\" aria-label=\"{}\">\n",
      width, height, width, height, html::escape(drawing.label));
  out +=
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern></defs>\n";
  out += "<g stroke=\"#ffffff\" stroke-width=\"0.4\">\n";
  for (const auto& s : drawing.shapes) {
    const std::string d = path_of(s.rings, f);
    out += fmt::format("<path d=\"{}\" fill=\"{}\" fill-rule=\"evenodd\"><title>{}</title></path>\n", d, s.fill, html::escape(s.title));
    if (s.hatched) out += fmt::format("<path d=\"{}\" fill=\"url(#hatch)\" stroke=\"none\"/>\n", d);
  }
  out += "</g>\n";
  if (!drawing.outline.empty())
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"#111111\" stroke-width=\"2\" fill-rule=\"evenodd\"/>\n",
                       path_of(drawing.outline, f));

  // Scale bar, bottom left, below the map.
  const double metres = scale_bar_metres(maxx - minx);
  const double bar_px = metres * scale, by = map_h + 22;
  out += fmt::format(
      "<g class=\"scale\" font-size=\"11\"><rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"{2:.1f}\" height=\"5\" fill=\"#111111\"/>"
      "<rect x=\"{0:.1f}\" y=\"{1:.1f}\" width=\"{3:.1f}\" height=\"5\" fill=\"#ffffff\" stroke=\"#111111\" stroke-width=\"0.8\"/>"
      "<text x=\"{0:.1f}\" y=\"{4:.1f}\">0</text><text x=\"{5:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{6}</text></g>\n",
      pad, by, bar_px, bar_px / 2, by - 4, pad + bar_px, html::escape(distance_label(metres)));
  // North arrow, top right: the map is in RD New, whose grid north is north within a degree here.
  const double nx = width - pad - 12, ny = pad + 4;
  out += fmt::format(
      "<g class=\"north\" aria-label=\"noorden\"><path d=\"M{0:.1f} {1:.1f}L{2:.1f} {3:.1f}L{0:.1f} {4:.1f}L{5:.1f} {3:.1f}Z\" "
      "fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
      "<text x=\"{0:.1f}\" y=\"{6:.1f}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"#111111\" "
      "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">N</text></g>\n",
      nx, ny + 14, nx + 7, ny + 34, ny + 28, nx - 7, ny + 11);
  out += "</svg>\n";
  return out;
}

std::string bars_svg(const std::vector<Bar>& bars, const std::string& label, const std::string& mark_legend) {
  const double label_w = 110, bar_w = 340, value_w = 230, row_h = 22, top = mark_legend.empty() ? 4 : 24;
  const double width = label_w + bar_w + value_w, height = top + row_h * bars.size() + 4;
  std::string out = fmt::format(
      "<svg class=\"bars\" viewBox=\"0 0 {0:.0f} {1:.0f}\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "role=\"img\" aria-label=\"{2}\" font-size=\"12\">\n",
      width, height, html::escape(label));
  if (!mark_legend.empty())
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"6\" x2=\"{0:.1f}\" y2=\"18\" stroke=\"#111111\" stroke-width=\"2\"/>"
        "<text x=\"{1:.1f}\" y=\"16\">{2}</text>\n",
        label_w, label_w + 6, html::escape(mark_legend));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = top + i * row_h;
    const double len = std::clamp(b.value, 0.0, 1.0) * bar_w;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 15, html::escape(b.label));
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"16\" fill=\"{}\" stroke=\"#555555\" stroke-width=\"0.5\"/>",
                       label_w, y + 3, len, b.colour);
    if (b.mark >= 0) {
      const double mx = label_w + std::clamp(b.mark, 0.0, 1.0) * bar_w;
      out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#111111\" stroke-width=\"2\"/>", mx,
                         y + 1, y + 21);
    }
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", label_w + bar_w + 8, y + 15, html::escape(b.value_text));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace leefkaart::report
