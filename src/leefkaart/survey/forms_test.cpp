// Leefplekmeter forms in the project's register: stored whole in one
// transaction or not at all, read back as they went in; the store's CHECKs
// allow exactly schema/survey.json's words.
#include "survey/forms.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>

#include "core/errors.hpp"
#include "survey/survey_schema.hpp"

namespace leefkaart::survey {
namespace {
namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("leefkaart_survey_forms_test_{}_{}", ::getpid(), name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Form sample(const std::string& label, const std::string& area = "BU03440101") {
  Form f;
  f.label = label;
  f.area = area;
  f.date = "2026-05-12";
  f.session = "wandeling";
  f.round = "voor";
  f.theme_set = "leefplekmeter-2018";
  f.attributes = {{"rol", "bewoner"}, {"leeftijd", "65+"}};
  f.publishable = true;
  int score = 1;
  for (const auto& t : theme_set(f.theme_set)->themes) {
    ThemeAnswer a;
    a.theme = t.code;
    if (t.code != "werk_en_werkgelegenheid") a.score = score;  // one theme left unanswered
    score = score % 10 + 1;
    if (t.code == "natuur_en_groen") {
      a.good = "het park";
      a.better = "meer bankjes";
    }
    f.answers.push_back(a);
  }
  return f;
}

std::size_t count(registry::Store& s, const std::string& table) {
  auto st = s.prepare("SELECT count(*) FROM " + table);
  st.step();
  return static_cast<std::size_t>(st.integer(0));
}

TEST(SurveyForms, FormsAreReadBackAsTheyWereStored) {
  auto store = registry::Store::open(fresh_dir("roundtrip") / "register.sqlite");
  Form group = sample("G1", "Rondje Zuilen");
  group.area_wkt = "POLYGON ((136000 456000, 136100 456000, 136100 456100, 136000 456000))";
  group.kind = "groep";
  group.people = 4;
  group.attributes = {};
  group.publishable = false;
  group.entered = "web";
  group.label.reset();
  Form person = sample("F1");
  person.source_file = "formulieren.csv";
  person.source_row = 3;
  const auto ids = insert_forms(store, {person, group});
  ASSERT_EQ(ids.size(), 2u);

  const auto all = load_forms(store);
  ASSERT_EQ(all.size(), 2u);
  const Form& p = all[0];
  EXPECT_EQ(p.id, ids[0]);
  EXPECT_EQ(p.label, "F1");
  EXPECT_EQ(p.area, "BU03440101");
  EXPECT_EQ(p.date, "2026-05-12");
  EXPECT_EQ(p.session, "wandeling");
  EXPECT_EQ(p.round, "voor");
  EXPECT_EQ(p.theme_set, "leefplekmeter-2018");
  EXPECT_EQ(p.variant, "standaard");
  EXPECT_EQ(p.kind, "persoon");
  EXPECT_EQ(p.people, 1);
  EXPECT_EQ(p.attributes, person.attributes);
  EXPECT_TRUE(p.publishable);
  EXPECT_EQ(p.entered, "import");
  EXPECT_EQ(p.source_file, "formulieren.csv");
  EXPECT_EQ(p.source_row, 3);
  ASSERT_EQ(p.answers.size(), 14u);
  for (std::size_t i = 0; i < 14; ++i) {
    EXPECT_EQ(p.answers[i].theme, person.answers[i].theme) << "the set's order";
    EXPECT_EQ(p.answers[i].score, person.answers[i].score) << p.answers[i].theme;
    EXPECT_EQ(p.answers[i].good, person.answers[i].good);
    EXPECT_EQ(p.answers[i].better, person.answers[i].better);
  }
  const Form& g = all[1];
  EXPECT_FALSE(g.label);
  EXPECT_EQ(g.area_wkt, group.area_wkt);
  EXPECT_EQ(g.kind, "groep");
  EXPECT_EQ(g.people, 4);
  EXPECT_TRUE(g.attributes.empty());
  EXPECT_EQ(g.entered, "web");

  const auto one = load_forms(store, std::string("Rondje Zuilen"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].answers.size(), 14u);
}

TEST(SurveyForms, ADuplicateLabelStoresNothing) {
  auto store = registry::Store::open(fresh_dir("duplicate") / "register.sqlite");
  try {
    insert_forms(store, {sample("F1"), sample("F2"), sample("F1")});
    FAIL() << "a label twice";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "formulier");
    EXPECT_NE(std::string(e.what()).find("'F1'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count(store, "survey_form"), 0u);
  EXPECT_EQ(count(store, "survey_answer"), 0u);

  insert_forms(store, {sample("F1")});
  EXPECT_THROW(insert_forms(store, {sample("F2"), sample("F1")}), InputError) << "already in the store";
  EXPECT_EQ(count(store, "survey_form"), 1u) << "F2 went with it";
  EXPECT_EQ(count(store, "survey_attribute"), 2u);
}

TEST(SurveyForms, TheStoreRefusesWhatTheChecksForbid) {
  auto store = registry::Store::open(fresh_dir("checks") / "register.sqlite");
  Form person_of_three = sample("F1");
  person_of_three.people = 3;  // only a group counts more than one
  EXPECT_ANY_THROW(insert_forms(store, {person_of_three}));
  Form group_of_seven = sample("F2");
  group_of_seven.kind = "groep";
  group_of_seven.people = 7;
  EXPECT_ANY_THROW(insert_forms(store, {group_of_seven}));
  EXPECT_EQ(count(store, "survey_form"), 0u);
}

// The words a CHECK of migration 3 allows in `column` of `table`.
std::set<std::string> checked_words(const std::string& table, const std::string& column) {
  std::set<std::string> out;
  for (const auto& m : registry::register_migrations()) {
    const std::string sql(m.sql);
    const auto start = sql.find("CREATE TABLE " + table + " (");
    if (start == std::string::npos) continue;
    const std::string body = sql.substr(start, sql.find(");", start) - start);
    std::smatch in;
    if (!std::regex_search(body, in, std::regex("\\b" + column + "\\s+IN\\s*\\(([^)]*)\\)"))) continue;
    const std::string list = in[1];
    const std::regex word("'([^']*)'");
    for (auto it = std::sregex_iterator(list.begin(), list.end(), word); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1]);
  }
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& words) { return {words.begin(), words.end()}; }

TEST(SurveyForms, TheStoresChecksNameExactlyTheSchemasWords) {
  EXPECT_EQ(checked_words("survey_form", "session"), as_set(vocab_words("session")));
  EXPECT_EQ(checked_words("survey_form", "kind"), as_set(vocab_words("respondent_kind")));
  std::set<std::string> variants;
  for (const auto& [variant, labels] : schema().at("variants").items()) variants.insert(variant);
  EXPECT_EQ(checked_words("survey_form", "variant"), variants);
  std::set<std::string> attributes;
  for (const auto& [column, list] : group_attributes()) attributes.insert(column);
  EXPECT_EQ(checked_words("survey_attribute", "attribute"), attributes);
}

}  // namespace
}  // namespace leefkaart::survey
