#include "grid/hexgrid.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace leefkaart::grid {
namespace {
const double kSqrt3 = std::sqrt(3.0);
}

SizeDefinition parse_size_definition(const std::string& s) {
  if (s == "edge") return SizeDefinition::Edge;
  if (s == "across_flats") return SizeDefinition::AcrossFlats;
  if (s == "area") return SizeDefinition::Area;
  throw std::invalid_argument("size_definition must be \"edge\", \"across_flats\" or \"area\", not \"" + s + "\"");
}

std::string to_string(SizeDefinition d) {
  switch (d) {
    case SizeDefinition::Edge: return "edge";
    case SizeDefinition::AcrossFlats: return "across_flats";
    case SizeDefinition::Area: return "area";
  }
  return "?";
}

CoverRule parse_cover_rule(const std::string& s) {
  if (s == "centre" || s == "center") return CoverRule::CentreInside;
  if (s == "intersects") return CoverRule::Intersects;
  throw std::invalid_argument("cover must be \"centre\" or \"intersects\", not \"" + s + "\"");
}

std::string to_string(CoverRule r) { return r == CoverRule::CentreInside ? "centre" : "intersects"; }

TooManyCells::TooManyCells(std::uint64_t candidates_, double estimate_, std::uint64_t limit_)
    : std::runtime_error(fmt::format("about {:.0f} cells ({} cell centres in the bounding box), more than the limit of {}",
                                     estimate_, candidates_, limit_)),
      candidates(candidates_),
      limit(limit_),
      estimate(estimate_) {}

namespace {

// Axial coordinates are range-checked in floating point before any conversion
// to the 32-bit cell ids (an out-of-range cast is undefined behaviour).
std::int32_t checked_axial(double v) {
  constexpr double kLimit = 2'000'000'000.0;  // inside int32, with room for neighbours
  if (!std::isfinite(v) || std::abs(v) > kLimit)
    throw std::out_of_range(fmt::format("cell coordinate {:g} is beyond the grid's 32-bit ids: the cell size is too "
                                        "small for coordinates this far from the origin",
                                        v));
  return static_cast<std::int32_t>(v);
}

}  // namespace

HexGrid::HexGrid(GridSpec spec) : spec_(spec) {
  if (!(spec.size > 0) || !std::isfinite(spec.size)) throw std::invalid_argument("cell size must be a positive number");
  switch (spec.definition) {
    case SizeDefinition::Edge: edge_ = spec.size; break;
    case SizeDefinition::AcrossFlats: edge_ = spec.size / kSqrt3; break;
    case SizeDefinition::Area: edge_ = std::sqrt(2.0 * spec.size / (3.0 * kSqrt3)); break;
  }
}

double HexGrid::across_flats() const { return kSqrt3 * edge_; }
double HexGrid::cell_area() const { return 1.5 * kSqrt3 * edge_ * edge_; }

std::string HexGrid::describe() const {
  std::string given;
  switch (spec_.definition) {
    case SizeDefinition::Edge: given = fmt::format("edge {:g} m", spec_.size); break;
    case SizeDefinition::AcrossFlats: given = fmt::format("across flats {:g} m", spec_.size); break;
    case SizeDefinition::Area: given = fmt::format("area {:g} m²", spec_.size); break;
  }
  return fmt::format("pointy-top hexagons, size given as {} (edge {:.1f} m, across flats {:.1f} m, area {:.3f} ha), "
                     "axial ids anchored at (0,0)",
                     given, edge_, across_flats(), cell_area() / 10000.0);
}

geom::Point HexGrid::centre(HexId id) const {
  return {edge_ * kSqrt3 * (id.q + id.r / 2.0), edge_ * 1.5 * id.r};
}

HexId HexGrid::cell_of(geom::Point p) const {
  const double qf = (kSqrt3 / 3.0 * p.x - p.y / 3.0) / edge_;
  const double rf = (2.0 / 3.0 * p.y) / edge_;
  const double sf = -qf - rf;
  // Cube rounding: round all three, then fix the one with the largest error.
  double q = std::round(qf), r = std::round(rf), s = std::round(sf);
  const double dq = std::abs(q - qf), dr = std::abs(r - rf), ds = std::abs(s - sf);
  if (dq > dr && dq > ds)
    q = -r - s;
  else if (dr > ds)
    r = -q - s;
  return {checked_axial(q), checked_axial(r)};
}

std::array<geom::Point, 6> HexGrid::corners(HexId id) const {
  const geom::Point c = centre(id);
  std::array<geom::Point, 6> out;
  for (int i = 0; i < 6; ++i) {
    const double angle = M_PI / 180.0 * (60.0 * i - 30.0);  // pointy-top
    out[i] = {c.x + edge_ * std::cos(angle), c.y + edge_ * std::sin(angle)};
  }
  return out;
}

geom::Geom HexGrid::polygon(HexId id) const {
  auto c = corners(id);
  return geom::make_polygon(std::vector<geom::Point>(c.begin(), c.end()));
}

std::array<HexId, 6> HexGrid::neighbours(HexId id) {
  return {HexId{id.q + 1, id.r}, HexId{id.q + 1, id.r - 1}, HexId{id.q, id.r - 1},
          HexId{id.q - 1, id.r}, HexId{id.q - 1, id.r + 1}, HexId{id.q, id.r + 1}};
}

int HexGrid::distance(HexId a, HexId b) {
  const int dq = a.q - b.q, dr = a.r - b.r;
  return (std::abs(dq) + std::abs(dr) + std::abs(dq + dr)) / 2;
}

std::uint64_t HexGrid::centres_in(const geom::Box& box) const {
  const double row_step = 1.5 * edge_, col_step = kSqrt3 * edge_;
  const double r_min = std::ceil(box.miny / row_step), r_max = std::floor(box.maxy / row_step);
  const double cols = std::floor(box.maxx / col_step) - std::ceil(box.minx / col_step) + 1;
  checked_axial(r_min), checked_axial(r_max);
  checked_axial(box.minx / col_step - r_max / 2.0 - 1), checked_axial(box.maxx / col_step - r_min / 2.0 + 1);
  if (r_max < r_min || cols <= 0) return 0;
  const double n = (r_max - r_min + 1) * (cols + 1);
  return n >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(n);
}

void HexGrid::for_each_centre_in(const geom::Box& box, const std::function<void(HexId)>& visit) const {
  const double row_step = 1.5 * edge_;
  const double col_step = kSqrt3 * edge_;
  const auto r_min = checked_axial(std::ceil(box.miny / row_step));
  const auto r_max = checked_axial(std::floor(box.maxy / row_step));
  for (std::int32_t r = r_min; r <= r_max; ++r) {
    // x = col_step * (q + r/2)  =>  q = x / col_step - r/2
    const auto q_min = checked_axial(std::ceil(box.minx / col_step - r / 2.0));
    const auto q_max = checked_axial(std::floor(box.maxx / col_step - r / 2.0));
    for (std::int32_t q = q_min; q <= q_max; ++q) visit({q, r});
  }
}

std::vector<HexId> HexGrid::cover(const GEOSGeometry* area, CoverRule rule, std::uint64_t max_cells) const {
  std::vector<HexId> out;
  if (geom::is_empty(area)) return out;
  geom::Box box = geom::bounds(area);
  if (rule == CoverRule::Intersects) box = {box.minx - edge_, box.miny - edge_, box.maxx + edge_, box.maxy + edge_};
  if (const std::uint64_t candidates = centres_in(box); candidates > max_cells)
    throw TooManyCells(candidates, geom::area(area) / cell_area(), max_cells);
  auto prepared = geom::prepare(area);
  if (rule == CoverRule::CentreInside) {
    for_each_centre_in(box, [&](HexId id) {
      if (geom::prepared_contains_xy(prepared.get(), centre(id))) out.push_back(id);
    });
  } else {
    for_each_centre_in(box, [&](HexId id) {
      auto poly = polygon(id);
      if (geom::prepared_intersects(prepared.get(), poly.get())) out.push_back(id);
    });
  }
  return out;
}

std::string cell_id_string(HexId id) { return fmt::format("q{}r{}", id.q, id.r); }

std::vector<HexId> cover_within_limit(const HexGrid& grid, const GEOSGeometry* area, CoverRule rule,
                                            std::uint64_t max_cells, const Location& where) {
  try {
    return grid.cover(area, rule, max_cells);
  } catch (const TooManyCells& e) {
    throw InputError(where, fmt::format("hexagons of {:.3g} m edge would make about {:.0f} cells over the study area "
                                        "(its bounding box holds {} cell centres), more than the limit of {}: use a "
                                        "larger cell size, or --max-cells N to allow more",
                                        grid.edge(), e.estimate, e.candidates, e.limit));
  } catch (const std::out_of_range& e) {
    throw InputError(where, e.what());
  }
}

}  // namespace leefkaart::grid
