#pragma once
// `leefkaart survey walkpack`: the printable A4 pack a team takes on a
// buurtwandeling: the area's map, what the build knows of it ("wat weten we
// van dit gebied?"), how many Leefplekmeter forms there are already, and a
// blank wheel with the fourteen questions to fill in. One self-contained HTML
// file (inline CSS and SVG, nothing fetched). It lives beside the wijkprofiel
// because it shows the same build the same way.
#include <filesystem>
#include <string>

#include "report/report.hpp"
#include "survey/survey_schema.hpp"

namespace leefkaart::report {

struct WalkpackOptions {
  std::filesystem::path store, out_dir, build_dir;
  std::string area;  // a buurt or wijk code of the build
  std::string theme_set = "leefplekmeter-2018";
  std::string variant = "standaard";
};

// What the pack says of the forms already stored for the area.
struct FormsSoFar {
  int forms = 0, people = 0;
  std::vector<std::string> rounds;
};

// The pack for row `row` of the buurten or wijken layer. InputError naming
// --variant when the set has no wording in that variant.
std::string walkpack_html(const Build& build, Level level, std::size_t row, const FormsSoFar& forms,
                          const survey::ThemeSet& set, const std::string& variant);

// Checks everything (area, set, variant, store), then writes the pack as one
// result set; returns the line it prints. An unknown area: InputError naming it, nothing written.
std::string walkpack_command(const WalkpackOptions& options);

}  // namespace leefkaart::report
