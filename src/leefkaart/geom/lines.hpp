#pragma once
// Reading lines out of GEOS geometries, for road layers.
#include <optional>
#include <string>
#include <vector>

#include "geom/geos.hpp"

namespace leefkaart::geom {

// The vertices of each part of a LineString or MultiLineString; nullopt for any other type.
std::optional<std::vector<std::vector<Point>>> line_parts(const GEOSGeometry* g);
// The geometry's type name as GEOS gives it ("Point", "Polygon" …), for messages.
std::string type_name(const GEOSGeometry* g);

}  // namespace leefkaart::geom
