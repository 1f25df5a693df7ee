#pragma once
// The names of an access run's output, from schema/access.json (shared with the web app).
#include <string>

#include <nlohmann/json.hpp>

namespace leefkaart::io::access_schema {

const nlohmann::json& schema();

std::string layer(const std::string& key);
// A field of the cells or areas layer with {category} and {radius_km} filled in (radius < 0: unfilled).
std::string cell_field(const std::string& key, const std::string& category = "", double radius_km = -1);
std::string area_field(const std::string& key, const std::string& category = "");

}  // namespace leefkaart::io::access_schema
