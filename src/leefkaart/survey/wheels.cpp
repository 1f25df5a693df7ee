#include "survey/wheels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/errors.hpp"

namespace leefkaart::survey {
namespace {

std::string scale_text(const Scale& s) { return fmt::format("{}–{}", s.min, s.max); }

// Quantile of sorted values by linear interpolation between order statistics
// (Hyndman & Fan type 7, the default of R and of spreadsheets' QUARTILE.INC):
// position h = (n − 1)·p, value x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

bool in_group(const Form& f, const WheelGroup& group) {
  if (group.attribute.empty()) return true;
  const auto it = f.attributes.find(group.attribute);
  return it != f.attributes.end() && it->second == group.value;
}

ThemeSet known_set(const std::string& id, const std::string& area, const std::string& what) {
  auto set = theme_set(id);
  if (!set) {
    std::vector<std::string> ids;
    for (const auto& s : theme_sets()) ids.push_back(s.id);
    throw InputError({"", fmt::format("gebied {}", area), what},
                     fmt::format("themaset '{}' bestaat niet (wel: {})", id, fmt::join(ids, ", ")));
  }
  return *set;
}

}  // namespace

double rescale(double score, const Scale& from, const Scale& to) {
  // schema/survey.json rescaling.formula: c + (s − a)·(d − c)/(b − a).
  return to.min + (score - from.min) * static_cast<double>(to.max - to.min) / static_cast<double>(from.max - from.min);
}

Wheel wheel_of(const std::vector<Form>& all, const std::string& area, const std::string& round, const WheelGroup& group,
               const WheelOptions& options) {
  std::vector<const Form*> forms;
  for (const Form& f : all)
    if (f.area == area && f.round == round && in_group(f, group)) forms.push_back(&f);

  Wheel w;
  w.area = area;
  w.round = round;
  w.group = group;
  w.forms = static_cast<int>(forms.size());
  for (const Form* f : forms) w.people += f->people;

  // The sets of the forms, in the order met; two sets are never summarised
  // together unless rescaling onto one is asked for.
  std::vector<std::string> set_ids;
  for (const Form* f : forms)
    if (std::find(set_ids.begin(), set_ids.end(), f->theme_set) == set_ids.end()) set_ids.push_back(f->theme_set);
  std::map<std::string, ThemeSet> sets;
  for (const auto& id : set_ids) sets.emplace(id, known_set(id, area, "themaset"));

  ThemeSet target;
  if (options.rescale_to) {
    target = known_set(*options.rescale_to, area, "--herschaal");
    w.rescaled = std::any_of(forms.begin(), forms.end(),
                             [&](const Form* f) { return !(sets.at(f->theme_set).scale == target.scale); });
  } else if (set_ids.size() > 1) {
    const ThemeSet& a = sets.at(set_ids[0]);
    const ThemeSet& b = sets.at(set_ids[1]);
    throw InputError({"", fmt::format("gebied {}, ronde {}", area, round), "themaset"},
                     fmt::format("de formulieren mengen themaset {} (schaal {}) en {} (schaal {}): twee schalen komen "
                                 "nooit samen in één wiel. Vraag om herschalen met `--herschaal <themaset>`, "
                                 "bijvoorbeeld `--herschaal {}`",
                                 a.id, scale_text(a.scale), b.id, scale_text(b.scale), a.id));
  } else if (!set_ids.empty()) {
    target = sets.at(set_ids[0]);
  }
  w.theme_set = target.id;
  w.scale = target.scale;

  if (w.people < options.min_group) {
    w.hidden_reason = hidden_reason(options.min_group, w.people);
    return w;
  }

  for (const Theme& theme : target.themes) {
    ThemeSpread s;
    s.theme = theme.code;
    std::vector<double> values;
    for (const Form* f : forms) {
      const Scale& from = sets.at(f->theme_set).scale;
      for (const ThemeAnswer& a : f->answers) {
        if (a.theme != theme.code) continue;
        // A group's form is one answer: the group agreed on one score.
        if (a.score) values.push_back(from == target.scale ? *a.score : rescale(*a.score, from, target.scale));
        if (f->publishable) {
          if (a.good && !a.good->empty()) s.good.push_back(*a.good);
          if (a.better && !a.better->empty()) s.better.push_back(*a.better);
        }
      }
    }
    s.n = static_cast<int>(values.size());
    if (!values.empty()) {
      std::sort(values.begin(), values.end());
      double sum = 0;
      for (double v : values) sum += v;
      const double mean = sum / static_cast<double>(values.size());
      s.mean = mean;
      if (values.size() >= 2) {
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        s.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));  // sample sd, n − 1
      }
      s.min = values.front();
      s.q1 = quantile(values, 0.25);
      s.median = quantile(values, 0.5);
      s.q3 = quantile(values, 0.75);
      s.max = values.back();
    }
    w.themes.push_back(std::move(s));
  }
  return w;
}

std::vector<Wheel> all_wheels(const std::vector<Form>& forms, const WheelOptions& options) {
  std::set<std::pair<std::string, std::string>> area_rounds;
  for (const Form& f : forms) area_rounds.emplace(f.area, f.round);
  std::vector<Wheel> out;
  for (const auto& [area, round] : area_rounds) {
    out.push_back(wheel_of(forms, area, round, {}, options));
    for (const auto& [attribute, list] : group_attributes()) {
      std::set<std::string> values;
      for (const Form& f : forms)
        if (f.area == area && f.round == round)
          if (const auto it = f.attributes.find(attribute); it != f.attributes.end()) values.insert(it->second);
      for (const auto& value : values) out.push_back(wheel_of(forms, area, round, {attribute, value}, options));
    }
  }
  return out;
}

}  // namespace leefkaart::survey
