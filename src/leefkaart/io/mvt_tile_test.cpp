// How leefkaart writes one vector tile (Mapbox Vector Tile 2.1), read back with
// protozero's own decoder.
#include "io/mvt_tile.hpp"

#include <gtest/gtest.h>
#include <protozero/pbf_reader.hpp>

#include <cmath>

namespace leefkaart::io::mvt {
namespace {

struct Point {
  long long x, y;
  bool operator==(const Point&) const = default;
};
using DecodedRing = std::vector<Point>;

// The rings (absolute whole pixels) a command stream draws; points for a MoveTo of several.
std::vector<DecodedRing> decode(const std::vector<std::uint32_t>& commands) {
  std::vector<DecodedRing> rings;
  long long x = 0, y = 0;
  for (std::size_t i = 0; i < commands.size();) {
    const std::uint32_t id = commands[i] & 7, count = commands[i] >> 3;
    ++i;
    if (id == 7) continue;  // ClosePath
    for (std::uint32_t k = 0; k < count; ++k) {
      x += protozero::decode_zigzag32(commands[i++]);
      y += protozero::decode_zigzag32(commands[i++]);
      if (id == 1) rings.emplace_back();
      rings.back().push_back({x, y});
    }
  }
  return rings;
}

long long area2(const DecodedRing& r) {
  long long a = 0;
  for (std::size_t i = 0; i < r.size(); ++i) a += r[i].x * r[(i + 1) % r.size()].y - r[(i + 1) % r.size()].x * r[i].y;
  return a;
}

Ring square(double x0, double y0, double x1, double y1, bool exterior = true) {
  return {{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, exterior};
}

TEST(MvtGeometry, AnAreaIsOneMoveToItsOtherCornersAsLineToAndAClosePath) {
  const auto commands = polygon_commands({square(10, 10, 20, 30)});
  ASSERT_EQ(commands.size(), 1u + 2 + 1 + 3 * 2 + 1);
  EXPECT_EQ(commands[0], (1u << 3) | 1u);   // MoveTo, one point
  EXPECT_EQ(commands[3], (3u << 3) | 2u);   // LineTo, three points (the closing point is implied)
  EXPECT_EQ(commands.back(), (1u << 3) | 7u);  // ClosePath
  const auto rings = decode(commands);
  ASSERT_EQ(rings.size(), 1u);
  EXPECT_EQ(rings[0].size(), 4u);
}

TEST(MvtGeometry, AnExteriorRingIsClockwiseOnScreenAndAHoleCounterClockwiseWhicheverWayTheyCame) {
  // Given the other way round: exterior counter-clockwise on screen, hole clockwise.
  Ring outer = square(0, 0, 100, 100);
  std::reverse(outer.points.begin(), outer.points.end());
  const Ring hole = square(40, 40, 60, 60, false);
  const auto rings = decode(polygon_commands({outer, hole}));
  ASSERT_EQ(rings.size(), 2u);
  EXPECT_EQ(area2(rings[0]), 2 * 100 * 100);  // positive: clockwise with y down
  EXPECT_EQ(area2(rings[1]), -2 * 20 * 20);
}

TEST(MvtGeometry, StepsCarryOverFromRingToRingOfAFeature) {
  const auto commands = polygon_commands({square(0, 0, 10, 10), square(50, 50, 60, 60)});
  const auto rings = decode(commands);
  ASSERT_EQ(rings.size(), 2u);
  // The second MoveTo is a step from the last point of the first ring, not from (0, 0).
  const Point last = rings[0].back();
  const long long dx = protozero::decode_zigzag32(commands[1 + 2 + 1 + 3 * 2 + 1 + 1]);
  EXPECT_EQ(last.x + dx, rings[1].front().x);
  EXPECT_EQ(rings[1].front().x, 50);
}

TEST(MvtGeometry, AnAreaReachingFarBeyondTheTileIsCutAtTheTileAndItsBuffer) {
  const auto rings = decode(polygon_commands({square(-5000, -5000, 2000, 9000)}));
  ASSERT_EQ(rings.size(), 1u);
  for (const Point p : rings[0]) {
    EXPECT_GE(p.x, -kBuffer);
    EXPECT_LE(p.x, 2000);
    EXPECT_GE(p.y, -kBuffer);
    EXPECT_LE(p.y, static_cast<long long>(kExtent) + kBuffer);
  }
  EXPECT_EQ(area2(rings[0]), 2LL * (2000 + kBuffer) * (kExtent + 2 * kBuffer));
}

TEST(MvtGeometry, CoordinatesAreRoundedToWholePixelsAndRepeatedPointsDropped) {
  const Ring r{{{0.2, 0.2}, {0.4, 0.1}, {10.6, 0.3}, {10.4, 9.7}, {0.1, 10.2}}, true};
  const auto rings = decode(polygon_commands({r}));
  ASSERT_EQ(rings.size(), 1u);
  EXPECT_EQ(rings[0], (DecodedRing{{0, 0}, {11, 0}, {10, 10}, {0, 10}}));
}

TEST(MvtGeometry, AnAreaSmallerThanAPixelIsLeftOutWithItsHoles) {
  EXPECT_TRUE(polygon_commands({square(10.1, 10.1, 10.3, 10.2), square(10.15, 10.12, 10.2, 10.18, false)}).empty());
  // A second polygon of the same feature is kept, without the small one's hole.
  const auto rings = decode(polygon_commands(
      {square(10.1, 10.1, 10.3, 10.2), square(10.15, 10.12, 10.2, 10.18, false), square(100, 100, 200, 200)}));
  ASSERT_EQ(rings.size(), 1u);
  EXPECT_EQ(rings[0].front(), (Point{100, 100}));
}

TEST(MvtGeometry, AnAreaOutsideTheTileAndItsBufferLeavesNothing) {
  EXPECT_TRUE(polygon_commands({square(5000, 5000, 6000, 6000)}).empty());
}

TEST(MvtGeometry, PointsOutsideTheTileAndItsBufferAreLeftOut) {
  const auto commands = point_commands({{10, 10}, {-500, 10}, {4100, 4100}});
  ASSERT_FALSE(commands.empty());
  EXPECT_EQ(commands[0], (2u << 3) | 1u);  // one MoveTo of the two points kept
  const auto points = decode(commands);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0], (DecodedRing{{10, 10}}));
  EXPECT_EQ(points[1], (DecodedRing{{4100, 4100}}));
  EXPECT_TRUE(point_commands({{-1000, 0}}).empty());
}

// A decoded layer: its name, keys, values as text, and each feature's tags.
struct DecodedLayer {
  std::string name;
  std::uint32_t version = 0, extent = 0;
  std::vector<std::string> keys, values;
  std::vector<std::uint64_t> ids;
  std::vector<std::vector<std::uint32_t>> tags;
};

DecodedLayer decode_layer(const std::string& tile) {
  DecodedLayer out;
  protozero::pbf_reader t(tile);
  EXPECT_TRUE(t.next(3));
  protozero::pbf_reader layer = t.get_message();
  while (layer.next()) {
    switch (layer.tag()) {
      case 1: out.name = layer.get_string(); break;
      case 2: {
        protozero::pbf_reader f = layer.get_message();
        out.tags.emplace_back();
        while (f.next()) {
          if (f.tag() == 1) out.ids.push_back(f.get_uint64());
          else if (f.tag() == 2) {
            const auto packed = f.get_packed_uint32();
            out.tags.back().assign(packed.begin(), packed.end());
          } else f.skip();
        }
        break;
      }
      case 3: out.keys.push_back(layer.get_string()); break;
      case 4: {
        protozero::pbf_reader v = layer.get_message();
        v.next();
        if (v.tag() == 1) out.values.push_back("s:" + v.get_string());
        else if (v.tag() == 3) out.values.push_back("d:" + std::to_string(v.get_double()));
        else if (v.tag() == 4) out.values.push_back("i:" + std::to_string(v.get_int64()));
        else out.values.push_back("?");
        break;
      }
      case 5: out.extent = layer.get_uint32(); break;
      case 15: out.version = layer.get_uint32(); break;
      default: layer.skip();
    }
  }
  return out;
}

TEST(MvtLayer, AValueSharedByFeaturesIsStoredOnceAndANullOrNaNGetsNoTag) {
  const std::vector<FieldDef> fields{{"buurt", FieldType::String}, {"score", FieldType::Integer}, {"no2", FieldType::Real}};
  const std::vector<Value> a{std::string("BU03440000"), 2LL, 21.5};
  const std::vector<Value> b{std::string("BU03440000"), Value{}, std::nan("")};
  const auto square_commands = polygon_commands({square(0, 0, 10, 10)});
  LayerEncoder enc("cells", fields);
  EXPECT_TRUE(enc.empty());
  enc.add(1, GeomType::Polygon, square_commands, a);
  enc.add(2, GeomType::Polygon, square_commands, b);
  std::string tile;
  enc.append_to(tile);
  const DecodedLayer l = decode_layer(tile);
  EXPECT_EQ(l.name, "cells");
  EXPECT_EQ(l.version, 2u);
  EXPECT_EQ(l.extent, kExtent);
  EXPECT_EQ(l.keys, (std::vector<std::string>{"buurt", "score", "no2"}));
  EXPECT_EQ(l.values, (std::vector<std::string>{"s:BU03440000", "i:2", "d:21.500000"}));
  EXPECT_EQ(l.ids, (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(l.tags.size(), 2u);
  EXPECT_EQ(l.tags[0], (std::vector<std::uint32_t>{0, 0, 1, 1, 2, 2}));  // key index, value index
  EXPECT_EQ(l.tags[1], (std::vector<std::uint32_t>{0, 0}));              // the same buurt, stored once
}

}  // namespace
}  // namespace leefkaart::io::mvt
