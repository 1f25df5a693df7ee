#pragma once
// The names of a build's output (layers, fields, status codes, colours,
// manifest keys), from schema/build.json: the one place they are written,
// shared with the report, the QGIS styles and the web app.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace leefkaart::io::build_schema {

const nlohmann::json& schema();

// Placeholders of a field pattern; empty or negative ones stay unfilled.
struct Fill {
  std::string name;  // {name}: an indicator
  int score = -1;    // {score}
  int k = -1;        // {k}: "score at least k"
  int rank = -1;     // {rank}: a driver's rank
};

std::string cell_field(const std::string& key, const Fill& fill = {});
std::string area_field(const std::string& key, const Fill& fill = {});
std::string layer(const std::string& key);
// A status code ("scored" → "score") and its label in "nl" or "en".
std::string status(const std::string& key);
std::string status_label(const std::string& code, const std::string& lang = "nl");
std::string colour(const std::string& key);
// A top-level key of the manifest ("csv_dialect" → the key written).
std::string manifest_key(const std::string& key);

// Vector tiles (schema "tiles"): the file's name, and the zooms a map layer
// (by its written name) is cut at: [min, max].
std::string tiles_file();
struct ZoomRange {
  int min = 0, max = 0;
};
ZoomRange tile_zooms(const std::string& layer_name);

// A key of an indicator's manifest entry ("perspective" → the key written).
std::string indicator_key(const std::string& key);

// Stapelkaart (schema "stack"): a cell or area field with {perspective} or
// {class} filled in (`fill` empty: left unfilled), the stapel class codes in
// the schema's order, the coarse layer's name and the stack's manifest keys.
std::string stack_cell_field(const std::string& key, const std::string& fill = "");
std::string stack_area_field(const std::string& key, const std::string& fill = "");
std::vector<std::string> stack_class_codes();
std::string stack_coarse_layer();
std::string stack_manifest_key(const std::string& key);

}  // namespace leefkaart::io::build_schema
