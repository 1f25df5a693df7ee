#pragma once
// `leefkaart sorting`: the PBL spatial-sorting monitor of a region of several
// gemeenten over years (README "leefkaart sorting").
#include <optional>
#include <string>

namespace leefkaart::sorting {

struct CommandOptions {
  std::string config_path;
  std::string out_dir;
  std::optional<std::string> data_dir;
};

void run_command(const CommandOptions& opts);

}  // namespace leefkaart::sorting
