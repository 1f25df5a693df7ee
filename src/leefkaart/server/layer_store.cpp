#include "server/layer_store.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <malloc.h>

#include <algorithm>
#include <optional>
#include <atomic>
#include <sstream>
#include <thread>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "io/checksum.hpp"
#include "io/gzip.hpp"
#include "io/result_set.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;
using json = nlohmann::json;

std::vector<std::string> split_fields(const std::string& value, const std::string& param) {
  std::vector<std::string> fields;
  std::stringstream in(value);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty()) throw InputError({"", "", param}, "an empty field name in '" + value + "'");
    fields.push_back(item);
  }
  if (fields.empty()) throw InputError({"", "", param}, "no field names given");
  return fields;
}

std::vector<std::string> normalised_fields(std::vector<std::string> fields) {
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  return fields;
}

std::map<std::string, std::string> manifest_checksums(const fs::path& dir) {
  const fs::path manifest = dir / io::kManifestFile;
  json m;
  try {
    m = json::parse(read_whole_file(manifest).value_or(""));
  } catch (const std::exception& e) {
    throw InputError({manifest.string(), "", ""}, std::string("not valid JSON: ") + e.what());
  }
  const char* files = io::kManifestFilesKey;
  if (!m.is_object() || !m.contains(files))
    throw InputError({manifest.string(), "", files},
                     "no checksums of the output files: made by an older leefkaart: run the build again");
  if (!m[files].is_object()) throw InputError({manifest.string(), "", files}, "not an object of file checksums");
  std::map<std::string, std::string> out;
  for (const auto& [name, entry] : m[files].items())
    if (entry.is_object() && entry.contains("sha256") && entry["sha256"].is_string()) out[name] = entry["sha256"];
  return out;
}

namespace {

using Dataset = std::unique_ptr<GDALDataset, void (*)(GDALDataset*)>;

// The layer (GeoJSON text `geojson`, read from `file`) with only `fields` among
// its properties, written by GDAL as GeoJSON (what ogr2ogr -select does) into memory.
std::string select_fields(const fs::path& file, const std::string& geojson, const std::vector<std::string>& fields) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  const std::string src_mem = "/vsimem/leefkaart_src_" + std::to_string(n) + ".geojson";
  VSIFCloseL(VSIFileFromMemBuffer(src_mem.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(geojson.data())),
                                  geojson.size(), FALSE));
  struct Unlink {
    std::string path;
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink_src{src_mem};
  Dataset src(GDALDataset::Open(src_mem.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr),
              [](GDALDataset* d) { GDALClose(d); });
  if (!src || src->GetLayerCount() != 1) throw InputError({file.string(), "", ""}, "cannot read the layer back");
  OGRFeatureDefn* defn = src->GetLayer(0)->GetLayerDefn();
  std::vector<std::string> known;
  for (int i = 0; i < defn->GetFieldCount(); ++i) known.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  std::string select;
  for (const auto& f : fields) {
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw InputError({file.filename().string(), "", f}, fmt::format("no such field{}; fields: {}", did_you_mean(f, known), fmt::join(known, ", ")));
    select += (select.empty() ? "" : ",") + f;
  }
  const std::string mem = "/vsimem/leefkaart_layer_" + std::to_string(n) + ".geojson";
  const char* argv[] = {"-f", "GeoJSON", "-select", select.c_str(), "-lco", "RFC7946=YES", nullptr};
  GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
  GDALDatasetH src_h = GDALDataset::ToHandle(src.get());
  int usage_error = 0;
  GDALDatasetH out = GDALVectorTranslate(mem.c_str(), nullptr, 1, &src_h, options, &usage_error);
  GDALVectorTranslateOptionsFree(options);
  if (!out) throw InputError({file.string(), "", ""}, "cannot select fields: " + std::string(CPLGetLastErrorMsg()));
  GDALClose(out);
  vsi_l_offset length = 0;
  GByte* bytes = VSIGetMemFileBuffer(mem.c_str(), &length, TRUE);  // TRUE: take the buffer, remove the file
  std::string text(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
  CPLFree(bytes);
  return text;
}

}  // namespace

// GDAL's driver registration is not safe from two threads at once (two first
// preparations crashed in it); the store registers before any request thread.
LayerStore::LayerStore(fs::path dir, std::size_t cache_bytes)
    : registered_((GDALAllRegister(), true)),
      dir_(std::move(dir)),
      cache_bytes_(cache_bytes),
      checksums_(manifest_checksums(dir_)),
      preparing_(static_cast<std::ptrdiff_t>(std::max(2u, std::thread::hardware_concurrency()))) {}

std::string LayerStore::read_verified(const std::string& name) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<std::string> bytes = read_whole_file(dir_ / name);
    std::string expected;
    {
      std::lock_guard<std::mutex> lock(manifest_mutex_);
      if (attempt == 1) {
        try {
          checksums_ = manifest_checksums(dir_);
        } catch (const InputError&) {
          checksums_.clear();  // a manifest being replaced: nothing matches
        }
      }
      auto it = checksums_.find(name);
      if (it != checksums_.end()) expected = it->second;
    }
    if (bytes && !expected.empty() && io::sha256_text(*bytes) == expected) return std::move(*bytes);
  }
  throw ResultSetError(name);
}

std::shared_ptr<const LayerBody> LayerStore::prepare(const std::string& stem, const std::vector<std::string>& fields) {
  const std::string name = stem + ".geojson";
  auto body = std::make_shared<LayerBody>();
  body->plain = read_verified(name);
  if (!fields.empty()) body->plain = select_fields(dir_ / name, body->plain, fields);
  body->gzipped = io::gzip(body->plain);
  return body;
}

void LayerStore::drop(std::unordered_map<std::string, Slot>::iterator it) {
  bytes_ -= it->second.bytes;
  recent_.erase(it->second.recent);
  slots_.erase(it);
}

void LayerStore::evict() {
  auto key = recent_.end();
  while (bytes_ > cache_bytes_ && key != recent_.begin()) {
    auto it = slots_.find(*--key);
    if (it->second.bytes == 0) continue;  // still being prepared: its askers wait on it
    key = std::next(key);                 // drop() erases the node `key` was on
    drop(it);
  }
}

std::shared_ptr<const LayerBody> LayerStore::get(const std::string& stem, const std::vector<std::string>& asked) {
  const std::vector<std::string> fields = normalised_fields(asked);
  const fs::path file = dir_ / (stem + ".geojson");
  std::string key = stem;
  for (const auto& f : fields) key += "|" + f;
  std::error_code ec;
  const auto mtime = fs::last_write_time(file, ec);
  const auto size = ec ? 0 : fs::file_size(file, ec);
  if (ec) throw ResultSetError(file.filename().string());

  std::promise<std::shared_ptr<const LayerBody>> promise;
  std::uint64_t serial = 0;
  std::optional<Future> ready;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second.mtime == mtime && it->second.size == size) {
      recent_.splice(recent_.begin(), recent_, it->second.recent);
      ready = it->second.body;
    } else {
      if (it != slots_.end()) drop(it);
      serial = ++next_serial_;
      recent_.push_front(key);
      slots_.emplace(key, Slot{mtime, size, serial, promise.get_future().share(), 0, recent_.begin()});
    }
  }
  if (ready) return ready->get();  // waits, outside the lock, while another caller prepares it
  auto ours = [&](std::unordered_map<std::string, Slot>::iterator it) {
    return it != slots_.end() && it->second.serial == serial;
  };
  std::shared_ptr<const LayerBody> body;
  try {
    preparing_.acquire();
    struct Release {
      std::counting_semaphore<>& s;
      ~Release() { s.release(); }
    } release{preparing_};
    if (observer_) observer_(key);
    body = prepare(stem, fields);
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = slots_.find(key); ours(it)) drop(it);  // an error is not kept: the next asker tries again
    }
    promise.set_exception(std::current_exception());
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = slots_.find(key); ours(it)) {
      it->second.bytes = std::max<std::size_t>(1, body->plain.size() + body->gzipped.size());
      bytes_ += it->second.bytes;
      evict();
    }
  }
  promise.set_value(body);
  // GDAL's parse of the layer is freed by now, and evicted layers too; glibc
  // keeps freed memory in its per-thread arenas unless asked to give it back.
  malloc_trim(0);
  return body;
}

std::size_t LayerStore::cached_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::size_t LayerStore::cached_layers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slots_.size();
}

}  // namespace leefkaart::server
