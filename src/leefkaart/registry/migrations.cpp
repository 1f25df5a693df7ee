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

constexpr std::array kMigrations{
    Migration{1, "learning questions: themes, wish and tension, holder, status with a dated history", kLearningQuestions},
};

}  // namespace

std::span<const Migration> register_migrations() { return kMigrations; }

}  // namespace leefkaart::registry
