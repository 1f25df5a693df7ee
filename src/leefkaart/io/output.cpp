#include "io/output.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>
#include <stdexcept>

#include "io/crs.hpp"

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
  const int t = GEOSGeomTypeId_r(geom::context(), layer.geometries.front().get());
  if (t == GEOS_POINT) return wkbPoint;
  if (t == GEOS_LINESTRING) return wkbLineString;
  // Areas may be multi-part after a union: then the whole layer is
  // MultiPolygon, as GIS tools want one geometry type per layer.
  for (const auto& g : layer.geometries)
    if (GEOSGeomTypeId_r(geom::context(), g.get()) != GEOS_POLYGON) return wkbMultiPolygon;
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
    if (with_geometry && !layer.geometries.empty()) {
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

void write_geojson_wgs84(const fs::path& path, const LayerData& layer) {
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

void write_csv(const fs::path& path, const LayerData& layer) {
  Dataset ds = create("CSV", path);
  // GDAL 3.6 otherwise quotes integer columns, which spreadsheets then read as text.
  char** opts = CSLSetNameValue(nullptr, "STRING_QUOTING", "IF_NEEDED");
  OGRLayer* out = ds->CreateLayer(layer.name.c_str(), nullptr, wkbNone, opts);
  CSLDestroy(opts);
  if (!out) throw std::runtime_error("cannot create " + path.string());
  fill_layer(out, layer, nullptr, /*with_geometry=*/false);
}

}  // namespace leefkaart::io
