#pragma once
// How a LayerData becomes an OGR layer: shared by the file writers (io/output.cpp)
// and the database writer (database/), so every format gets the same fields and types.
// GDAL types: include only in io/ and database/.
#include <ogrsf_frmts.h>

#include "io/output.hpp"

namespace leefkaart::io {

// One geometry type per layer: Point, LineString, Polygon, or MultiPolygon
// when any area is multi-part; wkbNone for a plain table.
OGRwkbGeometryType geometry_type_of(const LayerData& layer);
// Creates the layer's fields (Integer64, Real, String) and writes its features,
// reprojected by `to_target` when given.
void fill_layer(OGRLayer* out, const LayerData& layer, OGRCoordinateTransformation* to_target, bool with_geometry = true);

}  // namespace leefkaart::io
