#include "io/vector_tiles.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numbers>
#include <stdexcept>
#include <thread>

#include "geom/geos.hpp"
#include "io/crs.hpp"
#include "io/gzip.hpp"
#include "io/mvt_tile.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;

namespace {

// Web Mercator (EPSG:3857) as a square of 2^27 whole units, x east and y south
// from the top-left corner: 0.3 m at the equator, so the tile pixels of every
// zoom up to 15 are whole multiples of a unit.
constexpr int kWorldBits = 27;
constexpr int kExtentBits = 12;  // mvt::kExtent == 1 << 12
constexpr int kMaxZoom = kWorldBits - kExtentBits;
constexpr double kHalfWorld = 20037508.342789244;  // metres from the centre to an edge of EPSG:3857

using Box = std::array<std::int32_t, 4>;  // minx, miny, maxx, maxy in world units (2^27 fits)

// A layer's geometries in world units, read once and cut into every zoom's tiles.
struct WorldLayer {
  const LayerData* data = nullptr;
  build_schema::ZoomRange zooms;
  geom::Shape shape = geom::Shape::Polygonal;
  std::vector<std::int32_t> xs, ys;
  std::vector<geom::RingSpan> rings;
  std::vector<std::size_t> first_ring;  // per feature, and one past the last
  std::vector<Box> boxes;
};

WorldLayer world_layer(const LayerData& layer, build_schema::ZoomRange zooms) {
  WorldLayer w;
  w.data = &layer;
  w.zooms = zooms;
  if (zooms.min < 0 || zooms.max > kMaxZoom || zooms.min > zooms.max)
    throw std::runtime_error(fmt::format("layer {}: tiles from zoom {} to {}; only 0 to {} can be written", layer.name,
                                         zooms.min, zooms.max, kMaxZoom));
  auto working = working_srs(layer.epsg);
  auto mercator = srs_from_epsg(3857);
  Transform to_mercator = make_transform(*working, *mercator);
  const double unit = 2 * kHalfWorld / static_cast<double>(std::int64_t{1} << kWorldBits);
  std::vector<geom::Point> points;
  std::vector<geom::RingSpan> rings;
  std::vector<double> xs, ys;
  w.first_ring.push_back(0);
  // In chunks, so that the coordinates in metres never exist for the whole layer at once.
  constexpr std::size_t kChunk = 1 << 16;
  for (std::size_t begin = 0; begin < layer.geometries.size(); begin += kChunk) {
    const std::size_t end = std::min(layer.geometries.size(), begin + kChunk);
    points.clear();
    rings.clear();
    std::vector<std::size_t> rings_of(end - begin + 1, 0);
    for (std::size_t f = begin; f < end; ++f) {
      geom::Shape shape;
      try {
        shape = geom::append_rings(layer.geometries[f].get(), points, rings);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error(fmt::format("layer {}, feature {}: {}; vector tiles carry points and areas", layer.name, f + 1, e.what()));
      }
      if (f > 0 && shape != w.shape)
        throw std::runtime_error(fmt::format("layer {}, feature {}: points and areas in one layer", layer.name, f + 1));
      w.shape = shape;
      rings_of[f - begin + 1] = rings.size();
    }
    xs.resize(points.size());
    ys.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) xs[i] = points[i].x, ys[i] = points[i].y;
    if (to_mercator && !xs.empty() && !to_mercator->Transform(xs.size(), xs.data(), ys.data()))
      throw std::runtime_error("cannot reproject the geometries of layer " + layer.name + " to Web Mercator (EPSG:3857)");
    const std::size_t offset = w.xs.size();
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
        throw std::runtime_error(fmt::format("layer {}: a coordinate has no place in Web Mercator", layer.name));
      w.xs.push_back(static_cast<std::int32_t>(std::lround((std::clamp(xs[i], -kHalfWorld, kHalfWorld) + kHalfWorld) / unit)));
      w.ys.push_back(static_cast<std::int32_t>(std::lround((kHalfWorld - std::clamp(ys[i], -kHalfWorld, kHalfWorld)) / unit)));
    }
    for (std::size_t f = begin; f < end; ++f) {
      Box box{std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::max(),
              std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::min()};
      for (std::size_t r = rings_of[f - begin]; r < rings_of[f - begin + 1]; ++r) {
        geom::RingSpan span = rings[r];
        span.begin += offset;
        span.end += offset;
        for (std::size_t i = span.begin; i < span.end; ++i) {
          box = {std::min(box[0], w.xs[i]), std::min(box[1], w.ys[i]), std::max(box[2], w.xs[i]), std::max(box[3], w.ys[i])};
        }
        w.rings.push_back(span);
      }
      w.first_ring.push_back(w.rings.size());
      w.boxes.push_back(box);
    }
  }
  return w;
}

// One feature in one tile.
struct Placement {
  std::uint64_t tile;  // x << 32 | y
  std::uint32_t layer;
  std::uint32_t feature;
  bool operator<(const Placement& o) const {
    return std::tie(tile, layer, feature) < std::tie(o.tile, o.layer, o.feature);
  }
};

std::vector<Placement> placements(const std::vector<WorldLayer>& layers, int z) {
  std::vector<Placement> out;
  const std::int64_t tile_units = std::int64_t{1} << (kWorldBits - z);
  const std::int64_t buffer = std::int64_t{mvt::kBuffer} << (kWorldBits - kExtentBits - z);
  const std::int64_t last = (std::int64_t{1} << z) - 1;
  for (std::uint32_t l = 0; l < layers.size(); ++l) {
    const WorldLayer& w = layers[l];
    if (z < w.zooms.min || z > w.zooms.max) continue;
    for (std::uint32_t f = 0; f < w.boxes.size(); ++f) {
      const Box& b = w.boxes[f];
      if (b[0] > b[2]) continue;  // no geometry
      const std::int64_t x0 = std::max<std::int64_t>(0, (b[0] - buffer) / tile_units);
      const std::int64_t x1 = std::min(last, (b[2] + buffer) / tile_units);
      const std::int64_t y0 = std::max<std::int64_t>(0, (b[1] - buffer) / tile_units);
      const std::int64_t y1 = std::min(last, (b[3] + buffer) / tile_units);
      for (std::int64_t x = x0; x <= x1; ++x)
        for (std::int64_t y = y0; y <= y1; ++y)
          out.push_back({static_cast<std::uint64_t>(x) << 32 | static_cast<std::uint64_t>(y), l, f});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The tile of placements [begin, end) (all of one tile), gzip-compressed.
std::string encode_tile(const std::vector<WorldLayer>& layers, const std::vector<Placement>& placed, std::size_t begin,
                        std::size_t end, int z) {
  const std::uint64_t key = placed[begin].tile;
  const double tile_units = static_cast<double>(std::int64_t{1} << (kWorldBits - z));
  const double pixel_units = tile_units / mvt::kExtent;
  const double left = static_cast<double>(key >> 32) * tile_units, top = static_cast<double>(key & 0xffffffffu) * tile_units;
  std::string tile;
  std::vector<mvt::Ring> rings;
  std::vector<mvt::Pixel> points;
  for (std::size_t i = begin; i < end;) {
    const WorldLayer& w = layers[placed[i].layer];
    mvt::LayerEncoder encoder(w.data->name, w.data->fields);
    for (; i < end && &layers[placed[i].layer] == &w; ++i) {
      const std::uint32_t f = placed[i].feature;
      auto pixel = [&](std::size_t p) {
        return mvt::Pixel{(static_cast<double>(w.xs[p]) - left) / pixel_units, (static_cast<double>(w.ys[p]) - top) / pixel_units};
      };
      std::vector<std::uint32_t> commands;
      if (w.shape == geom::Shape::Polygonal) {
        rings.resize(w.first_ring[f + 1] - w.first_ring[f]);
        for (std::size_t r = w.first_ring[f]; r < w.first_ring[f + 1]; ++r) {
          mvt::Ring& ring = rings[r - w.first_ring[f]];
          ring.exterior = w.rings[r].exterior;
          ring.points.clear();
          for (std::size_t p = w.rings[r].begin; p < w.rings[r].end; ++p) ring.points.push_back(pixel(p));
        }
        commands = mvt::polygon_commands(rings);
      } else {
        points.clear();
        for (std::size_t r = w.first_ring[f]; r < w.first_ring[f + 1]; ++r)
          for (std::size_t p = w.rings[r].begin; p < w.rings[r].end; ++p) points.push_back(pixel(p));
        commands = mvt::point_commands(points);
      }
      if (commands.empty()) continue;
      encoder.add(std::uint64_t{f} + 1, w.shape == geom::Shape::Polygonal ? mvt::GeomType::Polygon : mvt::GeomType::Point,
                  commands, w.data->rows[f]);
    }
    if (!encoder.empty()) encoder.append_to(tile);
  }
  if (tile.empty()) return {};
  std::string zipped = gzip(tile);
  if (zipped.empty()) throw std::runtime_error("zlib could not compress a tile");
  return zipped;
}

struct EncodedTile {
  std::uint32_t x = 0, y = 0;
  std::string bytes;  // empty: nothing of any layer in it
};

// Every tile of zoom z, encoded on all cores.
std::vector<EncodedTile> encode_zoom(const std::vector<WorldLayer>& layers, int z) {
  const std::vector<Placement> placed = placements(layers, z);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < placed.size(); ++i)
    if (i == 0 || placed[i].tile != placed[i - 1].tile) starts.push_back(i);
  starts.push_back(placed.size());
  std::vector<EncodedTile> tiles(starts.size() - 1);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (std::size_t t = next++; t < tiles.size(); t = next++) {
        const std::uint64_t key = placed[starts[t]].tile;
        tiles[t] = {static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key & 0xffffffffu),
                    encode_tile(layers, placed, starts[t], starts[t + 1], z)};
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = tiles.size();
    }
  };
  std::vector<std::thread> threads;
  const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned k = 1; k < n; ++k) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  return tiles;
}

// The TileJSON-style description of the layers that map clients read from the
// metadata (as GDAL's MVT driver writes it): vector_layers with each field's
// type, and tilestats with each number's range.
nlohmann::json layers_json(const std::vector<WorldLayer>& layers) {
  nlohmann::json vector_layers = nlohmann::json::array(), stats = nlohmann::json::array();
  for (const WorldLayer& w : layers) {
    const LayerData& l = *w.data;
    nlohmann::json fields = nlohmann::json::object(), attributes = nlohmann::json::array();
    for (std::size_t k = 0; k < l.fields.size(); ++k) {
      const bool number = l.fields[k].type != FieldType::String;
      fields[l.fields[k].name] = number ? "Number" : "String";
      nlohmann::json a{{"attribute", l.fields[k].name}, {"type", number ? "number" : "string"}};
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (const auto& row : l.rows) {
        if (k >= row.size()) continue;
        double v = NAN;
        if (const auto* d = std::get_if<double>(&row[k])) v = *d;
        if (const auto* i = std::get_if<long long>(&row[k])) v = static_cast<double>(*i);
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
      if (number && lo <= hi) a["min"] = lo, a["max"] = hi;
      attributes.push_back(a);
    }
    vector_layers.push_back({{"id", l.name}, {"description", l.description}, {"minzoom", w.zooms.min},
                             {"maxzoom", w.zooms.max}, {"fields", fields}});
    stats.push_back({{"layer", l.name}, {"count", l.rows.size()},
                     {"geometry", w.shape == geom::Shape::Polygonal ? "Polygon" : "Point"},
                     {"attributeCount", attributes.size()}, {"attributes", attributes}});
  }
  return {{"vector_layers", vector_layers}, {"tilestats", {{"layerCount", stats.size()}, {"layers", stats}}}};
}

class MbTiles {
 public:
  explicit MbTiles(const fs::path& path) : path_(path) {
    fs::remove(path);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) fail("cannot create");
    exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;"
         "CREATE TABLE metadata (name TEXT, value TEXT);"
         "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);");
    if (sqlite3_prepare_v2(db_, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &insert_, nullptr) != SQLITE_OK) fail("cannot write");
  }
  ~MbTiles() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }
  MbTiles(const MbTiles&) = delete;
  MbTiles& operator=(const MbTiles&) = delete;

  void metadata(const std::string& name, const std::string& value) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO metadata VALUES (?, ?)", -1, &st, nullptr) != SQLITE_OK) fail("cannot write");
    sqlite3_bind_text(st, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) fail("cannot write the metadata of");
  }
  // MBTiles rows count from the bottom (TMS); x and y here from the top.
  void tile(int z, std::uint32_t x, std::uint32_t y, const std::string& bytes) {
    sqlite3_bind_int(insert_, 1, z);
    sqlite3_bind_int64(insert_, 2, x);
    sqlite3_bind_int64(insert_, 3, (std::int64_t{1} << z) - 1 - y);
    sqlite3_bind_blob(insert_, 4, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(insert_);
    sqlite3_reset(insert_);
    if (rc != SQLITE_DONE) fail("cannot write a tile to");
  }
  void finish() {
    exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
         "CREATE UNIQUE INDEX name ON metadata (name); COMMIT;");
  }

 private:
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write");
  }
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(fmt::format("{} {}: {}", what, path_.string(), db_ ? sqlite3_errmsg(db_) : "no database"));
  }
  fs::path path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
};

double longitude(std::int64_t x) {
  return (static_cast<double>(x) / static_cast<double>(std::int64_t{1} << kWorldBits) * 2 - 1) * 180;
}
double latitude(std::int64_t y) {
  const double n = std::numbers::pi * (1 - 2 * static_cast<double>(y) / static_cast<double>(std::int64_t{1} << kWorldBits));
  return std::atan(std::sinh(n)) * 180 / std::numbers::pi;
}

}  // namespace

void write_mbtiles(const fs::path& path, const std::vector<const LayerData*>& layers,
                   const std::function<build_schema::ZoomRange(const std::string&)>& zooms, const TileSetInfo& info) {
  if (layers.empty()) throw std::runtime_error("no layers to write as vector tiles to " + path.string());
  std::vector<WorldLayer> world;
  for (const LayerData* l : layers) world.push_back(world_layer(*l, zooms(l->name)));
  int min_zoom = kMaxZoom, max_zoom = 0;
  Box all{std::numeric_limits<std::int32_t>::max(), std::numeric_limits<std::int32_t>::max(), 0, 0};
  for (const WorldLayer& w : world) {
    min_zoom = std::min(min_zoom, w.zooms.min);
    max_zoom = std::max(max_zoom, w.zooms.max);
    for (const Box& b : w.boxes)
      if (b[0] <= b[2]) all = {std::min(all[0], b[0]), std::min(all[1], b[1]), std::max(all[2], b[2]), std::max(all[3], b[3])};
  }
  MbTiles out(path);
  try {
    out.metadata("name", info.name);
    out.metadata("description", info.description);
    out.metadata("type", "overlay");
    out.metadata("version", "2");
    out.metadata("format", "pbf");
    out.metadata("minzoom", std::to_string(min_zoom));
    out.metadata("maxzoom", std::to_string(max_zoom));
    if (all[0] <= all[2]) {
      out.metadata("bounds", fmt::format("{:.6f},{:.6f},{:.6f},{:.6f}", longitude(all[0]), latitude(all[3]), longitude(all[2]),
                                         latitude(all[1])));
      out.metadata("center", fmt::format("{:.6f},{:.6f},{}", longitude((std::int64_t{all[0]} + all[2]) / 2),
                                         latitude((std::int64_t{all[1]} + all[3]) / 2),
                                         min_zoom));
    }
    out.metadata("json", layers_json(world).dump());
    for (int z = min_zoom; z <= max_zoom; ++z)
      for (const EncodedTile& t : encode_zoom(world, z))
        if (!t.bytes.empty()) out.tile(z, t.x, t.y, t.bytes);
    out.finish();
  } catch (...) {
    std::error_code ignored;
    fs::remove(path, ignored);
    throw;
  }
}

}  // namespace leefkaart::io
