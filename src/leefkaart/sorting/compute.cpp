#include "sorting/compute.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <unordered_map>

#include "core/errors.hpp"
#include "sorting/schema.hpp"

namespace leefkaart::sorting {

namespace {

// Residents as each buurt's base; a buurt without a share or without residents counts for nothing.
std::vector<GroupCount> counts(const Values& share, const std::vector<std::size_t>& members, const Region& region) {
  std::vector<GroupCount> out;
  out.reserve(members.size());
  for (auto i : members) {
    const auto& pop = region.buurten[i].pop;
    out.push_back(share[i] && pop ? from_share(*share[i], *pop) : GroupCount{});
  }
  return out;
}

std::vector<std::size_t> all_members(const Region& region) {
  std::vector<std::size_t> m(region.buurten.size());
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = i;
  return m;
}

}  // namespace

std::vector<GroupResult> compute_groups(const Spec& spec, Region& region) {
  std::vector<GroupResult> out;
  const auto members = all_members(region);
  for (const Group& g : spec.groups) {
    GroupResult r;
    r.group = &g;
    for (int year : g.years) {
      GroupYear gy;
      gy.year = year;
      gy.share = read_values(g.source, year, region, fmt::format("{}_{}", g.name, year));
      const auto c = counts(gy.share, members, region);
      gy.lq = location_quotients(c);
      gy.region_share = pooled_share(c);
      r.years.push_back(std::move(gy));
    }
    r.change.resize(region.buurten.size());
    for (std::size_t i = 0; i < r.change.size(); ++i)
      r.change[i] = change_pp(r.years.front().share[i], r.years.back().share[i]);
    r.region_change = change_pp(r.years.front().region_share, r.years.back().region_share);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<UnitResult> compute_units(const Region& region, const std::vector<GroupResult>& groups) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> units;
  for (const auto& z : keys_in_order("zones")) {
    std::vector<std::size_t> m;
    for (std::size_t i = 0; i < region.buurten.size(); ++i)
      if (region.buurten[i].zone == z) m.push_back(i);
    if (!m.empty()) units.emplace_back(z, std::move(m));
  }
  units.emplace_back("", all_members(region));
  std::vector<UnitResult> out;
  for (const auto& [zone, members] : units) {
    UnitResult u;
    u.zone = zone;
    u.buurten = members.size();
    for (auto i : members) u.pop += region.buurten[i].pop.value_or(0);
    for (const auto& g : groups) {
      std::vector<UnitResult::PerYear> years;
      for (const auto& gy : g.years) {
        const auto c = counts(gy.share, members, region);
        years.push_back({pooled_share(c), dissimilarity(c), isolation(c)});
      }
      u.change.push_back(change_pp(years.front().share, years.back().share));
      u.per_group.push_back(std::move(years));
    }
    out.push_back(std::move(u));
  }
  return out;
}

HotSpotResult compute_hotspots(const Spec& spec, const Region& region, const std::vector<GroupResult>& groups) {
  HotSpotResult h;
  h.grid = grid::HexGrid(grid::GridSpec{spec.hotspots.edge_m, grid::SizeDefinition::Edge});
  std::vector<const GEOSGeometry*> parts;
  for (const auto& b : region.buurten) parts.push_back(b.geom.get());
  const geom::Geom outline = geom::unary_union(parts);
  const auto candidates = h.grid.cover(outline.get(), grid::CoverRule::CentreInside, 2'000'000);
  // Each hexagon takes the buurt that holds its centre.
  const geom::StrTree tree(parts);
  std::vector<geom::Prepared> prepared;
  for (const auto* p : parts) prepared.push_back(geom::prepare(p));
  for (const auto id : candidates) {
    const geom::Point c = h.grid.centre(id);
    const geom::Geom pt = geom::make_point(c);
    for (auto i : tree.query(pt.get()))
      if (geom::prepared_contains_xy(prepared[i].get(), c)) {
        h.cells.push_back(id);
        h.buurt_of.push_back(i);
        break;
      }
  }
  // Neighbours: hexagons whose centre lies within the distance, the hexagon itself included.
  std::unordered_map<grid::HexId, std::size_t, grid::HexIdHash> index;
  for (std::size_t i = 0; i < h.cells.size(); ++i) index[h.cells[i]] = i;
  const double d = spec.hotspots.neighbour_distance_m;
  const int k = static_cast<int>(std::ceil(d / h.grid.across_flats())) + 1;
  std::vector<std::vector<std::size_t>> neighbours(h.cells.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < h.cells.size(); ++i) {
    const auto id = h.cells[i];
    const geom::Point c = h.grid.centre(id);
    for (int dq = -k; dq <= k; ++dq)
      for (int dr = std::max(-k, -dq - k); dr <= std::min(k, -dq + k); ++dr) {
        auto it = index.find({id.q + dq, id.r + dr});
        if (it == index.end()) continue;
        const geom::Point o = h.grid.centre(it->first);
        if (std::hypot(o.x - c.x, o.y - c.y) <= d + 1e-6) neighbours[i].push_back(it->second);
      }
    total += neighbours[i].size();
  }
  h.mean_neighbours = h.cells.empty() ? 0 : total / h.cells.size();
  HotSpotOptions opts;
  opts.permutations = spec.hotspots.permutations;
  opts.seed = static_cast<std::uint64_t>(spec.hotspots.seed);
  opts.alpha = spec.hotspots.alpha;
  for (const auto& g : groups) {
    Values v(h.cells.size());
    for (std::size_t i = 0; i < h.cells.size(); ++i) v[i] = g.years.back().share[h.buurt_of[i]];
    h.hot.push_back(getis_ord_gi_star(v, neighbours, opts));
    h.values.push_back(std::move(v));
  }
  spdlog::info("hot spots: {} hexagons ({}), on average {} neighbours", h.cells.size(), h.grid.describe(),
               h.mean_neighbours);
  return h;
}

EarlyWarningResult compute_early_warning(const Spec& spec, Region& region, const std::vector<GroupResult>& groups) {
  EarlyWarningResult out;
  if (!spec.early_warning) return out;
  const auto& ew = *spec.early_warning;
  const GroupResult* g = nullptr;
  for (const auto& r : groups)
    if (r.group->name == ew.group) g = &r;
  EarlyWarningRule rule;
  rule.rise_pp = ew.rise_pp;
  const std::size_t n = region.buurten.size();
  out.score.resize(n);
  out.facility_before.resize(n);
  out.facility_after.resize(n);
  if (ew.score) {
    out.score = read_values(ew.score->source, 0, region, "early_warning_score");
    rule.score_at_least = ew.score->at_least;
    rule.score_at_most = ew.score->at_most;
  }
  if (ew.facility) {
    out.facility_before = read_values(ew.facility->before, 0, region, "early_warning_facility_before");
    out.facility_after = read_values(ew.facility->after, 0, region, "early_warning_facility_after");
    rule.distance_passes_km = ew.facility->passes_km;
    rule.distance_rise_km = ew.facility->rise_km;
  }
  for (std::size_t i = 0; i < n; ++i) {
    EarlyWarningFacts f;
    f.in_focus = region.buurten[i].in_focus;
    f.group_label = g->group->label;
    f.first_year = g->years.front().year;
    f.last_year = g->years.back().year;
    f.share_change_pp = g->change[i];
    if (ew.score) {
      f.score = out.score[i];
      f.score_label = ew.score->label;
    }
    if (ew.facility) {
      f.facility_before_km = out.facility_before[i];
      f.facility_after_km = out.facility_after[i];
      f.facility_label = ew.facility->label;
      f.facility_before_label = ew.facility->before_label;
      f.facility_after_label = ew.facility->after_label;
    }
    out.per_buurt.push_back(early_warning(f, rule));
  }
  return out;
}

}  // namespace leefkaart::sorting
