#include "io/vector_source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/crs.hpp"

namespace leefkaart::io {
namespace {

constexpr double kCollapsedPolygonBuffer = 1.0;  // metres

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

std::string feature_label(long long fid, const std::string& id_value) {
  return id_value.empty() ? fmt::format("feature {}", fid) : fmt::format("feature {} ({})", fid, id_value);
}

bool is_polygonal(const GEOSGeometry* g) {
  const int t = GEOSGeomTypeId_r(geom::context(), g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

}  // namespace

VectorData read_vector(const std::string& path, const VectorReadOptions& opts) {
  GDALAllRegister();
  VectorData out;
  out.file = path;
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "file not found");
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw InputError({path, "", ""}, "GDAL cannot read this file as vector data (unknown or damaged format)");
  OGRLayer* layer = nullptr;
  if (opts.layer.empty()) {
    if (ds->GetLayerCount() < 1) throw InputError({path, "", ""}, "the file has no layers");
    layer = ds->GetLayer(0);
  } else {
    layer = ds->GetLayerByName(opts.layer.c_str());
    if (!layer) {
      std::vector<std::string> names;
      for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
      throw InputError({path, "", ""}, "no layer '" + opts.layer + "'" + did_you_mean(opts.layer, names));
    }
  }
  out.layer = layer->GetName();

  OGRFeatureDefn* defn = layer->GetLayerDefn();
  std::vector<std::string> available;
  for (int i = 0; i < defn->GetFieldCount(); ++i) available.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  std::vector<int> field_idx;
  for (const auto& f : opts.fields) {
    int idx = defn->GetFieldIndex(f.c_str());
    if (idx < 0) throw InputError({path, "", f}, "not in layer '" + out.layer + "'" + did_you_mean(f, available));
    field_idx.push_back(idx);
  }

  std::unique_ptr<OGRSpatialReference> assigned;
  const OGRSpatialReference* src_srs = layer->GetSpatialRef();
  if (opts.assign_crs) {
    try {
      assigned = srs_from_user_string(*opts.assign_crs);
    } catch (const std::invalid_argument& e) {
      throw InputError({path, "", "crs"}, e.what());
    }
    src_srs = assigned.get();
  }
  if (!src_srs)
    throw InputError({path, "", ""},
                     "the data has no coordinate reference system; set crs = \"EPSG:28992\" (or the right one) for "
                     "this source in the config");
  OGRSpatialReference src_copy(*src_srs);
  src_copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  out.source_crs = srs_name(src_copy);
  auto target = working_srs(opts.target_epsg);
  Transform transform = make_transform(src_copy, *target);

  layer->ResetReading();
  for (auto& feature : *layer) {
    const long long fid = feature->GetFID();
    VectorFeature vf;
    vf.fid = fid;
    for (int idx : field_idx) vf.values.emplace_back(feature->IsFieldSetAndNotNull(idx) ? feature->GetFieldAsString(idx) : "");
    const std::string id_value = vf.values.empty() ? "" : vf.values.front();
    const std::string label = feature_label(fid, id_value);
    OGRGeometry* g = feature->GetGeometryRef();
    if (!g || g->IsEmpty()) throw InputError({path, label, "geometry"}, "the geometry is empty");
    if (transform && g->transform(transform.get()) != OGRERR_NONE)
      throw InputError({path, label, "geometry"}, "cannot reproject from " + out.source_crs + " to EPSG:" + std::to_string(opts.target_epsg));
    std::vector<unsigned char> wkb(g->WkbSize());
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    vf.geom = geom::from_wkb(wkb.data(), wkb.size());
    if (!geom::is_valid(vf.geom.get())) {
      const std::string reason = geom::invalid_reason(vf.geom.get());
      geom::Geom repaired = geom::make_valid_polygonal(vf.geom.get());
      if (geom::is_empty(repaired.get())) {
        // A polygon collapsed to a line (coordinate rounding in generalised
        // boundary files does this to small buurten). Keep it as a thin strip
        // along that line, so its residents stay where it lies instead of
        // vanishing from the map.
        repaired = geom::buffer(vf.geom.get(), kCollapsedPolygonBuffer);
        if (geom::is_empty(repaired.get()))
          throw InputError({path, label, "geometry"}, "invalid geometry (" + reason + ") with no extent at all");
        out.warnings.push_back(format_location({path, label, "geometry"},
                                               "invalid geometry (" + reason + ") collapsed to a line; kept as a " +
                                                   fmt::format("{:g}", kCollapsedPolygonBuffer) + " m strip along it"));
        vf.geom = std::move(repaired);
        out.features.push_back(std::move(vf));
        continue;
      }
      vf.geom = std::move(repaired);
      out.warnings.push_back(format_location({path, label, "geometry"},
                                             "invalid geometry (" + reason + "), repaired with GEOS MakeValid"));
    }
    if (opts.polygons_only && !is_polygonal(vf.geom.get()))
      throw InputError({path, label, "geometry"}, "expected a polygon, found " +
                                                      std::string(GEOSGeomType_r(geom::context(), vf.geom.get())));
    out.features.push_back(std::move(vf));
  }
  return out;
}

std::vector<const GEOSGeometry*> AreaSet::geometries() const {
  std::vector<const GEOSGeometry*> out;
  out.reserve(areas.size());
  for (const auto& a : areas) out.push_back(a.geom.get());
  return out;
}

geom::Geom AreaSet::outline() const { return geom::unary_union(geometries()); }

AreaSet read_areas(const std::string& path, const std::string& code_field, const std::string& name_field,
                   std::optional<cbs::Level> level, const VectorReadOptions& base) {
  VectorReadOptions opts = base;
  opts.fields = {code_field};
  if (!name_field.empty()) opts.fields.push_back(name_field);
  opts.polygons_only = true;
  VectorData data = read_vector(path, opts);
  AreaSet set;
  set.file = path;
  set.warnings = data.warnings;
  for (auto& f : data.features) {
    Area a;
    a.code = cbs::normalise_code(f.values[0], level);
    a.name = name_field.empty() ? a.code : f.values[1];
    if (a.code.empty()) throw InputError({path, fmt::format("feature {}", f.fid), code_field}, "the area code is empty");
    auto [it, inserted] = set.index_of.emplace(a.code, set.areas.size());
    if (!inserted)
      throw InputError({path, fmt::format("feature {}", f.fid), code_field},
                       fmt::format("duplicate area code {} (also feature {})", a.code,
                                   data.features[it->second].fid));
    a.geom = std::move(f.geom);
    a.area_m2 = geom::area(a.geom.get());
    set.areas.push_back(std::move(a));
  }
  if (set.areas.empty()) throw InputError({path, "", ""}, "the layer has no areas");
  return set;
}

}  // namespace leefkaart::io
