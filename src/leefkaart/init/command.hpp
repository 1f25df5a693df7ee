#pragma once
// `leefkaart init --gemeente GM0307 [--gemeente …] [--all] [--out FILE]`: a
// ready build config for any gemeente (or several, or all of the Netherlands)
// from the national files of the data folder.
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::init {

struct InitOptions {
  std::vector<std::string> gemeenten;  // GM codes of the 2025 indeling
  bool all = false;                    // every gemeente of the Netherlands
  std::optional<std::string> out;      // default: <name>.toml in the working folder
  std::optional<std::string> data_dir;
  bool force = false;                  // replace an existing file
  std::string command_line;            // recorded in the preset's first line
};

struct InitResult {
  std::string path;                  // the preset written
  std::vector<std::string> report;   // what matched and what did not, per gemeente
  double residents = 0;              // in the CBS table for the chosen gemeenten
};

// Throws InputError (nothing written) for an unknown code, a missing national
// file, a national file whose codes match nothing, or an existing --out.
InitResult run_init(const InitOptions& opts);

// The file name init proposes for these gemeente names ("amersfoort.toml").
std::string default_file_name(const std::vector<std::string>& names, bool all);

}  // namespace leefkaart::init
