#include "report/walkpack.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <set>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/result_set.hpp"
#include "registry/store.hpp"
#include "report/html.hpp"
#include "survey/forms.hpp"
#include "survey/wheel_svg.hpp"

namespace leefkaart::report {
namespace fs = std::filesystem;
namespace schema = io::build_schema;
using html::escape;

namespace {

// Print layout of the pack: the questions fill the second and later pages, a question never splits.
constexpr const char* kStyle = R"css(
<style>
figure.wheel svg { width: 100%; height: auto; display: block; }
ol.questions { padding-left: 1.6em; }
ol.questions li { margin: 0 0 0.9em; break-inside: avoid; page-break-inside: avoid; }
ol.questions .q { display: block; margin: 0.1em 0 0.3em; }
.boxes { display: flex; gap: 0.35em; margin: 0.2em 0 0.4em; }
.boxes span { display: inline-block; width: 1.9em; height: 1.9em; border: 1px solid #333; text-align: center; line-height: 1.9em;
              font-size: 9pt; color: #555; }
.write { display: block; border-bottom: 1px dotted #555; height: 1.7em; font-size: 9pt; color: #444; }
.fill { border-bottom: 1px solid #333; display: inline-block; min-width: 12em; }
</style>
)css";

std::string theme_question(const survey::Theme& t, const std::string& variant, const survey::ThemeSet& set) {
  for (const auto& [v, q] : t.questions)
    if (v == variant) return q;
  std::string have;
  for (const auto& [v, q] : t.questions) have += (have.empty() ? "" : ", ") + v;
  throw InputError({"", "", "--variant"}, fmt::format("the theme set {} has no wording '{}' (it has: {})", set.id, variant, have));
}

std::string area_name_in(const io::LayerTable& t, std::size_t row) {
  return t.text(row, schema::area_field("name")).value_or(t.text(row, schema::area_field("code")).value_or(""));
}

}  // namespace

std::string walkpack_html(const Build& b, Level level, std::size_t row, const FormsSoFar& forms, const survey::ThemeSet& set,
                          const std::string& variant) {
  const io::LayerTable& t = level == Level::Buurt ? b.buurten : b.wijken;
  const std::string name = area_name_in(t, row);
  const std::string city = area_name_in(b.gemeente, 0);
  const std::string kind = level == Level::Buurt ? "buurt" : "wijk";
  const nlohmann::json score = b.manifest.value(schema::manifest_key("score"), nlohmann::json::object());
  const int max = score.value("max", 0);
  // Every question first: a variant the set lacks fails before anything is drawn.
  std::vector<std::string> questions;
  for (const auto& th : set.themes) questions.push_back(theme_question(th, variant, set));

  std::string body = kStyle;
  body += fmt::format("<header><h1>Wandelpakket {}</h1><p class=\"sub\">{} in de gemeente {} · {}, {}</p></header>\n",
                      escape(name), kind == "buurt" ? "Buurt" : "Wijk", escape(city), escape(set.nl),
                      escape(survey::schema().at("variants").at(variant).at("nl").get<std::string>()));
  body += "<p>Datum: <span class=\"fill\"></span> &nbsp; Namen of groep: <span class=\"fill\"></span></p>\n";

  body += "<h2>Kaart</h2>\n<figure>\n" + area_map_html(b, level, row);
  body += fmt::format("<figcaption>De kleur van elk vak is het aantal indicatoren dat daar voorbij zijn drempel ligt (0 tot {}). "
                      "De dikke lijn is de grens van de {}.</figcaption>\n</figure>\n",
                      max, kind);

  body += "<h2>Wat weten we van dit gebied?</h2>\n<section class=\"keys\">\n";
  const auto pop = t.number(row, schema::area_field("pop"));
  const auto mean = t.number(row, schema::area_field("mean_score"));
  const auto worse = worse_than_threshold(b, level, row);
  body += fmt::format("<div class=\"key\"><b>{}</b><span>inwoners</span></div>\n", pop ? dutch::residents(*pop) : "onbekend");
  body += fmt::format("<div class=\"key\"><b>{}</b><span>gemiddelde score (0 tot {}; hoger is ongunstiger)</span></div>\n",
                      mean ? dutch::number(*mean, 2) : "geen", max);
  body += fmt::format("<div class=\"key\"><b>{}</b><span>indicatoren voorbij de drempel</span></div>\n", worse.size());
  body += fmt::format("<div class=\"key\"><b>{}</b><span>Leefplekmeter-formulieren tot nu toe</span></div>\n</section>\n",
                      forms.forms);
  if (worse.empty()) {
    body += fmt::format("<p>In de cijfers ligt in {} gemiddeld geen enkele indicator aan de ongunstige kant van de drempel.</p>\n", escape(name));
  } else {
    body += fmt::format("<p>In de cijfers ligt {} op deze punten gemiddeld aan de ongunstige kant van de drempel. "
                        "Kijk er tijdens de wandeling naar, en vraag wat mensen ervan merken:</p>\n<ul>\n",
                        escape(name));
    for (const auto& w : worse)
      body += fmt::format("<li><b>{}</b>: {} (drempel {})</li>\n", escape(w.label), escape(w.value), escape(w.threshold));
    body += "</ul>\n";
  }
  if (forms.forms == 0) {
    body += fmt::format("<p>Voor {} is nog geen Leefplekmeter ingevuld: dit wordt de eerste.</p>\n", escape(name));
  } else {
    std::string rounds;
    for (const auto& r : forms.rounds) rounds += (rounds.empty() ? "" : ", ") + r;
    body += fmt::format("<p>Voor {} zijn al {} Leefplekmeter-{} ingevuld, door {} {} (ronde {}).</p>\n", escape(name), forms.forms,
                        forms.forms == 1 ? "formulier" : "formulieren", forms.people, forms.people == 1 ? "persoon" : "mensen",
                        escape(rounds));
  }

  body += "<section class=\"page\">\n<h2>Ons wiel</h2>\n";
  body += fmt::format("<p>Kleur per thema de vakjes vanuit het midden tot aan uw score: {} is veel verbetering nodig, {} is heel weinig "
                      "verbetering nodig. De nummers horen bij de vragen hieronder.</p>\n",
                      set.scale.min, set.scale.max);
  body += "<figure class=\"wheel\">\n" + survey::blank_wheel_svg(set, "Leefplekmeter " + name) + "</figure>\n</section>\n";
  body += "<section class=\"page\">\n<h2>De vragen</h2>\n<ol class=\"questions\">\n";
  for (std::size_t i = 0; i < set.themes.size(); ++i) {
    body += fmt::format("<li><b>{}</b><span class=\"q\">{}</span><div class=\"boxes\" aria-label=\"score {} tot {}\">", escape(set.themes[i].nl),
                        escape(questions[i]), set.scale.min, set.scale.max);
    for (int s = set.scale.min; s <= set.scale.max; ++s) body += fmt::format("<span>{}</span>", s);
    body += "</div><span class=\"write\">Wat gaat goed?</span><span class=\"write\">Wat kan beter?</span></li>\n";
  }
  body += "</ol>\n</section>\n";
  body += fmt::format("<footer>Gemaakt met leefkaart uit de berekening van {}. De Leefplekmeter is van Pharos en Platform31; "
                      "kaartgegevens: CBS wijk- en buurtkaart, © OpenStreetMap-bijdragers (ODbL).</footer>\n",
                      escape(dutch::date(b.manifest.value("created_utc", ""))));
  return html::page(fmt::format("Wandelpakket {} ({})", name, city), body);
}

std::string walkpack_command(const WalkpackOptions& o) {
  io::check_output_folder(o.out_dir);  // before the work, not after it
  const auto set = survey::theme_set(o.theme_set);
  if (!set) throw InputError({"", "", "--themaset"}, fmt::format("'{}' is no theme set", o.theme_set));
  if (!survey::schema().at("variants").contains(o.variant))
    throw InputError({"", "", "--variant"}, fmt::format("'{}' is no variant (standaard, b1 or jeugd)", o.variant));
  const Build b = load_build(o.build_dir);
  std::optional<std::pair<Level, std::size_t>> at;
  for (const auto& [level, table] : {std::pair<Level, const io::LayerTable*>{Level::Buurt, &b.buurten}, {Level::Wijk, &b.wijken}})
    for (std::size_t r = 0; r < table->rows.size() && !at; ++r)
      if (table->text(r, schema::area_field("code")) == o.area) at = {level, r};
  if (!at)
    throw InputError({(o.build_dir / schema::schema().at("geopackage").get<std::string>()).string(), "", "--area"},
                     fmt::format("'{}' is no buurt or wijk of this build", o.area));
  auto store = registry::Store::open(o.store, registry::OpenMode::MustExist);
  FormsSoFar so_far;
  std::set<std::string> rounds;
  for (const auto& f : survey::load_forms(store, o.area)) {
    ++so_far.forms;
    so_far.people += f.people;
    rounds.insert(f.round);
  }
  so_far.rounds.assign(rounds.begin(), rounds.end());
  const std::string page = walkpack_html(b, at->first, at->second, so_far, *set, o.variant);

  io::ResultSetWriter stage(o.out_dir);
  const std::string file = survey::output_name("walkpack");
  {
    std::ofstream out(stage.staged(file), std::ios::binary);
    out << page;
    if (!out) throw std::runtime_error("cannot write " + file);
  }
  stage.commit({{"tool", "leefkaart"},
                {"command", "survey walkpack"},
                {"created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
                {"build", fs::absolute(o.build_dir).lexically_normal().string()},
                {"area", o.area},
                {"theme_set", o.theme_set},
                {"variant", o.variant}});
  return fmt::format("leefkaart wrote the walk pack for {} to {}\n", o.area, (o.out_dir / file).string());
}

}  // namespace leefkaart::report
