#include "sorting/measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/dutch.hpp"
#include "sorting/schema_json.hpp"

namespace leefkaart::sorting {

namespace {

// Ordered: the criteria are reported in the order the schema writes them.
const nlohmann::ordered_json& schema() {
  static const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(kSchemaJson);
  return parsed;
}

// The keys of a schema object in order, skipping its "about" note.
std::vector<std::string> codes(const char* key) {
  std::vector<std::string> out;
  for (const auto& [code, entry] : schema().at(key).items())
    if (entry.is_object()) out.push_back(code);
  return out;
}

bool counts(const GroupCount& u) { return std::isfinite(u.total) && u.total > 0 && std::isfinite(u.group); }

struct Totals {
  double group = 0, total = 0;
};

Totals totals(std::span<const GroupCount> units) {
  Totals t;
  for (const auto& u : units)
    if (counts(u)) {
      t.group += u.group;
      t.total += u.total;
    }
  return t;
}

// A threshold or rule as a reader writes it: 5 → "5", 0.5 → "0,5", 2.25 → "2,25".
std::string plain(double v) {
  for (int d = 0; d < 4; ++d)
    if (std::abs(v * std::pow(10.0, d) - std::round(v * std::pow(10.0, d))) < 1e-9) return dutch::number(v, d);
  return dutch::number(v, 4);
}

// splitmix64: spreads the seed and the unit's index into a generator's seed,
// so a unit's p depends on the seed and its own index only.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// xoshiro256** with an unbiased draw below a bound: written out, so the same
// seed gives the same p with every standard library (std's distributions do not).
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& w : s_) w = seed = mix(seed);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, bound), bound > 0: rejects the top remainder.
  std::size_t below(std::size_t bound) {
    const std::uint64_t b = bound;
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % b;
    std::uint64_t r;
    do r = next();
    while (r >= limit);
    return static_cast<std::size_t>(r % b);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace

GroupCount from_share(double share_pct, double total) { return {share_pct / 100.0 * total, total}; }

std::optional<double> dissimilarity(std::span<const GroupCount> units) {
  const Totals t = totals(units);
  const double G = t.group, O = t.total - t.group;
  if (!(G > 0) || !(O > 0)) return std::nullopt;
  double sum = 0;
  for (const auto& u : units)
    if (counts(u)) sum += std::abs(u.group / G - (u.total - u.group) / O);
  return sum / 2;
}

std::optional<double> isolation(std::span<const GroupCount> units) {
  const double G = totals(units).group;
  if (!(G > 0)) return std::nullopt;
  double sum = 0;
  for (const auto& u : units)
    if (counts(u)) sum += (u.group / G) * (u.group / u.total);
  return sum;
}

std::vector<std::optional<double>> location_quotients(std::span<const GroupCount> units) {
  const Totals t = totals(units);
  std::vector<std::optional<double>> out(units.size());
  if (!(t.group > 0) || !(t.total > 0)) return out;
  const double region = t.group / t.total;
  for (std::size_t i = 0; i < units.size(); ++i)
    if (counts(units[i])) out[i] = units[i].group / units[i].total / region;
  return out;
}

std::optional<double> pooled_share(std::span<const GroupCount> units) {
  const Totals t = totals(units);
  if (!(t.total > 0)) return std::nullopt;
  return 100.0 * t.group / t.total;
}

std::optional<double> change_pp(std::optional<double> first_pct, std::optional<double> last_pct) {
  if (!first_pct || !last_pct) return std::nullopt;
  return *last_pct - *first_pct;
}

std::string concentration_band(double share_pct) {
  // The band with the highest "above" the share exceeds; the band without one otherwise.
  std::string best, rest;
  double best_above = -std::numeric_limits<double>::infinity();
  for (const auto& [code, band] : schema().at("bands").items()) {
    if (!band.is_object()) continue;
    const auto& above = band.at("above");
    if (above.is_null()) {
      rest = code;
      continue;
    }
    const double a = above.get<double>();
    if (share_pct > a && a > best_above) {
      best = code;
      best_above = a;
    }
  }
  return best.empty() ? rest : best;
}

std::vector<std::optional<HotSpot>> getis_ord_gi_star(std::span<const std::optional<double>> values,
                                                     const std::vector<std::vector<std::size_t>>& neighbours,
                                                     const HotSpotOptions& options) {
  const std::size_t N = values.size();
  if (neighbours.size() != N)
    throw std::invalid_argument("Gi*: " + std::to_string(neighbours.size()) + " neighbourhoods for " + std::to_string(N) +
                                " units");
  std::vector<std::optional<HotSpot>> out(N);

  // The units with a value: their mean and spread (S as in the formula, dividing by n).
  std::vector<double> x;  // values of the units with one, in unit order
  std::vector<std::size_t> slot(N, SIZE_MAX);
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] && std::isfinite(*values[i])) {
      slot[i] = x.size();
      x.push_back(*values[i]);
    }
  const std::size_t n = x.size();
  if (n < 2) return out;
  double sum = 0, sum2 = 0;
  for (double v : x) sum += v;
  const double mean = sum / static_cast<double>(n);
  for (double v : x) sum2 += (v - mean) * (v - mean);
  const double S = std::sqrt(sum2 / static_cast<double>(n));
  if (!(S > 1e-12 * std::max(1.0, std::abs(mean)))) return out;  // all equal: no spread, nothing stands out

  const auto codes_ = codes("hotspot_classes");
  auto has = [&](const char* c) { return std::find(codes_.begin(), codes_.end(), c) != codes_.end(); };
  if (!has("hoog") || !has("laag") || !has("geen"))
    throw std::logic_error("schema/sorting.json: hotspot_classes must be hoog, laag and geen");

  const auto nd = static_cast<double>(n);
  // With binary weights Σ w = Σ w² = W, the size of the neighbourhood.
  auto gi = [&](double local_sum, std::size_t W) {
    const double w = static_cast<double>(W);
    return (local_sum - mean * w) / (S * std::sqrt((nd * w - w * w) / (nd - 1)));
  };

  // One array of slots, shuffled in part for every draw; pos finds a slot in it.
  std::vector<std::size_t> pool(n), pos(n);
  for (std::size_t k = 0; k < n; ++k) pool[k] = pos[k] = k;
  auto swap_at = [&](std::size_t a, std::size_t b) {
    std::swap(pool[a], pool[b]);
    pos[pool[a]] = a;
    pos[pool[b]] = b;
  };

  std::vector<std::size_t> hood;
  for (std::size_t i = 0; i < N; ++i) {
    if (slot[i] == SIZE_MAX) continue;
    // The neighbourhood's units with a value, i itself always in it, each once.
    hood.clear();
    hood.push_back(slot[i]);
    for (std::size_t j : neighbours[i]) {
      if (j >= N) throw std::invalid_argument("Gi*: unit " + std::to_string(i) + " names neighbour " + std::to_string(j) +
                                              " of " + std::to_string(N));
      if (slot[j] != SIZE_MAX && std::find(hood.begin(), hood.end(), slot[j]) == hood.end()) hood.push_back(slot[j]);
    }
    const std::size_t W = hood.size();
    HotSpot h;
    if (W >= n) {  // the whole area is the neighbourhood: it cannot differ from itself
      h.z = 0;
      h.p = 1;
      h.cls = "geen";
      out[i] = h;
      continue;
    }
    double local = 0;
    for (std::size_t k : hood) local += x[k];
    h.z = gi(local, W);

    // Conditional permutation: x_i stays; W − 1 others drawn from the n − 1 other units.
    const std::size_t R = static_cast<std::size_t>(std::max(0, options.permutations));
    std::size_t M = 0;
    if (R > 0) {
      swap_at(pos[slot[i]], n - 1);  // i out of the drawing range [0, n − 1)
      Random rng(options.seed ^ mix(i + 1));
      const double tol = 1e-9 * std::max(1.0, std::abs(h.z));
      for (std::size_t r = 0; r < R; ++r) {
        double drawn = x[slot[i]];
        for (std::size_t k = 0; k + 1 < W; ++k) {
          swap_at(k, k + rng.below(n - 1 - k));
          drawn += x[pool[k]];
        }
        const double z = gi(drawn, W);
        if (h.z >= 0 ? z >= h.z - tol : z <= h.z + tol) ++M;
      }
    }
    h.p = static_cast<double>(M + 1) / static_cast<double>(R + 1);
    h.cls = h.p <= options.alpha && h.z > 0 ? "hoog" : h.p <= options.alpha && h.z < 0 ? "laag" : "geen";
    out[i] = h;
  }
  return out;
}

EarlyWarning early_warning(const EarlyWarningFacts& f, const EarlyWarningRule& rule) {
  const std::string years = std::to_string(f.first_year) + " → " + std::to_string(f.last_year);
  const std::string group = "aandeel " + (f.group_label.empty() ? std::string("kwetsbare bewoners") : f.group_label);

  EarlyWarning::Criterion focus{"buiten_focus", !f.in_focus,
                                f.in_focus ? "ligt in een focusgebied: vroegsignalering zoekt buurten daarbuiten"
                                           : "ligt buiten de focusgebieden"};

  EarlyWarning::Criterion rise{"aandeel_steeg", false, ""};
  if (!f.share_change_pp) {
    rise.reason = group + " niet gemeten in " + std::to_string(f.first_year) + " of " + std::to_string(f.last_year) +
                  ": verandering onbekend";
  } else {
    const double d = *f.share_change_pp;
    rise.met = d > rule.rise_pp;
    const std::string amount = dutch::number_near(std::abs(d), rule.rise_pp, 1) + " procentpunt";
    const std::string how = d > 0 ? "steeg " + amount : d < 0 ? "daalde " + amount : "bleef gelijk";
    rise.reason = group + " " + how + " (" + years + "), " + (rise.met ? "meer dan " : "niet meer dan ") + plain(rule.rise_pp);
  }

  // A criterion that is not configured stays unmet, with no reason.
  EarlyWarning::Criterion score{"score_hoog", false, ""};
  if (rule.score_at_least || rule.score_at_most) {
    const std::string label = "score " + (f.score_label.empty() ? std::string("leefomgeving") : f.score_label);
    if (!f.score) {
      score.reason = label + " niet gemeten";
    } else {
      const double s = *f.score;
      std::vector<std::string> parts;
      bool met = true;
      if (rule.score_at_least) {
        const bool ok = s >= *rule.score_at_least;
        met = met && ok;
        parts.push_back((ok ? "minstens " : "lager dan ") + plain(*rule.score_at_least));
      }
      if (rule.score_at_most) {
        const bool ok = s <= *rule.score_at_most;
        met = met && ok;
        parts.push_back((ok ? "hoogstens " : "hoger dan ") + plain(*rule.score_at_most));
      }
      const double near = rule.score_at_least ? *rule.score_at_least : *rule.score_at_most;
      score.met = met;
      score.reason = label + " " + dutch::number_near(s, near, 1) + ": " + parts[0] + (parts.size() > 1 ? " en " + parts[1] : "");
    }
  }

  EarlyWarning::Criterion access{"voorzieningen_verder", false, ""};
  if (rule.distance_passes_km || rule.distance_rise_km) {
    const std::string label = f.facility_label.empty() ? std::string("voorzieningen") : f.facility_label;
    const std::string moments = f.facility_before_label + " → " + f.facility_after_label;
    if (!f.facility_before_km || !f.facility_after_km) {
      access.reason = label + ": afstand niet gemeten in " + f.facility_before_label + " of " + f.facility_after_label;
    } else {
      const double b = *f.facility_before_km, a = *f.facility_after_km;
      const double near = rule.distance_passes_km ? *rule.distance_passes_km : b + *rule.distance_rise_km;
      std::vector<std::string> parts;
      if (rule.distance_passes_km) {
        const double X = *rule.distance_passes_km;
        const bool passes = b <= X && X < a;
        access.met = access.met || passes;
        parts.push_back(passes  ? "nu verder dan " + plain(X) + " km"
                        : b > X ? "al verder dan " + plain(X) + " km"
                                : "nog binnen " + plain(X) + " km");
      }
      if (rule.distance_rise_km) {
        const double rise_km = a - b;
        const bool further = rise_km > *rule.distance_rise_km;
        access.met = access.met || further;
        const std::string by = rise_km > 0   ? dutch::number_near(rise_km, *rule.distance_rise_km, 1) + " km verder"
                               : rise_km < 0 ? dutch::number(-rise_km, 1) + " km dichterbij"
                                             : "even ver";
        parts.push_back(by + ", " + (further ? "meer dan " : "niet meer dan ") + plain(*rule.distance_rise_km) + " km");
      }
      access.reason = label + " van " + dutch::number_near(b, near, 1) + " naar " + dutch::number_near(a, near, 1) + " km (" +
                      moments + "): " + parts[0] + (parts.size() > 1 ? "; " + parts[1] : "");
    }
  }

  EarlyWarning out;
  out.flagged = focus.met && rise.met && (score.met || access.met);
  // In schema order; the codes above are the schema's own (checked here, so a renamed code fails loudly).
  std::vector<EarlyWarning::Criterion> mine{focus, rise, score, access};
  for (const auto& code : codes("early_warning_criteria")) {
    auto it = std::find_if(mine.begin(), mine.end(), [&](const auto& c) { return c.code == code; });
    if (it == mine.end()) throw std::logic_error("schema/sorting.json: early-warning criterion " + code + " has no rule");
    out.criteria.push_back(*it);
  }
  if (out.criteria.size() != mine.size())
    throw std::logic_error("schema/sorting.json: early_warning_criteria lacks one of buiten_focus, aandeel_steeg, score_hoog, "
                           "voorzieningen_verder");
  return out;
}

}  // namespace leefkaart::sorting
