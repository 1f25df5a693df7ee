#pragma once
// Facility categories recognised in OpenStreetMap by their tags.
#include <osmium/osm/tag.hpp>

#include <string>
#include <vector>

namespace leefkaart::network {

struct TagRule {
  std::string key;
  std::string value;  // "*" matches any value
};

struct Category {
  std::string name;   // field-name part: dist_<name>_m
  std::string label;  // Dutch, for users
  std::vector<TagRule> any_of;
  bool area = false;        // reached at its boundary (parks, green), not at a point
  double min_area_m2 = 0;   // areas smaller than this are left out
};

TagRule parse_tag_rule(const std::string& text);  // "amenity=doctors", "shop=*"
std::string to_string(const TagRule& r);
bool matches(const Category& c, const osmium::TagList& tags);

// GP, pharmacy, supermarket, primary school, childcare, library, bus/tram
// stop, train station, sports, public green.
std::vector<Category> default_categories();

}  // namespace leefkaart::network
