#include "config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <toml++/toml.h>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "config/toml_reader.hpp"
#include "io/build_schema.hpp"

namespace leefkaart::config {
namespace {

using Reader = TomlReader;

constexpr double kMinCellEdge = 10, kMaxCellEdge = 10'000;  // metres; see the grid check in parse()
// No hexagon or buurt of a Dutch city reaches a million residents.
constexpr int kMaxPrivacyMinimum = 1'000'000;

std::optional<cbs::Level> read_level(Reader& r, const std::string& key) {
  auto v = r.opt_string(key);
  if (!v) return std::nullopt;
  auto l = cbs::parse_level(*v);
  if (!l) r.fail(key, "must be \"buurt\", \"wijk\" or \"gemeente\"");
  return l;
}

TableSpec read_table_spec(Reader& r) {
  TableSpec t;
  t.line = r.line();
  t.file = r.required_string("file");
  t.key = r.required_string("key");
  t.key_level = read_level(r, "key_level");
  t.sheet = r.string("sheet", "");
  t.missing_values = r.opt_strings("missing_values");
  if (const toml::table* x = r.opt_table("crosswalk")) {
    Reader xr(*x, r.file(), r.full("crosswalk"));
    CrosswalkSpec cw;
    cw.line = xr.line();
    cw.file = xr.required_string("file");
    cw.code_field = xr.string("code_field", "statcode");
    cw.crs = xr.opt_string("crs");
    cw.code_prefix = xr.string("code_prefix", "");
    if (xr.opt_number("sliver_share")) cw.sliver_share = xr.number_in("sliver_share", 0, 0, 1, "a share of a polygon");
    cw.align = xr.opt_bool("align").value_or(false);
    if (xr.opt_number("sliver_m2")) cw.sliver_m2 = xr.number_in("sliver_m2", 0, 0, 1e8, "an area in m²");
    xr.finish();
    t.crosswalk = cw;
  }
  return t;
}

LayerSpec read_layer_spec(Reader& r, const std::string& file_key) {
  LayerSpec l;
  l.line = r.line();
  l.file = r.required_string(file_key);
  l.layer = r.string("layer_name", "");
  l.crs = r.opt_string("crs");
  return l;
}

RasterSpec read_raster_spec(Reader& r, const std::string& file_key) {
  RasterSpec rs;
  rs.line = r.line();
  rs.file = r.required_string(file_key);
  rs.band = r.opt_int("band", 1, 65535, "a band number").value_or(1);
  rs.crs = r.opt_string("crs");
  rs.interpolation = r.choice("interpolation", io::Interpolation::Nearest,
                              {{"nearest", io::Interpolation::Nearest}, {"bilinear", io::Interpolation::Bilinear}});
  return rs;
}

const std::vector<std::pair<std::string, Combine>> kCombine{{"max", Combine::Max}, {"min", Combine::Min}, {"mean", Combine::Mean}};

SourceSpec read_source(Reader& r, Config& c, const std::string& indicator_name) {
  SourceSpec s;
  const bool has_table = r.has("table"), has_file = r.has("file"), has_layer = r.has("layer"),
             has_layer_file = r.has("layer_file"), has_raster = r.has("raster"), has_raster_file = r.has("raster_file");
  const bool has_category = r.has("category");
  const int kinds = (has_table || has_file) + (has_layer || has_layer_file) + (has_raster || has_raster_file) + has_category;
  if (kinds != 1)
    r.fail("table", "a source needs exactly one of: table = \"NAME\" (or file + key), layer = \"NAME\" (or "
                    "layer_file), raster = \"NAME\" (or raster_file), category = \"NAME\" with osm = \"FILE\"");
  auto read_network = [&](bool required) {
    s.osm_file = required ? r.required_string("osm") : r.string("osm", "");
    s.mode = r.string("mode", "walk");
    if (s.mode != "walk" && s.mode != "bike" && s.mode != "car") r.fail("mode", "must be \"walk\", \"bike\" or \"car\"");
  };
  if (has_table || has_file) {
    s.kind = SourceKind::Table;
    if (has_table) {
      s.name = r.required_string("table");
      if (!c.tables.count(s.name)) {
        std::vector<std::string> names;
        for (const auto& [n, _] : c.tables) names.push_back(n);
        r.fail("table", "no [tables." + s.name + "] is defined" + did_you_mean(s.name, names));
      }
    } else {
      s.name = "(" + indicator_name + ")";
      c.tables[s.name] = read_table_spec(r);
    }
    auto one = r.opt_string("field");
    auto many = r.opt_strings("fields");
    if (one && many) r.fail("fields", "give field or fields, not both");
    if (one) s.fields = {*one};
    if (many) s.fields = *many;
    if (s.fields.empty()) r.fail("field", "is required: the column that holds the value");
    s.combine = r.choice("combine", Combine::Max, kCombine);
    s.divide_by = r.string("divide_by", "");
    s.scale = r.number("scale", 1.0);
    if (!(s.scale > 0))
      r.fail("scale", fmt::format("{:g} is not a usable scale: it must be positive (0 makes every value 0; to turn a "
                                  "measure around, use direction = \"lower_is_worse\")",
                                  s.scale));
  } else if (has_category) {
    s.kind = SourceKind::OsmCategory;
    s.name = "(" + indicator_name + ")";
    s.category = r.required_string("category");
    s.distance_method = DistanceMethod::Network;
    read_network(true);
  } else if (has_layer || has_layer_file) {
    s.kind = SourceKind::Layer;
    s.distance_method = r.choice("distance_method", DistanceMethod::Euclidean,
                                 {{"euclidean", DistanceMethod::Euclidean}, {"network", DistanceMethod::Network}});
    if (s.distance_method == DistanceMethod::Network) read_network(true);
    if (has_layer) {
      s.name = r.required_string("layer");
      if (!c.layers.count(s.name)) r.fail("layer", "no [layers." + s.name + "] is defined");
    } else {
      s.name = "(" + indicator_name + ")";
      c.layers[s.name] = read_layer_spec(r, "layer_file");
    }
  } else {
    s.kind = SourceKind::Raster;
    if (has_raster) {
      s.name = r.required_string("raster");
      if (!c.rasters.count(s.name)) r.fail("raster", "no [rasters." + s.name + "] is defined");
      // One raster, one way of reading it: the setting belongs where the raster is defined.
      if (r.has("interpolation"))
        r.fail("interpolation", "belongs to [rasters." + s.name + "], where the raster is defined, not to the source "
                                "that names it");
    } else {
      s.name = "(" + indicator_name + ")";
      c.rasters[s.name] = read_raster_spec(r, "raster_file");
    }
  }
  if (s.kind == SourceKind::Table || s.kind == SourceKind::Raster) s.plausible.range = r.opt_range("range");
  r.finish();
  return s;
}

Threshold read_threshold(Reader& r) {
  Threshold t;
  t.rule = r.choice("rule", Rule::Percentile,
                    {{"absolute", Rule::Absolute}, {"percentile", Rule::Percentile}, {"relative", Rule::Relative}});
  if (t.rule == Rule::Relative) {
    const toml::node* ref = r.raw("reference");
    if (ref && ref->is_number())
      t.reference = r.opt_number("reference");
    else if (ref && !(ref->is_string() && ref->as_string()->get() == "mean"))
      r.fail("reference", "must be a number or \"mean\" (the population-weighted mean of the study area)");
    t.factor = r.number("factor", 1.0);
    if (!(t.factor > 0))
      r.fail("factor", fmt::format("{:g} is not a usable factor: it must be positive (the threshold is factor × "
                                   "reference; to turn a measure around, use direction)",
                                   t.factor));
    t.value = 0;
  } else {
    auto v = r.opt_number("value");
    if (!v) r.fail("value", t.rule == Rule::Absolute ? "is required: the threshold value" : "is required: the percentile (0-100)");
    t.value = *v;
    if (t.rule == Rule::Percentile && (t.value < 0 || t.value > 100)) r.fail("value", "a percentile lies between 0 and 100");
  }
  r.finish();
  return t;
}

const std::vector<std::pair<std::string, MissingYear>> kMissingYear{
    {"carry_earlier", MissingYear::CarryEarlier}, {"nearest", MissingYear::Nearest}, {"omit", MissingYear::Omit}};

MissingYear read_missing_year(Reader& r) { return r.choice("missing_year", MissingYear::CarryEarlier, kMissingYear); }

std::optional<SeriesSpec> read_series(Reader& root, const std::string& file) {
  const toml::table* t = root.opt_table("series");
  if (!t) return std::nullopt;
  Reader r(*t, file, "series");
  SeriesSpec s;
  s.line = r.line();
  const toml::node* years = r.raw("years");
  if (!years) r.fail("years", "is required, e.g. years = [2016, 2020, 2024]");
  const toml::array* arr = years->as_array();
  if (!arr || arr->empty()) r.fail("years", "must be a list of years, e.g. [2016, 2020, 2024]");
  for (const auto& el : *arr) {
    const auto y = el.value<std::int64_t>();
    if (!el.is_integer() || !y || *y < 1800 || *y > 2200) r.fail("years", "must hold whole years (1800-2200), e.g. [2016, 2020, 2024]");
    const int year = static_cast<int>(*y);
    if (std::find(s.years.begin(), s.years.end(), year) != s.years.end())
      r.fail("years", fmt::format("{} is listed twice: every year is built once", year));
    if (!s.years.empty() && year < s.years.back())
      r.fail("years", fmt::format("{} comes after {}: list the years in order", year, s.years.back()));
    s.years.push_back(year);
  }
  if (s.years.size() < 2) r.fail("years", "a series needs at least two years (one year is `leefkaart build`)");
  s.base_year = r.opt_int("base_year", 1800, 2200, "a year").value_or(s.years.front());
  if (std::find(s.years.begin(), s.years.end(), s.base_year) == s.years.end())
    r.fail("base_year", fmt::format("{} is not one of the series' years", s.base_year));
  s.thresholds = r.choice("thresholds", ThresholdMode::BaseYear,
                          {{"base_year", ThresholdMode::BaseYear}, {"per_year", ThresholdMode::PerYear}});
  s.missing_year = read_missing_year(r);
  if (const toml::table* g = r.opt_table("gap")) {
    Reader gr(*g, file, "series.gap");
    s.gap_fraction = gr.number_in("fraction", 0.2, 0.01, 0.5, "the share of residents at each end");
    gr.finish();
  }
  if (const toml::table* a = r.opt_table("areas")) {
    Reader ar(*a, file, "series.areas");
    for (const auto& [k, node] : *a) {
      const std::string name(k.str());
      auto codes = ar.opt_strings(name);
      if (!codes || codes->empty())
        ar.fail(name, "must list buurt or wijk codes, e.g. overvecht = [\"WK034405\"] or [\"BU03440511\", ...]");
      for (const auto& code : *codes) {
        const auto level = cbs::level_of(code);
        if (level != cbs::Level::Buurt && level != cbs::Level::Wijk)
          ar.fail(name, fmt::format("\"{}\" is not a buurt (BU…) or wijk (WK…) code", code));
      }
      s.areas[name] = *codes;
    }
    ar.finish();
  }
  r.finish();
  return s;
}

Indicator read_indicator(const toml::table& t, Config& c, const std::string& file, std::size_t index) {
  Reader r(t, file, fmt::format("indicator[{}]", index));
  Indicator ind;
  ind.line = r.line();
  ind.name = r.required_string("name");
  for (char ch : ind.name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
      r.fail("name", "may contain only letters, digits and _ (it becomes the field names ind_" + ind.name + " and val_" + ind.name + ")");
  ind.label = r.string("label", ind.name);
  ind.label_en = r.string("label_en", "");
  ind.description = r.string("description", "");
  ind.description_en = r.string("description_en", "");
  ind.unit = r.string("unit", "");
  ind.decimals = r.opt_int("decimals", 0, 6, "the decimals shown").value_or(1);
  ind.proxy_for = r.string("proxy_for", "");
  ind.kind = r.choice("kind", Kind::Spatial, {{"social", Kind::Social}, {"spatial", Kind::Spatial}});
  ind.in_score = r.opt_bool("in_score").value_or(true);
  ind.transfer = r.choice("transfer", Transfer::Intensive, {{"intensive", Transfer::Intensive}, {"extensive", Transfer::Extensive}});
  ind.transform = r.choice("transform", Transform::None,
                           {{"none", Transform::None}, {"per_m2", Transform::PerM2}, {"per_ha", Transform::PerHa},
                            {"per_1000_residents", Transform::Per1000Residents}});
  ind.direction = r.choice("direction", Direction::HigherIsWorse,
                           {{"higher_is_worse", Direction::HigherIsWorse}, {"lower_is_worse", Direction::LowerIsWorse}});
  if (const toml::table* th = r.opt_table("threshold")) {
    Reader tr(*th, file, r.full("threshold"));
    ind.threshold = read_threshold(tr);
  } else {
    r.fail("threshold", "is required, e.g. threshold = { rule = \"percentile\", value = 75 }");
  }
  if (const toml::table* src = r.opt_table("source")) {
    Reader sr(*src, file, r.full("source"));
    ind.source = read_source(sr, c, ind.name);
    if (ind.source->kind != SourceKind::Table && ind.transfer == Transfer::Extensive)
      r.fail("transfer", "only table values can be transferred as extensive counts");
    // What the value measures, so that an impossible one is refused: an
    // extensive transfer splits a count; unit "%" declares a share.
    if (ind.transfer == Transfer::Extensive) ind.source->plausible.quantity = cbs::Quantity::Count;
    else if (ind.unit == "%" && ind.transform == Transform::None) ind.source->plausible.quantity = cbs::Quantity::Percentage;
  }
  if (const toml::table* by_year = r.opt_table("source_by_year")) {
    for (const auto& [k, node] : *by_year) {
      const std::string key(k.str());
      Reader yr(*by_year, file, r.full("source_by_year"));
      int year = 0;
      const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), year);
      if (ec != std::errc() || end != key.data() + key.size() || year < 1800 || year > 2200)
        yr.fail(key, "must be a year, e.g. source_by_year = { 2012 = { table = \"ggd2012\", field = \"Eenzaam_28\" } }");
      if (!node.is_table()) yr.fail(key, "must be a source, e.g. { table = \"NAME\", field = \"COLUMN\" }");
      Reader sr(*node.as_table(), file, r.full("source_by_year." + key));
      SourceSpec src = read_source(sr, c, ind.name + "_" + key);
      if (ind.source) src.plausible.quantity = ind.source->plausible.quantity;
      ind.source_by_year[year] = std::move(src);
    }
    if (!ind.source) r.fail("source_by_year", "needs a source for the other years too (source = ...)");
  }
  if (r.has("missing_year")) ind.missing_year = read_missing_year(r);
  ind.not_supplied = r.string("not_supplied", "");
  if (r.has("perspective")) {
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& p : stack_perspectives()) options.emplace_back(p, p);
    ind.perspective = r.choice("perspective", std::string(), options);
  }
  ind.vulnerability = r.opt_bool("vulnerability").value_or(false);
  // A perspective says what the environment does; vulnerability says who lives
  // there. One indicator cannot be both without being counted twice.
  if (ind.vulnerability && !ind.perspective.empty())
    r.fail("vulnerability", "an indicator is either a pressure of the environment (perspective = \"" + ind.perspective +
                                "\") or a trait of the residents (vulnerability = true), not both: remove one");
  if (!ind.source && ind.not_supplied.empty())
    r.fail("source", "is required; if the data does not exist yet, say why with not_supplied = \"...\"");
  r.finish();
  return ind;
}

std::optional<StackSpec> read_stack(Reader& root, const std::string& file, const std::vector<Indicator>& indicators,
                                    bool series) {
  const toml::table* t = root.opt_table("stack");
  if (!t) return std::nullopt;
  Reader r(*t, file, "stack");
  // Not built per year yet: say so rather than ignore the table.
  if (series)
    r.fail("method", "the stapelkaart is part of `leefkaart build`; `leefkaart series` does not stack (yet): remove [stack] "
                     "from the series config and build a year's stapelkaart with its own config");
  StackSpec s;
  s.line = r.line();
  s.method = r.choice("method", StackMethod::Binary, {{"binary", StackMethod::Binary}, {"continuous", StackMethod::Continuous}});
  s.scaling = r.choice("scaling", StackScaling::MinMax, {{"minmax", StackScaling::MinMax}, {"percentile", StackScaling::Percentile}});
  s.quantiles = r.opt_int("quantiles", 2, 20, "a number of quantile classes").value_or(5);
  s.pressure_flags = r.opt_int("pressure_flags", 1, 1000, "a number of flags").value_or(1);
  s.vulnerable_flags = r.opt_int("vulnerable_flags", 1, 1000, "a number of flags").value_or(1);
  const int top_two = s.quantiles - 1;
  s.pressure_class = r.opt_int("pressure_class", 1, s.quantiles, "a quantile class").value_or(top_two);
  s.vulnerable_class = r.opt_int("vulnerable_class", 1, s.quantiles, "a quantile class").value_or(top_two);
  s.coarse.size = r.number("coarse_size", 1000.0);
  s.coarse.definition = r.choice("coarse_size_definition", grid::SizeDefinition::AcrossFlats,
                                 {{"edge", grid::SizeDefinition::Edge},
                                  {"across_flats", grid::SizeDefinition::AcrossFlats},
                                  {"area", grid::SizeDefinition::Area}});
  if (!(s.coarse.size > 0)) r.fail("coarse_size", "must be a positive number");
  const double edge = grid::HexGrid(s.coarse).edge();
  if (edge < kMinCellEdge || edge > kMaxCellEdge)
    r.fail("coarse_size", fmt::format("{:g} gives hexagons with an edge of {:.3g} m; the coarse layer takes edges from {:g} m "
                                      "to {:g} km",
                                      s.coarse.size, edge, kMinCellEdge, kMaxCellEdge / 1000));
  const bool any = std::any_of(indicators.begin(), indicators.end(),
                               [](const Indicator& i) { return !i.perspective.empty() && i.source; });
  if (!any)
    r.fail("method", "[stack] needs at least one supplied indicator with a perspective (perspective = \"beschermen\", "
                     "\"bevorderen\" or \"faciliteren\"): without one there is nothing to stack");
  r.finish();
  return s;
}

bool has_year_pattern(const std::string& s) { return s.find(kYearPattern) != std::string::npos; }

bool has_year_pattern(const SourceSpec& s) {
  if (has_year_pattern(s.divide_by) || has_year_pattern(s.osm_file)) return true;
  return std::any_of(s.fields.begin(), s.fields.end(), [](const std::string& f) { return has_year_pattern(f); });
}

// {year} and source_by_year mean something only in a series.
void refuse_year_patterns_outside_series(const Config& c, const std::string& file) {
  if (c.series) return;
  const std::string hint = "; only a series config (with [series] years = [...]) fills in {year}";
  auto fail = [&](int line, const std::string& key, const std::string& what) {
    throw InputError({file, line > 0 ? fmt::format("line {}", line) : "", key}, what + hint);
  };
  for (const auto& [name, t] : c.tables)
    if (has_year_pattern(t.file)) fail(t.line, "tables." + name + ".file", "\"" + t.file + "\" holds {year}");
  for (const auto& [name, l] : c.layers)
    if (has_year_pattern(l.file)) fail(l.line, "layers." + name + ".file", "\"" + l.file + "\" holds {year}");
  for (const auto& [name, rs] : c.rasters)
    if (has_year_pattern(rs.file)) fail(rs.line, "rasters." + name + ".file", "\"" + rs.file + "\" holds {year}");
  if (has_year_pattern(c.population.source)) fail(0, "population.source", "the population source holds {year}");
  if (c.population.missing_year) fail(0, "population.missing_year", "[population] has missing_year");
  for (const auto& ind : c.indicators) {
    if (ind.source && has_year_pattern(*ind.source)) fail(ind.line, "indicator.source", "indicator " + ind.name + "'s source holds {year}");
    if (!ind.source_by_year.empty()) fail(ind.line, "indicator.source_by_year", "indicator " + ind.name + " has source_by_year");
    if (ind.missing_year) fail(ind.line, "indicator.missing_year", "indicator " + ind.name + " has missing_year");
  }
}

}  // namespace

std::string with_year(const std::string& text, int year) {
  std::string out = text;
  const std::string pattern = kYearPattern, value = std::to_string(year);
  for (auto pos = out.find(pattern); pos != std::string::npos; pos = out.find(pattern, pos + value.size()))
    out.replace(pos, pattern.size(), value);
  return out;
}

std::string to_string(MissingYear m) {
  switch (m) {
    case MissingYear::CarryEarlier: return "carry_earlier";
    case MissingYear::Nearest: return "nearest";
    case MissingYear::Omit: return "omit";
  }
  return "";
}

std::string to_string(ThresholdMode m) { return m == ThresholdMode::BaseYear ? "base_year" : "per_year"; }

namespace {
bool is_code(const std::string& s, const std::string& prefix, std::size_t digits) {
  if (s.size() != prefix.size() + digits || s.rfind(prefix, 0) != 0) return false;
  return std::all_of(s.begin() + static_cast<long>(prefix.size()), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::vector<GemeenteSpec> read_gemeenten(Reader& r, const toml::table& root, const std::string& file) {
  std::vector<GemeenteSpec> out;
  if (!r.has("gemeente")) return out;
  const toml::node* node = root.get("gemeente");
  if (!node->is_array_of_tables()) r.fail("gemeente", "must be a list of [[gemeente]] tables");
  std::map<std::string, std::string> owner_of;  // prefix or buurt code -> gemeente, to refuse overlaps
  for (const auto& el : *node->as_array()) {
    Reader gr(*el.as_table(), file, "gemeente");
    GemeenteSpec g;
    g.line = gr.line();
    g.code = gr.required_string("code");
    if (!is_code(g.code, "GM", 4)) gr.fail("code", "\"" + g.code + "\" is not a gemeente code (GM and four digits, e.g. GM0307)");
    g.name = gr.string("name", g.code);
    g.provincie = gr.string("provincie", "");
    if (!g.provincie.empty() && !is_code(g.provincie, "PV", 2))
      gr.fail("provincie", "\"" + g.provincie + "\" is not a province code (PV and two digits, e.g. PV26)");
    g.provincie_name = gr.string("provincie_name", g.provincie);
    g.buurt_prefixes = gr.opt_strings("buurt_prefixes", "[\"BU0307\"]").value_or(std::vector<std::string>{});
    g.buurten = gr.opt_strings("buurten", "[\"BU07880101\"]").value_or(std::vector<std::string>{});
    if (g.buurt_prefixes.empty() && g.buurten.empty())
      gr.fail("buurt_prefixes", "is required: which polygons belong to " + g.code + ", e.g. buurt_prefixes = [\"BU" +
                                    g.code.substr(2) + "\"]");
    for (const auto& p : g.buurt_prefixes)
      if (!is_code(p, "BU", 4)) gr.fail("buurt_prefixes", "\"" + p + "\" is not a buurt code prefix (BU and four digits)");
    for (const auto& b : g.buurten)
      if (!is_code(b, "BU", 8)) gr.fail("buurten", "\"" + b + "\" is not a buurt code (BU and eight digits)");
    for (const auto& key : g.buurt_prefixes)
      if (auto [it, fresh] = owner_of.emplace(key, g.code); !fresh)
        gr.fail("buurt_prefixes", key + " is already given to " + it->second);
    for (const auto& key : g.buurten)
      if (auto [it, fresh] = owner_of.emplace(key, g.code); !fresh) gr.fail("buurten", key + " is already given to " + it->second);
    gr.finish();
    if (std::any_of(out.begin(), out.end(), [&](const GemeenteSpec& o) { return o.code == g.code; }))
      gr.fail("code", g.code + " is listed twice");
    out.push_back(std::move(g));
  }
  return out;
}
}  // namespace

Config parse(const std::string& text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError({file, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  Config c;
  c.path = file;
  int score_at_least_line = 0;
  Reader r(root, file, "");
  c.title = r.string("title", "");

  if (const toml::table* g = r.opt_table("grid")) {
    Reader gr(*g, file, "grid");
    c.grid.size = gr.number("size", 100.0);
    c.grid.definition = gr.choice("size_definition", grid::SizeDefinition::Edge,
                                  {{"edge", grid::SizeDefinition::Edge},
                                   {"across_flats", grid::SizeDefinition::AcrossFlats},
                                   {"area", grid::SizeDefinition::Area}});
    if (!(c.grid.size > 0)) gr.fail("size", "must be a positive number");
    // Below 10 m a cell is finer than any buurt figure or boundary and a city
    // needs tens of millions of them; above 10 km one cell covers a whole city.
    const double edge = grid::HexGrid(c.grid).edge();
    if (edge < kMinCellEdge || edge > kMaxCellEdge)
      gr.fail("size", fmt::format("{:g} gives cells with an edge of {:.3g} m; leefkaart maps with edges from {:g} m to {:g} km "
                                  "(100 m is the Eindhoven map's size)",
                                  c.grid.size, edge, kMinCellEdge, kMaxCellEdge / 1000));
    c.cover = gr.choice("cover", grid::CoverRule::CentreInside,
                        {{"centre", grid::CoverRule::CentreInside}, {"intersects", grid::CoverRule::Intersects}});
    gr.finish();
  }

  const toml::table* sa = r.opt_table("study_area");
  if (!sa) r.fail("study_area", "is required: [study_area] with file = the buurt polygons");
  {
    Reader ar(*sa, file, "study_area");
    c.study_area.file = ar.required_string("file");
    c.study_area.layer = ar.string("layer_name", "");
    c.study_area.code_field = ar.string("code_field", "statcode");
    c.study_area.name_field = ar.string("name_field", "statnaam");
    c.study_area.level = read_level(ar, "level").value_or(cbs::Level::Buurt);
    c.study_area.crs = ar.opt_string("crs");
    c.study_area.gemeente_code = ar.string("gemeente_code", "");
    c.study_area.gemeente_name = ar.string("gemeente_name", "");
    if (auto names = ar.opt_table("names")) {
      Reader nr(*names, file, "study_area.names");
      c.study_area.name_table = nr.required_string("table");
      c.study_area.name_column = nr.required_string("field");
      nr.finish();
    }
    ar.finish();
  }
  if (const toml::table* w = r.opt_table("wijken")) {
    Reader wr(*w, file, "wijken");
    WijkNames names;
    names.file = wr.required_string("file");
    names.code_field = wr.string("code_field", "statcode");
    names.name_field = wr.string("name_field", "statnaam");
    wr.finish();
    c.wijken = names;
  }

  // Named sources first: indicators refer to them.
  for (const char* section : {"tables", "layers", "rasters"}) {
    const toml::table* sec = r.opt_table(section);
    if (!sec) continue;
    for (const auto& [k, node] : *sec) {
      const std::string name(k.str());
      if (!node.is_table()) Reader(*sec, file, section).fail(name, "must be a table");
      Reader sr(*node.as_table(), file, std::string(section) + "." + name);
      if (std::string(section) == "tables") c.tables[name] = read_table_spec(sr);
      else if (std::string(section) == "layers") c.layers[name] = read_layer_spec(sr, "file");
      else c.rasters[name] = read_raster_spec(sr, "file");
      sr.finish();
    }
  }

  const toml::table* pop = r.opt_table("population");
  if (!pop) r.fail("population", "is required: [population] source = { table = \"...\", field = \"a_inw\" }");
  {
    Reader pr(*pop, file, "population");
    const toml::table* src = pr.opt_table("source");
    if (!src) pr.fail("source", "is required, e.g. source = { table = \"kwb\", field = \"a_inw\" }");
    Reader sr(*src, file, "population.source");
    c.population.source = read_source(sr, c, "population");
    c.population.source.plausible.quantity = cbs::Quantity::Residents;
    if (c.population.source.kind != SourceKind::Table) sr.fail("table", "population must come from a table column");
    if (pr.has("missing_year")) {
      c.population.missing_year = read_missing_year(pr);
      if (*c.population.missing_year == MissingYear::Omit)
        pr.fail("missing_year", "residents cannot be left out: use \"carry_earlier\" or \"nearest\"");
    }
    c.population.spread_unmatched_by_area =
        pr.choice("spread_unmatched", false, {{"no", false}, {"area", true}});
    if (const toml::table* w = pr.opt_table("weights")) {
      Reader wr(*w, file, "population.weights");
      c.population.weights = read_layer_spec(wr, "file");
      wr.finish();
    }
    pr.finish();
  }

  if (const toml::table* p = r.opt_table("privacy")) {
    Reader pr(*p, file, "privacy");
    c.privacy_min_residents = pr.opt_int("min_residents", 0, kMaxPrivacyMinimum, "a number of residents").value_or(5);
    pr.finish();
  }
  if (const toml::table* m = r.opt_table("masking")) {
    Reader mr(*m, file, "masking");
    c.masking_min_difference = mr.number_in("min_difference", 1.0, 0, 1000, "a difference in score points");
    c.masking_min_residents = mr.number_in("min_residents", 100, 0, kMaxPrivacyMinimum, "a number of residents");
    mr.finish();
  }
  if (const toml::table* a = r.opt_table("aggregate")) {
    Reader ar(*a, file, "aggregate");
    c.score_at_least = ar.opt_int("score_at_least", 0, 1000, "a score");
    if (const toml::node* k = a->get("score_at_least")) score_at_least_line = static_cast<int>(k->source().begin.line);
    c.min_value_coverage = ar.number("min_value_coverage", 0.5);
    if (c.min_value_coverage <= 0 || c.min_value_coverage > 1) ar.fail("min_value_coverage", "must lie in (0, 1]");
    ar.finish();
  }

  if (const toml::table* b = r.opt_table("basemap")) {
    Reader br(*b, file, "basemap");
    c.basemap_osm = br.required_string("osm");
    br.finish();
  }

  // [programme] (baseline, focus and control areas) is read by programme::load.
  c.has_programme = r.has("programme");
  // [basisset] (coverage of RIVM's Basisset) is read by basisset::load.
  c.has_basisset = r.has("basisset");
  c.series = read_series(r, file);
  c.gemeenten = read_gemeenten(r, root, file);
  if (!c.study_area.name_table.empty() && !c.tables.count(c.study_area.name_table))
    throw InputError({file, "", "study_area.names.table"},
                     "\"" + c.study_area.name_table + "\" is not a [tables.NAME] of this config");
  if (c.population.spread_unmatched_by_area && c.gemeenten.empty())
    throw InputError({file, "", "population.spread_unmatched"},
                     "spreading residents over unmatched buurten works per gemeente: list them as [[gemeente]]");
  r.has("indicator");
  const toml::node* inds = root.get("indicator");
  if (!inds || !inds->is_array_of_tables()) r.fail("indicator", "at least one [[indicator]] is required");
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& node : *inds->as_array()) {
    Indicator ind = read_indicator(*node.as_table(), c, file, i++);
    if (!names.insert(ind.name).second)
      throw InputError({file, fmt::format("line {}", ind.line), "indicator.name"}, "indicator '" + ind.name + "' is defined twice");
    c.indicators.push_back(std::move(ind));
  }
  if (c.score_at_least && *c.score_at_least > static_cast<int>(c.indicators.size()))
    throw InputError({file, fmt::format("line {}", score_at_least_line), "aggregate.score_at_least"},
                     fmt::format("{} is out of range: the score counts at most {} indicators here", *c.score_at_least,
                                 c.indicators.size()));
  // A build that routes over an OSM extract draws its base map from the same extract.
  for (const auto& ind : c.indicators)
    if (c.basemap_osm.empty() && ind.source && !ind.source->osm_file.empty()) c.basemap_osm = ind.source->osm_file;
  refuse_year_patterns_outside_series(c, file);
  c.stack = read_stack(r, file, c.indicators, c.series.has_value());
  r.finish();
  return c;
}

std::vector<CategorySpec> load_categories(const std::string& path) {
  const auto text = read_whole_file(path);
  if (!text) throw InputError({path, "", ""}, "categories file not found or not readable");
  toml::table root;
  try {
    root = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    throw InputError({path, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  Reader r(root, path, "");
  r.has("category");
  const toml::node* cats = root.get("category");
  if (!cats || !cats->is_array_of_tables()) r.fail("category", "at least one [[category]] is required");
  std::vector<CategorySpec> out;
  std::set<std::string> names;
  std::size_t i = 0;
  for (const auto& node : *cats->as_array()) {
    Reader cr(*node.as_table(), path, fmt::format("category[{}]", i++));
    CategorySpec c;
    c.name = cr.required_string("name");
    for (char ch : c.name)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) cr.fail("name", "may contain only letters, digits and _");
    if (!names.insert(c.name).second) cr.fail("name", "category '" + c.name + "' is defined twice");
    c.label = cr.string("label", c.name);
    auto tags = cr.opt_strings("tags");
    if (!tags || tags->empty()) cr.fail("tags", "is required, e.g. tags = [\"amenity=doctors\"]");
    for (const auto& t : *tags) {
      const auto eq = t.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
        cr.fail("tags", "\"" + t + "\" is not of the form \"key=value\" or \"key=*\"");
    }
    c.tags = *tags;
    c.area = cr.opt_bool("area").value_or(false);
    c.min_area_m2 = cr.number_in("min_area_m2", 0, 0, 1e10, "an area in m²");
    cr.finish();
    out.push_back(std::move(c));
  }
  r.finish();
  return out;
}

Config load(const std::string& path) {
  const auto text = read_whole_file(path);
  if (!text) throw InputError({path, "", ""}, "config file not found or not readable");
  return parse(*text, path);
}

std::string describe_value(const SourceSpec& s) {
  std::string out;
  for (const auto& f : s.fields) out += (out.empty() ? "" : s.combine == Combine::Max ? " max " : s.combine == Combine::Min ? " min " : " mean ") + f;
  if (s.fields.size() > 1) out = "(" + out + ")";
  if (!s.divide_by.empty()) out += " / " + s.divide_by;
  if (s.scale != 1.0) out += fmt::format(" × {:g}", s.scale);
  return out;
}

std::string to_string(Rule r) {
  return r == Rule::Absolute ? "absolute" : r == Rule::Percentile ? "percentile" : "relative";
}
std::string to_string(StackMethod m) { return m == StackMethod::Binary ? "binary" : "continuous"; }
std::string to_string(StackScaling s) { return s == StackScaling::MinMax ? "minmax" : "percentile"; }

const std::vector<std::string>& stack_perspectives() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [k, _] : io::build_schema::schema().at("stack").at("perspectives").items()) out.push_back(k);
    return out;
  }();
  return names;
}

std::string to_string(Direction d) { return d == Direction::HigherIsWorse ? "higher_is_worse" : "lower_is_worse"; }
std::string to_string(Transfer t) { return t == Transfer::Intensive ? "intensive" : "extensive"; }
std::string to_string(Transform t) {
  switch (t) {
    case Transform::None: return "none";
    case Transform::PerM2: return "per_m2";
    case Transform::PerHa: return "per_ha";
    case Transform::Per1000Residents: return "per_1000_residents";
  }
  return "?";
}

std::string describe_threshold(const Indicator& ind) {
  const bool higher = ind.direction == Direction::HigherIsWorse;
  const char* cmp = higher ? "above" : "below";
  switch (ind.threshold.rule) {
    case Rule::Absolute: return fmt::format("flagged when the value is {} {:g}", cmp, ind.threshold.value);
    case Rule::Percentile:
      return fmt::format("flagged when the value is {} the {:g}th percentile of inhabited cells", cmp, ind.threshold.value);
    case Rule::Relative:
      return ind.threshold.reference
                 ? fmt::format("flagged when the value is {} {:g} × reference {:g}", cmp, ind.threshold.factor, *ind.threshold.reference)
                 : fmt::format("flagged when the value is {} {:g} × the population-weighted mean of the study area", cmp,
                               ind.threshold.factor);
  }
  return "";
}

std::string describe_threshold_nl(const Indicator& ind) {
  const bool higher = ind.direction == Direction::HigherIsWorse;
  const char* cmp = higher ? "hoger" : "lager";
  const std::string unit = ind.unit.empty() ? "" : " " + ind.unit;
  switch (ind.threshold.rule) {
    case Rule::Absolute:
      return fmt::format("telt mee als de waarde {} is dan {}{} (een vaste norm)", cmp, dutch::number(ind.threshold.value, ind.decimals), unit);
    case Rule::Percentile:
      return fmt::format(
          "telt mee als de waarde {} is dan bij {} % van de bewoonde cellen van dit gebied (het {}e percentiel); de "
          "drempel hangt dus af van het gebied zelf, en scores van twee gemeenten zijn niet vergelijkbaar",
          cmp, dutch::number(higher ? ind.threshold.value : 100 - ind.threshold.value, 0),
          dutch::number(ind.threshold.value, 0));
    case Rule::Relative:
      return ind.threshold.reference
                 ? fmt::format("telt mee als de waarde {} is dan {} × de referentie {}{}", cmp,
                               dutch::number(ind.threshold.factor, 2), dutch::number(*ind.threshold.reference, ind.decimals), unit)
                 : fmt::format("telt mee als de waarde {} is dan {} × het gemiddelde van het gebied (gewogen naar inwoners)",
                               cmp, dutch::number(ind.threshold.factor, 2));
  }
  return "";
}

namespace {
// The stapelkaart part of check-config: indicators grouped by perspective, and the rule.
std::string explain_stack(const Config& c) {
  const auto& stack = io::build_schema::schema().at("stack");
  const StackSpec& s = *c.stack;
  std::string out = "\nStapelkaart (stacked pressure, RIVM Stapeltool):\n";
  auto names = [&](auto pred) {
    std::string list;
    for (const auto& ind : c.indicators)
      if (pred(ind)) list += (list.empty() ? "" : ", ") + ind.label + (ind.source ? "" : " (not supplied)");
    return list.empty() ? std::string("none") : list;
  };
  for (const auto& p : stack_perspectives())
    out += fmt::format("- {} / {}: {}\n", stack.at("perspectives").at(p).at("nl").get<std::string>(),
                       stack.at("perspectives").at(p).at("en").get<std::string>(),
                       names([&](const Indicator& i) { return i.perspective == p; }));
  out += fmt::format("- {} / {}: {}\n", stack.at("vulnerability").at("nl").get<std::string>(),
                     stack.at("vulnerability").at("en").get<std::string>(),
                     names([](const Indicator& i) { return i.vulnerability; }));
  if (s.method == StackMethod::Binary) {
    out += fmt::format("Method: binary. Per cell, each perspective counts its indicators that are flagged (the thresholds "
                       "above); a perspective is under pressure from {} flag(s). Residents count as vulnerable from {} "
                       "flagged vulnerability indicator(s).\n",
                       s.pressure_flags, s.vulnerable_flags);
  } else {
    out += fmt::format("Method: continuous. Each indicator is scaled over the inhabited cells of the study area by {} "
                       "(0 = best, 1 = worst, whatever the direction) and summed per perspective; the sums are split into "
                       "{} equal groups of inhabited cells (quantiles). A perspective is under pressure from group {} of {}; "
                       "residents count as vulnerable from group {} of {} of the summed vulnerability indicators.\n",
                       s.scaling == StackScaling::MinMax ? "min-max (the lowest value 0, the highest 1)"
                                                         : "percentile rank (the share of cells with a better value)",
                       s.quantiles, s.pressure_class, s.quantiles, s.vulnerable_class, s.quantiles);
  }
  out += "A cell's stapel class: no pressure, mainly protection, mainly promotion, or both, each with or without "
         "vulnerable residents. Faciliteren is shown as its own score and counts for the koppelkansen: cells where two or "
         "more perspectives are under pressure. A cell missing a perspective's data gets no score for it, and no class.\n";
  out += fmt::format("Comparison layer {} ({}): each hexagon holds the resident-weighted mean of the values of the cells "
                     "whose centre lies in it, stacked continuously; hexagons with fewer than {} residents are left out.\n",
                     stack.at("coarse_layer").get<std::string>(), grid::HexGrid(s.coarse).describe(), c.privacy_min_residents);
  out += stack.at("neutral_text").at("en").get<std::string>() + "\n";
  return out;
}
}  // namespace

std::string explain(const Config& c) {
  std::string out;
  out += fmt::format("Configuration {} is valid.\n", c.path);
  if (!c.title.empty()) out += fmt::format("Title: {}\n", c.title);
  grid::HexGrid g(c.grid);
  out += fmt::format("Grid: {}; a cell belongs to the study area when {}.\n", g.describe(),
                     c.cover == grid::CoverRule::CentreInside ? "its centre lies inside it" : "it touches it");
  out += fmt::format("Study area: {} polygons from {} (code field '{}').\n", cbs::to_string(c.study_area.level),
                     c.study_area.file, c.study_area.code_field);
  out += fmt::format("Residents: column '{}' of table '{}', spread over cells by {}.\n", c.population.source.fields.front(),
                     c.population.source.name, c.population.weights ? "address points in " + c.population.weights->file : "area");
  out += fmt::format("Privacy: cells with fewer than {} residents get no social values and no score.\n", c.privacy_min_residents);
  int counted = 0, supplied = 0;
  for (const auto& ind : c.indicators) {
    out += fmt::format("\n- {} ({}) [{}{}]\n", ind.label, ind.name, ind.kind == Kind::Social ? "social" : "spatial",
                       ind.in_score ? "" : ", shown but not counted in the score");
    if (!ind.description.empty()) out += fmt::format("  {}\n", ind.description);
    if (!ind.source) {
      out += fmt::format("  NOT SUPPLIED: {}\n", ind.not_supplied);
      continue;
    }
    ++supplied;
    if (ind.in_score) ++counted;
    const auto& s = *ind.source;
    if (s.kind == SourceKind::Table) {
      std::string fields;
      for (const auto& f : s.fields) fields += (fields.empty() ? "" : ", ") + f;
      out += fmt::format("  source: table '{}' ({}), column{} {}", s.name, c.tables.at(s.name).file, s.fields.size() > 1 ? "s" : "", fields);
      if (s.fields.size() > 1) out += fmt::format(" combined by {}", s.combine == Combine::Max ? "max" : s.combine == Combine::Min ? "min" : "mean");
      if (!s.divide_by.empty()) out += fmt::format(" / {}", s.divide_by);
      if (s.scale != 1.0) out += fmt::format(" × {:g}", s.scale);
      out += fmt::format("; transferred as {} values\n", ind.transfer == Transfer::Intensive ? "intensive (area-weighted mean)" : "extensive (sum-preserving split)");
      if (const auto& cw = c.tables.at(s.name).crosswalk)
        out += fmt::format("  the table is keyed on the codes of {}{}: re-expressed on the study area's codes through a "
                           "crosswalk from polygon overlap ({})\n",
                           cw->file, cw->code_prefix.empty() ? "" : " (codes " + cw->code_prefix + "…)",
                           ind.transfer == Transfer::Extensive ? "counts split by the residents in each overlap, else its area"
                                                               : "overlap-weighted mean, by residents in each overlap, else its area");
    } else if (s.kind == SourceKind::Layer && s.distance_method == DistanceMethod::Euclidean) {
      out += fmt::format("  source: straight-line distance in metres from the cell centre to the nearest feature of {}\n",
                         c.layers.at(s.name).file);
    } else if (s.kind == SourceKind::Layer) {
      out += fmt::format("  source: {} distance in metres over the street network of {} to the nearest feature of {}\n",
                         s.mode, s.osm_file, c.layers.at(s.name).file);
    } else if (s.kind == SourceKind::OsmCategory) {
      out += fmt::format("  source: {} distance in metres over the street network of {} to the nearest '{}' in it\n",
                         s.mode, s.osm_file, s.category);
    } else {
      const RasterSpec& raster = c.rasters.at(s.name);
      out += raster.interpolation == io::Interpolation::Bilinear
                 ? fmt::format("  source: raster {} at the cell centre, bilinear between the four nearest pixel centres "
                               "(NODATA and off-raster neighbours left out)\n",
                               raster.file)
                 : fmt::format("  source: raster {}, the pixel under the cell centre\n", raster.file);
    }
    if (ind.transform != Transform::None) out += fmt::format("  transform: {}\n", to_string(ind.transform));
    out += fmt::format("  {}\n", describe_threshold(ind));
  }
  out += fmt::format("\nScore: number of flagged indicators, 0..{}; {} of {} indicators supplied, {} of them counted.\n",
                     counted, supplied, c.indicators.size(), counted);
  if (c.stack) out += explain_stack(c);
  return out;
}

}  // namespace leefkaart::config
