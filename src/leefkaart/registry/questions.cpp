#include "registry/questions.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "io/sheet.hpp"

namespace leefkaart::registry {
namespace {

constexpr std::string_view kStatusWords[] = {"open", "in behandeling", "beantwoord", "hergeformuleerd"};

bool only_punctuation(std::string_view s) {
  for (char c : s)
    if (c != '?' && c != '.' && c != '!' && c != ' ' && c != ',') return false;
  return true;
}

}  // namespace

std::string to_string(Status status) { return std::string(kStatusWords[static_cast<int>(status)]); }

std::optional<Status> status_from(std::string_view word) {
  for (int i = 0; i < 4; ++i)
    if (kStatusWords[i] == word) return static_cast<Status>(i);
  return std::nullopt;
}

std::optional<WishAndTension> split_question(std::string_view question) {
  constexpr std::string_view kWord = " terwijl ";
  const auto at = question.find(kWord);
  if (at == std::string_view::npos) return std::nullopt;
  std::string wish = trim(question.substr(0, at));
  // The comma before "terwijl" belongs to the sentence, not to the wish.
  while (!wish.empty() && (wish.back() == ',' || wish.back() == ';' || wish.back() == ' ')) wish.pop_back();
  std::string tension = trim(question.substr(at + 1));
  if (wish.empty() || only_punctuation(tension.substr(kWord.size() - 1))) return std::nullopt;
  return WishAndTension{std::move(wish), std::move(tension)};
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const auto num = [&](std::size_t from, std::size_t n) { return std::stoi(std::string(s.substr(from, n))); };
  const std::chrono::year_month_day d{std::chrono::year{num(0, 4)}, std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                      std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  return d.ok();
}

std::string today() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day d{days};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::vector<Question> read_questions_csv(const std::filesystem::path& path, const std::string& created) {
  const std::string file = path.string();
  std::vector<std::string> header;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::string> labels;  // "row 3", for a workbook with the row the spreadsheet shows
  if (to_lower(path.extension().string()) == ".xlsx") {
    io::SheetTable sheet = io::read_sheet(path);
    header = sheet.header;
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) labels.push_back(sheet.row_label(r));
    rows = std::move(sheet.rows);
  } else {
    const auto bytes = read_whole_file(path);
    if (!bytes) throw InputError({file, "", ""}, "cannot read the file");
    io::CsvTable csv = io::read_csv(*bytes);
    for (const auto& h : csv.header) header.push_back(trim(h));
    for (std::size_t r = 0; r < csv.rows.size(); ++r) labels.push_back(fmt::format("row {}", r + 1));
    rows = std::move(csv.rows);
  }
  const auto column = [&](std::string_view name, bool required) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    if (!required) return std::nullopt;
    throw InputError({file, "header", std::string(name)},
                     fmt::format("missing column (the header has: {}){}", fmt::join(header, ", "),
                                 did_you_mean(name, header)));
  };
  const std::size_t nr_col = *column(kNrColumn, true), theme_col = *column(kThemeColumn, true),
                    question_col = *column(kQuestionColumn, true);
  const auto holder_col = column(kHolderColumn, false);

  std::vector<Question> out;
  std::map<std::string, std::size_t> row_of_nr;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const auto cell = [&](std::size_t c) { return c < row.size() && row[c] ? trim(*row[c]) : std::string(); };
    Question q;
    q.nr = cell(nr_col);
    const std::string where = q.nr.empty() ? labels[r] : fmt::format("{} (nr {})", labels[r], q.nr);
    if (row.size() > header.size())
      throw InputError({file, where, ""},
                       fmt::format("{} values where the header has {} columns: a comma inside a question needs quotes",
                                   row.size(), header.size()));
    if (q.nr.empty()) throw InputError({file, where, std::string(kNrColumn)}, "empty: every question needs a number");
    if (auto [it, fresh] = row_of_nr.emplace(q.nr, r + 1); !fresh)
      throw InputError({file, where, std::string(kNrColumn)}, fmt::format("nr {} is also used in {}", q.nr, labels[it->second - 1]));
    q.theme = cell(theme_col);
    if (q.theme.empty()) throw InputError({file, where, std::string(kThemeColumn)}, "empty: every question needs a theme");
    const std::string text = cell(question_col);
    if (text.empty()) throw InputError({file, where, std::string(kQuestionColumn)}, "empty question");
    auto split = split_question(text);
    if (!split)
      throw InputError({file, where, std::string(kQuestionColumn)},
                       "no ' terwijl ' with text before and after it: a learning question names the wish "
                       "(\"Hoe kan …\") and the tension (\"terwijl …\")");
    q.wish = std::move(split->wish);
    q.tension = std::move(split->tension);
    if (holder_col) {
      std::string holder = cell(*holder_col);
      if (!holder.empty()) q.holder = std::move(holder);
    }
    q.created = created;
    q.source = path.filename().string();
    out.push_back(std::move(q));
  }
  if (out.empty()) throw InputError({file, "", ""}, "no questions below the header");
  return out;
}

std::size_t import_questions(Store& store, const std::vector<Question>& questions) {
  store.write([&] {
    auto existing = store.prepare("SELECT 1 FROM learning_question WHERE nr = ?");
    auto theme_id = store.prepare("SELECT id FROM theme WHERE name = ?");
    auto add_theme = store.prepare("INSERT INTO theme (name) VALUES (?) RETURNING id");
    auto add = store.prepare(
        "INSERT INTO learning_question (nr, theme_id, wish, tension, holder, status, created, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    auto add_history = store.prepare("INSERT INTO question_status (question_id, date, status, note) VALUES (?, ?, ?, ?)");
    for (const Question& q : questions) {
      existing.bind(1, q.nr);
      const bool taken = existing.step();
      existing.reset();
      if (taken)
        throw InputError({q.source.value_or(""), fmt::format("nr {}", q.nr), std::string(kNrColumn)},
                         "a question with this nr is in the register already: nothing imported");
      theme_id.bind(1, q.theme);
      long long theme = 0;
      if (theme_id.step()) {
        theme = theme_id.integer(0);
      } else {
        add_theme.bind(1, q.theme);
        add_theme.step();
        theme = add_theme.integer(0);
        add_theme.reset();
      }
      theme_id.reset();
      add.bind(1, q.nr).bind(2, theme).bind(3, q.wish).bind(4, q.tension).bind_optional(5, q.holder);
      add.bind(6, to_string(q.status)).bind(7, q.created).bind_optional(8, q.source);
      add.step();
      const long long id = add.integer(0);
      add.reset();
      add_history.bind(1, id).bind(2, q.created).bind(3, to_string(q.status));
      add_history.bind_optional(4, q.source ? std::optional<std::string>("ingelezen uit " + *q.source) : std::nullopt);
      add_history.step();
      add_history.reset();
    }
  });
  return questions.size();
}

std::vector<Question> list_questions(Store& store) {
  auto st = store.prepare(
      "SELECT q.nr, t.name, q.wish, q.tension, q.holder, q.status, q.created, q.source "
      "FROM learning_question q JOIN theme t ON t.id = q.theme_id ORDER BY t.id, q.id");
  std::vector<Question> out;
  while (st.step()) {
    Question q;
    q.nr = st.text(0);
    q.theme = st.text(1);
    q.wish = st.text(2);
    q.tension = st.text(3);
    q.holder = st.optional_text(4);
    q.status = status_from(st.text(5)).value_or(Status::Open);
    q.created = st.text(6);
    q.source = st.optional_text(7);
    out.push_back(std::move(q));
  }
  return out;
}

void set_status(Store& store, const std::string& nr, Status status, const std::string& date,
                const std::optional<std::string>& note) {
  const Location where{store.file().string(), "nr " + nr, "status"};
  if (!is_iso_date(date)) throw InputError(where, fmt::format("date '{}' is not a date written YYYY-MM-DD", date));
  store.write([&] {
    auto find = store.prepare(
        "SELECT q.id, (SELECT max(date) FROM question_status h WHERE h.question_id = q.id) "
        "FROM learning_question q WHERE q.nr = ?");
    find.bind(1, nr);
    if (!find.step()) throw InputError(where, "no question with this nr in the register");
    const long long id = find.integer(0);
    const auto last = find.optional_text(1);
    if (last && date < *last)
      throw InputError(where, fmt::format("date {} lies before the last change ({})", date, *last));
    store.prepare("UPDATE learning_question SET status = ? WHERE id = ?").bind(1, to_string(status)).bind(2, id).step();
    store.prepare("INSERT INTO question_status (question_id, date, status, note) VALUES (?, ?, ?, ?)")
        .bind(1, id).bind(2, date).bind(3, to_string(status)).bind_optional(4, note).step();
  });
}

std::vector<StatusChange> status_history(Store& store, const std::string& nr) {
  auto st = store.prepare(
      "SELECT h.date, h.status, h.note FROM question_status h JOIN learning_question q ON q.id = h.question_id "
      "WHERE q.nr = ? ORDER BY h.date, h.id");
  st.bind(1, nr);
  std::vector<StatusChange> out;
  while (st.step()) out.push_back({st.text(0), status_from(st.text(1)).value_or(Status::Open), st.optional_text(2)});
  return out;
}

}  // namespace leefkaart::registry
