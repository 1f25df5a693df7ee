#include "server/layer_store.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <sstream>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;

std::string gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

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

namespace {

using Dataset = std::unique_ptr<GDALDataset, void (*)(GDALDataset*)>;

// The layer with only `fields` among its properties, written by GDAL as
// GeoJSON (what ogr2ogr -select does) into memory.
std::string select_fields(const fs::path& file, const std::vector<std::string>& fields) {
  GDALAllRegister();
  Dataset src(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr),
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
  static std::atomic<int> counter{0};
  const std::string mem = "/vsimem/leefkaart_layer_" + std::to_string(counter++) + ".geojson";
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

std::shared_ptr<const LayerBody> LayerStore::get(const std::string& stem, const std::vector<std::string>& fields) {
  const fs::path file = dir_ / (stem + ".geojson");
  std::string key = stem;
  for (const auto& f : fields) key += "|" + f;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto mtime = fs::last_write_time(file);
  const auto size = fs::file_size(file);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.mtime == mtime && it->second.size == size) return it->second.body;
  auto body = std::make_shared<LayerBody>();
  body->plain = fields.empty() ? read_whole_file(file).value_or("") : select_fields(file, fields);
  body->gzipped = gzip(body->plain);
  entries_[key] = Entry{mtime, size, body};
  return body;
}

}  // namespace leefkaart::server
