#include "network/profile.hpp"

#include <cstring>
#include <set>
#include <string_view>
#include <stdexcept>

namespace leefkaart::network {
namespace {

bool is(const char* v, const char* what) { return v && std::strcmp(v, what) == 0; }
// string_view sets: a lookup builds no temporary string (this runs for every way and mode).
using Names = std::set<std::string_view>;
bool in(const char* v, const Names& set) { return v && set.count(std::string_view(v)); }

const Names kDenied{"no", "private", "agricultural", "forestry", "delivery", "military"};
const Names kAllowed{"yes", "designated", "permissive", "destination", "public", "official"};

// access=* refined by the mode's own key (foot=*, bicycle=*, motor_vehicle=* …):
// the most specific tag that is present decides.
bool allowed_by_access(const osmium::TagList& tags, std::initializer_list<const char*> keys, bool default_allowed) {
  bool allowed = default_allowed;
  for (const char* key : keys) {
    const char* v = tags[key];
    if (in(v, kDenied)) allowed = false;
    else if (in(v, kAllowed)) allowed = true;
  }
  return allowed;
}

const Names kWalkHighways{
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "track",
    "cycleway", "bridleway", "road", "corridor", "trunk", "trunk_link", "platform"};
const Names kBikeHighways{
    "cycleway", "path", "living_street", "residential", "service", "unclassified", "tertiary", "tertiary_link",
    "secondary", "secondary_link", "primary", "primary_link", "track", "road", "trunk", "trunk_link"};
const Names kCarHighways{
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
    "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road"};

// -1 against the node order, 1 along it, 0 both ways.
int oneway_of(const osmium::TagList& tags, const char* mode_key) {
  const char* ow = mode_key ? tags[mode_key] : nullptr;
  if (!ow) ow = tags["oneway"];
  if (is(ow, "yes") || is(ow, "1") || is(ow, "true")) return 1;
  if (is(ow, "-1") || is(ow, "reverse")) return -1;
  if (is(ow, "no")) return 0;
  const char* hw = tags["highway"];
  const char* junction = tags["junction"];
  if (is(junction, "roundabout") || is(hw, "motorway") || is(hw, "motorway_link")) return 1;
  return 0;
}

Passage from_oneway(int oneway) { return {oneway >= 0, oneway <= 0}; }

}  // namespace

std::string to_string(Mode m) { return m == Mode::Walk ? "walk" : m == Mode::Bike ? "bike" : "car"; }

Mode parse_mode(const std::string& s) {
  if (s == "walk") return Mode::Walk;
  if (s == "bike") return Mode::Bike;
  if (s == "car") return Mode::Car;
  throw std::invalid_argument("mode must be \"walk\", \"bike\" or \"car\", not \"" + s + "\"");
}

Passage way_passage(Mode m, const osmium::TagList& tags, const ProfileOptions& opts) {
  if (is(tags["route"], "ferry")) {
    if (!opts.ferries) return {};
    return {true, true};
  }
  const char* hw = tags["highway"];
  // area=yes outlines (squares) are walked along their edge; other areas are no ways.
  if (!hw || (is(tags["area"], "yes") && !is(hw, "pedestrian"))) return {};
  switch (m) {
    case Mode::Walk: {
      // Motorways are never walkable; trunk roads and cycleways are, unless tagged otherwise.
      if (!in(hw, kWalkHighways)) return {};
      if (is(tags["motorroad"], "yes")) return {};
      if (!allowed_by_access(tags, {"access", "foot"}, true)) return {};
      return {true, true};  // one-way streets do not restrict walking
    }
    case Mode::Bike: {
      const bool explicitly = in(tags["bicycle"], kAllowed);
      if (!in(hw, kBikeHighways) && !explicitly) return {};
      if (is(tags["motorroad"], "yes")) return {};
      const bool default_ok = !is(hw, "path") || !is(tags["bicycle"], "no");
      if (!allowed_by_access(tags, {"access", "vehicle", "bicycle"}, default_ok)) return {};
      // Contraflow cycling: oneway:bicycle=no, or a cycleway=opposite* lane.
      const char* cw = tags["cycleway"];
      if (cw && std::strncmp(cw, "opposite", 8) == 0) return {true, true};
      return from_oneway(oneway_of(tags, "oneway:bicycle"));
    }
    case Mode::Car: {
      if (!in(hw, kCarHighways)) return {};
      if (!allowed_by_access(tags, {"access", "vehicle", "motor_vehicle", "motorcar"}, true)) return {};
      return from_oneway(oneway_of(tags, nullptr));
    }
  }
  return {};
}

bool node_blocks(Mode m, const osmium::TagList& tags) {
  const char* barrier = tags["barrier"];
  if (!barrier) return false;
  static const Names car_blockers{"bollard", "block", "jersey_barrier", "chain", "kissing_gate",
                                                  "stile", "turnstile", "cycle_barrier", "fence", "wall"};
  static const Names everyone_blockers{"fence", "wall", "hedge", "retaining_wall"};
  switch (m) {
    case Mode::Walk: return !allowed_by_access(tags, {"access", "foot"}, !in(barrier, everyone_blockers));
    case Mode::Bike:
      return !allowed_by_access(tags, {"access", "vehicle", "bicycle"},
                                !in(barrier, everyone_blockers) && !is(barrier, "stile") && !is(barrier, "turnstile"));
    case Mode::Car:
      return !allowed_by_access(tags, {"access", "vehicle", "motor_vehicle", "motorcar"}, !in(barrier, car_blockers));
  }
  return false;
}

}  // namespace leefkaart::network
