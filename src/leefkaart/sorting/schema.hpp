#pragma once
// The names of the sorting output, from schema/sorting.json (shared with the web app).
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace leefkaart::sorting {

const nlohmann::json& schema();

// A field name from the schema's `group` ("buurt_fields", "zone_fields",
// "hotspot_fields", "early_warning_columns") with {group}, {year}, {snapshot}
// and {criterion} filled in where given.
struct FieldArgs {
  FieldArgs(std::string group_ = {}, int year_ = 0, std::string snapshot_ = {}, std::string criterion_ = {})
      : group(std::move(group_)), year(year_), snapshot(std::move(snapshot_)), criterion(std::move(criterion_)) {}
  std::string group;
  int year = 0;
  std::string snapshot;
  std::string criterion;
};
std::string field(const std::string& group, const std::string& key, const FieldArgs& args = {});

std::string layer_name(const std::string& key);  // "layers"
std::string csv_name(const std::string& key);     // "csv"
std::string geopackage_name();
std::string manifest_key(const std::string& key);  // "manifest_keys"
// The keys of an object of the schema, in the schema's order (nlohmann::json
// sorts keys; the written order matters for zones, bands and criteria).
std::vector<std::string> keys_in_order(const std::string& group);

}  // namespace leefkaart::sorting
