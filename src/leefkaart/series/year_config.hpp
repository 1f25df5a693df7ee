#pragma once
// One year of a series as an ordinary build config: every "{year}" filled in,
// source_by_year applied, and for a source without data that year the
// series' rule (carry the nearest earlier year, the nearest year, or omit).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "indicators/indicators.hpp"
#include "io/table_source.hpp"

namespace leefkaart::series {

// Whether a source has data for a year: its file exists and, for a table, its
// columns exist and hold a value for at least one of the study's areas.
// Tables are read once per file.
class Availability {
 public:
  Availability(const config::Config& cfg, indicators::PathResolver resolve, std::vector<std::string> area_codes)
      : cfg_(cfg), resolve_(std::move(resolve)), codes_(std::move(area_codes)) {}
  // nullopt when available; otherwise why not, e.g. "no file rivm/x_2013.asc".
  std::optional<std::string> missing(const config::SourceSpec& src, int data_year);

 private:
  const io::Table& table(const config::TableSpec& spec, const std::string& path);
  const config::Config& cfg_;
  indicators::PathResolver resolve_;
  std::vector<std::string> codes_;
  std::map<std::string, io::Table> tables_;
};

struct IndicatorYear {
  std::string name;
  bool supplied = false;
  std::optional<int> data_year;  // the year whose data is used
  bool carried = false;          // data_year differs from the series year
  std::string note;              // why carried or left out
};

struct YearConfig {
  int year = 0;
  config::Config cfg;  // a plain build config for this year
  int population_year = 0;
  bool population_carried = false;
  std::vector<IndicatorYear> indicators;  // in config order
  nlohmann::json report() const;
};

// Years searched around a series year for data to carry.
inline constexpr int kCarrySearchYears = 30;

// Throws InputError (naming the config file and key) when the population has
// no data to use for the year, or a source names a file pattern that matches
// no year at all.
YearConfig year_config(const config::Config& series_cfg, int year, Availability& availability);

// Every source of a series config must have data in at least one series year
// (a pattern that matches no file is a mistake, not a gap).
void check_sources_have_some_year(const config::Config& series_cfg, Availability& availability);

}  // namespace leefkaart::series
