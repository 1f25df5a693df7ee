// `leefkaart access --network`: routing over a road layer as GIS users hold it.
// The real layer is osmnx's car network of Rotterdam (layers `edges` and
// `nodes`, WGS84); the bad inputs are small layers written here with GDAL.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <map>
#include <optional>

#include "cli_runner.hpp"
#include "io/crs.hpp"
#include "network/access.hpp"
#include "network/line_network.hpp"

using namespace leefkaart;
using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

fs::path rotterdam() { return data_dir() / "osm" / "rotterdam_osm_drive_network_2024.gpkg"; }

// The osmnx mapping of presets/network_osmnx.toml, with every road class allowed
// (the graph is then exactly the layer's topology).
network::LineMapping osmnx_all_classes() {
  network::LineMapping m;
  m.layer = "edges";
  m.length_field = "length";
  m.oneway_field = "oneway";
  m.oneway_forward = {"1", "True", "true"};
  m.oneway_both = {"0", "False", "false"};
  return m;
}

struct LayerNode {
  long long osmid = 0;
  geom::Point rd;
};

// The `nodes` layer read with plain GDAL and projected to RD New with PROJ.
std::vector<LayerNode> layer_nodes() {
  Dataset ds = open_vector(rotterdam());
  OGRLayer* l = ds->GetLayerByName("nodes");
  auto t = io::make_transform(*io::srs_from_epsg(4326), *io::working_srs(io::kRdNewEpsg));
  std::vector<LayerNode> out;
  for (auto& f : *l) {
    const OGRPoint* p = f->GetGeometryRef()->toPoint();
    double x = p->getX(), y = p->getY();
    t->Transform(1, &x, &y);
    out.push_back({f->GetFieldAsInteger64("osmid"), {x, y}});
  }
  return out;
}

struct Rotterdam {
  network::LineNetwork net = network::read_line_network(rotterdam().string(), osmnx_all_classes(), network::Mode::Car, 30);
  std::vector<LayerNode> nodes = layer_nodes();
};

const Rotterdam& real() {
  static Rotterdam r;
  return r;
}

// The graph node at a point (within 1 cm), or -1.
std::int64_t node_at(const network::SnapIndex& index, geom::Point p) {
  for (std::uint32_t n : index.nodes_in({p.x - 0.01, p.y - 0.01, p.x + 0.01, p.y + 0.01})) return n;
  return -1;
}

struct FieldDef {
  std::string name;
  OGRFieldType type = OFTString;
};

// One small layer in RD New (epsg 0: none), lines or points given as WKT.
fs::path write_layer(const fs::path& path, const std::string& driver, OGRwkbGeometryType type,
                     const std::vector<FieldDef>& fields, const std::vector<std::pair<std::string, std::vector<std::string>>>& features,
                     int epsg = 28992) {
  GDALAllRegister();
  GDALDataset* ds = GetGDALDriverManager()->GetDriverByName(driver.c_str())->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference srs;
  if (epsg) srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer(path.stem().c_str(), epsg ? &srs : nullptr, type, nullptr);
  for (const auto& f : fields) {
    OGRFieldDefn defn(f.name.c_str(), f.type);
    layer->CreateField(&defn);
  }
  for (const auto& [wkt, values] : features) {
    OGRFeature* feat = OGRFeature::CreateFeature(layer->GetLayerDefn());
    for (std::size_t i = 0; i < values.size(); ++i) feat->SetField(static_cast<int>(i), values[i].c_str());
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
    feat->SetGeometryDirectly(g);
    EXPECT_EQ(layer->CreateFeature(feat), OGRERR_NONE);
    OGRFeature::DestroyFeature(feat);
  }
  GDALClose(ds);
  return path;
}

}  // namespace

TEST(RoadLayerRotterdam, GraphHasExactlyTheNodesOfTheNodesLayer) {
  const auto& r = real();
  ASSERT_EQ(r.nodes.size(), 11399u);
  EXPECT_EQ(r.net.lines_read, 16672u);
  // Every end point is a node of the layer's table, every node of the table an end point;
  // osmnx kept one connected network, so nothing is pruned.
  EXPECT_EQ(r.net.nodes_before_pruning, r.nodes.size());
  EXPECT_EQ(r.net.graph.node_count(), r.nodes.size());
  EXPECT_EQ(r.net.graph.dropped_nodes, 0u);
  EXPECT_EQ(r.net.endpoints_merged, 0u);  // osmnx's edges share their end points exactly
  const network::SnapIndex index(r.net.graph);
  std::size_t found = 0;
  for (const auto& n : r.nodes) found += node_at(index, n.rd) >= 0;
  EXPECT_EQ(found, r.nodes.size());
}

TEST(RoadLayerRotterdam, DistanceIsTheSumOfTheLayersLengthsAlongAVerifiedPath) {
  const auto& r = real();
  const network::Graph& g = r.net.graph;
  const network::SnapIndex index(g);
  // The layer's own table: length of each directed edge from -> to (the shortest of parallel
  // ones). In this file every line runs from node `from` to node `to`; its `u` and `v` follow
  // the line in only 4 165 of 16 672 edges, so they cannot name its direction.
  std::map<std::pair<long long, long long>, double> edge_length;
  {
    Dataset ds = open_vector(rotterdam());
    for (auto& f : *ds->GetLayerByName("edges")) {
      const auto key = std::make_pair(f->GetFieldAsInteger64("from"), f->GetFieldAsInteger64("to"));
      const double len = f->GetFieldAsDouble("length");
      auto [it, inserted] = edge_length.emplace(key, len);
      if (!inserted) it->second = std::min(it->second, len);
      if (f->GetFieldAsInteger("oneway") == 0) {
        auto [rit, rinserted] = edge_length.emplace(std::make_pair(key.second, key.first), len);
        if (!rinserted) rit->second = std::min(rit->second, len);
      }
    }
  }
  std::vector<long long> osmid_of(g.node_count(), 0);
  for (const auto& n : r.nodes) osmid_of.at(static_cast<std::size_t>(node_at(index, n.rd))) = n.osmid;
  // Two nodes far apart in the table: the first and the one in the middle.
  const LayerNode& from = r.nodes.front();
  const LayerNode& to = r.nodes[r.nodes.size() / 2];
  const auto a = static_cast<std::uint32_t>(node_at(index, from.rd));
  const auto b = static_cast<std::uint32_t>(node_at(index, to.rd));
  const std::vector<double> dist = network::distance_to_nearest(g, {{b, 0}});
  ASSERT_NE(dist[a], network::kUnreached);
  const double straight = std::hypot(from.rd.x - to.rd.x, from.rd.y - to.rd.y);
  EXPECT_GE(dist[a], straight);
  EXPECT_LT(dist[a], 3 * straight);  // a city's roads are not that roundabout
  // Walk the path: from each node take an arc whose length plus the rest is the
  // node's distance; each arc must be an edge of the layer's table, with its length.
  double sum = 0;
  std::size_t steps = 0;
  for (std::uint32_t x = a; x != b; ++steps) {
    ASSERT_LT(steps, g.node_count());
    std::int64_t next = -1;
    for (std::uint32_t i = g.out_offsets[x]; i < g.out_offsets[x + 1]; ++i)
      if (std::abs(g.out_length[i] + dist[g.out_to[i]] - dist[x]) < 1e-6) next = i;
    ASSERT_GE(next, 0) << "no arc attains the distance at step " << steps;
    const std::uint32_t y = g.out_to[static_cast<std::size_t>(next)];
    auto e = edge_length.find({osmid_of[x], osmid_of[y]});
    ASSERT_NE(e, edge_length.end()) << "step " << steps << " is not an edge of the layer";
    EXPECT_NEAR(e->second, g.out_length[static_cast<std::size_t>(next)], 1e-6);
    sum += e->second;
    x = y;
  }
  EXPECT_GT(steps, 5u);
  EXPECT_NEAR(sum, dist[a], 1e-6 * steps);
}

TEST(RoadLayerRotterdam, CarAccessRunCompletesWithPlausibleDistances) {
  const fs::path dir = fresh_dir("road_layer_rotterdam");
  // Supermarkets at ten nodes of the table, in WGS84 like the roads.
  const auto& nodes = real().nodes;
  std::vector<std::pair<std::string, std::vector<std::string>>> points;
  std::vector<geom::Point> placed;
  auto back = io::make_transform(*io::working_srs(io::kRdNewEpsg), *io::srs_from_epsg(4326));
  for (std::size_t i = 0; i < nodes.size(); i += nodes.size() / 10) {
    double x = nodes[i].rd.x, y = nodes[i].rd.y;
    placed.push_back(nodes[i].rd);
    back->Transform(1, &x, &y);
    points.push_back({fmt::format("POINT ({:.9f} {:.9f})", x, y), {"supermarkt", "winkel " + std::to_string(i)}});
  }
  write_layer(dir / "winkels.gpkg", "GPKG", wkbPoint, {{"soort"}, {"naam"}}, points, 4326);
  const fs::path out = dir / "out";
  CliResult r = run_cli("access --network '" + rotterdam().string() + "' --network-mapping '" +
                        (source_dir() / "presets" / "network_osmnx.toml").string() + "' --facilities '" +
                        (dir / "winkels.gpkg").string() +
                        "' --facility-category-field soort --facility-name-field naam --mode car --out '" + out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(manifest["network"]["source"], "road layer");
  EXPECT_EQ(manifest["network"]["lines_read"], 16672);
  // busway lines (buses only) are left out of the car profile.
  EXPECT_GT(manifest["network"]["left_out_by_class"]["busway"].get<int>(), 0);
  EXPECT_GT(manifest["graph"]["nodes"].get<int>(), 11000);
  Dataset ds = open_vector(out / "access.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* cells = ds->GetLayerByName("cells");
  ASSERT_TRUE(cells);
  std::size_t reached = 0, shorter_than_straight = 0;
  std::vector<double> ratio;
  for (auto& f : *cells) {
    const int idx = f->GetFieldIndex("dist_supermarkt_m");
    if (!f->IsFieldSetAndNotNull(idx)) continue;
    ++reached;
    const double d = f->GetFieldAsDouble(idx), snap = f->GetFieldAsDouble("snap_m");
    const geom::Point c{f->GetFieldAsDouble("x"), f->GetFieldAsDouble("y")};
    double straight = 1e300;
    for (const auto& p : placed) straight = std::min(straight, std::hypot(p.x - c.x, p.y - c.y));
    // Along the roads is never shorter than the crow flies (the cell's centre is snap_m off the road).
    shorter_than_straight += d + snap < straight - 0.5;
    if (straight > 500) ratio.push_back(d / straight);
    // The time field: the distance at the car's default 30 km/h.
    EXPECT_NEAR(f->GetFieldAsDouble("time_supermarkt_min"), d / 500.0, 0.01);
  }
  EXPECT_GT(reached, 2500u);  // of about 3 000 cells: those holding a node of the graph
  EXPECT_EQ(shorter_than_straight, 0u);
  std::sort(ratio.begin(), ratio.end());
  ASSERT_FALSE(ratio.empty());
  const double median = ratio[ratio.size() / 2];
  EXPECT_GT(median, 1.0);
  EXPECT_LT(median, 2.0);  // detour factors of city road networks lie around 1.2-1.5
}

namespace {

struct BadRun {
  fs::path dir, out, facilities, mapping;
  explicit BadRun(const std::string& name) : dir(fresh_dir("road_layer_bad_" + name)), out(dir / "out") {
    facilities = write_layer(dir / "fac.gpkg", "GPKG", wkbPoint, {{"category"}},
                             {{"POINT (155050 463000)", {"supermarkt"}}});
    mapping = dir / "mapping.toml";
    write_text(mapping,
               "[lines]\n[lines.class]\nfield = \"BST_CODE\"\ncar = [\"HR\"]\n"
               "[lines.oneway]\nfield = \"RIJRICHTNG\"\nforward = [\"H\"]\nbackward = [\"T\"]\nboth = [\"B\", \"O\"]\n"
               "[lines.speed]\nfield = \"SPEED\"\n");
  }
  CliResult run(const fs::path& network) const {
    return run_cli("access --mode car --network '" + network.string() + "' --network-mapping '" + mapping.string() +
                   "' --facilities '" + facilities.string() + "' --out '" + out.string() + "'");
  }
};

const std::vector<FieldDef> kNwbFields{{"BST_CODE"}, {"RIJRICHTNG"}, {"SPEED", OFTReal}};

}  // namespace

TEST(RoadLayerBadInput, MissingMappedField) {
  BadRun b("field");
  const auto roads = write_layer(b.dir / "roads.shp", "ESRI Shapefile", wkbLineString, {{"BST_CODE"}, {"SPEED", OFTReal}},
                                 {{"LINESTRING (155000 463000, 155100 463000)", {"HR", "50"}}});
  expect_clean_failure(b.run(roads), b.out, {roads.string(), "field 'RIJRICHTNG'", "not in layer"});
}

TEST(RoadLayerBadInput, NonLineLayer) {
  BadRun b("points");
  const auto roads = write_layer(b.dir / "roads.gpkg", "GPKG", wkbPoint, kNwbFields, {{"POINT (155000 463000)", {"HR", "B", "50"}}});
  expect_clean_failure(b.run(roads), b.out, {roads.string(), "feature 1", "field 'geometry'", "expected a line"});
}

TEST(RoadLayerBadInput, LayerWithoutCrs) {
  BadRun b("crs");
  const auto roads = write_layer(b.dir / "roads.shp", "ESRI Shapefile", wkbLineString, kNwbFields,
                                 {{"LINESTRING (155000 463000, 155100 463000)", {"HR", "B", "50"}}}, 0);
  expect_clean_failure(b.run(roads), b.out, {roads.string(), "has no coordinate reference system"});
}

TEST(RoadLayerBadInput, OneWayValueOutsideTheMapping) {
  BadRun b("oneway");
  const auto roads = write_layer(b.dir / "roads.shp", "ESRI Shapefile", wkbLineString, kNwbFields,
                                 {{"LINESTRING (155000 463000, 155100 463000)", {"HR", "B", "50"}},
                                  {"LINESTRING (155100 463000, 155200 463000)", {"HR", "Z", "50"}}});
  expect_clean_failure(b.run(roads), b.out, {roads.string(), "feature 1", "field 'RIJRICHTNG'", "\"Z\""});
}

TEST(RoadLayerBadInput, NonPositiveOrNanSpeed) {
  for (const std::string bad : {"0", "-30", "nan"}) {
    BadRun b("speed");
    const auto roads = write_layer(b.dir / "roads.gpkg", "GPKG", wkbLineString, {{"BST_CODE"}, {"RIJRICHTNG"}, {"SPEED"}},
                                   {{"LINESTRING (155000 463000, 155100 463000)", {"HR", "B", "50"}},
                                    {"LINESTRING (155100 463000, 155200 463000)", {"HR", "B", bad}}});
    expect_clean_failure(b.run(roads), b.out, {roads.string(), "feature 2", "field 'SPEED'", "positive"});
  }
}

TEST(RoadLayerBadInput, NetworkWithoutMappingOrFacilities) {
  BadRun b("options");
  expect_clean_failure(run_cli("access --network '" + rotterdam().string() + "' --out '" + b.out.string() + "'"), b.out,
                       {"--network-mapping"});
  expect_clean_failure(run_cli("access --network '" + rotterdam().string() + "' --network-mapping '" + b.mapping.string() +
                               "' --out '" + b.out.string() + "'"),
                       b.out, {"--facilities"});
}
