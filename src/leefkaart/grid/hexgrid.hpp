#pragma once
// Regular hexagons in a projected CRS (RD New for Dutch areas), pointy-top,
// with axial coordinates (q, r) anchored at the CRS origin (0, 0). The anchor
// never moves, so a place gets the same cell id in every run, year and city
// as long as the cell size is the same.
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "geom/geos.hpp"

namespace leefkaart::grid {

// "100 m hexagon" means different things in different reports, so the size
// is always stated together with what it measures.
enum class SizeDefinition { Edge, AcrossFlats, Area };

struct GridSpec {
  double size = 100.0;  // metres for Edge/AcrossFlats, m² for Area
  SizeDefinition definition = SizeDefinition::Edge;
};

enum class CoverRule { CentreInside, Intersects };

// A cap on work: covering an area stops before it starts when the area's
// bounding box holds more cell centres than this (a mistyped cell size would
// otherwise run for hours and fill the memory).
inline constexpr std::uint64_t kDefaultMaxCells = 50'000'000;

class TooManyCells : public std::runtime_error {
 public:
  TooManyCells(std::uint64_t candidates, double estimate, std::uint64_t limit);
  std::uint64_t candidates, limit;
  double estimate;  // cells inside the area, from its surface
};

struct HexId {
  std::int32_t q = 0;
  std::int32_t r = 0;
  bool operator==(const HexId&) const = default;
};

struct HexIdHash {
  std::size_t operator()(const HexId& h) const {
    return std::hash<std::uint64_t>()((static_cast<std::uint64_t>(static_cast<std::uint32_t>(h.q)) << 32) |
                                      static_cast<std::uint32_t>(h.r));
  }
};

// The grid's reading order: rows (r) bottom to top, then q within a row. cover() returns cells in it.
inline bool row_major(HexId a, HexId b) { return a.r != b.r ? a.r < b.r : a.q < b.q; }

SizeDefinition parse_size_definition(const std::string& s);  // "edge" | "across_flats" | "area"
std::string to_string(SizeDefinition d);
CoverRule parse_cover_rule(const std::string& s);  // "centre" | "intersects"
std::string to_string(CoverRule r);

class HexGrid {
 public:
  explicit HexGrid(GridSpec spec);

  double edge() const { return edge_; }  // circumradius = edge length
  double across_flats() const;
  double cell_area() const;
  const GridSpec& spec() const { return spec_; }
  // One line for manifests and layer descriptions, e.g.
  // "pointy-top hexagons, edge 100 m (across flats 173.2 m, 2.598 ha), origin RD (0,0)".
  std::string describe() const;

  geom::Point centre(HexId id) const;
  HexId cell_of(geom::Point p) const;
  std::array<geom::Point, 6> corners(HexId id) const;
  geom::Geom polygon(HexId id) const;
  static std::array<HexId, 6> neighbours(HexId id);
  static int distance(HexId a, HexId b);  // in cell steps

  // How many cell centres lie in the box. Throws std::out_of_range when the
  // cell ids there would not fit their 32-bit axial coordinates.
  std::uint64_t centres_in(const geom::Box& box) const;
  // All cells whose centre lies in the box (used to enumerate candidates).
  void for_each_centre_in(const geom::Box& box, const std::function<void(HexId)>& visit) const;
  // Cells covering a study area by the given rule, in a deterministic order
  // (r ascending, then q ascending). Throws TooManyCells, before any work,
  // when the area's bounding box holds more than max_cells centres.
  std::vector<HexId> cover(const GEOSGeometry* area, CoverRule rule, std::uint64_t max_cells = kDefaultMaxCells) const;

 private:
  GridSpec spec_;
  double edge_;
};

std::string cell_id_string(HexId id);  // "q1234r-567"

// The cells covering `area`, or an InputError at `where` (the setting that
// decides the cell size) when they would be more than max_cells.
std::vector<HexId> cover_within_limit(const HexGrid& grid, const GEOSGeometry* area, CoverRule rule,
                                            std::uint64_t max_cells, const Location& where);

}  // namespace leefkaart::grid
