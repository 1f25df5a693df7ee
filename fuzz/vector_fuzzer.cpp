// Fuzzes the boundary reader (io::read_areas on a GeoJSON file): GDAL's parsing, the CRS
// handling, the reprojection to RD New, the repair of invalid geometries and the CBS codes.
#include "harness.hpp"
#include "io/vector_source.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  leefkaart::fuzz::quiet_gdal();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = leefkaart::fuzz::input_file(".geojson");
  leefkaart::fuzz::write_file(path, data, size);
  leefkaart::fuzz::expect_clean([&] {
    const auto areas = leefkaart::io::read_areas(path, "statcode", "statnaam", leefkaart::cbs::Level::Buurt);
    if (!areas.areas.empty()) (void)areas.outline();
  });
  return 0;
}
