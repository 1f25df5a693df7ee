#pragma once
// The measures of spatial sorting (PBL): shares and their change, concentration
// bands, segregation (dissimilarity, isolation, location quotients) and local
// hot spots (Getis-Ord Gi* with a permutation test). Pure functions on plain
// numbers: reading the national files and writing the layers is elsewhere
// (sorting/command). The definitions are written once, in schema/sorting.json
// ("measures"), and tested against hand-computed cases.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace leefkaart::sorting {

// One unit (a buurt) of a segregation measure: how many people of the group
// live there, and how many people in all (the group's base: residents, or
// households for a household share).
struct GroupCount {
  double group = 0;
  double total = 0;
};

// From a share in percent and its base: group = share / 100 × total.
GroupCount from_share(double share_pct, double total);

// Duncan's index of dissimilarity between the group and everyone else,
// D = ½ Σ_i | g_i/G − o_i/O |, o_i = t_i − g_i. nullopt when G or O is 0
// (nothing to compare). Units with total 0 count for nothing.
std::optional<double> dissimilarity(std::span<const GroupCount> units);

// The isolation index xPx = Σ_i (g_i/G)·(g_i/t_i): the group's share in the
// unit of its average member. nullopt when G is 0.
std::optional<double> isolation(std::span<const GroupCount> units);

// Location quotient per unit, LQ_i = (g_i/t_i) / (G/T). nullopt for a unit
// with total 0, and for every unit when G or T is 0.
std::vector<std::optional<double>> location_quotients(std::span<const GroupCount> units);

// The share of the group over several units, in percent: 100 × Σ g / Σ t
// (the zone's or region's share, weighted by each unit's base). nullopt when Σ t is 0.
std::optional<double> pooled_share(std::span<const GroupCount> units);

// Change in percentage points, last minus first; nullopt when either is missing.
std::optional<double> change_pp(std::optional<double> first_pct, std::optional<double> last_pct);

// PBL's concentration bands of (social) rented housing: the codes of
// schema/sorting.json "bands" ("boven_80" above 80 %, "boven_60" above 60 %,
// "onder_60" otherwise).
std::string concentration_band(double share_pct);

// Getis-Ord Gi* on units with binary weights: `neighbours[i]` lists the units
// within unit i's neighbourhood, i itself included (the star). Values missing
// (nullopt) are left out of the mean, the spread and every neighbourhood.
struct HotSpotOptions {
  int permutations = 999;     // conditional permutations per unit
  std::uint64_t seed = 1;     // a fixed seed: the same input gives the same p
  double alpha = 0.05;        // a unit is a hot or cold spot when p ≤ alpha
};

struct HotSpot {
  double z = 0;   // Gi* as a z-score (analytical, under normality)
  double p = 1;   // pseudo p-value of the permutation test, (M + 1) / (R + 1), two-sided
  std::string cls;  // "hoog", "laag" or "geen" (schema/sorting.json "hotspot_classes")
};

// Conditional permutation: x_i stays, its |N_i| − 1 other neighbours are drawn
// at random without replacement from all other units with a value; M counts the
// draws whose Gi* lies at least as far from 0 as the observed one, on the same side.
// nullopt for a unit without a value, or when all values are equal (no spread).
std::vector<std::optional<HotSpot>> getis_ord_gi_star(std::span<const std::optional<double>> values,
                                                     const std::vector<std::vector<std::size_t>>& neighbours,
                                                     const HotSpotOptions& options = {});

// The early-warning decision for one buurt (schema/sorting.json
// "early_warning_criteria"): outside the focus areas, AND the vulnerable share
// rose by more than the configured rate, AND (the living-environment score is
// high OR facility access fell). Each criterion carries its reason in Dutch,
// met or not ("niet gemeten" when a value is missing); empty only for a
// criterion the rule does not set.
struct EarlyWarningFacts {
  bool in_focus = false;
  std::string group_label;                 // e.g. "moeite met rondkomen"
  int first_year = 0, last_year = 0;
  std::optional<double> share_change_pp;   // nullopt: no value in one of the years
  std::optional<double> score;             // the living-environment score, when configured
  std::string score_label;                 // e.g. "Leefbaarometer"
  std::optional<double> facility_before_km, facility_after_km;  // nearest facility, two moments
  std::string facility_label;              // e.g. "grote supermarkt"
  std::string facility_before_label, facility_after_label;  // e.g. "2019", "2025"
};

struct EarlyWarningRule {
  double rise_pp = 5;                        // the share must rise by more than this
  // A high (bad) living-environment score: at least / at most this, as the
  // score's direction has it (both nullopt: not a criterion).
  std::optional<double> score_at_least, score_at_most;
  // Access fell when the nearest facility passed this distance (before ≤ X < after) ...
  std::optional<double> distance_passes_km;
  // ... or moved further away by more than this. Neither set: not a criterion.
  std::optional<double> distance_rise_km;
};

struct EarlyWarning {
  bool flagged = false;
  // Per criterion code: met or not, and why.
  struct Criterion {
    std::string code;
    bool met = false;
    std::string reason;
  };
  std::vector<Criterion> criteria;  // in schema order
};

EarlyWarning early_warning(const EarlyWarningFacts& facts, const EarlyWarningRule& rule);

}  // namespace leefkaart::sorting
