#pragma once
#include <gdal_priv.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace leefkaart::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs the leefkaart binary with the given arguments (already shell-quoted).
CliResult run_cli(const std::string& args);

std::filesystem::path source_dir();
// The shared real data: $LEEFKAART_DATA or ../shared/data beside the repository.
std::filesystem::path data_dir();
// A fresh, empty directory for one test.
std::filesystem::path fresh_dir(const std::string& name);
// The same, for a build that a suite's tests share: ctest runs every test in its own process,
// two at a time, so each process gets its own folder and never replaces files another reads.
std::filesystem::path fresh_dir_for_this_process(const std::string& name);
std::string read_text(const std::filesystem::path& p);
void write_text(const std::filesystem::path& p, const std::string& text);
// Files (not folders) below dir; a failed run must leave none.
std::size_t file_count(const std::filesystem::path& dir);

// The common bad-input expectation: non-zero exit, "leefkaart: error:", every
// fragment in the message, and no file written below out_dir.
void expect_clean_failure(const CliResult& r, const std::filesystem::path& out_dir, const std::vector<std::string>& fragments);

// `leefkaart build` with a config and an output folder (and --data when given).
CliResult run_build(const std::filesystem::path& config, const std::filesystem::path& out,
                    const std::filesystem::path& data = {});

// A made-up OSM street grid (XML) in the Netherlands: residential streets every
// `spacing` metres over the RD box, none inside `lake` (RD box, may be empty),
// plus tagged points of interest. Coordinates are converted with PROJ.
struct RdBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
struct Poi {
  double x = 0, y = 0;
  std::string key, value, name;
};
std::string street_grid_osm(RdBox box, double spacing, RdBox lake, const std::vector<Poi>& pois);

// An RD New point as (lon, lat) in WGS84, through PROJ.
std::pair<double, double> rd_to_lonlat(double x, double y);

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;
// Opens an output with plain GDAL, independent of leefkaart's own readers.
Dataset open_vector(const std::filesystem::path& p);

}  // namespace leefkaart::testing
