#pragma once
// The whole gezondheidskaart run: study area -> grid -> residents ->
// indicators -> thresholds -> score -> privacy -> levels -> files.
#include <cstdint>
#include <optional>
#include <string>

#include "database/target.hpp"
#include "io/csv.hpp"

namespace leefkaart::pipeline {

struct Options {
  std::string config_path;
  std::string out_dir;
  std::optional<std::string> data_dir;
  bool grid_only = false;  // `leefkaart grid`: only the cells of the study area
  std::uint64_t max_cells = 50'000'000;  // a cap on work (grid::kDefaultMaxCells)
  io::CsvDialect csv = io::CsvDialect::Plain;  // --csv: plain, or excel (BOM, `;`, decimal comma)
  std::optional<database::Target> to;          // --to: the set also into this PostGIS database, in one transaction
};

// Throws InputError (bad input) or std::exception; on any failure nothing is
// left in out_dir.
void run(const Options& opts);

// Validates the config and, when its data can be found, every file and field
// it names. Returns the explanation printed by `check-config`.
std::string check_config(const std::string& config_path, const std::optional<std::string>& data_dir);

}  // namespace leefkaart::pipeline
