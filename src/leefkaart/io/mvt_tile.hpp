#pragma once
// One Mapbox Vector Tile (specification 2.1), its protocol buffers written with
// protozero: how a feature's geometry becomes the tile's command stream (whole
// pixels, clipped to the tile and its buffer, rings wound as the specification
// asks) and how its attributes become keys and values stored once per layer.
// io/vector_tiles.cpp cuts a build's layers into such tiles.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/output.hpp"

namespace leefkaart::io::mvt {

inline constexpr std::uint32_t kExtent = 4096;  // pixels along a tile's side
// Pixels drawn beyond each edge, so that outlines and fills of neighbouring
// tiles meet without a seam (a map clips each tile to its own square).
inline constexpr std::int32_t kBuffer = 64;

struct Pixel {
  double x = 0, y = 0;  // tile pixels, y down; outside [0, kExtent) beyond the tile
};
struct Ring {
  std::vector<Pixel> points;  // closing point optional
  bool exterior = true;       // false for a hole of the exterior ring before it
};

enum class GeomType : std::uint32_t { Point = 1, Polygon = 3 };

// The command stream of an area (rings in order: each exterior ring, then its
// holes): points rounded to whole pixels, each ring clipped to the tile and its
// buffer, repeated points dropped, rings that collapse to nothing dropped (with
// the holes of a dropped exterior ring), exterior rings wound clockwise on
// screen (positive area in tile pixels, y down) and holes the other way.
// Empty when nothing of the area is left in the tile.
std::vector<std::uint32_t> polygon_commands(const std::vector<Ring>& rings);
// The points within the tile and its buffer, as one MoveTo; empty when none.
std::vector<std::uint32_t> point_commands(const std::vector<Pixel>& points);

// One layer of one tile. The rows given to add() must outlive the encoder:
// values are kept by reference until append_to().
class LayerEncoder {
 public:
  LayerEncoder(std::string_view name, const std::vector<FieldDef>& fields);
  // row: the feature's values in field order; a null or a non-finite number gets no tag.
  void add(std::uint64_t id, GeomType type, const std::vector<std::uint32_t>& commands, const std::vector<Value>& row);
  bool empty() const { return features_ == 0; }
  // Appends this layer (Tile field 3) to a tile's bytes.
  void append_to(std::string& tile) const;

 private:
  std::uint32_t value_index(const Value& v);
  std::string_view name_;
  const std::vector<FieldDef>& fields_;
  std::string body_;  // the encoded features
  std::size_t features_ = 0;
  std::vector<const Value*> values_;
  std::unordered_map<std::string_view, std::uint32_t> strings_;
  std::unordered_map<long long, std::uint32_t> integers_;
  std::unordered_map<std::uint64_t, std::uint32_t> reals_;  // by bit pattern
  std::vector<std::uint32_t> tags_;
};

}  // namespace leefkaart::io::mvt
