#pragma once
// Leefplekmeter forms: one row per person or per group, read from a CSV or XLSX
// (schema/survey.json form_file) or posted by the web form, checked whole, and
// stored in the project's register (registry/store.hpp, migration 3) in one
// transaction. A form keeps its theme set and so its scale: nothing is rescaled
// on the way in.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "registry/store.hpp"

namespace leefkaart::survey {

struct ThemeAnswer {
  std::string theme;                 // theme code of the form's set
  std::optional<int> score;          // within the set's scale; nullopt = not answered
  std::optional<std::string> good;   // "wat gaat goed"
  std::optional<std::string> better; // "wat kan beter"
};

struct Form {
  std::optional<std::int64_t> id;    // set when read back from the store
  std::optional<std::string> label;  // the team's own id ("formulier")
  std::string area;                  // buurt/wijk code, or the name of a named area
  std::optional<std::string> area_wkt;  // polygon in EPSG:28992 for a drawn/named area
  std::string date;                  // YYYY-MM-DD
  std::string session;               // vocab session
  std::string round;                 // "voor", "na", … (default: the year of date)
  std::string theme_set;             // id of a theme set
  std::string variant = "standaard";
  std::string kind = "persoon";      // vocab respondent_kind
  int people = 1;                    // for a group: how many filled it in together
  // group attribute column ("rol", "leeftijd", "geslacht") → value; absent when not given.
  std::map<std::string, std::string> attributes;
  bool publishable = false;          // may its free text be shown
  std::vector<ThemeAnswer> answers;  // in the set's theme order; every theme present
  std::string entered = "import";    // "import" | "web"
  std::optional<std::string> source_file;
  std::optional<std::int64_t> source_row;
};

// The values a file allows per group attribute (column → values): the schema's
// vocab unless the file declares its own (sheet/file "kenmerken").
using DeclaredValues = std::map<std::string, std::set<std::string>>;
// The schema's own: every group attribute with its vocab words (what the web form allows).
DeclaredValues schema_declared_values();

// The areas forms may name: codes of a build's area layers, and named areas
// (with a polygon) already stored. Empty `codes` means no build was given: then
// only BU/WK codes of the shape CBS uses, and named areas with a polygon, pass.
// A form with gebied_wkt always passes (its polygon checked); one naming an area
// in `named` passes without it.
struct KnownAreas {
  std::set<std::string> codes;
  std::string source;  // for messages
  // Named areas whose polygon is stored already (or given on an earlier row of
  // the same file): a form may name them without gebied_wkt.
  std::set<std::string> named;
};
// The named areas with a polygon among the stored forms.
std::set<std::string> stored_named_areas(registry::Store& store);

// Reads and checks every row; throws InputError naming file, row and column for
// the first bad one (score outside the set's scale, unknown theme column,
// unknown theme set, more than one theme set without `allow_mixed_sets`, unknown
// area, undeclared attribute value, bad date/session/kind/people …).
struct ReadOptions {
  bool allow_mixed_sets = false;  // the file says it mixes scales on purpose
  std::optional<std::filesystem::path> declared_values;  // a kenmerken CSV beside a CSV form file
};
std::vector<Form> read_forms(const std::filesystem::path& file, const KnownAreas& areas, const ReadOptions& options = {});

// Checks one form as the web form posts it (same rules; `where` names it in a message).
void check_form(const Form& form, const KnownAreas& areas, const DeclaredValues& declared, const std::string& where);

// Stores the forms in one transaction; returns their ids. A duplicate label
// throws InputError and stores nothing.
std::vector<std::int64_t> insert_forms(registry::Store& store, const std::vector<Form>& forms);

// Every stored form (answers included), in id order; `area` filters to one area.
std::vector<Form> load_forms(registry::Store& store, const std::optional<std::string>& area = std::nullopt);

}  // namespace leefkaart::survey
