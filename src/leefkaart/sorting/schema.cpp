#include "sorting/schema.hpp"

#include "core/text.hpp"
#include "sorting/schema_json.hpp"

namespace leefkaart::sorting {

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(kSchemaJson);
  return parsed;
}

std::string field(const std::string& group, const std::string& key, const FieldArgs& a) {
  std::string f = schema().at(group).at(key).get<std::string>();
  if (!a.group.empty()) f = replace_all(f, "{group}", a.group);
  if (a.year) f = replace_all(f, "{year}", std::to_string(a.year));
  if (!a.snapshot.empty()) f = replace_all(f, "{snapshot}", a.snapshot);
  if (!a.criterion.empty()) f = replace_all(f, "{criterion}", a.criterion);
  return f;
}

std::string layer_name(const std::string& key) { return schema().at("layers").at(key).get<std::string>(); }
std::string csv_name(const std::string& key) { return schema().at("csv").at(key).get<std::string>(); }
std::string geopackage_name() { return schema().at("geopackage").get<std::string>(); }
std::string manifest_key(const std::string& key) { return schema().at("manifest_keys").at(key).get<std::string>(); }

std::vector<std::string> keys_in_order(const std::string& group) {
  // nlohmann::json keeps keys sorted; the ordered_json parse keeps the file's order.
  static const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(kSchemaJson);
  std::vector<std::string> out;
  for (const auto& [k, v] : ordered.at(group).items())
    if (k != "about") out.push_back(k);
  return out;
}

}  // namespace leefkaart::sorting
