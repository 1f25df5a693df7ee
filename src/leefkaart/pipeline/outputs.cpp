#include "pipeline/outputs.hpp"

#include <gdal.h>
#include <proj.h>
#include <spdlog/version.h>
#include <sqlite3.h>

#include <cmath>
#include <ctime>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fstream>
#include <osmium/version.hpp>
#include <toml++/toml.h>

#include "geom/geos.hpp"
#include "io/build_schema.hpp"
#include "io/checksum.hpp"
#include "io/vector_tiles.hpp"
#include "network/basemap.hpp"

namespace leefkaart::pipeline {
namespace fs = std::filesystem;

std::vector<io::LayerData> basemap_layers(const std::string& osm_file, const geom::Box& box, int epsg) {
  std::vector<io::LayerData> out;
  for (auto& layer : network::read_basemap(osm_file, box, epsg)) {
    if (layer.shapes.empty()) continue;
    io::LayerData l;
    l.name = "basemap_" + layer.name;
    l.epsg = epsg;
    l.description = "base map from OpenStreetMap (© OpenStreetMap contributors, ODbL)";
    l.fields = {{"kind", io::FieldType::String}};
    for (std::size_t i = 0; i < layer.shapes.size(); ++i) {
      l.rows.push_back({layer.kinds[i]});
      l.geometries.push_back(std::move(layer.shapes[i]));
    }
    out.push_back(std::move(l));
  }
  return out;
}

void add_basemap_writes(io::ResultSetWriter& stage, const std::vector<io::LayerData>& layers, nlohmann::json& manifest,
                        std::vector<std::function<void()>>& writes) {
  nlohmann::json names = nlohmann::json::array();
  for (const io::LayerData& layer : layers) {
    writes.push_back([&layer, path = stage.staged(layer.name + ".geojson")] { io::write_geojson_wgs84(path, layer); });
    manifest["outputs"].push_back(layer.name + ".geojson");
    names.push_back(layer.name.substr(std::string("basemap_").size()));
  }
  manifest["basemap"] = names;
}

void add_tile_write(io::ResultSetWriter& stage, const std::vector<const io::LayerData*>& map_layers,
                    nlohmann::json& outputs, std::vector<std::function<void()>>& writes) {
  const std::string file = io::build_schema::tiles_file();
  // First in the list: the slowest file to write, started first.
  writes.insert(writes.begin(), [map_layers, path = stage.staged(file)] {
    io::write_mbtiles(path, map_layers, io::build_schema::tile_zooms,
                      {"leefkaart", "leefkaart: gezondheidskaart per cel, buurt, wijk en gemeente"});
  });
  outputs.push_back(file);
}

nlohmann::json library_versions() {
  return {{"leefkaart", LEEFKAART_VERSION},
          {"gdal", GDALVersionInfo("RELEASE_NAME")},
          {"proj", proj_info().release},
          {"geos", GEOSversion()},
          {"sqlite", sqlite3_libversion()},
          {"libosmium", LIBOSMIUM_VERSION_STRING},
          {"tomlplusplus", fmt::format("{}.{}.{}", TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH)},
          {"fmt", FMT_VERSION},
          {"spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH)}};
}

nlohmann::json file_entry(const std::string& path) {
  return {{"path", path}, {"sha256", io::sha256_file(path)}, {"bytes", fs::file_size(path)}};
}

std::string utc_now() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr))); }

}  // namespace leefkaart::pipeline
