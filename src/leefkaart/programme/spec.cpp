// The [programme] section reader: as strict as config/config.cpp (unknown keys
// reported with their line and a suggestion, every value checked).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <toml++/toml.h>

#include "config/toml_reader.hpp"
#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "io/cbs.hpp"
#include "programme/spec.hpp"

namespace leefkaart::programme {
namespace {

// Survey years of the GGD monitor and CBS tables; a year outside is a typo.
constexpr int kFirstYear = 1900, kLastYear = 2100;
constexpr int kMaxK = 100;

// The config's strict reader, recording the line of every key read in the
// spec, so that a later check of the tables can still name the config line.
class Reader : public config::TomlReader {
 public:
  Reader(const toml::table& t, std::string file, std::string prefix, Spec& spec)
      : TomlReader(t, std::move(file), std::move(prefix), &spec.lines) {}
  const toml::node* get(const std::string& key) { return raw(key); }
  // An empty name is no name.
  std::string required_string(const std::string& key) {
    auto v = opt_string(key);
    if (!v || v->empty()) fail(key, "is required (a text value in quotes)");
    return *v;
  }
};

// A CBS area code of the level a list allows, normalised ("bu03440111" is a typo of case only).
std::vector<std::string> read_codes(Reader& r, const std::string& key, bool required) {
  const std::string example = "[\"BU03440311\", \"WK034403\"]";
  auto raw = required ? std::optional(r.required_strings(key, example)) : r.opt_strings(key, example);
  if (!raw) return {};
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& c : *raw) {
    std::string code = trim(c);
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char ch) { return std::toupper(ch); });
    if (!cbs::level_of(code))
      r.fail(key, fmt::format("\"{}\" is not a CBS area code: give buurt codes (BU + 8 digits), wijk codes (WK + 6) "
                              "or gemeente codes (GM + 4)",
                              c));
    if (!seen.insert(code).second) r.fail(key, fmt::format("{} is listed twice", code));
    out.push_back(code);
  }
  return out;
}

MatchSpec read_match(const toml::table& t, const std::string& file, Spec& spec) {
  Reader r(t, file, "programme.match", spec);
  MatchSpec m;
  m.k = r.opt_int("k", 1, kMaxK, "the number of controls per focus buurt").value_or(5);
  m.on = r.required_strings("on", "[\"MoeiteMetRondkomen_38\", \"ErvarenGezondheidGoedZeerGoed_4\"]");
  std::set<std::string> seen;
  for (const auto& v : m.on)
    if (!seen.insert(v).second) r.fail("on", fmt::format("'{}' is listed twice", v));
  if (const toml::node* pool = r.get("pool")) {
    if (pool->is_string()) {
      const std::string p = pool->as_string()->get();
      if (p == "all") m.pool = PoolKind::All;
      else if (p == "gemeente") m.pool = PoolKind::Gemeente;
      else r.fail("pool", fmt::format("\"{}\" is not one of \"all\", \"gemeente\" or a list of code prefixes{}", p,
                                      did_you_mean(p, {"all", "gemeente"})));
    } else {
      auto prefixes = r.opt_strings("pool", "[\"BU0344\", \"BU0363\"]");
      if (prefixes->empty()) r.fail("pool", "an empty list leaves no buurt to match; use \"all\" for the whole table");
      for (auto& p : *prefixes)
        if (p.size() < 2 || (p.rfind("BU", 0) != 0 && p.rfind("WK", 0) != 0 && p.rfind("GM", 0) != 0))
          r.fail("pool", fmt::format("\"{}\" is not the start of a CBS code (BU…, WK… or GM…)", p));
      m.pool = PoolKind::Prefixes;
      m.pool_prefixes = *prefixes;
    }
  }
  if (auto ex = r.opt_strings("exclude", "[\"BU03630000\", \"WK036305\"]")) {
    for (const auto& e : *ex)
      if (e.size() < 3 || (e.rfind("BU", 0) != 0 && e.rfind("WK", 0) != 0 && e.rfind("GM", 0) != 0))
        r.fail("exclude", fmt::format("\"{}\" is not a CBS code or the start of one (BU…, WK… or GM…)", e));
    m.exclude = *ex;
  }
  r.finish();
  return m;
}

}  // namespace

std::vector<int> Spec::years() const {
  std::vector<int> out{baseline_year};
  out.insert(out.end(), follow_up_years.begin(), follow_up_years.end());
  return out;
}

void Spec::fail(const std::string& key, const std::string& problem) const {
  const std::string full = "programme." + key;
  auto it = lines.find(full);
  throw InputError({file, it == lines.end() ? "" : fmt::format("line {}", it->second), full}, problem);
}

Spec parse(const std::string& text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError({file, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  const toml::node* node = root.get("programme");
  if (!node) throw InputError({file, "", "programme"}, "the file has no [programme] section");
  if (!node->is_table())
    throw InputError({file, fmt::format("line {}", node->source().begin.line), "programme"}, "must be a table: [programme]");

  Spec s;
  s.file = file;
  Reader r(*node->as_table(), file, "programme", s);
  s.name = r.required_string("name");
  auto base = r.opt_int("baseline_year", kFirstYear, kLastYear, "a year");
  if (!base) r.fail("baseline_year", "is required, e.g. baseline_year = 2012");
  s.baseline_year = *base;

  const toml::node* fu = r.get("follow_up_years");
  if (!fu || !fu->is_array() || fu->as_array()->empty())
    r.fail("follow_up_years", "is required: a list of years after the baseline, e.g. follow_up_years = [2016, 2020]");
  std::set<int> years{s.baseline_year};
  for (const auto& el : *fu->as_array()) {
    if (!el.is_integer()) r.fail("follow_up_years", "must contain whole years, e.g. [2016, 2020]");
    const int y = r.whole_number("follow_up_years", static_cast<double>(el.as_integer()->get()), kFirstYear, kLastYear, "a year");
    if (y == s.baseline_year)
      r.fail("follow_up_years", fmt::format("{} is the baseline year: a follow-up year must come after it", y));
    if (!years.insert(y).second) r.fail("follow_up_years", fmt::format("{} is listed twice", y));
    if (y < s.baseline_year)
      r.fail("follow_up_years", fmt::format("{} lies before the baseline year {}: a follow-up comes after the baseline", y,
                                            s.baseline_year));
    if (!s.follow_up_years.empty() && y < s.follow_up_years.back())
      r.fail("follow_up_years", fmt::format("{} comes after {}: list the years in order", y, s.follow_up_years.back()));
    s.follow_up_years.push_back(y);
  }

  s.focus = read_codes(r, "focus", true);
  if (r.get("controls")) {
    s.controls = read_codes(r, "controls", false);
    if (s.controls->empty()) r.fail("controls", "an empty list leaves nothing to compare with; leave the key out to match controls");
    for (const auto& c : *s.controls)
      for (const auto& f : s.focus) {
        // A buurt listed as control that lies in (or is) a focus area, or the reverse.
        if (c.substr(2) == f.substr(2) || c.substr(2).rfind(f.substr(2), 0) == 0 || f.substr(2).rfind(c.substr(2), 0) == 0)
          r.fail("controls", fmt::format("{} is a focus area or overlaps focus area {}: a control must lie outside the focus", c, f));
      }
  }
  if (const toml::table* m = r.opt_table("match", "match = { k = 5, on = [\"MoeiteMetRondkomen_38\"] }"))
    s.match = read_match(*m, file, s);
  if (s.controls && s.match)
    r.fail("match", "give either controls (listed) or match (suggested), not both: listed controls are not matched");
  if (!s.controls && !s.match)
    r.fail("match", "is required when no controls are listed: match = { k = 5, on = [\"MoeiteMetRondkomen_38\", …] }");

  s.outcomes = r.required_strings("outcomes", "[\"Eenzaam_28\", \"ErvarenGezondheidGoedZeerGoed_4\"]");
  {
    std::set<std::string> seen;
    for (const auto& o : s.outcomes)
      if (!seen.insert(o).second) r.fail("outcomes", fmt::format("'{}' is listed twice", o));
  }

  const toml::table* t = r.opt_table("table", "table = { file = \"rivm/…_{year}_18plus.csv\", key = \"Codering_3\" }");
  if (!t) r.fail("table", "is required: table = { file = \"rivm/gezondheid_wijk_buurt/gezondheid_wijk_buurt_{year}_18plus.csv\", key = \"Codering_3\" }");
  {
    Reader tr(*t, file, "programme.table", s);
    s.table_file = tr.required_string("file");
    if (s.table_file.find("{year}") == std::string::npos)
      tr.fail("file", fmt::format("\"{}\" has no {{year}}: the pattern names each year's file, e.g. "
                                  "\"gezondheid_wijk_buurt_{{year}}_18plus.csv\"",
                                  s.table_file));
    s.table_key = tr.required_string("key");
    s.table_sheet = tr.opt_string("sheet").value_or("");
    s.missing_values = tr.opt_strings("missing_values", "[\".\", \"x\"]");
    tr.finish();
  }

  s.min_n = r.opt_int("min_n", 1, 1'000'000, "the fewest buurten per group a comparison needs").value_or(5);
  if (auto d = r.opt_number("min_meaningful_difference")) {
    if (*d < 0) r.fail("min_meaningful_difference", "must be 0 or more (in the outcomes' unit)");
    s.min_meaningful_difference = *d;
  }
  r.finish();
  return s;
}

std::string year_file(const std::string& pattern, int year) {
  std::string out = pattern;
  for (auto pos = out.find("{year}"); pos != std::string::npos; pos = out.find("{year}"))
    out.replace(pos, 6, std::to_string(year));
  return out;
}

Spec load(const std::string& path) {
  const auto text = read_whole_file(path);
  if (!text) throw InputError({path, "", ""}, "config file not found or not readable");
  return parse(*text, path);
}

}  // namespace leefkaart::programme
