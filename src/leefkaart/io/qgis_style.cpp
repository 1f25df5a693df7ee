#include "io/qgis_style.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/dutch.hpp"
#include "core/text.hpp"
#include "io/build_schema.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;
namespace schema = build_schema;

namespace {

// "#rrggbb" → QGIS's "r,g,b,a".
std::string qgis_rgba(const std::string& hex, int alpha = 255) {
  if (hex.size() != 7 || hex[0] != '#') throw std::logic_error("schema/build.json: colour is not #rrggbb: " + hex);
  const unsigned long n = std::stoul(hex.substr(1), nullptr, 16);
  return fmt::format("{},{},{},{}", (n >> 16) & 255, (n >> 8) & 255, n & 255, alpha);
}

// A QGIS expression's field reference and string literal.
std::string field_ref(const std::string& name) { return "\"" + name + "\""; }
std::string literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// One symbol layer of a fill symbol.
struct Fill {
  std::string colour;        // "#rrggbb"
  std::string style;         // Qt brush: "solid", "b_diagonal", "no"
  std::string outline;       // "#rrggbb", empty: none
  double outline_mm = 0.26;
};

std::string fill_layer_xml(const Fill& f) {
  return fmt::format(
      "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
      "          <prop k=\"color\" v=\"{}\"/>\n"
      "          <prop k=\"style\" v=\"{}\"/>\n"
      "          <prop k=\"outline_color\" v=\"{}\"/>\n"
      "          <prop k=\"outline_style\" v=\"{}\"/>\n"
      "          <prop k=\"outline_width\" v=\"{}\"/>\n"
      "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
      "          <prop k=\"joinstyle\" v=\"bevel\"/>\n"
      "        </layer>\n",
      qgis_rgba(f.colour), f.style, qgis_rgba(f.outline.empty() ? f.colour : f.outline, f.outline.empty() ? 0 : 255),
      f.outline.empty() ? "no" : "solid", f.outline_mm);
}

struct Rule {
  std::string filter;  // QGIS expression
  std::string label;   // the legend entry
  std::vector<Fill> symbol;
};

// The kind of layer a style is for, by the schema's layer names.
enum class Kind { Cells, Area };

Kind kind_of(const LayerData& layer) {
  if (layer.name == schema::layer("cells")) return Kind::Cells;
  for (const char* key : {"buurten", "wijken", "gemeente"})
    if (layer.name == schema::layer(key)) return Kind::Area;
  throw std::logic_error("no QGIS style for layer " + layer.name);
}

bool has_field(const LayerData& layer, const std::string& name) {
  return std::any_of(layer.fields.begin(), layer.fields.end(), [&](const FieldDef& f) { return f.name == name; });
}

std::string require_field(const LayerData& layer, const std::string& name) {
  if (!has_field(layer, name)) throw std::logic_error("layer " + layer.name + " has no field " + name + " to style by");
  return name;
}

// Classes for the gaps, shared by every layer: never a score colour, data
// missing hatched so it cannot be read as privacy.
std::vector<Rule> gap_rules(const std::string& status_field, const std::string& outline, double outline_mm) {
  auto rule = [&](const std::string& key, std::vector<Fill> symbol) {
    const std::string code = schema::status(key);
    return Rule{field_ref(status_field) + " = " + literal(code), schema::status_label(code, "nl"), std::move(symbol)};
  };
  const std::string grey = schema::colour("privacy");
  return {rule("uninhabited", {{schema::colour("uninhabited"), "solid", outline.empty() ? grey : outline, outline_mm}}),
          rule("privacy", {{grey, "solid", outline, outline_mm}}),
          rule("data_missing", {{schema::colour("uninhabited"), "solid", outline, outline_mm},
                                {schema::colour("data_missing"), "b_diagonal", "", 0}})};
}

// A number in a legend: whole numbers without decimals ("1", "0,5").
std::string legend_number(double v) { return dutch::number(v, v == std::floor(v) ? 0 : 1); }

std::vector<Rule> cell_rules(const LayerData& layer, int max_score) {
  const std::string status = require_field(layer, schema::cell_field("status"));
  const std::string score = require_field(layer, schema::cell_field("score"));
  const std::string scored = field_ref(status) + " = " + literal(schema::status("scored"));
  const std::string word = schema::status_label(schema::status("scored"), "nl");
  std::vector<Rule> rules;
  for (int k = 0; k <= max_score; ++k)
    rules.push_back({fmt::format("{} AND {} = {}", scored, field_ref(score), k), fmt::format("{} {}", word, k),
                     {{score_colour(k, max_score), "solid", "", 0}}});
  // Cells are many and small: no outlines, except round an uninhabited cell.
  for (auto& r : gap_rules(status, "", 0)) rules.push_back(std::move(r));
  return rules;
}

std::vector<Rule> area_rules(const LayerData& layer, int max_score) {
  const std::string status = require_field(layer, schema::area_field("status"));
  const std::string mean = require_field(layer, schema::area_field("mean_score"));
  const std::string scored = field_ref(status) + " = " + literal(schema::status("scored"));
  const std::string outline = "#505050";
  std::vector<Rule> rules;
  // The mean is continuous: each class holds the means nearest one score and
  // takes that score's colour, so an area and its typical cell match.
  for (int k = 0; k <= max_score; ++k) {
    const double lo = std::max(0.0, k - 0.5), hi = std::min<double>(max_score, k + 0.5);
    std::string filter = fmt::format("{} AND {} >= {}", scored, field_ref(mean), lo);
    filter += k == max_score ? fmt::format(" AND {} <= {}", field_ref(mean), hi)
                             : fmt::format(" AND {} < {}", field_ref(mean), hi);
    rules.push_back({filter, fmt::format("Gemiddelde score {} tot {}", legend_number(lo), legend_number(hi)),
                     {{score_colour(k, max_score), "solid", outline, 0.26}}});
  }
  for (auto& r : gap_rules(status, outline, 0.26)) rules.push_back(std::move(r));
  // Buurten markedly worse than their wijk (masking.csv): outlined on top of their fill.
  if (const std::string masked = schema::area_field("masked"); has_field(layer, masked))
    rules.push_back({field_ref(masked) + " = 1", "Duidelijk slechter dan de eigen wijk",
                     {{schema::colour("threshold"), "no", schema::colour("threshold"), 0.8}}});
  return rules;
}

std::string renderer_xml(const std::vector<Rule>& rules) {
  std::string out = "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n";
  out += "    <rules key=\"{leefkaart-root}\">\n";
  for (std::size_t i = 0; i < rules.size(); ++i)
    out += fmt::format("      <rule key=\"{{leefkaart-{}}}\" symbol=\"{}\" label=\"{}\" filter=\"{}\"/>\n", i, i,
                       markup_escape(rules[i].label), markup_escape(rules[i].filter));
  out += "    </rules>\n    <symbols>\n";
  for (std::size_t i = 0; i < rules.size(); ++i) {
    out += fmt::format("      <symbol type=\"fill\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n", i);
    for (const Fill& f : rules[i].symbol) out += fill_layer_xml(f);
    out += "      </symbol>\n";
  }
  return out + "    </symbols>\n  </renderer-v2>\n";
}

// Area names on the map; buurt names only once zoomed in, where they fit.
std::string labeling_xml(const LayerData& layer) {
  const std::string name = require_field(layer, schema::area_field("name"));
  const bool buurten = layer.name == schema::layer("buurten");
  return fmt::format(
      "  <labeling type=\"simple\">\n"
      "    <settings calloutType=\"simple\">\n"
      "      <text-style fieldName=\"{}\" isExpression=\"0\" fontSize=\"{}\" fontSizeUnit=\"Point\" "
      "textColor=\"40,40,40,255\" textOpacity=\"1\">\n"
      "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.5\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,220\" "
      "bufferOpacity=\"1\"/>\n"
      "      </text-style>\n"
      "      <text-format wrapChar=\"\" autoWrapLength=\"14\"/>\n"
      "      <placement placement=\"1\" centroidInside=\"1\" priority=\"5\"/>\n"
      "      <rendering scaleVisibility=\"{}\" scaleMin=\"0\" scaleMax=\"{}\" obstacle=\"1\" obstacleFactor=\"1\"/>\n"
      "    </settings>\n"
      "  </labeling>\n",
      markup_escape(name), buurten ? 8 : 10, buurten ? 1 : 0, buurten ? 40000 : 0);
}

std::string aliases_xml(const LayerData& layer) {
  std::string out = "  <aliases>\n";
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    const FieldDef& f = layer.fields[i];
    if (f.alias.empty()) continue;
    // index: QGIS counts the GeoPackage's fid as field 0; it matches by name.
    out += fmt::format("    <alias field=\"{}\" index=\"{}\" name=\"{}\"/>\n", markup_escape(f.name), i + 1, markup_escape(f.alias));
  }
  return out + "  </aliases>\n";
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

std::string style_description(const LayerData& layer) {
  return kind_of(layer) == Kind::Cells
             ? "leefkaart: score per cel in de kleuren van de kaart; onbewoond, privacy en ontbrekende gegevens apart"
             : "leefkaart: gemiddelde score per gebied in de kleuren van de kaart, met namen; onbewoond, privacy en "
               "ontbrekende gegevens apart";
}

}  // namespace

std::string score_colour(int score, int max_score) {
  if (score < 0 || score > max_score) throw std::logic_error(fmt::format("score {} outside 0..{}", score, max_score));
  if (score == 0) return schema::colour("score_zero");
  const auto& ramp = schema::schema().at("colours").at("score_ramp");
  const std::size_t n = ramp.size();
  // One flagged indicator on a scale of one is the most there is to gain.
  const double t = max_score > 1 ? static_cast<double>(score - 1) / (max_score - 1) : 1.0;
  return ramp.at(static_cast<std::size_t>(std::lround(t * static_cast<double>(n - 1)))).get<std::string>();
}

std::string qgis_style_qml(const LayerData& layer, int max_score) {
  const Kind kind = kind_of(layer);
  std::string qml =
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"" +
      std::string(kind == Kind::Area ? "1" : "0") + "\">\n";
  qml += renderer_xml(kind == Kind::Cells ? cell_rules(layer, max_score) : area_rules(layer, max_score));
  if (kind == Kind::Area) qml += labeling_xml(layer);
  qml += aliases_xml(layer);
  return qml + "</qgis>\n";
}

void write_qgis_styles(const fs::path& gpkg, const std::vector<const LayerData*>& layers, int max_score) {
  GDALAllRegister();
  const char* drivers[] = {"GPKG", nullptr};
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!ds) throw std::runtime_error(fmt::format("cannot open {} to store QGIS styles: {}", gpkg.string(), CPLGetLastErrorMsg()));
  const std::string table = "layer_styles";
  OGRLayer* styles = ds->GetLayerByName(table.c_str());
  if (!styles) {
    // The table as QGIS creates it, so QGIS can also save its own styles beside ours.
    char** opts = CSLSetNameValue(nullptr, "FID", "id");
    styles = ds->CreateLayer(table.c_str(), nullptr, wkbNone, opts);
    CSLDestroy(opts);
    if (!styles) throw std::runtime_error("cannot create " + table + " in " + gpkg.string());
    struct Column {
      const char* name;
      OGRFieldType type;
      int width;
    };
    for (const Column& c : {Column{"f_table_catalog", OFTString, 256}, Column{"f_table_schema", OFTString, 256},
                            Column{"f_table_name", OFTString, 256}, Column{"f_geometry_column", OFTString, 256},
                            Column{"styleName", OFTString, 30}, Column{"styleQML", OFTString, 0},
                            Column{"styleSLD", OFTString, 0}, Column{"useAsDefault", OFTInteger, 0},
                            Column{"description", OFTString, 0}, Column{"owner", OFTString, 30},
                            Column{"ui", OFTString, 30}, Column{"update_time", OFTDateTime, 0}}) {
      OGRFieldDefn defn(c.name, c.type);
      if (c.width) defn.SetWidth(c.width);
      if (c.type == OFTInteger) defn.SetSubType(OFSTBoolean);
      if (c.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
      if (styles->CreateField(&defn) != OGRERR_NONE)
        throw std::runtime_error(fmt::format("cannot create column {} of {} in {}", c.name, table, gpkg.string()));
    }
  }
  if (ds->StartTransaction() != OGRERR_NONE) throw std::runtime_error("cannot start a transaction in " + gpkg.string());
  for (const LayerData* layer : layers) {
    OGRLayer* target = ds->GetLayerByName(layer->name.c_str());
    if (!target) throw std::logic_error("no layer " + layer->name + " in " + gpkg.string() + " to style");
    const std::string geometry_column = target->GetGeometryColumn();
    const std::string qml = qgis_style_qml(*layer, max_score);
    // The keys QGIS looks a layer's styles up by (f_table_schema is '' in a GeoPackage).
    const std::string of_layer = fmt::format("f_table_schema = '' AND f_table_name = {} AND f_geometry_column = {}",
                                             literal(layer->name), literal(geometry_column));
    // One default per layer: an earlier default of another name steps back, one of this name is replaced.
    styles->SetAttributeFilter(of_layer.c_str());
    std::vector<GIntBig> replace;
    std::vector<std::unique_ptr<OGRFeature>> demote;
    for (auto& f : *styles) {
      if (f->GetFieldAsString("styleName") == layer->name)
        replace.push_back(f->GetFID());
      else if (f->GetFieldAsInteger("useAsDefault"))
        demote.emplace_back(f->Clone());
    }
    styles->SetAttributeFilter(nullptr);
    for (GIntBig fid : replace)
      if (styles->DeleteFeature(fid) != OGRERR_NONE) throw std::runtime_error("cannot replace the style of " + layer->name);
    for (auto& f : demote) {
      f->SetField("useAsDefault", 0);
      if (styles->SetFeature(f.get()) != OGRERR_NONE) throw std::runtime_error("cannot update a style of " + layer->name);
    }
    OGRFeature row(styles->GetLayerDefn());
    row.SetField("f_table_catalog", "");
    row.SetField("f_table_schema", "");
    row.SetField("f_table_name", layer->name.c_str());
    row.SetField("f_geometry_column", geometry_column.c_str());
    row.SetField("styleName", layer->name.c_str());
    row.SetField("styleQML", qml.c_str());
    row.SetField("styleSLD", "");  // QGIS reads the QML; no SLD is offered
    row.SetField("useAsDefault", 1);
    row.SetField("description", style_description(*layer).c_str());
    row.SetField("owner", "");
    if (styles->CreateFeature(&row) != OGRERR_NONE)
      throw std::runtime_error(fmt::format("cannot store the QGIS style of {} in {}: {}", layer->name, gpkg.string(),
                                           CPLGetLastErrorMsg()));
  }
  if (ds->CommitTransaction() != OGRERR_NONE) throw std::runtime_error("cannot store the QGIS styles in " + gpkg.string());
}

}  // namespace leefkaart::io
