#include "crosswalk/command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/option_range.hpp"
#include "io/checksum.hpp"
#include "io/output.hpp"
#include "io/result_set.hpp"

namespace leefkaart::crosswalk {

io::AreaSet read_boundaries(const BoundarySpec& spec) {
  io::VectorReadOptions opts;
  opts.assign_crs = spec.crs;
  opts.study_box = spec.study_box;
  io::AreaSet all = io::read_areas(spec.file, spec.code_field, "", std::nullopt, opts);
  if (spec.code_prefix.empty()) return all;
  io::AreaSet kept;
  kept.file = all.file;
  // Repairs of polygons that are cut away are no concern of this run.
  for (auto& w : all.warnings)
    if (w.find("(" + spec.code_prefix) != std::string::npos) kept.warnings.push_back(std::move(w));
  for (auto& a : all.areas) {
    if (a.code.rfind(spec.code_prefix, 0) != 0) continue;
    kept.index_of[a.code] = kept.areas.size();
    kept.areas.push_back(std::move(a));
  }
  if (kept.areas.empty())
    throw InputError({spec.file, "", spec.code_field},
                     fmt::format("no polygon has a code that starts with '{}' (first code in the file: {})",
                                 spec.code_prefix, all.areas.front().code));
  return kept;
}

void require_overlap(const Crosswalk& cw, const std::string& code_field) {
  for (const auto& p : cw.pairs)
    if (!p.sliver) return;
  throw InputError({cw.from_file, "", code_field},
                   fmt::format("no polygon of this file overlaps a polygon of {} by more than a sliver ({} pairs "
                               "touch): another place, or a wrong CRS?",
                               cw.to_file, cw.pairs.size()));
}

namespace {

nlohmann::json summary_json(const Crosswalk& cw) {
  const Summary s = summarise(cw);
  nlohmann::json kinds = nlohmann::json::object();
  for (int k = 0; k < 5; ++k)
    kinds[to_string(static_cast<Kind>(k))] = {{"groups", s.groups[k]}, {"from_areas", s.from_areas[k]},
                                              {"to_areas", s.to_areas[k]}};
  nlohmann::json unlinked_from = nlohmann::json::array(), unlinked_to = nlohmann::json::array();
  std::vector<bool> from_linked(cw.from_codes.size()), to_linked(cw.to_codes.size());
  for (const auto& p : cw.pairs)
    if (!p.sliver) from_linked[p.from] = to_linked[p.to] = true;
  for (std::size_t i = 0; i < from_linked.size(); ++i)
    if (!from_linked[i]) unlinked_from.push_back(cw.from_codes[i]);
  for (std::size_t i = 0; i < to_linked.size(); ++i)
    if (!to_linked[i]) unlinked_to.push_back(cw.to_codes[i]);
  return {{"from_areas", cw.from_codes.size()},
          {"to_areas", cw.to_codes.size()},
          {"pairs", s.pairs},
          {"slivers", s.slivers},
          {"kinds", kinds},
          {"largest_sliver_share", s.sliver_share_max},
          {"smallest_real_share", s.real_share_min},
          {"reallocated_share", s.reallocated_share},
          {"reallocated_weight", s.weight},
          {"reallocated_rule",
           "share of the " + s.weight + " in real overlaps that lies in split, merged or complex groups"},
          {"from_without_real_overlap", unlinked_from},
          {"to_without_real_overlap", unlinked_to}};
}

}  // namespace

void run_command(const CommandOptions& opts) {
  check_option_file("--from", opts.from.file);
  check_option_file("--to", opts.to.file);
  check_option_range("--sliver-share", opts.tolerance.min_share, 0, true, 1);
  check_option_range("--sliver-m2", opts.tolerance.min_area_m2, 0, true, 1e8, "m²");
  io::check_output_folder(opts.out_dir);
  spdlog::info("reading {}", opts.from.file);
  io::AreaSet from = read_boundaries(opts.from);
  spdlog::info("reading {}", opts.to.file);
  io::AreaSet to = read_boundaries(opts.to);
  const Alignment alignment = align_outlines(from, to);
  if (opts.align) translate(from, alignment.dx, alignment.dy);
  Crosswalk cw = build(from, to, opts.tolerance);
  if (opts.align) cw.alignment = alignment;
  require_overlap(cw, opts.from.code_field);

  io::LayerData table;
  table.name = "crosswalk";
  table.fields = {{"from_code", io::FieldType::String},  {"to_code", io::FieldType::String},
                  {"overlap_m2", io::FieldType::Real},   {"share_of_from", io::FieldType::Real},
                  {"share_of_to", io::FieldType::Real},  {"kind", io::FieldType::String}};
  for (const auto& p : cw.pairs) {
    const std::string kind = p.sliver ? "sliver" : to_string(cw.groups[p.group].kind);
    table.rows.push_back({cw.from_codes[p.from], cw.to_codes[p.to], std::round(p.overlap_m2),
                          std::round(p.share_of_from * 1e4) / 1e4, std::round(p.share_of_to * 1e4) / 1e4, kind});
  }

  nlohmann::json inputs = nlohmann::json::array();
  for (const auto* b : {&opts.from, &opts.to})
    inputs.push_back({{"file", b->file}, {"code_field", b->code_field}, {"code_prefix", b->code_prefix},
                      {"sha256", io::sha256_file(b->file)}});
  nlohmann::json manifest = {
      {"tool", "leefkaart"},
      {"command", "crosswalk"},
      {"inputs", inputs},
      {"working_crs", "EPSG:28992"},
      {"tolerance",
       {{"min_share", opts.tolerance.min_share},
        {"min_area_m2", opts.tolerance.min_area_m2},
        {"rule", "an overlap is a sliver (kind 'sliver', ignored) when it is below min_area_m2, or below min_share of "
                 "both polygons"}}},
      {"kinds", "unchanged: 1 to 1, same code; renumbered: 1 to 1, other code; split: 1 to many; merged: many to 1; "
                "complex: many to many (groups of real overlaps)"},
      {"alignment",
       {{"applied", opts.align},
        {"dx_m", alignment.dx},
        {"dy_m", alignment.dy},
        {"outline_covered_before", alignment.covered_before},
        {"outline_covered_after", alignment.covered_after},
        {"rule", "the shift of --from (searched within 500 m, to 2 m) under which its outline covers most of --to's "
                 "outline; applied only with --align"}}},
      {"summary", summary_json(cw)},
      {"outputs", {"crosswalk.csv", "manifest.json"}}};
  io::ResultSetWriter stage(opts.out_dir);
  io::write_csv(stage.staged("crosswalk.csv"), table);
  stage.commit(std::move(manifest));
  const Summary s = summarise(cw);
  spdlog::info("outline shift of --from that fits --to best: {:+.0f} m east, {:+.0f} m north (covers {:.1f} % instead of "
               "{:.1f} %){}",
               alignment.dx, alignment.dy, alignment.covered_after * 100, alignment.covered_before * 100,
               opts.align ? ", applied" : "; --align applies it");
  spdlog::info("{} pairs ({} slivers ignored): {} unchanged, {} renumbered, {} split, {} merged, {} complex groups; "
               "{:.1f} % of the {} reallocated",
               s.pairs, s.slivers, s.groups[0], s.groups[1], s.groups[2], s.groups[3], s.groups[4],
               s.reallocated_share * 100, s.weight);
}

}  // namespace leefkaart::crosswalk
