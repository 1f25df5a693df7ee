#include "sorting/region.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/cbs.hpp"
#include "io/csv.hpp"
#include "io/table_source.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::sorting {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, "", ""}, "file not found or not readable");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A long table (code, indicator, year, value): read once, kept per file.
struct LongTable {
  // (indicator, year) → code → value
  std::map<std::pair<std::string, int>, std::unordered_map<std::string, double>> values;
};

const LongTable& long_table(const ColumnSource& s) {
  static std::map<std::string, LongTable> cache;
  const std::string path = s.file;
  std::string cache_key = path;
  for (const auto& m : s.missing_values) cache_key += "\n" + m;
  if (auto it = cache.find(cache_key); it != cache.end()) return it->second;
  const io::CsvTable csv = io::read_csv(slurp(path));
  auto col = [&](const std::string& name) {
    auto it = std::find(csv.header.begin(), csv.header.end(), name);
    if (it == csv.header.end())
      throw InputError({path, "header", name}, fmt::format("no column '{}' (the config's {} names it)", name, s.key_path));
    return static_cast<std::size_t>(it - csv.header.begin());
  };
  const std::size_t k = col(s.key), ind = col(s.indicator_column), yr = col(s.year_column), val = col(s.value_column);
  LongTable t;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    if (row.size() <= std::max({k, ind, yr, val}) || !row[k] || !row[ind] || !row[yr]) continue;
    const std::string where = fmt::format("row {} (line {})", r + 1, r + 2);
    int year = 0;
    try {
      year = std::stoi(*row[yr]);
    } catch (const std::exception&) {
      throw InputError({path, where, s.year_column}, fmt::format("'{}' is not a year", *row[yr]));
    }
    if (!row[val]) continue;
    if (std::find(s.missing_values.begin(), s.missing_values.end(), trim(*row[val])) != s.missing_values.end()) continue;
    std::optional<double> v;
    try {
      v = cbs::parse_number(*row[val], cbs::default_missing_markers());
    } catch (const std::invalid_argument& e) {
      throw InputError({path, where, s.value_column}, e.what());
    }
    if (v) t.values[{*row[ind], year}][cbs::normalise_code(*row[k])] = *v;
  }
  return cache.emplace(cache_key, std::move(t)).first->second;
}

const io::Table& wide_table(const std::string& path, const std::string& key) {
  static std::map<std::pair<std::string, std::string>, io::Table> cache;
  auto it = cache.find({path, key});
  if (it == cache.end()) {
    io::TableReadOptions o;
    o.key_field = key;
    it = cache.emplace(std::make_pair(path, key), io::read_table(path, o)).first;
  }
  return it->second;
}

void record_join(Region& region, const std::string& label, const std::string& file, std::size_t matched) {
  region.joins[label] = {{"file", file},
                         {"buurten_with_value", matched},
                         {"buurten", region.buurten.size()},
                         {"rate", region.buurten.empty() ? 0.0 : double(matched) / region.buurten.size()}};
}

}  // namespace

std::vector<std::optional<double>> read_values(const ColumnSource& s, int year, Region& region,
                                               const std::string& label) {
  std::vector<std::optional<double>> out(region.buurten.size());
  std::size_t matched = 0;
  const std::string file = year ? s.file_for(year) : s.file;
  if (s.long_format) {
    const LongTable& t = long_table(s);
    auto it = t.values.find({s.field, year});
    if (it == t.values.end())
      throw InputError({file, "", s.key_path + ".indicator"},
                       fmt::format("no rows of indicator '{}' in year {}", s.field, year));
    for (std::size_t i = 0; i < out.size(); ++i)
      if (auto v = it->second.find(region.buurten[i].code); v != it->second.end()) out[i] = v->second, ++matched;
  } else {
    const io::Table& t = wide_table(file, s.key);
    const std::size_t f = t.field_index(s.field);
    const bool has_per = !s.per.empty();
    const std::size_t per_field = has_per ? t.field_index(s.per) : 0;
    auto number = [&](std::size_t row, std::size_t field) -> std::optional<double> {
      const std::string text = trim(t.text(row, field));
      if (std::find(s.missing_values.begin(), s.missing_values.end(), text) != s.missing_values.end()) return std::nullopt;
      return t.number(row, field);
    };
    for (std::size_t i = 0; i < out.size(); ++i)
      if (auto row = t.row_of(region.buurten[i].code)) {
        out[i] = number(*row, f);
        if (out[i] && has_per) {
          const auto base = number(*row, per_field);
          out[i] = base && *base > 0 ? std::optional(*out[i] / *base * 100.0) : std::nullopt;
        }
        if (out[i]) ++matched;
      }
  }
  record_join(region, label, file, matched);
  return out;
}

Region read_region(const Spec& spec) {
  io::VectorReadOptions vo;
  vo.assign_crs = spec.polygons_crs;
  spdlog::info("reading {}", spec.polygons);
  io::AreaSet all = io::read_areas(spec.polygons, spec.code_field, "", std::nullopt, vo);

  // The gemeenten the polygons hold, from each buurt's code.
  std::map<std::string, std::vector<std::size_t>> by_gemeente;
  for (std::size_t i = 0; i < all.areas.size(); ++i) {
    const std::string gm = gemeente_of(all.areas[i].code);
    if (!gm.empty()) by_gemeente[gm].push_back(i);
  }
  const io::Table& names = wide_table(spec.gemeente_names.file, spec.gemeente_names.key);
  const std::size_t name_field = names.field_index(spec.gemeente_names.field);
  const std::string where = fmt::format("line {}", spec.line_of(spec.gemeenten.empty() ? "region.centre" : "region.gemeenten"));

  std::vector<std::string> codes = spec.gemeenten;
  if (codes.empty()) {
    // Every gemeente with a buurt within radius_km of the centre.
    geom::Geom centre;
    if (spec.centre_rd) {
      centre = geom::make_point({spec.centre_rd->first, spec.centre_rd->second});
    } else {
      auto it = by_gemeente.find(spec.centre_gemeente);
      if (it == by_gemeente.end())
        throw InputError({spec.file, where, "region.centre"},
                         fmt::format("gemeente {} has no buurt in {}", spec.centre_gemeente, spec.polygons));
      std::vector<const GEOSGeometry*> parts;
      for (auto i : it->second) parts.push_back(all.areas[i].geom.get());
      centre = geom::centroid(geom::unary_union(parts).get());
    }
    for (const auto& [gm, idx] : by_gemeente)
      for (auto i : idx)
        if (geom::distance(centre.get(), all.areas[i].geom.get()) <= spec.radius_km * 1000) {
          codes.push_back(gm);
          break;
        }
    if (codes.empty())
      throw InputError({spec.file, where, "region.radius_km"}, "no buurt lies within this distance of the centre");
  }

  Region region;
  std::set<std::string> seen;
  for (const auto& gm : codes) {
    if (!seen.insert(gm).second) continue;
    if (!by_gemeente.count(gm))
      throw InputError({spec.file, where, "region.gemeenten"},
                       fmt::format("gemeente {} has no buurt in the national polygons {} (is the code right?)", gm,
                                   spec.polygons));
    auto row = names.row_of(gm);
    if (!row)
      throw InputError({spec.file, where, "region.gemeenten"},
                       fmt::format("gemeente {} is not in the national table {} (column {})", gm,
                                   spec.gemeente_names.file, spec.gemeente_names.key));
    region.gemeenten.emplace_back(gm, names.text(*row, name_field));
  }
  std::sort(region.gemeenten.begin(), region.gemeenten.end());
  for (const auto& [gm, gm_name] : region.gemeenten)
    for (auto i : by_gemeente[gm]) {
      Buurt b;
      b.code = all.areas[i].code;
      b.gemeente = gm;
      b.gemeente_name = gm_name;
      b.wijk = wijk_of(b.code);
      b.geom = std::move(all.areas[i].geom);
      region.buurten.push_back(std::move(b));
    }
  std::sort(region.buurten.begin(), region.buurten.end(), [](const Buurt& a, const Buurt& b) { return a.code < b.code; });

  if (spec.buurt_names) {
    const io::Table& t = wide_table(spec.buurt_names->file, spec.buurt_names->key);
    const std::size_t f = t.field_index(spec.buurt_names->field);
    std::size_t matched = 0;
    for (auto& b : region.buurten)
      if (auto row = t.row_of(b.code)) {
        b.name = t.text(*row, f);
        ++matched;
      }
    record_join(region, "buurt_names", spec.buurt_names->file, matched);
  }
  const auto pop = read_values(spec.base, 0, region, "base");
  for (std::size_t i = 0; i < pop.size(); ++i) region.buurten[i].pop = pop[i];
  spdlog::info("region: {} gemeenten, {} buurten; residents for {} buurten", region.gemeenten.size(),
               region.buurten.size(), region.joins["base"]["buurten_with_value"].get<std::size_t>());
  return region;
}

void assign_zones(const Spec& spec, Region& region) {
  std::vector<std::string> without;
  for (auto& b : region.buurten) {
    for (const auto& z : spec.zones) {
      auto has = [](const std::vector<std::string>& v, const std::string& c) {
        return std::find(v.begin(), v.end(), c) != v.end();
      };
      if (z.rest || has(z.gemeenten, b.gemeente) || has(z.wijken, b.wijk) || has(z.buurten, b.code)) {
        b.zone = z.zone;
        ++region.zone_rule_counts[z.key_path];
        break;
      }
    }
    if (b.zone.empty()) without.push_back(b.code);
  }
  if (!without.empty()) {
    std::string first;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, without.size()); ++i) first += (i ? ", " : "") + without[i];
    throw InputError({spec.file, fmt::format("line {}", spec.zones.front().line), "zone"},
                     fmt::format("the zone rules leave {} buurten without a zone (first: {}); add a rule for them "
                                 "or a last rule with rest = true",
                                 without.size(), first));
  }
}

void mark_focus(const Spec& spec, Region& region) {
  for (auto& b : region.buurten)
    b.in_focus = std::find(spec.focus_buurten.begin(), spec.focus_buurten.end(), b.code) != spec.focus_buurten.end() ||
                 std::find(spec.focus_wijken.begin(), spec.focus_wijken.end(), b.wijk) != spec.focus_wijken.end();
}

}  // namespace leefkaart::sorting
