#pragma once
// A small valid city for the end-to-end tests: two 2 km buurten in RD New, a
// kerncijfers-like table and a config with a table and a density indicator.
// Each bad-input test breaks one thing in it.
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace leefkaart::testing {

// GeoJSON pieces in RD New (EPSG:28992).
std::string square(double x0, double y0, double size);
std::string feature(const std::string& code, const std::string& coordinates, const std::string& type = "Polygon");
std::string collection(const std::vector<std::string>& features);

extern const char* const kFixtureCityConfig;

struct FixtureCity {
  std::filesystem::path dir, out;
  explicit FixtureCity(const std::string& name);
  // Replaces the first `from` in the file (which must hold it) by `to`.
  void replace_in(const std::string& file, const std::string& from, const std::string& to);
  CliResult build() const { return run_build(dir / "config.toml", out); }
};

// The run fails cleanly (see expect_clean_failure in cli_runner.hpp).
void expect_clean_failure(const FixtureCity& c, const std::vector<std::string>& fragments);

}  // namespace leefkaart::testing
