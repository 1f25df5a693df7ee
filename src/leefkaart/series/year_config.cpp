#include "series/year_config.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "core/errors.hpp"

namespace leefkaart::series {
namespace fs = std::filesystem;
using config::SourceKind;
using config::SourceSpec;
using config::with_year;

namespace {

// The source as it reads `data_year`: columns and files with the year filled
// in, and its named table/layer/raster renamed NAME@YEAR (one source can be
// used for several data years in one series year).
SourceSpec source_in_year(const SourceSpec& src, int data_year) {
  SourceSpec s = src;
  for (auto& f : s.fields) f = with_year(f, data_year);
  s.divide_by = with_year(s.divide_by, data_year);
  s.osm_file = with_year(s.osm_file, data_year);
  if (s.kind != SourceKind::OsmCategory) s.name = fmt::format("{}@{}", src.name, data_year);
  return s;
}

const SourceSpec& source_for(const config::Indicator& ind, int year) {
  auto it = ind.source_by_year.find(year);
  return it != ind.source_by_year.end() ? it->second : *ind.source;
}

// Registers the renamed table/layer/raster of `src` in `out` with its file for `data_year`.
void add_named_spec(const config::Config& in, config::Config& out, const SourceSpec& src, int data_year) {
  const std::string renamed = fmt::format("{}@{}", src.name, data_year);
  switch (src.kind) {
    case SourceKind::Table: {
      config::TableSpec t = in.tables.at(src.name);
      t.file = with_year(t.file, data_year);
      out.tables[renamed] = t;
      break;
    }
    case SourceKind::Layer: {
      config::LayerSpec l = in.layers.at(src.name);
      l.file = with_year(l.file, data_year);
      out.layers[renamed] = l;
      break;
    }
    case SourceKind::Raster: {
      config::RasterSpec r = in.rasters.at(src.name);
      r.file = with_year(r.file, data_year);
      out.rasters[renamed] = r;
      break;
    }
    case SourceKind::OsmCategory: break;
  }
}

// Data years to try for a series year, in order of preference.
std::vector<int> candidate_years(int year, config::MissingYear rule) {
  std::vector<int> out{year};
  if (rule == config::MissingYear::Omit) return out;
  for (int d = 1; d <= kCarrySearchYears; ++d) {
    out.push_back(year - d);
    if (rule == config::MissingYear::Nearest) out.push_back(year + d);
  }
  return out;
}

std::string file_of(const config::Config& cfg, const SourceSpec& src) {
  switch (src.kind) {
    case SourceKind::Table: return cfg.tables.at(src.name).file;
    case SourceKind::Layer: return cfg.layers.at(src.name).file;
    case SourceKind::Raster: return cfg.rasters.at(src.name).file;
    case SourceKind::OsmCategory: return src.osm_file;
  }
  return "";
}

}  // namespace

const io::Table& Availability::table(const config::TableSpec& spec, const std::string& path) {
  const std::string key = path + "\n" + spec.key + "\n" + spec.sheet;
  auto it = tables_.find(key);
  if (it != tables_.end()) return it->second;
  io::TableReadOptions opts;
  opts.key_field = spec.key;
  opts.key_level = spec.key_level;
  opts.layer = spec.sheet;
  if (spec.missing_values) opts.missing_markers = *spec.missing_values;
  return tables_.emplace(key, io::read_table(path, opts)).first->second;
}

std::optional<std::string> Availability::missing(const SourceSpec& src, int data_year) {
  const std::string file = with_year(file_of(cfg_, src), data_year);
  if (file.empty()) return std::nullopt;
  const std::string path = resolve_(file);
  if (!fs::exists(path)) return fmt::format("no file {}", file);
  if (src.kind != SourceKind::Table) return std::nullopt;
  const io::Table& t = table(cfg_.tables.at(src.name), path);
  std::vector<std::string> columns;
  for (const auto& f : src.fields) columns.push_back(with_year(f, data_year));
  if (!src.divide_by.empty()) columns.push_back(with_year(src.divide_by, data_year));
  for (const auto& c : columns) {
    if (std::find(t.fields.begin(), t.fields.end(), c) == t.fields.end())
      return fmt::format("no column {} in {}", c, file);
    const std::size_t column = t.field_index(c);
    const bool any = std::any_of(codes_.begin(), codes_.end(), [&](const std::string& code) {
      const auto row = t.row_of(code);
      return row && t.number(*row, column).has_value();
    });
    if (!any) return fmt::format("column {} of {} is empty for every area of the study", c, file);
  }
  return std::nullopt;
}

YearConfig year_config(const config::Config& series_cfg, int year, Availability& availability) {
  const config::SeriesSpec& spec = *series_cfg.series;
  YearConfig y;
  y.year = year;
  y.cfg = series_cfg;
  y.cfg.series.reset();
  y.cfg.tables.clear();
  y.cfg.layers.clear();
  y.cfg.rasters.clear();

  // Residents: needed every year.
  {
    const SourceSpec& pop = series_cfg.population.source;
    std::optional<int> found;
    std::string why;
    auto rule = series_cfg.population.missing_year.value_or(spec.missing_year);
    if (rule == config::MissingYear::Omit) rule = config::MissingYear::CarryEarlier;  // residents are needed every year
    for (int candidate : candidate_years(year, rule)) {
      auto m = availability.missing(pop, candidate);
      if (!m) {
        found = candidate;
        break;
      }
      if (candidate == year) why = *m;
    }
    if (!found)
      throw InputError({series_cfg.path, "", "population.source"},
                       fmt::format("no residents for {} ({}), nor in the {} years {}: every year of a series needs "
                                   "residents; drop the year from [series] years or add its population table",
                                   year, why, kCarrySearchYears,
                                   rule == config::MissingYear::Nearest ? "around it" : "before it"));
    y.population_year = *found;
    y.population_carried = *found != year;
    add_named_spec(series_cfg, y.cfg, pop, *found);
    y.cfg.population.source = source_in_year(pop, *found);
  }

  for (std::size_t i = 0; i < series_cfg.indicators.size(); ++i) {
    const config::Indicator& ind = series_cfg.indicators[i];
    config::Indicator& out = y.cfg.indicators[i];
    out.source_by_year.clear();
    IndicatorYear status;
    status.name = ind.name;
    if (!ind.source) {
      y.indicators.push_back(status);
      continue;
    }
    const auto rule = ind.missing_year.value_or(spec.missing_year);
    std::string why;
    for (int candidate : candidate_years(year, rule)) {
      const SourceSpec& src = source_for(ind, candidate);
      if (auto m = availability.missing(src, candidate)) {
        if (candidate == year) why = *m;
        continue;
      }
      add_named_spec(series_cfg, y.cfg, src, candidate);
      out.source = source_in_year(src, candidate);
      status.supplied = true;
      status.data_year = candidate;
      status.carried = candidate != year;
      if (status.carried) status.note = fmt::format("{}: data of {} used ({})", year, candidate, why);
      break;
    }
    if (!status.supplied) {
      out.source.reset();
      status.note = rule == config::MissingYear::Omit
                        ? fmt::format("left out in {} ({}; missing_year = \"omit\")", year, why)
                        : fmt::format("left out in {}: {}, and no data in the {} years {}", year, why, kCarrySearchYears,
                                      rule == config::MissingYear::Nearest ? "around it" : "before it");
      out.not_supplied = status.note;
    }
    y.indicators.push_back(status);
  }
  return y;
}

void check_sources_have_some_year(const config::Config& cfg, Availability& availability) {
  const config::SeriesSpec& spec = *cfg.series;
  auto check = [&](const SourceSpec& src, const std::string& key, int line, const std::optional<int>& only_year) {
    std::string first_reason;
    for (int year : only_year ? std::vector<int>{*only_year} : spec.years) {
      const auto candidates = only_year ? std::vector<int>{year} : candidate_years(year, config::MissingYear::Nearest);
      for (int candidate : candidates) {
        auto m = availability.missing(src, candidate);
        if (!m) return;
        if (first_reason.empty()) first_reason = *m;
      }
    }
    throw InputError({cfg.path, line ? fmt::format("line {}", line) : "", key},
                     fmt::format("matches no data in any year of the series ({}, first: {}): check the file pattern and "
                                 "column names",
                                 fmt::join(spec.years, ", "), first_reason));
  };
  check(cfg.population.source, "population.source", 0, std::nullopt);
  for (const auto& ind : cfg.indicators) {
    if (!ind.source) continue;
    check(*ind.source, "indicator " + ind.name + " source", ind.line, std::nullopt);
    for (const auto& [year, src] : ind.source_by_year)
      check(src, fmt::format("indicator {} source_by_year.{}", ind.name, year), ind.line, year);
  }
}

nlohmann::json YearConfig::report() const {
  nlohmann::json inds = nlohmann::json::array();
  for (const auto& i : indicators) {
    nlohmann::json e = {{"name", i.name}, {"supplied", i.supplied}, {"carried", i.carried}};
    e["source_year"] = i.data_year ? nlohmann::json(*i.data_year) : nlohmann::json(nullptr);
    if (!i.note.empty()) e["note"] = i.note;
    inds.push_back(e);
  }
  return {{"year", year}, {"population_year", population_year}, {"population_carried", population_carried},
          {"indicators", inds}};
}

}  // namespace leefkaart::series
