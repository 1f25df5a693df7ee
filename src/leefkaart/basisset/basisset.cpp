#include "basisset/basisset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <toml++/toml.h>

#include "config/toml_reader.hpp"
#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace leefkaart::basisset {
namespace {

using Reader = config::TomlReader;
using json = nlohmann::json;

toml::table parse_toml(const std::string& text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError({file, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
}

bool valid_code(const std::string& code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

std::string list_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
  return out;
}

// A table of text values, CODE = "text", each key recorded with its line.
std::map<std::string, std::string> read_text_table(const toml::table& t, const std::string& file, const std::string& prefix,
                                                   std::map<std::string, int>& lines) {
  std::map<std::string, std::string> out;
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    const int line = static_cast<int>(node.source().begin.line);
    if (!node.is_string())
      throw InputError({file, fmt::format("line {}", line), prefix + "." + key}, "must be a text value in quotes");
    out[key] = node.as_string()->get();
    lines[prefix + "." + key] = line;
  }
  return out;
}

// Keys, in the template's order, for error messages that suggest a spelling.
std::vector<std::string> codes_of(const Template& tpl) {
  std::vector<std::string> out;
  for (const auto& e : tpl.entries) out.push_back(e.code);
  return out;
}

}  // namespace

std::size_t Coverage::supplied() const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.supplied; }));
}

std::optional<Spec> parse_spec(const std::string& config_text, const std::string& config_file) {
  const toml::table root = parse_toml(config_text, config_file);
  const toml::node* node = root.get("basisset");
  if (!node) return std::nullopt;
  if (!node->is_table())
    throw InputError({config_file, fmt::format("line {}", node->source().begin.line), "basisset"},
                     "must be a table: [basisset] with template = \"./basisset_gezonde_leefomgeving.toml\"");
  Reader r(*node->as_table(), config_file, "basisset");
  Spec s;
  s.config_file = config_file;
  s.template_file = r.required_string("template");
  s.template_line = r.line_of("template");
  if (const toml::table* t = r.opt_table("indicators", "[basisset.indicators] lucht = \"no2\""))
    s.indicators = read_text_table(*t, config_file, "basisset.indicators", s.lines);
  if (const toml::table* t = r.opt_table("not_supplied", "[basisset.not_supplied] hitte = \"geen hittekaart\""))
    s.not_supplied = read_text_table(*t, config_file, "basisset.not_supplied", s.lines);
  for (const auto& [code, reason] : s.not_supplied) {
    const std::string key = "basisset.not_supplied." + code;
    if (s.indicators.count(code))
      throw InputError({config_file, fmt::format("line {}", s.lines.at(key)), key},
                       fmt::format("'{}' is also mapped in [basisset.indicators]: give an indicator or a reason, not both", code));
    if (trim(reason).empty())
      throw InputError({config_file, fmt::format("line {}", s.lines.at(key)), key}, "is empty: say in plain Dutch why it is not measured");
  }
  r.finish();
  return s;
}

std::optional<Spec> read_spec(const std::string& config_path) {
  const auto text = read_whole_file(config_path);
  if (!text) throw InputError({config_path, "", ""}, "config file not found or not readable");
  return parse_spec(*text, config_path);
}

Template parse_template(const std::string& text, const std::string& file) {
  const toml::table root = parse_toml(text, file);
  Reader r(root, file, "");
  Template tpl;
  tpl.file = file;
  tpl.title = r.required_string("title");
  tpl.about = r.string("about", "");
  r.has("entry");
  const toml::node* list = root.get("entry");
  if (!list || !list->is_array_of_tables()) r.fail("entry", "at least one [[entry]] is required");
  std::set<std::string> codes;
  std::size_t i = 0;
  for (const auto& node : *list->as_array()) {
    Reader er(*node.as_table(), file, fmt::format("entry[{}]", i++));
    Entry e;
    e.line = er.line();
    e.code = er.required_string("code");
    if (!valid_code(e.code)) er.fail("code", fmt::format("'{}' may contain only a-z, 0-9 and _", e.code));
    if (!codes.insert(e.code).second) er.fail("code", fmt::format("'{}' is listed twice", e.code));
    e.name = er.required_string("name");
    e.theme = er.required_string("theme");
    e.perspective = er.string("perspective", "");
    if (!e.perspective.empty() && std::find(kPerspectives.begin(), kPerspectives.end(), e.perspective) == kPerspectives.end())
      er.fail("perspective", fmt::format("\"{}\" is not one of {} (leave it out when the source gives none){}", e.perspective,
                                         list_of(kPerspectives), did_you_mean(e.perspective, kPerspectives)));
    e.source = er.required_string("source");
    e.source_url = er.string("source_url", "");
    e.inferred = er.opt_strings("inferred", "[\"theme\", \"perspective\"]").value_or(std::vector<std::string>{});
    for (const auto& f : e.inferred)
      if (std::find(kInferable.begin(), kInferable.end(), f) == kInferable.end())
        er.fail("inferred", fmt::format("\"{}\" is not one of {}", f, list_of(kInferable)));
    e.note = er.string("note", "");
    e.indicator = er.string("indicator", "");
    e.not_supplied = er.string("not_supplied", "");
    if (e.indicator.empty() == e.not_supplied.empty())
      er.fail(e.indicator.empty() ? "not_supplied" : "indicator",
              "give exactly one of indicator = \"a leefkaart indicator\" or not_supplied = \"why it is not measured\"");
    er.finish();
    tpl.entries.push_back(std::move(e));
  }
  r.finish();
  return tpl;
}

Template load_template(const std::string& path) {
  const auto text = read_whole_file(path);
  if (!text) throw InputError({path, "", ""}, "Basisset template not found or not readable");
  return parse_template(*text, path);
}

std::string describe_source(const config::Config& cfg, const config::SourceSpec& s) {
  auto file_of = [](const auto& specs, const std::string& name) {
    auto it = specs.find(name);
    return it == specs.end() ? name : it->second.file;
  };
  switch (s.kind) {
    case config::SourceKind::Table: return fmt::format("tabel {}: {}", file_of(cfg.tables, s.name), config::describe_value(s));
    case config::SourceKind::Raster: return fmt::format("raster {}", file_of(cfg.rasters, s.name));
    case config::SourceKind::Layer:
      return s.distance_method == config::DistanceMethod::Network
                 ? fmt::format("afstand over het wegennet ({}) tot {}", s.osm_file, file_of(cfg.layers, s.name))
                 : fmt::format("afstand hemelsbreed tot {}", file_of(cfg.layers, s.name));
    case config::SourceKind::OsmCategory: return fmt::format("afstand over het wegennet tot ‘{}’ in {}", s.category, s.osm_file);
  }
  return {};
}

Coverage cover(const Template& tpl, const Spec& spec, const config::Config& cfg) {
  std::map<std::string, const config::Indicator*> by_name;
  std::vector<std::string> names;
  for (const auto& ind : cfg.indicators) by_name[ind.name] = &ind, names.push_back(ind.name);
  const std::vector<std::string> codes = codes_of(tpl);
  auto check_code = [&](const std::string& group, const std::string& code) {
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) return;
    const std::string key = "basisset." + group + "." + code;
    throw InputError({spec.config_file, fmt::format("line {}", spec.lines.at(key)), key},
                     fmt::format("'{}' is no entry of the Basisset template {}{}", code, tpl.file, did_you_mean(code, codes)));
  };
  for (const auto& [code, name] : spec.indicators) {
    check_code("indicators", code);
    if (!by_name.count(name)) {
      const std::string key = "basisset.indicators." + code;
      throw InputError({spec.config_file, fmt::format("line {}", spec.lines.at(key)), key},
                       fmt::format("no [[indicator]] is named '{}' in this config{}", name, did_you_mean(name, names)));
    }
  }
  for (const auto& [code, reason] : spec.not_supplied) check_code("not_supplied", code);

  Coverage c;
  c.template_file = tpl.file;
  c.title = tpl.title;
  c.about = tpl.about;
  for (const Entry& e : tpl.entries) {
    Row row;
    row.entry = e;
    std::string indicator = e.indicator, reason = e.not_supplied;
    if (auto it = spec.indicators.find(e.code); it != spec.indicators.end()) {
      indicator = it->second, reason.clear(), row.overridden = true;
    } else if (auto nt = spec.not_supplied.find(e.code); nt != spec.not_supplied.end()) {
      indicator.clear(), reason = nt->second, row.overridden = true;
    }
    row.indicator = indicator;
    if (indicator.empty()) {
      row.reason = reason;
    } else if (auto it = by_name.find(indicator); it == by_name.end()) {
      row.reason = fmt::format("de indicator ‘{}’ staat niet in deze configuratie", indicator);
    } else {
      const config::Indicator& ind = *it->second;
      row.indicator_label = ind.label.empty() ? ind.name : ind.label;
      if (ind.source) {
        row.supplied = true;
        row.source = describe_source(cfg, *ind.source);
      } else {
        // The indicator is in the config without a source: its own reason says why.
        row.reason = ind.not_supplied.empty() ? fmt::format("‘{}’ heeft geen bron", row.indicator_label)
                                              : fmt::format("{}: {}", row.indicator_label, ind.not_supplied);
      }
    }
    c.rows.push_back(std::move(row));
  }
  return c;
}

std::optional<Coverage> load(const config::Config& cfg, const Resolve& resolve) {
  if (!cfg.has_basisset) return std::nullopt;
  const std::optional<Spec> spec = read_spec(cfg.path);
  if (!spec) return std::nullopt;
  const std::string path = resolve(spec->template_file);
  const auto text = read_whole_file(path);
  if (!text)
    throw InputError({cfg.path, fmt::format("line {}", spec->template_line), "basisset.template"},
                     fmt::format("the Basisset template {} is not found or not readable (names starting with ./ are relative "
                                 "to the config file, others to the data directory)",
                                 path));
  return cover(parse_template(*text, path), *spec, cfg);
}

json to_json(const Coverage& c) {
  json rows = json::array();
  for (const Row& r : c.rows) {
    rows.push_back({{"code", r.entry.code},
                    {"name", r.entry.name},
                    {"theme", r.entry.theme},
                    {"perspective", r.entry.perspective},
                    {"source", r.entry.source},
                    {"source_url", r.entry.source_url},
                    {"inferred", r.entry.inferred},
                    {"note", r.entry.note},
                    {"supplied", r.supplied},
                    {"indicator", r.indicator},
                    {"indicator_label", r.indicator_label},
                    {"indicator_source", r.source},
                    {"not_supplied", r.reason},
                    {"overridden", r.overridden}});
  }
  return {{"template", c.template_file}, {"title", c.title}, {"about", c.about},
          {"supplied", c.supplied()},    {"not_supplied", c.rows.size() - c.supplied()}, {"entries", rows}};
}

Coverage from_json(const json& j, const std::string& file) {
  auto text = [&](const json& o, const char* k, const std::string& where) {
    if (!o.contains(k) || !o.at(k).is_string()) throw InputError({file, where, std::string("basisset.") + k}, "missing or not text");
    return o.at(k).get<std::string>();
  };
  if (!j.is_object() || !j.contains("entries") || !j.at("entries").is_array())
    throw InputError({file, "", "basisset.entries"}, "missing or not a list: is this a build of another leefkaart version?");
  Coverage c;
  c.template_file = text(j, "template", "");
  c.title = text(j, "title", "");
  c.about = text(j, "about", "");
  std::size_t i = 0;
  for (const json& o : j.at("entries")) {
    const std::string where = fmt::format("entry {}", ++i);
    Row r;
    r.entry.code = text(o, "code", where);
    r.entry.name = text(o, "name", where);
    r.entry.theme = text(o, "theme", where);
    r.entry.perspective = text(o, "perspective", where);
    r.entry.source = text(o, "source", where);
    r.entry.source_url = text(o, "source_url", where);
    r.entry.note = text(o, "note", where);
    if (o.contains("inferred") && o.at("inferred").is_array())
      for (const json& f : o.at("inferred"))
        if (f.is_string()) r.entry.inferred.push_back(f.get<std::string>());
    r.supplied = o.value("supplied", false);
    r.overridden = o.value("overridden", false);
    r.indicator = text(o, "indicator", where);
    r.indicator_label = text(o, "indicator_label", where);
    r.source = text(o, "indicator_source", where);
    r.reason = text(o, "not_supplied", where);
    c.rows.push_back(std::move(r));
  }
  return c;
}

std::string explain(const Coverage& c) {
  std::string out = fmt::format("\n{} ({}): {} of {} entries measured by this configuration, {} not supplied.\n", c.title,
                                c.template_file, c.supplied(), c.rows.size(), c.rows.size() - c.supplied());
  auto by = [](const Row& r) { return r.overridden ? " [set in this config]" : ""; };
  out += fmt::format("  measured ({}):\n", c.supplied());
  for (const Row& r : c.rows)
    if (r.supplied) out += fmt::format("    {} ({}): {} ({}), {}{}\n", r.entry.name, r.entry.code, r.indicator_label, r.indicator, r.source, by(r));
  out += fmt::format("  NOT SUPPLIED ({}):\n", c.rows.size() - c.supplied());
  for (const Row& r : c.rows)
    if (!r.supplied) out += fmt::format("    {} ({}): {}{}\n", r.entry.name, r.entry.code, r.reason, by(r));
  return out;
}

}  // namespace leefkaart::basisset
