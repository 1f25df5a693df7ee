#include "server/tile_store.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <zlib.h>

#include <charconv>
#include <map>
#include <fmt/format.h>

#include "core/files.hpp"
#include "io/checksum.hpp"
#include "server/layer_store.hpp"

namespace leefkaart::server {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr int kMaxZoom = 24;

std::optional<std::uint32_t> decimal(const std::string& s) {
  if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) stmt = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt); }
};

}  // namespace

std::optional<TileAddress> parse_tile_address(const std::string& z, const std::string& x, const std::string& y) {
  const auto zz = decimal(z), xx = decimal(x), yy = decimal(y);
  if (!zz || !xx || !yy || *zz > kMaxZoom) return std::nullopt;
  const std::uint64_t n = std::uint64_t{1} << *zz;
  if (*xx >= n || *yy >= n) return std::nullopt;
  return TileAddress{static_cast<int>(*zz), *xx, *yy};
}

std::optional<std::string> gunzip(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

TileStore::TileStore(fs::path dir, std::string file) : dir_(std::move(dir)), path_(dir_ / file), file_(std::move(file)) {}

TileStore::~TileStore() {
  if (db_) sqlite3_close(db_);
}

bool TileStore::has_tiles() const { return fs::is_regular_file(path_); }

sqlite3* TileStore::open_current() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    if (db_) sqlite3_close(db_), db_ = nullptr;
    throw ResultSetError(file_);
  }
  const auto mtime = fs::last_write_time(path_);
  if (db_ && static_cast<std::uintmax_t>(st.st_ino) == inode_ && static_cast<std::uintmax_t>(st.st_size) == size_ && mtime == mtime_)
    return db_;
  if (db_) sqlite3_close(db_), db_ = nullptr;
  // Checked once per file: a national set's tiles are too many bytes to hash per request.
  const auto sums = manifest_checksums(dir_);
  const auto listed = sums.find(file_);
  if (listed == sums.end() || io::sha256_file(path_.string()) != listed->second) throw ResultSetError(file_);
  // Read-only and immutable: no journal, no lock files written into the result set.
  const std::string uri = "file:" + path_.string() + "?immutable=1";
  if (sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    if (db_) sqlite3_close(db_), db_ = nullptr;
    throw ResultSetError(file_);
  }
  inode_ = st.st_ino;
  size_ = st.st_size;
  mtime_ = mtime;
  return db_;
}

std::optional<TileBody> TileStore::tile(const TileAddress& a) {
  std::lock_guard lock(mutex_);
  sqlite3* db = open_current();
  Statement q(db, "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
  if (!q.stmt) throw ResultSetError(file_);
  // MBTiles rows count from the south (TMS); the web's from the north.
  const std::int64_t tms_y = (std::int64_t{1} << a.z) - 1 - a.y;
  sqlite3_bind_int(q.stmt, 1, a.z);
  sqlite3_bind_int64(q.stmt, 2, a.x);
  sqlite3_bind_int64(q.stmt, 3, tms_y);
  const int rc = sqlite3_step(q.stmt);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) throw ResultSetError(file_);
  const auto* data = static_cast<const char*>(sqlite3_column_blob(q.stmt, 0));
  TileBody body;
  body.bytes.assign(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(q.stmt, 0)));
  body.gzipped = body.bytes.size() >= 2 && static_cast<unsigned char>(body.bytes[0]) == 0x1f &&
                 static_cast<unsigned char>(body.bytes[1]) == 0x8b;
  return body;
}

json TileStore::tilejson(const std::string& tiles_url) {
  std::lock_guard lock(mutex_);
  sqlite3* db = open_current();
  Statement q(db, "SELECT name, value FROM metadata");
  if (!q.stmt) throw ResultSetError(file_);
  std::map<std::string, std::string> meta;
  while (sqlite3_step(q.stmt) == SQLITE_ROW) {
    const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(q.stmt, 0));
    const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(q.stmt, 1));
    if (k && v) meta[k] = v;
  }
  auto numbers = [](const std::string& s) {
    json out = json::array();
    std::size_t i = 0;
    while (i < s.size()) {
      const std::size_t j = s.find(',', i);
      out.push_back(std::stod(s.substr(i, j == std::string::npos ? std::string::npos : j - i)));
      if (j == std::string::npos) break;
      i = j + 1;
    }
    return out;
  };
  json tj{{"tilejson", "3.0.0"}, {"scheme", "xyz"}, {"tiles", json::array({tiles_url})}, {"format", "pbf"}};
  try {
    if (meta.count("name")) tj["name"] = meta["name"];
    if (meta.count("description")) tj["description"] = meta["description"];
    if (meta.count("minzoom")) tj["minzoom"] = std::stoi(meta["minzoom"]);
    if (meta.count("maxzoom")) tj["maxzoom"] = std::stoi(meta["maxzoom"]);
    if (meta.count("bounds")) tj["bounds"] = numbers(meta["bounds"]);
    if (meta.count("center")) tj["center"] = numbers(meta["center"]);
    // The tile writer (io/vector_tiles) stores vector_layers and tilestats (each attribute's range) as one JSON text, as GDAL does.
    if (meta.count("json")) {
      const json extra = json::parse(meta["json"]);
      if (extra.contains("vector_layers")) tj["vector_layers"] = extra["vector_layers"];
      if (extra.contains("tilestats")) tj["tilestats"] = extra["tilestats"];
    }
  } catch (const std::exception&) {
    throw ResultSetError(file_);
  }
  return tj;
}

}  // namespace leefkaart::server
