#include "sorting/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <toml++/toml.h>

#include "config/toml_reader.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "sorting/schema.hpp"

namespace leefkaart::sorting {
namespace fs = std::filesystem;
using config::TomlReader;

std::string ColumnSource::file_for(int year) const { return replace_all(file, "{year}", std::to_string(year)); }

int Spec::line_of(const std::string& key) const {
  auto it = lines.find(key);
  return it == lines.end() ? 0 : it->second;
}

std::string gemeente_of(const std::string& buurt_code) {
  if (buurt_code.size() < 6 || buurt_code.rfind("BU", 0) != 0) return "";
  return "GM" + buurt_code.substr(2, 4);
}
std::string wijk_of(const std::string& buurt_code) {
  if (buurt_code.size() < 8 || buurt_code.rfind("BU", 0) != 0) return "";
  return "WK" + buurt_code.substr(2, 6);
}

namespace {

struct Ctx {
  std::string file, config_dir, data_dir;
  std::map<std::string, int>* lines;
  // Beside the config first (fixtures, own files), then in the data folder.
  std::string resolve(const std::string& p) const {
    if (fs::path(p).is_absolute()) return p;
    const std::string probe = replace_all(p, "{year}", "");
    const fs::path beside = fs::path(config_dir) / p;
    if (probe == p ? fs::exists(beside) : fs::exists(beside.parent_path())) return beside.lexically_normal().string();
    return (fs::path(data_dir) / p).lexically_normal().string();
  }
};

bool is_code(const std::string& s, const std::string& prefix, std::size_t digits) {
  if (s.size() != prefix.size() + digits || s.rfind(prefix, 0) != 0) return false;
  return std::all_of(s.begin() + prefix.size(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::vector<std::string> codes(TomlReader& r, const std::string& key, const std::string& prefix, std::size_t digits,
                               const std::string& example) {
  auto v = r.opt_strings(key, example);
  if (!v) return {};
  for (const auto& c : *v)
    if (!is_code(c, prefix, digits))
      r.fail(key, fmt::format("'{}' is not a code of the form {}{} (e.g. {})", c, prefix, std::string(digits, '#'),
                              example));
  return *v;
}

// file, key, field (wide) or file, key, indicator (long: format = "long").
ColumnSource column_source(TomlReader& r, const Ctx& ctx, bool year_allowed) {
  ColumnSource s;
  s.key_path = r.full("");
  if (!s.key_path.empty() && s.key_path.back() == '.') s.key_path.pop_back();
  s.file_as_written = r.required_string("file");
  if (!year_allowed && s.file_as_written.find("{year}") != std::string::npos)
    r.fail("file", "may not hold {year} here: this is one table, not one per year");
  s.file = ctx.resolve(s.file_as_written);
  s.key = r.required_string("key");
  s.missing_values = r.opt_strings("missing_values", "[\"0\"]").value_or(std::vector<std::string>{});
  const std::string format = r.string("format", "wide");
  if (format == "long") {
    if (r.raw("per")) r.fail("per", "only for a wide table (a share from two columns of the same row)");
    s.long_format = true;
    s.field = r.required_string("indicator");
    s.indicator_column = r.string("indicator_column", s.indicator_column);
    s.year_column = r.string("year_column", s.year_column);
    s.value_column = r.string("value_column", s.value_column);
  } else if (format == "wide") {
    s.field = r.required_string("field");
    s.per = r.string("per", "");
  } else {
    r.fail("format", fmt::format("\"{}\" is not one of \"wide\", \"long\"", format));
  }
  return s;
}

const toml::table& sub_table(TomlReader& r, const std::string& key, const std::string& example) {
  const toml::table* t = r.opt_table(key, example);
  if (!t) r.fail(key, "is required, e.g. " + example);
  return *t;
}

std::vector<int> years_of(TomlReader& r, const std::string& key) {
  const toml::node* n = r.raw(key);
  if (!n) return {};
  const toml::array* arr = n->as_array();
  if (!arr) r.fail(key, "must be a list of years, e.g. [2016, 2020]");
  std::vector<int> out;
  for (const auto& el : *arr) {
    auto v = el.value<double>();
    if (!v) r.fail(key, "must be a list of years, e.g. [2016, 2020]");
    out.push_back(r.whole_number(key, *v, 1900, 2100, "a year"));
  }
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i] <= out[i - 1]) r.fail(key, fmt::format("years must ascend without repeats ({} after {})", out[i], out[i - 1]));
  return out;
}

void require_two_years(TomlReader& r, const std::string& key, const std::vector<int>& years) {
  if (years.size() < 2)
    r.fail(key, fmt::format("a change from the first to the last year needs at least two years, found {}",
                            years.size()));
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

std::string checked_name(TomlReader& r, const std::string& key) {
  const std::string n = r.required_string(key);
  const bool ok = !n.empty() && std::all_of(n.begin(), n.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '_';
  });
  if (!ok) r.fail(key, fmt::format("'{}': use lower-case letters, digits and _ (it becomes part of field names)", n));
  return n;
}

}  // namespace

Spec read_spec(const std::string& path, const std::string& data_dir) {
  if (!fs::is_regular_file(path)) throw InputError({path, "", ""}, "config file not found");
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError({path, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  Spec s;
  s.file = path;
  Ctx ctx{path, fs::absolute(path).parent_path().string(), data_dir, &s.lines};
  TomlReader top(root, path, "", &s.lines);

  std::vector<int> default_years;
  {
    // [sorting] years: the default years of every group.
    TomlReader r(sub_table(top, "sorting", "[sorting] title = \"…\""), path, "sorting", &s.lines);
    s.title = r.required_string("title");
    default_years = years_of(r, "years");
    if (r.has("years")) require_two_years(r, "years", default_years);
    r.finish();
  }

  // [region]
  {
    TomlReader r(sub_table(top, "region", "[region] polygons = \"boundaries/…\""), path, "region", &s.lines);
    s.polygons_as_written = r.required_string("polygons");
    s.polygons = ctx.resolve(s.polygons_as_written);
    s.code_field = r.string("code_field", s.code_field);
    s.polygons_crs = r.opt_string("polygons_crs");
    s.gemeenten = codes(r, "gemeenten", "GM", 4, "[\"GM0344\", \"GM0356\"]");
    const toml::node* centre = r.raw("centre");
    if (centre) {
      if (auto* str = centre->as_string()) {
        s.centre_gemeente = str->get();
        if (!is_code(s.centre_gemeente, "GM", 4))
          r.fail("centre", "must be a gemeente code (\"GM0344\") or RD coordinates [x, y] in metres");
      } else {
        const toml::array* xy = centre->as_array();
        if (!xy || xy->size() != 2 || !(*xy)[0].is_number() || !(*xy)[1].is_number())
          r.fail("centre", "must be a gemeente code (\"GM0344\") or RD coordinates [x, y] in metres, e.g. [136500, 455800]");
        const double x = *(*xy)[0].value<double>(), y = *(*xy)[1].value<double>();
        if (!(x >= 0 && x <= 300000 && y >= 289000 && y <= 629000))
          r.fail("centre", fmt::format("[{:g}, {:g}] lies outside the Netherlands in RD New (x 0–300000, y 289000–629000)", x, y));
        s.centre_rd = std::make_pair(x, y);
      }
    }
    s.radius_km = r.number("radius_km", 0);
    if (s.gemeenten.empty() && !centre)
      r.fail("gemeenten", "is required: a list of gemeente codes, or give centre and radius_km instead");
    if (!s.gemeenten.empty() && centre) r.fail("centre", "give either gemeenten or centre with radius_km, not both");
    if (centre && !(s.radius_km > 0 && s.radius_km <= 200))
      r.fail("radius_km", "with a centre, give radius_km above 0 and at most 200");
    {
      TomlReader g(sub_table(r, "gemeente_names", "{ file = \"…\", key = \"Codering_3\", field = \"Gemeentenaam_1\" }"),
                   path, "region.gemeente_names", &s.lines);
      s.gemeente_names = column_source(g, ctx, false);
      g.finish();
    }
    if (const toml::table* t = r.opt_table("buurt_names", "{ file = \"…\", key = \"buurtcode\", field = \"buurtnaam\" }")) {
      TomlReader b(*t, path, "region.buurt_names", &s.lines);
      s.buurt_names = column_source(b, ctx, false);
      b.finish();
    }
    r.finish();
  }

  // [base]: residents per buurt.
  {
    TomlReader r(sub_table(top, "base", "[base] file = \"…\", key = \"buurtcode\", field = \"a_inw\""), path, "base",
                 &s.lines);
    s.base = column_source(r, ctx, false);
    r.finish();
  }

  // [[zone]]: ordered rules, the first that matches decides.
  {
    const toml::node* n = top.raw("zone");
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (!arr || arr->empty()) top.fail("zone", "is required: [[zone]] rules, e.g. code = \"centrale_stad\", gemeenten = [\"GM0344\"]");
    const auto zone_codes = keys_in_order("zones");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      if (!t) top.fail("zone", "must be [[zone]] tables");
      TomlReader r(*t, path, fmt::format("zone[{}]", i + 1), &s.lines);
      ZoneRule z;
      z.key_path = r.full("");
      z.key_path.pop_back();
      z.line = r.line();
      z.zone = r.required_string("code");
      if (std::find(zone_codes.begin(), zone_codes.end(), z.zone) == zone_codes.end())
        r.fail("code", fmt::format("\"{}\" is not a zone of schema/sorting.json ({}){}", z.zone, joined(zone_codes),
                                   did_you_mean(z.zone, zone_codes)));
      z.gemeenten = codes(r, "gemeenten", "GM", 4, "[\"GM0344\"]");
      z.wijken = codes(r, "wijken", "WK", 6, "[\"WK034401\"]");
      z.buurten = codes(r, "buurten", "BU", 8, "[\"BU03440111\"]");
      z.rest = r.opt_bool("rest").value_or(false);
      if (!z.rest && z.gemeenten.empty() && z.wijken.empty() && z.buurten.empty())
        r.fail("code", "a zone rule needs gemeenten, wijken or buurten, or rest = true");
      if (z.rest && !(z.gemeenten.empty() && z.wijken.empty() && z.buurten.empty()))
        r.fail("rest", "rest = true takes all buurten not yet in a zone: give no gemeenten, wijken or buurten with it");
      r.finish();
      s.zones.push_back(std::move(z));
    }
  }

  // [[group]]
  {
    const toml::node* n = top.raw("group");
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (!arr || arr->empty()) top.fail("group", "is required: at least one [[group]] of vulnerable residents");
    std::set<std::string> names;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      if (!t) top.fail("group", "must be [[group]] tables");
      TomlReader r(*t, path, fmt::format("group[{}]", i + 1), &s.lines);
      Group g;
      g.name = checked_name(r, "name");
      if (!names.insert(g.name).second) r.fail("name", fmt::format("a second group named '{}'", g.name));
      g.label = r.required_string("label");
      g.tenure = r.opt_bool("tenure").value_or(false);
      g.years = years_of(r, "years");
      if (r.has("years")) require_two_years(r, "years", g.years);
      if (g.years.empty()) {
        if (default_years.empty())
          r.fail("years", "is required (or [sorting] years): the years of the change, at least two");
        g.years = default_years;
      }
      g.source = column_source(r, ctx, true);
      if (!g.source.long_format && g.source.file_as_written.find("{year}") == std::string::npos)
        r.fail("file", "a wide table per year needs {year} in its name (or format = \"long\" with a year column)");
      r.finish();
      s.groups.push_back(std::move(g));
    }
  }

  // [[snapshot]]
  if (const toml::node* n = top.raw("snapshot")) {
    const toml::array* arr = n->as_array();
    if (!arr) top.fail("snapshot", "must be [[snapshot]] tables");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      if (!t) top.fail("snapshot", "must be [[snapshot]] tables");
      TomlReader r(*t, path, fmt::format("snapshot[{}]", i + 1), &s.lines);
      Snapshot sn;
      sn.name = checked_name(r, "name");
      sn.label = r.required_string("label");
      sn.source = column_source(r, ctx, false);
      r.finish();
      s.snapshots.push_back(std::move(sn));
    }
  }

  // [focus]
  if (const toml::table* t = top.opt_table("focus", "[focus] wijken = [\"WK034406\"]")) {
    TomlReader r(*t, path, "focus", &s.lines);
    s.focus_buurten = codes(r, "buurten", "BU", 8, "[\"BU03440111\"]");
    s.focus_wijken = codes(r, "wijken", "WK", 6, "[\"WK034401\"]");
    r.finish();
  }

  // [early_warning]
  if (const toml::table* t = top.opt_table("early_warning", "[early_warning] group = \"…\", rise_pp = 5")) {
    TomlReader r(*t, path, "early_warning", &s.lines);
    EarlyWarningSpec e;
    e.group = r.required_string("group");
    if (std::none_of(s.groups.begin(), s.groups.end(), [&](const Group& g) { return g.name == e.group; })) {
      std::vector<std::string> names;
      for (const auto& g : s.groups) names.push_back(g.name);
      r.fail("group", fmt::format("'{}' is not the name of a [[group]]{}", e.group, did_you_mean(e.group, names)));
    }
    e.rise_pp = r.number_in("rise_pp", 5, 0, 100, "a rise in percentage points");
    if (const toml::table* st = r.opt_table("score", "{ label = \"…\", file = \"…\", key = \"…\", field = \"…\", at_most = 3.9 }")) {
      TomlReader q(*st, path, "early_warning.score", &s.lines);
      ScoreCriterion c;
      c.label = q.required_string("label");
      c.source = column_source(q, ctx, false);
      c.at_least = q.opt_number("at_least");
      c.at_most = q.opt_number("at_most");
      if (!c.at_least == !c.at_most)
        q.fail("label", "give either at_least (a high value is bad) or at_most (a low value is bad)");
      q.finish();
      e.score = std::move(c);
    }
    if (const toml::table* ft = r.opt_table("facility", "{ label = \"grote supermarkt\", passes_km = 1 }")) {
      TomlReader q(*ft, path, "early_warning.facility", &s.lines);
      FacilityCriterion c;
      c.label = q.required_string("label");
      for (const char* which : {"before", "after"}) {
        TomlReader w(sub_table(q, which, "{ file = \"…\", key = \"…\", field = \"…\", label = \"2019\" }"), path,
                     std::string("early_warning.facility.") + which, &s.lines);
        const std::string label = w.required_string("label");
        ColumnSource src = column_source(w, ctx, false);
        w.finish();
        if (std::string(which) == "before") {
          c.before = std::move(src);
          c.before_label = label;
        } else {
          c.after = std::move(src);
          c.after_label = label;
        }
      }
      c.passes_km = q.opt_number("passes_km");
      c.rise_km = q.opt_number("rise_km");
      if (!c.passes_km && !c.rise_km) q.fail("label", "give passes_km, rise_km or both: when has access fallen?");
      if (c.passes_km && !(*c.passes_km > 0)) q.fail("passes_km", "must be above 0 km");
      if (c.rise_km && !(*c.rise_km > 0)) q.fail("rise_km", "must be above 0 km");
      q.finish();
      e.facility = std::move(c);
    }
    if (!e.score && !e.facility)
      r.fail("group", "the early warning needs a score criterion ([early_warning.score]) or a facility criterion "
                      "([early_warning.facility]), or both");
    r.finish();
    s.early_warning = std::move(e);
  }

  // [hotspots]
  if (const toml::table* t = top.opt_table("hotspots", "[hotspots] edge_m = 250")) {
    TomlReader r(*t, path, "hotspots", &s.lines);
    s.hotspots.edge_m = r.number_in("edge_m", s.hotspots.edge_m, 25, 5000, "the hexagons' edge in metres");
    s.hotspots.neighbour_distance_m = r.number_in("neighbour_distance_m", 3 * s.hotspots.edge_m, 0, 50000,
                                                  "the neighbourhood's radius in metres");
    s.hotspots.permutations = r.opt_int("permutations", 99, 99999, "the number of permutations").value_or(999);
    s.hotspots.seed = static_cast<long long>(r.number("seed", 1));
    s.hotspots.alpha = r.number_in("alpha", 0.05, 0.0001, 0.5, "the significance level");
    r.finish();
  }
  top.finish();
  return s;
}

}  // namespace leefkaart::sorting
