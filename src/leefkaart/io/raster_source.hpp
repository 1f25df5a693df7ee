#pragma once
// Raster layers (noise, air quality …) sampled at points given in the working CRS.
#include <memory>
#include <optional>
#include <string>

#include "geom/geos.hpp"
#include "io/cbs.hpp"

class GDALDataset;

namespace leefkaart::io {

class RasterSampler {
 public:
  // Values must be finite unless they are the band's nodata, and plausible
  // (cbs::implausible); otherwise sample() throws InputError naming file, pixel and band.
  RasterSampler(const std::string& path, int band, const std::optional<std::string>& assign_crs,
                cbs::Plausibility plausible = {});
  ~RasterSampler();
  RasterSampler(const RasterSampler&) = delete;
  RasterSampler& operator=(const RasterSampler&) = delete;

  // Value of the pixel under the point; nullopt outside the raster or at nodata.
  std::optional<double> sample(geom::Point working_crs_point) const;
  const std::string& file() const { return file_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string file_;
  int band_number_;
  cbs::Plausibility plausible_;
};

}  // namespace leefkaart::io
