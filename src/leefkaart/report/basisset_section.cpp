#include "report/basisset_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "io/build_schema.hpp"
#include "report/html.hpp"

namespace leefkaart::report {
namespace {
using html::escape;

// The perspective's Dutch name from the stapelkaart's schema ("beschermen" → "Gezondheid beschermen").
std::string perspective_nl(const std::string& p) {
  if (p.empty()) return "—";
  const auto& s = io::build_schema::schema();
  const auto ptr = nlohmann::json::json_pointer("/stack/perspectives/" + p + "/nl");
  return s.contains(ptr) && s.at(ptr).is_string() ? s.at(ptr).get<std::string>() : p;
}

bool inferred(const basisset::Entry& e, const std::string& field) {
  return std::find(e.inferred.begin(), e.inferred.end(), field) != e.inferred.end();
}

}  // namespace

std::string basisset_html(const basisset::Coverage& c) {
  const std::size_t n = c.rows.size(), measured = c.supplied();
  std::string out = "<section class=\"page basisset\">\n<h2>Basisset Gezonde Leefomgeving: wat deze kaart meet en wat niet</h2>\n";
  if (!c.about.empty()) out += "<p>" + escape(c.about) + "</p>\n";
  out += fmt::format("<p>Deze kaart meet <strong>{} van de {}</strong> onderdelen; {} {} niet gemeten.</p>\n", measured, n, n - measured,
                     n - measured == 1 ? "wordt" : "worden");
  bool any_inferred = false;
  out += "<table class=\"indicators basisset\"><thead><tr><th>Thema</th><th>Onderdeel</th><th>Perspectief</th>"
         "<th>In deze kaart</th></tr></thead><tbody>\n";
  for (const basisset::Row& r : c.rows) {
    const basisset::Entry& e = r.entry;
    auto mark = [&](const std::string& field) {
      if (!inferred(e, field)) return std::string();
      any_inferred = true;
      return std::string("*");
    };
    std::string in_map;
    if (r.supplied) {
      in_map = fmt::format("<strong>Gemeten</strong> met {}<br><small>{}</small>", escape(r.indicator_label), escape(r.source));
    } else {
      in_map = fmt::format("<strong>Niet gemeten</strong>: {}", escape(r.reason));
    }
    if (!e.note.empty()) in_map += "<br><small>" + escape(e.note) + "</small>";
    // The source's address as text, not a link: the report opens offline and reaches for no network.
    const std::string name = e.source_url.empty()
                                 ? escape(e.name)
                                 : fmt::format("{}<br><small>Bron: {}</small>", escape(e.name), escape(e.source_url));
    out += fmt::format("<tr><td>{}{}</td><td>{}{}</td><td>{}{}</td><td>{}</td></tr>\n", escape(e.theme), mark("theme"), name,
                       mark("name"), escape(perspective_nl(e.perspective)), e.perspective.empty() ? "" : mark("perspective"),
                       in_map);
  }
  out += "</tbody></table>\n";
  if (any_inferred)
    out += "<p><small>* Afgeleid door leefkaart, niet overgenomen uit de lijst van het RIVM.</small></p>\n";
  out += fmt::format("<p><small>Lijst: {} ({}).</small></p>\n</section>\n", escape(c.title),
                     escape(std::filesystem::path(c.template_file).filename().string()));
  return out;
}

}  // namespace leefkaart::report
