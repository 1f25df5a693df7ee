// The acceptance runs of the foundation issue, on the real shared data.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>
#include <cmath>
#include <map>
#include <set>

#include "cli_runner.hpp"
#include "io/table_source.hpp"

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

// One column of a table by code, read with plain OGR; "." and empty are left out.
std::map<std::string, double> column_by_code(const fs::path& csv, const std::string& code_field, const std::string& field) {
  Dataset ds = open_vector(csv);
  EXPECT_TRUE(ds) << csv;
  std::map<std::string, double> out;
  if (!ds) return out;
  for (auto& f : *ds->GetLayer(0)) {
    const std::string v = f->GetFieldAsString(field.c_str());
    if (!v.empty() && v != ".") out[f->GetFieldAsString(code_field.c_str())] = std::stod(v);
  }
  return out;
}

// The 2021 NO2 annual mean at an RD point, computed here from the four pixel
// centres around it with plain GDAL (the grid has no NODATA in the Netherlands'
// cities). Also gives the lowest and highest of the four.
struct No2AtPoint {
  double bilinear = 0, lowest = 0, highest = 0;
};
No2AtPoint no2_2021_by_hand(double x, double y) {
  Dataset ds(static_cast<GDALDataset*>(
      GDALOpen((data_dir() / "rivm" / "gcn_no2" / "conc_no2_2021.asc").c_str(), GA_ReadOnly)));
  EXPECT_TRUE(ds);
  double gt[6];
  EXPECT_EQ(ds->GetGeoTransform(gt), CE_None);
  // Pixel centres lie at gt[0] + (col + 0.5) gt[1], gt[3] + (row + 0.5) gt[5] (1 km, north up).
  const double u = (x - gt[0]) / gt[1] - 0.5, v = (y - gt[3]) / gt[5] - 0.5;
  const int c0 = static_cast<int>(std::floor(u)), r0 = static_cast<int>(std::floor(v));
  const double fx = u - c0, fy = v - r0;
  double px[4] = {0, 0, 0, 0};
  EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Read, c0, r0, 2, 2, px, 2, 2, GDT_Float64, 0, 0, nullptr), CE_None);
  for (double p : px) EXPECT_GT(p, 0) << "NODATA near " << x << ", " << y;
  return {px[0] * (1 - fx) * (1 - fy) + px[1] * fx * (1 - fy) + px[2] * (1 - fx) * fy + px[3] * fx * fy,
          *std::min_element(px, px + 4), *std::max_element(px, px + 4)};
}

// The cell whose hexagon holds the point.
OGRFeatureUniquePtr cell_at(OGRLayer* cells, double x, double y) {
  OGRPoint p(x, y);
  cells->SetSpatialFilter(&p);
  OGRFeatureUniquePtr found;
  for (auto& f : *cells)
    if (f->GetGeometryRef()->Contains(&p)) found.reset(f->Clone());
  cells->SetSpatialFilter(nullptr);
  return found;
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
  EXPECT_LT(cells->GetLayerDefn()->GetFieldIndex("val_geluid"), 0) << "not-supplied indicators get no column";

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
        EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("val_eenzaamheid")));
      }
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(cells->GetFeatureCount()));
  // GGD loneliness, stress and perceived health, SES proxy, density, NO2 and distance to facilities.
  EXPECT_EQ(score_max, 7);
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

TEST(RealData, UtrechtMapsTheGgdEstimatesAndTheNo2Grid) {
  require_data();
  const fs::path out = fresh_dir("utrecht_ggd_no2");
  CliResult r = build_preset("utrecht.toml", out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Dataset gpkg = open_vector(out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  OGRLayer* cells = gpkg->GetLayerByName("cells");
  OGRLayer* buurten = gpkg->GetLayerByName("buurten");
  for (const char* field : {"val_eenzaamheid", "val_stress", "val_ervaren_gezondheid", "val_no2", "ind_no2"})
    EXPECT_GE(cells->GetLayerDefn()->GetFieldIndex(field), 0) << field;
  for (const char* proxy : {"val_eenzaamheid_proxy", "val_geluid_lucht"})
    EXPECT_LT(cells->GetLayerDefn()->GetFieldIndex(proxy), 0) << proxy << " was replaced by the real source";

  // A cell wholly inside one buurt carries that buurt's GGD estimate as published (50090NED, 2020, 18+).
  const fs::path ggd = data_dir() / "rivm" / "gezondheid_wijk_buurt" / "gezondheid_wijk_buurt_2020_18plus.csv";
  const auto lonely = column_by_code(ggd, "Codering_3", "Eenzaam_28");
  const auto stress = column_by_code(ggd, "Codering_3", "HeelVeelStressInAfgelopen4Weken_26");
  const auto healthy = column_by_code(ggd, "Codering_3", "ErvarenGezondheidGoedZeerGoed_4");
  std::map<std::string, std::unique_ptr<OGRGeometry>> buurt_shapes;
  for (auto& b : *buurten) buurt_shapes[b->GetFieldAsString("code")].reset(b->GetGeometryRef()->clone());
  int pure_cells = 0;
  std::set<std::string> buurten_seen;
  for (auto& f : *cells) {
    const std::string code = f->GetFieldAsString("buurt_code");
    if (f->GetFieldAsInteger("suppressed") == 1 || !buurt_shapes.count(code)) continue;
    if (!f->GetGeometryRef()->Within(buurt_shapes.at(code).get())) continue;
    ASSERT_TRUE(lonely.count(code)) << code << " has residents but no GGD estimate";
    EXPECT_NEAR(f->GetFieldAsDouble("val_eenzaamheid"), lonely.at(code), 1e-9) << f->GetFieldAsString("cell_id");
    EXPECT_NEAR(f->GetFieldAsDouble("val_stress"), stress.at(code), 1e-9) << f->GetFieldAsString("cell_id");
    EXPECT_NEAR(f->GetFieldAsDouble("val_ervaren_gezondheid"), healthy.at(code), 1e-9) << f->GetFieldAsString("cell_id");
    ++pure_cells;
    buurten_seen.insert(code);
  }
  EXPECT_GT(pure_cells, 1000);
  EXPECT_GT(buurten_seen.size(), 80u);
  // BU03440131 (Nieuw Engeland, 5 545 residents) is one of the buurten the Utrecht-only GGD file lacks.
  EXPECT_TRUE(buurten_seen.count("BU03440131"));

  // NO2 near the centre, (136500, 455800): bilinear between the 2021 pixels around the cell centre
  // (21.3 µg/m³ in the pixel of the point, 20.6 in the one north of it), as computed here by hand.
  OGRFeatureUniquePtr centre = cell_at(cells, 136500, 455800);
  ASSERT_TRUE(centre);
  const No2AtPoint by_hand = no2_2021_by_hand(centre->GetFieldAsDouble("x_rd"), centre->GetFieldAsDouble("y_rd"));
  const double no2 = centre->GetFieldAsDouble("val_no2");
  EXPECT_NEAR(no2, by_hand.bilinear, 1e-3);
  EXPECT_GE(no2, by_hand.lowest);
  EXPECT_LE(no2, by_hand.highest);
  EXPECT_NEAR(no2, 21.0, 0.5);
  EXPECT_EQ(centre->GetFieldAsInteger("ind_no2"), no2 > 20 ? 1 : 0);

  // Every cell has an NO2 value (the grid covers the city), and the documented threshold applies.
  int flagged = 0, cells_n = 0;
  for (auto& f : *cells) {
    ASSERT_TRUE(f->IsFieldSetAndNotNull(f->GetFieldIndex("val_no2"))) << f->GetFieldAsString("cell_id");
    flagged += f->GetFieldAsInteger("ind_no2");
    ++cells_n;
  }
  EXPECT_GT(flagged, 0);
  EXPECT_LT(flagged, cells_n) << "20 µg/m³ must separate cells, not flag all";
  auto manifest = nlohmann::json::parse(read_text(out / "manifest.json"));
  bool no2_listed = false, ggd_listed = false;
  for (const auto& in : manifest["inputs"]) {
    const std::string path = in["path"].get<std::string>();
    no2_listed |= path.find("conc_no2_2021.asc") != std::string::npos;
    ggd_listed |= path.find("gezondheid_wijk_buurt_2020_18plus.csv") != std::string::npos;
  }
  EXPECT_TRUE(no2_listed) << manifest["inputs"].dump();
  EXPECT_TRUE(ggd_listed) << manifest["inputs"].dump();
}

TEST(RealData, TheTableReaderReadsTheGgdTablesAsPublished) {
  require_data();
  const fs::path rivm = data_dir() / "rivm";
  auto value = [](const leefkaart::io::Table& t, const std::string& code, const std::string& field) {
    auto row = t.row_of(code);
    EXPECT_TRUE(row.has_value()) << code;
    return row ? t.number(*row, t.field_index(field)) : std::nullopt;
  };
  // The national table (50090NED): Land, Gemeente, Wijk and Buurt rows on one key,
  // "." for a suppressed estimate, empty for an item not asked that year.
  leefkaart::io::TableReadOptions national;
  national.key_field = "Codering_3";
  const auto csv = leefkaart::io::read_table((rivm / "gezondheid_wijk_buurt" / "gezondheid_wijk_buurt_2020_18plus.csv").string(), national);
  EXPECT_EQ(csv.row_count(), 17341u);
  EXPECT_EQ(value(csv, "BU03440111", "Eenzaam_28"), 46.7);
  EXPECT_EQ(value(csv, "WK034401", "HeelVeelStressInAfgelopen4Weken_26"), 23.9);
  EXPECT_EQ(value(csv, "GM0344", "ErvarenGezondheidGoedZeerGoed_4"), 80.8);
  EXPECT_EQ(value(csv, "BU03440952", "Eenzaam_28"), std::nullopt) << "'.' is a missing estimate";
  EXPECT_EQ(value(csv, "BU03440111", "LopenEnOfFietsenNaarSchoolOfWerk_34"), std::nullopt) << "empty is missing";
  // The same table as StatLine exports it (XLSX, codes and values padded with spaces) reads the same.
  const auto xlsx = leefkaart::io::read_table(
      (rivm / "gezondheid_wijk_buurt" / "gezondheid_wijk_buurt_2020_18plus_original.xlsx").string(), national);
  EXPECT_EQ(xlsx.row_count(), 17341u);
  for (const char* code : {"BU03440111", "WK034401", "GM0344", "BU03440952"})
    for (const char* field : {"Eenzaam_28", "HeelVeelStressInAfgelopen4Weken_26", "ErvarenGezondheidGoedZeerGoed_4"})
      EXPECT_EQ(value(xlsx, code, field), value(csv, code, field)) << code << " " << field;
  // Utrecht's own series (CRLF line ends, a level column, gemeente and wijk rows, empty before a buurt's first year).
  leefkaart::io::TableReadOptions utrecht;
  utrecht.key_field = "code";
  const auto wide = leefkaart::io::read_table((rivm / "utrecht_gezondheid_2016_2024_wide.csv").string(), utrecht);
  EXPECT_EQ(wide.row_count(), 113u);
  EXPECT_EQ(value(wide, "GM0344", "o_eenzaam_2024"), 47.2);
  EXPECT_EQ(value(wide, "WK034401", "o_eenzaam_2024"), 43.8);
  EXPECT_EQ(value(wide, "BU03440111", "o_eenzaam_2024"), 44.2);
  EXPECT_EQ(value(wide, "BU03440934", "o_eenzaam_2016"), std::nullopt);
  EXPECT_EQ(wide.text(*wide.row_of("WK034401"), wide.field_index("level")), "wijk");
  EXPECT_TRUE(wide.warnings().empty());
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
  EXPECT_EQ(supplied, 7);  // the four buurtmonitor proxies, density, NO2, distance to facilities
  EXPECT_EQ(manifest["score"]["max"], 7);
  // NO2 near the centre (161500, 383500: 19.0 µg/m³ in 2021) by bilinear interpolation of the 1 km grid.
  Dataset gpkg = open_vector(out / "leefkaart.gpkg");
  ASSERT_TRUE(gpkg);
  OGRFeatureUniquePtr centre = cell_at(gpkg->GetLayerByName("cells"), 161500, 383500);
  ASSERT_TRUE(centre);
  const No2AtPoint by_hand = no2_2021_by_hand(centre->GetFieldAsDouble("x_rd"), centre->GetFieldAsDouble("y_rd"));
  EXPECT_NEAR(centre->GetFieldAsDouble("val_no2"), by_hand.bilinear, 1e-3);
  EXPECT_GE(centre->GetFieldAsDouble("val_no2"), by_hand.lowest);
  EXPECT_LE(centre->GetFieldAsDouble("val_no2"), by_hand.highest);
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
    EXPECT_NE(r.output.find("every table, column, layer, raster and street network named above was read"), std::string::npos) << r.output;
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
