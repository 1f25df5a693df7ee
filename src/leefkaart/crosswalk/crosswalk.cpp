#include "crosswalk/crosswalk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace leefkaart::crosswalk {

std::string to_string(Kind k) {
  switch (k) {
    case Kind::Unchanged: return "unchanged";
    case Kind::Renumbered: return "renumbered";
    case Kind::Split: return "split";
    case Kind::Merged: return "merged";
    case Kind::Complex: return "complex";
  }
  return "?";
}

namespace {

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

bool is_sliver(double overlap_m2, double share_of_from, double share_of_to, const Tolerance& tol) {
  return overlap_m2 < tol.min_area_m2 || std::max(share_of_from, share_of_to) < tol.min_share;
}

}  // namespace

Crosswalk build(const io::AreaSet& from, const io::AreaSet& to, const Tolerance& tol,
                const std::vector<WeightPoint>& weights) {
  Crosswalk cw;
  cw.from_file = from.file;
  cw.to_file = to.file;
  cw.tolerance = tol;
  for (const auto& a : from.areas) cw.from_codes.push_back(a.code), cw.from_area_m2.push_back(a.area_m2);
  for (const auto& a : to.areas) cw.to_codes.push_back(a.code), cw.to_area_m2.push_back(a.area_m2);
  cw.from_outside_share.assign(from.areas.size(), 1.0);

  std::vector<geom::Geom> points;
  for (const auto& w : weights) points.push_back(geom::make_point(w.at));
  std::vector<const GEOSGeometry*> point_ptrs;
  for (const auto& p : points) point_ptrs.push_back(p.get());
  const geom::StrTree point_tree(point_ptrs);
  double weight_total = 0;
  for (const auto& w : weights) weight_total += w.residents;
  cw.resident_weights = weight_total > 0;

  const geom::StrTree to_tree(to.geometries());
  for (std::size_t f = 0; f < from.areas.size(); ++f) {
    const GEOSGeometry* fg = from.areas[f].geom.get();
    const geom::Prepared prepared = geom::prepare(fg);
    std::vector<std::size_t> candidates = to_tree.query(fg);
    std::sort(candidates.begin(), candidates.end());
    double inside_m2 = 0;
    for (std::size_t t : candidates) {
      const GEOSGeometry* tg = to.areas[t].geom.get();
      if (!geom::prepared_intersects(prepared.get(), tg)) continue;
      geom::Geom overlap = geom::intersection(fg, tg);
      const double overlap_m2 = geom::area(overlap.get());
      if (overlap_m2 <= 0) continue;  // touching along an edge only
      inside_m2 += overlap_m2;
      Pair p;
      p.from = f;
      p.to = t;
      p.overlap_m2 = overlap_m2;
      p.share_of_from = from.areas[f].area_m2 > 0 ? overlap_m2 / from.areas[f].area_m2 : 0;
      p.share_of_to = to.areas[t].area_m2 > 0 ? overlap_m2 / to.areas[t].area_m2 : 0;
      p.sliver = is_sliver(overlap_m2, p.share_of_from, p.share_of_to, tol);
      if (cw.resident_weights) {
        const geom::Prepared in_overlap = geom::prepare(overlap.get());
        for (std::size_t i : point_tree.query(overlap.get()))
          if (geom::prepared_contains_xy(in_overlap.get(), weights[i].at)) p.residents += weights[i].residents;
      }
      cw.pairs.push_back(p);
    }
    const double area = from.areas[f].area_m2;
    cw.from_outside_share[f] = area > 0 ? std::clamp(1.0 - inside_m2 / area, 0.0, 1.0) : 0.0;
  }

  // The largest overlap of every polygon that lies mostly inside the other
  // set is real whatever its share: on coarse files a buurt that did not
  // change can share as little as a fifth of its area with its own older self,
  // but not less than with any other. (A polygon mostly outside, a neighbour
  // in a national file, keeps only overlaps above the tolerance.)
  std::vector<double> to_covered(to.areas.size(), 0.0);
  for (const auto& p : cw.pairs) to_covered[p.to] += p.share_of_to;
  std::vector<std::size_t> best_of_from(from.areas.size(), kNoGroup), best_of_to(to.areas.size(), kNoGroup);
  for (std::size_t p = 0; p < cw.pairs.size(); ++p) {
    const Pair& pr = cw.pairs[p];
    std::size_t& bf = best_of_from[pr.from];
    if (bf == kNoGroup || pr.overlap_m2 > cw.pairs[bf].overlap_m2) bf = p;
    std::size_t& bt = best_of_to[pr.to];
    if (bt == kNoGroup || pr.overlap_m2 > cw.pairs[bt].overlap_m2) bt = p;
  }
  for (std::size_t f = 0; f < best_of_from.size(); ++f)
    if (best_of_from[f] != kNoGroup && cw.from_outside_share[f] <= 0.5) cw.pairs[best_of_from[f]].sliver = false;
  for (std::size_t t = 0; t < best_of_to.size(); ++t)
    if (best_of_to[t] != kNoGroup && to_covered[t] >= 0.5) cw.pairs[best_of_to[t]].sliver = false;

  // Groups: the connected parts of the graph of real links.
  const std::size_t nf = from.areas.size(), nt = to.areas.size();
  UnionFind uf(nf + nt);
  for (const auto& p : cw.pairs)
    if (!p.sliver) uf.join(p.from, nf + p.to);
  std::vector<std::size_t> group_of_root(nf + nt, kNoGroup);
  for (auto& p : cw.pairs) {
    if (p.sliver) continue;
    const std::size_t root = uf.find(p.from);
    if (group_of_root[root] == kNoGroup) {
      group_of_root[root] = cw.groups.size();
      cw.groups.emplace_back();
    }
    p.group = group_of_root[root];
    Group& g = cw.groups[p.group];
    if (std::find(g.from.begin(), g.from.end(), p.from) == g.from.end()) g.from.push_back(p.from);
    if (std::find(g.to.begin(), g.to.end(), p.to) == g.to.end()) g.to.push_back(p.to);
    g.residents += p.residents;
    g.overlap_m2 += p.overlap_m2;
  }
  for (auto& g : cw.groups) {
    std::sort(g.from.begin(), g.from.end());
    std::sort(g.to.begin(), g.to.end());
    if (g.from.size() == 1 && g.to.size() == 1)
      g.kind = cw.from_codes[g.from[0]] == cw.to_codes[g.to[0]] ? Kind::Unchanged : Kind::Renumbered;
    else if (g.from.size() == 1)
      g.kind = Kind::Split;
    else if (g.to.size() == 1)
      g.kind = Kind::Merged;
    else
      g.kind = Kind::Complex;
  }
  return cw;
}

Alignment align_outlines(const io::AreaSet& from, const io::AreaSet& to, double max_shift_m) {
  const geom::Geom from_outline = from.outline(), to_outline = to.outline();
  const double to_area = geom::area(to_outline.get());
  const auto covered = [&](double dx, double dy) {
    const geom::Geom moved = geom::translate(from_outline.get(), dx, dy);
    return to_area > 0 ? geom::area(geom::intersection(moved.get(), to_outline.get()).get()) / to_area : 0.0;
  };
  Alignment a;
  a.covered_before = a.covered_after = covered(0, 0);
  // Coarse to fine: 50 m steps over the whole range, then 10 m and 2 m around the best.
  double range = max_shift_m;
  for (const double step : {50.0, 10.0, 2.0}) {
    const double cx = a.dx, cy = a.dy;
    for (double dx = cx - range; dx <= cx + range + 1e-9; dx += step)
      for (double dy = cy - range; dy <= cy + range + 1e-9; dy += step) {
        const double c = covered(dx, dy);
        if (c > a.covered_after + 1e-12) a.covered_after = c, a.dx = dx, a.dy = dy;
      }
    range = step;
  }
  return a;
}

void translate(io::AreaSet& set, double dx, double dy) {
  for (auto& a : set.areas) a.geom = geom::translate(a.geom.get(), dx, dy);
}

Summary summarise(const Crosswalk& cw) {
  Summary s;
  s.pairs = cw.pairs.size();
  s.weight = cw.resident_weights ? "residents" : "area";
  std::vector<bool> from_linked(cw.from_codes.size(), false), to_linked(cw.to_codes.size(), false);
  double total = 0, moved = 0;
  for (const auto& p : cw.pairs) {
    const double larger = std::max(p.share_of_from, p.share_of_to);
    if (p.sliver) {
      ++s.slivers;
      s.sliver_share_max = std::max(s.sliver_share_max, larger);
      continue;
    }
    s.real_share_min = std::min(s.real_share_min, larger);
    from_linked[p.from] = to_linked[p.to] = true;
    const double w = cw.resident_weights ? p.residents : p.overlap_m2;
    total += w;
    const Kind k = cw.groups[p.group].kind;
    if (k != Kind::Unchanged && k != Kind::Renumbered) moved += w;
  }
  for (const auto& g : cw.groups) {
    const auto k = static_cast<std::size_t>(g.kind);
    ++s.groups[k];
    s.from_areas[k] += g.from.size();
    s.to_areas[k] += g.to.size();
  }
  s.from_unlinked = static_cast<std::size_t>(std::count(from_linked.begin(), from_linked.end(), false));
  s.to_unlinked = static_cast<std::size_t>(std::count(to_linked.begin(), to_linked.end(), false));
  s.reallocated_share = total > 0 ? moved / total : 0;
  return s;
}

Reexpressed reexpress(const Crosswalk& cw, const std::vector<std::optional<double>>& values, Measure m,
                      double min_weight_share) {
  const std::size_t nt = cw.to_codes.size();
  Reexpressed out;
  out.value.assign(nt, std::nullopt);
  out.reason.assign(nt, "");
  // The weight of a real link: residents when weight points were given and
  // the sum they are compared with holds residents, otherwise the overlap area.
  std::vector<std::vector<std::size_t>> links_of_to(nt), links_of_from(cw.from_codes.size());
  for (std::size_t p = 0; p < cw.pairs.size(); ++p) {
    if (cw.pairs[p].sliver) continue;
    links_of_to[cw.pairs[p].to].push_back(p);
    links_of_from[cw.pairs[p].from].push_back(p);
  }
  const auto weights_of = [&](const std::vector<std::size_t>& links) {
    double residents = 0;
    for (std::size_t p : links) residents += cw.pairs[p].residents;
    const bool by_residents = cw.resident_weights && residents > 0;
    std::vector<double> w;
    for (std::size_t p : links) w.push_back(by_residents ? cw.pairs[p].residents : cw.pairs[p].overlap_m2);
    return w;
  };

  if (m == Measure::Count) {
    std::vector<double> sum(nt, 0.0);
    std::vector<std::string> missing(nt);
    for (std::size_t f = 0; f < links_of_from.size(); ++f) {
      const auto& links = links_of_from[f];
      if (links.empty()) continue;
      if (!values[f]) {
        for (std::size_t p : links)
          if (missing[cw.pairs[p].to].empty()) missing[cw.pairs[p].to] = cw.from_codes[f];
        continue;
      }
      // The generalised boundaries leave slivers outside every to-polygon;
      // only a real outside part keeps its share of the count outside.
      const double outside = cw.from_outside_share[f] >= cw.tolerance.min_share ? cw.from_outside_share[f] : 0.0;
      const std::vector<double> w = weights_of(links);
      const double w_total = std::accumulate(w.begin(), w.end(), 0.0);
      for (std::size_t i = 0; i < links.size(); ++i)
        sum[cw.pairs[links[i]].to] += *values[f] * (1.0 - outside) * (w_total > 0 ? w[i] / w_total : 1.0 / links.size());
    }
    for (std::size_t t = 0; t < nt; ++t) {
      if (links_of_to[t].empty()) out.reason[t] = "no polygon of " + cw.from_file + " overlaps it";
      else if (!missing[t].empty()) out.reason[t] = "part of it comes from " + missing[t] + ", which has no value";
      else out.value[t] = sum[t];
    }
    return out;
  }

  for (std::size_t t = 0; t < nt; ++t) {
    const auto& links = links_of_to[t];
    if (links.empty()) {
      out.reason[t] = "no polygon of " + cw.from_file + " overlaps it";
      continue;
    }
    const std::vector<double> w = weights_of(links);
    double w_all = 0, w_known = 0, sum = 0;
    for (std::size_t i = 0; i < links.size(); ++i) {
      w_all += w[i];
      if (const auto& v = values[cw.pairs[links[i]].from]) w_known += w[i], sum += w[i] * *v;
    }
    if (w_all > 0 && w_known >= min_weight_share * w_all && w_known > 0) {
      out.value[t] = sum / w_known;
    } else {
      std::string codes;
      for (std::size_t p : links)
        if (!values[cw.pairs[p].from]) codes += (codes.empty() ? "" : ", ") + cw.from_codes[cw.pairs[p].from];
      out.reason[t] = fmt::format("the polygons it comes from that have a value cover less than {:g} % of it (no value: {})",
                                  min_weight_share * 100, codes);
    }
  }
  return out;
}

}  // namespace leefkaart::crosswalk
