#pragma once
// The vector tiles of a served build (schema/build.json "tiles": an MBTiles
// file), read with SQLite. The file is checked once against the manifest's
// SHA-256 when it is opened, and opened again (and checked) when a new build
// has replaced it; a tile is then one indexed row, whatever the build's size.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

struct sqlite3;

namespace leefkaart::server {

// A tile's address as the web asks for it (XYZ: y counts from the north).
struct TileAddress {
  int z = 0;
  std::uint32_t x = 0, y = 0;
};

// "z", "x", "y" as in /tiles/{z}/{x}/{y}.pbf: decimal, z from 0 to 24, x and y
// below 2^z. Anything else: nullopt.
std::optional<TileAddress> parse_tile_address(const std::string& z, const std::string& x, const std::string& y);

struct TileBody {
  std::string bytes;
  bool gzipped = false;  // GDAL stores MVT tiles gzip-compressed
};

class TileStore {
 public:
  // `dir`/`file`; absent is fine (has_tiles() is false).
  TileStore(std::filesystem::path dir, std::string file);
  ~TileStore();
  TileStore(const TileStore&) = delete;
  TileStore& operator=(const TileStore&) = delete;

  bool has_tiles() const;
  // The tile's bytes, nullopt for an empty tile (no row). Throws
  // ResultSetError when the file does not match the manifest.
  std::optional<TileBody> tile(const TileAddress& a);
  // TileJSON 3.0 from the MBTiles metadata: name, bounds, center, min and max
  // zoom, vector_layers; `tiles_url` is the template for "tiles".
  nlohmann::json tilejson(const std::string& tiles_url);

 private:
  sqlite3* open_current();  // with mutex_ held
  std::filesystem::path dir_, path_;
  std::string file_;
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  std::uintmax_t size_ = 0, inode_ = 0;
  std::filesystem::file_time_type mtime_;
};

// gunzip with zlib; nullopt when the data is not valid gzip.
std::optional<std::string> gunzip(const std::string& data);

}  // namespace leefkaart::server
