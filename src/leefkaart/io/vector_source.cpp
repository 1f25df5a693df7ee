#include "io/vector_source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
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

// The first coordinate that is NaN or infinite, as "x = inf, y = 455000"; GEOS
// would otherwise fail later with a TopologyException that names no feature.
std::optional<std::string> non_finite_coordinate(const OGRGeometry* g) {
  const auto bad = [](double x, double y) -> std::optional<std::string> {
    if (std::isfinite(x) && std::isfinite(y)) return std::nullopt;
    return fmt::format("x = {}, y = {}", x, y);
  };
  const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
  if (type == wkbPoint) return bad(g->toPoint()->getX(), g->toPoint()->getY());
  if (OGR_GT_IsCurve(type)) {
    std::unique_ptr<OGRPointIterator> it(g->toCurve()->getPointIterator());
    OGRPoint p;
    while (it->getNextPoint(&p))
      if (auto b = bad(p.getX(), p.getY())) return b;
    return std::nullopt;
  }
  if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon)) {
    for (const OGRCurve* ring : *g->toCurvePolygon())
      if (auto b = non_finite_coordinate(ring)) return b;
    return std::nullopt;
  }
  if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *g->toGeometryCollection())
      if (auto b = non_finite_coordinate(part)) return b;
    return std::nullopt;
  }
  return std::nullopt;
}

struct Extent {
  double minx = std::numeric_limits<double>::infinity(), miny = minx;
  double maxx = -std::numeric_limits<double>::infinity(), maxy = maxx;
  void add(const OGREnvelope& e) {
    minx = std::min(minx, e.MinX), miny = std::min(miny, e.MinY);
    maxx = std::max(maxx, e.MaxX), maxy = std::max(maxy, e.MaxY);
  }
  bool empty() const { return minx > maxx; }
  bool contains(const OGREnvelope& e) const {
    return e.MinX >= minx && e.MaxX <= maxx && e.MinY >= miny && e.MaxY <= maxy;
  }
  bool intersects(const Extent& o) const {
    return !empty() && !o.empty() && minx <= o.maxx && o.minx <= maxx && miny <= o.maxy && o.miny <= maxy;
  }
  Extent grown(double fraction, double at_least) const {
    const double dx = std::max((maxx - minx) * fraction, at_least), dy = std::max((maxy - miny) * fraction, at_least);
    return {minx - dx, miny - dy, maxx + dx, maxy + dy};
  }
  std::string str() const { return fmt::format("x {:.6g} … {:.6g}, y {:.6g} … {:.6g}", minx, maxx, miny, maxy); }
};

// Where a CRS is meant to be used (PROJ's area of use), in its own
// coordinates, with a margin for data that reaches over a border. Empty when
// PROJ does not know it.
Extent area_of_use(const OGRSpatialReference& srs) {
  double west = 0, south = 0, east = 0, north = 0;
  const char* name = nullptr;
  if (!srs.GetAreaOfUse(&west, &south, &east, &north, &name) || west > east) return {};
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  Transform to_srs = make_transform(wgs84, srs);
  Extent e;
  if (!to_srs) {
    e = {west, south, east, north};
  } else if (!to_srs->TransformBounds(west, south, east, north, &e.minx, &e.miny, &e.maxx, &e.maxy, 21)) {
    return {};
  }
  return srs.IsGeographic() ? e.grown(0.1, 0.5) : e.grown(0.25, 10'000);
}

// Why coordinates outside the CRS's area of use are there, as far as can be told.
std::string likely_cause(const OGREnvelope& env, const Extent& use, const OGRSpatialReference& srs) {
  const auto envelope = [](double minx, double maxx, double miny, double maxy) {
    OGREnvelope e;
    e.MinX = minx, e.MaxX = maxx, e.MinY = miny, e.MaxY = maxy;
    return e;
  };
  const OGREnvelope swapped = envelope(env.MinY, env.MaxY, env.MinX, env.MaxX);
  if (use.contains(swapped)) return "x and y look swapped: swap the axes of the source (or its CRS's axis order)";
  if (!srs.IsGeographic() && std::abs(env.MinX) <= 180 && std::abs(env.MaxX) <= 180 && std::abs(env.MinY) <= 90 &&
      std::abs(env.MaxY) <= 90)
    return "they look like longitude/latitude in degrees: set crs = \"EPSG:4326\" for this source";
  for (const double factor : {1e-3, 1e3, 1e-2, 1e2}) {
    const OGREnvelope scaled = envelope(env.MinX * factor, env.MaxX * factor, env.MinY * factor, env.MaxY * factor);
    if (use.contains(scaled))
      return fmt::format("multiplied by {:g} they would fit: the unit looks wrong (kilometres or centimetres instead "
                         "of metres?)",
                         factor);
  }
  return "check that the file's CRS is the one its coordinates are in";
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
  const Extent source_use = area_of_use(src_copy), target_use = area_of_use(*target);
  Extent layer_extent;

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
    if (auto bad = non_finite_coordinate(g))
      throw InputError({path, label, "geometry"}, "a coordinate is not a finite number (" + *bad + ")");
    OGREnvelope env;
    g->getEnvelope(&env);
    if (!source_use.empty() && !source_use.contains(env))
      throw InputError({path, label, "geometry"},
                       fmt::format("coordinates (x {:.6g} … {:.6g}, y {:.6g} … {:.6g}) lie outside the area where {} "
                                   "is used ({}); {}",
                                   env.MinX, env.MaxX, env.MinY, env.MaxY, out.source_crs, source_use.str(),
                                   likely_cause(env, source_use, src_copy)));
    if (transform && g->transform(transform.get()) != OGRERR_NONE)
      throw InputError({path, label, "geometry"}, "cannot reproject from " + out.source_crs + " to EPSG:" + std::to_string(opts.target_epsg));
    g->getEnvelope(&env);
    if (transform && !target_use.empty() && !target_use.contains(env))
      throw InputError({path, label, "geometry"},
                       fmt::format("in EPSG:{} the feature lies at x {:.6g} … {:.6g}, y {:.6g} … {:.6g}, outside "
                                   "where that CRS is used ({}); {}",
                                   opts.target_epsg, env.MinX, env.MaxX, env.MinY, env.MaxY, target_use.str(),
                                   src_copy.IsGeographic() ? "longitude and latitude look swapped: swap the axes of "
                                                             "the source"
                                                           : "check that the file's CRS is the one its coordinates are in"));
    layer_extent.add(env);
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
  if (opts.study_box) {
    const Extent study{opts.study_box->minx, opts.study_box->miny, opts.study_box->maxx, opts.study_box->maxy};
    if (!layer_extent.empty() && !layer_extent.intersects(study.grown(0, 1000)))
      throw InputError({path, "", "geometry"},
                       fmt::format("the layer ({}) lies wholly outside the study area ({}, EPSG:{}): is it the right "
                                   "file, and its CRS the right one?",
                                   layer_extent.str(), study.str(), opts.target_epsg));
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
