#pragma once
// Pieces every command's output shares: the cell id fields, the manifest.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "grid/hexgrid.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"

namespace leefkaart::pipeline {

// The base map layers (basemap_roads, …) of an OSM extract within `box`
// (working CRS, EPSG:epsg), for the web app; empty layers are left out.
std::vector<io::LayerData> basemap_layers(const std::string& osm_file, const geom::Box& box, int epsg);

// Adds to `writes` one GeoJSON file per base map layer (run them with
// io::BackgroundWrites) and lists them in the manifest (`outputs`, and
// `basemap`: the names the web app asks for).
void add_basemap_writes(io::ResultSetWriter& stage, const std::vector<io::LayerData>& layers, nlohmann::json& manifest,
                        std::vector<std::function<void()>>& writes);

// Adds to `writes` the vector tiles of `map_layers` (schema/build.json
// "tiles": the file and each layer's zooms) and lists the file in `outputs`.
void add_tile_write(io::ResultSetWriter& stage, const std::vector<const io::LayerData*>& map_layers,
                    nlohmann::json& outputs, std::vector<std::function<void()>>& writes);

nlohmann::json library_versions();
nlohmann::json file_entry(const std::string& path);  // path, sha256, bytes
std::string utc_now();

}  // namespace leefkaart::pipeline
