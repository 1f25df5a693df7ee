#include "server/server.hpp"

#include <gdal_priv.h>
#include <httplib.h>
#include <ogrsf_frmts.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <cctype>
#include <optional>
#include <set>
#include <string_view>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/option_range.hpp"
#include "core/text.hpp"
#include "io/build_schema.hpp"
#include "io/csv.hpp"
#include "io/result_set.hpp"
#include "series/schema.hpp"
#include "sorting/schema.hpp"
#include "server/guarded_server.hpp"
#include "io/gzip.hpp"
#include "server/layer_store.hpp"
#include "server/register_api.hpp"
#include "server/survey_api.hpp"
#include "server/tile_store.hpp"
#include "server/request_guard.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::atomic<httplib::Server*> running{nullptr};


// httplib compresses only the content types it knows, and application/geo+json
// (the layers, megabytes each) is not among them: the store keeps them gzipped.
void send_layer(const httplib::Request& req, httplib::Response& res, const LayerBody& body) {
  res.set_header("Vary", "Accept-Encoding");
  if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos && !body.gzipped.empty()) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(body.gzipped, "application/geo+json");
  } else {
    res.set_content(body.plain, "application/geo+json");
  }
}

void json_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", message}, {"status", status}}.dump(), "application/json");
}

std::string find_web_dir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path& c : {exe.parent_path() / "../web/dist", exe.parent_path() / "web/dist", fs::current_path() / "web/dist"})
    if (fs::exists(c / "index.html")) return fs::weakly_canonical(c).string();
  return {};
}

// The names of a series' output (schema/series.json, compiled in).
const json& series_schema() { return series::schema(); }

// The names of a sorting monitor's output (schema/sorting.json, compiled in).
const json& sorting_schema() { return sorting::schema(); }

// What a served kind is called in messages: "access run"; with its article, "an access run".
std::string kind_name(const std::string& kind) {
  return kind == "access" ? "access run" : kind == sorting_schema().at("command") ? "sorting monitor" : kind;
}
std::string a_kind(const std::string& kind) { return (kind == "access" ? "an " : "a ") + kind_name(kind); }

// A CSV of the result set (its checked bytes: masking.csv, a series' tables) as
// JSON rows of strings (null where empty). Either dialect (--csv plain or
// excel) reads to the same rows: numbers with a decimal point. Each row keeps
// the CSV's column order, for a table shown as it was written.
nlohmann::ordered_json csv_rows(const std::string& csv) {
  const io::CsvTable table = io::read_csv(csv);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& record : table.rows) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < table.header.size(); ++i)
      row[table.header[i]] = i < record.size() && record[i] ? nlohmann::ordered_json(*record[i]) : nullptr;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string mime_of(const fs::path& p) {
  static const std::map<std::string, std::string> types{
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript"},  {".mjs", "text/javascript"},
      {".css", "text/css"},                  {".json", "application/json"}, {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".woff2", "font/woff2"},      {".wasm", "application/wasm"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

struct StaticFile {
  std::string body, gzipped, mime;
};

// The web app's files, read and gzipped once at start: httplib would compress
// them anew on every request (with brotli at its slowest setting). A request
// can only name one of these by its path below the root, so no URL reaches
// a file outside it.
std::map<std::string, StaticFile> read_web_app(const fs::path& root) {
  std::map<std::string, StaticFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    StaticFile f;
    f.body = read_whole_file(entry.path()).value_or("");
    f.mime = mime_of(entry.path());
    if (f.mime.rfind("image/png", 0) != 0 && f.mime != "font/woff2") f.gzipped = io::gzip(f.body);
    files.emplace("/" + fs::relative(entry.path(), root).generic_string(), std::move(f));
  }
  return files;
}

constexpr std::size_t kMaxTarget = 2048;

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Well-formed UTF-8: no overlong forms (%c0%ae is an overlong '.'), no
// surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0, min = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07, min = 0x10000;
    else return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool has_control_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// Why a request's URL is refused before routing, or nothing. The handlers and
// the file lookup see only URLs that pass.
std::optional<std::string> malformed_url(const httplib::Request& req) {
  if (req.target.size() > kMaxTarget) return fmt::format("the URL is longer than {} bytes", kMaxTarget);
  for (std::size_t i = 0; i < req.target.size(); ++i)
    if (req.target[i] == '%' && (i + 2 >= req.target.size() || !is_hex(req.target[i + 1]) || !is_hex(req.target[i + 2])))
      return "a malformed percent-encoding in the URL ('%' must be followed by two hex digits)";
  if (has_control_bytes(req.path)) return "a NUL or control character in the URL path";
  if (!valid_utf8(req.path)) return "the URL path is not valid UTF-8 (overlong or broken percent-encoded bytes)";
  for (const auto& [key, value] : req.params)
    if (has_control_bytes(key) || has_control_bytes(value) || !valid_utf8(key) || !valid_utf8(value))
      return "the parameter '" + (valid_utf8(key) ? key : std::string("?")) + "' holds a NUL, control character or invalid UTF-8";
  return std::nullopt;
}

}  // namespace

ServedDir inspect_served_dir(const std::string& out_dir) {
  const fs::path dir(out_dir);
  if (!fs::is_directory(dir)) throw InputError({out_dir, "", ""}, "not a directory");
  const fs::path manifest = dir / "manifest.json";
  if (!fs::exists(manifest))
    throw InputError({out_dir, "", ""}, "not a leefkaart build: manifest.json is missing (run `leefkaart build`, "
                                        "`leefkaart access`, `leefkaart series` or `leefkaart sorting` first)");
  json m;
  try {
    m = json::parse(read_whole_file(manifest).value_or(""));
  } catch (const std::exception& e) {
    throw InputError({manifest.string(), "", ""}, std::string("not valid JSON: ") + e.what());
  }
  ServedDir served;
  served.kind = m.value("tool", "") == "leefkaart" ? m.value("command", "") : "";
  if (served.kind == "build") {
    served.layers = {"cells", "buurten", "wijken", "gemeente"};
    served.paint_field = "score";
    // The stapelkaart's 1 km hexagons, for comparing with RIVM's Stapeltool: there when the build made them.
    const std::string coarse = io::build_schema::schema().at("stack").at("coarse_layer");
    if (fs::exists(dir / (coarse + ".geojson"))) served.layers.push_back(coarse);
    // With vector tiles the app draws the cells from them: a build may then leave out their GeoJSON.
    served.tiles = fs::exists(dir / io::build_schema::tiles_file());
    served.cells_from_tiles = served.tiles && !fs::exists(dir / "cells.geojson");
    if (served.cells_from_tiles) served.layers.erase(served.layers.begin());
  } else if (served.kind == sorting_schema().at("command")) {
    // A sorting monitor has buurten, no cells: they are first painted by the
    // change of the first vulnerable group, the view the app opens with.
    const json& schema = sorting_schema();
    for (const auto& [key, layer] : schema.at("layers").items()) served.layers.push_back(layer.get<std::string>());
    served.paint_layer = schema.at("layers").at("buurten").get<std::string>();
    const std::string groups_key = schema.at("manifest_keys").at("groups");
    const json groups = m.value(groups_key, json());
    // A group is its name, or an object naming it.
    const auto name_of = [](const json& g) -> std::string {
      if (g.is_string()) return g;
      if (g.is_object() && g.contains("name") && g["name"].is_string()) return g["name"];
      return "";
    };
    if (!groups.is_array() || groups.empty() || name_of(groups.front()).empty())
      throw InputError({manifest.string(), "", groups_key},
                       "not a list of groups: a sorting manifest names the vulnerable groups it measures");
    served.paint_field = replace_all(schema.at("buurt_fields").at("change").get<std::string>(), "{group}", name_of(groups.front()));
  } else if (served.kind == "access") {
    served.layers = {"cells", "facilities"};
    if (fs::exists(dir / "facility_areas.geojson")) served.layers.push_back("facility_areas");
    // The first category with facilities, in the run's order (the default categories start with huisarts).
    for (const auto& c : m.value("categories", json::array()))
      if (c.value("facilities", 0) > 0) {
        served.paint_field = "dist_" + c.value("category", "") + "_m";
        break;
      }
    if (served.paint_field.empty())
      throw InputError({manifest.string(), "", "categories"}, "this access run found no facility of any category: nothing to map");
  } else if (served.kind == series_schema().at("command")) {
    // A series is first painted by the score of its last year.
    const json& schema = series_schema();
    // The named areas' layer is there only when the config names some.
    const std::string named_areas = schema.at("named_areas_layer");
    for (const std::string layer : schema.at("layers"))
      if (layer != named_areas || fs::exists(dir / (layer + ".geojson"))) served.layers.push_back(layer);
    const std::string years_key = schema.at("manifest_keys").at("years");
    const json years = m.value(years_key, json());
    if (!years.is_array() || years.empty() ||
        !std::all_of(years.begin(), years.end(), [](const json& y) { return y.is_number_integer(); }))
      throw InputError({manifest.string(), "", years_key}, "not a list of years: a series manifest names the years it holds");
    served.paint_field = series::field("cell_fields", "score", std::max_element(years.begin(), years.end())->get<int>());
  } else {
    throw InputError({manifest.string(), "", "command"},
                     "not the manifest of a `leefkaart build`, `leefkaart access`, `leefkaart series` or `leefkaart sorting` run");
  }
  for (const auto& name : m.value("basemap", json::array()))
    if (fs::exists(dir / ("basemap_" + name.get<std::string>() + ".geojson"))) served.basemap.push_back(name);
  for (const auto& layer : served.layers)
    if (!fs::exists(dir / (layer + ".geojson")))
      throw InputError({out_dir, "", ""}, fmt::format("not a complete leefkaart {} output: {}.geojson is missing (run "
                                                      "`leefkaart {}` again)", served.kind, layer, served.kind));
  manifest_checksums(dir);  // a manifest without them was made by an older leefkaart
  return served;
}

void validate(const ServeOptions& opts) {
  if (opts.port < 0 || opts.port > 65535)
    throw InputError({"", "--port", ""}, fmt::format("must be from 1 to 65535, or 0 for any free port (got {})", opts.port));
  check_option_range("--cache-mb", opts.cache_mb, 1, true, 1 << 20, "MB");
  check_option_range("--connections-per-client", opts.connections_per_client, 1, true, 1000);
  check_option_range("threads", opts.threads, 1, true, 1024);
  check_option_range("request time", opts.request_seconds, 0, false, 3600, "s");
  if (opts.host.empty()) throw InputError({"", "--host", ""}, "must name an address, e.g. 127.0.0.1");
  if (!opts.web_dir.empty() && !fs::is_regular_file(fs::path(opts.web_dir) / "index.html"))
    throw InputError({"", "--web", ""}, fmt::format("not a built web app (no index.html in '{}')", opts.web_dir));
}

void serve(const ServeOptions& opts, const std::function<void(const std::string&)>& on_ready) {
  validate(opts);
  const ServedDir served = inspect_served_dir(opts.out_dir);
  const fs::path dir = fs::absolute(opts.out_dir);
  const std::string web = find_web_dir(opts.web_dir);
  if (web.empty())
    throw InputError({"web/dist", "", ""}, "the web app is not built: run scripts/setup (it builds web/ with npm)");

  ConnectionLimits limits;
  limits.per_client = opts.connections_per_client;
  limits.workers = opts.threads;
  limits.request_time = std::chrono::milliseconds(static_cast<long>(opts.request_seconds * 1000));
  GuardedServer svr(limits);
  svr.set_keep_alive_timeout(5);
  svr.set_keep_alive_max_count(100);
  // Without a register no request needs a body; with one, a story may bring a photo.
  RegisterApi register_api(opts.store, dir);
  svr.set_payload_max_length(register_api.max_body());
  // The Leefplekmeter beside it, in the same register file, admitting writes with the same session token.
  SurveyApi survey_api(opts.store, dir, register_api.session_token(), opts.indicator_map);
  const bool loopback = is_loopback_host(opts.host);
  const AccessGate gate{loopback ? "" : opts.access_token.empty() ? random_token() : opts.access_token};

  LayerStore layers(dir, static_cast<std::size_t>(opts.cache_mb * 1024 * 1024));
  // Read and compress the layers once before the first visitor asks, with the
  // cells' one-property form that the first paint fetches.
  TileStore tiles(dir, io::build_schema::tiles_file());
  try {
    // A build without a cells GeoJSON draws its cells from the tiles: nothing of them to preload.
    for (const auto& layer : served.layers)
      if (!(served.cells_from_tiles && layer == "cells")) layers.get(layer);
    if (!served.cells_from_tiles) layers.get(served.paint_layer, {served.paint_field});
    for (const auto& name : served.basemap) layers.get("basemap_" + name);
  } catch (const ResultSetError& e) {
    throw InputError({opts.out_dir, "", ""}, std::string(e.what()) + " (run the build again)");
  }
  const std::map<std::string, StaticFile> web_app = read_web_app(fs::weakly_canonical(web));

  // Before any handler: the methods and URLs no handler should see.
  svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    const bool register_write = req.method == "POST" && (req.path.rfind("/api/register/", 0) == 0 || req.path.rfind("/api/survey/", 0) == 0);
    if (req.method != "GET" && req.method != "HEAD" && !register_write) {
      GuardedServer::close_after_this_request();  // a body may follow, unread
      res.set_header("Allow", "GET, HEAD");
      json_error(res, 405, req.method + " is not allowed: this server is read-only (GET, HEAD; POST only to the register and the survey)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (auto problem = malformed_url(req)) {
      if (register_write) GuardedServer::close_after_this_request();
      json_error(res, 400, *problem);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!gate.admit(req, res)) {
      if (req.method != "GET" && req.method != "HEAD") GuardedServer::close_after_this_request();
      return httplib::Server::HandlerResponse::Handled;
    }
    // The register on loopback only by this machine's names: another site's
    // name made to point here (DNS rebinding) would otherwise be the app's own
    // origin, and could ask for the session token.
    if (loopback && (req.path.rfind("/api/register", 0) == 0 || req.path.rfind("/api/survey", 0) == 0) && !loopback_host_header(req)) {
      if (register_write) GuardedServer::close_after_this_request();
      send_error(res, 403, "Deze kaart luistert alleen naar adressen van deze computer (localhost, 127.0.0.1), niet naar " +
                               req.get_header_value("Host"), "Host");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (register_api.screen(req, res) || survey_api.screen(req, res)) return httplib::Server::HandlerResponse::Handled;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  register_api.install(svr);
  survey_api.install(svr);

  svr.Get("/api/manifest", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(read_whole_file(dir / "manifest.json").value_or(""), "application/json");
  });
  // What the app draws: the kind of output, its layers, and the one property
  // of the cells its first paint colours by.
  svr.Get("/api/view", [&](const httplib::Request&, httplib::Response& res) {
    json v{{"kind", served.kind}, {"layers", served.layers}, {"paint_layer", served.paint_layer}, {"paint_field", served.paint_field}};
    if (served.tiles) v["tiles"] = "tiles.json";
    res.set_content(v.dump(), "application/json");
  });
  // The build's vector tiles: TileJSON, then one tile per request (gzip as
  // stored; unpacked for a client that does not accept gzip; 204 where empty).
  svr.Get("/tiles.json", [&](const httplib::Request& req, httplib::Response& res) {
    if (!served.tiles) return json_error(res, 404, "this " + kind_name(served.kind) + " has no vector tiles (a build writes " + io::build_schema::tiles_file() + ")");
    try {
      const std::string host = req.get_header_value("Host");
      res.set_content(tiles.tilejson((host.empty() ? "" : "http://" + host) + "/tiles/{z}/{x}/{y}.pbf").dump(), "application/json");
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    }
  });
  svr.Get(R"(/tiles/([^/]*)/([^/]*)/([^/]*)\.pbf)", [&](const httplib::Request& req, httplib::Response& res) {
    const auto address = parse_tile_address(req.matches[1], req.matches[2], req.matches[3]);
    if (!address) return json_error(res, 400, "not a tile address: " + req.path + " (/tiles/{z}/{x}/{y}.pbf, z from 0 to 24, x and y below 2^z)");
    if (!served.tiles) return json_error(res, 404, "this " + kind_name(served.kind) + " has no vector tiles");
    try {
      const auto body = tiles.tile(*address);
      if (!body) {
        res.status = 204;
        return;
      }
      res.set_header("Vary", "Accept-Encoding");
      if (!body->gzipped) return res.set_content(body->bytes, "application/vnd.mapbox-vector-tile");
      if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
        res.set_header("Content-Encoding", "gzip");
        return res.set_content(body->bytes, "application/vnd.mapbox-vector-tile");
      }
      const auto plain = gunzip(body->bytes);
      if (!plain) return json_error(res, 503, ResultSetError(io::build_schema::tiles_file()).what());
      res.set_content(*plain, "application/vnd.mapbox-vector-tile");
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    }
  });
  svr.Get(R"(/tiles/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    json_error(res, 400, "not a tile address: " + req.path + " (/tiles/{z}/{x}/{y}.pbf)");
  });
  // ?fields=a,b: only those properties (like ogr2ogr -select).
  svr.Get(R"(/api/layers/([a-z0-9_]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (std::find(served.layers.begin(), served.layers.end(), name) == served.layers.end())
      return json_error(res, 404, fmt::format("unknown layer '{}'; layers of this {}: {}", name, kind_name(served.kind), fmt::join(served.layers, ", ")));
    try {
      std::vector<std::string> fields;
      if (req.has_param("fields")) fields = split_fields(req.get_param_value("fields"), "fields");
      send_layer(req, res, *layers.get(name, fields));
    } catch (const InputError& e) {
      json_error(res, 400, format_location(e.location(), e.problem()));
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    }
  });
  svr.Get(R"(/api/basemap/([a-z]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const fs::path file = dir / ("basemap_" + name + ".geojson");
    if (!std::set<std::string>{"roads", "water", "green", "buildings", "waterways"}.count(name))
      return json_error(res, 404, "unknown base map layer '" + name + "'; layers: roads, water, waterways, green, buildings");
    if (!fs::exists(file))
      return json_error(res, 404, "this output has no base map layer '" + name + "' (a build has one when its config gives [basemap] osm = \"extract.osm.pbf\"; an access run always has)");
    try {
      send_layer(req, res, *layers.get("basemap_" + name));
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    }
  });
  svr.Get("/api/masking", [&](const httplib::Request&, httplib::Response& res) {
    if (served.kind != "build") return json_error(res, 404, a_kind(served.kind) + " has no masking list; a build has");
    try {
      res.set_content(csv_rows(layers.read_verified("masking.csv")).dump(), "application/json");
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    }
  });
  // An output's tables (its schema's "csv") as JSON rows, each file checked
  // against the manifest like the layers. `owner` names the kind in messages,
  // `table_word` the tables; `why_absent` explains a listed table this output lacks.
  struct TableKind {
    const json& schema;
    std::string only_message, table_word, owner;
    std::function<std::string(const std::string&)> why_absent;
  };
  auto send_table = [&](httplib::Response& res, const TableKind& kind, const std::string& name) {
    if (served.kind != kind.schema.at("command")) return json_error(res, 404, kind.only_message + a_kind(served.kind));
    const json& tables = kind.schema.at("csv");
    if (!tables.contains(name)) {
      std::vector<std::string> names;
      for (const auto& [key, file] : tables.items()) names.push_back(key);
      return json_error(res, 404, fmt::format("unknown {} table '{}'; tables: {}", kind.table_word, name, fmt::join(names, ", ")));
    }
    const std::string file = tables.at(name);
    try {
      // Absent and not listed: this output has no such table (a listed file that
      // is missing is an altered set, answered below).
      if (!fs::exists(dir / file) && !manifest_checksums(dir).count(file))
        return json_error(res, 404, "this " + kind.owner + " has no " + file + kind.why_absent(name));
      res.set_content(csv_rows(layers.read_verified(file)).dump(), "application/json");
    } catch (const ResultSetError& e) {
      json_error(res, 503, e.what());
    } catch (const InputError&) {  // the manifest itself being replaced
      json_error(res, 503, ResultSetError(io::kManifestFile).what());
    }
  };
  // A series' tables (schema/series.json "csv": trends, gap, programme_…).
  const TableKind series_tables{series_schema(), "only a series has tables; this is ", "series", "series",
                                [](const std::string& name) -> std::string {
                                  return name.rfind("programme_", 0) == 0
                                             ? " (a series has one when its config has a [programme])" : "";
                                }};
  svr.Get(R"(/api/series/([a-z_]+))", [&](const httplib::Request& req, httplib::Response& res) {
    send_table(res, series_tables, req.matches[1]);
  });
  // A sorting monitor's tables (schema/sorting.json "csv": early_warning, buurten, zones).
  const TableKind sorting_tables{sorting_schema(), "only a sorting monitor has these tables; this is ", "sorting",
                                 "sorting monitor", [](const std::string&) { return std::string(); }};
  svr.Get(R"(/api/sorting/([a-z_]+))", [&](const httplib::Request& req, httplib::Response& res) {
    send_table(res, sorting_tables, req.matches[1]);
  });
  svr.Get(R"(/api/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    json_error(res, 404, "unknown API path " + req.path);
  });
  svr.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    auto it = web_app.find(req.path == "/" ? "/index.html" : req.path);
    if (it == web_app.end()) return json_error(res, 404, "not found: " + req.path);
    const StaticFile& f = it->second;
    // Vite puts a content hash in every asset name: those never change.
    if (req.path.rfind("/assets/", 0) == 0) res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos && !f.gzipped.empty()) {
      res.set_header("Content-Encoding", "gzip");
      res.set_header("Vary", "Accept-Encoding");
      res.set_content(f.gzipped, f.mime);
    } else {
      res.set_content(f.body, f.mime);
    }
  });
  // Every error answer is JSON, also those httplib makes itself (a request
  // line it cannot parse, an over-long URI).
  svr.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    // An error httplib answers itself (a request line it cannot parse, an
    // over-long URI) leaves the rest of that request unread: it must not be
    // taken for the next request.
    GuardedServer::close_after_this_request();
    const std::string what = res.status == 404 ? "not found: " + req.path
                             : res.status == 400 ? "a malformed request (methods: GET, HEAD)"
                                                 : fmt::format("HTTP error {}", res.status);
    json_error(res, res.status, what);
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr e) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", req.method, req.path, what);
    json_error(res, 500, "internal error: " + what);
  });
  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
  });

  // httplib's default also sets SO_REUSEPORT, which lets a second server share a
  // busy port silently; with SO_REUSEADDR alone a busy port is refused.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&yes), sizeof yes);
  });
  int port = opts.port;
  if (port == 0) port = svr.bind_to_any_port(opts.host);
  else if (!svr.bind_to_port(opts.host, port)) port = -1;
  if (port <= 0)
    throw InputError({"", "--port", ""}, opts.port == 0 ? fmt::format("cannot listen on {}", opts.host)
                                                        : fmt::format("port {} on {} is in use (or not allowed); try --port {}",
                                                                      opts.port, opts.host, opts.port == 65535 ? 0 : opts.port + 1));
  svr.widen_backlog();
  running = &svr;
  const std::string shown_host = opts.host == "0.0.0.0" ? "127.0.0.1" : opts.host == "::" ? "::1" : opts.host;
  const bool ipv6 = shown_host.find(':') != std::string::npos;
  on_ready(fmt::format("http://{}{}{}:{}/{}", ipv6 ? "[" : "", shown_host, ipv6 ? "]" : "", port,
                       gate.token.empty() ? "" : std::string("?") + AccessGate::kParam + "=" + gate.token));
  svr.listen_after_bind();
  running = nullptr;
}

void stop() {
  if (httplib::Server* s = running.load()) s->stop();
}

}  // namespace leefkaart::server
