// Invariants of the shortest-path computation on the real Liechtenstein
// extract, and the access command on it.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>

#include "cli_runner.hpp"
#include "grid/hexgrid.hpp"
#include "io/crs.hpp"
#include "network/access.hpp"
#include "network/osm_extract.hpp"

using namespace leefkaart;
using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

struct RealNetwork {
  network::Extract extract;
  network::ProjectedNodes nodes;
  network::Graph graph;
  std::vector<network::FacilityPlace> facilities;  // supermarkets as points
  int epsg = 0;

  RealNetwork() {
    const auto path = data_dir() / "osm" / "liechtenstein-latest.osm.pbf";
    auto cats = network::default_categories();
    extract = network::read_extract(path.string(), cats, {});
    epsg = io::working_epsg_for(extract.lon_min, extract.lat_min, extract.lon_max, extract.lat_max);
    auto t = io::make_transform(*io::srs_from_epsg(4326), *io::working_srs(epsg));
    for (const auto& [id, ll] : extract.nodes) {
      double x = ll.lon, y = ll.lat;
      t->Transform(1, &x, &y);
      nodes.emplace(id, geom::Point{x, y});
    }
    graph = network::build_graph(extract, network::Mode::Walk, nodes);
    for (const auto& f : extract.facilities)
      if (cats[f.category].name == "supermarkt" && f.rings.empty()) {
        double x = f.point.lon, y = f.point.lat;
        t->Transform(1, &x, &y);
        facilities.push_back({0, geom::make_point({x, y}), "n" + std::to_string(f.osm_id), f.name});
      }
  }
};

const RealNetwork& real() {
  static RealNetwork r;
  return r;
}

}  // namespace

TEST(RealNetwork, LiechtensteinIsProjectedToUtm32N) {
  EXPECT_EQ(real().epsg, 32632);
  EXPECT_GT(real().graph.node_count(), 40000u);
  EXPECT_GE(real().facilities.size(), 5u);
}

TEST(RealNetwork, DistancesSatisfyTheShortestPathInvariants) {
  const auto& g = real().graph;
  network::SnapIndex index(g);
  std::vector<network::Seed> seeds;
  for (const auto& f : real().facilities) {
    auto s = index.nearest(geom::point_xy(f.geom.get()), 250);
    ASSERT_TRUE(s.ok);
    const auto& seg = g.segments[s.segment];
    seeds.push_back({seg.u, s.t * seg.length});
    seeds.push_back({seg.v, (1 - s.t) * seg.length});
  }
  const auto dist = network::distance_to_nearest(g, seeds);
  std::vector<double> seed_dist(g.node_count(), network::kUnreached);
  for (const auto& s : seeds) seed_dist[s.node] = std::min(seed_dist[s.node], s.dist);
  std::size_t reached = 0;
  for (std::uint32_t x = 0; x < g.node_count(); ++x) {
    if (dist[x] == network::kUnreached) continue;
    ++reached;
    bool tight = dist[x] == seed_dist[x];
    // Every arc x -> y: dist[x] <= w + dist[y]; and some arc (or the seed itself) attains it.
    for (std::uint32_t i = g.out_offsets[x]; i < g.out_offsets[x + 1]; ++i) {
      const double via = g.out_length[i] + dist[g.out_to[i]];
      ASSERT_LE(dist[x], via + 1e-6) << "node " << x;
      tight |= std::abs(dist[x] - via) < 1e-6;
    }
    EXPECT_TRUE(tight) << "node " << x << " has no tight arc";
  }
  EXPECT_EQ(reached, g.node_count()) << "the walk graph is one component: every node reaches a supermarket";
}

TEST(RealNetwork, NetworkDistanceIsNeverShorterThanTheStraightLine) {
  const auto& g = real().graph;
  network::SnapIndex index(g);
  grid::HexGrid hex({100.0, grid::SizeDefinition::Edge});
  std::vector<network::Snap> cells;
  std::vector<geom::Point> snapped;
  for (std::size_t i = 0; i < g.node_count(); i += 97) {
    const auto c = hex.centre(hex.cell_of(g.xy[i]));
    cells.push_back(index.nearest(c, 250));
    const auto& seg = g.segments[cells.back().segment];
    const auto a = g.xy[seg.u], b = g.xy[seg.v];
    snapped.push_back({a.x + cells.back().t * (b.x - a.x), a.y + cells.back().t * (b.y - a.y)});
  }
  auto result = network::compute_access(g, index, cells, real().facilities, 1, {});
  // The facility's own projection onto its street is where the route ends.
  std::vector<geom::Point> fac;
  for (const auto& f : real().facilities) {
    auto s = index.nearest(geom::point_xy(f.geom.get()), 250);
    const auto& seg = g.segments[s.segment];
    fac.push_back({g.xy[seg.u].x + s.t * (g.xy[seg.v].x - g.xy[seg.u].x), g.xy[seg.u].y + s.t * (g.xy[seg.v].y - g.xy[seg.u].y)});
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    ASSERT_TRUE(cells[c].ok);
    double straight = network::kUnreached;
    for (const auto& f : fac) straight = std::min(straight, std::hypot(snapped[c].x - f.x, snapped[c].y - f.y));
    EXPECT_GE(result[0].dist[c], straight - 1e-6) << "cell " << c;
  }
}

TEST(RealNetwork, AccessCommandGivesEveryCellAWalkingDistancePerCategoryPresent) {
  const fs::path out = fresh_dir("access_li");
  CliResult r = run_cli("access --osm '" + (data_dir() / "osm" / "liechtenstein-latest.osm.pbf").string() + "' --out '" +
                        out.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("EPSG:32632"), std::string::npos) << r.output;
  Dataset ds = open_vector(out / "access.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* cats = ds->GetLayerByName("categories");
  ASSERT_NE(cats, nullptr);
  std::vector<std::string> present, absent;
  for (auto& f : *cats) (f->GetFieldAsInteger("placed") > 0 ? present : absent).push_back(f->GetFieldAsString("category"));
  EXPECT_GE(present.size(), 8u);
  OGRLayer* cells = ds->GetLayerByName("cells");
  ASSERT_GT(cells->GetFeatureCount(), 3000);
  for (auto& f : *cells) {
    ASSERT_EQ(f->GetFieldAsInteger("on_network"), 1);
    for (const auto& c : present) {
      const int idx = f->GetFieldIndex(("dist_" + c + "_m").c_str());
      ASSERT_TRUE(f->IsFieldSetAndNotNull(idx)) << c;
      EXPECT_GE(f->GetFieldAsDouble(idx), 0.0);
    }
    // A category without facilities is missing, never 0 or infinity.
    for (const auto& c : absent) EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex(("dist_" + c + "_m").c_str())));
  }
}
