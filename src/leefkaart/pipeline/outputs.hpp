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

// cell_id, q, r, x, y (centre in the working CRS) and area_m2, plus the hexagon geometries.
// `area_m2` gives each cell's area inside the study area (nullptr: the full cell).
void add_cell_base(io::LayerData& layer, const grid::HexGrid& grid, const std::vector<grid::HexId>& cells,
                   const std::vector<double>* area_m2, const std::string& x_name = "x_rd",
                   const std::string& y_name = "y_rd");

// The base map layers (basemap_roads, …) of an OSM extract within `box`
// (working CRS, EPSG:epsg), for the web app; empty layers are left out.
std::vector<io::LayerData> basemap_layers(const std::string& osm_file, const geom::Box& box, int epsg);

// Writes each base map layer as GeoJSON and lists it in the manifest
// (`outputs`, and `basemap`: the names the web app asks for).
void write_basemap(io::ResultSetWriter& stage, const std::vector<io::LayerData>& layers, nlohmann::json& manifest);

// The cells covering `area`, or an InputError at `where` (the setting that
// decides the cell size) when they would be more than max_cells.
std::vector<grid::HexId> cover_within_limit(const grid::HexGrid& grid, const GEOSGeometry* area, grid::CoverRule rule,
                                            std::uint64_t max_cells, const Location& where);

nlohmann::json library_versions();
nlohmann::json file_entry(const std::string& path);  // path, sha256, bytes
std::string utc_now();
double round_to(double v, int decimals);

}  // namespace leefkaart::pipeline
