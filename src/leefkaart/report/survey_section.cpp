#include "report/survey_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "report/html.hpp"
#include "survey/wheel_svg.hpp"

namespace leefkaart::report {
using html::escape;

namespace {

std::string theme_name(const survey::Wheel& w, const std::string& code) {
  if (const auto set = survey::theme_set(w.theme_set))
    if (const survey::Theme* t = set->theme(code)) return t->nl;
  return code;
}

std::string everyone_html(const survey::Wheel& w, const std::string& area_name, const std::string& id) {
  std::string out = "<figure class=\"wheel\">\n" + survey::wheel_svg(w, area_name, id);
  out += fmt::format("<figcaption>{} {}, {} {}; per thema het gemiddelde, de middelste helft en de laagste tot de hoogste score.</figcaption>\n</figure>\n",
                     w.forms, w.forms == 1 ? "formulier" : "formulieren", w.people, w.people == 1 ? "persoon" : "mensen");
  if (w.hidden_reason) return out;
  std::vector<const survey::ThemeSpread*> answered;
  for (const auto& t : w.themes)
    if (t.mean) answered.push_back(&t);
  std::stable_sort(answered.begin(), answered.end(), [](auto* a, auto* b) { return *a->mean < *b->mean; });
  if (!answered.empty()) {
    out += "<p>Laagst beoordeeld: ";
    for (std::size_t i = 0; i < answered.size() && i < 3; ++i)
      out += fmt::format("{}{} ({}, n = {})", i ? ", " : "", escape(theme_name(w, answered[i]->theme)), dutch::number(*answered[i]->mean, 1),
                         answered[i]->n);
    out += fmt::format(" op een schaal van {} tot {}.</p>\n", w.scale.min, w.scale.max);
  }
  std::string said;
  for (const auto& t : w.themes) {
    if (t.good.empty() && t.better.empty()) continue;
    said += fmt::format("<li><b>{}</b>", escape(theme_name(w, t.theme)));
    for (const auto& g : t.good) said += fmt::format("<br>Gaat goed: <q>{}</q>", escape(g));
    for (const auto& b : t.better) said += fmt::format("<br>Kan beter: <q>{}</q>", escape(b));
    said += "</li>\n";
  }
  if (!said.empty()) out += "<h4>Wat mensen zeiden</h4>\n<p class=\"hint\">Alleen wat mocht worden gedeeld.</p>\n<ul class=\"said\">\n" + said + "</ul>\n";
  return out;
}

}  // namespace

SurveyWheels survey_wheels(const std::vector<survey::Form>& forms, const survey::WheelOptions& options) {
  std::map<std::string, std::vector<survey::Form>> by_area;
  for (const auto& f : forms) by_area[f.area].push_back(f);
  SurveyWheels out;
  for (const auto& [area, fs] : by_area) {
    try {
      out.wheels[area] = survey::all_wheels(fs, options);
    } catch (const InputError& e) {
      // One area's mixed scales do not take the other areas' wheels away.
      out.refused[area] = e.problem();
    }
  }
  return out;
}

std::string survey_html(const SurveySection& s) {
  std::string out = "<section class=\"beleving\"><h2>Beleving</h2>\n";
  if (s.refused)
    return out + fmt::format("<p class=\"status attention\">De Leefplekmeters van dit gebied zijn niet samen te tonen: {}</p>\n</section>\n",
                             escape(*s.refused));
  if (s.wheels.empty()) return out + "<p class=\"none\">" + escape(survey::none_text()) + ".</p>\n</section>\n";
  out += "<p>Hoe bewoners en professionals deze plek beoordelen met de Leefplekmeter: per thema een score, waar hoger beter is. "
         "Het gesprek erover telt meer dan het cijfer.</p>\n";
  std::set<std::string> rounds;
  for (const auto& w : s.wheels) rounds.insert(w.round);
  int k = 0;
  for (const auto& round : rounds) {
    out += fmt::format("<h3>Ronde {}</h3>\n", escape(round));
    for (const auto& w : s.wheels)
      if (w.round == round && w.group.attribute.empty()) out += everyone_html(w, s.area_name, fmt::format("wheel-{}-{}", s.area_code, ++k));
    std::string groups, hidden;
    for (const auto& w : s.wheels) {
      if (w.round != round || w.group.attribute.empty()) continue;
      if (w.hidden_reason)
        hidden += fmt::format("<li>{}: {}</li>\n", escape(survey::group_label(w.group)), escape(*w.hidden_reason));
      else
        groups += "<figure class=\"wheel group\">\n" + survey::wheel_svg(w, s.area_name, fmt::format("wheel-{}-{}", s.area_code, ++k)) + "</figure>\n";
    }
    if (!groups.empty() || !hidden.empty()) out += "<h4>Per groep</h4>\n";
    if (!groups.empty()) out += "<div class=\"groups\">\n" + groups + "</div>\n";
    if (!hidden.empty()) out += "<ul class=\"hidden-groups\">\n" + hidden + "</ul>\n";
  }
  return out + "</section>\n";
}

}  // namespace leefkaart::report
