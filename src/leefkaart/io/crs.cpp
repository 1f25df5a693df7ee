#include "io/crs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace leefkaart::io {

std::unique_ptr<OGRSpatialReference> srs_from_user_string(const std::string& text) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
    throw std::invalid_argument("'" + text + "' is not a coordinate reference system GDAL/PROJ knows");
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRSpatialReference> srs_from_epsg(int epsg) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->importFromEPSG(epsg) != OGRERR_NONE) throw std::invalid_argument("unknown EPSG code " + std::to_string(epsg));
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRSpatialReference> working_srs(int epsg) { return srs_from_epsg(epsg); }

int working_epsg_for(double lon_min, double lat_min, double lon_max, double lat_max) {
  // The area of use of RD New (EPSG:28992).
  if (lon_min >= 3.2 && lon_max <= 7.22 && lat_min >= 50.75 && lat_max <= 53.7) return kRdNewEpsg;
  const double lon = (lon_min + lon_max) / 2, lat = (lat_min + lat_max) / 2;
  const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
  return (lat >= 0 ? 32600 : 32700) + zone;
}

std::string srs_name(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  std::string name = srs.GetName() ? srs.GetName() : "unnamed CRS";
  if (auth && code) name += std::string(" (") + auth + ":" + code + ")";
  return name;
}

Transform make_transform(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  if (from.IsSame(&to)) return nullptr;
  Transform t(OGRCreateCoordinateTransformation(&from, &to));
  if (!t) throw std::runtime_error("PROJ cannot transform from " + srs_name(from) + " to " + srs_name(to));
  return t;
}

}  // namespace leefkaart::io
