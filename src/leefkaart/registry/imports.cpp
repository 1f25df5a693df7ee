#include "registry/imports.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/sheet.hpp"

namespace leefkaart::registry {
namespace fs = std::filesystem;
namespace col = columns;

namespace {

// A sheet with its columns looked up by name; unknown columns are refused, so
// that a typo ("finaciering") does not silently drop a whole column.
class Rows {
 public:
  Rows(const fs::path& path, const std::vector<std::string_view>& allowed, const std::vector<std::string_view>& required)
      : sheet_(io::read_sheet(path)) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (std::size_t i = 0; i < sheet_.header.size(); ++i) {
      const std::string& h = sheet_.header[i];
      if (h.empty()) continue;
      if (std::find(allowed.begin(), allowed.end(), h) == allowed.end())
        throw InputError({sheet_.file, "header", h},
                         fmt::format("unknown column{} (the columns are: {})", did_you_mean(h, names), fmt::join(names, ", ")));
      if (!index_.emplace(h, i).second) throw InputError({sheet_.file, "header", h}, "this column is there twice");
    }
    for (auto name : required)
      if (!has(name))
        throw InputError({sheet_.file, "header", std::string(name)},
                         fmt::format("missing column (the header has: {}){}", fmt::join(sheet_.header, ", "),
                                     did_you_mean(name, sheet_.header)));
    if (sheet_.rows.empty()) throw InputError({sheet_.file, "", ""}, "no rows below the header");
  }

  std::size_t size() const { return sheet_.rows.size(); }
  const std::string& file() const { return sheet_.file; }
  bool has(std::string_view name) const { return index_.count(std::string(name)) > 0; }
  Location where(std::size_t row, const std::string& what = "") const {
    return {sheet_.file, sheet_.row_label(row) + (what.empty() ? "" : " (" + what + ")"), ""};
  }

  // The cell, trimmed; nullopt when the column is absent or the cell empty.
  std::optional<std::string> text(std::size_t row, std::string_view name) const {
    auto it = index_.find(std::string(name));
    if (it == index_.end()) return std::nullopt;
    const auto& cells = sheet_.rows[row];
    if (it->second >= cells.size() || !cells[it->second]) return std::nullopt;
    std::string v = trim(*cells[it->second]);
    if (v.empty()) return std::nullopt;
    return v;
  }
  std::string required(std::size_t row, std::string_view name) const { return text(row, name).value_or(""); }

  std::vector<std::string> list(std::size_t row, std::string_view name) const {
    std::vector<std::string> out;
    const auto v = text(row, name);
    if (!v) return out;
    std::size_t from = 0;
    while (from <= v->size()) {
      const auto to = std::min(v->find(col::kListSeparator, from), v->size());
      std::string part = trim(std::string_view(*v).substr(from, to - from));
      if (!part.empty()) out.push_back(std::move(part));
      from = to + 1;
    }
    return out;
  }

  std::optional<bool> yes_no(std::size_t row, std::string_view name, const Location& at) const {
    const auto v = text(row, name);
    if (!v) return std::nullopt;
    const std::string w = to_lower(*v);
    if (w == "ja" || w == "1" || w == "waar" || w == "true") return true;
    if (w == "nee" || w == "0" || w == "onwaar" || w == "false") return false;
    throw InputError({at.file, at.where, std::string(name)}, fmt::format("'{}': write ja or nee", *v));
  }

  std::optional<double> number(std::size_t row, std::string_view name, const Location& at) const {
    const auto v = text(row, name);
    if (!v) return std::nullopt;
    double d = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
    if (ec != std::errc() || end != v->data() + v->size() || !std::isfinite(d))
      throw InputError({at.file, at.where, std::string(name)}, fmt::format("'{}' is not a number (metres in EPSG:28992)", *v));
    return d;
  }

 private:
  io::SheetTable sheet_;
  std::map<std::string, std::size_t> index_;
};

// The record fields (registry/records.hpp, the API's names) by the column
// that fills them, so a refusal names the column the user wrote.
const std::map<std::string, std::string_view>& column_of_field() {
  static const std::map<std::string, std::string_view> m = {
      {"code", col::kCode},
      {"name", col::kName},
      {"areas", col::kAreas},
      {"polygon_wkt", col::kPolygon},
      {"status", col::kStatus},
      {"stop_reason", col::kStopReason},
      {"planned_start", col::kPlannedStart},
      {"planned_end", col::kPlannedEnd},
      {"actual_start", col::kStart},
      {"actual_end", col::kEnd},
      {"types", col::kTypes},
      {"domain", col::kDomain},
      {"perspective", col::kPerspective},
      {"target_group", col::kTargetGroup},
      {"partners", col::kPartners},
      {"funding", col::kFunding},
      {"funding_end", col::kFundingEnd},
      {"indicators", col::kIndicators},
      {"assumptions", col::kLinkedAssumptions},
      {"date", col::kDate},
      {"area_code", col::kArea},
      {"precision", col::kPrecision},
      {"source", col::kSource},
      {"text", col::kText},
      {"themes", col::kThemes},
      {"consent", col::kConsent},
      {"publishable", col::kPublishable},
      {"author_role", col::kRole},
      {"kind", col::kKind},
      {"questions", col::kQuestions},
      {"interventions", col::kInterventions},
      {"manifest_checksum", col::kChecksum},
      {"build_label", col::kBuildLabel},
  };
  return m;
}

// Runs `add`; an InputError is passed on naming the column instead of the field.
template <class F>
std::size_t naming_columns(F add) {
  try {
    return add();
  } catch (const InputError& e) {
    const auto& m = column_of_field();
    auto it = m.find(e.location().field);
    if (it == m.end()) throw;
    throw InputError({e.location().file, e.location().where, std::string(it->second)}, e.problem());
  }
}

}  // namespace

std::vector<Located<Intervention>> read_interventions(const fs::path& file, const std::string& created) {
  const Rows rows(file,
                  {col::kCode, col::kName, col::kAreas, col::kPolygon, col::kStatus, col::kStopReason, col::kPlannedStart,
                   col::kPlannedEnd, col::kStart, col::kEnd, col::kTypes, col::kDomain, col::kPerspective,
                   col::kTargetGroup, col::kPartners, col::kFunding, col::kFundingEnd, col::kSituatie,
                   col::kWaarNaartoe, col::kHoe, col::kAannamen, col::kIndicators, col::kLinkedAssumptions},
                  {col::kCode, col::kName, col::kTypes});
  if (!rows.has(col::kAreas) && !rows.has(col::kPolygon))
    throw InputError({rows.file(), "header", std::string(col::kAreas)},
                     fmt::format("missing column: an intervention lies in areas ({}) or a drawn area ({})", col::kAreas,
                                 col::kPolygon));
  std::vector<Located<Intervention>> out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Intervention i;
    i.code = rows.required(r, col::kCode);
    const Location where = rows.where(r, i.code.empty() ? "" : "code " + i.code);
    i.name = rows.required(r, col::kName);
    i.areas = rows.list(r, col::kAreas);
    i.polygon_wkt = rows.text(r, col::kPolygon);
    i.status = rows.text(r, col::kStatus).value_or("gepland");
    i.stop_reason = rows.text(r, col::kStopReason);
    i.planned_start = rows.text(r, col::kPlannedStart);
    i.planned_end = rows.text(r, col::kPlannedEnd);
    i.actual_start = rows.text(r, col::kStart);
    i.actual_end = rows.text(r, col::kEnd);
    i.types = rows.list(r, col::kTypes);
    i.domain = rows.text(r, col::kDomain);
    i.perspective = rows.text(r, col::kPerspective);
    i.target_group = rows.text(r, col::kTargetGroup);
    i.partners = rows.text(r, col::kPartners);
    i.funding = rows.text(r, col::kFunding);
    i.funding_end = rows.text(r, col::kFundingEnd);
    i.situatie = rows.text(r, col::kSituatie);
    i.waar_naartoe = rows.text(r, col::kWaarNaartoe);
    i.hoe = rows.text(r, col::kHoe);
    i.aannamen = rows.text(r, col::kAannamen);
    for (const auto& aim : rows.list(r, col::kIndicators)) {
      const auto at = aim.find(col::kAimSeparator);
      if (at == std::string::npos)
        throw InputError({where.file, where.where, std::string(col::kIndicators)},
                         fmt::format("'{}': write indicator{}direction, e.g. no2{}omlaag", aim, col::kAimSeparator,
                                     col::kAimSeparator));
      i.indicators.push_back({trim(std::string_view(aim).substr(0, at)), trim(std::string_view(aim).substr(at + 1))});
    }
    for (const auto& entry : rows.list(r, col::kLinkedAssumptions)) {
      std::vector<std::string> parts;
      std::size_t from = 0;
      while (from <= entry.size()) {
        const auto to = std::min(entry.find(col::kAssumptionSeparator, from), entry.size());
        parts.push_back(trim(std::string_view(entry).substr(from, to - from)));
        from = to + col::kAssumptionSeparator.size();
      }
      if (parts.size() > 3)
        throw InputError({where.file, where.where, std::string(col::kLinkedAssumptions)},
                         fmt::format("'{}': write text {} indicator {} area (indicator and area may be left out)", entry,
                                     col::kAssumptionSeparator, col::kAssumptionSeparator));
      Assumption a;
      a.text = parts[0];
      if (parts.size() > 1 && !parts[1].empty()) a.indicator = parts[1];
      if (parts.size() > 2 && !parts[2].empty()) a.area_code = parts[2];
      i.assumptions.push_back(std::move(a));
    }
    i.created = created;
    i.source = file.filename().string();
    out.push_back({std::move(i), where});
  }
  return out;
}

std::vector<Located<Story>> read_stories(const fs::path& file, const std::string& created) {
  const Rows rows(file,
                  {col::kDate, col::kArea, col::kX, col::kY, col::kPrecision, col::kSource, col::kText, col::kThemes,
                   col::kConsent, col::kPublishable, col::kRole, col::kSignal},
                  {col::kDate, col::kArea, col::kSource, col::kText, col::kConsent, col::kPublishable});
  std::vector<Located<Story>> out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Story s;
    const Location where = rows.where(r);
    s.date = rows.required(r, col::kDate);
    s.area_code = rows.required(r, col::kArea);
    s.x = rows.number(r, col::kX, where);
    s.y = rows.number(r, col::kY, where);
    // Without a precision a point is shown at its buurt: the careful default.
    s.precision = rows.text(r, col::kPrecision).value_or("buurt");
    s.source = rows.required(r, col::kSource);
    s.text = rows.required(r, col::kText);
    s.themes = rows.list(r, col::kThemes);
    s.signal = rows.text(r, col::kSignal);
    const auto consent = rows.yes_no(r, col::kConsent, where);
    const auto publishable = rows.yes_no(r, col::kPublishable, where);
    if (!consent)
      throw InputError({where.file, where.where, std::string(col::kConsent)}, "empty: write ja or nee (did the teller consent?)");
    if (!publishable)
      throw InputError({where.file, where.where, std::string(col::kPublishable)}, "empty: write ja or nee");
    s.consent = *consent;
    s.publishable = *publishable;
    s.author_role = rows.text(r, col::kRole);
    s.created = created;
    s.source_file = file.filename().string();
    out.push_back({std::move(s), where});
  }
  return out;
}

std::vector<Located<Cycle>> read_cycles(const fs::path& file, const KnownNames* build) {
  const Rows rows(file,
                  {col::kDate, col::kKind, col::kText, col::kRole, col::kQuestions, col::kInterventions, col::kChecksum,
                   col::kBuildLabel},
                  {col::kDate, col::kKind, col::kText});
  std::vector<Located<Cycle>> out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Cycle c;
    const Location where = rows.where(r);
    c.date = rows.required(r, col::kDate);
    c.kind = rows.required(r, col::kKind);
    c.text = rows.required(r, col::kText);
    c.author_role = rows.text(r, col::kRole);
    c.questions = rows.list(r, col::kQuestions);
    c.interventions = rows.list(r, col::kInterventions);
    c.manifest_checksum = rows.text(r, col::kChecksum);
    c.build_label = rows.text(r, col::kBuildLabel);
    if (c.manifest_checksum) {
      c.manifest_checksum = to_lower(*c.manifest_checksum);
    } else if (build) {
      c.manifest_checksum = build->manifest_checksum;
      if (!c.build_label) c.build_label = build->source;
    }
    c.source = file.filename().string();
    out.push_back({std::move(c), where});
  }
  return out;
}

std::size_t import_interventions(Store& store, const fs::path& file, const KnownNames& known, const std::string& created) {
  const auto items = read_interventions(file, created);
  return naming_columns([&] { return add_interventions(store, items, known); });
}

std::size_t import_stories(Store& store, const fs::path& file, const KnownNames& known, const std::string& created) {
  auto items = read_stories(file, created);
  return naming_columns([&] { return add_stories(store, std::move(items), known); });
}

std::size_t import_cycles(Store& store, const fs::path& file, const KnownNames* build) {
  const auto items = read_cycles(file, build);
  return naming_columns([&] { return add_cycles(store, items); });
}

}  // namespace leefkaart::registry
