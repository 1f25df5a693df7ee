// The register's schema, one migration per step. A released migration is never
// edited: a change is a new migration at the end (the store refuses to open a
// newer file, and applies the missing steps to an older one).
#include <array>

#include "registry/store.hpp"

namespace leefkaart::registry {
namespace {

// 1. Learning questions. Each has an integer id, so that links to areas,
// interventions and indicators can come later as tables of their own
// (question_area, question_intervention …) added by a migration, without
// changing these.
constexpr std::string_view kLearningQuestions = R"sql(
CREATE TABLE theme (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> '')
);
CREATE TABLE learning_question (
  id       INTEGER PRIMARY KEY,
  nr       TEXT NOT NULL UNIQUE CHECK (nr <> ''),  -- the team's own number
  theme_id INTEGER NOT NULL REFERENCES theme (id),
  wish     TEXT NOT NULL CHECK (wish <> ''),        -- "Hoe kan …"
  tension  TEXT NOT NULL CHECK (tension LIKE 'terwijl %'),
  holder   TEXT CHECK (holder <> ''),              -- a role ("wijkteam"), never a person's name
  status   TEXT NOT NULL CHECK (status IN ('open', 'in behandeling', 'beantwoord', 'hergeformuleerd')),
  created  TEXT NOT NULL CHECK (date(created) = created),
  source   TEXT                                    -- the file it was imported from
);
CREATE TABLE question_status (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES learning_question (id) ON DELETE CASCADE,
  date        TEXT NOT NULL CHECK (date(date) = date),
  status      TEXT NOT NULL CHECK (status IN ('open', 'in behandeling', 'beantwoord', 'hergeformuleerd')),
  note        TEXT
);
CREATE INDEX question_status_by_question ON question_status (question_id, date);
)sql";


// 2. The rest of the register: interventions with their areas, indicators,
// logic and assumptions; links of questions; cycles pinned to a build;
// barriers, opportunities and dilemmas; stories and photos. The words allowed
// in each CHECK are those of schema/register.json's vocab (a test compares them).
// Dates are YYYY-MM-DD; areas are CBS codes (BU…, WK…, GM…) or cell ids.
constexpr std::string_view kInterventionsCyclesStories = R"sql(
CREATE TABLE intervention (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE CHECK (code <> ''),  -- the team's own short id
  name          TEXT NOT NULL CHECK (name <> ''),
  status        TEXT NOT NULL CHECK (status IN ('gepland', 'lopend', 'gestopt', 'afgerond')),
  stop_reason   TEXT CHECK (stop_reason <> ''),
  planned_start TEXT CHECK (date(planned_start) = planned_start),
  planned_end   TEXT CHECK (date(planned_end) = planned_end),
  actual_start  TEXT CHECK (date(actual_start) = actual_start),
  actual_end    TEXT CHECK (date(actual_end) = actual_end),
  hardware      INTEGER NOT NULL DEFAULT 0 CHECK (hardware IN (0, 1)),
  software      INTEGER NOT NULL DEFAULT 0 CHECK (software IN (0, 1)),
  orgware       INTEGER NOT NULL DEFAULT 0 CHECK (orgware IN (0, 1)),
  domain        TEXT CHECK (domain IN ('fysiek', 'sociaal', 'gezondheid en zorg')),
  perspective   TEXT CHECK (perspective IN ('beschermen', 'bevorderen', 'faciliteren')),
  target_group  TEXT,
  partners      TEXT,
  funding       TEXT,
  funding_end   TEXT CHECK (date(funding_end) = funding_end),
  situatie      TEXT,   -- the logic: where we stand
  waar_naartoe  TEXT,   -- where we want to go
  hoe           TEXT,   -- how
  aannamen      TEXT,   -- the assumptions, in words
  polygon_wkt   TEXT,   -- a drawn area, EPSG:28992
  created       TEXT NOT NULL CHECK (date(created) = created),
  source        TEXT,
  CHECK (hardware + software + orgware >= 1),
  CHECK ((status = 'gestopt') = (stop_reason IS NOT NULL)),
  CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
  CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start)
);
CREATE TABLE intervention_area (
  intervention_id INTEGER NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  area_code       TEXT NOT NULL CHECK (area_code <> ''),
  PRIMARY KEY (intervention_id, area_code)
);
CREATE INDEX intervention_area_by_area ON intervention_area (area_code);
CREATE TABLE intervention_indicator (
  intervention_id INTEGER NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  indicator       TEXT NOT NULL CHECK (indicator <> ''),
  direction       TEXT NOT NULL CHECK (direction IN ('omlaag', 'omhoog')),
  PRIMARY KEY (intervention_id, indicator)
);
CREATE TABLE assumption (
  id              INTEGER PRIMARY KEY,
  intervention_id INTEGER NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  text            TEXT NOT NULL CHECK (text <> ''),
  indicator       TEXT CHECK (indicator <> ''),   -- "shows as indicator Y …"
  area_code       TEXT CHECK (area_code <> '')    -- "… in area Z"
);
CREATE TABLE question_area (
  question_id INTEGER NOT NULL REFERENCES learning_question (id) ON DELETE CASCADE,
  area_code   TEXT NOT NULL CHECK (area_code <> ''),
  PRIMARY KEY (question_id, area_code)
);
CREATE TABLE question_intervention (
  question_id     INTEGER NOT NULL REFERENCES learning_question (id) ON DELETE CASCADE,
  intervention_id INTEGER NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, intervention_id)
);
CREATE TABLE question_indicator (
  question_id INTEGER NOT NULL REFERENCES learning_question (id) ON DELETE CASCADE,
  indicator   TEXT NOT NULL CHECK (indicator <> ''),
  PRIMARY KEY (question_id, indicator)
);
CREATE TABLE cycle_entry (
  id                INTEGER PRIMARY KEY,
  date              TEXT NOT NULL CHECK (date(date) = date),
  kind              TEXT NOT NULL CHECK (kind IN ('actie', 'observatie', 'analyse', 'reflectie')),
  text              TEXT NOT NULL CHECK (text <> ''),
  author_role       TEXT CHECK (author_role <> ''),  -- a role, never a name
  manifest_checksum TEXT CHECK (length(manifest_checksum) = 64),  -- SHA-256 of the manifest it looked at
  build_label       TEXT,                            -- where that build was (a folder, a title)
  source            TEXT
);
CREATE TABLE cycle_question (
  cycle_id    INTEGER NOT NULL REFERENCES cycle_entry (id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES learning_question (id) ON DELETE CASCADE,
  PRIMARY KEY (cycle_id, question_id)
);
CREATE TABLE cycle_intervention (
  cycle_id        INTEGER NOT NULL REFERENCES cycle_entry (id) ON DELETE CASCADE,
  intervention_id INTEGER NOT NULL REFERENCES intervention (id) ON DELETE CASCADE,
  PRIMARY KEY (cycle_id, intervention_id)
);
CREATE TABLE note (  -- barriers, opportunities and dilemmas
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('belemmering', 'kans', 'dilemma')),
  text            TEXT NOT NULL CHECK (text <> ''),
  solve_level     TEXT NOT NULL CHECK (solve_level IN ('lokaal', 'provinciaal', 'nationaal')),
  status          TEXT NOT NULL CHECK (status IN ('open', 'opgepakt', 'opgelost')),
  date            TEXT NOT NULL CHECK (date(date) = date),
  intervention_id INTEGER REFERENCES intervention (id) ON DELETE SET NULL,
  question_id     INTEGER REFERENCES learning_question (id) ON DELETE SET NULL
);
CREATE TABLE photo (
  name  TEXT PRIMARY KEY CHECK (name GLOB '[0-9a-f]*'),  -- generated, never the uploader's
  mime  TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  bytes BLOB NOT NULL
);
CREATE TABLE story (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL CHECK (date(date) = date),
  area_code   TEXT NOT NULL CHECK (area_code <> ''),  -- the buurt (or wijk) it is about
  x           REAL,   -- EPSG:28992 metres; with precision 'buurt' never written to any output
  y           REAL,
  precision   TEXT NOT NULL CHECK (precision IN ('exact', 'straat', 'buurt')),
  source      TEXT NOT NULL CHECK (source IN ('bewoner', 'professional', 'photovoice', 'straatinterview', 'casus')),
  text        TEXT NOT NULL CHECK (text <> ''),
  signal      TEXT CHECK (signal IN ('zorg', 'positief')),  -- what it says about its themes, if it says either
  photo       TEXT REFERENCES photo (name),
  consent     INTEGER NOT NULL CHECK (consent IN (0, 1)),
  publishable INTEGER NOT NULL CHECK (publishable IN (0, 1)),
  author_role TEXT CHECK (author_role <> ''),  -- a role, never a name
  created     TEXT NOT NULL CHECK (date(created) = created),
  source_file TEXT,
  CHECK ((x IS NULL) = (y IS NULL)),
  CHECK (publishable = 0 OR consent = 1)
);
CREATE INDEX story_by_area ON story (area_code);
CREATE TABLE story_theme (
  story_id INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
  theme    TEXT NOT NULL CHECK (theme <> ''),  -- an indicator's name or, later, a Leefplekmeter theme code
  PRIMARY KEY (story_id, theme)
);
)sql";

// 3. Leefplekmeter forms (survey/forms.hpp): one row per person's or group's
// form, its answers per theme (a score left empty is NULL: not answered, never
// a zero) and its respondent attributes. The words in the CHECKs are
// schema/survey.json's vocab and variants (a test compares them). The theme set
// is not checked here: a new set is data, not a migration.
constexpr std::string_view kSurveyForms = R"sql(
CREATE TABLE survey_form (
  id          INTEGER PRIMARY KEY,
  label       TEXT UNIQUE CHECK (label <> ''),      -- the team's own id ("formulier")
  area        TEXT NOT NULL CHECK (area <> ''),     -- a buurt/wijk code, or a named area's name
  area_wkt    TEXT CHECK (area_wkt <> ''),          -- a drawn area, EPSG:28992
  date        TEXT NOT NULL CHECK (date(date) = date),
  session     TEXT NOT NULL CHECK (session IN ('wandeling', 'tafel', 'marktkraam', 'online')),
  round       TEXT NOT NULL CHECK (round <> ''),
  theme_set   TEXT NOT NULL CHECK (theme_set <> ''),
  variant     TEXT NOT NULL CHECK (variant IN ('standaard', 'b1', 'jeugd')),
  kind        TEXT NOT NULL CHECK (kind IN ('persoon', 'groep')),
  people      INTEGER NOT NULL CHECK (people BETWEEN 1 AND 6),
  publishable INTEGER NOT NULL CHECK (publishable IN (0, 1)),
  entered     TEXT NOT NULL CHECK (entered IN ('import', 'web')),
  source_file TEXT,
  source_row  INTEGER,
  CHECK (kind = 'groep' OR people = 1)
);
CREATE INDEX survey_form_by_area ON survey_form (area, round);
CREATE TABLE survey_answer (
  form_id INTEGER NOT NULL REFERENCES survey_form (id) ON DELETE CASCADE,
  theme   TEXT NOT NULL CHECK (theme <> ''),
  score   INTEGER,   -- on the form's set's scale; NULL: not answered
  good    TEXT,      -- "wat gaat goed"
  better  TEXT,      -- "wat kan beter"
  PRIMARY KEY (form_id, theme)
);
CREATE TABLE survey_attribute (
  form_id   INTEGER NOT NULL REFERENCES survey_form (id) ON DELETE CASCADE,
  attribute TEXT NOT NULL CHECK (attribute IN ('rol', 'leeftijd', 'geslacht')),
  value     TEXT NOT NULL CHECK (value <> ''),  -- the schema's word, or one the form file declared
  PRIMARY KEY (form_id, attribute)
);
)sql";

constexpr std::array kMigrations{
    Migration{1, "learning questions: themes, wish and tension, holder, status with a dated history", kLearningQuestions},
    Migration{2, "interventions, question links, cycles, barriers/opportunities/dilemmas, stories and photos", kInterventionsCyclesStories},
    Migration{3, "Leefplekmeter forms: per form its area, round, theme set and session, its answers per theme and its respondent attributes", kSurveyForms},
};

}  // namespace

std::span<const Migration> register_migrations() { return kMigrations; }

}  // namespace leefkaart::registry
