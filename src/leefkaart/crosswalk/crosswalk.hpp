#pragma once
// Boundary changes: a crosswalk between two boundary sets (e.g. the 2019 buurten
// and the 2014 buurten a study area is drawn on) from polygon overlap.
//
// Every pair of polygons that overlaps gets its overlap area and its shares of
// both polygons. Overlaps too small to be real (slivers: two generalised
// versions of one boundary never coincide) are kept in the list but marked and
// ignored. The real links form groups (connected parts of the from↔to graph):
// one from and one to polygon with the same code are unchanged, with another
// code renumbered; one to many is a split, many to one a merge, many to many
// complex.
//
// A table keyed on the from codes is then re-expressed on the to codes: counts
// are split in proportion to the overlaps (each from-polygon's total is kept),
// rates and shares become the overlap-weighted mean of the from values. The
// weight is the residents in the overlap where weight points (address points,
// or cell centres with their residents) are given, otherwise the overlap area.
#include <optional>
#include <string>
#include <vector>

#include "geom/geos.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::crosswalk {

// When an overlap is noise rather than a real link. Measured on Eindhoven
// (2014 buurten quantised to about 300 m against the 2019 file generalised to
// about 13 vertices per buurt, after aligning the outlines): the 108 buurten
// that kept their name share a median 83 % (10th percentile 50 %, minimum
// 14 %) of the larger polygon with their older self, while overlaps between
// two such buurten that are NOT the same reach 32 % (90th percentile), 67 %
// (99th) and 82 % at most. No share separates the two on files this coarse;
// so (1) every polygon's largest overlap is real whatever its share (see
// build), and (2) any other overlap must hold at least half of one of its two
// polygons. With detailed boundaries a lower min_share (0.1-0.2) finds smaller
// real moves.
struct Tolerance {
  // An overlap that is not the largest of either polygon is noise below this
  // share of both polygons …
  double min_share = 0.5;
  // … and, unless it is a polygon's largest, below this area (1 ha is below
  // the resolution of the coarse files whatever the polygons' sizes). The
  // part of a from-polygon outside every to-polygon is noise below min_share
  // too: its share of a count then stays inside.
  double min_area_m2 = 10'000;
};

// A weight point: an address (residents = 1) or a cell centre with its residents.
struct WeightPoint {
  geom::Point at;
  double residents = 0;
};

enum class Kind { Unchanged, Renumbered, Split, Merged, Complex };
std::string to_string(Kind k);

inline constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);

struct Pair {
  std::size_t from = 0, to = 0;  // indices into the from and to sets
  double overlap_m2 = 0;
  double share_of_from = 0, share_of_to = 0;  // overlap / polygon area
  double residents = 0;                       // weight in the overlap (with weight points)
  bool sliver = false;                        // ignored in groups and transfers
  std::size_t group = kNoGroup;
};

struct Group {
  Kind kind = Kind::Unchanged;
  std::vector<std::size_t> from, to;  // area indices
  double residents = 0;               // weight in the group's real overlaps
  double overlap_m2 = 0;
};

// A boundary file decoded from a quantised grid can sit shifted as a whole
// against another (the 2014 files against the 2019 one: about 50 m east and
// 200 m north). The shift of `from` that lays its outline best on the outline
// of `to` (largest shared area; searched within max_shift_m, to 2 m), and the
// share of `to`'s outline covered before and after.
struct Alignment {
  double dx = 0, dy = 0;
  double covered_before = 0, covered_after = 0;
};
Alignment align_outlines(const io::AreaSet& from, const io::AreaSet& to, double max_shift_m = 500);
void translate(io::AreaSet& set, double dx, double dy);

struct Crosswalk {
  std::string from_file, to_file;
  std::vector<std::string> from_codes, to_codes;
  std::vector<double> from_area_m2, to_area_m2;
  // Share of each from-polygon that lies outside every to-polygon; below the
  // sliver share it counts as 0 (generalisation), above it that part of a
  // count stays outside the to-set.
  std::vector<double> from_outside_share;
  std::vector<Pair> pairs;  // by from, then to; slivers included, marked
  std::vector<Group> groups;
  Tolerance tolerance;
  bool resident_weights = false;  // weight points were given (and held residents)
  std::optional<Alignment> alignment;  // the shift applied to the from polygons, if any

};

// Areas of `from` that overlap no polygon of `to` at all are left out of the
// pairs (a national file against one city); both sets must be in one CRS.
Crosswalk build(const io::AreaSet& from, const io::AreaSet& to, const Tolerance& tol = {},
                const std::vector<WeightPoint>& weights = {});

struct Summary {
  std::size_t pairs = 0, slivers = 0;
  std::size_t groups[5] = {0, 0, 0, 0, 0};        // per Kind
  std::size_t from_areas[5] = {0, 0, 0, 0, 0};    // from-areas per kind of their group
  std::size_t to_areas[5] = {0, 0, 0, 0, 0};      // to-areas per kind of their group
  std::size_t from_unlinked = 0, to_unlinked = 0;  // areas without a real link
  double sliver_share_max = 0;   // largest share (of either polygon) among the slivers
  double real_share_min = 1;     // smallest larger-share among the real links
  // Share of the weight in real links that lies in split, merged or complex
  // groups: residents where weight points were given, otherwise area.
  double reallocated_share = 0;
  std::string weight;  // "residents" or "area"
};
Summary summarise(const Crosswalk& cw);

// Re-expressing per-from-area values on the to-areas.
enum class Measure { Count, Rate };

struct Reexpressed {
  std::vector<std::optional<double>> value;  // per to-area
  std::vector<std::string> reason;           // per to-area: why missing
};

// `values` are per from-area (nullopt: missing in the table, or no row).
// Count: each from value is split over its real links by their weight, the
// part outside the to-set (when real) staying outside; a to-area whose real
// links include a from-area without a value is missing (a partial sum would
// understate). Rate: the weighted mean over the real links with a value; the
// to-area is missing when those carry less than `min_weight_share` of its
// linked weight.
Reexpressed reexpress(const Crosswalk& cw, const std::vector<std::optional<double>>& values, Measure m,
                      double min_weight_share = 0.5);

}  // namespace leefkaart::crosswalk
