#pragma once
// The register's records as the API's JSON: field names as in
// schema/register.json "api.json" (compiled in), absent optional fields left
// out. Reading a posted body refuses an unknown field, a wrong type or an id
// the store hands out itself, naming the field (InputError).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "registry/area_records.hpp"
#include "registry/questions.hpp"
#include "registry/records.hpp"

namespace leefkaart::server {

const nlohmann::ordered_json& register_schema();  // schema/register.json (registry/register_schema.hpp)
// An API path of schema/register.json "api" ("/api/register/area/{code}").
std::string register_path(const std::string& key);
// The field names of one kind of record in "api.json" ("intervention", "story", …).
std::vector<std::string> register_fields(const std::string& record);

nlohmann::ordered_json to_json(const registry::Intervention& item);
nlohmann::ordered_json to_json(const registry::Question& item, const registry::QuestionLinks& links);
nlohmann::ordered_json to_json(const registry::Cycle& item);
nlohmann::ordered_json to_json(const registry::Note& item);
// Never with x and y at precision "buurt", whatever the story holds.
nlohmann::ordered_json to_json(const registry::Story& item);

// Posted records. `today` fills the dates the form may leave out (created).
registry::Intervention intervention_from_json(const nlohmann::json& body, const Location& where, const std::string& today);
registry::Cycle cycle_from_json(const nlohmann::json& body, const Location& where);
registry::Note note_from_json(const nlohmann::json& body, const Location& where);
// Without id and photo: the store gives the id, and the photo only comes as an uploaded file.
registry::Story story_from_json(const nlohmann::json& body, const Location& where, const std::string& today);
// A new learning question and its links; wish and tension given apart (the
// tension starts with "terwijl").
struct QuestionPost {
  registry::Question question;
  registry::QuestionLinks links;
};
QuestionPost question_from_json(const nlohmann::json& body, const Location& where, const std::string& today);
struct StatusPost {
  registry::Status status = registry::Status::Open;
  std::string date;
  std::optional<std::string> note;
};
StatusPost status_from_json(const nlohmann::json& body, const Location& where, const std::string& today);

}  // namespace leefkaart::server
