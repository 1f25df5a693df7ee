#include "io/vector_tiles.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

#include "io/crs.hpp"
#include "io/ogr_layer.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;

void write_mbtiles(const fs::path& path, const std::vector<const LayerData*>& layers,
                   const std::function<build_schema::ZoomRange(const std::string&)>& zooms, const TileSetInfo& info) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("MBTiles");
  if (!driver) throw std::runtime_error("GDAL has no MBTiles driver");
  int min_zoom = 30, max_zoom = 0;
  for (const LayerData* l : layers) {
    const auto z = zooms(l->name);
    min_zoom = std::min(min_zoom, z.min);
    max_zoom = std::max(max_zoom, z.max);
  }
  if (layers.empty()) throw std::runtime_error("no layers to write as vector tiles to " + path.string());
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "NAME", info.name.c_str());
  opts = CSLSetNameValue(opts, "DESCRIPTION", info.description.c_str());
  opts = CSLSetNameValue(opts, "TYPE", "overlay");
  opts = CSLSetNameValue(opts, "MINZOOM", std::to_string(min_zoom).c_str());
  opts = CSLSetNameValue(opts, "MAXZOOM", std::to_string(max_zoom).c_str());
  // A tile of cells carries every attribute the click panel shows; GDAL's
  // default limit (500 kB) would make it thin out cells instead.
  opts = CSLSetNameValue(opts, "MAX_SIZE", "4000000");
  opts = CSLSetNameValue(opts, "MAX_FEATURES", "1000000");
  // The temporary database GDAL sorts features in: beside the file, in the staging folder.
  opts = CSLSetNameValue(opts, "TEMPORARY_DB", (path.string() + ".temp.db").c_str());
  GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, opts);
  CSLDestroy(opts);
  if (!ds) throw std::runtime_error(fmt::format("cannot create {}: {}", path.string(), CPLGetLastErrorMsg()));
  try {
    for (const LayerData* l : layers) {
      const auto z = zooms(l->name);
      auto srs = working_srs(l->epsg);
      char** lopts = nullptr;
      lopts = CSLSetNameValue(lopts, "MINZOOM", std::to_string(z.min).c_str());
      lopts = CSLSetNameValue(lopts, "MAXZOOM", std::to_string(z.max).c_str());
      lopts = CSLSetNameValue(lopts, "DESCRIPTION", l->description.c_str());
      OGRLayer* out = ds->CreateLayer(l->name.c_str(), srs.get(), geometry_type_of(*l), lopts);
      CSLDestroy(lopts);
      if (!out) throw std::runtime_error(fmt::format("cannot create layer {} in {}: {}", l->name, path.string(), CPLGetLastErrorMsg()));
      fill_layer(out, *l, nullptr);
    }
  } catch (...) {
    GDALClose(ds);
    throw;
  }
  // The tiles are cut when the dataset closes.
  CPLErrorReset();
  GDALClose(ds);
  if (CPLGetLastErrorType() >= CE_Failure || !fs::exists(path))
    throw std::runtime_error(fmt::format("cannot write the vector tiles {}: {}", path.string(), CPLGetLastErrorMsg()));
}

}  // namespace leefkaart::io
