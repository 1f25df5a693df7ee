#pragma once
// The Leefplekmeter's routes of `leefkaart serve --store FILE` (paths in
// schema/survey.json "api"): an area's wheels with the indicators of the same
// theme beside them and the conversation prompts where the two disagree; the
// priority view; and one web form posted. Reads answer whoever may read the
// map; the write follows the register's rules (server/register_api.hpp): own
// origin, the register's session token, JSON within the register's body limit,
// one transaction.
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "survey/forms.hpp"

namespace leefkaart::server {

// The served build's areas as the survey needs them (names, scores, indicator
// values and worse-than-threshold), read once when the store opens.
struct SurveyAreas;

class SurveyApi {
 public:
  // `store_file` empty: no register, and the survey's paths answer 404 saying
  // how to open one. `session` is the register's session token (the same
  // token admits writes to both). `indicator_map`: a project's TOML map from
  // theme to indicators (survey/beside.hpp); empty: the schema's default.
  SurveyApi(const std::string& store_file, const std::filesystem::path& out_dir, const std::string& session,
            const std::string& indicator_map = {});
  ~SurveyApi();

  // From the server's pre-routing handler, as RegisterApi::screen.
  bool screen(const httplib::Request& req, httplib::Response& res) const;
  void install(httplib::Server& svr);

 private:
  struct Open;
  std::unique_ptr<Open> open_;
  std::mutex mutex_;  // one connection: one request at a time uses it
  const std::string& session_;
  std::size_t body_bytes_;
};

// A posted form (schema: survey::Form's field names; answers as
// [{theme, score, good, better}], attributes as {column: value}). Refuses an
// unknown field, a wrong type, and the fields the server fills (id, entered,
// source_file, source_row), naming the field. The round defaults to the year of
// the date, as in the form file.
survey::Form form_from_json(const nlohmann::json& body, const Location& where);

}  // namespace leefkaart::server
