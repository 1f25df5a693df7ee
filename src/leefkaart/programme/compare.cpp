// Matching, balance and the difference in differences.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/cbs.hpp"
#include "programme/programme.hpp"

namespace leefkaart::programme {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Buurt codes share their digits with the wijk and gemeente they lie in.
bool lies_in(const std::string& buurt, const std::string& area) {
  return starts_with(buurt.substr(2), area.substr(2)) && (starts_with(area, "BU") ? buurt == area : true);
}

bool is_buurt(const std::string& code) { return cbs::level_of(code) == cbs::Level::Buurt; }

// A pool or exclude entry: a buurt code or its start ("BU0344"), or a wijk or
// gemeente code or its start ("WK034403", "GM03"), which stands for its buurten.
bool matches_prefix(const std::string& buurt, const std::string& entry) {
  if (starts_with(entry, "BU")) return starts_with(buurt, entry);
  return starts_with(buurt.substr(2), entry.substr(2));
}

// The buurten of the baseline table that the listed codes name (a wijk or
// gemeente code stands for all its buurten). Each listed code must name at least one.
std::vector<std::string> expand(const Spec& spec, const io::Table& base, const std::vector<std::string>& listed,
                                const std::string& key) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& code : listed) {
    std::size_t found = 0;
    if (is_buurt(code)) {
      if (base.row_of(code)) {
        found = 1;
        if (seen.insert(code).second) out.push_back(code);
      }
    } else {
      for (std::size_t r = 0; r < base.row_count(); ++r)
        if (is_buurt(base.key(r)) && lies_in(base.key(r), code)) {
          ++found;
          if (seen.insert(base.key(r)).second) out.push_back(base.key(r));
        }
    }
    if (found == 0)
      spec.fail(key, fmt::format("{} is not in the baseline table {} (column {}){}", code, base.file, base.key_field,
                                 is_buurt(code) ? "" : ": no buurt of it is"));
  }
  return out;
}

std::size_t column(const Spec& spec, const io::Table& t, const std::string& name, const std::string& key, int year) {
  for (std::size_t i = 0; i < t.fields.size(); ++i)
    if (t.fields[i] == name) return i;
  spec.fail(key, fmt::format("'{}' is not a column of the {} table {}{}", name, year, t.file, did_you_mean(name, t.fields)));
}

double weighted_mean(const std::vector<double>& v, const std::vector<double>& w) {
  double s = 0, ws = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    s += v[i] * w[i];
    ws += w[i];
  }
  return s / ws;
}

}  // namespace

YearTables read_tables(const Spec& spec, const indicators::PathResolver& resolve) {
  YearTables out;
  io::TableReadOptions opts;
  opts.key_field = spec.table_key;
  opts.layer = spec.table_sheet;
  if (spec.missing_values) opts.missing_markers = *spec.missing_values;
  for (int y : spec.years()) {
    const std::string path = resolve(year_file(spec.table_file, y));
    if (!std::filesystem::exists(path))
      spec.fail("table.file", fmt::format("no file for {}: the pattern \"{}\" gives {}, which does not exist", y,
                                          spec.table_file, path));
    io::Table t = io::read_table(path, opts);
    out.files[y] = path;
    out.by_year.emplace(y, std::move(t));
  }
  return out;
}

std::vector<Match> match_nearest(const Units& focus, const Units& candidates, int k, const std::vector<double>& scale,
                                 const std::function<bool(const std::string&, const std::string&)>& allowed) {
  std::vector<Match> out;
  std::vector<std::pair<double, std::size_t>> dist;
  for (std::size_t f = 0; f < focus.codes.size(); ++f) {
    dist.clear();
    for (std::size_t c = 0; c < candidates.codes.size(); ++c) {
      if (!allowed(focus.codes[f], candidates.codes[c])) continue;
      double d2 = 0;
      for (std::size_t v = 0; v < scale.size(); ++v) {
        const double z = (focus.values[f][v] - candidates.values[c][v]) / scale[v];
        d2 += z * z;
      }
      dist.emplace_back(std::sqrt(d2), c);
    }
    const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(k), dist.size());
    auto closer = [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : candidates.codes[a.second] < candidates.codes[b.second];
    };
    std::partial_sort(dist.begin(), dist.begin() + static_cast<std::ptrdiff_t>(take), dist.end(), closer);
    Match m{focus.codes[f], {}, {}};
    for (std::size_t i = 0; i < take; ++i) {
      m.controls.push_back(candidates.codes[dist[i].second]);
      m.distances.push_back(dist[i].first);
    }
    out.push_back(std::move(m));
  }
  return out;
}

Moments moments(const std::vector<double>& values, const std::vector<double>& weights) {
  Moments m;
  m.n = static_cast<double>(values.size());
  if (values.empty()) return m;
  const std::vector<double> w = weights.empty() ? std::vector<double>(values.size(), 1.0) : weights;
  const double ws = std::accumulate(w.begin(), w.end(), 0.0);
  m.mean = weighted_mean(values, w);
  if (values.size() < 2) return m;
  double ss = 0, w2 = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    ss += w[i] * (values[i] - m.mean) * (values[i] - m.mean);
    w2 += w[i] * w[i];
  }
  // The weighted variance Austin (2009) uses for matched samples; with equal weights it is the n − 1 variance.
  m.variance = ws * ss / (ws * ws - w2);
  return m;
}

double standardised_difference(const Moments& focus, const Moments& control) {
  const double sd = std::sqrt((focus.variance + control.variance) / 2);
  if (sd == 0) return focus.mean == control.mean ? 0.0 : std::copysign(INFINITY, focus.mean - control.mean);
  return (focus.mean - control.mean) / sd;
}

std::string balance_flag(double d) {
  if (std::fabs(d) > kBalanceSerious) return "above 0.25";
  if (std::fabs(d) > kBalanceNotable) return "above 0.1";
  return "";
}

Comparison compare(const Spec& spec, const YearTables& tables) {
  Comparison out;
  const io::Table& base = tables.by_year.at(spec.baseline_year);
  const std::vector<std::string> focus_all = expand(spec, base, spec.focus, "focus");
  const std::set<std::string> focus_set(focus_all.begin(), focus_all.end());

  // Outcome columns must exist in every year's table (empty columns are allowed: not measured that year).
  std::map<int, std::vector<std::size_t>> outcome_cols;
  for (const auto& [year, t] : tables.by_year)
    for (const auto& o : spec.outcomes) outcome_cols[year].push_back(column(spec, t, o, "outcomes", year));

  auto value = [&](int year, const std::string& code, std::size_t col) -> std::optional<double> {
    const io::Table& t = tables.by_year.at(year);
    auto row = t.row_of(code);
    if (!row) return std::nullopt;
    return t.number(*row, col);
  };

  const std::vector<std::string> vars = spec.match ? spec.match->on : std::vector<std::string>{};
  std::vector<std::size_t> var_cols;
  for (const auto& v : vars) var_cols.push_back(column(spec, base, v, "match.on", spec.baseline_year));
  auto complete = [&](const std::string& code) -> std::optional<std::vector<double>> {
    std::vector<double> row;
    for (auto c : var_cols) {
      auto v = value(spec.baseline_year, code, c);
      if (!v) return std::nullopt;
      row.push_back(*v);
    }
    return row;
  };

  // Focus buurten without every matching variable cannot be matched, and are left out.
  Units focus_units;
  for (const auto& code : focus_all) {
    if (auto row = complete(code)) {
      focus_units.codes.push_back(code);
      focus_units.values.push_back(*row);
    } else {
      out.warnings.push_back(fmt::format("focus buurt {} lacks a matching variable at baseline {}: left out of the comparison",
                                         code, spec.baseline_year));
    }
  }
  if (focus_units.codes.empty()) spec.fail("focus", "no focus buurt has every matching variable at baseline: nothing to compare");
  out.focus = focus_units.codes;
  out.counts["focus_listed_buurten"] = focus_all.size();
  out.counts["focus_compared_buurten"] = focus_units.codes.size();

  auto excluded = [&](const std::string& code) {
    if (!spec.match) return false;
    for (const auto& e : spec.match->exclude)
      if (matches_prefix(code, e)) return true;
    return false;
  };
  auto in_pool = [&](const std::string& code) {
    if (!spec.match || spec.match->pool == PoolKind::All) return true;
    if (spec.match->pool == PoolKind::Gemeente) {
      for (const auto& f : focus_units.codes)
        if (cbs::gemeente_of(f) == cbs::gemeente_of(code)) return true;
      return false;
    }
    for (const auto& p : spec.match->pool_prefixes)
      if (matches_prefix(code, p)) return true;
    return false;
  };

  // Candidates: every non-focus buurt of the pool with all matching variables.
  Units candidates;
  std::size_t pool_buurten = 0, missing = 0, excluded_n = 0;
  for (std::size_t r = 0; r < base.row_count(); ++r) {
    const std::string& code = base.key(r);
    if (!is_buurt(code) || focus_set.count(code) || !in_pool(code)) continue;
    ++pool_buurten;
    if (excluded(code)) {
      ++excluded_n;
      continue;
    }
    auto row = complete(code);
    if (!row) {
      ++missing;
      continue;
    }
    candidates.codes.push_back(code);
    candidates.values.push_back(*row);
  }

  if (spec.controls) {
    const auto listed = expand(spec, base, *spec.controls, "controls");
    for (const auto& c : listed) {
      if (focus_set.count(c)) spec.fail("controls", fmt::format("{} is a focus buurt: a control must lie outside the focus", c));
      out.controls.push_back(c);
      out.weights[c] = static_cast<double>(focus_units.codes.size()) / static_cast<double>(listed.size());
      out.control_rows.push_back({"", c, 0, std::nullopt});
    }
  } else {
    out.matched = true;
    out.counts["pool_buurten"] = pool_buurten;
    out.counts["pool_excluded"] = excluded_n;
    out.counts["pool_missing_a_matching_variable"] = missing;
    out.counts["candidates"] = candidates.codes.size();
    if (missing > 0)
      out.warnings.push_back(fmt::format("{} of {} non-focus buurten in the pool lack a matching variable at baseline and "
                                         "cannot be controls",
                                         missing, pool_buurten));
    // One scale for everyone: the SD of each variable over the candidates and the focus.
    std::vector<double> scale;
    for (std::size_t v = 0; v < vars.size(); ++v) {
      std::vector<double> all;
      for (const auto& row : candidates.values) all.push_back(row[v]);
      for (const auto& row : focus_units.values) all.push_back(row[v]);
      const double sd = std::sqrt(moments(all).variance);
      if (!(sd > 0)) spec.fail("match.on", fmt::format("'{}' has the same value in every buurt of the pool: it cannot tell buurten apart", vars[v]));
      scale.push_back(sd);
    }
    const bool same_gemeente = spec.match->pool == PoolKind::Gemeente;
    auto allowed = [&](const std::string& f, const std::string& c) {
      return !same_gemeente || cbs::gemeente_of(f) == cbs::gemeente_of(c);
    };
    const auto matches = match_nearest(focus_units, candidates, spec.match->k, scale, allowed);
    for (const auto& m : matches) {
      if (m.controls.empty()) spec.fail("match.pool", fmt::format("the pool holds no candidate for focus buurt {}", m.focus));
      if (static_cast<int>(m.controls.size()) < spec.match->k)
        out.warnings.push_back(fmt::format("focus buurt {} got {} controls, not {}: the pool holds no more", m.focus,
                                           m.controls.size(), spec.match->k));
      for (std::size_t i = 0; i < m.controls.size(); ++i) {
        const std::string& c = m.controls[i];
        if (!out.weights.count(c)) out.controls.push_back(c);
        // Each focus buurt carries weight 1, shared by its controls.
        out.weights[c] += 1.0 / static_cast<double>(m.controls.size());
        out.control_rows.push_back({m.focus, c, static_cast<int>(i + 1), m.distances[i]});
      }
    }
  }
  out.counts["controls"] = out.controls.size();

  // Balance: matching variables, then each outcome at baseline.
  struct Var {
    std::string name, role;
    std::size_t col;
  };
  std::vector<Var> balance_vars;
  for (std::size_t v = 0; v < vars.size(); ++v) balance_vars.push_back({vars[v], "matched on", var_cols[v]});
  for (std::size_t o = 0; o < spec.outcomes.size(); ++o)
    if (std::find(vars.begin(), vars.end(), spec.outcomes[o]) == vars.end())
      balance_vars.push_back({spec.outcomes[o], "outcome at baseline", outcome_cols[spec.baseline_year][o]});
  for (const auto& bv : balance_vars) {
    std::vector<double> fv, pv, cv, cw;
    for (const auto& f : focus_units.codes)
      if (auto x = value(spec.baseline_year, f, bv.col)) fv.push_back(*x);
    for (const auto& c : candidates.codes)
      if (auto x = value(spec.baseline_year, c, bv.col)) pv.push_back(*x);
    for (const auto& c : out.controls)
      if (auto x = value(spec.baseline_year, c, bv.col)) {
        cv.push_back(*x);
        cw.push_back(out.weights.at(c));
      }
    if (fv.empty() || cv.empty()) continue;  // not measured at baseline: said per outcome below
    BalanceRow b;
    b.variable = bv.name;
    b.role = bv.role;
    b.focus = moments(fv);
    b.pool = moments(pv);
    b.matched = moments(cv, cw);
    // The pre-matching SD serves before and after, so a change in d is a change in means (Stuart 2010).
    const Moments& before = spec.controls ? b.matched : b.pool;
    b.pooled_sd = std::sqrt((b.focus.variance + before.variance) / 2);
    b.d_before = spec.controls ? NAN : standardised_difference(b.focus, b.pool);
    b.d_after = b.pooled_sd > 0 ? (b.focus.mean - b.matched.mean) / b.pooled_sd : 0.0;
    out.balance.push_back(b);
  }

  // Per outcome and follow-up year: buurten with a value in both years (a panel), so that a
  // change is never a change in who is counted.
  for (std::size_t o = 0; o < spec.outcomes.size(); ++o) {
    const std::string& name = spec.outcomes[o];
    const std::size_t base_col = outcome_cols[spec.baseline_year][o];
    double baseline_d = 0;
    for (const auto& b : out.balance)
      if (b.variable == name) baseline_d = b.d_after;
    for (int year : spec.follow_up_years) {
      const std::size_t col = outcome_cols[year][o];
      OutcomeRow row;
      row.outcome = name;
      row.year = year;
      std::vector<double> fb, fn, cb, cn, cw;
      bool base_measured = false, year_measured = false;
      for (const auto& f : focus_units.codes) {
        auto b = value(spec.baseline_year, f, base_col);
        auto n = value(year, f, col);
        base_measured |= b.has_value();
        year_measured |= n.has_value();
        if (b && n) {
          fb.push_back(*b);
          fn.push_back(*n);
        }
      }
      for (const auto& c : out.controls) {
        auto b = value(spec.baseline_year, c, base_col);
        auto n = value(year, c, col);
        if (b && n) {
          cb.push_back(*b);
          cn.push_back(*n);
          cw.push_back(out.weights.at(c));
        }
      }
      if (!base_measured || !year_measured) {
        // Only a level can be shown: the year that has values, cross-section.
        const int have = base_measured ? spec.baseline_year : year;
        const std::size_t have_col = base_measured ? base_col : col;
        std::vector<double> f1, c1, w1;
        for (const auto& f : focus_units.codes)
          if (auto v = value(have, f, have_col)) f1.push_back(*v);
        for (const auto& c : out.controls)
          if (auto v = value(have, c, have_col)) {
            c1.push_back(*v);
            w1.push_back(out.weights.at(c));
          }
        row.focus_n = f1.size();
        row.control_n = c1.size();
        if (!f1.empty()) (base_measured ? row.focus_baseline : row.focus_now) = moments(f1).mean;
        if (!c1.empty()) (base_measured ? row.control_baseline : row.control_now) = moments(c1, w1).mean;
        if (!base_measured && !year_measured)
          row.notes.push_back(fmt::format("not measured in {} nor in {}", spec.baseline_year, year));
        else
          row.notes.push_back(fmt::format("not measured in {}: no change can be computed, only the {} level is shown",
                                          base_measured ? year : spec.baseline_year, have));
      } else {
        row.focus_n = fb.size();
        row.control_n = cb.size();
        if (!fb.empty()) {
          row.focus_baseline = moments(fb).mean;
          row.focus_now = moments(fn).mean;
        }
        if (!cb.empty()) {
          row.control_baseline = moments(cb, cw).mean;
          row.control_now = moments(cn, cw).mean;
        }
        if (!fb.empty() && !cb.empty()) {
          row.did = (*row.focus_now - *row.focus_baseline) - (*row.control_now - *row.control_baseline);
          if (std::fabs(*row.did) < spec.min_meaningful_difference)
            row.notes.push_back(fmt::format("the difference in differences is smaller than {:g} "
                                            "(min_meaningful_difference): read as no difference, as model estimates "
                                            "cannot carry finer ones",
                                            spec.min_meaningful_difference));
          if (std::fabs(baseline_d) > kBalanceSerious)
            row.notes.push_back(fmt::format("focus and controls differ at baseline on this outcome (d = {:.2f}): "
                                            "equal trends without the programme are less plausible",
                                            baseline_d));
        }
      }
      const bool measured = base_measured || year_measured;
      const auto min_n = static_cast<std::size_t>(spec.min_n);
      if (measured && (row.focus_n < min_n || row.control_n < min_n))
        row.notes.push_back(fmt::format("fewer than {} buurten with a value in a group (focus {}, controls {}): too few "
                                        "to carry a comparison (min_n)",
                                        spec.min_n, row.focus_n, row.control_n));
      // A small difference is a reading of the numbers, not a problem of the data.
      for (const auto& n : row.notes)
        if (n.find("min_meaningful_difference") == std::string::npos)
          out.warnings.push_back(fmt::format("{} {}: {}", name, year, n));
      out.outcomes.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace leefkaart::programme
