#include "stack/stack.hpp"

#include <algorithm>
#include <stdexcept>

#include "indicators/threshold.hpp"
#include "io/build_schema.hpp"

namespace leefkaart::stack {

Range range_of(const Column& values, const std::vector<bool>& basis) {
  Range r;
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (!basis[c] || !values[c]) continue;
    const double v = *values[c];
    if (r.cells == 0 || v < r.min) r.min = v;
    if (r.cells == 0 || v > r.max) r.max = v;
    ++r.cells;
  }
  return r;
}

double minmax(double value, const Range& r, config::Direction d) {
  if (!(r.max > r.min)) return 0.0;
  const double t = std::clamp((value - r.min) / (r.max - r.min), 0.0, 1.0);
  return d == config::Direction::HigherIsWorse ? t : 1.0 - t;
}

Column scale_minmax(const Column& values, const std::vector<bool>& basis, config::Direction d, Range* range) {
  const Range r = range_of(values, basis);
  if (range) *range = r;
  Column out(values.size());
  for (std::size_t c = 0; c < values.size(); ++c)
    if (basis[c] && values[c]) out[c] = minmax(*values[c], r, d);
  return out;
}

Column scale_percentile(const Column& values, const std::vector<bool>& basis, config::Direction d) {
  std::vector<double> sorted;
  for (std::size_t c = 0; c < values.size(); ++c)
    if (basis[c] && values[c]) sorted.push_back(*values[c]);
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  Column out(values.size());
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (!basis[c] || !values[c]) continue;
    if (sorted.size() < 2 || sorted.front() == sorted.back()) {
      out[c] = 0.0;
      continue;
    }
    const double below = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), *values[c]) - sorted.begin());
    const double upto = static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), *values[c]) - sorted.begin());
    const double mid_rank0 = (below + upto - 1) / 2;  // 0-based mean rank of the ties
    const double p = mid_rank0 / (n - 1);
    out[c] = d == config::Direction::HigherIsWorse ? p : 1.0 - p;
  }
  return out;
}

Column sub_score(const std::vector<const Column*>& inputs, const std::vector<bool>& basis) {
  Column out(basis.size());
  if (inputs.empty()) return out;
  for (std::size_t c = 0; c < basis.size(); ++c) {
    if (!basis[c]) continue;
    double sum = 0;
    bool complete = true;
    for (const Column* in : inputs) {
      if (!(*in)[c]) {
        complete = false;
        break;
      }
      sum += *(*in)[c];
    }
    if (complete) out[c] = sum;
  }
  return out;
}

std::vector<double> quantile_breaks(const Column& values, const std::vector<bool>& basis, int quantiles) {
  std::vector<double> known;
  for (std::size_t c = 0; c < values.size(); ++c)
    if (basis[c] && values[c]) known.push_back(*values[c]);
  std::vector<double> breaks;
  if (known.empty()) return breaks;
  for (int i = 1; i < quantiles; ++i) breaks.push_back(indicators::percentile(known, 100.0 * i / quantiles));
  return breaks;
}

int quantile_class(double value, const std::vector<double>& breaks) {
  int cls = 1;
  for (double b : breaks)
    if (value > b) ++cls;
  return cls;
}

std::string stapel_class(bool protection, bool promotion, bool vulnerable) {
  const auto& classes = io::build_schema::schema().at("stack").at("classes");
  const auto& perspectives = config::stack_perspectives();  // beschermen, bevorderen, faciliteren
  std::string code = protection && promotion ? "beide" : protection ? perspectives.at(0) : promotion ? perspectives.at(1) : "geen";
  if (vulnerable) code += "_kwetsbaar";
  if (!classes.contains(code)) throw std::logic_error("schema/build.json has no stapel class " + code);
  return code;
}

Koppelkans koppelkans(const std::vector<std::pair<std::string, std::optional<bool>>>& pressure) {
  Koppelkans k;
  bool unknown = false;
  for (const auto& [name, p] : pressure) {
    if (!p) unknown = true;
    else if (*p) k.with.push_back(name);
  }
  if (k.with.size() >= 2) k.is = true;
  else if (!unknown) k.is = false;
  return k;
}

namespace {
// A perspective's (or the vulnerability's) inputs stacked: sub-score, class and pressure.
struct Stacked {
  Column sub;
  std::vector<std::optional<int>> cls;
  std::vector<std::optional<bool>> pressure;
  std::vector<double> breaks;
};

Stacked stack_group(const config::StackSpec& spec, config::StackMethod method, const std::vector<const Input*>& group,
                    const std::vector<bool>& basis, std::map<std::string, Range>& ranges, int flags_from,
                    int class_from) {
  const std::size_t n = basis.size();
  Stacked s;
  std::vector<Column> scaled;
  scaled.reserve(group.size());
  for (const Input* in : group) {
    if (method == config::StackMethod::Binary) {
      Column flags(n);
      for (std::size_t c = 0; c < n; ++c)
        if ((*in->flag)[c]) flags[c] = static_cast<double>(*(*in->flag)[c]);
      scaled.push_back(std::move(flags));
    } else if (spec.scaling == config::StackScaling::MinMax) {
      scaled.push_back(scale_minmax(*in->value, basis, in->direction, &ranges[in->name]));
    } else {
      ranges[in->name] = range_of(*in->value, basis);
      scaled.push_back(scale_percentile(*in->value, basis, in->direction));
    }
  }
  std::vector<const Column*> inputs;
  for (const auto& col : scaled) inputs.push_back(&col);
  s.sub = sub_score(inputs, basis);
  s.cls.assign(n, std::nullopt);
  s.pressure.assign(n, std::nullopt);
  if (method == config::StackMethod::Continuous) s.breaks = quantile_breaks(s.sub, basis, spec.quantiles);
  for (std::size_t c = 0; c < n; ++c) {
    if (!s.sub[c]) continue;
    if (method == config::StackMethod::Binary) {
      s.pressure[c] = *s.sub[c] >= flags_from;
    } else {
      s.cls[c] = quantile_class(*s.sub[c], s.breaks);
      s.pressure[c] = *s.cls[c] >= class_from;
    }
  }
  return s;
}
}  // namespace

Result compute(const config::StackSpec& spec, config::StackMethod method, const std::vector<Input>& inputs,
               const std::vector<bool>& basis) {
  const std::size_t n = basis.size();
  Result r;
  r.method = method;
  for (bool b : basis) r.basis_cells += b;
  for (const std::string& p : config::stack_perspectives()) {
    std::vector<const Input*> group;
    for (const auto& in : inputs)
      if (in.perspective == p) group.push_back(&in);
    if (group.empty()) continue;
    r.perspectives.push_back(p);
    Stacked s = stack_group(spec, method, group, basis, r.ranges, spec.pressure_flags, spec.pressure_class);
    r.sub[p] = std::move(s.sub);
    if (method == config::StackMethod::Continuous) {
      r.sub_class[p] = std::move(s.cls);
      r.breaks[p] = std::move(s.breaks);
    }
    r.pressure[p] = std::move(s.pressure);
  }
  std::vector<const Input*> vulnerable;
  for (const auto& in : inputs)
    if (in.vulnerability) vulnerable.push_back(&in);
  r.has_vulnerability = !vulnerable.empty();
  if (r.has_vulnerability) {
    Stacked s = stack_group(spec, method, vulnerable, basis, r.ranges, spec.vulnerable_flags, spec.vulnerable_class);
    r.vulnerability = std::move(s.sub);
    r.vulnerability_class = std::move(s.cls);
    r.vulnerable = std::move(s.pressure);
    if (method == config::StackMethod::Continuous) r.breaks[""] = std::move(s.breaks);
  } else {
    r.vulnerability.assign(n, std::nullopt);
    r.vulnerability_class.assign(n, std::nullopt);
    r.vulnerable.assign(n, std::nullopt);
  }
  r.stapel_class.assign(n, std::nullopt);
  r.koppelkans.assign(n, std::nullopt);
  r.koppelkans_with.assign(n, "");
  const auto& names = config::stack_perspectives();
  // A perspective without indicators puts no pressure anywhere.
  auto pressure_of = [&](const std::string& p, std::size_t c) -> std::optional<bool> {
    auto it = r.pressure.find(p);
    return it == r.pressure.end() ? std::optional<bool>(false) : it->second[c];
  };
  for (std::size_t c = 0; c < n; ++c) {
    if (!basis[c]) continue;
    const auto protection = pressure_of(names.at(0), c), promotion = pressure_of(names.at(1), c);
    const std::optional<bool> vulnerable_here = r.has_vulnerability ? r.vulnerable[c] : std::optional<bool>(false);
    if (protection && promotion && vulnerable_here) r.stapel_class[c] = stapel_class(*protection, *promotion, *vulnerable_here);
    std::vector<std::pair<std::string, std::optional<bool>>> pressures;
    for (const auto& p : r.perspectives) pressures.emplace_back(p, r.pressure[p][c]);
    Koppelkans k = koppelkans(pressures);
    r.koppelkans[c] = k.is;
    for (const auto& p : k.with) r.koppelkans_with[c] += (r.koppelkans_with[c].empty() ? "" : ",") + p;
    if (!k.is || !*k.is) r.koppelkans_with[c].clear();
  }
  return r;
}

std::vector<AreaStack> by_unit(const Result& r, const std::vector<Piece>& pieces, std::size_t units,
                               const std::vector<std::string>& class_codes, double min_residents) {
  struct Sums {
    double residents = 0;
    std::map<std::string, std::pair<double, double>> sub;  // weighted sum, weight
    std::pair<double, double> vulnerability{0, 0};
    std::map<std::string, double> per_class;
    double classed = 0, koppel = 0, koppel_known = 0;
  };
  std::vector<Sums> sums(units);
  for (const Piece& p : pieces) {
    Sums& s = sums[p.unit];
    const double w = p.residents;
    s.residents += w;
    for (const auto& name : r.perspectives)
      if (const auto& v = r.sub.at(name)[p.cell]) {
        s.sub[name].first += w * *v;
        s.sub[name].second += w;
      }
    if (r.vulnerability[p.cell]) {
      s.vulnerability.first += w * *r.vulnerability[p.cell];
      s.vulnerability.second += w;
    }
    if (r.stapel_class[p.cell]) {
      s.per_class[*r.stapel_class[p.cell]] += w;
      s.classed += w;
    }
    if (r.koppelkans[p.cell]) {
      s.koppel_known += w;
      if (*r.koppelkans[p.cell]) s.koppel += w;
    }
  }
  std::vector<AreaStack> out(units);
  for (std::size_t u = 0; u < units; ++u) {
    const Sums& s = sums[u];
    AreaStack& a = out[u];
    for (const auto& name : r.perspectives) a.sub[name] = std::nullopt;
    for (const auto& code : class_codes) a.share_class[code] = std::nullopt;
    if (s.residents < min_residents || s.residents <= 0) continue;
    for (const auto& [name, ws] : s.sub)
      if (ws.second > 0) a.sub[name] = ws.first / ws.second;
    if (s.vulnerability.second > 0) a.vulnerability = s.vulnerability.first / s.vulnerability.second;
    if (s.classed > 0) {
      double most = -1;
      for (const auto& code : class_codes) {  // schema order breaks a tie
        const auto it = s.per_class.find(code);
        const double w = it == s.per_class.end() ? 0.0 : it->second;
        a.share_class[code] = w / s.classed;
        if (w > most) {
          most = w;
          a.main_class = code;
        }
      }
    }
    if (s.koppel_known > 0) a.share_koppelkans = s.koppel / s.koppel_known;
  }
  return out;
}

Column coarse_mean(const Column& fine, const std::vector<double>& residents, const std::vector<std::size_t>& coarse_of,
                   std::size_t coarse_count) {
  std::vector<double> sum(coarse_count, 0.0), weight(coarse_count, 0.0);
  for (std::size_t c = 0; c < fine.size(); ++c) {
    if (!fine[c] || !(residents[c] > 0)) continue;
    sum[coarse_of[c]] += residents[c] * *fine[c];
    weight[coarse_of[c]] += residents[c];
  }
  Column out(coarse_count);
  for (std::size_t k = 0; k < coarse_count; ++k)
    if (weight[k] > 0) out[k] = sum[k] / weight[k];
  return out;
}

}  // namespace leefkaart::stack
