#pragma once
// The layers of a build as `leefkaart serve` sends them: each read once, cut
// to the asked properties if asked (the first paint needs only the score, a
// third of the bytes), and gzipped once. A file rewritten by a new build while
// serving is read again.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace leefkaart::server {

struct LayerBody {
  std::string plain;    // GeoJSON
  std::string gzipped;  // the same, gzip-encoded
};

// gzip with zlib; empty when compression fails.
std::string gzip(const std::string& data);

class LayerStore {
 public:
  explicit LayerStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The GeoJSON file `stem`.geojson of the build, with only `fields` among the
  // properties (all when empty). An unknown field throws InputError naming it
  // and listing the layer's fields.
  std::shared_ptr<const LayerBody> get(const std::string& stem, const std::vector<std::string>& fields = {});

 private:
  struct Entry {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::shared_ptr<const LayerBody> body;
  };
  std::filesystem::path dir_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

// "a,b" -> {"a", "b"}; empty items are an error (InputError on `param`).
std::vector<std::string> split_fields(const std::string& value, const std::string& param);

}  // namespace leefkaart::server
