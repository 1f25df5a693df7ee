#pragma once
// `build --to postgresql://…`: the build's result set, also in a PostGIS
// database that a team shares. Every run gets a new schema holding the same
// layers as the GeoPackage (and the masking table), in EPSG:28992, plus a
// table with the run's manifest. The whole set is written in one transaction,
// and the local result set appears only when the database has it: either both
// or neither. GDAL's PostgreSQL driver does the work; its types stay in here.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "database/target.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"

namespace leefkaart::database {

// Before the work: the database can be reached, has PostGIS, and has no
// schema of the run's name yet. Throws InputError naming the URL (without
// its password) and what is wrong. Nothing is written.
void check_target(const Target& target);

// Commits `stage` (the local set), and first, when `target` is given, writes
// `layers` and `manifest` into the new schema in one transaction: a failure
// there leaves nothing in the database and nothing in the output folder. If
// the local commit fails after the database committed, the schema is dropped
// again.
void commit_together(io::ResultSetWriter& stage, const std::optional<Target>& target,
                     const std::vector<const io::LayerData*>& layers, nlohmann::json manifest);

}  // namespace leefkaart::database
