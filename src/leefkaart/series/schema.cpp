#include "series/schema.hpp"

#include "series/schema_json.hpp"

namespace leefkaart::series {

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(kSchemaJson);
  return parsed;
}

namespace {
void fill(std::string& s, const std::string& pattern, const std::string& value) {
  for (auto pos = s.find(pattern); pos != std::string::npos; pos = s.find(pattern, pos + value.size()))
    s.replace(pos, pattern.size(), value);
}
}  // namespace

std::string field(const std::string& group, const std::string& key, int year, const std::string& name, int score) {
  std::string f = schema().at(group).at(key).get<std::string>();
  if (year) fill(f, "{year}", std::to_string(year));
  if (!name.empty()) fill(f, "{name}", name);
  if (score >= 0) fill(f, "{score}", std::to_string(score));
  return f;
}

std::string csv_name(const std::string& key) { return schema().at("csv").at(key).get<std::string>(); }

}  // namespace leefkaart::series
