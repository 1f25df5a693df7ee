#pragma once
// Vector tiles of a build's map layers: one MBTiles file of Mapbox Vector
// Tiles (EPSG:3857, gzip-compressed tiles, TMS rows), written by GDAL's MVT
// driver. Each layer is cut only within its own zoom range, so a national
// build does not carry every cell at zoom 5; a map overzooms past the maximum.
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
// from zooms(layer name).min to .max. Throws std::runtime_error when GDAL
// cannot create or finish the file.
void write_mbtiles(const std::filesystem::path& path, const std::vector<const LayerData*>& layers,
                   const std::function<build_schema::ZoomRange(const std::string&)>& zooms, const TileSetInfo& info);

}  // namespace leefkaart::io
