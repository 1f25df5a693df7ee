#include "server/survey_api.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "io/build_schema.hpp"
#include "io/layer_table.hpp"
#include "io/result_set.hpp"
#include "registry/prompts.hpp"
#include "registry/questions.hpp"
#include "registry/records.hpp"
#include "registry/store.hpp"
#include "server/guarded_server.hpp"
#include "server/register_json.hpp"
#include "server/request_guard.hpp"
#include "survey/beside.hpp"
#include "survey/survey_schema.hpp"
#include "survey/wheels.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

struct SurveyArea {
  std::string code, name;
  std::string level;                  // "buurt" or "wijk"
  std::optional<double> mean_score;   // the mean of its hexagons' scores
};

struct SurveyAreas {
  std::optional<std::string> reason;           // set when the output is not one build: why there is no score beside
  std::vector<SurveyArea> areas;               // buurten, then wijken, in the build's order
  std::map<std::string, std::size_t> index;    // code → position in areas
  std::vector<std::string> indicators;         // the manifest's indicator names
  std::map<std::string, std::string> labels;   // indicator → label
  registry::AreaIndicatorWorse worse;
};

struct SurveyApi::Open {
  registry::Store store;
  survey::KnownAreas known;
  SurveyAreas areas;
  survey::IndicatorMap map;  // the default map, restricted to the build's indicators
};

namespace {

constexpr const char* kNoRegister = "Geen register geopend (start met --store)";
const Location kForm{"", "formulier", ""};

Location at(const std::string& field) { return {kForm.file, kForm.where, field}; }

void send_json(httplib::Response& res, const ojson& body, int status = 200) { send_json_text(res, body.dump(), status); }

std::string pattern(const std::string& key) { return route_pattern(survey::api(key)); }

std::string api_prefix() {
  // The common start of the survey's paths ("/api/survey/").
  const std::string area = survey::api("area");
  return area.substr(0, area.find('/', std::string("/api/").size()) + 1);
}

// Read once when the store opens: known_names_from_output has checked the output is whole.
SurveyAreas read_survey_areas(const fs::path& out_dir) {
  namespace schema = io::build_schema;
  SurveyAreas out;
  std::ifstream in(out_dir / io::kManifestFile);
  const json manifest = json::parse(in, nullptr, false);
  if (!manifest.is_object() || manifest.value("command", "") != schema::schema().at("command").get<std::string>()) {
    out.reason = "Deze kaart is een tijdreeks: de score van de zeshoeken en de indicatoren naast de Leefplekmeter horen "
                 "bij de kaart van één meting (leefkaart build).";
    return out;
  }
  const std::string name_key = schema::schema().at("indicator_keys").at("name").get<std::string>();
  const std::string label_key = schema::schema().at("indicator_keys").at("label").get<std::string>();
  for (const json& ind : manifest.at(schema::manifest_key("indicators"))) {
    if (!ind.is_object() || !ind.contains(name_key) || !ind.at(name_key).is_string()) continue;
    const std::string name = ind.at(name_key).get<std::string>();
    out.indicators.push_back(name);
    const bool labelled = ind.contains(label_key) && ind.at(label_key).is_string() && !ind.at(label_key).get<std::string>().empty();
    out.labels[name] = labelled ? ind.at(label_key).get<std::string>() : name;
  }
  const fs::path gpkg = out_dir / schema::schema().at("geopackage").get<std::string>();
  const std::string code_field = schema::area_field("code"), name_field = schema::area_field("name"),
                    score_field = schema::area_field("mean_score");
  for (const auto& [level, word] : {std::pair{"buurten", "buurt"}, std::pair{"wijken", "wijk"}}) {
    const io::LayerTable t = io::read_layer_table(gpkg, schema::layer(level));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      SurveyArea a;
      a.code = t.text(r, code_field).value_or("");
      if (a.code.empty() || out.index.count(a.code)) continue;
      a.name = (t.has_field(name_field) ? t.text(r, name_field) : std::nullopt).value_or(a.code);
      a.level = word;
      if (t.has_field(score_field)) a.mean_score = t.number(r, score_field);
      out.index[a.code] = out.areas.size();
      out.areas.push_back(std::move(a));
    }
    registry::add_worse_by_area(out.worse, t, out.indicators);
  }
  return out;
}

template <class T>
void put(ojson& out, const std::string& key, const std::optional<T>& v) {
  if (v) out[key] = *v;
}

std::string theme_label(const std::string& set_id, const std::string& code) {
  const auto set = survey::theme_set(set_id);
  const survey::Theme* theme = set ? set->theme(code) : nullptr;
  return theme ? theme->nl : code;
}

ojson wheel_json(const survey::Wheel& w) {
  ojson out;
  out["round"] = w.round;
  out["group"] = ojson{{"attribute", w.group.attribute}, {"value", w.group.value}};
  out["theme_set"] = w.theme_set;
  out["scale"] = ojson{{"min", w.scale.min}, {"max", w.scale.max}};
  out["rescaled"] = w.rescaled;
  out["forms"] = w.forms;
  out["people"] = w.people;
  if (w.hidden_reason) out["hidden_reason"] = *w.hidden_reason;
  out["themes"] = ojson::array();
  for (const auto& t : w.themes) {
    ojson j{{"theme", t.theme}, {"n", t.n}};
    put(j, "mean", t.mean);
    put(j, "sd", t.sd);
    put(j, "min", t.min);
    put(j, "q1", t.q1);
    put(j, "median", t.median);
    put(j, "q3", t.q3);
    put(j, "max", t.max);
    // The wheel holds publishable free text only (survey::wheel_of).
    j["good"] = t.good;
    j["better"] = t.better;
    out["themes"].push_back(std::move(j));
  }
  return out;
}

// Every wheel of one area's forms, or why there are none: forms of two scales
// in one round are never summarised together (the server does not rescale).
struct AreaWheels {
  std::vector<survey::Wheel> wheels;
  std::optional<std::string> problem;
};
AreaWheels wheels_of(const std::vector<survey::Form>& forms) {
  AreaWheels out;
  if (forms.empty()) return out;
  try {
    out.wheels = survey::all_wheels(forms, {});
  } catch (const InputError& e) {
    out.problem = e.problem();
  }
  return out;
}

// The latest round's wheel of everyone (rounds compare as text, as in survey::disagreements).
const survey::Wheel* latest_everyone(const std::vector<survey::Wheel>& wheels) {
  const survey::Wheel* best = nullptr;
  for (const auto& w : wheels)
    if (w.group.attribute.empty() && (!best || w.round > best->round)) best = &w;
  return best;
}

// Reads a text field; absent or null gives nullopt.
std::optional<std::string> opt_text(const json& body, const std::string& key, const std::string& field) {
  if (!body.contains(key) || body.at(key).is_null()) return std::nullopt;
  if (!body.at(key).is_string()) throw InputError(at(field), "moet tekst zijn");
  return body.at(key).get<std::string>();
}

std::string text(const json& body, const std::string& key) {
  auto t = opt_text(body, key, key);
  if (!t) throw InputError(at(key), "ontbreekt");
  return *t;
}

}  // namespace

survey::Form form_from_json(const json& body, const Location& where) {
  (void)where;
  if (!body.is_object()) throw InputError(kForm, "verwacht een JSON-object");
  static const std::vector<std::string> fields{"label", "area", "area_wkt", "date", "session", "round", "theme_set", "variant",
                                               "kind", "people", "attributes", "publishable", "answers"};
  static const std::set<std::string> filled{"id", "entered", "source_file", "source_row"};
  for (const auto& [key, value] : body.items()) {
    if (filled.count(key)) throw InputError(at(key), "dit veld vult de server zelf in");
    if (std::find(fields.begin(), fields.end(), key) == fields.end())
      throw InputError(at(key), fmt::format("onbekend veld (velden: {})", fmt::join(fields, ", ")));
  }
  survey::Form form;
  form.entered = "web";
  form.label = opt_text(body, "label", "label");
  form.area = text(body, "area");
  form.area_wkt = opt_text(body, "area_wkt", "area_wkt");
  form.date = text(body, "date");
  form.session = text(body, "session");
  form.theme_set = text(body, "theme_set");
  if (auto v = opt_text(body, "variant", "variant")) form.variant = *v;
  if (auto k = opt_text(body, "kind", "kind")) form.kind = *k;
  // As in the form file: the round is the year of the date unless it is named.
  form.round = opt_text(body, "round", "round").value_or("");
  if (form.round.empty() && registry::is_iso_date(form.date)) form.round = form.date.substr(0, 4);
  if (body.contains("people") && !body.at("people").is_null()) {
    if (!body.at("people").is_number_integer()) throw InputError(at("people"), "moet een heel getal zijn");
    form.people = body.at("people").get<int>();
  }
  if (body.contains("publishable") && !body.at("publishable").is_null()) {
    if (!body.at("publishable").is_boolean()) throw InputError(at("publishable"), "moet true of false zijn");
    form.publishable = body.at("publishable").get<bool>();
  }
  if (body.contains("attributes") && !body.at("attributes").is_null()) {
    const json& attrs = body.at("attributes");
    if (!attrs.is_object()) throw InputError(at("attributes"), "moet een object zijn ({kenmerk: waarde})");
    std::vector<std::string> columns;
    for (const auto& [column, list] : survey::group_attributes()) columns.push_back(column);
    for (const auto& [key, value] : attrs.items()) {
      if (std::find(columns.begin(), columns.end(), key) == columns.end())
        throw InputError(at(key), fmt::format("onbekend kenmerk (kenmerken: {})", fmt::join(columns, ", ")));
      if (value.is_null()) continue;
      if (!value.is_string()) throw InputError(at(key), "moet tekst zijn");
      if (!value.get<std::string>().empty()) form.attributes[key] = value.get<std::string>();
    }
  }
  if (!body.contains("answers") || !body.at("answers").is_array()) throw InputError(at("answers"), "moet een lijst van antwoorden zijn");
  std::vector<survey::ThemeAnswer> posted;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < body.at("answers").size(); ++i) {
    const json& a = body.at("answers")[i];
    const std::string where_i = fmt::format("answers[{}]", i);
    if (!a.is_object()) throw InputError(at(where_i), "verwacht een object {theme, score, good, better}");
    for (const auto& [key, value] : a.items())
      if (key != "theme" && key != "score" && key != "good" && key != "better")
        throw InputError(at(where_i + "." + key), "onbekend veld (velden: theme, score, good, better)");
    survey::ThemeAnswer answer;
    const auto theme = opt_text(a, "theme", where_i + ".theme");
    if (!theme) throw InputError(at(where_i + ".theme"), "ontbreekt");
    answer.theme = *theme;
    if (!seen.insert(answer.theme).second) throw InputError(at(answer.theme), "staat twee keer in het formulier");
    if (a.contains("score") && !a.at("score").is_null()) {
      if (!a.at("score").is_number_integer()) throw InputError(at(answer.theme), "de score moet een heel getal zijn");
      answer.score = a.at("score").get<int>();
    }
    auto free_text = [&](const char* key) -> std::optional<std::string> {
      auto t = opt_text(a, key, answer.theme);
      if (t && t->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
      return t;
    };
    answer.good = free_text("good");
    answer.better = free_text("better");
    posted.push_back(std::move(answer));
  }
  // In the set's theme order, every theme present (one not posted is not
  // answered); a theme the set lacks stays, so the check names it.
  if (const auto set = survey::theme_set(form.theme_set)) {
    for (const auto& theme : set->themes) {
      const auto it = std::find_if(posted.begin(), posted.end(), [&](const auto& a) { return a.theme == theme.code; });
      form.answers.push_back(it == posted.end() ? survey::ThemeAnswer{theme.code, std::nullopt, std::nullopt, std::nullopt} : *it);
    }
    for (const auto& a : posted)
      if (!set->theme(a.theme)) form.answers.push_back(a);
  } else {
    form.answers = std::move(posted);
  }
  return form;
}

SurveyApi::SurveyApi(const std::string& store_file, const fs::path& out_dir, const std::string& session,
                     const std::string& indicator_map)
    : session_(session), body_bytes_(register_schema().at("limits").at("body_bytes").get<std::size_t>()) {
  if (store_file.empty()) return;
  const registry::KnownNames names = registry::known_names_from_output(out_dir);
  SurveyAreas areas = read_survey_areas(out_dir);
  const survey::IndicatorMap chosen =
      indicator_map.empty() ? survey::default_indicator_map() : survey::read_indicator_map(indicator_map);
  survey::IndicatorMap map = survey::present_in(chosen, areas.indicators);
  // A second connection to the register RegisterApi opened (WAL: readers never block the writer).
  open_ = std::make_unique<Open>(Open{registry::Store::open(store_file), survey::KnownAreas{names.areas, names.source, {}},
                                      std::move(areas), std::move(map)});
}

SurveyApi::~SurveyApi() = default;

bool SurveyApi::screen(const httplib::Request& req, httplib::Response& res) const {
  const std::string prefix = api_prefix();
  if (req.path + "/" != prefix && !req.path.starts_with(prefix)) return false;
  const bool post = req.method == "POST";
  if (post) GuardedServer::close_after_this_request();  // a refused body stays unread
  if (!open_) {
    send_error(res, 404, kNoRegister);
    return true;
  }
  if (!post) return false;
  if (refuse_foreign_write(req, res, session_, "formulieren opslaan")) return true;
  if (media_type(req) != "application/json") {
    send_error(res, 400, "Verwacht application/json", "Content-Type");
    return true;
  }
  if (refuse_oversized(req, res, body_bytes_)) return true;
  return false;
}

void SurveyApi::install(httplib::Server& svr) {
  if (!open_) return;  // screen() answers every survey path
  Open& open = *open_;

  auto guarded = [this](auto body) {
    return [this, body](const httplib::Request& req, httplib::Response& res) {
      try {
        std::lock_guard<std::mutex> lock(mutex_);
        body(req, res);
      } catch (const InputError& e) {
        send_error(res, 400, e.problem(), e.location().field);
      }
    };
  };

  svr.Get(pattern("area"), guarded([&open](const httplib::Request& req, httplib::Response& res) {
    const std::string code = req.matches[1];
    const auto forms = survey::load_forms(open.store, code);
    const auto found = open.areas.index.find(code);
    if (found == open.areas.index.end() && !open.known.codes.count(code) && forms.empty())
      return send_error(res, 404, "Onbekend gebied '" + code + "': niet in de getoonde kaart en zonder formulieren", "code");
    const std::string name = found == open.areas.index.end() ? code : open.areas.areas[found->second].name;
    ojson out{{"area", code}, {"name", name}};
    const AreaWheels w = wheels_of(forms);
    if (forms.empty()) out["none"] = survey::none_text();
    if (w.problem) out["problem"] = *w.problem;
    out["wheels"] = ojson::array();
    for (const auto& wheel : w.wheels)
      if (wheel.area == code) out["wheels"].push_back(wheel_json(wheel));
    // Beside each theme the map names: the build's indicators of it, or why there are none.
    out["beside"] = ojson::array();
    for (const auto& t : open.map) {
      ojson j{{"theme", t.theme}, {"label", theme_label("leefplekmeter-2018", t.theme)}, {"indicators", t.indicators}};
      if (t.indicators.empty()) j["none_reason"] = survey::none_reason();
      out["beside"].push_back(std::move(j));
    }
    out["prompts"] = ojson::array();
    if (open.areas.reason) out["reason"] = *open.areas.reason;
    // The prompts speak of the latest round only: what residents say now.
    const survey::Wheel* latest = latest_everyone(w.wheels);
    const std::vector<survey::Wheel> now = latest ? std::vector<survey::Wheel>{*latest} : std::vector<survey::Wheel>{};
    for (const auto& d : survey::disagreements(now, open.areas.worse, open.map)) {
      if (d.area != code) continue;
      const auto label = open.areas.labels.find(d.indicator);
      const std::string theme = theme_label(latest->theme_set, d.theme);
      out["prompts"].push_back(ojson{{"theme", d.theme},
                                     {"indicator", d.indicator},
                                     {"round", d.round},
                                     {"residents_low", d.residents_low},
                                     {"text", survey::disagreement_text(d, name, theme,
                                                                        label == open.areas.labels.end() ? d.indicator : label->second)}});
    }
    send_json(res, out);
  }));

  svr.Get(survey::api("priority"), guarded([&open](const httplib::Request&, httplib::Response& res) {
    std::map<std::string, std::vector<survey::Form>> by_area;
    for (auto& f : survey::load_forms(open.store)) by_area[f.area].push_back(std::move(f));
    ojson out{{"areas", ojson::array()}};
    if (open.areas.reason) out["reason"] = *open.areas.reason;
    auto row = [&](const std::string& code, const std::string& name, const std::string& level, const std::optional<double>& score) {
      ojson j{{"code", code}, {"name", name}, {"level", level}};
      put(j, "score", score);
      const auto it = by_area.find(code);
      if (it == by_area.end()) {
        j["people"] = 0;
        j["none"] = survey::none_text();
        return j;
      }
      const AreaWheels w = wheels_of(it->second);
      if (w.problem) j["problem"] = *w.problem;
      const survey::Wheel* wheel = latest_everyone(w.wheels);
      j["people"] = wheel ? wheel->people : 0;
      if (!wheel) return j;
      j["round"] = wheel->round;
      j["forms"] = wheel->forms;
      if (wheel->hidden_reason) {
        j["hidden_reason"] = *wheel->hidden_reason;
        return j;
      }
      // The three lowest means, on the wheel's own scale.
      std::vector<const survey::ThemeSpread*> answered;
      for (const auto& t : wheel->themes)
        if (t.mean) answered.push_back(&t);
      std::stable_sort(answered.begin(), answered.end(), [](auto* a, auto* b) { return *a->mean < *b->mean; });
      j["theme_set"] = wheel->theme_set;
      j["scale"] = ojson{{"min", wheel->scale.min}, {"max", wheel->scale.max}};
      j["lowest"] = ojson::array();
      for (std::size_t i = 0; i < answered.size() && i < 3; ++i)
        j["lowest"].push_back(ojson{{"theme", answered[i]->theme}, {"mean", *answered[i]->mean}, {"n", answered[i]->n}});
      return j;
    };
    for (const auto& a : open.areas.areas) out["areas"].push_back(row(a.code, a.name, a.level, a.mean_score));
    // Named areas (a drawn polygon) are in no layer of the build: listed after, without a score.
    for (const auto& [code, forms] : by_area)
      if (!open.areas.index.count(code)) out["areas"].push_back(row(code, code, "", std::nullopt));
    send_json(res, out);
  }));

  svr.Post(survey::api("forms"), guarded([this, &open](const httplib::Request& req, httplib::Response& res) {
    if (req.body.size() > body_bytes_)
      return send_error(res, 413, fmt::format("Te groot: hoogstens {} kB", body_bytes_ / 1024));
    json body;
    try {
      body = json::parse(req.body);
    } catch (const json::parse_error&) {
      throw InputError(kForm, "geen geldige JSON");
    }
    const survey::Form form = form_from_json(body, kForm);
    // The web form declares no values of its own: the schema's vocab is what a group attribute may be.
    survey::check_form(form, open.known, survey::schema_declared_values(), kForm.where);
    // One wheel never mixes two scales: a form of another theme set than the
    // area's forms of the same round is refused, not stored beside them.
    auto same_round = survey::load_forms(open.store, form.area);
    std::erase_if(same_round, [&](const survey::Form& f) { return f.round != form.round; });
    for (const auto& f : same_round)
      if (f.theme_set != form.theme_set)
        throw InputError(at("theme_set"),
                         fmt::format("dit gebied heeft in ronde {} al formulieren van themaset '{}'; twee schalen komen "
                                     "nooit in één wiel (kies die themaset, of een andere ronde)",
                                     form.round, f.theme_set));
    const auto ids = survey::insert_forms(open.store, {form});
    send_json(res, ojson{{"id", ids.at(0)}, {"area", form.area}, {"round", form.round}}, 201);
  }));
}

}  // namespace leefkaart::server
