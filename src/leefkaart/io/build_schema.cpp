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

}  // namespace leefkaart::io::build_schema
