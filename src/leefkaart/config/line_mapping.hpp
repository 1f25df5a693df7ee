#pragma once
// The mapping of a road layer's attributes to the walk, bike and car profiles
// (`leefkaart access --network`), read from a TOML file such as
// presets/network_nwb.toml. The README documents every key.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::config {

struct LineMappingSpec {
  std::string layer;
  std::string class_field;
  std::array<std::optional<std::vector<std::string>>, 3> classes;  // walk, bike, car
  std::string oneway_field;
  std::vector<std::string> oneway_forward, oneway_backward, oneway_both;
  std::string speed_field;
  std::string length_field;
  double snap_tolerance_m = 0.5;
};

// Throws InputError naming the file, line and key.
LineMappingSpec load_line_mapping(const std::string& path);

}  // namespace leefkaart::config
