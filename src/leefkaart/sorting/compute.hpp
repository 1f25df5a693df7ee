#pragma once
// The stages of a sorting run after reading: the shares per buurt and year and
// their change, the pooled shares and segregation per zone and for the region,
// the hot spots on hexagons and the early warning. Each returns plain values;
// the measures themselves are in sorting/measures.hpp.
#include <optional>
#include <string>
#include <vector>

#include "grid/hexgrid.hpp"
#include "sorting/measures.hpp"
#include "sorting/region.hpp"
#include "sorting/spec.hpp"

namespace leefkaart::sorting {

using Values = std::vector<std::optional<double>>;  // one per buurt

struct GroupYear {
  int year = 0;
  Values share;  // % per buurt
  Values lq;     // location quotient per buurt
  std::optional<double> region_share;
};

struct GroupResult {
  const Group* group = nullptr;
  std::vector<GroupYear> years;
  Values change;  // pp, first → last year
  std::optional<double> region_change;
};

// The shares per buurt (weighted by residents where pooled) of every group and year.
std::vector<GroupResult> compute_groups(const Spec& spec, Region& region);

// A zone, or the whole region (zone == "" here; "regio" in the outputs).
struct UnitResult {
  std::string zone;
  std::size_t buurten = 0;
  double pop = 0;
  struct PerYear {
    std::optional<double> share, dissimilarity, isolation;
  };
  std::vector<std::vector<PerYear>> per_group;  // [group][year]
  std::vector<std::optional<double>> change;    // [group]
};

// The zones in schema order (only those with buurten), then the region.
std::vector<UnitResult> compute_units(const Region& region, const std::vector<GroupResult>& groups);

struct HotSpotResult {
  grid::HexGrid grid{grid::GridSpec{}};
  std::vector<grid::HexId> cells;
  std::vector<std::size_t> buurt_of;                    // index into region.buurten
  std::vector<Values> values;                           // [group] per cell: the last year's share
  std::vector<std::vector<std::optional<HotSpot>>> hot;  // [group] per cell
  std::size_t mean_neighbours = 0;
};
HotSpotResult compute_hotspots(const Spec& spec, const Region& region, const std::vector<GroupResult>& groups);

struct EarlyWarningResult {
  std::vector<EarlyWarning> per_buurt;  // empty when not configured
  Values score, facility_before, facility_after;
};
EarlyWarningResult compute_early_warning(const Spec& spec, Region& region, const std::vector<GroupResult>& groups);

}  // namespace leefkaart::sorting
