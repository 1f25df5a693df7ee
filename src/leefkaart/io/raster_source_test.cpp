#include "io/raster_source.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "core/errors.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;

namespace {
// One folder per test and process: ctest runs tests in parallel, and two tests
// writing the same file name would read each other's half-written raster.
fs::path test_dir() {
  return fs::temp_directory_path() /
         ("leefkaart_raster_test_" + std::to_string(::getpid()) + "_" +
          ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

// A 2 × 1 raster in RD New of 100 m pixels from (100000, 400100): pixel 0 holds
// `left`, pixel 1 holds `right`.
fs::path write_raster(const std::string& name, float left, float right, std::optional<double> nodata) {
  GDALAllRegister();
  const fs::path dir = test_dir();
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

// --- interpolation -----------------------------------------------------------
// A 3 × 3 ESRI ASCII grid of 100 m pixels, written as the RIVM GCN grids are:
// no .prj, so the CRS is given (RD New), NODATA -999. Lower-left corner
// (100000, 400000); pixel (col, row) has its centre at
// (100050 + 100 col, 400250 - 100 row). Row 0 is the top row. The values grow
// linearly (10 + 10 col + 30 row), so bilinear interpolation between valid
// pixels must give back that plane exactly, except where a NODATA pixel drops out.
//
//   row 0:  10  20   30
//   row 1:  40  50   60
//   row 2:  70  80  NODATA
namespace {
fs::path write_ascii_grid(const std::string& name, const std::string& rows) {
  const fs::path dir = test_dir();
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::FILE* f = std::fopen(p.c_str(), "w");
  std::fputs(("ncols 3\nnrows 3\nxllcorner 100000\nyllcorner 400000\ncellsize 100\nNODATA_value -999\n" + rows).c_str(), f);
  std::fclose(f);
  return p;
}
const char* kPlane = "10 20 30\n40 50 60\n70 80 -999\n";

io::RasterSampler grid_sampler(io::Interpolation how, const char* rows = kPlane, const std::string& name = "plane.asc") {
  return io::RasterSampler(write_ascii_grid(name, rows).string(), 1, std::string("EPSG:28992"), {}, how);
}
}  // namespace

TEST(RasterInterpolation, AtAPixelCentreBothMethodsGiveThePixel) {
  for (auto how : {io::Interpolation::Nearest, io::Interpolation::Bilinear}) {
    auto s = grid_sampler(how);
    EXPECT_DOUBLE_EQ(*s.sample({100150, 400150}), 50) << io::to_string(how);
    EXPECT_DOUBLE_EQ(*s.sample({100050, 400250}), 10) << io::to_string(how);
  }
}

TEST(RasterInterpolation, BilinearWeighsTheFourSurroundingCentres) {
  // (100075, 400225) lies a quarter of the way from the centre of 10 towards 20
  // (x) and towards 40 (y): weights 9/16, 3/16, 3/16, 1/16:
  // 10·9/16 + 20·3/16 + 40·3/16 + 50·1/16 = (90 + 60 + 120 + 50) / 16 = 20.
  EXPECT_DOUBLE_EQ(*grid_sampler(io::Interpolation::Bilinear).sample({100075, 400225}), 20);
  // Nearest takes the pixel under the point: 10, a 1-pixel step away from its neighbours.
  EXPECT_DOUBLE_EQ(*grid_sampler(io::Interpolation::Nearest).sample({100075, 400225}), 10);
  // Halfway between all four centres: their mean, (10 + 20 + 40 + 50) / 4 = 30.
  EXPECT_DOUBLE_EQ(*grid_sampler(io::Interpolation::Bilinear).sample({100100, 400200}), 30);
  // Three quarters of the way from 20 to 30, on the row of centres: 20·1/4 + 30·3/4 = 27.5.
  EXPECT_DOUBLE_EQ(*grid_sampler(io::Interpolation::Bilinear).sample({100225, 400250}), 27.5);
}

TEST(RasterInterpolation, ANodataNeighbourIsLeftOutAndTheOthersRenormalised) {
  // (100175, 400125): a quarter from the centre of 50 towards 60 and towards 80;
  // the fourth neighbour is NODATA (weight 1/16). Over the other three:
  // (50·9/16 + 60·3/16 + 80·3/16) / (15/16) = (450 + 180 + 240) / 15 = 58.
  // (With a value 90 in the NODATA pixel the plane would give 60.)
  EXPECT_DOUBLE_EQ(*grid_sampler(io::Interpolation::Bilinear).sample({100175, 400125}), 58);
}

TEST(RasterInterpolation, APointOnANodataPixelHasNoValueWithEitherMethod) {
  // Its three neighbours hold values, but interpolation does not fill a gap.
  for (auto how : {io::Interpolation::Nearest, io::Interpolation::Bilinear}) {
    auto s = grid_sampler(how);
    EXPECT_FALSE(s.sample({100250, 400050}).has_value()) << io::to_string(how);
    EXPECT_FALSE(s.sample({100210, 400090}).has_value()) << io::to_string(how);
  }
}

TEST(RasterInterpolation, AtTheEdgeOnlyTheNeighboursInsideCount) {
  auto s = grid_sampler(io::Interpolation::Bilinear);
  // In the outer half of the corner pixel there is no centre beyond: its own value.
  EXPECT_DOUBLE_EQ(*s.sample({100010, 400290}), 10);
  // Outside the left column's centres but between two rows: along the edge only,
  // halfway between 10 and 40.
  EXPECT_DOUBLE_EQ(*s.sample({100025, 400200}), 25);
  // Beyond the raster: no value (the edge value is not carried outside).
  EXPECT_FALSE(s.sample({99990, 400250}).has_value());
  EXPECT_FALSE(s.sample({100150, 400301}).has_value());
}

TEST(RasterInterpolation, ABrokenNeighbourIsRefusedNotSkipped) {
  // A NaN that is not the NODATA value in a neighbour with weight: an error naming
  // that pixel, as when the point lies on it, never a value from the other three.
  // (Decimal points make GDAL read the grid as floating point, as the GCN grids.)
  auto s = grid_sampler(io::Interpolation::Bilinear, "10.0 20.0 30.0\n40.0 50.0 nan\n70.0 80.0 90.0\n", "broken.asc");
  const std::string msg = error_of(s, {100175, 400175});
  for (const char* part : {"broken.asc", "pixel (col 2, row 1)", "not the band's nodata (-999)"})
    EXPECT_NE(msg.find(part), std::string::npos) << part << " not in: " << msg;
  // A neighbour with no weight is not read: on the centre line of row 0 the row below does not count.
  EXPECT_DOUBLE_EQ(*s.sample({100150, 400250}), 20);
}
