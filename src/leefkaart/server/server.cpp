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
#include <set>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "server/layer_store.hpp"

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

// masking.csv as JSON rows, read back with GDAL (which wrote it).
json masking_rows(const fs::path& csv) {
  json rows = json::array();
  GDALAllRegister();
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(
      GDALDataset::Open(csv.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr),
      [](GDALDataset* d) { GDALClose(d); });
  if (!ds || ds->GetLayerCount() == 0) return rows;
  for (auto& f : *ds->GetLayer(0)) {
    json row;
    for (int i = 0; i < f->GetFieldCount(); ++i)
      row[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? json(f->GetFieldAsString(i)) : json(nullptr);
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

class StaticCache {
 public:
  const StaticFile& get(const fs::path& file) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(file.string());
    if (it != files_.end()) return it->second;
    StaticFile f;
    f.body = read_whole_file(file).value_or("");
    f.mime = mime_of(file);
    if (f.mime.rfind("image/png", 0) != 0 && f.mime != "font/woff2") f.gzipped = gzip(f.body);
    return files_.emplace(file.string(), std::move(f)).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, StaticFile> files_;
};

}  // namespace

ServedDir inspect_served_dir(const std::string& out_dir) {
  const fs::path dir(out_dir);
  if (!fs::is_directory(dir)) throw InputError({out_dir, "", ""}, "not a directory");
  const fs::path manifest = dir / "manifest.json";
  if (!fs::exists(manifest))
    throw InputError({out_dir, "", ""},
                     "not a leefkaart build: manifest.json is missing (run `leefkaart build` or `leefkaart access` first)");
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
  } else {
    throw InputError({manifest.string(), "", "command"}, "not the manifest of a `leefkaart build` or `leefkaart access` run");
  }
  for (const auto& name : m.value("basemap", json::array()))
    if (fs::exists(dir / ("basemap_" + name.get<std::string>() + ".geojson"))) served.basemap.push_back(name);
  for (const auto& layer : served.layers)
    if (!fs::exists(dir / (layer + ".geojson")))
      throw InputError({out_dir, "", ""}, fmt::format("not a complete leefkaart {} output: {}.geojson is missing (run "
                                                      "`leefkaart {}` again)", served.kind, layer, served.kind));
  return served;
}

void serve(const ServeOptions& opts, const std::function<void(const std::string&)>& on_ready) {
  const ServedDir served = inspect_served_dir(opts.out_dir);
  const fs::path dir = fs::absolute(opts.out_dir);
  const std::string web = find_web_dir(opts.web_dir);
  if (web.empty())
    throw InputError({"web/dist", "", ""}, "the web app is not built: run scripts/setup (it builds web/ with npm)");

  httplib::Server svr;
  const fs::path web_root = fs::weakly_canonical(web);

  svr.Get("/api/manifest", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(read_whole_file(dir / "manifest.json").value_or(""), "application/json");
  });
  // What the app draws: the kind of output, its layers, and the one property
  // of the cells its first paint colours by.
  svr.Get("/api/view", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(json{{"kind", served.kind}, {"layers", served.layers}, {"paint_field", served.paint_field}}.dump(),
                    "application/json");
  });
  LayerStore layers(dir);
  // Read and compress the layers once before the first visitor asks, with the
  // cells' one-property form that the first paint fetches.
  for (const auto& layer : served.layers) layers.get(layer);
  layers.get("cells", {served.paint_field});
  for (const auto& name : served.basemap) layers.get("basemap_" + name);
  // ?fields=a,b: only those properties (like ogr2ogr -select).
  svr.Get(R"(/api/layers/([a-z_]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    if (std::find(served.layers.begin(), served.layers.end(), name) == served.layers.end())
      return json_error(res, 404, fmt::format("unknown layer '{}'; layers of this {}: {}", name, served.kind == "build" ? "build" : "access run", fmt::join(served.layers, ", ")));
    try {
      std::vector<std::string> fields;
      if (req.has_param("fields")) fields = split_fields(req.get_param_value("fields"), "fields");
      send_layer(req, res, *layers.get(name, fields));
    } catch (const InputError& e) {
      json_error(res, 400, format_location(e.location(), e.problem()));
    }
  });
  svr.Get(R"(/api/basemap/([a-z]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const fs::path file = dir / ("basemap_" + name + ".geojson");
    if (!std::set<std::string>{"roads", "water", "green", "buildings", "waterways"}.count(name))
      return json_error(res, 404, "unknown base map layer '" + name + "'; layers: roads, water, waterways, green, buildings");
    if (!fs::exists(file))
      return json_error(res, 404, "this output has no base map layer '" + name + "' (a build has one when its config gives [basemap] osm = \"extract.osm.pbf\"; an access run always has)");
    send_layer(req, res, *layers.get("basemap_" + name));
  });
  svr.Get("/api/masking", [&](const httplib::Request&, httplib::Response& res) {
    if (served.kind != "build") return json_error(res, 404, "an access run has no masking list; a build has");
    res.set_content(masking_rows(dir / "masking.csv").dump(), "application/json");
  });
  svr.Get(R"(/api/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    json_error(res, 404, "unknown API path " + req.path);
  });
  // The web app's files, each gzipped once and kept: httplib would compress them
  // anew on every request (with brotli at its slowest setting).
  StaticCache cache;
  // Compress the app once at start, so the first visitor does not wait for it.
  for (const auto& entry : fs::recursive_directory_iterator(web_root))
    if (entry.is_regular_file()) cache.get(fs::weakly_canonical(entry.path()));
  svr.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.path == "/" ? "index.html" : req.path.substr(1);
    const fs::path file = fs::weakly_canonical(web_root / rel);
    const auto [root_end, _] = std::mismatch(web_root.begin(), web_root.end(), file.begin(), file.end());
    if (root_end != web_root.end() || !fs::is_regular_file(file)) return json_error(res, 404, "not found: " + req.path);
    const StaticFile& f = cache.get(file);
    // Vite puts a content hash in every asset name: those never change.
    if (rel.rfind("assets/", 0) == 0) res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    if (req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos && !f.gzipped.empty()) {
      res.set_header("Content-Encoding", "gzip");
      res.set_header("Vary", "Accept-Encoding");
      res.set_content(f.gzipped, f.mime);
    } else {
      res.set_content(f.body, f.mime);
    }
  });
  // Read-only: anything but GET and HEAD is refused.
  auto refuse = [](const httplib::Request&, httplib::Response& res) { json_error(res, 405, "read-only server: only GET"); };
  svr.Post(R"(.*)", refuse);
  svr.Put(R"(.*)", refuse);
  svr.Delete(R"(.*)", refuse);
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty()) json_error(res, 404, "not found: " + req.path);
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
  if (!svr.bind_to_port(opts.host, opts.port))
    throw InputError({"", "", "--port"}, fmt::format("port {} on {} is in use (or not allowed); try --port {}", opts.port,
                                                     opts.host, opts.port + 1));
  running = &svr;
  on_ready(fmt::format("http://{}:{}/", opts.host == "0.0.0.0" ? "127.0.0.1" : opts.host, opts.port));
  svr.listen_after_bind();
  running = nullptr;
}

void stop() {
  if (httplib::Server* s = running.load()) s->stop();
}

}  // namespace leefkaart::server
