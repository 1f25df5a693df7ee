#pragma once
// Who may use a way, and in which direction: the tag rules of the three
// routing profiles. Documented in the README ("Routing model").
#include <osmium/osm/tag.hpp>

#include <string>

namespace leefkaart::network {

enum class Mode { Walk, Bike, Car };
std::string to_string(Mode m);
Mode parse_mode(const std::string& s);  // "walk" | "bike" | "car"

struct Passage {
  bool forward = false;   // along the way's node order
  bool backward = false;  // against it
  bool any() const { return forward || backward; }
};

struct ProfileOptions {
  bool ferries = false;  // route=ferry ways as edges
};

// Access of a way for a mode.
Passage way_passage(Mode m, const osmium::TagList& tags, const ProfileOptions& opts = {});

// A node the mode cannot pass (bollard for cars, gate with access=no …).
bool node_blocks(Mode m, const osmium::TagList& tags);

}  // namespace leefkaart::network
