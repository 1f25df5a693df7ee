// The baseline freeze, the three CSVs and the manifest block, and the
// `leefkaart programme` run that ties them together.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <ctime>
#include <fstream>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "io/cbs.hpp"
#include "io/checksum.hpp"
#include "io/output.hpp"
#include "programme/programme.hpp"

namespace leefkaart::programme {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// File names fixed in schema/series.json ("csv").
constexpr const char* kComparisonCsv = "programme_comparison.csv";
constexpr const char* kBalanceCsv = "programme_balance.csv";
constexpr const char* kControlsCsv = "programme_controls.csv";

// Four decimals: far below what a model estimate in percent can claim, and a
// CSV that reads without noise digits.
io::Value rounded(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return std::monostate{};
  return std::round(*v * 1e4) / 1e4;
}
io::Value count(std::size_t n) { return static_cast<long long>(n); }

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string pool_text(const Spec& spec) {
  if (!spec.match) return "";
  switch (spec.match->pool) {
    case PoolKind::All: return "all";
    case PoolKind::Gemeente: return "gemeente";
    case PoolKind::Prefixes: return join(spec.match->pool_prefixes, ", ");
  }
  return "";
}

}  // namespace

json freeze_baseline(int year, const std::vector<FrozenInput>& files, const json& settings) {
  json f = json::array();
  for (const auto& in : files) f.push_back({{"name", in.name}, {"path", in.path}, {"sha256", io::sha256_file(in.path)}});
  return {{"year", year}, {"files", f}, {"settings", settings}, {"settings_sha256", io::sha256_text(settings.dump())}};
}

void check_baseline(const json& earlier, const json& now, const std::string& earlier_manifest) {
  const std::string rule = "a baseline cannot be rebuilt in place; write this run to a new folder (or remove the old one "
                           "to start a new baseline on purpose)";
  const int year = earlier.value("year", 0);
  if (year != now.value("year", 0))
    throw InputError({earlier_manifest, "", "baseline_year"},
                     fmt::format("the folder holds a baseline of {}, this run's baseline is {}: {}", year,
                                 now.value("year", 0), rule));
  std::map<std::string, std::string> before;
  for (const auto& f : earlier.value("files", json::array())) before[f.value("name", "")] = f.value("sha256", "");
  for (const auto& f : now.at("files")) {
    const std::string name = f.at("name"), path = f.at("path"), sha = f.at("sha256");
    auto it = before.find(name);
    if (it == before.end())
      throw InputError({path, "", "baseline " + std::to_string(year)},
                       fmt::format("this input was not part of the baseline frozen in {}: {}", earlier_manifest, rule));
    if (it->second != sha)
      throw InputError({path, "", "baseline " + std::to_string(year)},
                       fmt::format("its SHA-256 is {} now, {} when the baseline was frozen ({}): the baseline's data "
                                   "changed; {}",
                                   sha.substr(0, 12), it->second.substr(0, 12), earlier_manifest, rule));
    before.erase(it);
  }
  if (!before.empty())
    throw InputError({before.begin()->first, "", "baseline " + std::to_string(year)},
                     fmt::format("this input of the baseline frozen in {} is not used now: {}", earlier_manifest, rule));
  const json s0 = earlier.value("settings", json::object()), s1 = now.value("settings", json::object());
  if (s0 != s1) {
    std::string key = "settings";
    for (const auto& [k, v] : s1.items())
      if (!s0.contains(k) || s0.at(k) != v) key = k;
    for (const auto& [k, v] : s0.items())
      if (!s1.contains(k)) key = k;
    throw InputError({earlier_manifest, "", key},
                     fmt::format("the baseline setting '{}' was {} when frozen and is {} now: {}", key,
                                 s0.contains(key) ? s0.at(key).dump() : "absent", s1.contains(key) ? s1.at(key).dump() : "absent", rule));
  }
}

std::vector<FrozenInput> baseline_files(const Spec& spec, const YearTables& tables) {
  return {{year_file(spec.table_file, spec.baseline_year), tables.files.at(spec.baseline_year)}};
}

json baseline_settings(const Spec& spec) {
  json s = {{"table_key", spec.table_key}, {"table_sheet", spec.table_sheet}};
  s["missing_values"] = spec.missing_values ? json(*spec.missing_values) : json(nullptr);
  return s;
}

json write_outputs(const Spec& spec, const YearTables& tables, const Comparison& c, io::ResultSetWriter& stage,
                   io::CsvDialect dialect) {
  io::LayerData comparison;
  comparison.name = "programme_comparison";
  comparison.fields = {{"outcome", io::FieldType::String},        {"baseline_year", io::FieldType::Integer},
                       {"year", io::FieldType::Integer},          {"focus_n", io::FieldType::Integer},
                       {"control_n", io::FieldType::Integer},     {"focus_baseline", io::FieldType::Real},
                       {"focus_year", io::FieldType::Real},       {"focus_change", io::FieldType::Real},
                       {"control_baseline", io::FieldType::Real}, {"control_year", io::FieldType::Real},
                       {"control_change", io::FieldType::Real},   {"did", io::FieldType::Real},
                       {"notes", io::FieldType::String}};
  auto change = [](std::optional<double> a, std::optional<double> b) -> std::optional<double> {
    if (a && b) return *b - *a;
    return std::nullopt;
  };
  for (const auto& r : c.outcomes)
    comparison.rows.push_back({r.outcome, static_cast<long long>(spec.baseline_year), static_cast<long long>(r.year),
                               count(r.focus_n), count(r.control_n), rounded(r.focus_baseline), rounded(r.focus_now),
                               rounded(change(r.focus_baseline, r.focus_now)), rounded(r.control_baseline),
                               rounded(r.control_now), rounded(change(r.control_baseline, r.control_now)), rounded(r.did),
                               join(r.notes, "; ")});
  io::write_csv(stage.staged(kComparisonCsv), comparison, dialect);

  io::LayerData balance;
  balance.name = "programme_balance";
  balance.fields = {{"variable", io::FieldType::String},       {"role", io::FieldType::String},
                    {"focus_n", io::FieldType::Integer},       {"focus_mean", io::FieldType::Real},
                    {"pool_n", io::FieldType::Integer},        {"pool_mean", io::FieldType::Real},
                    {"control_n", io::FieldType::Integer},     {"control_mean", io::FieldType::Real},
                    {"pooled_sd", io::FieldType::Real},        {"std_diff_before", io::FieldType::Real},
                    {"std_diff_after", io::FieldType::Real},   {"flag_before", io::FieldType::String},
                    {"flag_after", io::FieldType::String}};
  json balance_summary = json::array();
  double max_before = 0, max_after = 0;
  for (const auto& b : c.balance) {
    const bool has_before = std::isfinite(b.d_before);
    balance.rows.push_back({b.variable, b.role, count(static_cast<std::size_t>(b.focus.n)), rounded(b.focus.mean),
                            c.matched ? count(static_cast<std::size_t>(b.pool.n)) : io::Value{},
                            c.matched ? rounded(b.pool.mean) : io::Value{}, count(static_cast<std::size_t>(b.matched.n)),
                            rounded(b.matched.mean), rounded(b.pooled_sd), rounded(has_before ? std::optional(b.d_before) : std::nullopt),
                            rounded(b.d_after), has_before ? balance_flag(b.d_before) : "", balance_flag(b.d_after)});
    if (b.role == "matched on") {
      if (has_before) max_before = std::max(max_before, std::fabs(b.d_before));
      max_after = std::max(max_after, std::fabs(b.d_after));
    }
    balance_summary.push_back({{"variable", b.variable}, {"role", b.role},
                               {"std_diff_before", has_before ? json(std::round(b.d_before * 1e3) / 1e3) : json(nullptr)},
                               {"std_diff_after", std::round(b.d_after * 1e3) / 1e3}});
  }
  io::write_csv(stage.staged(kBalanceCsv), balance, dialect);

  io::LayerData controls;
  controls.name = "programme_controls";
  controls.fields = {{"focus_code", io::FieldType::String}, {"control_code", io::FieldType::String},
                     {"rank", io::FieldType::Integer},      {"distance", io::FieldType::Real},
                     {"control_gemeente", io::FieldType::String}, {"control_weight", io::FieldType::Real}};
  for (const auto& r : c.control_rows)
    controls.rows.push_back({r.focus, r.control, r.rank > 0 ? io::Value{static_cast<long long>(r.rank)} : io::Value{},
                             rounded(r.distance), cbs::gemeente_of(r.control), rounded(c.weights.at(r.control))});
  io::write_csv(stage.staged(kControlsCsv), controls, dialect);

  json block;
  block["name"] = spec.name;
  block["baseline_year"] = spec.baseline_year;
  block["follow_up_years"] = spec.follow_up_years;
  block["focus"] = spec.focus;
  block["focus_buurten"] = c.focus;
  block["controls"] = c.controls;
  json tables_json = json::object();
  for (const auto& [year, path] : tables.files) tables_json[std::to_string(year)] = path;
  block["tables"] = tables_json;
  block["outcomes"] = spec.outcomes;
  if (c.matched) {
    block["matching"] = {
        {"variables", spec.match->on},
        {"k", spec.match->k},
        {"pool", pool_text(spec)},
        {"exclude", spec.match->exclude},
        {"method", "for each focus buurt the k nearest non-focus buurten at baseline, with replacement: Euclidean "
                   "distance over the matching variables, each divided by its standard deviation over the pool "
                   "(candidates and focus); ties go to the smaller code. The control mean weights each control by "
                   "the share of focus buurten it serves, so every focus buurt counts once."},
        {"counts", c.counts}};
  } else {
    block["matching"] = {{"method", "controls listed in the config; each counts equally"}, {"counts", c.counts}};
  }
  block["balance"] = {
      {"convention", "standardised difference (focus mean − control mean) / sqrt((focus variance + pool variance) / 2), "
                     "the same pre-matching SD before and after; |d| > 0.1 is flagged as a meaningful imbalance (Normand "
                     "et al. 2001, Austin 2009), |d| > 0.25 as serious (Rubin 2001, Stuart 2010)"},
      {"max_abs_std_diff_before", c.matched ? json(std::round(max_before * 1e3) / 1e3) : json(nullptr)},
      {"max_abs_std_diff_after", std::round(max_after * 1e3) / 1e3},
      {"variables", balance_summary}};
  block["comparison"] = {
      {"did", "difference in differences: (focus follow-up − focus baseline) − (control follow-up − control baseline), "
              "over the buurten with a value in both years; no significance test (the inputs are model estimates "
              "without their margins)"},
      {"min_n", spec.min_n},
      {"min_meaningful_difference", spec.min_meaningful_difference}};
  block["caveats"] = {
      "the inputs are model estimates (small-area estimation), each year from its own model run: small differences "
      "between buurten or years lie within model error",
      "a difference in differences reads as an effect of the programme only if focus and controls would have changed "
      "alike without it; matching on baseline levels makes this more plausible, it does not prove it"};
  block["warnings"] = c.warnings;
  block["files"] = {kComparisonCsv, kBalanceCsv, kControlsCsv};
  return block;
}

void run(const std::string& config_path, const fs::path& out_dir, const indicators::PathResolver& resolve) {
  const Spec spec = load(config_path);
  io::check_output_folder(out_dir);  // before the work, not after it
  const YearTables tables = read_tables(spec, resolve);
  const Comparison c = compare(spec, tables);
  const json freeze = freeze_baseline(spec.baseline_year, baseline_files(spec, tables), baseline_settings(spec));

  // An earlier run in this folder froze its baseline: this one must be the same.
  const fs::path earlier_manifest = out_dir / io::kManifestFile;
  if (auto text = read_whole_file(earlier_manifest)) {
    const json old = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (old.is_object() && old.contains("programme") && old["programme"].contains("baseline"))
      check_baseline(old["programme"]["baseline"], freeze, earlier_manifest.string());
  }

  io::ResultSetWriter stage(out_dir);
  json block = write_outputs(spec, tables, c, stage);
  block["baseline"] = freeze;

  const std::string config_text = read_whole_file(config_path).value_or("");
  json inputs = json::array();
  for (const auto& [year, path] : tables.files)
    inputs.push_back({{"path", path}, {"year", year}, {"sha256", io::sha256_file(path)}, {"bytes", fs::file_size(path)}});
  json manifest = {{"tool", "leefkaart"},
                   {"command", "programme"},
                   {"created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
                   {"config", {{"path", fs::absolute(config_path).lexically_normal().string()},
                               {"sha256", io::sha256_text(config_text)}}},
                   {"inputs", inputs},
                   {"programme", block},
                   {"warnings", c.warnings}};
  stage.commit(std::move(manifest));

  spdlog::info("programme '{}': {} focus buurten against {} controls{}, baseline {}", spec.name, c.focus.size(),
               c.controls.size(), c.matched ? fmt::format(" (k = {} nearest, pool: {})", spec.match->k, pool_text(spec)) : "",
               spec.baseline_year);
  for (const auto& b : c.balance)
    if (b.role == "matched on")
      spdlog::info("  balance {}: d = {:.2f} before, {:.2f} after matching", b.variable, b.d_before, b.d_after);
  for (const auto& w : c.warnings) spdlog::warn("{}", w);
  spdlog::info("wrote {}, {} and {} to {}", kComparisonCsv, kBalanceCsv, kControlsCsv, out_dir.string());
}

}  // namespace leefkaart::programme
