#include "report/register_section.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/dutch.hpp"
#include "registry/register_schema.hpp"
#include "report/html.hpp"

namespace leefkaart::report {
namespace rs = registry::register_schema;
using html::escape;

namespace {

std::string word(const std::string& list, const std::string& w) { return escape(rs::label(list, w)); }

std::string span_of(const std::optional<std::string>& from, const std::optional<std::string>& to) {
  if (!from && !to) return "";
  return fmt::format("{} tot {}", from ? dutch::date(*from) : "onbekend", to ? dutch::date(*to) : "nu");
}

std::string interventions_html(const RegisterSection& s, const std::function<std::string(const std::string&)>& label,
                               const std::function<std::string(const std::string&)>& area_name) {
  std::string out = "<h3>Interventies</h3>\n";
  if (s.records.interventions.empty()) return out + "<p>Geen interventies vastgelegd.</p>\n";
  out += "<ul class=\"interventions\">\n";
  for (const auto& [it, through] : s.records.interventions) {
    std::vector<std::string> types;
    for (const auto& t : it.types) types.push_back(word("intervention_type", t));
    std::string when = span_of(it.actual_start, it.actual_end);
    if (when.empty()) when = "gepland " + span_of(it.planned_start, it.planned_end);
    out += fmt::format("<li><b>{}</b> ({}{}{}). Soort: {}.", escape(it.name), word("intervention_status", it.status),
                       it.stop_reason ? ": " + escape(*it.stop_reason) : "", when.size() > 8 ? ", " + escape(when) : "",
                       fmt::format("{}", fmt::join(types, ", ")));
    if (it.domain || it.perspective)
      out += fmt::format(" Domein: {}; perspectief: {}.", it.domain ? word("domain", *it.domain) : "niet opgegeven",
                         it.perspective ? word("perspective", *it.perspective) : "niet opgegeven");
    if (!it.indicators.empty()) {
      std::vector<std::string> aims;
      for (const auto& a : it.indicators)
        aims.push_back(fmt::format("{} {}", escape(label(a.indicator)), word("direction", a.direction)));
      out += fmt::format(" Wil veranderen: {}.", fmt::join(aims, "; "));
    }
    if (it.target_group) out += fmt::format(" Doelgroep: {}.", escape(*it.target_group));
    if (through != s.area_code)
      out += fmt::format(" <small>Vastgelegd voor {}.</small>", escape(area_name(through)));
    const std::pair<const char*, const std::optional<std::string>*> logic[] = {
        {"Situatie", &it.situatie}, {"Waar naartoe", &it.waar_naartoe}, {"Hoe", &it.hoe}, {"Aannamen", &it.aannamen}};
    std::string dl;
    for (const auto& [name, text] : logic)
      if (*text) dl += fmt::format("<dt>{}</dt><dd>{}</dd>", name, escape(**text));
    if (!dl.empty()) out += "<dl class=\"logic\">" + dl + "</dl>";
    out += "</li>\n";
  }
  return out + "</ul>\n";
}

std::string questions_html(const RegisterSection& s, const std::function<std::string(const std::string&)>& area_name) {
  std::string out = "<h3>Leervragen</h3>\n";
  if (s.records.questions.empty()) return out + "<p>Geen leervragen aan dit gebied gekoppeld.</p>\n";
  out += "<ul class=\"questions\">\n";
  for (const auto& [q, through] : s.records.questions)
    out += fmt::format("<li><b>{},</b><br>{}<br><small>{} · {}{}{}</small></li>\n", escape(q.wish), escape(q.tension),
                       escape(q.theme), word("question_status", registry::to_string(q.status)),
                       q.holder ? " · houder: " + escape(*q.holder) : "",
                       through != s.area_code ? " · gekoppeld aan " + escape(area_name(through)) : "");
  return out + "</ul>\n";
}

std::string stories_html(const RegisterSection& s, const std::function<std::string(const std::string&)>& label) {
  std::string out = "<h3>Verhalen</h3>\n";
  if (s.records.stories.empty())
    return out + "<p>Nog geen verhalen uit dit gebied die gedeeld mogen worden. Wie is hier nog niet gehoord?</p>\n";
  out += "<ul class=\"stories\">\n";
  for (const auto& st : s.records.stories) {
    std::vector<std::string> themes;
    for (const auto& t : st.themes) themes.push_back(escape(label(t)));
    out += fmt::format("<li><q>{}</q><br><small>{}, {}{}{}</small></li>\n", escape(st.text), word("story_source", st.source),
                       escape(dutch::date(st.date)), themes.empty() ? "" : fmt::format(" · over {}", fmt::join(themes, ", ")),
                       st.signal ? " · " + word("story_signal", *st.signal) : "");
  }
  return out + "</ul>\n";
}

std::string prompts_html(const RegisterSection& s, const std::function<std::string(const std::string&)>& label,
                         const std::function<std::string(const std::string&)>& area_name) {
  if (s.prompts.empty()) return "";
  std::string out =
      "<h3>Gespreksvragen</h3>\n<p class=\"hint\">Waar de cijfers en de verhalen over hetzelfde thema iets anders zeggen. "
      "Geen oordeel: een vraag voor het gesprek met de buurt.</p>\n<ul class=\"prompts\">\n";
  for (const auto& p : s.prompts)
    out += fmt::format("<li>{}</li>\n", escape(registry::prompt_text(p, area_name(p.area_code), label(p.indicator))));
  return out + "</ul>\n";
}

std::string cycles_html(const RegisterSection& s) {
  if (s.records.cycles.empty()) return "";
  std::string out = "<h3>Leercyclus</h3>\n<ul class=\"cycles\">\n";
  for (const auto& c : s.records.cycles) {
    std::string pinned;
    if (c.manifest_checksum)
      pinned = *c.manifest_checksum == s.build_checksum
                   ? " · keek naar deze berekening"
                   : fmt::format(" · keek naar een andere berekening (kenmerk {}…)", escape(c.manifest_checksum->substr(0, 12)));
    out += fmt::format("<li><b>{}</b> ({}): {}<small>{}{}</small></li>\n", word("cycle_kind", c.kind),
                       escape(dutch::date(c.date)), escape(c.text), c.author_role ? " · " + escape(*c.author_role) : "", pinned);
  }
  return out + "</ul>\n";
}

}  // namespace

std::string register_html(const RegisterSection& s, const std::function<std::string(const std::string&)>& label,
                          const std::function<std::string(const std::string&)>& area_name) {
  return "<section class=\"register\"><h2>Wat er gebeurt</h2>\n" + interventions_html(s, label, area_name) +
         questions_html(s, area_name) + stories_html(s, label) + prompts_html(s, label, area_name) + cycles_html(s) + "</section>\n";
}

}  // namespace leefkaart::report
