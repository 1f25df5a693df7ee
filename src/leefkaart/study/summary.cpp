#include "study/summary.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/dutch.hpp"
#include "io/build_schema.hpp"

namespace leefkaart::study {
namespace schema = io::build_schema;

namespace {

std::optional<std::size_t> column(const io::LayerData& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i)
    if (layer.fields[i].name == name) return i;
  return std::nullopt;
}

std::optional<double> number_at(const std::vector<io::Value>& row, std::optional<std::size_t> col) {
  if (!col) return std::nullopt;
  if (const auto* d = std::get_if<double>(&row[*col])) return *d;
  if (const auto* i = std::get_if<long long>(&row[*col])) return static_cast<double>(*i);
  return std::nullopt;
}

std::string text_at(const std::vector<io::Value>& row, std::optional<std::size_t> col) {
  if (!col) return {};
  if (const auto* s = std::get_if<std::string>(&row[*col])) return *s;
  return {};
}

}  // namespace

std::vector<std::string> ranking_summary_nl(const io::LayerData& areas, std::size_t top_n) {
  const auto name = column(areas, schema::area_field("name"));
  const auto wijk_name = column(areas, schema::area_field("wijk_name"));
  const auto gain = column(areas, schema::area_field("health_to_gain"));
  const auto mean = column(areas, schema::area_field("mean_score"));
  const auto status = column(areas, schema::area_field("status"));
  const auto drivers = column(areas, schema::area_field("drivers_text"));
  const std::string scored = schema::status("scored");

  struct Ranked {
    std::size_t row;
    double gain;
  };
  std::vector<Ranked> ranked;
  std::map<std::string, std::size_t> unscored;  // status code → number of areas
  for (std::size_t r = 0; r < areas.rows.size(); ++r) {
    const auto& row = areas.rows[r];
    const std::string code = text_at(row, status);
    const auto g = number_at(row, gain);
    if (code == scored && g) {
      ranked.push_back({r, *g});
    } else {
      ++unscored[code.empty() ? schema::status("data_missing") : code];
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.gain > b.gain; });

  std::vector<std::string> lines;
  if (ranked.empty()) {
    lines.push_back(fmt::format("Geen van de {} {} heeft een score.", areas.rows.size(), areas.name));
  } else {
    lines.push_back(fmt::format("Meeste gezondheidswinst (inwoners × score), {} {}:",
                                std::min(top_n, ranked.size()), areas.name));
  }
  for (std::size_t i = 0; i < ranked.size() && i < top_n; ++i) {
    const auto& row = areas.rows[ranked[i].row];
    std::string line = fmt::format("{:>3}. {}", i + 1, text_at(row, name));
    if (const std::string w = text_at(row, wijk_name); !w.empty()) line += fmt::format(" ({})", w);
    line += fmt::format(": {}", dutch::number(ranked[i].gain, 0));
    if (const auto m = number_at(row, mean)) line += fmt::format(", gemiddelde score {}", dutch::number(*m, 1));
    if (const std::string d = text_at(row, drivers); !d.empty()) line += fmt::format("; vooral {}", d);
    lines.push_back(std::move(line));
  }
  for (const auto& [code, n] : unscored)
    lines.push_back(fmt::format("Geen score, {}: {} van {} {}", schema::status_label(code), n, areas.rows.size(), areas.name));
  return lines;
}

}  // namespace leefkaart::study
