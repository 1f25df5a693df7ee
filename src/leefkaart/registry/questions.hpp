#pragma once
// Learning questions of reflexive monitoring: "Hoe kan …, terwijl …?". The
// wish (what the team wants) and the tension (what stands in its way) are
// kept apart, so a team can see which tensions recur across questions. Each
// question has a theme, a holder (a role, never a person's name) and a status
// whose every change is kept with its date.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/store.hpp"

namespace leefkaart::registry {

enum class Status { Open, InBehandeling, Beantwoord, Hergeformuleerd };
// "open", "in behandeling", "beantwoord", "hergeformuleerd": the words stored and shown.
std::string to_string(Status status);
std::optional<Status> status_from(std::string_view word);

struct WishAndTension {
  std::string wish;     // "Hoe kan …", without the comma before "terwijl"
  std::string tension;  // "terwijl …", to the end of the question
};
// Splits at the first " terwijl "; nullopt when there is none, or nothing
// before or after it.
std::optional<WishAndTension> split_question(std::string_view question);

struct Question {
  std::string nr;
  std::string theme;
  std::string wish, tension;
  std::optional<std::string> holder;
  Status status = Status::Open;
  std::string created;  // YYYY-MM-DD
  std::optional<std::string> source;
};

// The columns of a questions CSV: nr, thema, leervraag; optional houder.
inline constexpr std::string_view kNrColumn = "nr", kThemeColumn = "thema", kQuestionColumn = "leervraag",
                                  kHolderColumn = "houder";

// Reads and checks every row of a questions CSV (plain or excel dialect) or XLSX
// workbook (.xlsx: its first sheet, the first row the header). Throws
// InputError naming the file, the row and the field for a missing column, an
// empty nr, theme or question, a question without "terwijl" and a nr used twice.
std::vector<Question> read_questions_csv(const std::filesystem::path& file, const std::string& created);

// Adds the questions, each with a first history entry "open" on its created
// date, in one transaction. Throws InputError (nothing added) when a nr is in the
// register already. Returns the number added.
std::size_t import_questions(Store& store, const std::vector<Question>& questions);

// Every question, grouped by theme (themes in the order they were entered),
// in the order they were entered.
std::vector<Question> list_questions(Store& store);

struct StatusChange {
  std::string date;
  Status status = Status::Open;
  std::optional<std::string> note;
};
// A new status from `date` on (YYYY-MM-DD, not before the last change), kept in
// the history. Throws InputError for an unknown nr, a bad date or one before the
// last change.
void set_status(Store& store, const std::string& nr, Status status, const std::string& date,
                const std::optional<std::string>& note);
std::vector<StatusChange> status_history(Store& store, const std::string& nr);

// Today's date (UTC) as YYYY-MM-DD.
std::string today();
// True for a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view s);

}  // namespace leefkaart::registry
