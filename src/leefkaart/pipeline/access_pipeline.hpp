#pragma once
// `leefkaart access`: walking, cycling or driving distances from every cell
// to the nearest facility of each category, over an OpenStreetMap extract or
// a road layer (NWB, osmnx export) with facilities from OSM or a points layer.
#include <cstdint>
#include <optional>
#include <string>

#include "io/csv.hpp"

namespace leefkaart::pipeline {

struct AccessOptions {
  std::string osm_file;  // may be empty with network_file (then facilities_file is required)
  std::optional<std::string> network_file;     // a road layer (lines) routed over instead of OSM's streets
  std::optional<std::string> network_mapping;  // TOML [lines]: its fields -> the profiles
  std::optional<std::string> facilities_file;  // points layer: facilities instead of OSM's
  std::string facilities_layer;
  std::string facility_category_field = "category";
  std::string facility_name_field;
  std::string out_dir;
  std::optional<std::string> area_file;  // study area polygons; without: cells cover the routable network
  std::string area_code_field = "statcode";
  std::string area_name_field = "statnaam";
  std::string mode = "walk";
  std::optional<double> speed_kmh;                  // default per mode: walk 5, bike 15, car 30
  double cell_size = 100;                           // edge, metres
  std::optional<std::string> categories_file;       // TOML [[category]]; default categories otherwise
  bool ferries = false;
  bool counts = true;  // facilities within 1, 3 and 5 km
  double snap_limit_m = 250;
  std::optional<std::string> cbs_table;             // kerncijfers with g_afs_* columns, to compare with
  std::string cbs_key = "buurtcode";
  std::uint64_t max_cells = 50'000'000;  // a cap on work (grid::kDefaultMaxCells)
  io::CsvDialect csv = io::CsvDialect::Plain;  // --csv: plain, or excel (BOM, `;`, decimal comma)
};

// Every option in range and every named file there; throws InputError naming
// the option (run_access calls it first).
void validate(const AccessOptions& opts);

void run_access(const AccessOptions& opts);

}  // namespace leefkaart::pipeline
