#pragma once
// A series' baseline (nulmeting) is frozen: once a series is written to a
// folder, its base year's inputs, thresholds and grid cannot change there.
#include <string>

#include <nlohmann/json.hpp>

namespace leefkaart::series {

// Throws InputError when `out_dir` holds an earlier series whose grid, base
// year, base-year inputs (sha256) or base-year thresholds differ from
// `manifest`'s, naming what differs. Rebuilding with the same baseline (for
// example to add a year) is allowed.
void check_baseline_unchanged(const std::string& out_dir, const nlohmann::json& manifest);

}  // namespace leefkaart::series
