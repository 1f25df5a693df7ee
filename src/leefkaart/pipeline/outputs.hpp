#pragma once
// Pieces every command's output shares: the cell id fields, the manifest.
#include <filesystem>
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

// Writes each base map layer as GeoJSON and lists it in the manifest
// (`outputs`, and `basemap`: the names the web app asks for).
void write_basemap(io::ResultSetWriter& stage, const std::vector<io::LayerData>& layers, nlohmann::json& manifest);

nlohmann::json library_versions();
nlohmann::json file_entry(const std::string& path);  // path, sha256, bytes
std::string utc_now();

}  // namespace leefkaart::pipeline
