#include "geom/lines.hpp"

namespace leefkaart::geom {

std::optional<std::vector<std::vector<Point>>> line_parts(const GEOSGeometry* g) {
  const int type = GEOSGeomTypeId_r(context(), g);
  if (type != GEOS_LINESTRING && type != GEOS_MULTILINESTRING) return std::nullopt;
  std::vector<std::vector<Point>> out;
  const int n = GEOSGetNumGeometries_r(context(), g);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(context(), g, i);
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(context(), part);
    unsigned size = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(context(), seq, &size)) continue;
    std::vector<Point> pts(size);
    for (unsigned k = 0; k < size; ++k) GEOSCoordSeq_getXY_r(context(), seq, k, &pts[k].x, &pts[k].y);
    out.push_back(std::move(pts));
  }
  return out;
}

std::string type_name(const GEOSGeometry* g) {
  char* name = GEOSGeomType_r(context(), g);
  std::string out = name ? name : "unknown";
  GEOSFree_r(context(), name);
  return out;
}

}  // namespace leefkaart::geom
