#pragma once
// Coordinate reference systems. All computation happens in one projected
// working CRS (RD New, EPSG:28992, for Dutch areas); sources in another CRS are
// reprojected through GDAL/PROJ, sources without one are refused.
#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace leefkaart::io {

inline constexpr int kRdNewEpsg = 28992;

// An SRS with x = easting/longitude order whatever the authority says.
std::unique_ptr<OGRSpatialReference> srs_from_user_string(const std::string& text);
std::unique_ptr<OGRSpatialReference> working_srs(int epsg = kRdNewEpsg);
std::unique_ptr<OGRSpatialReference> srs_from_epsg(int epsg);

// RD New for data inside the Netherlands, otherwise the UTM zone of the
// centre (WGS84 / UTM, EPSG:326xx north, 327xx south): distances are never
// computed in degrees.
int working_epsg_for(double lon_min, double lat_min, double lon_max, double lat_max);
std::string srs_name(const OGRSpatialReference& srs);

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using Transform = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

// nullptr when source and target are the same CRS.
Transform make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to);

}  // namespace leefkaart::io
