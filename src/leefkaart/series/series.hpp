#pragma once
// `leefkaart series`: the gezondheidskaart for several years on one grid,
// with change against a base year, trends per area and the gap.
#include <cstdint>
#include <optional>
#include <string>

#include "io/csv.hpp"

namespace leefkaart::series {

struct SeriesOptions {
  std::string config_path;
  std::string out_dir;
  std::optional<std::string> data_dir;
  std::uint64_t max_cells = 50'000'000;
  io::CsvDialect csv = io::CsvDialect::Plain;  // --csv: plain, or excel (BOM, `;`, decimal comma)
};

// Throws InputError on bad input; on any failure nothing is left in out_dir.
void run(const SeriesOptions& opts);

// `check-config` of a series config: the config explained, then per year which
// data each indicator would use (carried, left out) after reading every source.
std::string check(const std::string& config_path, const std::optional<std::string>& data_dir);

}  // namespace leefkaart::series
