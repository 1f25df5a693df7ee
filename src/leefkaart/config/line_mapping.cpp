#include "config/line_mapping.hpp"

#include <fmt/format.h>

#include "config/toml_reader.hpp"
#include "core/files.hpp"

namespace leefkaart::config {

LineMappingSpec load_line_mapping(const std::string& path) {
  const auto text = read_whole_file(path);
  if (!text) throw InputError({path, "", ""}, "road-layer mapping not found or not readable");
  toml::table root;
  try {
    root = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    throw InputError({path, fmt::format("line {}", e.source().begin.line), ""}, std::string(e.description()));
  }
  TomlReader top(root, path, "");
  const toml::table* lines = top.opt_table("lines", "[lines]");
  if (!lines) top.fail("lines", "a [lines] table is required");
  top.finish();
  TomlReader r(*lines, path, "lines");
  LineMappingSpec m;
  m.layer = r.string("layer", "");
  m.length_field = r.string("length_field", "");
  m.snap_tolerance_m = r.number_in("snap_tolerance_m", 0.5, 0.001, 50, "the snapping tolerance in metres");
  if (const toml::table* c = r.opt_table("class", "[lines.class]")) {
    TomlReader cr(*c, path, "lines.class");
    m.class_field = cr.required_string("field");
    const char* modes[] = {"walk", "bike", "car"};
    for (int i = 0; i < 3; ++i) m.classes[i] = cr.opt_strings(modes[i], "[\"residential\", \"tertiary\"]");
    cr.finish();
  }
  if (const toml::table* o = r.opt_table("oneway", "[lines.oneway]")) {
    TomlReader orr(*o, path, "lines.oneway");
    m.oneway_field = orr.required_string("field");
    m.oneway_forward = orr.opt_strings("forward", "[\"H\"]").value_or(std::vector<std::string>{});
    m.oneway_backward = orr.opt_strings("backward", "[\"T\"]").value_or(std::vector<std::string>{});
    m.oneway_both = orr.opt_strings("both", "[\"B\", \"O\"]").value_or(std::vector<std::string>{});
    if (m.oneway_forward.empty() && m.oneway_backward.empty() && m.oneway_both.empty())
      orr.fail("field", "list the field's values under forward, backward and both");
    orr.finish();
  }
  if (const toml::table* s = r.opt_table("speed", "[lines.speed]")) {
    TomlReader sr(*s, path, "lines.speed");
    m.speed_field = sr.required_string("field");
    sr.finish();
  }
  r.finish();
  return m;
}

}  // namespace leefkaart::config
