#pragma once
// The layers of a build as `leefkaart serve` sends them: each read once, cut
// to the asked properties if asked (the first paint needs only the score, a
// third of the bytes), and gzipped once. A file rewritten by a new build while
// serving is read again. Every file read is checked against the SHA-256 the
// manifest lists for it, so a half-written or altered set is never served.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace leefkaart::server {

struct LayerBody {
  std::string plain;    // GeoJSON
  std::string gzipped;  // the same, gzip-encoded
};


// A file of the served folder that is missing or whose bytes differ from the
// manifest's checksum, also after reading the manifest again: the server
// answers 503 rather than serve a mix of two builds.
class ResultSetError : public std::runtime_error {
 public:
  explicit ResultSetError(const std::string& file)
      : std::runtime_error("result set is incomplete or altered: " + file), file_(file) {}
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// The manifest's "files": name -> SHA-256 (hex). A manifest without it was made
// by an older leefkaart: InputError.
std::map<std::string, std::string> manifest_checksums(const std::filesystem::path& dir);

// "b,a,b" and "a,b" ask the same: sorted, each once.
std::vector<std::string> normalised_fields(std::vector<std::string> fields);

class LayerStore {
 public:
  static constexpr std::size_t kDefaultCacheBytes = std::size_t{256} << 20;

  // Reads dir's manifest for the checksums (InputError when it has none).
  explicit LayerStore(std::filesystem::path dir, std::size_t cache_bytes = kDefaultCacheBytes);

  // The GeoJSON file `stem`.geojson of the build, with only `fields` among the
  // properties (all when empty). An unknown field throws InputError naming it
  // and listing the layer's fields; a file not matching the manifest throws
  // ResultSetError. Callers asking for the same layer and fields at once share
  // one preparation; other layers are prepared meanwhile.
  std::shared_ptr<const LayerBody> get(const std::string& stem, const std::vector<std::string>& fields = {});

  // The bytes of `name` (e.g. "masking.csv"), checked against the manifest:
  // on a mismatch the manifest is read once more (a new set may just have been
  // renamed into place) before ResultSetError.
  std::string read_verified(const std::string& name);

  // Bytes held by prepared layers; the least recently used go first when it
  // would exceed the bound given to the constructor.
  std::size_t cached_bytes() const;
  std::size_t cached_layers() const;

  // Called with the cache key just before a layer is prepared (tests watch
  // which preparations overlap).
  void set_prepare_observer(std::function<void(const std::string& key)> observer) { observer_ = std::move(observer); }

 private:
  using Future = std::shared_future<std::shared_ptr<const LayerBody>>;
  struct Slot {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::uint64_t serial = 0;  // tells a slot from a later one under the same key
    Future body;
    std::size_t bytes = 0;  // 0 while being prepared
    std::list<std::string>::iterator recent;
  };
  std::shared_ptr<const LayerBody> prepare(const std::string& stem, const std::vector<std::string>& fields);
  void drop(std::unordered_map<std::string, Slot>::iterator it);  // with mutex_ held
  void evict();                                                   // with mutex_ held

  bool registered_;  // GDAL's drivers, registered first (see the constructor)
  std::filesystem::path dir_;
  std::size_t cache_bytes_;
  std::function<void(const std::string&)> observer_;

  std::mutex manifest_mutex_;
  std::map<std::string, std::string> checksums_;

  // Preparations at once: each holds the whole layer parsed by GDAL, so more
  // than the cores would only add memory, not speed.
  std::counting_semaphore<> preparing_;

  mutable std::mutex mutex_;  // guards the slots, never held while a layer is prepared
  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> recent_;  // front: most recently used key
  std::size_t bytes_ = 0;
  std::uint64_t next_serial_ = 0;
};

// "a,b" -> {"a", "b"}; empty items are an error (InputError on `param`).
std::vector<std::string> split_fields(const std::string& value, const std::string& param);

}  // namespace leefkaart::server
