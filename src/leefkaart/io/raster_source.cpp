#include "io/raster_source.hpp"

#include <gdal_priv.h>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "io/crs.hpp"

namespace leefkaart::io {

struct RasterSampler::Impl {
  GDALDataset* ds = nullptr;
  GDALRasterBand* band = nullptr;
  double gt[6] = {0, 1, 0, 0, 0, 1};
  double inv[6] = {0, 1, 0, 0, 0, 1};
  std::optional<double> nodata;
  Transform to_raster;
  ~Impl() {
    if (ds) GDALClose(ds);
  }
};

const char* to_string(Interpolation i) { return i == Interpolation::Bilinear ? "bilinear" : "nearest"; }

RasterSampler::RasterSampler(const std::string& path, int band, const std::optional<std::string>& assign_crs,
                             cbs::Plausibility plausible, Interpolation interpolation)
    : impl_(std::make_unique<Impl>()),
      file_(path),
      band_number_(band),
      plausible_(std::move(plausible)),
      interpolation_(interpolation) {
  GDALAllRegister();
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "file not found");
  impl_->ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!impl_->ds) throw InputError({path, "", ""}, "GDAL cannot read this file as a raster (unknown or damaged format)");
  if (band < 1 || band > impl_->ds->GetRasterCount())
    throw InputError({path, "", "band"}, "band " + std::to_string(band) + " does not exist (the raster has " +
                                             std::to_string(impl_->ds->GetRasterCount()) + ")");
  impl_->band = impl_->ds->GetRasterBand(band);
  if (impl_->ds->GetGeoTransform(impl_->gt) != CE_None || !GDALInvGeoTransform(impl_->gt, impl_->inv))
    throw InputError({path, "", ""}, "the raster has no usable georeferencing");
  int has_nodata = 0;
  double nd = impl_->band->GetNoDataValue(&has_nodata);
  if (has_nodata) impl_->nodata = nd;

  std::unique_ptr<OGRSpatialReference> src;
  if (assign_crs) {
    src = srs_from_user_string(*assign_crs);
  } else if (const OGRSpatialReference* s = impl_->ds->GetSpatialRef()) {
    src = std::make_unique<OGRSpatialReference>(*s);
    src->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else {
    throw InputError({path, "", ""}, "the raster has no coordinate reference system; set crs = \"EPSG:28992\" (or the "
                                     "right one) for this source in the config");
  }
  impl_->to_raster = make_transform(*working_srs(), *src);
}

RasterSampler::~RasterSampler() = default;

bool RasterSampler::inside(int col, int row) const {
  return col >= 0 && row >= 0 && col < impl_->band->GetXSize() && row < impl_->band->GetYSize();
}

std::optional<double> RasterSampler::pixel(int col, int row) const {
  double value = 0;
  if (impl_->band->RasterIO(GF_Read, col, row, 1, 1, &value, 1, 1, GDT_Float64, 0, 0, nullptr) != CE_None)
    throw InputError({file_, "pixel " + std::to_string(col) + "," + std::to_string(row), ""}, "read failed");
  if (impl_->nodata && (value == *impl_->nodata || (std::isnan(*impl_->nodata) && std::isnan(value)))) return std::nullopt;
  const Location where{file_, fmt::format("pixel (col {}, row {})", col, row), fmt::format("band {}", band_number_)};
  // NaN or infinity that the band does not declare as nodata would flow into
  // every mean and threshold; an undeclared nodata (e.g. -3.4e38) likewise.
  if (!std::isfinite(value) && impl_->nodata)
    throw InputError(where, fmt::format("{} is not a value and not the band's nodata ({:g}); write the nodata value "
                                        "there, or fix the raster",
                                        value, *impl_->nodata));
  if (!std::isfinite(value))
    throw InputError(where, fmt::format("{} is not a value, and the band declares no nodata; if it marks no data, "
                                        "declare it (e.g. gdal_edit.py -a_nodata nan FILE)",
                                        value));
  if (auto problem = cbs::implausible(value, plausible_, std::nullopt))
    throw InputError(where, *problem + "; fix the raster, or, if the value marks no data, declare it as the band's nodata");
  return value;
}

std::optional<double> RasterSampler::sample(geom::Point p) const {
  double x = p.x, y = p.y;
  if (impl_->to_raster && !impl_->to_raster->Transform(1, &x, &y)) return std::nullopt;
  // Pixel coordinates: pixel (col, row) covers [col, col + 1) × [row, row + 1).
  const double px = impl_->inv[0] + x * impl_->inv[1] + y * impl_->inv[2];
  const double py = impl_->inv[3] + x * impl_->inv[4] + y * impl_->inv[5];
  if (!std::isfinite(px) || !std::isfinite(py)) return std::nullopt;
  const double fcol = std::floor(px), frow = std::floor(py);
  // Compared as doubles first: a point far outside would overflow an int.
  if (fcol < 0 || frow < 0 || fcol >= impl_->band->GetXSize() || frow >= impl_->band->GetYSize()) return std::nullopt;
  const int col = static_cast<int>(fcol), row = static_cast<int>(frow);
  const std::optional<double> own = pixel(col, row);
  if (!own || interpolation_ == Interpolation::Nearest) return own;

  // Pixel centres lie at (col + 0.5, row + 0.5): (c0, r0) is the centre up-left
  // of the point, (fx, fy) how far the point lies towards the next centre.
  const double u = px - 0.5, v = py - 0.5;
  const int c0 = static_cast<int>(std::floor(u)), r0 = static_cast<int>(std::floor(v));
  const double fx = u - c0, fy = v - r0;
  double sum = 0, weight = 0;
  for (int dr = 0; dr < 2; ++dr) {
    for (int dc = 0; dc < 2; ++dc) {
      const double w = (dc ? fx : 1 - fx) * (dr ? fy : 1 - fy);
      const int c = c0 + dc, r = r0 + dr;
      // A neighbour without weight is not read: the point lies on the line
      // through the other centres, and that pixel may be beyond the edge.
      if (w == 0 || !inside(c, r)) continue;
      const std::optional<double> value = (c == col && r == row) ? own : pixel(c, r);
      if (!value) continue;
      sum += w * *value;
      weight += w;
    }
  }
  // The point's own pixel is valid and weighs at least 1/4 (at least 1/2 along each axis).
  return sum / weight;
}

}  // namespace leefkaart::io
