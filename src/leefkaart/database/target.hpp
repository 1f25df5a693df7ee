#pragma once
// Where `build --to` writes: a PostgreSQL URL and the new schema of the run.
// No GDAL here: the CLI and the pipeline name a target; database/postgis.hpp writes.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace leefkaart::database {

struct Target {
  std::string url;     // as the user gave it (may hold a password): passed only to the driver
  std::string shown;   // the URL without its password: for messages and the manifest
  std::string schema;  // the run's new schema
};

// The URL with any password (user:PASSWORD@ or ?password=) left out.
std::string without_password(const std::string& url);

// Checks a postgresql:// (or postgres://) URL and the schema name. Throws
// InputError naming the URL (without its password) and what is wrong. An
// empty schema gets default_schema(out_dir, now).
Target make_target(const std::string& url, const std::string& schema, const std::filesystem::path& out_dir,
                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// A run's schema by default: the output folder's name, lower case with
// everything but a-z, 0-9 as "_", then the UTC time ("utrecht_20261205_0730_15"),
// so runs never share a schema and the name needs no quoting in SQL.
std::string default_schema(const std::filesystem::path& out_dir, std::chrono::system_clock::time_point now);

}  // namespace leefkaart::database
