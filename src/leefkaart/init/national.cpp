#include "init/national.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/errors.hpp"
#include "geom/geos.hpp"
#include "init/reference_tables.hpp"
#include "io/cbs.hpp"
#include "io/csv.hpp"
#include "io/table_source.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::init {

namespace {

// A compiled-in reference table: every row must have every column.
std::vector<std::map<std::string, std::string>> reference_rows(const char* text, const std::string& name,
                                                               const std::vector<std::string>& columns) {
  const io::CsvTable t = io::read_csv(text);
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::map<std::string, std::string> row;
    for (const auto& c : columns) {
      auto it = std::find(t.header.begin(), t.header.end(), c);
      if (it == t.header.end()) throw std::runtime_error(fmt::format("{}: column {} is missing", name, c));
      const auto& v = t.rows[r][static_cast<std::size_t>(it - t.header.begin())];
      if (!v || v->empty()) throw std::runtime_error(fmt::format("{}: row {} has no {}", name, r + 2, c));
      row[c] = *v;
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string digits_of(const std::string& gm_code) { return gm_code.substr(2); }

}  // namespace

std::vector<GemeenteRef> gemeenten_reference() {
  std::vector<GemeenteRef> out;
  for (auto& r : reference_rows(kGemeentenProvinciesCsv, "presets/nl/gemeenten_provincies_2025.csv",
                                {"gemeentecode", "gemeentenaam", "provinciecode", "provincienaam"}))
    out.push_back({r["gemeentecode"], r["gemeentenaam"], r["provinciecode"], r["provincienaam"]});
  return out;
}

std::vector<Merger> mergers_reference() {
  std::vector<Merger> out;
  for (auto& r : reference_rows(kHerindelingenCsv, "presets/nl/herindelingen_2019_2025.csv",
                                {"oude_gemeentecode", "oude_gemeentenaam", "nieuwe_gemeentecode", "nieuwe_gemeentenaam", "datum"}))
    out.push_back({r["oude_gemeentecode"], r["oude_gemeentenaam"], r["nieuwe_gemeentecode"], r["nieuwe_gemeentenaam"], r["datum"]});
  return out;
}

GemeentePlan plan_gemeente(const NationalData& data, const std::string& code) {
  auto ref = std::find_if(data.gemeenten.begin(), data.gemeenten.end(), [&](const GemeenteRef& g) { return g.code == code; });
  if (ref == data.gemeenten.end()) {
    std::vector<std::string> successors;
    for (const auto& m : data.mergers)
      if (m.old_code == code) successors.push_back(fmt::format("{} {} (since {})", m.new_code, m.new_name, m.date));
    if (!successors.empty())
      throw InputError({"--gemeente", "", code},
                       fmt::format("{} is a former gemeente: it is now part of {}; give that code", code, fmt::join(successors, " and ")));
    throw InputError({"--gemeente", "", code},
                     fmt::format("unknown gemeente code \"{}\": give a code of the 2025 indeling, GM and four digits "
                                 "(e.g. GM0307 for Amersfoort); presets/nl/gemeenten_provincies_2025.csv lists all {}",
                                 code, data.gemeenten.size()));
  }
  GemeentePlan plan;
  plan.ref = *ref;
  auto has_prefix = [&](const std::string& prefix) {
    return std::any_of(data.polygons.begin(), data.polygons.end(), [&](const Polygon& p) { return p.code.rfind(prefix, 0) == 0; });
  };
  const std::string own = "BU" + digits_of(code);
  if (has_prefix(own)) plan.buurt_prefixes.push_back(own);
  // Former gemeenten: wholly merged ones bring their prefix; a split one's
  // polygons go one by one to the successor whose own polygons lie nearest.
  std::map<std::string, std::vector<const Merger*>> successors_of;
  for (const auto& m : data.mergers) successors_of[m.old_code].push_back(&m);
  for (const auto& [old_code, succ] : successors_of) {
    if (std::none_of(succ.begin(), succ.end(), [&](const Merger* m) { return m->new_code == code; })) continue;
    const std::string old_prefix = "BU" + digits_of(old_code);
    const std::string date = succ.front()->date;
    plan.merged_from.push_back(fmt::format("{} {} ({})", old_code, succ.front()->old_name, date));
    if (succ.size() == 1) {
      if (has_prefix(old_prefix)) plan.buurt_prefixes.push_back(old_prefix);
      continue;
    }
    for (const auto& p : data.polygons) {
      if (p.code.rfind(old_prefix, 0) != 0) continue;
      std::string nearest;
      double best = std::numeric_limits<double>::infinity();
      for (const Merger* m : succ)
        for (const auto& q : data.polygons)
          if (q.code.rfind("BU" + digits_of(m->new_code), 0) == 0) {
            const double d = std::hypot(p.x - q.x, p.y - q.y);
            if (d < best) best = d, nearest = m->new_code;
          }
      if (nearest == code) plan.buurten.push_back(p.code);
    }
  }
  if (plan.buurt_prefixes.empty() && plan.buurten.empty())
    throw InputError({"--gemeente", "", code}, fmt::format("no buurt polygon of {} {} was found in the national polygons", code, plan.ref.name));

  std::set<std::string> kwb_codes;
  for (const auto& r : data.kwb) {
    kwb_codes.insert(r.buurtcode);
    if (r.gemeente != code) continue;
    ++plan.rows;
    plan.residents += r.residents;
  }
  std::set<std::string> mine;
  for (const auto& p : data.polygons) {
    const bool listed = std::find(plan.buurten.begin(), plan.buurten.end(), p.code) != plan.buurten.end();
    const bool by_prefix = std::any_of(plan.buurt_prefixes.begin(), plan.buurt_prefixes.end(),
                                       [&](const std::string& pre) { return p.code.rfind(pre, 0) == 0; });
    if (!listed && !by_prefix) continue;
    mine.insert(p.code);
    ++plan.polygons;
    if (kwb_codes.count(p.code)) ++plan.polygons_with_row;
    if (data.ggd_codes.count(p.code)) ++plan.polygons_with_ggd;
  }
  for (const auto& r : data.kwb)
    if (r.gemeente == code && !mine.count(r.buurtcode)) {
      ++plan.rows_without_polygon;
      plan.residents_without_polygon += r.residents;
    }
  if (plan.rows == 0)
    throw InputError({"--gemeente", "", code}, fmt::format("{} {} has no buurt in the CBS table", code, plan.ref.name));
  return plan;
}

NationalData read_national(const NationalFiles& f) {
  NationalData d;
  d.gemeenten = gemeenten_reference();
  d.mergers = mergers_reference();

  io::VectorReadOptions vopts;
  vopts.assign_crs = f.polygons_crs;
  const io::AreaSet areas = io::read_areas(f.polygons, f.polygon_code_field, "", cbs::Level::Buurt, vopts);
  for (const auto& a : areas.areas) {
    const geom::Point c = geom::point_xy(geom::centroid(a.geom.get()).get());
    d.polygons.push_back({a.code, a.area_m2, c.x, c.y});
  }

  io::TableReadOptions kopts;
  kopts.key_field = f.kwb_key;
  kopts.key_level = cbs::Level::Buurt;
  const io::Table kwb = io::read_table(f.kwb, kopts);
  const std::size_t gm = kwb.field_index("gm_code"), inw = kwb.field_index("a_inw");
  std::set<std::string> known;
  for (const auto& g : d.gemeenten) known.insert(g.code);
  std::size_t matched = 0;
  for (std::size_t row = 0; row < kwb.row_count(); ++row) {
    if (cbs::level_of(kwb.key(row)) != cbs::Level::Buurt) continue;
    std::string g = kwb.text(row, gm);
    if (g.rfind("GM", 0) != 0) g = "GM" + std::string(g.size() < 4 ? 4 - g.size() : 0, '0') + g;
    if (!known.count(g))
      throw InputError({f.kwb, kwb.row_label(row), "gm_code"},
                       fmt::format("gemeente {} is not in presets/nl/gemeenten_provincies_2025.csv (a newer indeling?): "
                                   "add it with its province",
                                   g));
    d.kwb.push_back({kwb.key(row), g, kwb.number(row, inw).value_or(0.0)});
    if (areas.index_of.count(kwb.key(row))) ++matched;
  }
  if (d.kwb.empty()) throw InputError({f.kwb, "", f.kwb_key}, "the table has no buurt rows (codes BU + 8 digits)");
  if (matched == 0)
    throw InputError({f.kwb, "", f.kwb_key},
                     fmt::format("none of its {} buurt codes matches a polygon of {}: is it a buurt table of the Netherlands?",
                                 d.kwb.size(), f.polygons));

  io::TableReadOptions gopts;
  gopts.key_field = f.ggd_key;
  const io::Table ggd = io::read_table(f.ggd, gopts);
  std::size_t ggd_matched = 0;
  for (std::size_t row = 0; row < ggd.row_count(); ++row) {
    if (cbs::level_of(ggd.key(row)) != cbs::Level::Buurt) continue;
    d.ggd_codes.insert(ggd.key(row));
    if (areas.index_of.count(ggd.key(row))) ++ggd_matched;
  }
  if (ggd_matched == 0)
    throw InputError({f.ggd, "", f.ggd_key},
                     fmt::format("none of its {} buurt codes matches a polygon of {}", d.ggd_codes.size(), f.polygons));
  return d;
}

}  // namespace leefkaart::init
