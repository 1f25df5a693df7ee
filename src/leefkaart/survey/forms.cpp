#include "survey/forms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include <charconv>
#include <regex>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/sheet.hpp"
#include "registry/questions.hpp"
#include "registry/records.hpp"
#include "survey/survey_schema.hpp"

namespace leefkaart::survey {
namespace fs = std::filesystem;

namespace {

// Where a stored form came from, for a message: its file and row, or the web form.
Location form_location(const Form& f, const std::string& fallback_file, const std::string& field) {
  const std::string file = f.source_file.value_or(fallback_file);
  const std::string where = f.source_row ? fmt::format("row {}", *f.source_row)
                            : f.label   ? fmt::format("formulier {}", *f.label)
                                        : std::string("formulier");
  return {file, where, field};
}

// " (bedoelt u 'x'?)" when a candidate is close enough to be a typo.
std::string bedoelt_u(std::string_view wanted, const std::vector<std::string>& candidates) {
  const auto near = nearest_name(wanted, candidates);
  return near ? fmt::format(" (bedoelt u '{}'?)", *near) : "";
}

std::string words(const std::vector<std::string>& list) { return fmt::format("{}", fmt::join(list, ", ")); }

// The form file's column names (schema/survey.json form_file.columns).
std::string column(const char* key) {
  const auto& columns = schema().at("form_file").at("columns");
  if (!columns.contains(key)) throw std::logic_error(std::string("survey.json form_file has no column ") + key);
  return key;
}
std::vector<std::string> form_columns() {
  std::vector<std::string> out;
  for (const auto& [name, about] : schema().at("form_file").at("columns").items()) out.push_back(name);
  return out;
}
std::string good_suffix() { return schema().at("form_file").at("good_suffix").get<std::string>(); }
std::string better_suffix() { return schema().at("form_file").at("better_suffix").get<std::string>(); }

std::vector<std::string> set_ids() {
  std::vector<std::string> out;
  for (const auto& s : theme_sets()) out.push_back(s.id);
  return out;
}

std::string scale_text(const Scale& s) { return fmt::format("{}–{}", s.min, s.max); }

// CBS codes: a buurt BU + 8 digits, a wijk WK + 6 digits.
bool cbs_area_code(const std::string& code) {
  static const std::regex shape("^(BU[0-9]{8}|WK[0-9]{6})$");
  return std::regex_match(code, shape);
}

// A whole number written plainly ("7"); nullopt for "7.5", "NaN", "zeven" …
std::optional<int> whole_number(const std::string& text) {
  int v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

}  // namespace

void check_form(const Form& form, const KnownAreas& areas, const DeclaredValues& declared, const std::string& where) {
  const std::string file = form.source_file.value_or("");
  const auto at = [&](const std::string& field) { return Location{file, where, field}; };
  if (form.label && trim(*form.label).empty())
    throw InputError(at(column("formulier")), "leeg: laat de kolom weg, of geef het formulier een eigen id");

  if (trim(form.area).empty())
    throw InputError(at(column("gebied")), "leeg: elk formulier hoort bij een gebied (een buurt- of wijkcode, of een naam met gebied_wkt)");
  if (form.area_wkt) {
    registry::check_polygon_wkt(*form.area_wkt, at(column("gebied_wkt")));
  } else if (areas.named.count(form.area)) {
    // a named area whose polygon is known already
  } else if (!areas.codes.empty()) {
    if (!areas.codes.count(form.area))
      throw InputError(at(column("gebied")),
                       fmt::format("gebied '{}' is geen buurt of wijk van de build in {}{}; een eigen gebied heeft "
                                   "gebied_wkt nodig",
                                   form.area, areas.source,
                                   bedoelt_u(form.area, std::vector<std::string>(areas.codes.begin(), areas.codes.end()))));
  } else if (!cbs_area_code(form.area)) {
    throw InputError(at(column("gebied")),
                     fmt::format("gebied '{}' is geen buurtcode (BU en 8 cijfers) of wijkcode (WK en 6 cijfers); "
                                 "een eigen gebied heeft gebied_wkt nodig",
                                 form.area));
  }

  if (!registry::is_iso_date(form.date))
    throw InputError(at(column("datum")), fmt::format("'{}' is geen datum geschreven als JJJJ-MM-DD", form.date));
  if (!in_vocab("session", form.session))
    throw InputError(at(column("sessie")), fmt::format("'{}' is geen sessie (wel: {}){}", form.session,
                                                       words(vocab_words("session")),
                                                       bedoelt_u(form.session, vocab_words("session"))));
  if (trim(form.round).empty()) throw InputError(at(column("ronde")), "leeg: laat de kolom leeg voor het jaar van de datum");
  const auto set = theme_set(form.theme_set);
  if (!set)
    throw InputError(at(column("themaset")), fmt::format("themaset '{}' bestaat niet (wel: {}){}", form.theme_set,
                                                         words(set_ids()), bedoelt_u(form.theme_set, set_ids())));
  const auto& questions = set->themes.front().questions;
  const bool has_variant = std::any_of(questions.begin(), questions.end(), [&](const auto& q) { return q.first == form.variant; });
  if (!has_variant) {
    std::vector<std::string> present;
    for (const auto& q : questions) present.push_back(q.first);
    throw InputError(at(column("variant")),
                     fmt::format("variant '{}' bestaat niet voor {} (wel: {})", form.variant, set->id, words(present)));
  }
  if (!in_vocab("respondent_kind", form.kind))
    throw InputError(at(column("soort")), fmt::format("'{}' is geen soort (wel: {})", form.kind, words(vocab_words("respondent_kind"))));
  if (form.kind == "groep" && (form.people < 1 || form.people > 6))
    throw InputError(at(column("aantal")),
                     fmt::format("{} mensen: een groep vult het formulier samen in met 1 tot 6 mensen", form.people));
  if (form.kind != "groep" && form.people != 1)
    throw InputError(at(column("aantal")),
                     fmt::format("{} mensen bij soort '{}': alleen een groep telt meer dan één persoon", form.people, form.kind));
  if (form.entered != "import" && form.entered != "web")
    throw InputError(at("entered"), fmt::format("'{}' is geen manier van invoeren (import of web)", form.entered));

  std::set<std::string> seen;
  for (const ThemeAnswer& a : form.answers) {
    if (!set->theme(a.theme))
      throw InputError(at(a.theme), fmt::format("'{}' is geen thema van {}{}", a.theme, set->id, [&] {
                         std::vector<std::string> codes;
                         for (const auto& t : set->themes) codes.push_back(t.code);
                         return bedoelt_u(a.theme, codes);
                       }()));
    if (!seen.insert(a.theme).second) throw InputError(at(a.theme), "dit thema staat twee keer in het formulier");
    if (a.score && (*a.score < set->scale.min || *a.score > set->scale.max))
      throw InputError(at(a.theme), fmt::format("{} ligt buiten de schaal {} van {}", *a.score, scale_text(set->scale), set->id));
  }

  for (const auto& [attribute, value] : form.attributes) {
    const auto allowed = declared.find(attribute);
    if (allowed == declared.end()) {
      std::vector<std::string> names;
      for (const auto& [name, list] : group_attributes()) names.push_back(name);
      throw InputError(at(attribute), fmt::format("'{}' is geen kenmerk van een formulier (wel: {})", attribute, words(names)));
    }
    if (!allowed->second.count(value)) {
      const std::vector<std::string> list(allowed->second.begin(), allowed->second.end());
      throw InputError(at(attribute), fmt::format("waarde '{}' is niet gedeclareerd voor {} (wel: {}){}", value, attribute,
                                                  words(list), bedoelt_u(value, list)));
    }
  }
}

DeclaredValues schema_declared_values() {
  DeclaredValues out;
  for (const auto& [column, list] : group_attributes()) {
    const auto w = vocab_words(list);
    out[column] = {w.begin(), w.end()};
  }
  return out;
}

namespace {

// The file's own declared values (columns kenmerk, waarde): an attribute it
// declares allows those values and only those; the others keep the schema's.
DeclaredValues declared_values(const io::SheetTable& t) {
  DeclaredValues out = schema_declared_values();
  const auto index = [&](const std::string& name) -> std::size_t {
    const auto it = std::find(t.header.begin(), t.header.end(), name);
    if (it == t.header.end())
      throw InputError({t.file, "header", name},
                       fmt::format("kolom ontbreekt: kenmerken worden gegeven als kenmerk,waarde (de kop heeft: {})",
                                   words(t.header)));
    return static_cast<std::size_t>(it - t.header.begin());
  };
  const std::size_t kenmerk = index("kenmerk"), waarde = index("waarde");
  std::map<std::string, std::set<std::string>> own;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& a = t.rows[r][kenmerk];
    const auto& v = t.rows[r][waarde];
    if (!a || trim(*a).empty()) throw InputError({t.file, t.row_label(r), "kenmerk"}, "leeg");
    if (!v || trim(*v).empty()) throw InputError({t.file, t.row_label(r), "waarde"}, "leeg");
    const std::string attribute = trim(*a);
    if (!out.count(attribute)) {
      std::vector<std::string> names;
      for (const auto& [name, list] : out) names.push_back(name);
      throw InputError({t.file, t.row_label(r), "kenmerk"}, fmt::format("'{}' is geen kenmerk van een formulier (wel: {}){}",
                                                                        attribute, words(names), bedoelt_u(attribute, names)));
    }
    own[attribute].insert(trim(*v));
  }
  for (auto& [attribute, values] : own) out[attribute] = std::move(values);
  return out;
}

}  // namespace

std::vector<Form> read_forms(const fs::path& path, const KnownAreas& known, const ReadOptions& options) {
  KnownAreas areas = known;  // grows by the named areas drawn on earlier rows
  const io::SheetTable t = io::read_sheet(path);
  DeclaredValues declared = schema_declared_values();
  if (options.declared_values) {
    declared = declared_values(io::read_sheet(*options.declared_values));
  } else if (t.workbook) {
    if (const auto sheet = io::read_workbook_sheet(path, "kenmerken")) declared = declared_values(*sheet);
  }

  // Every column is a column of the form, a theme code, or a theme's free text.
  std::set<std::string> codes;
  for (const auto& set : theme_sets())
    for (const auto& theme : set.themes) codes.insert(theme.code);
  std::vector<std::string> allowed = form_columns();
  for (const auto& code : codes) {
    allowed.push_back(code);
    allowed.push_back(code + good_suffix());
    allowed.push_back(code + better_suffix());
  }
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    const std::string& h = t.header[i];
    if (h.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), h) == allowed.end())
      throw InputError({t.file, "header", h},
                       fmt::format("onbekende kolom{}: geen kolom van het formulier ({}) en geen themacode, "
                                   "{{code}}{} of {{code}}{} (themacodes: {})",
                                   bedoelt_u(h, allowed), words(form_columns()), good_suffix(), better_suffix(),
                                   words(std::vector<std::string>(codes.begin(), codes.end()))));
    if (!index.emplace(h, i).second) throw InputError({t.file, "header", h}, "deze kolom staat er twee keer");
  }
  for (const char* required : {"gebied", "datum", "sessie", "themaset"})
    if (!index.count(column(required)))
      throw InputError({t.file, "header", required}, fmt::format("kolom ontbreekt (de kop heeft: {})", words(t.header)));
  if (t.rows.empty()) throw InputError({t.file, "", ""}, "geen formulieren onder de kop");

  const auto cell = [&](std::size_t r, const std::string& name) -> std::optional<std::string> {
    const auto it = index.find(name);
    if (it == index.end() || !t.rows[r][it->second]) return std::nullopt;
    std::string v = trim(*t.rows[r][it->second]);
    if (v.empty()) return std::nullopt;
    return v;
  };

  std::vector<Form> forms;
  std::vector<std::string> sets_met;
  std::map<std::string, std::size_t> labels;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string where = t.row_label(r);
    const auto at = [&](const std::string& field) { return Location{t.file, where, field}; };
    Form f;
    f.source_file = t.file;
    f.source_row = static_cast<std::int64_t>(t.row_numbers[r]);
    f.label = cell(r, column("formulier"));
    if (f.label) {
      if (const auto [it, fresh] = labels.emplace(*f.label, r); !fresh)
        throw InputError(at(column("formulier")),
                         fmt::format("formulier '{}' staat ook op {}: elk formulier heeft een eigen id", *f.label,
                                     t.row_label(it->second)));
    }
    f.area = cell(r, column("gebied")).value_or("");
    f.area_wkt = cell(r, column("gebied_wkt"));
    f.date = cell(r, column("datum")).value_or("");
    if (!registry::is_iso_date(f.date))
      throw InputError(at(column("datum")), f.date.empty() ? std::string("leeg: elk formulier heeft een datum (JJJJ-MM-DD)")
                                                           : fmt::format("'{}' is geen datum geschreven als JJJJ-MM-DD", f.date));
    f.session = cell(r, column("sessie")).value_or("");
    f.round = cell(r, column("ronde")).value_or(f.date.substr(0, 4));
    f.theme_set = cell(r, column("themaset")).value_or("");
    f.variant = cell(r, column("variant")).value_or("standaard");
    f.kind = cell(r, column("soort")).value_or("persoon");
    if (const auto people = cell(r, column("aantal"))) {
      const auto n = whole_number(*people);
      if (!n) throw InputError(at(column("aantal")), fmt::format("'{}' is geen heel getal van 1 tot 6", *people));
      f.people = *n;
    }
    for (const auto& [attribute, list] : group_attributes())
      if (const auto v = cell(r, attribute)) f.attributes[attribute] = *v;
    if (const auto publish = cell(r, column("publiceerbaar"))) {
      const std::string w = to_lower(*publish);
      if (w == "ja") f.publishable = true;
      else if (w != "nee") throw InputError(at(column("publiceerbaar")), fmt::format("'{}': schrijf ja of nee", *publish));
    }

    const auto set = theme_set(f.theme_set);
    if (!set)
      throw InputError(at(column("themaset")),
                       f.theme_set.empty() ? fmt::format("leeg: schrijf welke themaset ({})", words(set_ids()))
                                           : fmt::format("themaset '{}' bestaat niet (wel: {}){}", f.theme_set,
                                                         words(set_ids()), bedoelt_u(f.theme_set, set_ids())));
    if (std::find(sets_met.begin(), sets_met.end(), f.theme_set) == sets_met.end()) {
      sets_met.push_back(f.theme_set);
      if (sets_met.size() > 1 && !options.allow_mixed_sets) {
        const auto first = theme_set(sets_met.front());
        throw InputError(at(column("themaset")),
                         fmt::format("dit bestand mengt themaset {} (schaal {}) met {} (schaal {}): zeg met --gemengd dat "
                                     "dat zo bedoeld is; de twee schalen komen dan nog steeds nooit samen in één wiel "
                                     "zonder --herschaal",
                                     first->id, scale_text(first->scale), set->id, scale_text(set->scale)));
      }
    }
    // A theme column the form's set does not have must stay empty.
    for (const auto& code : codes)
      if (!set->theme(code))
        for (const auto& name : {code, code + good_suffix(), code + better_suffix()})
          if (cell(r, name)) throw InputError(at(name), fmt::format("{} heeft geen thema '{}'", set->id, code));
    for (const auto& theme : set->themes) {
      ThemeAnswer a;
      a.theme = theme.code;
      if (const auto score = cell(r, theme.code)) {
        const auto n = whole_number(*score);
        if (!n)
          throw InputError(at(theme.code), fmt::format("'{}' is geen heel getal op de schaal {} van {}", *score,
                                                       scale_text(set->scale), set->id));
        a.score = *n;
      }
      a.good = cell(r, theme.code + good_suffix());
      a.better = cell(r, theme.code + better_suffix());
      f.answers.push_back(std::move(a));
    }
    check_form(f, areas, declared, where);
    if (f.area_wkt) areas.named.insert(f.area);
    forms.push_back(std::move(f));
  }
  return forms;
}

std::vector<std::int64_t> insert_forms(registry::Store& store, const std::vector<Form>& forms) {
  std::vector<std::int64_t> ids;
  const std::string store_file = store.file().string();
  store.write([&] {
    std::map<std::string, const Form*> labels;  // within this batch
    auto stored_label = store.prepare("SELECT 1 FROM survey_form WHERE label = ?");
    auto add_form = store.prepare(
        "INSERT INTO survey_form (label, area, area_wkt, date, session, round, theme_set, variant, kind, people, "
        "publishable, entered, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    auto add_answer = store.prepare("INSERT INTO survey_answer (form_id, theme, score, good, better) VALUES (?, ?, ?, ?, ?)");
    auto add_attribute = store.prepare("INSERT INTO survey_attribute (form_id, attribute, value) VALUES (?, ?, ?)");
    for (const Form& f : forms) {
      if (f.label) {
        if (!labels.emplace(*f.label, &f).second)
          throw InputError(form_location(f, store_file, "formulier"),
                           fmt::format("formulier '{}' staat twee keer in de invoer: elk formulier heeft een eigen id",
                                       *f.label));
        stored_label.reset();
        stored_label.bind(1, *f.label);
        if (stored_label.step())
          throw InputError(form_location(f, store_file, "formulier"),
                           fmt::format("formulier '{}' staat al in {}: een formulier wordt één keer ingelezen",
                                       *f.label, store_file));
      }
      add_form.reset();
      add_form.bind_optional(1, f.label).bind(2, f.area).bind_optional(3, f.area_wkt).bind(4, f.date);
      add_form.bind(5, f.session).bind(6, f.round).bind(7, f.theme_set).bind(8, f.variant).bind(9, f.kind);
      add_form.bind(10, static_cast<long long>(f.people)).bind(11, f.publishable ? 1LL : 0LL).bind(12, f.entered);
      add_form.bind_optional(13, f.source_file);
      if (f.source_row) add_form.bind(14, static_cast<long long>(*f.source_row));
      else add_form.bind_null(14);
      add_form.step();
      const std::int64_t id = add_form.integer(0);
      while (add_form.step()) {
      }
      for (const ThemeAnswer& a : f.answers) {
        add_answer.reset();
        add_answer.bind(1, static_cast<long long>(id)).bind(2, a.theme);
        if (a.score) add_answer.bind(3, static_cast<long long>(*a.score));
        else add_answer.bind_null(3);
        add_answer.bind_optional(4, a.good).bind_optional(5, a.better);
        add_answer.step();
      }
      for (const auto& [attribute, value] : f.attributes) {
        add_attribute.reset();
        add_attribute.bind(1, static_cast<long long>(id)).bind(2, attribute).bind(3, value);
        add_attribute.step();
      }
      ids.push_back(id);
    }
  });
  return ids;
}

std::set<std::string> stored_named_areas(registry::Store& store) {
  std::set<std::string> out;
  auto st = store.prepare("SELECT DISTINCT area FROM survey_form WHERE area_wkt IS NOT NULL");
  while (st.step()) out.insert(st.text(0));
  return out;
}

std::vector<Form> load_forms(registry::Store& store, const std::optional<std::string>& area) {
  std::vector<Form> out;
  std::map<std::int64_t, std::size_t> index;
  auto st = store.prepare(
      "SELECT id, label, area, area_wkt, date, session, round, theme_set, variant, kind, people, publishable, entered, "
      "source_file, source_row FROM survey_form WHERE ?1 IS NULL OR area = ?1 ORDER BY id");
  if (area) st.bind(1, *area);
  else st.bind_null(1);
  while (st.step()) {
    Form f;
    f.id = st.integer(0);
    f.label = st.optional_text(1);
    f.area = st.text(2);
    f.area_wkt = st.optional_text(3);
    f.date = st.text(4);
    f.session = st.text(5);
    f.round = st.text(6);
    f.theme_set = st.text(7);
    f.variant = st.text(8);
    f.kind = st.text(9);
    f.people = static_cast<int>(st.integer(10));
    f.publishable = st.integer(11) != 0;
    f.entered = st.text(12);
    f.source_file = st.optional_text(13);
    if (!st.is_null(14)) f.source_row = st.integer(14);
    index.emplace(*f.id, out.size());
    out.push_back(std::move(f));
  }
  auto answers = store.prepare(
      "SELECT a.form_id, a.theme, a.score, a.good, a.better FROM survey_answer a JOIN survey_form f ON f.id = a.form_id "
      "WHERE ?1 IS NULL OR f.area = ?1 ORDER BY a.rowid");
  if (area) answers.bind(1, *area);
  else answers.bind_null(1);
  while (answers.step()) {
    ThemeAnswer a;
    a.theme = answers.text(1);
    if (!answers.is_null(2)) a.score = static_cast<int>(answers.integer(2));
    a.good = answers.optional_text(3);
    a.better = answers.optional_text(4);
    out[index.at(answers.integer(0))].answers.push_back(std::move(a));
  }
  auto attributes = store.prepare(
      "SELECT a.form_id, a.attribute, a.value FROM survey_attribute a JOIN survey_form f ON f.id = a.form_id "
      "WHERE ?1 IS NULL OR f.area = ?1");
  if (area) attributes.bind(1, *area);
  else attributes.bind_null(1);
  while (attributes.step()) out[index.at(attributes.integer(0))].attributes[attributes.text(1)] = attributes.text(2);
  // Answers in the order of the form's set (the order a wheel is drawn in).
  for (Form& f : out) {
    const auto set = theme_set(f.theme_set);
    if (!set) continue;
    auto rank = [&](const ThemeAnswer& a) {
      for (std::size_t i = 0; i < set->themes.size(); ++i)
        if (set->themes[i].code == a.theme) return i;
      return set->themes.size();
    };
    std::stable_sort(f.answers.begin(), f.answers.end(),
                     [&](const ThemeAnswer& a, const ThemeAnswer& b) { return rank(a) < rank(b); });
  }
  return out;
}

}  // namespace leefkaart::survey
