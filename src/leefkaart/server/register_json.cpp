#include "server/register_json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "registry/register_schema.hpp"

namespace leefkaart::server {
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

const ojson& register_schema() { return registry::register_schema::schema(); }

std::string register_path(const std::string& key) { return register_schema().at("api").at(key).get<std::string>(); }

std::vector<std::string> register_fields(const std::string& record) {
  return register_schema().at("api").at("json").at(record).get<std::vector<std::string>>();
}

namespace {

Location at(const Location& where, const std::string& field) { return {where.file, where.where, field}; }

// A body of `record`: an object holding only the schema's fields of it,
// `refused` (set by the store) not among them.
void check_object(const json& body, const std::string& record, const Location& where,
                  const std::vector<std::string>& refused = {}) {
  if (!body.is_object()) throw InputError(where, "verwacht een JSON-object");
  const auto fields = register_fields(record);
  for (const auto& [key, value] : body.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end())
      throw InputError(at(where, key), fmt::format("onbekend veld (velden: {})", fmt::join(fields, ", ")));
    if (std::find(refused.begin(), refused.end(), key) != refused.end() && !value.is_null())
      throw InputError(at(where, key), "dit veld vult het register zelf in");
  }
}

bool present(const json& body, const std::string& key) { return body.contains(key) && !body.at(key).is_null(); }

std::optional<std::string> opt_text(const json& body, const std::string& key, const Location& where) {
  if (!present(body, key)) return std::nullopt;
  if (!body.at(key).is_string()) throw InputError(at(where, key), "moet tekst zijn");
  return body.at(key).get<std::string>();
}

// Required text; the store names an empty one, a missing one is named here.
std::string text(const json& body, const std::string& key, const Location& where) {
  auto t = opt_text(body, key, where);
  if (!t) throw InputError(at(where, key), "ontbreekt");
  return *t;
}

std::vector<std::string> text_list(const json& body, const std::string& key, const Location& where) {
  std::vector<std::string> out;
  if (!present(body, key)) return out;
  if (!body.at(key).is_array()) throw InputError(at(where, key), "moet een lijst van teksten zijn");
  for (const auto& v : body.at(key)) {
    if (!v.is_string()) throw InputError(at(where, key), "moet een lijst van teksten zijn");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<double> opt_number(const json& body, const std::string& key, const Location& where) {
  if (!present(body, key)) return std::nullopt;
  if (!body.at(key).is_number()) throw InputError(at(where, key), "moet een getal zijn");
  return body.at(key).get<double>();
}

bool flag(const json& body, const std::string& key, const Location& where) {
  if (!present(body, key)) return false;
  if (!body.at(key).is_boolean()) throw InputError(at(where, key), "moet true of false zijn");
  return body.at(key).get<bool>();
}

void put(ojson& out, const std::string& key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}

}  // namespace

ojson to_json(const registry::Intervention& item) {
  ojson out;
  out["code"] = item.code;
  out["name"] = item.name;
  out["areas"] = item.areas;
  put(out, "polygon_wkt", item.polygon_wkt);
  out["status"] = item.status;
  put(out, "stop_reason", item.stop_reason);
  put(out, "planned_start", item.planned_start);
  put(out, "planned_end", item.planned_end);
  put(out, "actual_start", item.actual_start);
  put(out, "actual_end", item.actual_end);
  out["types"] = item.types;
  put(out, "domain", item.domain);
  put(out, "perspective", item.perspective);
  put(out, "target_group", item.target_group);
  put(out, "partners", item.partners);
  put(out, "funding", item.funding);
  put(out, "funding_end", item.funding_end);
  put(out, "situatie", item.situatie);
  put(out, "waar_naartoe", item.waar_naartoe);
  put(out, "hoe", item.hoe);
  put(out, "aannamen", item.aannamen);
  out["indicators"] = ojson::array();
  for (const auto& aim : item.indicators) out["indicators"].push_back(ojson{{"indicator", aim.indicator}, {"direction", aim.direction}});
  out["assumptions"] = ojson::array();
  for (const auto& a : item.assumptions) {
    ojson j{{"text", a.text}};
    put(j, "indicator", a.indicator);
    put(j, "area_code", a.area_code);
    out["assumptions"].push_back(std::move(j));
  }
  out["created"] = item.created;
  return out;
}

ojson to_json(const registry::Question& item, const registry::QuestionLinks& links) {
  ojson out;
  out["nr"] = item.nr;
  out["theme"] = item.theme;
  out["wish"] = item.wish;
  out["tension"] = item.tension;
  put(out, "holder", item.holder);
  out["status"] = registry::to_string(item.status);
  out["created"] = item.created;
  out["areas"] = links.areas;
  out["interventions"] = links.interventions;
  out["indicators"] = links.indicators;
  return out;
}

ojson to_json(const registry::Cycle& item) {
  ojson out;
  out["date"] = item.date;
  out["kind"] = item.kind;
  out["text"] = item.text;
  put(out, "author_role", item.author_role);
  put(out, "manifest_checksum", item.manifest_checksum);
  put(out, "build_label", item.build_label);
  out["questions"] = item.questions;
  out["interventions"] = item.interventions;
  return out;
}

ojson to_json(const registry::Note& item) {
  ojson out;
  out["kind"] = item.kind;
  out["text"] = item.text;
  out["solve_level"] = item.solve_level;
  out["status"] = item.status;
  out["date"] = item.date;
  put(out, "intervention", item.intervention);
  put(out, "question", item.question);
  return out;
}

ojson to_json(const registry::Story& item) {
  ojson out;
  if (item.id) out["id"] = *item.id;
  out["date"] = item.date;
  out["area_code"] = item.area_code;
  // At precision "buurt" the story is shown at its buurt: its point is in no answer.
  if (item.precision != "buurt" && item.x && item.y) {
    out["x"] = *item.x;
    out["y"] = *item.y;
  }
  out["precision"] = item.precision;
  out["source"] = item.source;
  out["text"] = item.text;
  put(out, "signal", item.signal);
  out["themes"] = item.themes;
  put(out, "photo", item.photo);
  out["consent"] = item.consent;
  out["publishable"] = item.publishable;
  put(out, "author_role", item.author_role);
  return out;
}

registry::Intervention intervention_from_json(const json& body, const Location& where, const std::string& today) {
  check_object(body, "intervention", where);
  registry::Intervention item;
  item.code = text(body, "code", where);
  item.name = text(body, "name", where);
  item.areas = text_list(body, "areas", where);
  item.polygon_wkt = opt_text(body, "polygon_wkt", where);
  if (auto s = opt_text(body, "status", where)) item.status = *s;
  item.stop_reason = opt_text(body, "stop_reason", where);
  item.planned_start = opt_text(body, "planned_start", where);
  item.planned_end = opt_text(body, "planned_end", where);
  item.actual_start = opt_text(body, "actual_start", where);
  item.actual_end = opt_text(body, "actual_end", where);
  item.types = text_list(body, "types", where);
  item.domain = opt_text(body, "domain", where);
  item.perspective = opt_text(body, "perspective", where);
  item.target_group = opt_text(body, "target_group", where);
  item.partners = opt_text(body, "partners", where);
  item.funding = opt_text(body, "funding", where);
  item.funding_end = opt_text(body, "funding_end", where);
  item.situatie = opt_text(body, "situatie", where);
  item.waar_naartoe = opt_text(body, "waar_naartoe", where);
  item.hoe = opt_text(body, "hoe", where);
  item.aannamen = opt_text(body, "aannamen", where);
  if (present(body, "indicators")) {
    if (!body.at("indicators").is_array()) throw InputError(at(where, "indicators"), "moet een lijst zijn");
    for (const auto& aim : body.at("indicators")) {
      check_object(aim, "intervention_indicator", at(where, "indicators"));
      item.indicators.push_back({text(aim, "indicator", where), text(aim, "direction", where)});
    }
  }
  if (present(body, "assumptions")) {
    if (!body.at("assumptions").is_array()) throw InputError(at(where, "assumptions"), "moet een lijst zijn");
    for (const auto& a : body.at("assumptions")) {
      check_object(a, "assumption", at(where, "assumptions"));
      item.assumptions.push_back({text(a, "text", where), opt_text(a, "indicator", where), opt_text(a, "area_code", where)});
    }
  }
  item.created = opt_text(body, "created", where).value_or(today);
  return item;
}

registry::Cycle cycle_from_json(const json& body, const Location& where) {
  check_object(body, "cycle", where);
  registry::Cycle item;
  item.date = text(body, "date", where);
  item.kind = text(body, "kind", where);
  item.text = text(body, "text", where);
  item.author_role = opt_text(body, "author_role", where);
  item.manifest_checksum = opt_text(body, "manifest_checksum", where);
  item.build_label = opt_text(body, "build_label", where);
  item.questions = text_list(body, "questions", where);
  item.interventions = text_list(body, "interventions", where);
  return item;
}

registry::Note note_from_json(const json& body, const Location& where) {
  check_object(body, "note", where);
  registry::Note item;
  item.kind = text(body, "kind", where);
  item.text = text(body, "text", where);
  item.solve_level = text(body, "solve_level", where);
  if (auto s = opt_text(body, "status", where)) item.status = *s;
  item.date = text(body, "date", where);
  item.intervention = opt_text(body, "intervention", where);
  item.question = opt_text(body, "question", where);
  return item;
}

registry::Story story_from_json(const json& body, const Location& where, const std::string& today) {
  check_object(body, "story", where, {"id", "photo"});
  registry::Story item;
  item.date = text(body, "date", where);
  item.area_code = text(body, "area_code", where);
  item.x = opt_number(body, "x", where);
  item.y = opt_number(body, "y", where);
  if (auto p = opt_text(body, "precision", where)) item.precision = *p;
  item.source = text(body, "source", where);
  item.text = text(body, "text", where);
  item.signal = opt_text(body, "signal", where);
  item.themes = text_list(body, "themes", where);
  item.consent = flag(body, "consent", where);
  item.publishable = flag(body, "publishable", where);
  item.author_role = opt_text(body, "author_role", where);
  item.created = today;
  return item;
}

QuestionPost question_from_json(const json& body, const Location& where, const std::string& today) {
  check_object(body, "question", where);
  QuestionPost out;
  registry::Question& q = out.question;
  q.nr = text(body, "nr", where);
  q.theme = text(body, "theme", where);
  q.wish = text(body, "wish", where);
  q.tension = text(body, "tension", where);
  for (const char* key : {"nr", "theme", "wish"})
    if (body.at(key).get<std::string>().find_first_not_of(" \t\n") == std::string::npos) throw InputError(at(where, key), "is leeg");
  if (q.tension.rfind("terwijl ", 0) != 0 || q.tension.size() <= 8)
    throw InputError(at(where, "tension"), "de spanning begint met \"terwijl \" (Hoe kan …, terwijl …?)");
  q.holder = opt_text(body, "holder", where);
  if (auto word = opt_text(body, "status", where)) {
    const auto status = registry::status_from(*word);
    if (!status) throw InputError(at(where, "status"), "onbekende status '" + *word + "' (open, in behandeling, beantwoord, hergeformuleerd)");
    q.status = *status;
  }
  q.created = opt_text(body, "created", where).value_or(today);
  if (!registry::is_iso_date(q.created)) throw InputError(at(where, "created"), "geen datum JJJJ-MM-DD");
  out.links.areas = text_list(body, "areas", where);
  out.links.interventions = text_list(body, "interventions", where);
  out.links.indicators = text_list(body, "indicators", where);
  return out;
}

StatusPost status_from_json(const json& body, const Location& where, const std::string& today) {
  check_object(body, "question_status", where);
  StatusPost out;
  const std::string word = text(body, "status", where);
  const auto status = registry::status_from(word);
  if (!status) throw InputError(at(where, "status"), "onbekende status '" + word + "' (open, in behandeling, beantwoord, hergeformuleerd)");
  out.status = *status;
  out.date = opt_text(body, "date", where).value_or(today);
  out.note = opt_text(body, "note", where);
  return out;
}

}  // namespace leefkaart::server
