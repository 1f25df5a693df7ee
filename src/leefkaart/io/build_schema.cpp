#include "io/build_schema.hpp"

#include "core/text.hpp"
#include "io/build_schema_json.hpp"

namespace leefkaart::io::build_schema {

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(kBuildSchemaJson);
  return parsed;
}

namespace {
std::string filled(const std::string& group, const std::string& key, const Fill& fill) {
  std::string f = schema().at(group).at(key).get<std::string>();
  if (!fill.name.empty()) f = replace_all(f, "{name}", fill.name);
  if (fill.score >= 0) f = replace_all(f, "{score}", std::to_string(fill.score));
  if (fill.k >= 0) f = replace_all(f, "{k}", std::to_string(fill.k));
  if (fill.rank >= 0) f = replace_all(f, "{rank}", std::to_string(fill.rank));
  return f;
}
}  // namespace

std::string cell_field(const std::string& key, const Fill& fill) { return filled("cell_fields", key, fill); }
std::string area_field(const std::string& key, const Fill& fill) { return filled("area_fields", key, fill); }
std::string layer(const std::string& key) { return schema().at("layers").at(key).get<std::string>(); }
std::string status(const std::string& key) { return schema().at("status").at(key).get<std::string>(); }
std::string status_label(const std::string& code, const std::string& lang) {
  return schema().at("status_labels").at(code).at(lang).get<std::string>();
}
std::string colour(const std::string& key) { return schema().at("colours").at(key).get<std::string>(); }
std::string manifest_key(const std::string& key) { return schema().at("manifest_keys").at(key).get<std::string>(); }

std::string tiles_file() { return schema().at("tiles").at("file").get<std::string>(); }

ZoomRange tile_zooms(const std::string& layer_name) {
  // The layer's key in "layers" ("coarse" for the stapelkaart's layer, else "other").
  std::string key = "other";
  for (const auto& [k, name] : schema().at("layers").items())
    if (name == layer_name) key = k;
  if (layer_name == stack_coarse_layer()) key = "coarse";
  const nlohmann::json& zooms = schema().at("tiles").at("zooms");
  const nlohmann::json& z = zooms.contains(key) ? zooms.at(key) : zooms.at("other");
  return {z.at(0).get<int>(), z.at(1).get<int>()};
}

std::string indicator_key(const std::string& key) { return schema().at("indicator_keys").at(key).get<std::string>(); }

namespace {
std::string stack_filled(const std::string& group, const std::string& key, const std::string& fill) {
  std::string f = schema().at("stack").at(group).at(key).get<std::string>();
  if (!fill.empty()) {
    f = replace_all(f, "{perspective}", fill);
    f = replace_all(f, "{class}", fill);
  }
  return f;
}
}  // namespace

std::string stack_cell_field(const std::string& key, const std::string& fill) { return stack_filled("cell_fields", key, fill); }
std::string stack_area_field(const std::string& key, const std::string& fill) { return stack_filled("area_fields", key, fill); }
std::vector<std::string> stack_class_codes() {
  std::vector<std::string> out;
  for (const auto& [code, _] : schema().at("stack").at("classes").items()) out.push_back(code);
  return out;
}
std::string stack_coarse_layer() { return schema().at("stack").at("coarse_layer").get<std::string>(); }
std::string stack_manifest_key(const std::string& key) {
  return schema().at("stack").at("manifest_keys").at(key).get<std::string>();
}

}  // namespace leefkaart::io::build_schema
