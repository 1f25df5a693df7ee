// A build's GeoPackage carries a default QGIS style per layer: the map's score
// colours, separate classes for the gaps, area names as labels and the Dutch
// field aliases. (tests/qgis/open_styled_gpkg.py opens a real build in QGIS.)
#include "io/qgis_style.hpp"

#include <expat.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "io/build_schema.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;
namespace schema = build_schema;

namespace {

// What QGIS reads from a style: rules and their symbols, label field, aliases.
struct Qml {
  struct Rule {
    std::string label, filter;
    int symbol = -1;
  };
  std::vector<Rule> rules;
  std::map<int, std::vector<std::map<std::string, std::string>>> symbol_layers;  // symbol → its layers' props
  std::string renderer, label_field;
  std::map<std::string, std::string> aliases;
};

Qml parse(const std::string& text) {
  struct State {
    Qml qml;
    int symbol = -1;
  } st;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &st);
  XML_SetStartElementHandler(p, [](void* data, const XML_Char* name, const XML_Char** attrs) {
    auto& s = *static_cast<State*>(data);
    std::map<std::string, std::string> a;
    for (int i = 0; attrs[i]; i += 2) a[attrs[i]] = attrs[i + 1];
    const std::string el = name;
    if (el == "renderer-v2") s.qml.renderer = a["type"];
    if (el == "rule") s.qml.rules.push_back({a["label"], a["filter"], std::stoi(a["symbol"])});
    if (el == "symbol") s.symbol = std::stoi(a["name"]);
    if (el == "layer") s.qml.symbol_layers[s.symbol].emplace_back();
    if (el == "prop") s.qml.symbol_layers[s.symbol].back()[a["k"]] = a["v"];
    if (el == "text-style") s.qml.label_field = a["fieldName"];
    if (el == "alias") s.qml.aliases[a["field"]] = a["name"];
  });
  const bool ok = XML_Parse(p, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
  const std::string error = ok ? "" : XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  if (!ok) throw std::runtime_error("QML is not well-formed XML: " + error);
  return st.qml;
}

std::string rgba(const std::string& hex) {
  const unsigned long n = std::stoul(hex.substr(1), nullptr, 16);
  return std::to_string((n >> 16) & 255) + "," + std::to_string((n >> 8) & 255) + "," + std::to_string(n & 255) + ",255";
}

// The colour of a rule's first symbol layer.
std::string fill_of(const Qml& q, const std::string& label) {
  for (const auto& r : q.rules)
    if (r.label == label) return q.symbol_layers.at(r.symbol).front().at("color");
  return "no rule labelled " + label;
}

LayerData cells_layer() {
  LayerData l;
  l.name = schema::layer("cells");
  l.fields = {{schema::cell_field("id"), FieldType::String},
              {schema::cell_field("score"), FieldType::Integer, "Score (0 tot 3)"},
              {schema::cell_field("status"), FieldType::String, "Status"},
              {schema::cell_field("flag", {"groen"}), FieldType::Integer, "Weinig groen & water: telt mee (1 = ja)"}};
  l.rows = {{"q0r0", 2LL, schema::status("scored"), 1LL}, {"q1r0", Value(), schema::status("privacy"), Value()}};
  l.geometries.push_back(geom::make_polygon({{0, 0}, {10, 0}, {10, 10}}));
  l.geometries.push_back(geom::make_polygon({{20, 0}, {30, 0}, {30, 10}}));
  return l;
}

LayerData buurten_layer() {
  LayerData l;
  l.name = schema::layer("buurten");
  l.fields = {{schema::area_field("code"), FieldType::String, "Code"},
              {schema::area_field("name"), FieldType::String, "Naam"},
              {schema::area_field("mean_score"), FieldType::Real, "Gemiddelde score"},
              {schema::area_field("status"), FieldType::String, "Status"},
              {schema::area_field("masked"), FieldType::Integer}};
  l.rows = {{"BU1", "Oost", 1.2, schema::status("scored"), 0LL}};
  l.geometries.push_back(geom::make_polygon({{0, 0}, {100, 0}, {100, 100}}));
  return l;
}

struct StoredStyle {
  std::string table, schema_name, geometry_column, name, qml;
  int use_as_default = 0;
};

std::vector<StoredStyle> stored_styles(const fs::path& gpkg) {
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
  OGRLayer* l = ds ? ds->GetLayerByName("layer_styles") : nullptr;
  if (!l) return {};
  std::vector<StoredStyle> out;
  for (auto& f : *l)
    out.push_back({f->GetFieldAsString("f_table_name"), f->GetFieldAsString("f_table_schema"),
                   f->GetFieldAsString("f_geometry_column"), f->GetFieldAsString("styleName"),
                   f->GetFieldAsString("styleQML"), f->GetFieldAsInteger("useAsDefault")});
  return out;
}

}  // namespace

TEST(QgisStyle, ScoreZeroIsPaleAndTheScoresRunEvenlyThroughTheRamp) {
  const auto& ramp = schema::schema().at("colours").at("score_ramp");
  EXPECT_EQ(score_colour(0, 5), schema::colour("score_zero"));
  EXPECT_EQ(score_colour(1, 5), ramp.front().get<std::string>());
  EXPECT_EQ(score_colour(5, 5), ramp.back().get<std::string>());
  EXPECT_EQ(score_colour(3, 5), ramp.at(ramp.size() / 2).get<std::string>());  // the middle score, the middle colour
  std::set<std::string> seen;
  for (int k = 0; k <= 5; ++k) seen.insert(score_colour(k, 5));
  EXPECT_EQ(seen.size(), 6u) << "every score its own colour";
  for (const char* gap : {"uninhabited", "privacy", "data_missing"}) EXPECT_FALSE(seen.count(schema::colour(gap))) << gap;
  EXPECT_THROW(score_colour(6, 5), std::logic_error);
}

TEST(QgisStyle, CellsAreClassedByScoreWithTheGapsApartAndDutchAliases) {
  const Qml q = parse(qgis_style_qml(cells_layer(), 3));
  EXPECT_EQ(q.renderer, "RuleRenderer");
  EXPECT_EQ(fill_of(q, "Score 0"), rgba(schema::colour("score_zero")));
  EXPECT_EQ(fill_of(q, "Score 3"), rgba(score_colour(3, 3)));
  EXPECT_EQ(fill_of(q, schema::status_label(schema::status("privacy"))), rgba(schema::colour("privacy")));
  // Data missing is hatched over white: never read as privacy grey.
  const std::string missing = schema::status_label(schema::status("data_missing"));
  for (const auto& r : q.rules)
    if (r.label == missing) {
      const auto& layers = q.symbol_layers.at(r.symbol);
      ASSERT_EQ(layers.size(), 2u);
      EXPECT_EQ(layers[1].at("style"), "b_diagonal");
      EXPECT_EQ(layers[1].at("color"), rgba(schema::colour("data_missing")));
      EXPECT_EQ(r.filter, "\"" + schema::cell_field("status") + "\" = '" + schema::status("data_missing") + "'");
    }
  EXPECT_EQ(q.rules.size(), 4u + 3u);  // scores 0..3, three gaps
  EXPECT_EQ(q.aliases.at(schema::cell_field("flag", {"groen"})), "Weinig groen & water: telt mee (1 = ja)");
  EXPECT_FALSE(q.aliases.count(schema::cell_field("id"))) << "a field without alias keeps its name";
}

TEST(QgisStyle, AreasAreClassedByMeanScoreAndLabelledWithTheirName) {
  const Qml q = parse(qgis_style_qml(buurten_layer(), 4));
  EXPECT_EQ(q.renderer, "RuleRenderer");
  EXPECT_EQ(q.label_field, schema::area_field("name"));
  // A mean of 1,2 is nearest score 1 and takes its colour.
  EXPECT_EQ(fill_of(q, "Gemiddelde score 0,5 tot 1,5"), rgba(score_colour(1, 4)));
  EXPECT_EQ(fill_of(q, "Gemiddelde score 0 tot 0,5"), rgba(schema::colour("score_zero")));
  EXPECT_EQ(fill_of(q, "Gemiddelde score 3,5 tot 4"), rgba(score_colour(4, 4)));
  // Buurten markedly worse than their wijk (masking.csv) are outlined, unfilled.
  const auto masked = std::find_if(q.rules.begin(), q.rules.end(), [](const auto& r) {
    return r.filter == "\"" + schema::area_field("masked") + "\" = 1";
  });
  ASSERT_NE(masked, q.rules.end());
  EXPECT_EQ(q.symbol_layers.at(masked->symbol).front().at("style"), "no");
  EXPECT_EQ(q.aliases.at(schema::area_field("mean_score")), "Gemiddelde score");
}

TEST(QgisStyle, OnlyLayersOfABuildHaveAStyle) {
  LayerData other;
  other.name = "masking";
  EXPECT_THROW(qgis_style_qml(other, 3), std::logic_error);
  LayerData bare = cells_layer();
  bare.fields.erase(bare.fields.begin() + 1);  // no score field
  EXPECT_THROW(qgis_style_qml(bare, 3), std::logic_error);
}

TEST(QgisStyle, TheGeoPackageHoldsOneDefaultStylePerLayerWhereQgisLooks) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_qgis_style_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path gpkg = dir / "leefkaart.gpkg";
  const LayerData cells = cells_layer(), buurten = buurten_layer();
  write_geopackage(gpkg, {&cells, &buurten});
  EXPECT_TRUE(stored_styles(gpkg).empty());
  write_qgis_styles(gpkg, {&cells, &buurten}, 3);
  write_qgis_styles(gpkg, {&cells, &buurten}, 3);  // again: replaced, not doubled
  const auto styles = stored_styles(gpkg);
  ASSERT_EQ(styles.size(), 2u);
  for (const auto& s : styles) {
    // QGIS selects on f_table_schema = '' (not NULL), the table and its geometry column.
    EXPECT_EQ(s.schema_name, "");
    EXPECT_EQ(s.geometry_column, "geom");
    EXPECT_EQ(s.use_as_default, 1);
    EXPECT_EQ(s.name, s.table);
    EXPECT_EQ(s.qml, qgis_style_qml(s.table == cells.name ? cells : buurten, 3));
  }
  fs::remove_all(dir);
}

}  // namespace leefkaart::io
