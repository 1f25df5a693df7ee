#include "io/crs.hpp"

#include <stdexcept>

namespace leefkaart::io {

std::unique_ptr<OGRSpatialReference> srs_from_user_string(const std::string& text) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE)
    throw std::invalid_argument("'" + text + "' is not a coordinate reference system GDAL/PROJ knows");
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRSpatialReference> working_srs() {
  auto srs = std::make_unique<OGRSpatialReference>();
  srs->importFromEPSG(kRdNewEpsg);
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
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
