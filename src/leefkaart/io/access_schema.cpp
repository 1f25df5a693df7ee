#include "io/access_schema.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "io/access_schema_json.hpp"

namespace leefkaart::io::access_schema {

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(kAccessSchemaJson);
  return parsed;
}

std::string layer(const std::string& key) { return schema().at("layers").at(key).get<std::string>(); }

std::string cell_field(const std::string& key, const std::string& category, double radius_km) {
  std::string f = schema().at("cell_fields").at(key).get<std::string>();
  if (!category.empty()) f = replace_all(f, "{category}", category);
  // The shortest decimal, as JavaScript prints a number: 1, 0.5, 1.5.
  if (radius_km >= 0) f = replace_all(f, "{radius_km}", fmt::format("{:g}", radius_km));
  return f;
}

std::string area_field(const std::string& key, const std::string& category) {
  std::string f = schema().at("area_fields").at(key).get<std::string>();
  return category.empty() ? f : replace_all(f, "{category}", category);
}

}  // namespace leefkaart::io::access_schema
