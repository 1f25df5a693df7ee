#include "io/raster_source.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "core/errors.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;

namespace {
// A 2 × 1 raster in RD New of 100 m pixels from (100000, 400100): pixel 0 holds
// `left`, pixel 1 holds `right`.
fs::path write_raster(const std::string& name, float left, float right, std::optional<double> nodata) {
  GDALAllRegister();
  const fs::path dir = fs::temp_directory_path() / "leefkaart_raster_test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create(p.c_str(), 2, 1, 1, GDT_Float32, nullptr);
  double gt[6] = {100000, 100, 0, 400100, 0, -100};
  ds->SetGeoTransform(gt);
  OGRSpatialReference rd;
  rd.importFromEPSG(28992);
  ds->SetSpatialRef(&rd);
  if (nodata) ds->GetRasterBand(1)->SetNoDataValue(*nodata);
  float px[2] = {left, right};
  EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 2, 1, px, 2, 1, GDT_Float32, 0, 0, nullptr), CE_None);
  GDALClose(ds);
  return p;
}
const geom::Point kLeft{100050, 400050}, kRight{100150, 400050};
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();

std::string error_of(const io::RasterSampler& s, geom::Point p) {
  try {
    (void)s.sample(p);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}
}  // namespace

TEST(RasterSource, NodataIsMissingAndValuesAreRead) {
  io::RasterSampler s(write_raster("nodata.tif", 55, -9999, -9999).string(), 1, std::nullopt);
  EXPECT_DOUBLE_EQ(*s.sample(kLeft), 55);
  EXPECT_FALSE(s.sample(kRight).has_value());
}

TEST(RasterSource, NanDeclaredAsNodataIsMissing) {
  io::RasterSampler s(write_raster("nan_nodata.tif", 55, kNan, std::nan("")).string(), 1, std::nullopt);
  EXPECT_FALSE(s.sample(kRight).has_value());
}

TEST(RasterSource, NanOrInfinityThatIsNotNodataNamesPixelAndBand) {
  io::RasterSampler s(write_raster("nan.tif", 55, kNan, -9999).string(), 1, std::nullopt);
  const std::string msg = error_of(s, kRight);
  for (const char* part : {"nan.tif", "pixel (col 1, row 0)", "band 1", "not the band's nodata (-9999)", "write the nodata value"})
    EXPECT_NE(msg.find(part), std::string::npos) << part << " not in: " << msg;
  io::RasterSampler inf(write_raster("inf.tif", std::numeric_limits<float>::infinity(), 1, std::nullopt).string(), 1,
                        std::nullopt);
  const std::string undeclared = error_of(inf, kLeft);
  for (const char* part : {"inf", "declares no nodata", "gdal_edit.py -a_nodata"})
    EXPECT_NE(undeclared.find(part), std::string::npos) << part << " not in: " << undeclared;
}

TEST(RasterSource, ValuesOutsideTheDeclaredRangeAreRefused) {
  const auto p = write_raster("range.tif", 55, 400, -9999).string();
  io::RasterSampler s(p, 1, std::nullopt, {cbs::Quantity::Unknown, std::make_pair(0.0, 150.0)});
  EXPECT_DOUBLE_EQ(*s.sample(kLeft), 55);
  EXPECT_NE(error_of(s, kRight).find("400 lies outside the range [0, 150]"), std::string::npos);
  // A share raster (an indicator with unit "%") cannot hold 400 either.
  io::RasterSampler share(p, 1, std::nullopt, {cbs::Quantity::Percentage, std::nullopt});
  EXPECT_NE(error_of(share, kRight).find("not a percentage"), std::string::npos);
}
