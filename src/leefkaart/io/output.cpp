#include "io/output.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <utility>
#include <stdexcept>

#include "io/crs.hpp"
#include "io/ogr_fill.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset create(const char* driver_name, const fs::path& path, char** options = nullptr) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  if (!driver) throw std::runtime_error(std::string("GDAL has no ") + driver_name + " driver");
  Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, options));
  if (!ds) throw std::runtime_error(fmt::format("cannot create {}: {}", path.string(), CPLGetLastErrorMsg()));
  return ds;
}

OGRwkbGeometryType geometry_type_of(const LayerData& layer) {
  if (layer.geometries.empty()) return wkbNone;
  // A null geometry is a feature without a shape (an area whose polygon is not known).
  const auto first = std::find_if(layer.geometries.begin(), layer.geometries.end(), [](const auto& g) { return g != nullptr; });
  if (first == layer.geometries.end()) return wkbMultiPolygon;
  const int t = GEOSGeomTypeId_r(geom::context(), first->get());
  if (t == GEOS_POINT) return wkbPoint;
  if (t == GEOS_LINESTRING) return wkbLineString;
  // Areas may be multi-part after a union: then the whole layer is
  // MultiPolygon, as GIS tools want one geometry type per layer.
  for (const auto& g : layer.geometries)
    if (g && GEOSGeomTypeId_r(geom::context(), g.get()) != GEOS_POLYGON) return wkbMultiPolygon;
  return wkbPolygon;
}

void fill_layer(OGRLayer* out, const LayerData& layer, OGRCoordinateTransformation* to_target,
                bool with_geometry = true) {
  for (const auto& f : layer.fields) {
    // 64-bit: counts and ids of a country-wide run do not fit in 32 bits.
    OGRFieldType t = f.type == FieldType::Integer ? OFTInteger64 : f.type == FieldType::Real ? OFTReal : OFTString;
    OGRFieldDefn defn(f.name.c_str(), t);
    if (out->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error("cannot create field " + f.name);
  }
  // Drivers without transactions (CSV, GeoJSON) simply write directly.
  const bool in_transaction = out->StartTransaction() == OGRERR_NONE;
  const OGRwkbGeometryType gtype = geometry_type_of(layer);
  for (std::size_t i = 0; i < layer.rows.size(); ++i) {
    OGRFeature feature(out->GetLayerDefn());
    const auto& row = layer.rows[i];
    for (std::size_t j = 0; j < row.size(); ++j) {
      const int idx = static_cast<int>(j);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              feature.SetFieldNull(idx);
            else if constexpr (std::is_same_v<T, long long>)
              feature.SetField(idx, static_cast<GIntBig>(v));
            else if constexpr (std::is_same_v<T, double>)
              feature.SetField(idx, v);
            else
              feature.SetField(idx, v.c_str());
          },
          row[j]);
    }
    if (with_geometry && !layer.geometries.empty() && layer.geometries[i]) {
      auto wkb = geom::to_wkb(layer.geometries[i].get());
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
        throw std::runtime_error("cannot convert a geometry for layer " + layer.name);
      std::unique_ptr<OGRGeometry> owned(g);
      if (gtype == wkbMultiPolygon) owned.reset(OGRGeometryFactory::forceToMultiPolygon(owned.release()));
      if (to_target && owned->transform(to_target) != OGRERR_NONE)
        throw std::runtime_error("cannot reproject a geometry of layer " + layer.name);
      feature.SetGeometryDirectly(owned.release());
    }
    if (out->CreateFeature(&feature) != OGRERR_NONE)
      throw std::runtime_error(fmt::format("cannot write feature {} of layer {}: {}", i, layer.name, CPLGetLastErrorMsg()));
  }
  if (in_transaction && out->CommitTransaction() != OGRERR_NONE)
    throw std::runtime_error("cannot commit layer " + layer.name);
}

}  // namespace

namespace detail {
OGRwkbGeometryType ogr_geometry_type(const LayerData& layer) { return geometry_type_of(layer); }
void fill_ogr_layer(OGRLayer* out, const LayerData& layer) { fill_layer(out, layer, nullptr); }
}  // namespace detail

void write_geopackage(const fs::path& path, const std::vector<const LayerData*>& layers) {
  Dataset ds = create("GPKG", path);
  for (const LayerData* layer : layers) {
    auto srs = working_srs(layer->epsg);
    const OGRwkbGeometryType gtype = geometry_type_of(*layer);
    char** opts = nullptr;
    opts = CSLSetNameValue(opts, "DESCRIPTION", layer->description.c_str());
    OGRLayer* out = ds->CreateLayer(layer->name.c_str(), gtype == wkbNone ? nullptr : srs.get(), gtype, opts);
    CSLDestroy(opts);
    if (!out) throw std::runtime_error("cannot create layer " + layer->name + " in " + path.string());
    fill_layer(out, *layer, nullptr);
  }
}

void write_geojson_wgs84_ogr(const fs::path& path, const LayerData& layer) {
  Dataset ds = create("GeoJSON", path);
  auto working = working_srs(layer.epsg);
  auto wgs84 = srs_from_user_string("EPSG:4326");
  Transform to_wgs84 = make_transform(*working, *wgs84);
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "RFC7946", "YES");  // WGS84, right-hand rings, as web maps expect
  opts = CSLSetNameValue(opts, "DESCRIPTION", layer.description.c_str());
  opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "7");
  OGRLayer* out = ds->CreateLayer(layer.name.c_str(), wgs84.get(), geometry_type_of(layer), opts);
  CSLDestroy(opts);
  if (!out) throw std::runtime_error("cannot create " + path.string());
  fill_layer(out, layer, to_wgs84.get());
}

namespace {

// A layer's geometries as flat coordinate arrays, read from GEOS's WKB: every
// geometry is a list of parts (polygons, lines, points), each a list of rings
// (ranges into xs/ys). Reprojecting all coordinates in one call is what makes
// the streamed writer fast; OGR transforms feature by feature.
struct Shape {
  int type = 0;  // WKB type: 1 point … 6 multipolygon
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> parts;
};
struct FlatGeometries {
  std::vector<double> xs, ys;
  std::vector<Shape> shapes;
};

class WkbReader {
 public:
  WkbReader(const std::vector<unsigned char>& wkb, FlatGeometries& out) : data_(wkb), out_(out) {}
  // False for what the streamed writer does not handle (collections, 3D):
  // the layer then goes through OGR.
  bool read(Shape& shape) {
    const std::uint32_t type = header();
    if (type == 0) return false;
    shape.type = static_cast<int>(type);
    if (type <= 3) {
      shape.parts.emplace_back();
      return part(type, shape.parts.back());
    }
    if (type > 6) return false;
    const std::uint32_t n = u32();
    for (std::uint32_t i = 0; i < n && ok_; ++i) {
      const std::uint32_t t = header();
      if (t != type - 3) return false;
      shape.parts.emplace_back();
      if (!part(t, shape.parts.back())) return false;
    }
    return ok_;
  }

 private:
  std::uint32_t header() {
    if (pos_ + 5 > data_.size()) return ok_ = false, 0;
    little_ = data_[pos_++] == 1;
    const std::uint32_t t = u32();
    return t >= 1 && t <= 7 ? t : 0;  // 2D only: Z/M types fall back to OGR
  }
  bool part(std::uint32_t type, std::vector<std::pair<std::size_t, std::size_t>>& rings) {
    if (type == 1) return ring(1, rings);
    if (type == 2) return ring(u32(), rings);
    const std::uint32_t n = u32();
    for (std::uint32_t r = 0; r < n && ok_; ++r) ring(u32(), rings);
    return ok_;
  }
  bool ring(std::uint32_t n, std::vector<std::pair<std::size_t, std::size_t>>& rings) {
    if (!ok_ || pos_ + std::size_t{16} * n > data_.size()) return ok_ = false;
    const std::size_t begin = out_.xs.size();
    for (std::uint32_t i = 0; i < n; ++i) {
      out_.xs.push_back(f64());
      out_.ys.push_back(f64());
    }
    rings.emplace_back(begin, out_.xs.size());
    return true;
  }
  std::uint32_t u32() {
    if (pos_ + 4 > data_.size()) return ok_ = false, 0;
    unsigned char b[4];
    std::memcpy(b, &data_[pos_], 4);
    pos_ += 4;
    if (!little_) std::reverse(b, b + 4);
    std::uint32_t v;
    std::memcpy(&v, b, 4);
    return v;
  }
  double f64() {
    unsigned char b[8];
    std::memcpy(b, &data_[pos_], 8);
    pos_ += 8;
    if (!little_) std::reverse(b, b + 8);
    double v;
    std::memcpy(&v, b, 8);
    return v;
  }
  const std::vector<unsigned char>& data_;
  FlatGeometries& out_;
  std::size_t pos_ = 0;
  bool little_ = true, ok_ = true;
};

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else
          out.push_back(c);
    }
  }
  out.push_back('"');
}

// 7 decimals (about 1 cm), trailing zeros dropped: what OGR's COORDINATE_PRECISION=7 gives.
void append_coordinate(std::string& out, double v) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%.7f", v);
  while (n > 1 && buf[n - 1] == '0') --n;
  if (n > 0 && buf[n - 1] == '.') --n;
  if (n == 2 && buf[0] == '-' && buf[1] == '0') {  // "-0.0000000"
    buf[0] = '0';
    n = 1;
  }
  out.append(buf, static_cast<std::size_t>(n));
}

void append_value(std::string& out, const Value& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          out += "null";
        else if constexpr (std::is_same_v<T, long long>)
          fmt::format_to(std::back_inserter(out), "{}", v);
        else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v))
            fmt::format_to(std::back_inserter(out), "{}", v);  // shortest text that reads back as the same double
          else
            out += "null";
        } else
          append_json_string(out, v);
      },
      value);
}

// Twice the signed area of a ring: positive when counter-clockwise.
double signed_area2(const FlatGeometries& g, std::size_t begin, std::size_t end) {
  double a = 0;
  for (std::size_t i = begin; i + 1 < end; ++i) a += g.xs[i] * g.ys[i + 1] - g.xs[i + 1] * g.ys[i];
  return a;
}

void append_ring(std::string& out, const FlatGeometries& g, std::size_t begin, std::size_t end, bool reverse) {
  out.push_back('[');
  for (std::size_t k = 0; k < end - begin; ++k) {
    const std::size_t i = reverse ? end - 1 - k : begin + k;
    if (k) out.push_back(',');
    out.push_back('[');
    append_coordinate(out, g.xs[i]);
    out.push_back(',');
    append_coordinate(out, g.ys[i]);
    out.push_back(']');
  }
  out.push_back(']');
}

void append_polygon(std::string& out, const FlatGeometries& g, const std::vector<std::pair<std::size_t, std::size_t>>& rings) {
  out.push_back('[');
  for (std::size_t r = 0; r < rings.size(); ++r) {
    if (r) out.push_back(',');
    // RFC 7946: exterior rings counter-clockwise, holes clockwise.
    const bool ccw = signed_area2(g, rings[r].first, rings[r].second) > 0;
    append_ring(out, g, rings[r].first, rings[r].second, r == 0 ? !ccw : ccw);
  }
  out.push_back(']');
}

void append_geometry(std::string& out, const FlatGeometries& g, const Shape& s, bool force_multipolygon) {
  static const char* const names[] = {"", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"};
  const int type = (force_multipolygon && s.type == 3) ? 6 : s.type;
  out += "{\"type\":\"";
  out += names[type];
  out += "\",\"coordinates\":";
  auto point = [&](std::size_t i) {
    out.push_back('[');
    append_coordinate(out, g.xs[i]);
    out.push_back(',');
    append_coordinate(out, g.ys[i]);
    out.push_back(']');
  };
  switch (type) {
    case 1: point(s.parts[0][0].first); break;
    case 2: append_ring(out, g, s.parts[0][0].first, s.parts[0][0].second, false); break;
    case 3: append_polygon(out, g, s.parts[0]); break;
    default:
      out.push_back('[');
      for (std::size_t p = 0; p < s.parts.size(); ++p) {
        if (p) out.push_back(',');
        if (type == 4) point(s.parts[p][0].first);
        if (type == 5) append_ring(out, g, s.parts[p][0].first, s.parts[p][0].second, false);
        if (type == 6) append_polygon(out, g, s.parts[p]);
      }
      out.push_back(']');
  }
  out.push_back('}');
}

// Empty geometries have no coordinates to write; OGR writes them as null too.
bool is_empty_shape(const Shape& s) {
  for (const auto& part : s.parts)
    for (const auto& ring : part)
      if (ring.second > ring.first) return false;
  return true;
}

}  // namespace

void write_geojson_wgs84(const fs::path& path, const LayerData& layer) {
  FlatGeometries g;
  g.shapes.resize(layer.geometries.size());
  for (std::size_t i = 0; i < layer.geometries.size(); ++i) {
    const auto wkb = geom::to_wkb(layer.geometries[i].get());
    if (!WkbReader(wkb, g).read(g.shapes[i])) return write_geojson_wgs84_ogr(path, layer);
  }
  if (!g.xs.empty()) {
    auto working = working_srs(layer.epsg);
    auto wgs84 = srs_from_user_string("EPSG:4326");
    Transform to_wgs84 = make_transform(*working, *wgs84);
    if (to_wgs84 && !to_wgs84->Transform(g.xs.size(), g.xs.data(), g.ys.data()))
      throw std::runtime_error("cannot reproject the geometries of layer " + layer.name + " to WGS84");
  }
  const bool force_multipolygon = geometry_type_of(layer) == wkbMultiPolygon;

  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error("cannot create " + path.string());
  std::string out;
  out.reserve(1 << 20);
  out += "{\n\"type\":\"FeatureCollection\",\n\"name\":";
  append_json_string(out, layer.name);
  if (!layer.description.empty()) {
    out += ",\n\"description\":";
    append_json_string(out, layer.description);
  }
  if (!g.xs.empty()) {
    const auto [minx, maxx] = std::minmax_element(g.xs.begin(), g.xs.end());
    const auto [miny, maxy] = std::minmax_element(g.ys.begin(), g.ys.end());
    out += ",\n\"bbox\":[";
    append_coordinate(out, *minx);
    out.push_back(',');
    append_coordinate(out, *miny);
    out.push_back(',');
    append_coordinate(out, *maxx);
    out.push_back(',');
    append_coordinate(out, *maxy);
    out.push_back(']');
  }
  out += ",\n\"features\":[\n";
  std::vector<std::string> keys;
  for (const auto& f : layer.fields) {
    std::string k;
    append_json_string(k, f.name);
    keys.push_back(k + ":");
  }
  for (std::size_t i = 0; i < layer.rows.size(); ++i) {
    if (i) out += ",\n";
    out += "{\"type\":\"Feature\",\"properties\":{";
    const auto& row = layer.rows[i];
    for (std::size_t j = 0; j < row.size() && j < keys.size(); ++j) {
      if (j) out.push_back(',');
      out += keys[j];
      append_value(out, row[j]);
    }
    out += "},\"geometry\":";
    if (i < g.shapes.size() && !is_empty_shape(g.shapes[i]))
      append_geometry(out, g, g.shapes[i], force_multipolygon);
    else
      out += "null";
    out.push_back('}');
    if (out.size() > (std::size_t{1} << 20)) {
      file.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
  out += "\n]\n}\n";
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

void write_flatgeobuf(const fs::path& path, const LayerData& layer) {
  Dataset ds = create("FlatGeobuf", path);
  auto srs = working_srs(layer.epsg);
  char** opts = CSLSetNameValue(nullptr, "SPATIAL_INDEX", "YES");  // readers fetch only the features in view
  OGRLayer* out = ds->CreateLayer(layer.name.c_str(), srs.get(), geometry_type_of(layer), opts);
  CSLDestroy(opts);
  if (!out) throw std::runtime_error(fmt::format("cannot create {}: {}", path.string(), CPLGetLastErrorMsg()));
  fill_layer(out, layer, nullptr);
}

void write_csv(const fs::path& path, const LayerData& layer, CsvDialect dialect) {
  // Written here rather than by OGR: OGR writes small numbers in scientific
  // notation ("2.5e-05"), which Excel reads as text, and knows no decimal comma.
  const char sep = csv_separator(dialect);
  const char* eol = dialect == CsvDialect::Excel ? "\r\n" : "\n";
  std::string out;
  if (dialect == CsvDialect::Excel) out += kUtf8Bom;
  for (std::size_t j = 0; j < layer.fields.size(); ++j) {
    if (j) out.push_back(sep);
    append_csv_field(out, layer.fields[j].name, dialect);
  }
  out += eol;
  for (const auto& row : layer.rows) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (j) out.push_back(sep);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, long long>)
              fmt::format_to(std::back_inserter(out), "{}", v);
            else if constexpr (std::is_same_v<T, double>)
              out += csv_number(v, dialect);
            else if constexpr (std::is_same_v<T, std::string>)
              append_csv_field(out, v, dialect);
          },
          row[j]);
    }
    out += eol;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

BackgroundWrites::BackgroundWrites(std::vector<std::function<void()>> tasks, unsigned threads) : tasks_(std::move(tasks)) {
  // Two threads besides the caller's: the machine's cores go to the larger files.
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
  threads = std::min<unsigned>(threads, static_cast<unsigned>(tasks_.size()));
  GDALAllRegister();  // once, before the threads open drivers
  for (unsigned t = 0; t < threads; ++t) threads_.emplace_back([this] { work(); });
}

void BackgroundWrites::work() {
  for (std::size_t i = next_++; i < tasks_.size(); i = next_++) {
    try {
      tasks_[i]();
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!first_error_) first_error_ = std::current_exception();
      next_ = tasks_.size();  // the set is lost anyway: start nothing more
    }
  }
}

void BackgroundWrites::wait() {
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  if (first_error_) std::rethrow_exception(std::exchange(first_error_, nullptr));
}

BackgroundWrites::~BackgroundWrites() {
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

}  // namespace leefkaart::io
