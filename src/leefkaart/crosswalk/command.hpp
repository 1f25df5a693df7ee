#pragma once
// `leefkaart crosswalk`: the crosswalk between two boundary files as a result
// set an analyst can inspect (crosswalk.csv and a summary in manifest.json).
#include <optional>
#include <string>

#include "crosswalk/crosswalk.hpp"

namespace leefkaart::crosswalk {

// A boundary set for a crosswalk: polygons with a code, optionally cut to the
// codes that start with a prefix (a national file cut to one gemeente).
struct BoundarySpec {
  std::string file;
  std::string code_field = "statcode";
  std::optional<std::string> crs;  // for files without one
  std::string code_prefix;         // empty: every polygon
  std::optional<geom::Box> study_box;  // a layer wholly outside it is refused
};

// Throws InputError naming the file and field when the field is absent or no
// polygon's code starts with the prefix.
io::AreaSet read_boundaries(const BoundarySpec& spec);

// Throws InputError naming both files when no polygon of one overlaps the other.
void require_overlap(const Crosswalk& cw, const std::string& code_field);

struct CommandOptions {
  BoundarySpec from, to;
  std::string out_dir;
  Tolerance tolerance;
  bool align = false;  // shift --from onto --to's outline first (the shift is always reported)
};

void run_command(const CommandOptions& opts);

}  // namespace leefkaart::crosswalk
