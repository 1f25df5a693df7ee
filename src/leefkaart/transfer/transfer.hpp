#pragma once
// Moving area statistics (buurt tables) onto grid cells.
//
// The overlay cuts every cell by the areas it touches into pieces. Intensive
// values (rates, shares, means, distances) become the area-weighted mean of
// the pieces; extensive values (counts such as residents) are split over the
// pieces of each area in proportion to a weight (piece area, or address
// points when given), so every area's total is kept exactly.
#include <optional>
#include <string>
#include <vector>

#include "grid/hexgrid.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::transfer {

struct Piece {
  std::size_t cell = 0;
  std::size_t area = 0;
  double area_m2 = 0;
  double points = 0;  // address/building points in the piece, if a weight layer is used
};

struct Overlay {
  std::size_t cell_count = 0;
  std::size_t area_count = 0;
  std::vector<Piece> pieces;             // ordered by cell
  std::vector<double> cell_area_m2;      // part of each cell inside the study area
  std::vector<double> area_points;       // weight points per area (0 without weights)
  bool has_point_weights = false;
};

Overlay overlay(const grid::HexGrid& grid, const std::vector<grid::HexId>& cells, const io::AreaSet& areas);

// Counts weight points per piece. Points outside the covered cells are ignored
// (returned as the count of points not used).
std::size_t add_point_weights(Overlay& ov, const grid::HexGrid& grid, const std::vector<grid::HexId>& cells,
                              const io::AreaSet& areas, const std::vector<geom::Point>& points);

struct CellValues {
  std::vector<std::optional<double>> value;  // per cell
  std::vector<std::string> reason;           // per cell: why missing (empty when present)
};

struct ExtensiveResult : CellValues {
  std::vector<double> piece_amount;             // per piece: its share of the area's count
  std::vector<std::size_t> areas_without_cells;  // their count cannot be placed on the grid
};

// area_values are per area (same order as the AreaSet); missing values stay missing.
CellValues intensive(const Overlay& ov, const std::vector<std::optional<double>>& area_values,
                     const std::vector<std::string>& area_codes, double min_coverage);
ExtensiveResult extensive(const Overlay& ov, const std::vector<std::optional<double>>& area_values,
                          const std::vector<std::string>& area_codes);

}  // namespace leefkaart::transfer
