#include "sorting/outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "core/text.hpp"
#include "io/checksum.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"
#include "sorting/schema.hpp"

namespace leefkaart::sorting {
namespace {
using io::FieldType;
using json = nlohmann::json;

io::Value num(const std::optional<double>& v, int decimals = 4) {
  if (!v || !std::isfinite(*v)) return std::monostate{};
  const double f = std::pow(10.0, decimals);
  return std::round(*v * f) / f;
}

std::optional<double> minus(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

std::string bf(const std::string& key, const FieldArgs& a = {}) { return field("buurt_fields", key, a); }
std::string zf(const std::string& key, const FieldArgs& a = {}) { return field("zone_fields", key, a); }
std::string hf(const std::string& key, const FieldArgs& a = {}) { return field("hotspot_fields", key, a); }

// A column of a long table: the schema's pattern without its {group} and {year} parts
// ("aandeel_{group}_{year}_tov_regio" → "aandeel_tov_regio").
std::string long_name(const std::string& group, const std::string& key) {
  std::string f = schema().at(group).at(key).get<std::string>();
  for (const char* part : {"_{group}", "{group}_", "_{year}", "{year}_"}) f = replace_all(f, part, "");
  return f;
}

std::string zone_name(const std::string& zone) {
  return zone.empty() ? "Hele regio" : schema().at("zones").at(zone).at("nl").get<std::string>();
}
// The region's row in zones.csv and the manifest.
constexpr const char* kRegionUnit = "regio";

io::LayerData buurten_layer(const Results& r) {
  io::LayerData l;
  l.name = layer_name("buurten");
  l.description = "buurten of the region with the shares of vulnerable groups per year, their change and "
                  "segregation measures (leefkaart sorting)";
  l.fields = {{bf("code"), FieldType::String},      {bf("name"), FieldType::String},
              {bf("gemeente"), FieldType::String},  {bf("gemeente_name"), FieldType::String},
              {bf("zone"), FieldType::String},      {bf("pop"), FieldType::Real, "inwoners"},
              {bf("in_focus"), FieldType::Integer, "in een focusgebied (1 = ja)"}};
  for (const auto& g : r.groups) {
    const std::string& n = g.group->name;
    for (const auto& gy : g.years) {
      l.fields.push_back({bf("share", {n, gy.year}), FieldType::Real, fmt::format("{} {} (%)", g.group->label, gy.year)});
      l.fields.push_back({bf("share_vs_region", {n, gy.year}), FieldType::Real,
                          fmt::format("{} {}: verschil met de regio (procentpunt)", g.group->label, gy.year)});
      l.fields.push_back({bf("location_quotient", {n, gy.year}), FieldType::Real,
                          fmt::format("{} {}: locatiequotiënt", g.group->label, gy.year)});
      if (g.group->tenure)
        l.fields.push_back({bf("band", {n, gy.year}), FieldType::String,
                            fmt::format("{} {}: concentratieklasse", g.group->label, gy.year)});
    }
    l.fields.push_back({bf("change", {n}), FieldType::Real,
                        fmt::format("{}: verandering {}–{} (procentpunt)", g.group->label, g.years.front().year,
                                    g.years.back().year)});
    l.fields.push_back({bf("change_vs_region", {n}), FieldType::Real,
                        fmt::format("{}: verandering min die van de regio (procentpunt)", g.group->label)});
  }
  for (const auto& s : r.spec.snapshots) l.fields.push_back({bf("snapshot", {"", 0, s.name}), FieldType::Real, s.label});
  l.fields.push_back({bf("early_warning"), FieldType::Integer, "vroegsignaal (1 = ja)"});

  for (std::size_t i = 0; i < r.region.buurten.size(); ++i) {
    const Buurt& b = r.region.buurten[i];
    std::vector<io::Value> row{b.code, b.name, b.gemeente, b.gemeente_name, b.zone, num(b.pop, 0),
                               static_cast<long long>(b.in_focus)};
    for (const auto& g : r.groups) {
      for (const auto& gy : g.years) {
        row.push_back(num(gy.share[i], 2));
        row.push_back(num(minus(gy.share[i], gy.region_share), 2));
        row.push_back(num(gy.lq[i], 3));
        if (g.group->tenure)
          row.push_back(gy.share[i] ? io::Value(concentration_band(*gy.share[i])) : io::Value(std::monostate{}));
      }
      row.push_back(num(g.change[i], 2));
      row.push_back(num(minus(g.change[i], g.region_change), 2));
    }
    for (const auto& s : r.snapshots) row.push_back(num(s[i]));
    const bool flagged = !r.early_warning.per_buurt.empty() && r.early_warning.per_buurt[i].flagged;
    row.push_back(static_cast<long long>(flagged));
    l.rows.push_back(std::move(row));
    l.geometries.push_back(geom::clone(b.geom.get()));
  }
  return l;
}

io::LayerData zones_layer(const Results& r) {
  io::LayerData l;
  l.name = layer_name("zones");
  l.description = "zones of the region (the buurten of each zone, dissolved) with pooled shares and segregation";
  l.fields = {{zf("zone"), FieldType::String}, {zf("name"), FieldType::String},
              {zf("buurten"), FieldType::Integer}, {zf("pop"), FieldType::Real, "inwoners"}};
  for (const auto& g : r.groups) {
    const std::string& n = g.group->name;
    for (const auto& gy : g.years) {
      l.fields.push_back({zf("share", {n, gy.year}), FieldType::Real, fmt::format("{} {} (%)", g.group->label, gy.year)});
      l.fields.push_back({zf("share_vs_region", {n, gy.year}), FieldType::Real});
      l.fields.push_back({zf("dissimilarity", {n, gy.year}), FieldType::Real});
      l.fields.push_back({zf("isolation", {n, gy.year}), FieldType::Real});
    }
    l.fields.push_back({zf("change", {n}), FieldType::Real});
  }
  const UnitResult& region = r.units.back();
  for (const auto& u : r.units) {
    if (u.zone.empty()) continue;
    std::vector<io::Value> row{u.zone, zone_name(u.zone), static_cast<long long>(u.buurten), num(u.pop, 0)};
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      for (std::size_t y = 0; y < r.groups[g].years.size(); ++y) {
        const auto& py = u.per_group[g][y];
        row.push_back(num(py.share, 2));
        row.push_back(num(minus(py.share, region.per_group[g][y].share), 2));
        row.push_back(num(py.dissimilarity));
        row.push_back(num(py.isolation));
      }
      row.push_back(num(u.change[g], 2));
    }
    std::vector<const GEOSGeometry*> parts;
    for (const auto& b : r.region.buurten)
      if (b.zone == u.zone) parts.push_back(b.geom.get());
    l.rows.push_back(std::move(row));
    l.geometries.push_back(geom::unary_union(parts));
  }
  return l;
}

io::LayerData hotspots_layer(const Results& r) {
  const HotSpotResult& h = r.hotspots;
  io::LayerData l;
  l.name = layer_name("hotspots");
  l.description = "Getis-Ord Gi* hot spots of each group's last year on " + h.grid.describe() +
                  "; each hexagon takes the buurt that holds its centre";
  l.fields = {{hf("id"), FieldType::String}, {hf("buurt"), FieldType::String}};
  for (const auto& g : r.groups) {
    const std::string& n = g.group->name;
    l.fields.push_back({hf("value", {n}), FieldType::Real, fmt::format("{} {} (%)", g.group->label, g.years.back().year)});
    l.fields.push_back({hf("z", {n}), FieldType::Real});
    l.fields.push_back({hf("p", {n}), FieldType::Real});
    l.fields.push_back({hf("class", {n}), FieldType::String});
  }
  for (std::size_t c = 0; c < h.cells.size(); ++c) {
    std::vector<io::Value> row{grid::cell_id_string(h.cells[c]), r.region.buurten[h.buurt_of[c]].code};
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      row.push_back(num(h.values[g][c], 2));
      const auto& hs = h.hot[g][c];
      row.push_back(hs ? num(hs->z, 3) : io::Value(std::monostate{}));
      row.push_back(hs ? num(hs->p, 4) : io::Value(std::monostate{}));
      row.push_back(hs ? io::Value(hs->cls) : io::Value(std::monostate{}));
    }
    l.rows.push_back(std::move(row));
    l.geometries.push_back(h.grid.polygon(h.cells[c]));
  }
  return l;
}

std::vector<std::string> criterion_codes() { return keys_in_order("early_warning_criteria"); }

// The flagged buurten with a reason per criterion; with geometry for the layer, without for the CSV.
io::LayerData early_warning_table(const Results& r, bool with_geometry) {
  io::LayerData l;
  l.name = layer_name("early_warning");
  l.description = "buurten outside the focus areas whose vulnerable share rose, with a high living-environment "
                  "score or facilities further away: a reason to look and ask, not a judgement";
  auto ef = [](const std::string& key, const std::string& c = "") {
    return field("early_warning_columns", key, {"", 0, "", c});
  };
  l.fields = {{ef("code"), FieldType::String},
              {ef("name"), FieldType::String},
              {ef("gemeente_name"), FieldType::String},
              {ef("zone"), FieldType::String}};
  for (const auto& c : criterion_codes())
    l.fields.push_back({ef("reason", c), FieldType::String, schema().at("early_warning_criteria").at(c).at("nl")});
  for (std::size_t i = 0; i < r.early_warning.per_buurt.size(); ++i) {
    const EarlyWarning& e = r.early_warning.per_buurt[i];
    if (!e.flagged) continue;
    const Buurt& b = r.region.buurten[i];
    std::vector<io::Value> row{b.code, b.name, b.gemeente_name, b.zone};
    for (const auto& c : criterion_codes()) {
      std::string reason;
      for (const auto& cr : e.criteria)
        if (cr.code == c && cr.met) reason = cr.reason;
      row.push_back(reason);
    }
    l.rows.push_back(std::move(row));
    if (with_geometry) l.geometries.push_back(geom::clone(b.geom.get()));
  }
  return l;
}

io::LayerData buurten_long(const Results& r) {
  io::LayerData l;
  l.name = "buurten";
  l.fields = {{bf("code"), FieldType::String},          {bf("name"), FieldType::String},
              {bf("gemeente_name"), FieldType::String}, {bf("zone"), FieldType::String},
              {"groep", FieldType::String},             {"jaar", FieldType::Integer},
              {long_name("buurt_fields", "share"), FieldType::Real},
              {long_name("buurt_fields", "share_vs_region"), FieldType::Real},
              {long_name("buurt_fields", "location_quotient"), FieldType::Real},
              {long_name("buurt_fields", "band"), FieldType::String},
              {long_name("buurt_fields", "change"), FieldType::Real},
              {long_name("buurt_fields", "change_vs_region"), FieldType::Real}};
  for (std::size_t i = 0; i < r.region.buurten.size(); ++i) {
    const Buurt& b = r.region.buurten[i];
    for (const auto& g : r.groups)
      for (const auto& gy : g.years)
        l.rows.push_back({b.code, b.name, b.gemeente_name, b.zone, g.group->name, static_cast<long long>(gy.year),
                          num(gy.share[i], 2), num(minus(gy.share[i], gy.region_share), 2), num(gy.lq[i], 3),
                          g.group->tenure && gy.share[i] ? io::Value(concentration_band(*gy.share[i]))
                                                          : io::Value(std::monostate{}),
                          num(g.change[i], 2), num(minus(g.change[i], g.region_change), 2)});
  }
  return l;
}

io::LayerData zones_long(const Results& r) {
  io::LayerData l;
  l.name = "zones";
  l.fields = {{zf("zone"), FieldType::String},
              {zf("name"), FieldType::String},
              {"groep", FieldType::String},
              {"jaar", FieldType::Integer},
              {zf("buurten"), FieldType::Integer},
              {zf("pop"), FieldType::Real},
              {long_name("zone_fields", "share"), FieldType::Real},
              {long_name("zone_fields", "share_vs_region"), FieldType::Real},
              {long_name("zone_fields", "change"), FieldType::Real},
              {long_name("zone_fields", "dissimilarity"), FieldType::Real},
              {long_name("zone_fields", "isolation"), FieldType::Real}};
  const UnitResult& region = r.units.back();
  for (const auto& u : r.units)
    for (std::size_t g = 0; g < r.groups.size(); ++g)
      for (std::size_t y = 0; y < r.groups[g].years.size(); ++y) {
        const auto& py = u.per_group[g][y];
        l.rows.push_back({u.zone.empty() ? std::string(kRegionUnit) : u.zone, zone_name(u.zone),
                          r.groups[g].group->name, static_cast<long long>(r.groups[g].years[y].year),
                          static_cast<long long>(u.buurten), num(u.pop, 0), num(py.share, 2),
                          num(minus(py.share, region.per_group[g][y].share), 2), num(u.change[g], 2),
                          num(py.dissimilarity), num(py.isolation)});
      }
  return l;
}

json source_json(const ColumnSource& s) {
  json j = {{"file", s.file_as_written}, {"key", s.key}, {"format", s.long_format ? "long" : "wide"}};
  if (s.long_format)
    j["indicator"] = s.field;
  else
    j["field"] = s.field;
  return j;
}

json manifest(const Results& r, const std::vector<std::string>& outputs, const std::vector<std::string>& input_files) {
  const Spec& s = r.spec;
  auto key = [](const char* k) { return manifest_key(k); };
  json m;
  m["tool"] = "leefkaart";
  m["command"] = schema().at("command");
  m["version"] = LEEFKAART_VERSION;
  m["title"] = s.title;
  m["working_crs"] = "EPSG:28992";
  m["neutral_text"] = schema().at("neutral_text");

  json gemeenten = json::array();
  for (const auto& [code, name] : r.region.gemeenten) gemeenten.push_back({{"code", code}, {"name", name}});
  json region = {{"gemeenten", gemeenten},
                 {"polygons", s.polygons_as_written},
                 {"code_field", s.code_field},
                 {"buurten", r.region.buurten.size()},
                 {"gemeente_of_buurt", "from the buurt code: BU + the 4-digit gemeente number + 4 digits"}};
  if (s.gemeenten.empty()) {
    region["rule"] = fmt::format("every gemeente with a buurt within {:g} km of the centre", s.radius_km);
    if (s.centre_rd) region["centre_rd"] = {s.centre_rd->first, s.centre_rd->second};
    else region["centre_gemeente"] = s.centre_gemeente;
  } else {
    region["rule"] = "the listed gemeenten";
  }
  m[key("region")] = region;

  json rules = json::array();
  for (const auto& z : s.zones)
    rules.push_back({{"rule", z.key_path}, {"zone", z.zone}, {"gemeenten", z.gemeenten}, {"wijken", z.wijken},
                     {"buurten", z.buurten}, {"rest", z.rest},
                     {"buurten_taken", r.region.zone_rule_counts.count(z.key_path) ? r.region.zone_rule_counts.at(z.key_path) : 0}});
  json zone_counts = json::object();
  for (const auto& u : r.units)
    if (!u.zone.empty()) zone_counts[u.zone] = {{"name", zone_name(u.zone)}, {"buurten", u.buurten}, {"pop", u.pop}};
  m[key("zones")] = {{"rule", "ordered rules: the first rule that takes a buurt decides its zone"},
                     {"rules", rules},
                     {"counts", zone_counts}};

  std::set<int> all_years;
  json groups = json::array();
  for (const auto& g : r.groups) {
    json years = json::array(), region_share = json::object();
    for (const auto& gy : g.years) {
      all_years.insert(gy.year);
      years.push_back(gy.year);
      region_share[std::to_string(gy.year)] = gy.region_share ? json(*gy.region_share) : json(nullptr);
    }
    groups.push_back({{"name", g.group->name}, {"label", g.group->label}, {"tenure", g.group->tenure},
                      {"source", source_json(g.group->source)}, {"years", years},
                      {"region_share", region_share},
                      {"region_change_pp", g.region_change ? json(*g.region_change) : json(nullptr)}});
  }
  m[key("years")] = all_years;
  m[key("groups")] = groups;
  json snaps = json::array();
  for (const auto& sn : s.snapshots)
    snaps.push_back({{"name", sn.name}, {"label", sn.label}, {"source", source_json(sn.source)}});
  m[key("snapshots")] = snaps;
  m[key("measures")] = schema().at("measures");
  m["bands"] = schema().at("bands");
  m["base"] = {{"source", source_json(s.base)},
               {"rule", "residents per buurt weigh each buurt's share in the pooled shares and segregation measures; "
                        "a buurt without residents in the base table keeps its own shares but counts for nothing "
                        "in the zone and region figures"}};

  json seg = json::object();
  for (const auto& u : r.units) {
    json per = json::object();
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      json years = json::object();
      for (std::size_t y = 0; y < r.groups[g].years.size(); ++y) {
        const auto& py = u.per_group[g][y];
        auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
        years[std::to_string(r.groups[g].years[y].year)] = {
            {"share", opt(py.share)}, {"dissimilarity", opt(py.dissimilarity)}, {"isolation", opt(py.isolation)}};
      }
      per[r.groups[g].group->name] = years;
    }
    seg[u.zone.empty() ? std::string(kRegionUnit) : u.zone] = per;
  }
  m[key("segregation")] = seg;

  std::size_t flagged = 0;
  for (const auto& e : r.early_warning.per_buurt) flagged += e.flagged;
  if (s.early_warning) {
    const auto& e = *s.early_warning;
    json ew = {{"group", e.group},
               {"rise_pp", e.rise_pp},
               {"focus", {{"buurten", s.focus_buurten}, {"wijken", s.focus_wijken}}},
               {"rule", "outside the focus areas, AND the group's share rose by more than rise_pp from the first to "
                        "the last year, AND (the score criterion is met OR facility access fell)"},
               {"criteria", schema().at("early_warning_criteria")},
               {"flagged", flagged}};
    if (e.score)
      ew["score"] = {{"label", e.score->label}, {"source", source_json(e.score->source)},
                     {"at_least", e.score->at_least ? json(*e.score->at_least) : json(nullptr)},
                     {"at_most", e.score->at_most ? json(*e.score->at_most) : json(nullptr)}};
    if (e.facility)
      ew["facility"] = {{"label", e.facility->label},
                        {"before", source_json(e.facility->before)},
                        {"before_label", e.facility->before_label},
                        {"after", source_json(e.facility->after)},
                        {"after_label", e.facility->after_label},
                        {"passes_km", e.facility->passes_km ? json(*e.facility->passes_km) : json(nullptr)},
                        {"rise_km", e.facility->rise_km ? json(*e.facility->rise_km) : json(nullptr)}};
    m[key("early_warning")] = ew;
  } else {
    m[key("early_warning")] = nullptr;
  }

  json classes = json::object();
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    json c = json::object();
    for (const auto& cls : keys_in_order("hotspot_classes")) c[cls] = 0;
    for (const auto& h : r.hotspots.hot[g])
      if (h) c[h->cls] = c[h->cls].get<int>() + 1;
    classes[r.groups[g].group->name] = c;
  }
  m[key("hotspots")] = {{"grid", r.hotspots.grid.describe()},
                        {"edge_m", s.hotspots.edge_m},
                        {"neighbour_distance_m", s.hotspots.neighbour_distance_m},
                        {"neighbours", "hexagons whose centre lies within neighbour_distance_m, the hexagon itself included; binary weights"},
                        {"value", "each hexagon takes the last year's share of the buurt that holds its centre"},
                        {"mean_neighbours", r.hotspots.mean_neighbours},
                        {"permutations", s.hotspots.permutations},
                        {"seed", s.hotspots.seed},
                        {"alpha", s.hotspots.alpha},
                        {"cells", r.hotspots.cells.size()},
                        {"classes", classes}};
  std::size_t with_pop = 0, in_focus = 0;
  for (const auto& b : r.region.buurten) with_pop += b.pop.has_value(), in_focus += b.in_focus;
  m[key("counts")] = {{"gemeenten", r.region.gemeenten.size()},
                      {"buurten", r.region.buurten.size()},
                      {"buurten_with_residents", with_pop},
                      {"buurten_in_focus", in_focus},
                      {"early_warning", flagged},
                      {"hexagons", r.hotspots.cells.size()}};
  m["joins"] = r.region.joins;
  json inputs = json::array();
  inputs.push_back({{"path", s.file}, {"sha256", io::sha256_file(s.file)}, {"role", "config"}});
  for (const auto& f : input_files) inputs.push_back({{"path", f}, {"sha256", io::sha256_file(f)}});
  m[key("inputs")] = inputs;
  m[key("outputs")] = outputs;
  return m;
}

// Every file the run read, once.
std::vector<std::string> input_files(const Spec& s) {
  std::vector<std::string> files{s.polygons, s.gemeente_names.file, s.base.file};
  if (s.buurt_names) files.push_back(s.buurt_names->file);
  for (const auto& g : s.groups)
    for (int y : g.years) files.push_back(g.source.file_for(y));
  for (const auto& sn : s.snapshots) files.push_back(sn.source.file);
  if (s.early_warning) {
    if (s.early_warning->score) files.push_back(s.early_warning->score->source.file);
    if (s.early_warning->facility) {
      files.push_back(s.early_warning->facility->before.file);
      files.push_back(s.early_warning->facility->after.file);
    }
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto& f : files)
    if (seen.insert(f).second) out.push_back(f);
  return out;
}

}  // namespace

void write_outputs(const Results& r, const std::string& out_dir) {
  io::ResultSetWriter stage(out_dir);
  const io::LayerData buurten = buurten_layer(r), zones = zones_layer(r), hot = hotspots_layer(r),
                      warn = early_warning_table(r, true);
  std::vector<std::string> outputs;
  io::write_geopackage(stage.staged(geopackage_name()), {&buurten, &zones, &hot, &warn});
  outputs.push_back(geopackage_name());
  for (const auto* l : {&buurten, &zones, &hot, &warn}) {
    io::write_geojson_wgs84(stage.staged(l->name + ".geojson"), *l);
    outputs.push_back(l->name + ".geojson");
  }
  io::write_csv(stage.staged(csv_name("early_warning")), early_warning_table(r, false));
  io::write_csv(stage.staged(csv_name("buurten")), buurten_long(r));
  io::write_csv(stage.staged(csv_name("zones")), zones_long(r));
  for (const char* k : {"early_warning", "buurten", "zones"}) outputs.push_back(csv_name(k));
  outputs.push_back(io::kManifestFile);
  stage.commit(manifest(r, outputs, input_files(r.spec)));
  spdlog::info("wrote {} ({} buurten, {} hexagons, {} early signals)", out_dir, buurten.rows.size(), hot.rows.size(),
               warn.rows.size());
}

}  // namespace leefkaart::sorting
