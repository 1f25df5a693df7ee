#pragma once
// `leefkaart report`: a wijkprofiel per area from a finished build. Each
// profile is one self-contained HTML file (inline CSS and SVG, nothing
// fetched) that prints on A4: the area's map, its score distribution, every
// indicator against the city, privacy and masking in plain Dutch, the drivers,
// the data's caveats and sources. index.html ranks the areas. The report reads
// only the build's files and manifest, as `serve` does.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/layer_table.hpp"
#include "report/register_section.hpp"
#include "report/survey_section.hpp"

namespace leefkaart::report {

struct ReportOptions {
  std::filesystem::path build_dir;  // the output folder of `leefkaart build`
  std::filesystem::path out_dir;    // where the profiles go (replaced whole)
  std::string area;                 // empty: every buurt and wijk; else one buurt or wijk code
  std::filesystem::path store;      // a register (`leefkaart registry`): its sections and the Leefplekmeter's in every profile; empty: none
};

// A finished build as the report reads it.
struct Build {
  std::filesystem::path dir;
  nlohmann::json manifest;
  io::LayerTable cells, buurten, wijken, gemeente;
};

// Reads manifest.json and the layers of leefkaart.gpkg; InputError naming the
// file (and layer or field) when `dir` is no complete build.
Build load_build(const std::filesystem::path& dir);

enum class Level { Buurt, Wijk };

// The file name of an area's profile: "<code>.html".
std::string profile_file(const std::string& code);

// The supplied indicators whose value for row `row` of the buurten or wijken
// layer lies on the unfavourable side of its threshold, as the profile words them.
struct WorseIndicator {
  std::string label, value, threshold;  // "Afstand tot groen", "412 m", "300 m"
};
std::vector<WorseIndicator> worse_than_threshold(const Build& build, Level level, std::size_t row);

// The map of row `row` of the buurten or wijken layer: its cells coloured by
// score, its outline, scale bar, north arrow, and the legend below it.
std::string area_map_html(const Build& build, Level level, std::size_t row);

// The profile of row `row` of the buurten or wijken layer; with the
// register's sections when `reg` is given, and the Leefplekmeter's when `beleving` is.
std::string profile_html(const Build& build, Level level, std::size_t row, const RegisterSection* reg = nullptr,
                         const SurveySection* beleving = nullptr);

// The city overview: figures of the gemeente and the areas ranked by mean
// score and by residents × score. `linked`: codes whose profiles are written
// beside it (others are named, not linked).
std::string index_html(const Build& build, const std::vector<std::string>& linked);

// Writes the profiles and index.html into opts.out_dir as one result set.
// Returns the number of profiles written.
std::size_t run(const ReportOptions& opts);

}  // namespace leefkaart::report
