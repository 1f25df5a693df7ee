#pragma once
// Vector tiles of a build's map layers: one MBTiles file of Mapbox Vector
// Tiles (EPSG:3857, gzip-compressed tiles, TMS rows, the metadata GDAL's MVT
// driver writes). Each layer is cut only within its own zoom range, so a
// national build does not carry every cell at zoom 5; a map overzooms past the
// maximum. The tiles are cut here (io/mvt_tile.hpp) on all cores: GDAL's
// driver sorted every feature of the country through a temporary SQLite table
// on one thread, 4 of a national build's 6 minutes.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/build_schema.hpp"
#include "io/output.hpp"

namespace leefkaart::io {

struct TileSetInfo {
  std::string name;         // the tile set's title (MBTiles metadata "name")
  std::string description;  // MBTiles metadata "description"
};

// Writes `layers` (working CRS; reprojected here) with every attribute, each
// from zooms(layer name).min to .max (at most 15). Throws std::runtime_error
// when the file cannot be written; nothing is left at `path` then.
void write_mbtiles(const std::filesystem::path& path, const std::vector<const LayerData*>& layers,
                   const std::function<build_schema::ZoomRange(const std::string&)>& zooms, const TileSetInfo& info);

}  // namespace leefkaart::io
