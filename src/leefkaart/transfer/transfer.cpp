#include "transfer/transfer.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace leefkaart::transfer {
namespace {

// The areas with a spatial index and prepared geometries for fast tests.
struct AreaIndex {
  std::vector<const GEOSGeometry*> geoms;
  std::vector<geom::Prepared> prepared;
  geom::StrTree tree;

  explicit AreaIndex(const io::AreaSet& areas) : geoms(areas.geometries()), tree(geoms) {
    for (const auto* g : geoms) prepared.push_back(geom::prepare(g));
  }
};

}  // namespace

Overlay overlay(const grid::HexGrid& grid, const std::vector<grid::HexId>& cells, const io::AreaSet& areas) {
  Overlay ov;
  ov.cell_count = cells.size();
  ov.area_count = areas.areas.size();
  ov.cell_area_m2.assign(cells.size(), 0.0);
  ov.area_points.assign(areas.areas.size(), 0.0);
  const AreaIndex index(areas);
  const double full = grid.cell_area();
  for (std::size_t c = 0; c < cells.size(); ++c) {
    auto hex = grid.polygon(cells[c]);
    for (std::size_t a : index.tree.query(hex.get())) {
      double part = 0;
      if (GEOSPreparedContains_r(geom::context(), index.prepared[a].get(), hex.get()) == 1) {
        part = full;  // the common case inside a buurt: no need to cut
      } else {
        if (!geom::prepared_intersects(index.prepared[a].get(), hex.get())) continue;
        auto cut = geom::intersection(hex.get(), index.geoms[a]);
        part = geom::area(cut.get());
      }
      if (part <= 1e-6) continue;
      ov.pieces.push_back({c, a, part, 0.0});
      ov.cell_area_m2[c] += part;
    }
  }
  return ov;
}

std::size_t add_point_weights(Overlay& ov, const grid::HexGrid& grid, const std::vector<grid::HexId>& cells,
                              const io::AreaSet& areas, const std::vector<geom::Point>& points) {
  std::unordered_map<grid::HexId, std::size_t, grid::HexIdHash> cell_index;
  for (std::size_t i = 0; i < cells.size(); ++i) cell_index.emplace(cells[i], i);
  std::unordered_map<std::uint64_t, std::size_t> piece_of;  // (cell, area) -> piece
  for (std::size_t p = 0; p < ov.pieces.size(); ++p)
    piece_of.emplace((static_cast<std::uint64_t>(ov.pieces[p].cell) << 32) | ov.pieces[p].area, p);
  const AreaIndex index(areas);
  std::size_t unused = 0;
  for (const auto& pt : points) {
    auto cit = cell_index.find(grid.cell_of(pt));
    if (cit == cell_index.end()) {
      ++unused;
      continue;
    }
    auto g = geom::make_point(pt);
    bool placed = false;
    for (std::size_t a : index.tree.query(g.get())) {
      if (!geom::prepared_contains_xy(index.prepared[a].get(), pt)) continue;
      auto pit = piece_of.find((static_cast<std::uint64_t>(cit->second) << 32) | a);
      if (pit == piece_of.end()) break;
      ov.pieces[pit->second].points += 1;
      ov.area_points[a] += 1;
      placed = true;
      break;
    }
    if (!placed) ++unused;
  }
  ov.has_point_weights = true;
  return unused;
}

namespace {

// Share of each cell's in-study area whose area has a value, and the code of
// the largest piece without one (for the reason text).
struct Coverage {
  std::vector<double> with_value_m2;
  std::vector<double> largest_missing_m2;
  std::vector<std::size_t> largest_missing_area;
};

Coverage coverage(const Overlay& ov, const std::vector<std::optional<double>>& area_values) {
  Coverage cov{std::vector<double>(ov.cell_count, 0.0), std::vector<double>(ov.cell_count, 0.0),
               std::vector<std::size_t>(ov.cell_count, 0)};
  for (const auto& p : ov.pieces) {
    if (area_values[p.area]) {
      cov.with_value_m2[p.cell] += p.area_m2;
    } else if (p.area_m2 > cov.largest_missing_m2[p.cell]) {
      cov.largest_missing_m2[p.cell] = p.area_m2;
      cov.largest_missing_area[p.cell] = p.area;
    }
  }
  return cov;
}

void mark_uncovered(CellValues& out, const Overlay& ov, const Coverage& cov, const std::vector<std::string>& area_codes,
                    double min_coverage) {
  for (std::size_t c = 0; c < ov.cell_count; ++c) {
    if (ov.cell_area_m2[c] <= 0) {
      out.value[c].reset();
      out.reason[c] = "cell lies outside every area";
    } else if (cov.with_value_m2[c] < min_coverage * ov.cell_area_m2[c]) {
      out.value[c].reset();
      out.reason[c] = fmt::format("no value for {}", area_codes[cov.largest_missing_area[c]]);
    }
  }
}

}  // namespace

CellValues intensive(const Overlay& ov, const std::vector<std::optional<double>>& area_values,
                     const std::vector<std::string>& area_codes, double min_coverage) {
  CellValues out{std::vector<std::optional<double>>(ov.cell_count), std::vector<std::string>(ov.cell_count)};
  std::vector<double> sum(ov.cell_count, 0.0), weight(ov.cell_count, 0.0);
  for (const auto& p : ov.pieces) {
    if (!area_values[p.area]) continue;
    sum[p.cell] += *area_values[p.area] * p.area_m2;
    weight[p.cell] += p.area_m2;
  }
  for (std::size_t c = 0; c < ov.cell_count; ++c)
    if (weight[c] > 0) out.value[c] = sum[c] / weight[c];
  mark_uncovered(out, ov, coverage(ov, area_values), area_codes, min_coverage);
  return out;
}

ExtensiveResult extensive(const Overlay& ov, const std::vector<std::optional<double>>& area_values,
                          const std::vector<std::string>& area_codes) {
  ExtensiveResult out;
  out.value.assign(ov.cell_count, std::nullopt);
  out.reason.assign(ov.cell_count, "");
  out.piece_amount.assign(ov.pieces.size(), 0.0);
  // Areas with weight points use them; the others fall back to area.
  auto weight_of = [&](const Piece& p) {
    return ov.has_point_weights && ov.area_points[p.area] > 0 ? p.points : p.area_m2;
  };
  std::vector<double> area_weight(ov.area_count, 0.0);
  for (const auto& p : ov.pieces) area_weight[p.area] += weight_of(p);
  std::vector<double> sum(ov.cell_count, 0.0);
  std::vector<bool> any(ov.cell_count, false);
  for (std::size_t i = 0; i < ov.pieces.size(); ++i) {
    const Piece& p = ov.pieces[i];
    if (!area_values[p.area] || area_weight[p.area] <= 0) continue;
    out.piece_amount[i] = *area_values[p.area] * weight_of(p) / area_weight[p.area];
    sum[p.cell] += out.piece_amount[i];
    any[p.cell] = true;
  }
  for (std::size_t a = 0; a < ov.area_count; ++a)
    if (area_weight[a] <= 0) out.areas_without_cells.push_back(a);
  // A count keeps what its known pieces hold (so area totals stay exact); it
  // is missing only where none of the cell's pieces has a value.
  const Coverage cov = coverage(ov, area_values);
  for (std::size_t c = 0; c < ov.cell_count; ++c) {
    if (any[c]) out.value[c] = sum[c];
    else if (ov.cell_area_m2[c] <= 0) out.reason[c] = "cell lies outside every area";
    else out.reason[c] = fmt::format("no value for {}", area_codes[cov.largest_missing_area[c]]);
  }
  return out;
}

}  // namespace leefkaart::transfer
