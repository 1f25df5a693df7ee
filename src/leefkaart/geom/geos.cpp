#include "geom/geos.hpp"

#include <cstdarg>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace leefkaart::geom {
namespace {

thread_local std::string last_geos_error;

void on_geos_message(const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  last_geos_error = buf;
}

struct ContextHolder {
  GEOSContextHandle_t handle;
  ContextHolder() : handle(GEOS_init_r()) {
    GEOSContext_setErrorHandler_r(handle, on_geos_message);
    GEOSContext_setNoticeHandler_r(handle, nullptr);
  }
  ~ContextHolder() { GEOS_finish_r(handle); }
};

Geom checked(GEOSGeometry* g, const char* what) {
  if (!g) throw std::runtime_error(std::string("GEOS ") + what + " failed: " + last_geos_error);
  return Geom(g);
}

}  // namespace

GEOSContextHandle_t context() {
  thread_local ContextHolder holder;
  return holder.handle;
}

void GeomDeleter::operator()(GEOSGeometry* g) const {
  if (g) GEOSGeom_destroy_r(context(), g);
}
void PreparedDeleter::operator()(const GEOSPreparedGeometry* p) const {
  if (p) GEOSPreparedGeom_destroy_r(context(), p);
}

Geom from_wkb(const unsigned char* data, std::size_t size) {
  return checked(GEOSGeomFromWKB_buf_r(context(), data, size), "WKB read");
}

std::vector<unsigned char> to_wkb(const GEOSGeometry* g) {
  GEOSWKBWriter* w = GEOSWKBWriter_create_r(context());
  std::size_t n = 0;
  unsigned char* buf = GEOSWKBWriter_write_r(context(), w, g, &n);
  GEOSWKBWriter_destroy_r(context(), w);
  if (!buf) throw std::runtime_error("GEOS WKB write failed: " + last_geos_error);
  std::vector<unsigned char> out(buf, buf + n);
  GEOSFree_r(context(), buf);
  return out;
}

Geom from_wkt(const std::string& wkt) {
  GEOSWKTReader* r = GEOSWKTReader_create_r(context());
  GEOSGeometry* g = GEOSWKTReader_read_r(context(), r, wkt.c_str());
  GEOSWKTReader_destroy_r(context(), r);
  return checked(g, "WKT read");
}

Geom make_point(Point p) { return checked(GEOSGeom_createPointFromXY_r(context(), p.x, p.y), "point"); }

namespace {
GEOSGeometry* make_ring(const std::vector<Point>& ring) {
  const bool closed = !ring.empty() && ring.front().x == ring.back().x && ring.front().y == ring.back().y;
  const unsigned n = static_cast<unsigned>(ring.size() + (closed ? 0 : 1));
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(context(), n, 2);
  for (unsigned i = 0; i < n; ++i) {
    const Point& p = ring[i % ring.size()];
    GEOSCoordSeq_setXY_r(context(), seq, i, p.x, p.y);
  }
  GEOSGeometry* r = GEOSGeom_createLinearRing_r(context(), seq);
  if (!r) throw std::runtime_error("GEOS ring failed: " + last_geos_error);
  return r;
}
}  // namespace

Geom make_polygon(const std::vector<Point>& ring) { return make_polygon(ring, {}); }

Geom make_polygon(const std::vector<Point>& shell, const std::vector<std::vector<Point>>& holes) {
  GEOSGeometry* outer = make_ring(shell);
  std::vector<GEOSGeometry*> inner;
  for (const auto& h : holes) inner.push_back(make_ring(h));
  return checked(GEOSGeom_createPolygon_r(context(), outer, inner.data(), static_cast<unsigned>(inner.size())), "polygon");
}

Geom make_multipolygon(std::vector<Geom> polygons) {
  if (polygons.size() == 1) return std::move(polygons.front());
  std::vector<GEOSGeometry*> parts;
  for (auto& p : polygons) parts.push_back(p.release());
  return checked(GEOSGeom_createCollection_r(context(), GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())),
                 "multipolygon");
}

namespace {
void append_sequence(const GEOSGeometry* line, bool exterior, std::vector<Point>& points, std::vector<RingSpan>& rings) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(context(), line);
  unsigned n = 0;
  if (!seq || !GEOSCoordSeq_getSize_r(context(), seq, &n)) throw std::runtime_error("GEOS coordinates: " + last_geos_error);
  RingSpan span{points.size(), points.size() + n, exterior};
  for (unsigned i = 0; i < n; ++i) {
    Point p;
    GEOSCoordSeq_getXY_r(context(), seq, i, &p.x, &p.y);
    points.push_back(p);
  }
  rings.push_back(span);
}

void append_polygon_rings(const GEOSGeometry* polygon, std::vector<Point>& points, std::vector<RingSpan>& rings) {
  if (GEOSisEmpty_r(context(), polygon) == 1) return;
  append_sequence(GEOSGetExteriorRing_r(context(), polygon), true, points, rings);
  const int holes = GEOSGetNumInteriorRings_r(context(), polygon);
  for (int h = 0; h < holes; ++h) append_sequence(GEOSGetInteriorRingN_r(context(), polygon, h), false, points, rings);
}
}  // namespace

Shape append_rings(const GEOSGeometry* g, std::vector<Point>& points, std::vector<RingSpan>& rings) {
  switch (GEOSGeomTypeId_r(context(), g)) {
    case GEOS_POINT:
      if (GEOSisEmpty_r(context(), g) != 1) append_sequence(g, true, points, rings);
      return Shape::Point;
    case GEOS_POLYGON: append_polygon_rings(g, points, rings); return Shape::Polygonal;
    case GEOS_MULTIPOLYGON:
      for (int i = 0, n = GEOSGetNumGeometries_r(context(), g); i < n; ++i)
        append_polygon_rings(GEOSGetGeometryN_r(context(), g, i), points, rings);
      return Shape::Polygonal;
    default: throw std::invalid_argument("a line or mixed collection is neither a point nor an area");
  }
}

Geom clone(const GEOSGeometry* g) { return checked(GEOSGeom_clone_r(context(), g), "clone"); }

bool is_empty(const GEOSGeometry* g) { return GEOSisEmpty_r(context(), g) == 1; }
bool is_valid(const GEOSGeometry* g) { return GEOSisValid_r(context(), g) == 1; }

std::string invalid_reason(const GEOSGeometry* g) {
  char* s = GEOSisValidReason_r(context(), g);
  std::string out = s ? s : "unknown";
  GEOSFree_r(context(), s);
  return out;
}

Geom make_valid_polygonal(const GEOSGeometry* g) {
  Geom valid = checked(GEOSMakeValid_r(context(), g), "MakeValid");
  const int type = GEOSGeomTypeId_r(context(), valid.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return valid;
  // A repaired bow-tie may come back as a collection of polygons and lines:
  // only the polygons carry area.
  std::vector<GEOSGeometry*> polys;
  const int n = GEOSGetNumGeometries_r(context(), valid.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(context(), valid.get(), i);
    const int t = GEOSGeomTypeId_r(context(), part);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) polys.push_back(GEOSGeom_clone_r(context(), part));
  }
  if (polys.empty()) return checked(GEOSGeom_createEmptyPolygon_r(context()), "empty polygon");
  GEOSGeometry* coll = GEOSGeom_createCollection_r(context(), GEOS_GEOMETRYCOLLECTION, polys.data(),
                                                   static_cast<unsigned>(polys.size()));
  Geom holder = checked(coll, "collection");
  return checked(GEOSUnaryUnion_r(context(), holder.get()), "union");
}

double area(const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(context(), g, &a);
  return a;
}

double distance(const GEOSGeometry* a, const GEOSGeometry* b) {
  double d = 0;
  if (!GEOSDistance_r(context(), a, b, &d)) throw std::runtime_error("GEOS distance failed: " + last_geos_error);
  return d;
}

Box bounds(const GEOSGeometry* g) {
  Box b;
  GEOSGeom_getXMin_r(context(), g, &b.minx);
  GEOSGeom_getYMin_r(context(), g, &b.miny);
  GEOSGeom_getXMax_r(context(), g, &b.maxx);
  GEOSGeom_getYMax_r(context(), g, &b.maxy);
  return b;
}

Geom intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  return checked(GEOSIntersection_r(context(), a, b), "intersection");
}

Geom translate(const GEOSGeometry* g, double dx, double dy) {
  struct Shift {
    double dx, dy;
  } shift{dx, dy};
  return checked(GEOSGeom_transformXY_r(
                     context(), g,
                     [](double* x, double* y, void* user) {
                       const auto* s = static_cast<const Shift*>(user);
                       *x += s->dx;
                       *y += s->dy;
                       return 1;
                     },
                     &shift),
                 "translate");
}

Geom unary_union(const std::vector<const GEOSGeometry*>& parts) {
  std::vector<GEOSGeometry*> copies;
  copies.reserve(parts.size());
  for (auto* p : parts) copies.push_back(GEOSGeom_clone_r(context(), p));
  GEOSGeometry* coll = GEOSGeom_createCollection_r(context(), GEOS_GEOMETRYCOLLECTION, copies.data(),
                                                   static_cast<unsigned>(copies.size()));
  Geom holder = checked(coll, "collection");
  return checked(GEOSUnaryUnion_r(context(), holder.get()), "union");
}

Geom centroid(const GEOSGeometry* g) { return checked(GEOSGetCentroid_r(context(), g), "centroid"); }

Geom buffer(const GEOSGeometry* g, double distance, int quadrant_segments) {
  return checked(GEOSBuffer_r(context(), g, distance, quadrant_segments), "buffer");
}

Point point_xy(const GEOSGeometry* point) {
  Point p;
  GEOSGeomGetX_r(context(), point, &p.x);
  GEOSGeomGetY_r(context(), point, &p.y);
  return p;
}

Prepared prepare(const GEOSGeometry* g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(context(), g);
  if (!p) throw std::runtime_error("GEOS prepare failed: " + last_geos_error);
  return Prepared(p);
}

bool prepared_contains_xy(const GEOSPreparedGeometry* p, Point pt) {
  // GEOSPreparedContainsXY_r only exists from GEOS 3.12; Debian 12 has 3.11.
  Geom point = make_point(pt);
  return GEOSPreparedContains_r(context(), p, point.get()) == 1;
}

bool prepared_intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
  return GEOSPreparedIntersects_r(context(), p, g) == 1;
}

StrTree::StrTree(const std::vector<const GEOSGeometry*>& items) : items_(items), ids_(items.size()) {
  tree_ = GEOSSTRtree_create_r(context(), 10);
  for (std::size_t i = 0; i < items_.size(); ++i) {
    ids_[i] = i;
    GEOSSTRtree_insert_r(context(), tree_, items_[i], &ids_[i]);
  }
}

StrTree::~StrTree() {
  if (tree_) GEOSSTRtree_destroy_r(context(), tree_);
}

std::vector<std::size_t> StrTree::query(const GEOSGeometry* envelope_of) const {
  std::vector<std::size_t> hits;
  if (items_.empty()) return hits;
  GEOSSTRtree_query_r(
      context(), tree_, envelope_of,
      [](void* item, void* user) {
        static_cast<std::vector<std::size_t>*>(user)->push_back(*static_cast<std::size_t*>(item));
      },
      &hits);
  return hits;
}

std::size_t StrTree::nearest(const GEOSGeometry* g) const {
  if (items_.empty()) return std::numeric_limits<std::size_t>::max();
  struct Ctx {
    const std::vector<const GEOSGeometry*>* items;
    const void* query;
  } ctx{&items_, g};
  // The callback gets (tree item, query item) in an order GEOS does not
  // document, so resolve each side by recognising the query pointer.
  const void* found = GEOSSTRtree_nearest_generic_r(
      context(), tree_, g, g,
      [](const void* a, const void* b, double* dist, void* user) -> int {
        auto* c = static_cast<Ctx*>(user);
        auto resolve = [c](const void* item) {
          return item == c->query ? static_cast<const GEOSGeometry*>(item)
                                  : (*c->items)[*static_cast<const std::size_t*>(item)];
        };
        return GEOSDistance_r(context(), resolve(a), resolve(b), dist);
      },
      &ctx);
  if (!found) return std::numeric_limits<std::size_t>::max();
  return *static_cast<const std::size_t*>(found);
}

}  // namespace leefkaart::geom
