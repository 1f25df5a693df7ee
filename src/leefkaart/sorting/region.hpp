#pragma once
// The region of a sorting run: its buurten (polygons in RD New from the
// national file), their gemeente, wijk, names, residents, zone and focus;
// and the numbers the config reads per buurt (vulnerable shares per year,
// snapshots, early-warning criteria), each with how many buurten it matched.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geom/geos.hpp"
#include "sorting/spec.hpp"

namespace leefkaart::sorting {

struct Buurt {
  std::string code, name, gemeente, gemeente_name, wijk, zone;
  geom::Geom geom;  // RD New
  std::optional<double> pop;
  bool in_focus = false;
};

struct Region {
  std::vector<Buurt> buurten;
  std::vector<std::pair<std::string, std::string>> gemeenten;  // code, name
  std::map<std::string, std::size_t> zone_rule_counts;         // "zone[1]" → buurten
  nlohmann::json joins = nlohmann::json::object();             // source → matched/of
};

// The buurten of the region's gemeenten, named, with their residents.
Region read_region(const Spec& spec);
// Every buurt in a zone by the first rule that takes it; an InputError naming
// the config and key when a buurt is left without one.
void assign_zones(const Spec& spec, Region& region);
void mark_focus(const Spec& spec, Region& region);

// One value per buurt (index as region.buurten), nullopt where the table has
// none; records the match rate in region.joins under `label`.
std::vector<std::optional<double>> read_values(const ColumnSource& source, int year, Region& region,
                                               const std::string& label);

}  // namespace leefkaart::sorting
