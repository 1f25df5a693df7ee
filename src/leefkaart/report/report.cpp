#include "report/report.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/result_set.hpp"
#include "io/checksum.hpp"
#include "registry/area_records.hpp"
#include "report/basisset_section.hpp"
#include "report/html.hpp"
#include "report/svg.hpp"
#include "survey/forms.hpp"

namespace leefkaart::report {
namespace fs = std::filesystem;
using json = nlohmann::json;
namespace schema = io::build_schema;
using html::escape;

namespace {

const json& key(const json& j, const std::string& group_key, const std::string& file) {
  const std::string k = schema::schema().at("manifest_keys").at(group_key).get<std::string>();
  if (!j.contains(k)) throw InputError({file, "", k}, "missing in the manifest: is this a build of another leefkaart version?");
  return j.at(k);
}

std::string ikey(const std::string& k) { return schema::schema().at("indicator_keys").at(k).get<std::string>(); }

std::string str(const json& j, const std::string& k) {
  const std::string name = ikey(k);
  return j.contains(name) && j.at(name).is_string() ? j.at(name).get<std::string>() : std::string();
}

// An indicator of the manifest, as the report uses it.
struct Indicator {
  std::string name, label, unit, description, rule_nl, proxy_for, not_supplied, direction;
  int decimals = 1;
  std::optional<double> threshold;
  bool supplied = false, in_score = false;
  json source;
};

std::vector<Indicator> indicators_of(const Build& b) {
  const std::string file = (b.dir / io::kManifestFile).string();
  const json& list = key(b.manifest, "indicators", file);
  if (!list.is_array()) throw InputError({file, "", "indicators"}, "is not a list");
  std::vector<Indicator> out;
  for (const json& j : list) {
    Indicator ind;
    ind.name = str(j, "name");
    if (ind.name.empty()) throw InputError({file, "indicator " + std::to_string(out.size() + 1), ikey("name")}, "missing");
    ind.label = str(j, "label").empty() ? ind.name : str(j, "label");
    ind.unit = str(j, "unit");
    ind.description = str(j, "description");
    ind.rule_nl = str(j, "rule_nl");
    ind.proxy_for = str(j, "proxy_for");
    ind.not_supplied = str(j, "not_supplied");
    ind.direction = str(j, "direction");
    if (j.contains(ikey("decimals")) && j.at(ikey("decimals")).is_number_integer()) ind.decimals = j.at(ikey("decimals")).get<int>();
    if (j.contains(ikey("threshold")) && j.at(ikey("threshold")).is_number()) ind.threshold = j.at(ikey("threshold")).get<double>();
    ind.supplied = j.value(ikey("supplied"), false);
    ind.in_score = j.value(ikey("in_score"), false);
    if (j.contains(ikey("source"))) ind.source = j.at(ikey("source"));
    out.push_back(std::move(ind));
  }
  return out;
}

int max_score(const Build& b) {
  const json& s = key(b.manifest, "score", (b.dir / io::kManifestFile).string());
  return s.value("max", 0);
}

int score_at_least(const Build& b) {
  const json& s = key(b.manifest, "score", (b.dir / io::kManifestFile).string());
  return s.value("score_at_least", 1);
}

int privacy_min(const Build& b) {
  const std::string k = schema::schema().at("manifest_keys").at("privacy").get<std::string>();
  return b.manifest.contains(k) ? b.manifest.at(k).value("min_residents", 0) : 0;
}

std::string area_name(const io::LayerTable& t, std::size_t row) {
  return t.text(row, schema::area_field("name")).value_or(t.text(row, schema::area_field("code")).value_or(""));
}

std::string with_unit(const std::string& number, const std::string& unit) { return unit.empty() ? number : number + " " + unit; }

std::string value_text(const Indicator& ind, const std::optional<double>& v) {
  if (!v) return "—";
  return with_unit(ind.threshold ? dutch::number_near(*v, *ind.threshold, ind.decimals) : dutch::number(*v, ind.decimals), ind.unit);
}

std::string opt_percent(const std::optional<double>& share) { return share ? dutch::percent(*share) : "—"; }
std::string opt_number(const std::optional<double>& v, int decimals) { return v ? dutch::number(*v, decimals) : "—"; }

// Years named in a source's file name ("…_2020_18plus.csv" → 2020): the report's "jaar".
std::string years_of(const std::string& file) {
  static const std::regex year(R"((?:^|[^0-9])((?:19|20)[0-9]{2})(?=[^0-9]|$))");
  std::set<std::string> found;
  for (auto it = std::sregex_iterator(file.begin(), file.end(), year); it != std::sregex_iterator(); ++it) found.insert((*it)[1]);
  std::string out;
  for (const auto& y : found) out += (out.empty() ? "" : ", ") + y;
  return out;
}

std::string source_text(const json& src) {
  if (!src.is_object()) return "";
  const std::string kind = src.value("kind", "");
  const std::string file = src.value("file", "");
  std::string what;
  if (kind == "table") what = fmt::format("tabel {}", src.value("value", src.value("table", "")));
  else if (kind == "layer") what = fmt::format("kaartlaag {} ({})", src.value("layer", ""), src.value("distance", "") == "network" ? "afstand over straten" : "afstand hemelsbreed");
  else if (kind == "raster") what = "rasterkaart";
  else if (kind == "osm") what = fmt::format("OpenStreetMap, categorie {}", src.value("category", ""));
  std::string out = what;
  if (!file.empty()) out += (out.empty() ? "" : ", ") + std::string("bestand ") + file;
  return out;
}

// A cell's or area's status in plain Dutch; an unknown code as it is.
std::string status_label(const std::string& code) {
  return schema::schema().at("status_labels").contains(code) ? schema::status_label(code) : code;
}

std::string legend_html(int max, const std::map<std::string, std::size_t>& counts) {
  std::string out = "<div class=\"legend\" aria-label=\"legenda\">";
  for (int s = 0; s <= max; ++s)
    out += fmt::format("<span><i style=\"background:{}\"></i>score {}</span>", score_colour(s, max), s);
  for (const std::string k : {"uninhabited", "privacy", "data_missing"}) {
    const std::string code = schema::status(k);
    auto it = counts.find(code);
    if (it == counts.end() || it->second == 0) continue;
    out += fmt::format("<span><i class=\"{}\" style=\"background-color:{}\"></i>{} ({} {})</span>",
                       k == "data_missing" ? "hatched" : "", schema::colour(k), escape(schema::status_label(code)), it->second,
                       it->second == 1 ? "vak" : "vakken");
  }
  return out + "</div>\n";
}

// Rank of every row by a field, highest first; rows without a value after the others.
std::vector<std::size_t> ranked(const io::LayerTable& t, const std::string& field, const std::string& tie_field) {
  std::vector<std::size_t> order(t.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::size_t f = t.field(field), g = t.field(tie_field);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& va = t.rows[a].number[f];
    const auto& vb = t.rows[b].number[f];
    if (va.has_value() != vb.has_value()) return va.has_value();
    if (va && *va != *vb) return *va > *vb;
    return t.rows[a].number[g].value_or(-1) > t.rows[b].number[g].value_or(-1);
  });
  return order;
}

std::string build_date(const Build& b) {
  const std::string d = dutch::date(b.manifest.value("created_utc", ""));
  return d.empty() ? "onbekende datum" : d;
}

std::string footer(const Build& b) {
  return fmt::format(
      "<footer>Gemaakt met leefkaart uit de berekening van {} ({}). De score telt per plek hoeveel indicatoren voorbij hun "
      "drempel liggen; de drempels zijn bepaald binnen deze gemeente, dus scores van twee gemeenten zijn niet vergelijkbaar. "
      "Kaartgegevens: CBS wijk- en buurtkaart, © OpenStreetMap-bijdragers (ODbL).</footer>\n",
      escape(build_date(b)), escape(b.manifest.value("created_utc", "")));
}

}  // namespace

std::string profile_file(const std::string& code) { return code + ".html"; }

Build load_build(const fs::path& dir) {
  Build b;
  b.dir = dir;
  const fs::path manifest = dir / io::kManifestFile;
  if (!fs::is_directory(dir)) throw InputError({dir.string(), "", "--build"}, "folder not found");
  std::ifstream in(manifest);
  if (!in) throw InputError({manifest.string(), "", "--build"}, "no leefkaart build here: manifest.json is missing");
  b.manifest = json::parse(in, nullptr, false);
  if (!b.manifest.is_object()) throw InputError({manifest.string(), "", ""}, "not valid JSON");
  if (b.manifest.value("command", "") != schema::schema().at("command").get<std::string>())
    throw InputError({manifest.string(), "", "command"},
                     fmt::format("this is the output of `leefkaart {}`, not of `leefkaart build`", b.manifest.value("command", "?")));
  // A half-written or altered build would give a profile that matches no map.
  const auto problems = io::result_set_problems(dir);
  if (!problems.empty()) throw InputError({dir.string(), "", ""}, "the build is incomplete or altered: " + problems.front());
  const fs::path gpkg = dir / schema::schema().at("geopackage").get<std::string>();
  b.cells = io::read_layer_table(gpkg, schema::layer("cells"));
  b.buurten = io::read_layer_table(gpkg, schema::layer("buurten"));
  b.wijken = io::read_layer_table(gpkg, schema::layer("wijken"));
  b.gemeente = io::read_layer_table(gpkg, schema::layer("gemeente"));
  if (b.gemeente.rows.size() != 1)
    throw InputError({gpkg.string(), "layer '" + b.gemeente.layer + "'", ""}, "holds no single gemeente");
  // Every field the profiles read, checked once here so a wrong file fails before anything is written.
  const int max = max_score(b);
  for (const io::LayerTable* t : {&b.buurten, &b.wijken, &b.gemeente}) {
    for (const std::string k : {"code", "name", "pop", "pop_scored", "mean_score", "health_to_gain", "status", "status_reason", "suppressed"})
      t->field(schema::area_field(k));
    t->field(schema::area_field("share_at_least_k", {.name = {}, .k = score_at_least(b)}));
    for (int s = 0; s <= max; ++s) t->field(schema::area_field("pop_per_score", {.name = {}, .score = s}));
    for (int r = 1; r <= 3; ++r) t->field(schema::area_field("driver", {.name = {}, .rank = r}));
    for (const Indicator& ind : indicators_of(b))
      if (ind.supplied)
        for (const std::string k : {"share_flagged", "value", "worse_than_threshold"}) t->field(schema::area_field(k, {ind.name}));
  }
  b.buurten.field(schema::area_field("wijk"));
  b.buurten.field(schema::area_field("masked"));
  for (const std::string k : {"buurt", "wijk", "score", "status"}) b.cells.field(schema::cell_field(k));
  return b;
}

namespace {

// The name of a buurt, wijk or the gemeente by its code; the code when the build has no such area.
std::string area_name_of(const Build& b, const std::string& code) {
  for (const io::LayerTable* t : {&b.buurten, &b.wijken, &b.gemeente})
    for (std::size_t r = 0; r < t->rows.size(); ++r)
      if (t->text(r, schema::area_field("code")) == code) return area_name(*t, r);
  return code;
}

// Per buurt and wijk, per indicator: worse than its threshold or not, as the
// conversation prompts compare it with the stories.
registry::AreaIndicatorWorse worse_by_area(const Build& b) {
  std::vector<std::string> supplied;
  for (const Indicator& ind : indicators_of(b))
    if (ind.supplied) supplied.push_back(ind.name);
  registry::AreaIndicatorWorse out;
  registry::add_worse_by_area(out, b.buurten, supplied);
  registry::add_worse_by_area(out, b.wijken, supplied);
  return out;
}

}  // namespace

std::vector<WorseIndicator> worse_than_threshold(const Build& b, Level level, std::size_t row) {
  const io::LayerTable& t = level == Level::Buurt ? b.buurten : b.wijken;
  std::vector<WorseIndicator> out;
  for (const Indicator& ind : indicators_of(b)) {
    if (!ind.supplied) continue;
    const auto worse = t.number(row, schema::area_field("worse_than_threshold", {ind.name}));
    if (!worse || *worse <= 0) continue;
    out.push_back({ind.label, value_text(ind, t.number(row, schema::area_field("value", {ind.name}))),
                   ind.threshold ? with_unit(dutch::number(*ind.threshold, ind.decimals), ind.unit) : std::string("—")});
  }
  return out;
}

std::string area_map_html(const Build& b, Level level, std::size_t row) {
  const io::LayerTable& t = level == Level::Buurt ? b.buurten : b.wijken;
  const int max = max_score(b);
  const std::string code = t.text(row, schema::area_field("code")).value_or("");
  const std::string name = area_name(t, row);
  const std::string kind = level == Level::Buurt ? "buurt" : "wijk";
  const std::size_t f_buurt = b.cells.field(schema::cell_field(level == Level::Buurt ? "buurt" : "wijk"));
  const std::size_t f_score = b.cells.field(schema::cell_field("score"));
  const std::size_t f_status = b.cells.field(schema::cell_field("status"));
  MapDrawing drawing;
  std::map<std::string, std::size_t> status_counts;
  for (const auto& c : b.cells.rows) {
    if (c.text[f_buurt] != code) continue;
    const std::string st = c.text[f_status].value_or("");
    ++status_counts[st];
    MapShape s;
    s.rings = c.rings;
    if (st == schema::status("scored") && c.number[f_score]) {
      const int sc = static_cast<int>(*c.number[f_score]);
      s.fill = score_colour(sc, max);
      s.title = fmt::format("score {}", sc);
    } else {
      std::string key = "data_missing";
      for (const std::string kk : {"uninhabited", "privacy", "data_missing"})
        if (schema::status(kk) == st) key = kk;
      s.fill = schema::colour(key);
      s.hatched = key == "data_missing";
      s.title = status_label(st);
    }
    drawing.shapes.push_back(std::move(s));
  }
  drawing.outline = t.rows[row].rings;
  drawing.label = fmt::format("Kaart van {} {}: de score per vak van ongeveer {} hectare", kind, name,
                              dutch::number(b.manifest.value(json::json_pointer("/grid/cell_area_m2"), 0.0) / 1e4, 1));
  return map_svg(drawing) + legend_html(max, status_counts);
}

std::string profile_html(const Build& b, Level level, std::size_t row, const RegisterSection* reg, const SurveySection* beleving) {
  const io::LayerTable& t = level == Level::Buurt ? b.buurten : b.wijken;
  const io::LayerTable& city = b.gemeente;
  const std::vector<Indicator> inds = indicators_of(b);
  const int max = max_score(b), k = score_at_least(b), pmin = privacy_min(b);
  const std::string code = t.text(row, schema::area_field("code")).value_or("");
  const std::string name = area_name(t, row);
  const std::string city_name = area_name(city, 0);
  const std::string kind = level == Level::Buurt ? "buurt" : "wijk";
  auto af = [](const std::string& key, const schema::Fill& fill = {}) { return schema::area_field(key, fill); };
  std::string body;

  // Title and where the area lies.
  std::string where;
  if (level == Level::Buurt) {
    const std::string wijk_code = t.text(row, af("wijk")).value_or("");
    const std::string wijk_name = t.has_field(af("wijk_name")) ? t.text(row, af("wijk_name")).value_or(wijk_code) : wijk_code;
    // CBS names some wijken "Wijk 08 Zuidwest": no second "wijk" before them.
    const bool named_wijk = wijk_name.rfind("Wijk ", 0) == 0 || wijk_name.rfind("wijk ", 0) == 0;
    where = fmt::format("Buurt in {}{}, gemeente {}", named_wijk ? "" : "wijk ", escape(wijk_name), escape(city_name));
  } else {
    where = fmt::format("Wijk in de gemeente {}", escape(city_name));
  }
  body += "<nav class=\"back\"><a href=\"index.html\">← Overzicht van alle buurten en wijken</a></nav>\n";
  body += fmt::format("<header><h1>Wijkprofiel {}</h1><p class=\"sub\">{} · CBS-code {} · berekening van {}</p></header>\n",
                      escape(name), where, escape(code), escape(build_date(b)));

  // Key figures against the city.
  const auto pop = t.number(row, af("pop"));
  const auto mean = t.number(row, af("mean_score"));
  const auto share_k = t.number(row, af("share_at_least_k", {.name = {}, .k = k}));
  const auto gain = t.number(row, af("health_to_gain"));
  const auto city_mean = city.number(0, af("mean_score"));
  const auto city_share_k = city.number(0, af("share_at_least_k", {.name = {}, .k = k}));
  const auto order = ranked(t, af("health_to_gain"), af("mean_score"));
  std::size_t gain_rank = 0;
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] == row) gain_rank = i + 1;
  body += "<section class=\"keys\">\n";
  const bool uninhabited = t.text(row, af("status")).value_or("") == schema::status("uninhabited");
  body += fmt::format("<div class=\"key\"><b>{}</b><span>inwoners</span></div>\n",
                      uninhabited ? "geen" : pop ? dutch::residents(*pop) : "onbekend");
  body += fmt::format("<div class=\"key\"><b>{}</b><span>gemiddelde score (0 tot {}); {}: {}</span></div>\n", opt_number(mean, 2), max,
                      escape(city_name), opt_number(city_mean, 2));
  body += fmt::format("<div class=\"key\"><b>{}</b><span>van de inwoners heeft score {} of hoger; {}: {}</span></div>\n",
                      opt_percent(share_k), k, escape(city_name), opt_percent(city_share_k));
  body += fmt::format("<div class=\"key\"><b>{}</b><span>gezondheidswinst (inwoners × score){}</span></div>\n", opt_number(gain, 0),
                      gain && gain_rank ? fmt::format(", plaats {} van {} {}", gain_rank, t.rows.size(), level == Level::Buurt ? "buurten" : "wijken")
                                        : std::string());
  body += "</section>\n";

  // Status: privacy, gaps, masking.
  const std::string status = t.text(row, af("status")).value_or("");
  const std::string reason = t.text(row, af("status_reason")).value_or("");
  body += "<h2>Privacy en volledigheid</h2>\n";
  if (status == schema::status("scored")) {
    body += fmt::format("<p class=\"status\">Deze {} heeft een score.{}</p>\n", kind, reason.empty() ? "" : " " + escape(reason) + ".");
  } else {
    body += fmt::format("<p class=\"status attention\"><strong>{}.</strong> {}</p>\n", escape(status_label(status)),
                        escape(reason.empty() ? "" : reason + "."));
  }
  body += fmt::format(
      "<p>Om de privacy te beschermen krijgen vakken met minder dan {0} inwoners geen score, en zijn aantallen inwoners per score "
      "afgerond op 5 en onder {0} weggelaten.</p>\n",
      pmin);
  if (level == Level::Buurt) {
    const bool masked = t.number(row, af("masked")).value_or(0) > 0;
    const json& m = b.manifest.contains("masking") ? b.manifest.at("masking") : json::object();
    const std::string diff = dutch::number(m.value("min_difference", 1.0), 1);
    body += masked ? fmt::format("<p class=\"status attention\"><strong>Verborgen door het wijkgemiddelde.</strong> Deze buurt scoort "
                                 "gemiddeld minstens {} punt slechter dan haar wijk: wie alleen naar de wijk kijkt, ziet haar niet.</p>\n",
                                 diff)
                   : fmt::format("<p>Deze buurt scoort niet {} punt of meer slechter dan haar wijk: het wijkgemiddelde verbergt haar niet.</p>\n", diff);
  }

  body += "<h2>Kaart</h2>\n<figure>\n" + area_map_html(b, level, row);
  body += fmt::format(
      "<figcaption>Elk vak is een zeshoek van ongeveer {} hectare; de kleur is het aantal indicatoren dat daar voorbij zijn drempel "
      "ligt. De dikke lijn is de grens van de {}.</figcaption>\n</figure>\n",
      dutch::number(b.manifest.value(json::json_pointer("/grid/cell_area_m2"), 0.0) / 1e4, 1), kind);

  // Score distribution against the city.
  body += "<section class=\"page\">\n<h2>Scoreverdeling</h2>\n";
  double total = 0, city_total = 0;
  std::vector<std::optional<double>> per(max + 1), city_per(max + 1);
  for (int s = 0; s <= max; ++s) {
    per[s] = t.number(row, af("pop_per_score", {.name = {}, .score = s}));
    city_per[s] = city.number(0, af("pop_per_score", {.name = {}, .score = s}));
    total += per[s].value_or(0);
    city_total += city_per[s].value_or(0);
  }
  if (total > 0) {
    std::vector<Bar> bars;
    for (int s = 0; s <= max; ++s) {
      Bar bar;
      bar.label = fmt::format("score {}", s);
      bar.colour = score_colour(s, max);
      bar.value = per[s].value_or(0) / total;
      bar.value_text = per[s] ? fmt::format("{} ({})", dutch::percent(*per[s] / total, *per[s] / total < 0.01 ? 1 : 0), dutch::residents(*per[s]))
                              : fmt::format("minder dan {} inwoners", pmin);
      bar.mark = city_total > 0 ? city_per[s].value_or(0) / city_total : -1;
      bars.push_back(std::move(bar));
    }
    body += "<figure>\n" +
            bars_svg(bars, fmt::format("Aandeel inwoners van {} per score, met het aandeel in {} als streep", name, city_name),
                     fmt::format("aandeel in heel {}", city_name)) +
            "<figcaption>Aandeel van de inwoners (met een score) per score; tussen haakjes het aantal inwoners, afgerond op 5.</figcaption>\n</figure>\n";
  } else {
    body += fmt::format("<p>Geen scoreverdeling: {}.</p>\n", escape(reason.empty() ? status_label(status) : reason));
  }

  // Drivers.
  body += "<h2>Belangrijkste oorzaken</h2>\n";
  std::vector<std::string> drivers;
  for (int r = 1; r <= 3; ++r)
    if (auto d = t.text(row, af("driver", {.name = {}, .rank = r}))) drivers.push_back(*d);
  if (drivers.empty()) {
    body += fmt::format("<p>Geen: in deze {} ligt voor geen inwoner met een score een indicator voorbij de drempel, of er zijn geen cijfers.</p>\n", kind);
  } else {
    body += "<ol class=\"drivers\">\n";
    for (const auto& d : drivers) {
      const Indicator* ind = nullptr;
      for (const auto& i : inds)
        if (i.name == d) ind = &i;
      const std::string label = ind ? ind->label : d;
      body += fmt::format("<li><strong>{}</strong>: {} van de inwoners woont waar deze indicator voorbij de drempel ligt ({}: {}).</li>\n",
                          escape(label), opt_percent(t.number(row, af("share_flagged", {d}))), escape(city_name),
                          opt_percent(city.number(0, af("share_flagged", {d}))));
    }
    body += "</ol>\n";
  }

  // Every indicator against the threshold and the city.
  body += "<h2>Indicatoren tegen de stad</h2>\n";
  body += fmt::format(
      "<table class=\"indicators\"><thead><tr><th>Indicator</th><th class=\"num\">{}</th><th class=\"num\">Drempel</th><th class=\"num\">{}</th>"
      "<th class=\"num\">Inwoners voorbij de drempel</th><th class=\"num\">{}</th></tr></thead><tbody>\n",
      escape(name), escape(city_name), escape(city_name));
  for (const Indicator& ind : inds) {
    if (!ind.supplied) continue;
    const auto v = t.number(row, af("value", {ind.name}));
    const auto worse = t.number(row, af("worse_than_threshold", {ind.name}));
    body += fmt::format(
        "<tr><td>{}{}</td><td class=\"num\">{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        escape(ind.label), ind.in_score ? "" : " <small>(alleen getoond, telt niet mee)</small>", escape(value_text(ind, v)),
        worse && *worse > 0 ? " <small>(voorbij)</small>" : "",
        escape(ind.threshold ? with_unit(dutch::number(*ind.threshold, ind.decimals), ind.unit) : "—"),
        escape(value_text(ind, city.number(0, af("value", {ind.name})))), opt_percent(t.number(row, af("share_flagged", {ind.name}))),
        opt_percent(city.number(0, af("share_flagged", {ind.name}))));
  }
  body += "</tbody></table>\n";
  body += "<p>De waarde is het gemiddelde over de inwoners van het gebied. \"Voorbij\": de waarde ligt aan de ongunstige kant van de drempel.</p>\n";

  // Caveats.
  body += "<h2>Kanttekeningen bij de gegevens</h2>\n<ul>\n";
  const json& res = b.manifest.contains("resolution") ? b.manifest.at("resolution") : json::object();
  if (res.contains("cell_size_note_nl")) body += "<li>" + escape(res.at("cell_size_note_nl").get<std::string>()) + "</li>\n";
  if (res.contains("share_cells_at_buurt_mode") && res.at("share_cells_at_buurt_mode").is_number())
    body += fmt::format("<li>{} van de vakken met een score heeft de score die in hun buurt het meest voorkomt.</li>\n",
                        dutch::percent(res.at("share_cells_at_buurt_mode").get<double>()));
  // Indicators that share a rule are named together: the rule is read once.
  std::vector<std::pair<std::string, std::vector<std::string>>> rules;
  for (const Indicator& ind : inds) {
    if (!ind.supplied || ind.rule_nl.empty()) continue;
    auto it = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.first == ind.rule_nl; });
    if (it == rules.end()) rules.push_back({ind.rule_nl, {escape(ind.label)}});
    else it->second.push_back(escape(ind.label));
  }
  if (!rules.empty()) {
    body += "<li>Wanneer een indicator meetelt:<ul>\n";
    for (const auto& [rule, labels] : rules) body += fmt::format("<li>{}: {}.</li>\n", fmt::join(labels, ", "), escape(rule));
    body += "</ul></li>\n";
  }
  for (const Indicator& ind : inds) {
    if (!ind.supplied)
      body += fmt::format("<li><strong>{}</strong> ontbreekt: deze berekening had er geen gegevens voor, dus telt hij niet mee en "
                          "kan de score van deze {} op dit punt niets zeggen.{}</li>\n",
                          escape(ind.label), kind, ind.not_supplied.empty() ? "" : " Waarom: " + escape(ind.not_supplied));
    else if (!ind.proxy_for.empty() && ind.label.find(ind.proxy_for) == std::string::npos)
      body += fmt::format("<li><strong>{}</strong> vervangt {}: er zijn geen open gegevens over dat onderwerp zelf.</li>\n", escape(ind.label),
                          escape(ind.proxy_for));
  }
  body += "</ul>\n";

  if (reg) {
    const auto label = [&](const std::string& indicator) {
      for (const Indicator& i : inds)
        if (i.name == indicator) return i.label;
      return indicator;
    };
    body += register_html(*reg, label, [&](const std::string& area) { return area_name_of(b, area); });
  }
  if (beleving) body += survey_html(*beleving);

  // Sources.
  body += "<h2>Bronnen en jaren</h2>\n<table class=\"sources\"><thead><tr><th>Indicator</th><th>Bron</th><th>Jaar</th></tr></thead><tbody>\n";
  for (const Indicator& ind : inds) {
    if (!ind.supplied) continue;
    const std::string file = ind.source.is_object() ? ind.source.value("file", "") : "";
    body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(ind.label), escape(source_text(ind.source)),
                        escape(years_of(file).empty() ? "—" : years_of(file)));
  }
  body += "</tbody></table>\n</section>\n";
  body += footer(b);
  return html::page(fmt::format("Wijkprofiel {} ({})", name, city_name), body);
}

std::string index_html(const Build& b, const std::vector<std::string>& linked) {
  const std::set<std::string> links(linked.begin(), linked.end());
  const io::LayerTable& city = b.gemeente;
  const int max = max_score(b), k = score_at_least(b);
  const std::string city_name = area_name(city, 0);
  const std::vector<Indicator> inds = indicators_of(b);
  auto af = [](const std::string& key, const schema::Fill& fill = {}) { return schema::area_field(key, fill); };
  auto label_of = [&](const std::string& name) {
    for (const auto& i : inds)
      if (i.name == name) return i.label;
    return name;
  };
  std::string body;
  body += fmt::format("<header><h1>Gezondheidskaart {}: buurten en wijken</h1><p class=\"sub\">Berekening van {}</p></header>\n",
                      escape(city_name), escape(build_date(b)));
  body += "<section class=\"keys\">\n";
  body += fmt::format("<div class=\"key\"><b>{}</b><span>inwoners</span></div>\n", city.number(0, af("pop")) ? dutch::residents(*city.number(0, af("pop"))) : "onbekend");
  body += fmt::format("<div class=\"key\"><b>{}</b><span>gemiddelde score (0 tot {})</span></div>\n", opt_number(city.number(0, af("mean_score")), 2), max);
  body += fmt::format("<div class=\"key\"><b>{}</b><span>van de inwoners heeft score {} of hoger</span></div>\n",
                      opt_percent(city.number(0, af("share_at_least_k", {.name = {}, .k = k}))), k);
  body += fmt::format("<div class=\"key\"><b>{}</b><span>gezondheidswinst (inwoners × score)</span></div>\n", opt_number(city.number(0, af("health_to_gain")), 0));
  body += "</section>\n";
  body += fmt::format(
      "<p>De score telt per plek hoeveel van de {} meetellende indicatoren voorbij hun drempel liggen. <em>Gezondheidswinst</em> is "
      "het aantal inwoners maal hun score: waar die groot is, bereikt een verbetering de meeste mensen.</p>\n",
      std::count_if(inds.begin(), inds.end(), [](const Indicator& i) { return i.supplied && i.in_score; }));

  auto table = [&](const io::LayerTable& t, const std::string& title, const std::string& by, const std::string& tie, const std::string& cls) {
    std::string out = fmt::format("<h2>{}</h2>\n<table class=\"{}\"><thead><tr><th class=\"num\">Plaats</th><th>Naam</th>", escape(title), cls);
    const bool buurt = &t == &b.buurten;
    out += fmt::format(
        "<th class=\"num\">Inwoners</th><th class=\"num\">Gemiddelde score</th><th class=\"num\">Score {} of hoger</th>"
        "<th class=\"num\">Gezondheidswinst</th><th>Belangrijkste oorzaken</th></tr></thead><tbody>\n",
        k);
    const auto order = ranked(t, by, tie);
    std::size_t place = 0;
    for (std::size_t r : order) {
      const std::string code = t.text(r, af("code")).value_or("");
      const std::string name = area_name(t, r);
      const auto pop = t.number(r, af("pop"));
      const bool has = t.rows[r].number[t.field(by)].has_value();
      std::vector<std::string> drivers;
      for (int rank = 1; rank <= 2; ++rank)
        if (auto d = t.text(r, af("driver", {.name = {}, .rank = rank}))) drivers.push_back(escape(label_of(*d)));
      std::string note;
      const std::string status = t.text(r, af("status")).value_or("");
      if (status != schema::status("scored")) note = escape(status_label(status));
      if (buurt && t.number(r, af("masked")).value_or(0) > 0) note += std::string(note.empty() ? "" : "; ") + "verborgen door het wijkgemiddelde";
      const std::string name_cell = links.count(code) ? fmt::format("<a href=\"{}\">{}</a>", escape(profile_file(code)), escape(name)) : escape(name);
      // The wijk and any remark go under the name: the table must fit an A4 page's width.
      std::string under;
      if (buurt) under = escape(t.has_field(af("wijk_name")) ? t.text(r, af("wijk_name")).value_or("") : t.text(r, af("wijk")).value_or(""));
      if (!note.empty()) under += (under.empty() ? "" : " · ") + note;
      out += fmt::format("<tr><td class=\"num\">{}</td><td>{}{}</td>", has ? std::to_string(++place) : "—", name_cell,
                         under.empty() ? "" : "<small>" + under + "</small>");
      out += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
          pop ? dutch::residents(*pop) : "onbekend", opt_number(t.number(r, af("mean_score")), 2),
          opt_percent(t.number(r, af("share_at_least_k", {.name = {}, .k = k}))), opt_number(t.number(r, af("health_to_gain")), 0),
          fmt::format("{}", fmt::join(drivers, ", ")));
    }
    return out + "</tbody></table>\n";
  };
  body += table(b.buurten, "Buurten naar gemiddelde score", af("mean_score"), af("health_to_gain"), "rank-score buurten");
  body += "<div class=\"page\"></div>\n";
  body += table(b.buurten, "Buurten naar gezondheidswinst (inwoners × score)", af("health_to_gain"), af("mean_score"), "rank-gain buurten");
  body += "<div class=\"page\"></div>\n";
  body += table(b.wijken, "Wijken naar gemiddelde score", af("mean_score"), af("health_to_gain"), "rank-score wijken");
  body += table(b.wijken, "Wijken naar gezondheidswinst (inwoners × score)", af("health_to_gain"), af("mean_score"), "rank-gain wijken");
  body += "<p>Plaats: zonder score (te weinig inwoners of ontbrekende gegevens) staat een gebied onderaan, zonder plaats.</p>\n";
  if (const std::string k = schema::manifest_key("basisset"); b.manifest.contains(k))
    body += basisset_html(basisset::from_json(b.manifest.at(k), (b.dir / io::kManifestFile).string()));
  body += footer(b);
  return html::page(fmt::format("Gezondheidskaart {}: overzicht", city_name), body);
}

std::size_t run(const ReportOptions& opts) {
  io::check_output_folder(opts.out_dir);  // before the work, not after it
  std::error_code ec;
  if (fs::exists(opts.out_dir, ec) && fs::exists(opts.build_dir, ec) && fs::equivalent(opts.out_dir, opts.build_dir, ec))
    throw InputError({opts.out_dir.string(), "", "--out"}, "is the build folder itself: the report would replace the build; give another folder");
  const Build b = load_build(opts.build_dir);
  struct Item {
    Level level;
    std::size_t row;
    std::string code;
  };
  std::vector<Item> items;
  const std::size_t fb = b.buurten.field(schema::area_field("code")), fw = b.wijken.field(schema::area_field("code"));
  for (std::size_t r = 0; r < b.buurten.rows.size(); ++r) items.push_back({Level::Buurt, r, b.buurten.rows[r].text[fb].value_or("")});
  for (std::size_t r = 0; r < b.wijken.rows.size(); ++r) items.push_back({Level::Wijk, r, b.wijken.rows[r].text[fw].value_or("")});
  if (!opts.area.empty()) {
    std::vector<Item> one;
    for (const auto& it : items)
      if (it.code == opts.area) one.push_back(it);
    if (one.empty()) {
      std::vector<std::string> codes;
      for (const auto& it : items) codes.push_back(it.code);
      throw InputError({"", "", "--area"}, fmt::format("'{}' is no buurt or wijk of this build (for example {} or {})", opts.area,
                                                       codes.empty() ? "" : codes.front(), codes.empty() ? "" : codes.back()));
    }
    items = std::move(one);
  }
  static const std::regex safe("^[A-Za-z0-9_-]+$");
  for (const auto& it : items)
    if (!std::regex_match(it.code, safe))
      throw InputError({(b.dir / schema::schema().at("geopackage").get<std::string>()).string(), "code '" + it.code + "'",
                        schema::area_field("code")},
                       "cannot be a file name");

  // The register, when one is given: read before anything is written.
  std::optional<registry::Store> store;
  std::vector<registry::ConversationPrompt> prompts;
  std::string build_checksum;
  SurveyWheels beleving;
  if (!opts.store.empty()) {
    store.emplace(registry::Store::open(opts.store, registry::OpenMode::MustExist));
    prompts = registry::conversation_prompts(registry::list_stories(*store, registry::Audience::Public), worse_by_area(b));
    build_checksum = io::sha256_file((b.dir / io::kManifestFile).string());
    beleving = survey_wheels(survey::load_forms(*store));
  }
  const std::string gemeente_code = b.gemeente.rows.empty() ? "" : b.gemeente.text(0, schema::area_field("code")).value_or("");

  io::ResultSetWriter stage(opts.out_dir);
  std::vector<std::string> linked, outputs;
  for (const auto& it : items) {
    const std::string file = profile_file(it.code);
    std::optional<RegisterSection> reg;
    if (store) {
      std::vector<std::string> chain{it.code};
      if (it.level == Level::Buurt)
        if (auto wijk = b.buurten.text(it.row, schema::area_field("wijk"))) chain.push_back(*wijk);
      if (!gemeente_code.empty()) chain.push_back(gemeente_code);
      reg.emplace();
      reg->area_code = it.code;
      reg->records = registry::records_for_area(*store, chain);
      reg->build_checksum = build_checksum;
      for (const auto& p : prompts)
        if (p.area_code == it.code) reg->prompts.push_back(p);
    }
    std::optional<SurveySection> felt;
    if (store) {
      felt.emplace();
      felt->area_code = it.code;
      felt->area_name = area_name_of(b, it.code);
      if (auto w = beleving.wheels.find(it.code); w != beleving.wheels.end()) felt->wheels = w->second;
      if (auto r = beleving.refused.find(it.code); r != beleving.refused.end()) felt->refused = r->second;
    }
    std::ofstream out(stage.staged(file), std::ios::binary);
    out << profile_html(b, it.level, it.row, reg ? &*reg : nullptr, felt ? &*felt : nullptr);
    if (!out) throw std::runtime_error("cannot write " + file);
    linked.push_back(it.code);
    outputs.push_back(file);
  }
  {
    std::ofstream out(stage.staged("index.html"), std::ios::binary);
    out << index_html(b, linked);
    if (!out) throw std::runtime_error("cannot write index.html");
  }
  outputs.push_back("index.html");
  json manifest = {{"tool", "leefkaart"},
                   {"command", "report"},
                   {"created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
                   {"build", {{"dir", fs::absolute(opts.build_dir).lexically_normal().string()},
                              {"created_utc", b.manifest.value("created_utc", "")}}},
                   {"area", opts.area.empty() ? json(nullptr) : json(opts.area)},
                   {"register", store ? json(fs::absolute(opts.store).lexically_normal().string()) : json(nullptr)},
                   {"profiles", items.size()},
                   {"outputs", outputs}};
  stage.commit(std::move(manifest));
  spdlog::info("wrote {} profiles and index.html to {}", items.size(), opts.out_dir.string());
  return items.size();
}

}  // namespace leefkaart::report
