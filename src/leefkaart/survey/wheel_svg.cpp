#include "survey/wheel_svg.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "core/dutch.hpp"
#include "core/text.hpp"

namespace leefkaart::survey {

namespace {

std::string esc(const std::string& s) { return markup_escape(s); }

// Whole numbers without decimals, others with one: scores are whole, means are not.
std::string num(double v) { return dutch::number(v, std::abs(v - std::round(v)) < 1e-9 ? 0 : 1); }

// The drawing's frame: wide enough for the longest label on either side.
constexpr double kWidth = 900, kHeight = 650, kCx = 450, kCy = 335, kR = 215;
constexpr const char* kFill = "#3182bd";
constexpr const char* kSpread = "#08306b";

struct Frame {
  int themes;
  Scale scale;
  // Spoke i points up for i = 0 and turns clockwise, as the printed wheel does.
  double angle(double i) const { return -std::numbers::pi / 2 + 2 * std::numbers::pi * i / themes; }
  // Score min lies on the first ring, max on the edge.
  double radius(double score) const { return kR * (score - scale.min + 1) / (scale.max - scale.min + 1); }
  double x(double r, double a) const { return kCx + r * std::cos(a); }
  double y(double r, double a) const { return kCy + r * std::sin(a); }
};

struct SpokeLabel {
  std::string name;
  std::string detail;  // second line; empty for none
};

// Rings, sector lines and the labels round the edge.
std::string grid(const Frame& f, const std::vector<SpokeLabel>& labels) {
  std::string out = "<g class=\"grid\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"0.8\">\n";
  for (int k = f.scale.min; k <= f.scale.max; ++k)
    out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\"{}/>\n", kCx, kCy, f.radius(k),
                       k == f.scale.max ? " stroke=\"#424242\" stroke-width=\"1.4\"" : "");
  for (int i = 0; i < f.themes; ++i) {
    const double a = f.angle(i + 0.5);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", kCx, kCy, f.x(kR, a), f.y(kR, a));
  }
  out += "</g>\n<g class=\"scale\" font-size=\"10\" fill=\"#424242\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n";
  // The ring numbers along the boundary between the first and the last theme, where no wedge lies.
  const double a = f.angle(-0.5);
  for (int k = f.scale.min; k <= f.scale.max; ++k)
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", f.x(f.radius(k) - 6, a),
                       f.y(f.radius(k) - 6, a) + 3, k);
  out += "</g>\n<g class=\"labels\" font-size=\"12.5\" fill=\"#1a1a1a\">\n";
  for (int i = 0; i < f.themes; ++i) {
    const double a = f.angle(i), c = std::cos(a), s = std::sin(a);
    const double lx = f.x(kR + 14, a), ly = f.y(kR + 14, a) + (s > 0.3 ? 10 : s < -0.3 ? -8 : 4);
    const char* anchor = c > 0.2 ? "start" : c < -0.2 ? "end" : "middle";
    const auto& l = labels[static_cast<std::size_t>(i)];
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\"><tspan font-weight=\"600\">{}</tspan>", lx, ly, anchor, esc(l.name));
    if (!l.detail.empty())
      out += fmt::format("<tspan x=\"{:.1f}\" dy=\"14\" font-size=\"11\" fill=\"#424242\">{}</tspan>", lx, esc(l.detail));
    out += "</text>\n";
  }
  return out + "</g>\n";
}

std::string open_svg(const std::string& cls, const std::string& id, const std::string& title, const std::string& desc) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{0}\" viewBox=\"0 0 {1:.0f} {2:.0f}\" width=\"{1:.0f}\" height=\"{2:.0f}\" "
      "role=\"img\" aria-labelledby=\"{5}-title {5}-desc\" font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\">\n"
      "<title id=\"{5}-title\">{3}</title>\n<desc id=\"{5}-desc\">{4}</desc>\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
      "<text x=\"20\" y=\"30\" font-size=\"17\" font-weight=\"bold\" fill=\"#1a1a1a\">{3}</text>\n",
      cls, kWidth, kHeight, esc(title), esc(desc), esc(id));
}

std::string theme_label(const std::optional<ThemeSet>& set, const std::string& code) {
  if (set)
    if (const Theme* t = set->theme(code)) return t->nl;
  return code;
}

}  // namespace

std::string group_label(const WheelGroup& group) {
  if (group.attribute.empty()) return "iedereen";
  for (const auto& [column, list] : group_attributes())
    if (column == group.attribute) return label(list, group.value);
  return group.value;
}

std::string wheel_title(const Wheel& w, const std::string& area_name) {
  const auto set = theme_set(w.theme_set);
  std::string t = fmt::format("{}, ronde {}, {}: {}", area_name, w.round, group_label(w.group), set ? set->nl : w.theme_set);
  if (w.rescaled) t += fmt::format(" (herschaald naar {} tot {})", w.scale.min, w.scale.max);
  return t;
}

std::string wheel_svg(const Wheel& w, const std::string& area_name, const std::string& id) {
  const std::string title = wheel_title(w, area_name);
  if (w.hidden_reason || w.forms == 0 || w.themes.empty()) {
    // No data is drawn: only why not.
    const std::string why = w.hidden_reason ? *w.hidden_reason : none_text();
    std::string out = open_svg("wheel hidden", id, title, why);
    out += fmt::format("<text class=\"reason\" x=\"{:.0f}\" y=\"{:.0f}\" text-anchor=\"middle\" font-size=\"15\" fill=\"#424242\">{}</text>\n",
                       kCx, kCy, esc(why));
    return out + "</svg>\n";
  }
  const auto set = theme_set(w.theme_set);
  const Frame f{static_cast<int>(w.themes.size()), w.scale};

  std::string desc = fmt::format("{} {}, {} {}; schaal {} tot {}, hoger is beter.", w.forms, w.forms == 1 ? "formulier" : "formulieren",
                                 w.people, w.people == 1 ? "persoon" : "mensen", w.scale.min, w.scale.max);
  std::vector<SpokeLabel> labels;
  for (const auto& t : w.themes) {
    const std::string name = theme_label(set, t.theme);
    if (t.n == 0 || !t.mean) {
      desc += fmt::format(" {}: niet beantwoord.", name);
      labels.push_back({name, "niet beantwoord"});
      continue;
    }
    desc += fmt::format(" {}: gemiddeld {} (n = {}", name, dutch::number(*t.mean, 1), t.n);
    if (t.q1 && t.q3) desc += fmt::format(", middelste helft {} tot {}", num(*t.q1), num(*t.q3));
    if (t.min && t.max) desc += fmt::format(", laagste {}, hoogste {}", num(*t.min), num(*t.max));
    desc += ").";
    labels.push_back({name, fmt::format("gem. {} · n = {}", dutch::number(*t.mean, 1), t.n)});
  }

  std::string out = open_svg("wheel", id, title, desc);
  // The wedges first, the grid over them so the rings stay readable through the fill.
  out += fmt::format("<g class=\"means\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"{}\" stroke-width=\"1\">\n", kFill, kSpread);
  const double half = std::numbers::pi / f.themes;
  for (std::size_t i = 0; i < w.themes.size(); ++i) {
    const auto& t = w.themes[i];
    if (t.n == 0 || !t.mean) continue;
    const double a = f.angle(static_cast<double>(i)), r = f.radius(*t.mean);
    out += fmt::format("<path class=\"mean\" d=\"M{:.1f} {:.1f}L{:.1f} {:.1f}A{:.1f} {:.1f} 0 0 1 {:.1f} {:.1f}Z\"><title>{}: gemiddeld {}</title></path>\n",
                       kCx, kCy, f.x(r, a - half), f.y(r, a - half), r, r, f.x(r, a + half), f.y(r, a + half),
                       esc(theme_label(set, t.theme)), dutch::number(*t.mean, 1));
  }
  out += "</g>\n";
  out += grid(f, labels);
  out += fmt::format("<g class=\"spread\" stroke=\"{}\" stroke-linecap=\"butt\">\n", kSpread);
  for (std::size_t i = 0; i < w.themes.size(); ++i) {
    const auto& t = w.themes[i];
    if (!t.min || !t.max || !t.q1 || !t.q3) continue;
    const double a = f.angle(static_cast<double>(i));
    const double r0 = f.radius(*t.min), r1 = f.radius(*t.max), q0 = f.radius(*t.q1), q1 = f.radius(*t.q3);
    // Lowest to highest: a thin line with end ticks; the middle half: a thick bar.
    const double ta = a + std::numbers::pi / 2;
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke-width=\"1.5\"/>", f.x(r0, a), f.y(r0, a),
                       f.x(r1, a), f.y(r1, a));
    for (double r : {r0, r1})
      out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke-width=\"1.5\"/>",
                         f.x(r, a) + 5 * std::cos(ta), f.y(r, a) + 5 * std::sin(ta), f.x(r, a) - 5 * std::cos(ta),
                         f.y(r, a) - 5 * std::sin(ta));
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke-width=\"{}\"/>\n", f.x(q0, a), f.y(q0, a),
                       f.x(q1, a), f.y(q1, a), q1 - q0 < 2 ? 0 : 7);
  }
  out += "</g>\n";
  out += fmt::format(
      "<g class=\"legend\" font-size=\"11.5\" fill=\"#1a1a1a\"><rect x=\"20\" y=\"{0:.0f}\" width=\"14\" height=\"11\" fill=\"{1}\" fill-opacity=\"0.55\" stroke=\"{2}\"/>"
      "<text x=\"40\" y=\"{3:.0f}\">gemiddelde</text>"
      "<line x1=\"150\" y1=\"{4:.0f}\" x2=\"180\" y2=\"{4:.0f}\" stroke=\"{2}\" stroke-width=\"7\"/><text x=\"186\" y=\"{3:.0f}\">middelste helft van de scores</text>"
      "<line x1=\"390\" y1=\"{4:.0f}\" x2=\"420\" y2=\"{4:.0f}\" stroke=\"{2}\" stroke-width=\"1.5\"/><text x=\"426\" y=\"{3:.0f}\">laagste tot hoogste score</text>"
      "<text x=\"620\" y=\"{3:.0f}\">n: aantal antwoorden</text></g>\n",
      kHeight - 24, kFill, kSpread, kHeight - 14, kHeight - 18.5);
  return out + "</svg>\n";
}

std::string blank_wheel_svg(const ThemeSet& set, const std::string& title) {
  const Frame f{static_cast<int>(set.themes.size()), set.scale};
  std::vector<SpokeLabel> labels;
  std::string desc = fmt::format("Een leeg wiel om in te kleuren: per thema een score van {} (veel verbetering nodig) tot {} (weinig verbetering nodig).",
                                 set.scale.min, set.scale.max);
  for (std::size_t i = 0; i < set.themes.size(); ++i) {
    labels.push_back({fmt::format("{}. {}", i + 1, set.themes[i].nl), ""});
    desc += fmt::format(" {}. {}.", i + 1, set.themes[i].nl);
  }
  std::string out = open_svg("wheel blank", "wheel-blank", title, desc);
  out += grid(f, labels);
  return out + "</svg>\n";
}

}  // namespace leefkaart::survey
