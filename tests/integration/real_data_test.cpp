// The acceptance runs of the foundation issue, on the real shared data.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// Sum of a column over the rows whose code starts with a prefix, read with
// plain OGR (not leefkaart's reader), as an independent check.
double column_total(const fs::path& csv, const std::string& code_field, const std::string& prefix,
                    const std::string& field) {
  Dataset ds = open_vector(csv);
  EXPECT_TRUE(ds) << csv;
  double total = 0;
  for (auto& f : *ds->GetLayer(0)) {
    std::string code = f->GetFieldAsString(code_field.c_str());
    if (code.rfind(prefix, 0) != 0) continue;
    std::string v = f->GetFieldAsString(field.c_str());
    if (!v.empty() && v != ".") total += std::stod(v);
  }
  return total;
}

void require_data() {
  ASSERT_TRUE(fs::is_directory(data_dir())) << "the real data is missing: expected " << data_dir()
                                            << " (clone with ../shared beside the repo or set LEEFKAART_DATA)";
}

CliResult build_preset(const std::string& preset, const fs::path& out) {
  return run_build(source_dir() / "presets" / preset, out, data_dir());
}

}  // namespace

TEST(RealData, UtrechtBuildWritesAllLayersAndConservesResidents) {
  require_data();
  const fs::path out = fresh_dir("utrecht");
  CliResult r = build_preset("utrecht.toml", out);
  ASSERT_EQ(r.exit_code, 0) << r.output;

  for (const char* f : {"leefkaart.gpkg", "cells.geojson", "buurten.geojson", "wijken.geojson", "cells.csv",
                        "buurten.csv", "wijken.csv", "masking.csv", "manifest.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  Dataset gpkg = open_vector(out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  for (const char* layer : {"cells", "buurten", "wijken"}) EXPECT_NE(gpkg->GetLayerByName(layer), nullptr) << layer;
  OGRLayer* cells = gpkg->GetLayerByName("cells");
  EXPECT_EQ(cells->GetSpatialRef()->GetAuthorityCode(nullptr), std::string("28992"));
  ASSERT_GE(cells->GetLayerDefn()->GetFieldIndex("ind_dichtheid"), 0);
  ASSERT_GE(cells->GetLayerDefn()->GetFieldIndex("val_dichtheid"), 0);
  EXPECT_LT(cells->GetLayerDefn()->GetFieldIndex("val_stress"), 0) << "not-supplied indicators get no column";

  double residents = 0;
  int score_max = -1, lowest = 99, highest = -1;
  std::set<std::string> ids;
  for (auto& f : *cells) {
    residents += f->GetFieldAsDouble("pop");
    score_max = f->GetFieldAsInteger("score_max");
    ids.insert(f->GetFieldAsString("cell_id"));
    if (f->IsFieldSetAndNotNull(f->GetFieldIndex("score"))) {
      const int s = f->GetFieldAsInteger("score");
      lowest = std::min(lowest, s);
      highest = std::max(highest, s);
      // A scored cell has at least the privacy minimum of residents.
      EXPECT_GE(f->GetFieldAsDouble("pop"), 5.0);
    } else {
      // No score: either suppressed or incomplete with a reason, never a silent 0.
      const bool suppressed = f->GetFieldAsInteger("suppressed") == 1;
      EXPECT_TRUE(suppressed || std::string(f->GetFieldAsString("incomplete_reason")).size() > 0);
      if (suppressed) {
        EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("val_eenzaamheid_proxy")));
      }
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(cells->GetFeatureCount()));
  EXPECT_EQ(score_max, 4);
  EXPECT_EQ(lowest, 0);
  EXPECT_EQ(highest, score_max);
  const double cbs = column_total(data_dir() / "cbs" / "utrecht_kwb_2025_buurt_subset.csv", "buurtcode", "BU0344", "a_inw");
  ASSERT_GT(cbs, 300000);
  EXPECT_NEAR(residents, cbs, cbs * 0.001) << "residents on cells must match the CBS buurt total within 0.1 %";

  // Buurt residents match their CBS row too.
  OGRLayer* buurten = gpkg->GetLayerByName("buurten");
  EXPECT_EQ(buurten->GetFeatureCount(), 111);
  for (auto& f : *buurten) {
    const double src = f->GetFieldAsDouble("pop_source");
    EXPECT_NEAR(f->GetFieldAsDouble("pop"), src, std::max(1.0, src * 0.001)) << f->GetFieldAsString("code");
  }
  EXPECT_EQ(gpkg->GetLayerByName("wijken")->GetFeatureCount(), 10);

  // GeoJSON is WGS84 lon/lat (Utrecht lies near 5.1 E, 52.1 N).
  Dataset gj = open_vector(out / "cells.geojson");
  ASSERT_TRUE(gj);
  OGREnvelope env;
  ASSERT_EQ(gj->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
  EXPECT_GT(env.MinX, 4.9);
  EXPECT_LT(env.MaxX, 5.3);
  EXPECT_GT(env.MinY, 52.0);
  EXPECT_LT(env.MaxY, 52.2);

  auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  EXPECT_EQ(manifest["grid"]["size_definition"], "edge");
  EXPECT_EQ(manifest["config"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_GE(manifest["inputs"].size(), 4u);
  for (const auto& in : manifest["inputs"]) EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u);
  EXPECT_LT(manifest["counts"]["residents_relative_difference"].get<double>(), 0.001);
  EXPECT_FALSE(fs::exists(out / ".leefkaart-staging-0"));
}

TEST(RealData, EindhovenGridComesCloseTo3620Hexagons) {
  require_data();
  const fs::path out = fresh_dir("eindhoven_grid");
  CliResult r = run_cli("grid --config '" + (source_dir() / "presets" / "eindhoven.toml").string() + "' --out '" +
                        out.string() + "' --data '" + data_dir().string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Dataset gpkg = open_vector(out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  EXPECT_EQ(gpkg->GetLayerCount(), 1);
  const auto n = gpkg->GetLayerByName("cells")->GetFeatureCount();
  EXPECT_NEAR(static_cast<double>(n), 3620.0, 3620.0 * 0.03) << "got " << n;
}

TEST(RealData, EindhovenBuildMapsEverySuppliedIndicator) {
  require_data();
  const fs::path out = fresh_dir("eindhoven");
  CliResult r = build_preset("eindhoven.toml", out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("not supplied"), std::string::npos);
  auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  int supplied = 0;
  for (const auto& ind : manifest["indicators"]) supplied += ind["supplied"].get<bool>();
  EXPECT_EQ(supplied, 6);
  EXPECT_EQ(manifest["score"]["max"], 6);
  // The renumbered buurten without a 2014 match are reported, not hidden.
  bool reported = false, crosswalked = false;
  for (const auto& n : manifest["notes"]) {
    reported |= n.get<std::string>().find("BU07721333") != std::string::npos;
    crosswalked |= n.get<std::string>().find("through a crosswalk") != std::string::npos;
  }
  EXPECT_TRUE(reported);
  // The social indicators are the real GGD estimates, brought from the 2019
  // codes onto the 2014 polygons through the crosswalk; no proxy is left for them.
  EXPECT_TRUE(crosswalked);
  std::set<std::string> supplied_names;
  for (const auto& ind : manifest["indicators"])
    if (ind["supplied"].get<bool>()) supplied_names.insert(ind["name"].get<std::string>());
  for (const char* name : {"eenzaamheid", "stress", "ervaren_gezondheid"}) EXPECT_TRUE(supplied_names.count(name)) << name;
  for (const char* proxy : {"eenzaamheid_proxy", "stress_proxy", "gezondheid_proxy"}) EXPECT_FALSE(supplied_names.count(proxy)) << proxy;
}

TEST(RealData, CheckConfigExplainsThePresets) {
  require_data();
  for (const char* preset : {"utrecht.toml", "eindhoven.toml"}) {
    CliResult r = run_cli("check-config '" + (source_dir() / "presets" / preset).string() + "' --data '" +
                          data_dir().string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("is valid"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("NOT SUPPLIED"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("every table, column, layer and street network named above was read"), std::string::npos) << r.output;
  }
}

TEST(RealData, Wgs84BoundariesAreReprojectedToTheSameGrid) {
  require_data();
  const fs::path dir = fresh_dir("utrecht_wgs84");
  std::string cfg = read_text(source_dir() / "presets" / "utrecht.toml");
  const std::string rd = "boundaries/utrecht_buurt_2014_rd.geojson";
  cfg.replace(cfg.find(rd), rd.size(), "boundaries/utrecht_buurt_2014_wgs84.geojson");
  write_text(dir / "utrecht_wgs84.toml", cfg);
  auto count = [&](const fs::path& config, const std::string& name) {
    const fs::path out = dir / name;
    CliResult r = run_cli("grid --config '" + config.string() + "' --out '" + out.string() + "' --data '" +
                          data_dir().string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return nlohmann::json::parse(read_text(out / "manifest.json"))["counts"]["cells"].get<double>();
  };
  const double from_rd = count(source_dir() / "presets" / "utrecht.toml", "rd");
  const double from_wgs84 = count(dir / "utrecht_wgs84.toml", "wgs84");
  // The WGS84 copy was made from the RD file (1 m accuracy): the grids agree up to edge cells.
  EXPECT_NEAR(from_wgs84, from_rd, from_rd * 0.005);
}
