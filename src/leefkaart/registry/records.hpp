#pragma once
// The register's records beside the learning questions: interventions (with
// their areas, the indicators they mean to change, their logic and
// assumptions), links of questions, cycles of action/observation/analysis/
// reflection pinned to a build, barriers/opportunities/dilemmas, and stories
// with photos. The words of every choice are schema/register.json's vocab.
//
// Every add_* checks the whole record first and throws InputError naming
// `where.file`, `where.where` (a CSV row, or "formulier") and the field; then
// writes it in one transaction. Area codes and indicator names are checked
// against `known` (the areas and indicators of the build the team works on).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "registry/questions.hpp"
#include "registry/store.hpp"

namespace leefkaart::registry {

// What a record may refer to: the areas (buurt, wijk, gemeente codes and cell
// ids) and the indicator names of one build, access run or series.
struct KnownNames {
  std::set<std::string> areas;
  std::set<std::string> indicators;
  std::string source;  // the folder they were read from, for messages
  std::string manifest_checksum;  // SHA-256 of its manifest.json, to pin cycles
};
// Reads them from an output folder of `leefkaart build` or `series` (its
// manifest and its area layers). Throws InputError naming the folder.
KnownNames known_names_from_output(const std::filesystem::path& out_dir);

// True when `word` is a key of schema/register.json's vocab[list].
bool in_vocab(const std::string& list, const std::string& word);

// A drawn area: WKT of a valid polygon with an area, within the Netherlands in
// EPSG:28992 (RD New metres). Throws InputError at `where` (its field named).
void check_polygon_wkt(const std::string& wkt, const Location& where);

struct IndicatorAim {
  std::string indicator;
  std::string direction;  // "omlaag" | "omhoog"
};

struct Assumption {
  std::string text;
  std::optional<std::string> indicator;  // "shows as indicator Y …"
  std::optional<std::string> area_code;  // "… in area Z"
};

struct Intervention {
  std::string code;  // the team's own short id ("I1"); unique
  std::string name;
  std::vector<std::string> areas;  // buurt/wijk/gemeente codes or cell ids; at least one, or a polygon
  std::optional<std::string> polygon_wkt;  // a drawn area in EPSG:28992
  std::string status = "gepland";  // vocab intervention_status
  std::optional<std::string> stop_reason;  // required when, and only when, status is "gestopt"
  std::optional<std::string> planned_start, planned_end, actual_start, actual_end;  // YYYY-MM-DD; end >= start
  std::vector<std::string> types;  // vocab intervention_type, one or more
  std::optional<std::string> domain;       // vocab domain
  std::optional<std::string> perspective;  // vocab perspective
  std::optional<std::string> target_group, partners, funding, funding_end;
  std::optional<std::string> situatie, waar_naartoe, hoe, aannamen;  // the logic in four fields
  std::vector<IndicatorAim> indicators;
  std::vector<Assumption> assumptions;
  std::string created;  // YYYY-MM-DD
  std::optional<std::string> source;
};

struct Cycle {
  std::string date;
  std::string kind;  // vocab cycle_kind
  std::string text;
  std::optional<std::string> author_role;
  std::optional<std::string> manifest_checksum;  // the build it looked at (64 hex)
  std::optional<std::string> build_label;
  std::vector<std::string> questions;      // question nrs
  std::vector<std::string> interventions;  // intervention codes
  std::optional<std::string> source;
};

struct Note {  // a barrier, opportunity or dilemma
  std::string kind;         // vocab note_kind
  std::string text;
  std::string solve_level;  // vocab solve_level
  std::string status = "open";  // vocab note_status
  std::string date;
  std::optional<std::string> intervention;  // code
  std::optional<std::string> question;      // nr
};

struct Photo {
  std::string mime;  // found from the bytes, never from the uploader: image/jpeg or image/png
  std::string bytes;
};
// Checks a photo by its content (JPEG or PNG signature and a decodable header)
// and size (schema/register.json limits.photo_bytes). Throws InputError.
Photo check_photo(std::string bytes, const Location& where);

struct Story {
  std::optional<std::int64_t> id;  // set when read back
  std::string date;
  std::string area_code;
  std::optional<double> x, y;  // EPSG:28992 metres (within the Netherlands)
  std::string precision = "buurt";  // vocab precision
  std::string source;               // vocab story_source
  std::string text;
  std::optional<std::string> signal;  // vocab story_signal: a concern or going well, about its themes
  std::vector<std::string> themes;  // indicator names (later Leefplekmeter theme codes)
  std::optional<std::string> photo;  // generated name of a stored photo
  bool consent = false;
  bool publishable = false;  // only with consent
  std::optional<std::string> author_role;  // a role, never a name
  std::string created;
  std::optional<std::string> source_file;
};

// Adders: each validates fully, then one transaction. Return the code/nr/id.
std::string add_intervention(Store& store, const Intervention& item, const KnownNames& known, const Location& where);
// Replaces an intervention's status and stop reason in one transaction; an
// actual start or end given replaces the stored one, one not given keeps it.
void set_intervention_status(Store& store, const std::string& code, const std::string& status,
                             const std::optional<std::string>& stop_reason,
                             const std::optional<std::string>& actual_start,
                             const std::optional<std::string>& actual_end, const Location& where);
void link_question(Store& store, const std::string& nr, const std::vector<std::string>& areas,
                   const std::vector<std::string>& interventions, const std::vector<std::string>& indicators,
                   const KnownNames& known, const Location& where);
// A new question with its links, in one transaction (the form's way in; a file comes through import_questions).
void add_question(Store& store, const Question& question, const std::vector<std::string>& areas,
                  const std::vector<std::string>& interventions, const std::vector<std::string>& indicators,
                  const KnownNames& known, const Location& where);
std::int64_t add_cycle(Store& store, const Cycle& item, const Location& where);
std::int64_t add_note(Store& store, const Note& item, const Location& where);
// Stores the photo (if any) under a generated name and the story, in one transaction.
std::int64_t add_story(Store& store, Story item, const std::optional<Photo>& photo, const KnownNames& known,
                       const Location& where);

// Whole-file imports: every record is checked first (InputError naming its
// own location), then all are written in one transaction, or none.
template <class T>
struct Located {
  T item;
  Location where;  // the file and row it came from
};
std::size_t add_interventions(Store& store, const std::vector<Located<Intervention>>& items, const KnownNames& known);
std::size_t add_cycles(Store& store, const std::vector<Located<Cycle>>& items);
// Stories of a file carry no photo (a photo comes only through the forms).
std::size_t add_stories(Store& store, std::vector<Located<Story>> items, const KnownNames& known);

// Readers.
std::vector<Intervention> list_interventions(Store& store);
std::vector<Cycle> list_cycles(Store& store);
std::vector<Note> list_notes(Store& store);
enum class Audience { Team, Public };  // Public: only publishable stories, and never raw coordinates at precision "buurt"
// Stories as they may be shown to `audience`: for precision "buurt" x and y are
// always cleared (the story is shown at its buurt), whatever the audience.
std::vector<Story> list_stories(Store& store, Audience audience);
std::optional<Photo> read_photo(Store& store, const std::string& name, Audience audience);

}  // namespace leefkaart::registry
