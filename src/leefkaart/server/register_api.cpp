#include "server/register_api.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/layer_table.hpp"
#include "io/result_set.hpp"
#include "registry/prompts.hpp"
#include "registry/area_records.hpp"
#include "registry/questions.hpp"
#include "server/guarded_server.hpp"
#include "server/register_json.hpp"
#include "server/request_guard.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

struct ServedAreas {
  std::optional<std::string> reason;              // set when the output has none (not a build): why, in Dutch
  std::vector<std::string> buurten;               // codes, in the build's order
  std::map<std::string, std::string> names;       // buurt and wijk code → name
  std::map<std::string, std::string> labels;      // indicator → label
  registry::AreaIndicatorWorse worse;             // buurt and wijk → indicator → worse than its threshold
};

namespace {

constexpr const char* kNoRegister = "Geen register geopend (start met --store)";
// Room for the multipart envelope and the story's own JSON beside its photo.
constexpr std::size_t kEnvelopeBytes = 16 * 1024;

// What a form's error names: the form, and the field.
const Location kForm{"", "formulier", ""};

std::string pattern(const std::string& key) { return route_pattern(register_path(key)); }

void send_json(httplib::Response& res, const ojson& body, int status = 200) { send_json_text(res, body.dump(), status); }

json parse_body(const std::string& body, const std::string& field) {
  try {
    return json::parse(body);
  } catch (const json::parse_error&) {
    throw InputError({kForm.file, kForm.where, field}, "geen geldige JSON");
  }
}

// The areas `code` lies in, itself first: a buurt code BUggggwwbb lies in wijk
// WKggggww and gemeente GMgggg (CBS numbers them so); those the build knows.
std::vector<std::string> area_chain(const std::string& code, const registry::KnownNames& known) {
  std::vector<std::string> chain{code};
  auto add = [&](const std::string& c) {
    if (known.areas.count(c)) chain.push_back(c);
  };
  if (code.starts_with("BU") && code.size() == 10) {
    add("WK" + code.substr(2, 6));
    add("GM" + code.substr(2, 4));
  } else if (code.starts_with("WK") && code.size() == 8) {
    add("GM" + code.substr(2, 4));
  }
  return chain;
}

ojson questions_json(registry::Store& store) {
  ojson out = ojson::array();
  for (const auto& q : registry::list_questions(store)) out.push_back(to_json(q, registry::question_links(store, q.nr)));
  return out;
}

template <class T>
ojson all_json(const std::vector<T>& items) {
  ojson out = ojson::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

// Read once when the register opens: known_names_from_output has checked the
// output is whole, and a served folder does not change under the server.
ServedAreas read_served_areas(const fs::path& out_dir) {
  namespace schema = io::build_schema;
  ServedAreas out;
  const fs::path manifest_file = out_dir / io::kManifestFile;
  std::ifstream in(manifest_file);
  const json manifest = json::parse(in, nullptr, false);
  if (!manifest.is_object() || manifest.value("command", "") != schema::schema().at("command").get<std::string>()) {
    out.reason = "Deze kaart is een tijdreeks. Gespreksvragen en wie er gehoord is horen bij de kaart van één "
                 "meting (leefkaart build): open die om ze te zien.";
    return out;
  }
  const std::string name_key = schema::schema().at("indicator_keys").at("name").get<std::string>();
  const std::string label_key = schema::schema().at("indicator_keys").at("label").get<std::string>();
  const json& indicators = manifest.at(schema::manifest_key("indicators"));  // known_names_from_output checked it
  for (const json& ind : indicators) {
    if (!ind.is_object() || !ind.contains(name_key) || !ind.at(name_key).is_string()) continue;
    const std::string name = ind.at(name_key).get<std::string>();
    const bool labelled = ind.contains(label_key) && ind.at(label_key).is_string() && !ind.at(label_key).get<std::string>().empty();
    out.labels[name] = labelled ? ind.at(label_key).get<std::string>() : name;
  }
  std::vector<std::string> indicator_names;
  for (const auto& [name, label] : out.labels) indicator_names.push_back(name);
  const fs::path gpkg = out_dir / schema::schema().at("geopackage").get<std::string>();
  const std::string code_field = schema::area_field("code"), name_field = schema::area_field("name");
  for (const std::string level : {"buurten", "wijken"}) {
    const io::LayerTable t = io::read_layer_table(gpkg, schema::layer(level));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string code = t.text(r, code_field).value_or("");
      if (code.empty()) continue;
      if (level == "buurten") out.buurten.push_back(code);
      out.names[code] = (t.has_field(name_field) ? t.text(r, name_field) : std::nullopt).value_or(code);
    }
    registry::add_worse_by_area(out.worse, t, indicator_names);
  }
  return out;
}

}  // namespace

RegisterApi::RegisterApi(const std::string& store_file, const fs::path& out_dir)
    : session_(random_token()),
      body_bytes_(register_schema().at("limits").at("body_bytes").get<std::size_t>()),
      photo_bytes_(register_schema().at("limits").at("photo_bytes").get<std::size_t>()) {
  if (store_file.empty()) return;
  // The names first: a folder the register cannot check against opens no store.
  registry::KnownNames known = registry::known_names_from_output(out_dir);
  auto areas = std::make_shared<const ServedAreas>(read_served_areas(out_dir));
  open_ = std::make_unique<Open>(Open{registry::Store::open(store_file), std::move(known), std::move(areas)});
}

std::size_t RegisterApi::max_body() const {
  return open_ ? photo_bytes_ + body_bytes_ + kEnvelopeBytes : 64 * 1024;
}

bool RegisterApi::screen(const httplib::Request& req, httplib::Response& res) const {
  if (req.path != "/api/register" && !req.path.starts_with("/api/register/")) return false;
  const bool post = req.method == "POST";
  if (post) GuardedServer::close_after_this_request();  // a refused body stays unread
  if (!open_) {
    send_error(res, 404, kNoRegister);
    return true;
  }
  if (req.path == register_path("session")) {
    if (auto why = foreign_origin(req)) {
      send_error(res, 403, "Het sessiesleutel gaat alleen naar de eigen pagina van deze kaart, niet naar " + *why);
      return true;
    }
  }
  if (!post) return false;
  if (refuse_foreign_write(req, res, session_, "in het register schrijven")) return true;
  const bool story = req.path == register_path("stories");
  const std::string type = media_type(req);
  if (type != "application/json" && !(story && type == "multipart/form-data")) {
    send_error(res, 400,
               story ? "Verwacht application/json of multipart/form-data" : "Verwacht application/json",
               "Content-Type");
    return true;
  }
  const std::size_t limit = type == "multipart/form-data" ? photo_bytes_ + body_bytes_ + kEnvelopeBytes : body_bytes_;
  if (refuse_oversized(req, res, limit)) return true;
  return false;
}

void RegisterApi::install(httplib::Server& svr) {
  if (!open_) return;  // screen() answers every register path
  registry::Store& store = open_->store;
  const registry::KnownNames& known = open_->known;

  // Runs `body` with the store to itself; a record's problem is answered 400 naming its field.
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
  // A JSON body within limits.body_bytes (a chunked one has no Content-Length to screen).
  auto json_body = [this](const httplib::Request& req, httplib::Response& res) -> std::optional<json> {
    if (req.body.size() > body_bytes_) {
      send_error(res, 413, fmt::format("Te groot: hoogstens {} kB", body_bytes_ / 1024));
      return std::nullopt;
    }
    return parse_body(req.body, "");
  };

  svr.Get(register_path("session"), [this](const httplib::Request&, httplib::Response& res) {
    send_json(res, ojson{{"token", session_}});
  });
  svr.Get(register_path("register"), guarded([&store](const httplib::Request&, httplib::Response& res) {
    ojson out;
    out["schema_version"] = store.version();
    out["interventions"] = all_json(registry::list_interventions(store));
    out["questions"] = questions_json(store);
    out["cycles"] = all_json(registry::list_cycles(store));
    out["notes"] = all_json(registry::list_notes(store));
    out["stories"] = all_json(registry::list_stories(store, registry::Audience::Public));
    send_json(res, out);
  }));
  svr.Get(register_path("questions"), guarded([&store](const httplib::Request&, httplib::Response& res) {
    send_json(res, questions_json(store));
  }));
  svr.Get(pattern("area"), guarded([&store, &known](const httplib::Request& req, httplib::Response& res) {
    const std::string code = req.matches[1];
    if (!known.areas.count(code))
      return send_error(res, 404, "Onbekend gebied '" + code + "': niet in de getoonde kaart", "code");
    const auto found = registry::records_for_area(store, area_chain(code, known));
    ojson out{{"code", code}};
    out["interventions"] = ojson::array();
    for (const auto& [item, through] : found.interventions) {
      ojson j = to_json(item);
      j["area_code"] = through;
      out["interventions"].push_back(std::move(j));
    }
    out["questions"] = ojson::array();
    for (const auto& [item, through] : found.questions) {
      ojson j = to_json(item, registry::question_links(store, item.nr));
      j["area_code"] = through;
      out["questions"].push_back(std::move(j));
    }
    out["cycles"] = all_json(found.cycles);
    // records_for_area gives the public's stories only; to_json never gives a buurt-precision point.
    out["stories"] = all_json(found.stories);
    send_json(res, out);
  }));
  const ServedAreas& areas = *open_->areas;
  // Prompts and coverage count the public's stories only: a story not publishable says nothing here.
  svr.Get(register_path("prompts"), guarded([&store, &areas](const httplib::Request&, httplib::Response& res) {
    ojson out{{"prompts", ojson::array()}};
    if (areas.reason) {
      out["reason"] = *areas.reason;
      return send_json(res, out);
    }
    const auto stories = registry::list_stories(store, registry::Audience::Public);
    for (const auto& p : registry::conversation_prompts(stories, areas.worse)) {
      const auto name = areas.names.find(p.area_code);
      const auto label = areas.labels.find(p.indicator);
      const std::string area_name = name == areas.names.end() ? p.area_code : name->second;
      const std::string indicator_label = label == areas.labels.end() ? p.indicator : label->second;
      out["prompts"].push_back(ojson{{"area_code", p.area_code},
                                     {"area_name", area_name},
                                     {"indicator", p.indicator},
                                     {"numbers_worse", p.numbers_worse},
                                     {"stories", p.stories},
                                     {"text", registry::prompt_text(p, area_name, indicator_label)}});
    }
    send_json(res, out);
  }));
  svr.Get(register_path("coverage"), guarded([&store, &areas](const httplib::Request&, httplib::Response& res) {
    ojson out{{"areas", ojson::array()}};
    if (areas.reason) {
      out["reason"] = *areas.reason;
      return send_json(res, out);
    }
    const auto stories = registry::list_stories(store, registry::Audience::Public);
    for (const auto& c : registry::story_coverage(stories, areas.buurten)) {
      ojson sources = ojson::object();
      for (const auto& [source, n] : c.by_source) sources[source] = n;
      out["areas"].push_back(ojson{{"area_code", c.area_code},
                                   {"area_name", areas.names.at(c.area_code)},
                                   {"stories", c.stories},
                                   {"by_source", std::move(sources)}});
    }
    send_json(res, out);
  }));
  svr.Get(pattern("photos"), guarded([&store](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const bool plain = !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
    // Only a publishable story's photo: any other is as absent as one never stored.
    const auto photo = plain ? registry::read_photo(store, name, registry::Audience::Public) : std::nullopt;
    if (!photo) return send_error(res, 404, "Geen foto met deze naam", "name");
    const std::string stem = name.substr(0, name.find('.'));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Disposition",
                   fmt::format("inline; filename=\"foto-{}.{}\"", stem, photo->mime == "image/png" ? "png" : "jpg"));
    res.set_header("Content-Security-Policy", "default-src 'none'");
    res.set_header("Cache-Control", "private, no-cache");
    res.set_content(photo->bytes, photo->mime);
  }));

  svr.Post(register_path("interventions"), guarded([&store, &known, json_body](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    const auto item = intervention_from_json(*body, kForm, registry::today());
    send_json(res, ojson{{"code", registry::add_intervention(store, item, known, kForm)}}, 201);
  }));
  svr.Post(register_path("questions"), guarded([&store, &known, json_body](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    const auto post = question_from_json(*body, kForm, registry::today());
    const auto& links = post.links;
    registry::add_question(store, post.question, links.areas, links.interventions, links.indicators, known, kForm);
    send_json(res, ojson{{"nr", post.question.nr}}, 201);
  }));
  svr.Post(pattern("question_status"), guarded([&store, json_body](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    const std::string nr = req.matches[1];
    const auto post = status_from_json(*body, kForm, registry::today());
    registry::set_status(store, nr, post.status, post.date, post.note);
    send_json(res, ojson{{"nr", nr}, {"status", registry::to_string(post.status)}, {"date", post.date}}, 201);
  }));
  svr.Post(register_path("cycles"), guarded([&store, &known, json_body](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    auto item = cycle_from_json(*body, kForm);
    // Pinned to the build on screen, unless the form names another.
    if (!item.manifest_checksum) item.manifest_checksum = known.manifest_checksum;
    send_json(res, ojson{{"id", registry::add_cycle(store, item, kForm)}}, 201);
  }));
  svr.Post(register_path("notes"), guarded([&store, json_body](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    send_json(res, ojson{{"id", registry::add_note(store, note_from_json(*body, kForm), kForm)}}, 201);
  }));
  svr.Post(register_path("stories"), guarded([this, &store, &known, json_body](const httplib::Request& req, httplib::Response& res) {
    json body;
    std::optional<registry::Photo> photo;
    if (req.is_multipart_form_data()) {
      for (const auto& [name, part] : req.files)
        if (name != "story" && name != "photo")
          throw InputError({kForm.file, kForm.where, name}, "onbekend deel van het formulier (delen: story, photo)");
      if (!req.has_file("story")) throw InputError({kForm.file, kForm.where, "story"}, "ontbreekt");
      const auto story = req.get_file_value("story");
      if (story.content.size() > body_bytes_)
        return send_error(res, 413, fmt::format("Te groot: hoogstens {} kB", body_bytes_ / 1024), "story");
      body = parse_body(story.content, "story");
      if (req.has_file("photo")) {
        std::string bytes = req.get_file_value("photo").content;
        if (bytes.size() > photo_bytes_)
          return send_error(res, 413, fmt::format("De foto is te groot: hoogstens {} MB", photo_bytes_ / (1024 * 1024)), "photo");
        // By its content, whatever the upload says it is.
        try {
          photo = registry::check_photo(std::move(bytes), {kForm.file, kForm.where, "photo"});
        } catch (const InputError& e) {
          throw InputError({kForm.file, kForm.where, "photo"}, e.problem());
        }
      }
    } else {
      auto parsed = json_body(req, res);
      if (!parsed) return;
      body = std::move(*parsed);
    }
    const auto item = story_from_json(body, kForm, registry::today());
    // Only the id: the story's text goes back to no one it was not meant for.
    send_json(res, ojson{{"id", registry::add_story(store, item, photo, known, kForm)}}, 201);
  }));
}

}  // namespace leefkaart::server
