#pragma once
// The names of the series output, from schema/series.json (shared with the web app).
#include <string>

#include <nlohmann/json.hpp>

namespace leefkaart::series {

const nlohmann::json& schema();

// A field name from the schema's `group` ("cell_fields", "area_fields") with
// {year}, {name} and {score} filled in.
std::string field(const std::string& group, const std::string& key, int year = 0, const std::string& name = "",
                  int score = -1);

// A file name from the schema's "csv" group.
std::string csv_name(const std::string& key);

}  // namespace leefkaart::series
