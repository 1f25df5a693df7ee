#pragma once
// Thin RAII layer over the GEOS C API (the stable GEOS interface). All
// geometry work in leefkaart — validity repair, intersection, containment,
// union, nearest-feature search — goes through GEOS.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

namespace leefkaart::geom {

GEOSContextHandle_t context();

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const;
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* p) const;
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct Point {
  double x = 0, y = 0;
};
struct Box {
  double minx = 0, miny = 0, maxx = 0, maxy = 0;
};

Geom from_wkb(const unsigned char* data, std::size_t size);
std::vector<unsigned char> to_wkb(const GEOSGeometry* g);
Geom from_wkt(const std::string& wkt);

Geom make_point(Point p);
Geom make_polygon(const std::vector<Point>& ring);  // ring need not be closed
Geom make_polygon(const std::vector<Point>& shell, const std::vector<std::vector<Point>>& holes);
Geom make_multipolygon(std::vector<Geom> polygons);  // takes ownership of the parts
Geom clone(const GEOSGeometry* g);

bool is_empty(const GEOSGeometry* g);
bool is_valid(const GEOSGeometry* g);
std::string invalid_reason(const GEOSGeometry* g);
// Repair with GEOS MakeValid and keep only the polygonal part.
Geom make_valid_polygonal(const GEOSGeometry* g);

double area(const GEOSGeometry* g);
double distance(const GEOSGeometry* a, const GEOSGeometry* b);
Box bounds(const GEOSGeometry* g);
Geom intersection(const GEOSGeometry* a, const GEOSGeometry* b);
Geom unary_union(const std::vector<const GEOSGeometry*>& parts);
Geom centroid(const GEOSGeometry* g);
// quadrant_segments: segments per quarter circle (GEOS default 8; 2 keeps
// corners within 8 % of the distance and is much cheaper).
Geom buffer(const GEOSGeometry* g, double distance, int quadrant_segments = 8);
Point point_xy(const GEOSGeometry* point);
// A copy of g moved by (dx, dy).
Geom translate(const GEOSGeometry* g, double dx, double dy);

// A geometry's coordinates as plain lists, for writers that encode them
// themselves (vector tiles): each polygon's exterior ring, then its holes; a
// point is a "ring" of one point. Closing points are kept as GEOS has them.
struct RingSpan {
  std::size_t begin = 0, end = 0;  // into the points appended
  bool exterior = true;            // false for a hole
};
enum class Shape { Point, Polygonal };
// Appends g's rings; throws std::invalid_argument for lines and collections
// of other kinds (not drawn as tiles here).
Shape append_rings(const GEOSGeometry* g, std::vector<Point>& points, std::vector<RingSpan>& rings);

Prepared prepare(const GEOSGeometry* g);
bool prepared_contains_xy(const GEOSPreparedGeometry* p, Point pt);
bool prepared_intersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g);

// A query-only STRtree over geometries owned elsewhere, returning their indices.
class StrTree {
 public:
  explicit StrTree(const std::vector<const GEOSGeometry*>& items);
  ~StrTree();
  StrTree(const StrTree&) = delete;
  StrTree& operator=(const StrTree&) = delete;

  std::vector<std::size_t> query(const GEOSGeometry* envelope_of) const;
  // Index of the geometry nearest to g (GEOS exact distance), or npos if empty.
  std::size_t nearest(const GEOSGeometry* g) const;
  std::size_t size() const { return items_.size(); }

 private:
  GEOSSTRtree* tree_ = nullptr;
  std::vector<const GEOSGeometry*> items_;
  std::vector<std::size_t> ids_;  // stable storage for the item pointers GEOS keeps
};

}  // namespace leefkaart::geom
