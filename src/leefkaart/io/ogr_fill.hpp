#pragma once
// Inside io/ only: the one way a LayerData becomes OGR features, shared by the
// writers of output.cpp and vector_tiles.cpp.
#include <ogr_core.h>

#include "io/output.hpp"

class OGRLayer;

namespace leefkaart::io::detail {

// The layer's OGR geometry type (wkbNone for a plain table).
OGRwkbGeometryType ogr_geometry_type(const LayerData& layer);
// Creates the fields and writes every row with its geometry (in the working CRS).
void fill_ogr_layer(OGRLayer* out, const LayerData& layer);

}  // namespace leefkaart::io::detail
