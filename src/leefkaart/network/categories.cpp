#include "network/categories.hpp"

#include <cstring>
#include <stdexcept>

namespace leefkaart::network {

TagRule parse_tag_rule(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw std::invalid_argument("a tag rule looks like \"key=value\" or \"key=*\", not \"" + text + "\"");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::string to_string(const TagRule& r) { return r.key + "=" + r.value; }

bool matches(const Category& c, const osmium::TagList& tags) {
  for (const auto& rule : c.any_of) {
    const char* v = tags[rule.key.c_str()];
    if (v && (rule.value == "*" || rule.value == v)) return true;
  }
  return false;
}

std::vector<Category> default_categories() {
  auto cat = [](std::string name, std::string label, std::vector<std::string> rules, bool area = false,
                double min_area = 0) {
    Category c{std::move(name), std::move(label), {}, area, min_area};
    for (const auto& r : rules) c.any_of.push_back(parse_tag_rule(r));
    return c;
  };
  return {
      cat("huisarts", "Huisarts", {"amenity=doctors", "healthcare=general_practitioner"}),
      cat("apotheek", "Apotheek", {"amenity=pharmacy", "healthcare=pharmacy"}),
      cat("supermarkt", "Supermarkt", {"shop=supermarket"}),
      cat("basisschool", "Basisschool", {"amenity=school"}),
      cat("kinderopvang", "Kinderopvang", {"amenity=childcare", "amenity=kindergarten"}),
      cat("bibliotheek", "Bibliotheek", {"amenity=library"}),
      cat("halte", "Bus- of tramhalte", {"highway=bus_stop", "railway=tram_stop", "public_transport=platform"}),
      cat("station", "Treinstation", {"railway=station", "railway=halt"}),
      cat("sport", "Sportvoorziening",
          {"leisure=sports_centre", "leisure=pitch", "leisure=swimming_pool", "leisure=fitness_centre", "leisure=stadium"}),
      cat("groen", "Openbaar groen",
          {"leisure=park", "landuse=grass", "landuse=forest", "landuse=recreation_ground", "natural=wood",
           "leisure=nature_reserve", "landuse=meadow", "landuse=village_green"},
          true, 5000.0),
  };
}

}  // namespace leefkaart::network
