#pragma once
#include <optional>
#include <string>

namespace leefkaart::config {

// The directory relative data paths in a config refer to. In order: --data,
// $LEEFKAART_DATA, then ../shared/data beside the repository (looked for from
// the working directory, the config file and the executable).
struct DataDir {
  std::string path;
  std::string found_by;
};
DataDir find_data_dir(const std::optional<std::string>& explicit_dir, const std::string& config_path);

}  // namespace leefkaart::config
