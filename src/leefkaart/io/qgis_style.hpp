#pragma once
// QGIS styles stored inside a build's GeoPackage, so that QGIS opens every
// layer drawn as the web app draws it: score classes in the colours of
// schema/build.json, separate classes for the gaps (uninhabited, privacy,
// data missing: hatched), area names as labels, and the layers' Dutch field
// aliases. QGIS reads a layer's default style from the GeoPackage table
// `layer_styles` (the table its own "save style to database" writes).
#include <filesystem>
#include <string>
#include <vector>

#include "io/output.hpp"

namespace leefkaart::io {

// The colour ("#rrggbb") of cell score `score` on a scale 0..max_score: score 0
// is pale (score_zero), scores 1..max run evenly through score_ramp.
std::string score_colour(int score, int max_score);

// The QML of one layer of a build: `cells` by score, `buurten`, `wijken` and
// `gemeente` by mean score (classes centred on the scores) with the area's
// name as label. A layer the build schema does not name is a logic error.
std::string qgis_style_qml(const LayerData& layer, int max_score);

// Stores qgis_style_qml of each layer as its default style in the GeoPackage
// `gpkg` (already written by write_geopackage), creating `layer_styles` if
// absent. Writing again replaces the styles of the same name.
void write_qgis_styles(const std::filesystem::path& gpkg, const std::vector<const LayerData*>& layers, int max_score);

}  // namespace leefkaart::io
