#pragma once
// Turning each configured source into one value per cell: table columns
// (through the area overlay), straight-line distance to the nearest feature of
// a layer, or a raster sampled at the cell centre.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "crosswalk/crosswalk.hpp"
#include "io/table_source.hpp"
#include "io/vector_source.hpp"
#include "network/access.hpp"
#include "network/routing_data.hpp"
#include "transfer/transfer.hpp"

namespace leefkaart::indicators {

// Resolves a configured file name: absolute as is, "./x" and "../x" relative
// to the config file, anything else relative to the data directory.
struct PathResolver {
  std::string data_dir;
  std::string config_dir;
  std::string operator()(const std::string& file) const;
};

// Loaded sources, each read once, with the files used (for the manifest).
class Sources {
 public:
  Sources(const config::Config& cfg, PathResolver resolve) : cfg_(cfg), resolve_(std::move(resolve)) {}
  const io::Table& table(const std::string& name);
  const io::VectorData& layer(const std::string& name);
  // A street network in RD New, read once per extract and built once per mode.
  struct Routing {
    const network::RoutingData* data;
    const network::Graph* graph;
    const network::SnapIndex* index;
  };
  Routing routing(const std::string& osm_file, const std::string& mode);
  // Rasters are opened per use; their paths are recorded here for the manifest.
  std::string resolve_and_record(const std::string& file);
  // The crosswalk from the polygons a table's codes belong to onto `areas`,
  // built once per crosswalk spec and weighting (nullptr for a table keyed on
  // the areas' own codes). Throws InputError naming the file, the config line and
  // field when the polygons cannot be read or do not overlap the areas.
  const crosswalk::Crosswalk* crosswalk(const std::string& table_name, const io::AreaSet& areas,
                                        const std::vector<crosswalk::WeightPoint>& weights = {});
  std::vector<std::string> files_used() const { return files_; }
  std::vector<std::string> warnings;
  // The study area's box: a layer wholly outside it is refused (wrong file or CRS).
  std::optional<geom::Box> study_box;

 private:
  const config::Config& cfg_;
  PathResolver resolve_;
  std::map<std::string, io::Table> tables_;
  std::map<std::string, io::VectorData> layers_;
  std::map<std::string, std::unique_ptr<network::RoutingData>> networks_;
  std::map<std::string, std::unique_ptr<network::Graph>> graphs_;
  std::map<std::string, std::unique_ptr<network::SnapIndex>> snap_indices_;
  std::map<std::string, std::unique_ptr<crosswalk::Crosswalk>> crosswalks_;  // by spec and weighting
  std::vector<std::string> files_;
};

struct AreaJoin {
  std::vector<std::optional<double>> values;  // per area
  std::vector<std::string> unmatched_areas;   // area codes without a row (through a crosswalk: without a value)
  std::vector<std::string> notes;             // how a crosswalk re-expressed the table, for the run report
};

// Reads one value per area from a table source (combining several columns,
// dividing by another column and scaling as configured).
AreaJoin area_values(const config::SourceSpec& src, const io::Table& table, const io::AreaSet& areas);

// area_values for a table source, through the table's crosswalk when the table
// is keyed on another boundary set's codes: `Count` (residents, extensive
// indicators) is split over the overlaps, `Rate` is the overlap-weighted mean.
// The overlaps are weighed by the residents of `weights` in them (e.g. cell
// centres with their residents) where there are any, otherwise by their area.
AreaJoin join_table(const config::SourceSpec& src, Sources& sources, const io::AreaSet& areas, crosswalk::Measure measure,
                    const std::vector<crosswalk::WeightPoint>& weights = {});

struct Grid {
  const grid::HexGrid* hex = nullptr;
  const std::vector<grid::HexId>* cells = nullptr;
  const io::AreaSet* areas = nullptr;
  const transfer::Overlay* overlay = nullptr;
  const std::vector<double>* residents = nullptr;  // per cell
};

struct CellColumn {
  CellColumn() = default;
  explicit CellColumn(std::size_t cells) : value(cells), reason(cells) {}  // all missing, no reason yet
  std::vector<std::optional<double>> value;
  std::vector<std::string> reason;
  std::vector<std::string> notes;  // e.g. unmatched areas, for the run report
};

CellColumn evaluate(const config::Indicator& ind, const config::Config& cfg, Sources& sources, const Grid& g,
                    double min_coverage);

}  // namespace leefkaart::indicators
