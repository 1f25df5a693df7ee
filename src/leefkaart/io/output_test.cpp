// Output layers keep every value as given: integers are 64-bit in every format.
#include "io/output.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

namespace leefkaart::io {
namespace fs = std::filesystem;

TEST(Output, IntegersBeyond32BitsSurviveEveryFormat) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_output_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  LayerData layer;
  layer.name = "nl";
  layer.fields = {{"residents_times_cells", FieldType::Integer}};
  layer.rows = {{5'000'000'123LL}, {-3'000'000'000LL}};
  write_csv(dir / "nl.csv", layer);
  write_geopackage(dir / "nl.gpkg", {&layer});
  // The CSV as text: a one-column CSV is no CSV to GDAL's reader.
  const std::string csv = [&] {
    std::ifstream in(dir / "nl.csv", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
  EXPECT_EQ(csv, "residents_times_cells\n5000000123\n-3000000000\n");
  GDALAllRegister();
  for (const char* file : {"nl.gpkg"}) {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / file).c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds) << file;
    OGRLayer* l = ds->GetLayer(0);
    std::vector<long long> read;
    for (auto& f : *l) read.push_back(f->GetFieldAsInteger64(0));
    EXPECT_EQ(read, (std::vector<long long>{5'000'000'123LL, -3'000'000'000LL})) << file;
  }
  fs::remove_all(dir);
}

}  // namespace leefkaart::io

namespace leefkaart::io {

namespace {
// Polygons (one with a hole, rings in either direction), a multipolygon, an
// awkward string and empty values: what the layers of a build hold.
LayerData awkward_layer() {
  LayerData l;
  l.name = "buurten";
  l.description = "a \"quoted\" description";
  l.fields = {{"naam", FieldType::String}, {"pop", FieldType::Integer}, {"share", FieldType::Real}};
  const std::vector<geom::Point> cw_square{{130000, 450000}, {130000, 450100}, {130100, 450100}, {130100, 450000}};
  const std::vector<geom::Point> ccw_hole{{130020, 450020}, {130080, 450020}, {130080, 450080}, {130020, 450080}};
  l.geometries.push_back(geom::make_polygon(cw_square, {ccw_hole}));
  std::vector<geom::Geom> parts;
  parts.push_back(geom::make_polygon({{131000, 451000}, {131100, 451000}, {131100, 451100}}));
  parts.push_back(geom::make_polygon({{132000, 452000}, {132100, 452000}, {132100, 452100}}));
  l.geometries.push_back(geom::make_multipolygon(std::move(parts)));
  l.rows = {{std::string("Mariëndaal \"Oost\"\n\\ tab\t"), 1205LL, 0.000025}, {Value(), Value(), 1.0 / 3.0}};
  return l;
}
}  // namespace

// The streamed writer must say what OGR's GeoJSON driver says: same values,
// same geometries (to 7 decimals), and RFC 7946 ring order.
TEST(Output, StreamedGeoJsonReadsBackAsOgrsGeoJson) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_output_geojson_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const LayerData layer = awkward_layer();
  write_geojson_wgs84(dir / "streamed.geojson", layer);
  write_geojson_wgs84_ogr(dir / "ogr.geojson", layer);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> a(GDALDataset::Open((dir / "streamed.geojson").c_str(), GDAL_OF_VECTOR));
  std::unique_ptr<GDALDataset> b(GDALDataset::Open((dir / "ogr.geojson").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(a && b);
  OGRLayer* la = a->GetLayer(0);
  OGRLayer* lb = b->GetLayer(0);
  EXPECT_STREQ(la->GetName(), "buurten");
  ASSERT_EQ(la->GetFeatureCount(), lb->GetFeatureCount());
  ASSERT_EQ(la->GetLayerDefn()->GetFieldCount(), 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(la->GetLayerDefn()->GetFieldDefn(i)->GetType(), lb->GetLayerDefn()->GetFieldDefn(i)->GetType()) << i;
  for (int n = 0; n < 2; ++n) {
    std::unique_ptr<OGRFeature> fa(la->GetNextFeature()), fb(lb->GetNextFeature());
    ASSERT_TRUE(fa && fb);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(fa->IsFieldSetAndNotNull(i), fb->IsFieldSetAndNotNull(i)) << n << " " << i;
      if (i == 2)
        EXPECT_DOUBLE_EQ(fa->GetFieldAsDouble(i), fb->GetFieldAsDouble(i));
      else
        EXPECT_STREQ(fa->GetFieldAsString(i), fb->GetFieldAsString(i)) << n << " " << i;
    }
    ASSERT_TRUE(fa->GetGeometryRef() && fb->GetGeometryRef());
    // The layer mixes polygons and multipolygons, so the streamed writer
    // writes every polygon as a multipolygon (one geometry type per layer,
    // as the GeoPackage); OGR's GeoJSON keeps a lone polygon as it is.
    EXPECT_EQ(wkbFlatten(fa->GetGeometryRef()->getGeometryType()), wkbMultiPolygon) << n;
    std::unique_ptr<OGRGeometry> ga(OGRGeometryFactory::forceToMultiPolygon(fa->StealGeometry()));
    std::unique_ptr<OGRGeometry> gb(OGRGeometryFactory::forceToMultiPolygon(fb->StealGeometry()));
    EXPECT_TRUE(ga->Equals(gb.get())) << n << " " << ga->exportToJson() << " vs " << gb->exportToJson();  // same rings, same vertices
    // RFC 7946: exterior rings counter-clockwise, holes clockwise.
    const OGRPolygon* p = ga->toMultiPolygon()->getGeometryRef(0);
    EXPECT_FALSE(p->getExteriorRing()->isClockwise());
    if (n == 0) {
      ASSERT_EQ(p->getNumInteriorRings(), 1);
      EXPECT_TRUE(p->getInteriorRing(0)->isClockwise());
    }
  }
  fs::remove_all(dir);
}

TEST(Output, FlatGeobufKeepsFeaturesValuesAndTheWorkingCrs) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_output_fgb_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const LayerData layer = awkward_layer();
  write_flatgeobuf(dir / "buurten.fgb", layer);
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / "buurten.fgb").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayer(0);
  EXPECT_EQ(l->GetFeatureCount(), 2);
  EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "28992");
  EXPECT_TRUE(l->TestCapability(OLCFastSpatialFilter));  // the spatial index is there
  // The spatial index orders the features along a curve: find the first one by its value.
  std::unique_ptr<OGRFeature> f;
  for (auto& g : *l)
    if (g->GetFieldAsInteger64(1) == 1205) f.reset(g->Clone());
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString(0), "Mariëndaal \"Oost\"\n\\ tab\t");
  EXPECT_EQ(f->GetFieldAsInteger64(1), 1205);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(2), 0.000025);
  OGREnvelope e;
  f->GetGeometryRef()->getEnvelope(&e);
  EXPECT_DOUBLE_EQ(e.MinX, 130000);
  EXPECT_DOUBLE_EQ(e.MaxY, 450100);
  fs::remove_all(dir);
}

// A failed background write is reported after every other write has ended.
TEST(Output, BackgroundWritesRethrowTheFirstFailureAfterAllHaveRun) {
  std::atomic<int> done{0};
  std::vector<std::function<void()>> tasks;
  tasks.push_back([] { throw std::runtime_error("disk full"); });
  for (int i = 0; i < 5; ++i) tasks.push_back([&done] { ++done; });
  BackgroundWrites writes(std::move(tasks), 1);
  try {
    writes.wait();
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_EQ(done.load(), 0);  // after a failure nothing more is started: the set is lost anyway
}

}  // namespace leefkaart::io
