#pragma once
// The layers, tables and manifest of a sorting run, written as one result set
// (io/result_set.hpp): uitsortering.gpkg, each layer as <layer>.geojson in
// WGS84, early_warning.csv, buurten.csv, zones.csv and manifest.json.
#include <string>
#include <vector>

#include "sorting/compute.hpp"

namespace leefkaart::sorting {

struct Results {
  const Spec& spec;
  const Region& region;
  const std::vector<GroupResult>& groups;
  const std::vector<Values>& snapshots;  // per spec.snapshots
  const std::vector<UnitResult>& units;
  const HotSpotResult& hotspots;
  const EarlyWarningResult& early_warning;
};

void write_outputs(const Results& r, const std::string& out_dir);

}  // namespace leefkaart::sorting
