// schema/register.json's words are the words the store allows: every word of
// each vocab list can be written to the column that holds it, a word outside
// the list cannot, and the CHECK constraints of the migrations name exactly
// the JSON's words (no word allowed by one and refused by the other).
#include "registry/register_schema.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "registry/questions.hpp"
#include "registry/store.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path fresh_store(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_register_schema_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / (name + ".leefkaart");
  fs::remove(file);
  fs::remove(file.string() + "-wal");
  fs::remove(file.string() + "-shm");
  return file;
}

struct Column {
  std::string list, table, column;
};
// Where each vocab list is stored. "area_level" names kinds of area codes and
// has no column of its own; the types are columns (checked below).
const std::vector<Column> kColumns = {
    {"question_status", "learning_question", "status"}, {"question_status", "question_status", "status"},
    {"intervention_status", "intervention", "status"},  {"domain", "intervention", "domain"},
    {"perspective", "intervention", "perspective"},     {"direction", "intervention_indicator", "direction"},
    {"cycle_kind", "cycle_entry", "kind"},              {"note_kind", "note", "kind"},
    {"solve_level", "note", "solve_level"},             {"note_status", "note", "status"},
    {"story_source", "story", "source"},                {"precision", "story", "precision"},
};

// The words a migration's CHECK allows in `column` ("column IN ('a', 'b')"),
// read from the CREATE TABLE of `table`.
std::set<std::string> checked_words(const std::string& table, const std::string& column) {
  std::set<std::string> out;
  for (const Migration& m : register_migrations()) {
    const std::string sql(m.sql);
    const auto start = sql.find("CREATE TABLE " + table + " (");
    if (start == std::string::npos) continue;
    const std::string body = sql.substr(start, sql.find(");", start) - start);
    const std::regex check("\\b" + column + "\\s+IN\\s*\\(([^)]*)\\)");
    std::smatch m_in;
    if (!std::regex_search(body, m_in, check)) continue;
    const std::string list = m_in[1];
    const std::regex word("'([^']*)'");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), word); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1]);
  }
  return out;
}

// Inserts one row into `table` with `column` = `word` and the other required
// columns at plain valid values. Throws when the store refuses it.
void insert(Store& store, const std::string& table, const std::string& column, const std::string& word) {
  static int counter = 0;
  const std::string n = std::to_string(++counter);
  std::map<std::string, std::string> row;
  if (table == "learning_question" || table == "question_status") {
    store.exec("INSERT OR IGNORE INTO theme (id, name) VALUES (1, 'wonen')");
    row = {{"nr", "q" + n}, {"theme_id", "1"}, {"wish", "Hoe kan"}, {"tension", "terwijl het"}, {"status", "open"},
           {"created", "2026-01-01"}};
    if (table == "question_status") {
      insert(store, "learning_question", "nr", "for-status-" + n);
      row = {{"question_id", "(SELECT max(id) FROM learning_question)"}, {"date", "2026-01-02"}, {"status", "open"}};
    }
  } else if (table == "intervention") {
    row = {{"code", "I" + n}, {"name", "n"}, {"status", "gepland"}, {"hardware", "1"}, {"created", "2026-01-01"}};
    if (column == "status" && word == "gestopt") row["stop_reason"] = "geld op";
  } else if (table == "intervention_indicator") {
    insert(store, "intervention", "code", "for-indicator-" + n);
    row = {{"intervention_id", "(SELECT max(id) FROM intervention)"}, {"indicator", "no2"}, {"direction", "omlaag"}};
  } else if (table == "cycle_entry") {
    row = {{"date", "2026-01-01"}, {"kind", "actie"}, {"text", "t"}};
  } else if (table == "note") {
    row = {{"kind", "kans"}, {"text", "t"}, {"solve_level", "lokaal"}, {"status", "open"}, {"date", "2026-01-01"}};
  } else if (table == "story") {
    row = {{"date", "2026-01-01"}, {"area_code", "BU03440101"}, {"precision", "buurt"}, {"source", "bewoner"}, {"text", "t"},
           {"consent", "0"}, {"publishable", "0"}, {"created", "2026-01-01"}};
  } else if (table == "photo") {
    row = {{"name", "ab" + n}, {"mime", "image/png"}, {"bytes", "x'00'"}};
  } else {
    FAIL() << "no base row for " << table;
  }
  std::string cols, values;
  for (const auto& [c, v] : row) {
    if (c == column) continue;
    cols += (cols.empty() ? "" : ", ") + c;
    const bool sql_value = v.starts_with("(") || v.starts_with("x'") || (c != "nr" && c != "code" && c != "name" &&
                                                                           std::all_of(v.begin(), v.end(), ::isdigit));
    values += (values.empty() ? "" : ", ") + (sql_value ? v : "'" + v + "'");
  }
  auto st = store.prepare(fmt::format("INSERT INTO {} ({}, {}) VALUES ({}, ?)", table, cols, column, values));
  st.bind(1, word).step();
}

}  // namespace

TEST(RegisterSchema, TheMigrationChecksNameExactlyTheVocabWords) {
  for (const auto& c : kColumns) {
    const auto words = register_schema::vocab_words(c.list);
    EXPECT_EQ(checked_words(c.table, c.column), std::set<std::string>(words.begin(), words.end()))
        << c.table << "." << c.column << " against vocab " << c.list;
  }
  const auto types = register_schema::photo_types();
  EXPECT_EQ(checked_words("photo", "mime"), std::set<std::string>(types.begin(), types.end()));
}

TEST(RegisterSchema, EveryVocabWordIsStoredAndAWordOutsideIsRefused) {
  Store store = Store::open(fresh_store("words"));
  for (const auto& c : kColumns) {
    for (const auto& word : register_schema::vocab_words(c.list))
      EXPECT_NO_THROW(insert(store, c.table, c.column, word)) << c.table << "." << c.column << " = '" << word << "'";
    EXPECT_ANY_THROW(insert(store, c.table, c.column, "onbekend")) << c.table << "." << c.column;
  }
  for (const auto& mime : register_schema::photo_types()) EXPECT_NO_THROW(insert(store, "photo", "mime", mime));
  EXPECT_ANY_THROW(insert(store, "photo", "mime", "image/gif"));
}

TEST(RegisterSchema, EveryInterventionTypeIsAColumnOfItsOwn) {
  Store store = Store::open(fresh_store("types"));
  std::set<std::string> columns;
  auto st = store.prepare("SELECT name FROM pragma_table_info('intervention')");
  while (st.step()) columns.insert(st.text(0));
  for (const auto& type : register_schema::vocab_words("intervention_type")) EXPECT_TRUE(columns.count(type)) << type;
}

TEST(RegisterSchema, TheQuestionStatusWordsAreThoseOfTheQuestionsCode) {
  for (const auto& word : register_schema::vocab_words("question_status")) {
    const auto status = status_from(word);
    ASSERT_TRUE(status) << word;
    EXPECT_EQ(to_string(*status), word);
  }
}

TEST(RegisterSchema, WordsKeepTheJsonOrderAndHaveDutchAndEnglishLabels) {
  EXPECT_EQ(register_schema::vocab_words("intervention_status"),
            (std::vector<std::string>{"gepland", "lopend", "gestopt", "afgerond"}));
  for (const auto& list : register_schema::vocab_lists())
    for (const auto& word : register_schema::vocab_words(list)) {
      EXPECT_FALSE(register_schema::label(list, word, "nl").empty()) << list << "/" << word;
      EXPECT_FALSE(register_schema::label(list, word, "en").empty()) << list << "/" << word;
    }
  EXPECT_EQ(register_schema::label("story_source", "photovoice"), "Photovoice");
  EXPECT_EQ(register_schema::label("domain", "gezondheid en zorg", "en"), "health and care");
  EXPECT_GT(register_schema::limit("photo_bytes"), register_schema::limit("body_bytes"));
  EXPECT_EQ(register_schema::api("token_header"), "X-Leefkaart-Token");
}
