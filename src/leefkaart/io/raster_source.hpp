#pragma once
// Raster layers (noise, air quality …) sampled at points given in the working CRS.
#include <memory>
#include <optional>
#include <string>

#include "geom/geos.hpp"
#include "io/cbs.hpp"

class GDALDataset;

namespace leefkaart::io {

// How a point between pixel centres gets its value.
// - Nearest: the pixel under the point.
// - Bilinear: weighted between the centres of the four pixels around the point,
//   each by its nearness along x times along y. For a grid coarser than the cells
//   (the 1 km NO2 grid under 100 m cells) this avoids 1 km steps at pixel edges.
//   Neighbours that are NODATA or lie beyond the raster's edge are left out and the
//   weights of the others renormalised, so near the edge the value runs along the
//   edge only and beyond the last centre it stays the edge pixel's value. A point
//   whose own pixel is NODATA or outside the raster has no value with either
//   method: interpolation never fills a gap, it only smooths between values.
enum class Interpolation { Nearest, Bilinear };
const char* to_string(Interpolation i);

class RasterSampler {
 public:
  // Values must be finite unless they are the band's nodata, and plausible
  // (cbs::implausible); otherwise sample() throws InputError naming file, pixel and band.
  RasterSampler(const std::string& path, int band, const std::optional<std::string>& assign_crs,
                cbs::Plausibility plausible = {}, Interpolation interpolation = Interpolation::Nearest);
  ~RasterSampler();
  RasterSampler(const RasterSampler&) = delete;
  RasterSampler& operator=(const RasterSampler&) = delete;

  // Value at the point by the sampler's interpolation; nullopt when the pixel
  // under the point is outside the raster or NODATA.
  std::optional<double> sample(geom::Point working_crs_point) const;
  const std::string& file() const { return file_; }

 private:
  // The checked value of one pixel; nullopt at NODATA.
  std::optional<double> pixel(int col, int row) const;
  bool inside(int col, int row) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string file_;
  int band_number_;
  cbs::Plausibility plausible_;
  Interpolation interpolation_;
};

}  // namespace leefkaart::io
