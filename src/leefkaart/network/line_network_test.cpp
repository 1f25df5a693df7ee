// A road layer's attributes mapped onto the profiles, on small layers written
// here with GDAL (a GeoPackage or a shapefile in RD New, as users hold them).
// Coordinates are metres; each test draws its roads by hand.
#include "network/line_network.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/errors.hpp"

using namespace leefkaart;
using namespace leefkaart::network;
namespace fs = std::filesystem;

namespace {

struct FieldDef {
  std::string name;
  OGRFieldType type = OFTString;
  OGRFieldSubType subtype = OFSTNone;
};
struct Feature {
  std::string wkt;
  std::vector<std::optional<std::string>> values;  // nullopt: a null field
};

// Writes one layer; epsg 0 writes no CRS.
std::string write_layer(const std::string& name, const std::string& driver, OGRwkbGeometryType type,
                        const std::vector<FieldDef>& fields, const std::vector<Feature>& features, int epsg = 28992) {
  GDALAllRegister();
  const fs::path dir = fs::temp_directory_path() / "leefkaart_line_network_test";
  fs::create_directories(dir);
  const fs::path path = dir / (name + (driver == "GPKG" ? ".gpkg" : ".shp"));
  if (fs::exists(path)) GetGDALDriverManager()->GetDriverByName(driver.c_str())->Delete(path.c_str());
  GDALDataset* ds = GetGDALDriverManager()->GetDriverByName(driver.c_str())->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference srs;
  if (epsg) srs.importFromEPSG(epsg);
  OGRLayer* layer = ds->CreateLayer("roads", epsg ? &srs : nullptr, type, nullptr);
  for (const auto& f : fields) {
    OGRFieldDefn defn(f.name.c_str(), f.type);
    defn.SetSubType(f.subtype);
    layer->CreateField(&defn);
  }
  for (const auto& f : features) {
    OGRFeature* feat = OGRFeature::CreateFeature(layer->GetLayerDefn());
    for (std::size_t i = 0; i < f.values.size(); ++i) {
      if (f.values[i]) feat->SetField(static_cast<int>(i), f.values[i]->c_str());
      else feat->SetFieldNull(static_cast<int>(i));
    }
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(f.wkt.c_str(), nullptr, &g);
    feat->SetGeometryDirectly(g);
    EXPECT_EQ(layer->CreateFeature(feat), OGRERR_NONE);
    OGRFeature::DestroyFeature(feat);
  }
  GDALClose(ds);
  return path.string();
}

std::string line(double x0, double y0, double x1, double y1) {
  return "LINESTRING (" + std::to_string(155000 + x0) + " " + std::to_string(463000 + y0) + ", " +
         std::to_string(155000 + x1) + " " + std::to_string(463000 + y1) + ")";
}

LineMapping nwb_like() {
  LineMapping m;
  m.class_field = "BST_CODE";
  m.classes[static_cast<int>(Mode::Car)] = std::vector<std::string>{"HR", "VWG"};
  m.classes[static_cast<int>(Mode::Bike)] = std::vector<std::string>{"HR", "VWG", "FP"};
  m.classes[static_cast<int>(Mode::Walk)] = std::vector<std::string>{"HR", "VWG", "FP", "VP"};
  m.oneway_field = "RIJRICHTNG";
  m.oneway_forward = {"H"};
  m.oneway_backward = {"T"};
  m.oneway_both = {"B", "O"};
  return m;
}

// The segment joining the nodes nearest to two points (either way round).
const Segment* segment_between(const Graph& g, double x0, double y0, double x1, double y1) {
  auto node_at = [&](double x, double y) -> std::int64_t {
    for (std::uint32_t i = 0; i < g.node_count(); ++i)
      if (std::hypot(g.xy[i].x - 155000 - x, g.xy[i].y - 463000 - y) < 1) return i;
    return -1;
  };
  const auto a = node_at(x0, y0), b = node_at(x1, y1);
  for (const auto& s : g.segments)
    if ((s.u == a && s.v == b) || (s.u == b && s.v == a)) return &s;
  return nullptr;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(LineNetwork, ForbiddenClassIsLeftOutOfThatProfileOnly) {
  // A triangle: two HR carriageways and a fietspad (FP) closing it.
  const auto path = write_layer("classes", "ESRI Shapefile", wkbLineString, {{"BST_CODE"}, {"RIJRICHTNG"}},
                                {{line(0, 0, 100, 0), {"HR", "B"}}, {line(100, 0, 100, 100), {"HR", "B"}},
                                 {line(100, 100, 0, 0), {"FP", "B"}}});
  const LineNetwork car = read_line_network(path, nwb_like(), Mode::Car, 30);
  EXPECT_EQ(car.lines_read, 3u);
  EXPECT_EQ(car.lines_used, 2u);
  EXPECT_EQ(car.left_out_by_class.at("FP"), 1u);
  EXPECT_EQ(car.graph.segments.size(), 2u);
  EXPECT_EQ(segment_between(car.graph, 100, 100, 0, 0), nullptr);
  const LineNetwork bike = read_line_network(path, nwb_like(), Mode::Bike, 15);
  EXPECT_EQ(bike.graph.segments.size(), 3u);
  EXPECT_NE(segment_between(bike.graph, 100, 100, 0, 0), nullptr);
}

TEST(LineNetwork, NwbRijrichtingHeenTerugBeideOnbekend) {
  // H: only along the digitising direction; T: only against it; B and O: both ways.
  const auto path = write_layer("nwb_oneway", "ESRI Shapefile", wkbLineString, {{"BST_CODE"}, {"RIJRICHTNG"}},
                                {{line(0, 0, 100, 0), {"HR", "H"}}, {line(100, 0, 200, 0), {"HR", "T"}},
                                 {line(200, 0, 300, 0), {"HR", "B"}}, {line(300, 0, 400, 0), {"HR", "O"}}});
  const Graph g = read_line_network(path, nwb_like(), Mode::Car, 30).graph;
  const Segment* h = segment_between(g, 0, 0, 100, 0);
  const Segment* t = segment_between(g, 100, 0, 200, 0);
  ASSERT_TRUE(h && t);
  // Digitised from (0,0) to (100,0): u is the first point.
  EXPECT_TRUE(h->forward);
  EXPECT_FALSE(h->backward);
  EXPECT_FALSE(t->forward);
  EXPECT_TRUE(t->backward);
  for (double x : {200.0, 300.0}) {
    const Segment* s = segment_between(g, x, 0, x + 100, 0);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->forward && s->backward);
  }
  // Walking ignores one-way.
  const Graph w = read_line_network(path, nwb_like(), Mode::Walk, 5).graph;
  EXPECT_TRUE(segment_between(w, 0, 0, 100, 0)->backward);
}

TEST(LineNetwork, OsmnxBooleanOnewayInGeoPackageAndAsTextInShapefile) {
  LineMapping m;
  m.oneway_field = "oneway";
  m.oneway_forward = {"1", "True"};
  m.oneway_both = {"0", "False"};
  const auto gpkg = write_layer("osmnx_bool", "GPKG", wkbLineString, {{"oneway", OFTInteger, OFSTBoolean}},
                                {{line(0, 0, 100, 0), {"1"}}, {line(100, 0, 200, 0), {"0"}}});
  const auto shp = write_layer("osmnx_text", "ESRI Shapefile", wkbLineString, {{"oneway"}},
                               {{line(0, 0, 100, 0), {"True"}}, {line(100, 0, 200, 0), {"False"}}});
  for (const auto& path : {gpkg, shp}) {
    const Graph g = read_line_network(path, m, Mode::Car, 30).graph;
    const Segment* one = segment_between(g, 0, 0, 100, 0);
    const Segment* two = segment_between(g, 100, 0, 200, 0);
    ASSERT_TRUE(one && two) << path;
    EXPECT_TRUE(one->forward && !one->backward) << path;
    EXPECT_TRUE(two->forward && two->backward) << path;
  }
}

TEST(LineNetwork, OneWayIsRoutedAroundTheBlock) {
  // A square A(0,0) B(100,0) C(100,100) D(0,100); A -> B is one-way (H).
  // From A to B: 100 m. From B to A: around, B-C-D-A = 300 m.
  const auto path = write_layer("square", "ESRI Shapefile", wkbLineString, {{"BST_CODE"}, {"RIJRICHTNG"}},
                                {{line(0, 0, 100, 0), {"HR", "H"}}, {line(100, 0, 100, 100), {"HR", "B"}},
                                 {line(100, 100, 0, 100), {"HR", "B"}}, {line(0, 100, 0, 0), {"HR", "B"}}});
  const Graph g = read_line_network(path, nwb_like(), Mode::Car, 30).graph;
  const Segment* ab = segment_between(g, 0, 0, 100, 0);
  ASSERT_TRUE(ab);
  const std::uint32_t a = ab->u, b = ab->v;
  EXPECT_DOUBLE_EQ(distance_to_nearest(g, {{b, 0}})[a], 100);
  EXPECT_DOUBLE_EQ(distance_to_nearest(g, {{a, 0}})[b], 300);
}

TEST(LineNetwork, MissingSpeedTakesTheProfileDefault) {
  LineMapping m;
  m.speed_field = "maxspeed";
  const auto path = write_layer("speed", "GPKG", wkbLineString, {{"maxspeed", OFTReal}},
                                {{line(0, 0, 100, 0), {"50"}}, {line(100, 0, 200, 0), std::vector<std::optional<std::string>>{std::nullopt}}});
  const LineNetwork car = read_line_network(path, m, Mode::Car, 30);
  EXPECT_TRUE(car.has_speeds);
  EXPECT_DOUBLE_EQ(segment_between(car.graph, 0, 0, 100, 0)->speed_kmh, 50);
  EXPECT_DOUBLE_EQ(segment_between(car.graph, 100, 0, 200, 0)->speed_kmh, 30);
  // Minutes: 100 m at 50 km/h and 100 m at 30 km/h.
  std::vector<double> minutes;
  const auto far_end = segment_between(car.graph, 100, 0, 200, 0)->v;
  const auto start = segment_between(car.graph, 0, 0, 100, 0)->u;
  const auto dist = distance_to_nearest(car.graph, {{far_end, 0}}, minutes);
  EXPECT_DOUBLE_EQ(dist[start], 200);
  EXPECT_NEAR(minutes[start], 0.1 / 50 * 60 + 0.1 / 30 * 60, 1e-9);
  // The speed field is a car attribute: walking keeps one speed for the run.
  EXPECT_FALSE(read_line_network(path, m, Mode::Walk, 5).has_speeds);
}

TEST(LineNetwork, LengthFromTheFieldOrAlongTheLineAndEndPointsJoinedWithinTheTolerance) {
  LineMapping m;
  m.length_field = "length";
  // An L-shaped line (200 m along it, 141 m straight) with no length; a straight one with
  // length 120 (a measured length wins); a third starting 0.3 m from the L's end (joined)
  // and a fourth 2 m from it (not joined: a separate node, left out as a smaller piece).
  const auto path = write_layer(
      "lengths", "GPKG", wkbLineString, {{"length", OFTReal}},
      {{"LINESTRING (155000 463000, 155100 463000, 155100 463100)", {std::nullopt}},
       {line(100, 100, 200, 100), {"120"}},
       {line(200.3, 100, 300, 100), {std::nullopt}},
       {line(302, 100, 400, 100), {std::nullopt}}});
  const LineNetwork n = read_line_network(path, m, Mode::Car, 30);
  EXPECT_DOUBLE_EQ(segment_between(n.graph, 0, 0, 100, 100)->length, 200);
  EXPECT_DOUBLE_EQ(segment_between(n.graph, 100, 100, 200, 100)->length, 120);
  EXPECT_NE(segment_between(n.graph, 200, 100, 300, 100), nullptr);
  EXPECT_EQ(n.endpoints_merged, 1u);
  EXPECT_EQ(n.nodes_before_pruning, 6u);  // (0,0) (100,100) (200,100) (300,100) (302,100) (400,100)
  EXPECT_EQ(n.graph.node_count(), 4u);
  EXPECT_EQ(n.graph.dropped_nodes, 2u);
}

TEST(LineNetwork, OsmnxListedClassesCountWhenAnyIsAllowed) {
  LineMapping m;
  m.class_field = "highway";
  m.classes[static_cast<int>(Mode::Car)] = std::vector<std::string>{"residential"};
  const auto path = write_layer("listed", "GPKG", wkbLineString, {{"highway"}},
                                {{line(0, 0, 100, 0), {"['unclassified', 'residential']"}},
                                 {line(100, 0, 200, 0), {"residential"}},
                                 {line(200, 0, 300, 0), {"['busway', 'unclassified']"}}});
  const LineNetwork n = read_line_network(path, m, Mode::Car, 30);
  EXPECT_EQ(n.lines_used, 2u);
  EXPECT_EQ(n.left_out_by_class.at("['busway', 'unclassified']"), 1u);
}

TEST(LineNetwork, BadInputNamesFileFeatureAndField) {
  // A one-way value outside the mapping.
  const auto odd = write_layer("odd_oneway", "ESRI Shapefile", wkbLineString, {{"BST_CODE"}, {"RIJRICHTNG"}},
                               {{line(0, 0, 100, 0), {"HR", "B"}}, {line(100, 0, 200, 0), {"HR", "X"}}});
  auto e = error_of([&] { read_line_network(odd, nwb_like(), Mode::Car, 30); });
  EXPECT_NE(e.find(odd), std::string::npos) << e;
  EXPECT_NE(e.find("feature 1"), std::string::npos) << e;
  EXPECT_NE(e.find("field 'RIJRICHTNG'"), std::string::npos) << e;
  EXPECT_NE(e.find("\"X\""), std::string::npos) << e;
  // A non-positive and a NaN speed.
  LineMapping sm;
  sm.speed_field = "speed";
  for (const std::string bad : {"0", "-5", "nan"}) {
    const auto p = write_layer("bad_speed", "GPKG", wkbLineString, {{"speed"}}, {{line(0, 0, 100, 0), {bad}}});
    e = error_of([&] { read_line_network(p, sm, Mode::Car, 30); });
    EXPECT_NE(e.find("feature 1"), std::string::npos) << e;
    EXPECT_NE(e.find("field 'speed'"), std::string::npos) << e;
    EXPECT_NE(e.find("positive"), std::string::npos) << e;
  }
  // A mapped field the layer lacks.
  const auto plain = write_layer("no_field", "GPKG", wkbLineString, {{"name"}}, {{line(0, 0, 100, 0), {"a"}}});
  e = error_of([&] { read_line_network(plain, nwb_like(), Mode::Car, 30); });
  EXPECT_NE(e.find("field 'BST_CODE'"), std::string::npos) << e;
  // Points instead of lines.
  const auto points = write_layer("points", "GPKG", wkbPoint, {{"name"}}, {{"POINT (155000 463000)", {"a"}}});
  e = error_of([&] { read_line_network(points, LineMapping{}, Mode::Car, 30); });
  EXPECT_NE(e.find("feature 1"), std::string::npos) << e;
  EXPECT_NE(e.find("expected a line"), std::string::npos) << e;
  // No CRS.
  const auto no_crs = write_layer("no_crs", "ESRI Shapefile", wkbLineString, {{"name"}}, {{line(0, 0, 100, 0), {"a"}}}, 0);
  e = error_of([&] { read_line_network(no_crs, LineMapping{}, Mode::Car, 30); });
  EXPECT_NE(e.find("has no coordinate reference system"), std::string::npos) << e;
  // A profile the mapping does not list.
  LineMapping car_only = nwb_like();
  car_only.classes[static_cast<int>(Mode::Bike)].reset();
  e = error_of([&] { read_line_network(odd, car_only, Mode::Bike, 15); });
  EXPECT_NE(e.find("no bike classes"), std::string::npos) << e;
}
