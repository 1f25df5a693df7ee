#pragma once
// `leefkaart survey wheels`: every wheel of the stored forms as SVG and PNG,
// a GeoPackage layer of the areas with per theme mean, spread and n per round,
// and the priority view (where to go first), written as one result set.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "io/output.hpp"
#include "survey/wheels.hpp"

namespace leefkaart::survey {

// An area as the exports show it: its name, polygon (RD New) and the build's
// mean hexagon score when a build was given.
struct AreaInfo {
  std::string name;
  geom::Geom geom;  // null: no polygon known
  std::optional<double> mean_score;
};
using Areas = std::map<std::string, AreaInfo>;

// The buurten and wijken of a finished build (code → name, polygon, mean
// score). InputError naming the folder when it is no complete build.
Areas build_areas(const std::filesystem::path& build_dir);
// Named areas drawn on forms (gebied_wkt) are added where the build has none.
void add_form_areas(Areas& areas, const std::vector<Form>& forms);

// outputs.wheel_file filled in, with every character other than letters,
// digits, '-' and '_' replaced by '-': "BU03440101_voor_rol-bewoner".
std::string wheel_file_name(const Wheel& wheel);

// Layer outputs.layer: one row per area and round (everyone's wheel), per theme
// of the sets {theme}_gem, _sd and _n; a hidden wheel's numbers are null and
// its reason is in outputs.fields.hidden.
io::LayerData beleving_layer(const std::vector<Wheel>& wheels, const Areas& areas);

// The priority view, one row per area, from its latest round's wheel for everyone.
struct PriorityRow {
  std::string area, name, round, theme_set;
  std::optional<double> mean_score;  // the build's mean hexagon score
  // The three lowest themes (code, mean), lowest first; empty when the wheel is hidden.
  std::vector<std::pair<std::string, double>> lowest;
  std::optional<double> judgement;  // mean of the lowest three, 0 (bottom) … 1 (top of the scale)
  int forms = 0, people = 0;
  std::optional<std::string> hidden_reason;
  int place = 0;  // 1 first
};
// Sorted: each area gets a rank by judgement (lowest first) and, with a
// build, a rank by mean hexagon score (highest first); the lowest sum of the
// two comes first, a tie goes to the lower judgement. Hidden wheels and
// areas without a judgement come last.
std::vector<PriorityRow> priority(const std::vector<Wheel>& wheels, const Areas& areas);
std::string priority_csv(const std::vector<PriorityRow>& rows);

struct WheelsOptions {
  std::filesystem::path store, out_dir;
  std::optional<std::filesystem::path> build_dir;
  WheelOptions wheel;
};
// Runs the command; returns the summary it prints. All or nothing: a refused
// wheel (mixed scales without rescaling) writes no file.
std::string wheels_command(const WheelsOptions& options);

}  // namespace leefkaart::survey
