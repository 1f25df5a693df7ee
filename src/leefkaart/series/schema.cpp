#include "series/schema.hpp"

#include "core/text.hpp"
#include "series/schema_json.hpp"

namespace leefkaart::series {

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(kSchemaJson);
  return parsed;
}

std::string field(const std::string& group, const std::string& key, int year, const std::string& name, int score) {
  std::string f = schema().at(group).at(key).get<std::string>();
  if (year) f = replace_all(f, "{year}", std::to_string(year));
  if (!name.empty()) f = replace_all(f, "{name}", name);
  if (score >= 0) f = replace_all(f, "{score}", std::to_string(score));
  return f;
}

std::string csv_name(const std::string& key) { return schema().at("csv").at(key).get<std::string>(); }

}  // namespace leefkaart::series
