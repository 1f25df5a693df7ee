// Leefplekmeter forms in the project's register: stored whole in one
// transaction or not at all, read back as they went in; the store's CHECKs
// allow exactly schema/survey.json's words.
#include "survey/forms.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <functional>
#include <regex>

#include <fstream>

#include "core/errors.hpp"
#include "io/xlsx_writer.hpp"
#include "registry/store.hpp"
#include "survey/command.hpp"
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
  const ThemeSet theme_list = *theme_set(f.theme_set);
  for (const auto& t : theme_list.themes) {
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


// ---- reading form files -----------------------------------------------------

// A form file's row as column → value; the columns are those of the first row.
using Row = std::vector<std::pair<std::string, std::string>>;

Row good_row(const std::string& label) {
  Row r = {{"formulier", label}, {"gebied", "BU03440101"}, {"datum", "2026-05-12"}, {"sessie", "wandeling"},
           {"themaset", "leefplekmeter-2018"}, {"rol", "bewoner"}, {"leeftijd", "45-64"}, {"publiceerbaar", "ja"}};
  int score = 3;
  const ThemeSet theme_list = *theme_set("leefplekmeter-2018");
  for (const auto& t : theme_list.themes) {
    r.emplace_back(t.code, std::to_string(score));
    score = score % 10 + 1;
  }
  r.emplace_back("natuur_en_groen_goed", "het park, met de bankjes");
  r.emplace_back("natuur_en_groen_beter", "meer bomen");
  return r;
}

void set(Row& r, const std::string& column, const std::string& value) {
  for (auto& [c, v] : r)
    if (c == column) {
      v = value;
      return;
    }
  r.emplace_back(column, value);
}

// Writes rows as a CSV, every value quoted (WKT has commas).
fs::path write_csv(const fs::path& file, const std::vector<Row>& rows) {
  std::ofstream out(file);
  std::vector<std::string> header;
  for (const auto& r : rows)
    for (const auto& [c, v] : r)
      if (std::find(header.begin(), header.end(), c) == header.end()) header.push_back(c);
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << header[i];
  out << "\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      std::string v;
      for (const auto& [c, value] : r)
        if (c == header[i]) v = value;
      out << (i ? "," : "") << '"' << v << '"';
    }
    out << "\n";
  }
  return file;
}

KnownAreas build_areas() {
  KnownAreas a;
  a.codes = {"BU03440101", "BU03440102", "WK034401"};
  a.source = "uit/";
  return a;
}

TEST(SurveyForms, AFormFileIsReadWithItsDefaults) {
  const fs::path dir = fresh_dir("read");
  Row group = good_row("G1");
  set(group, "soort", "groep");
  set(group, "aantal", "4");
  set(group, "ronde", "na");
  set(group, "variant", "b1");
  set(group, "publiceerbaar", "nee");
  set(group, "veiligheid", "");  // not answered
  const auto forms = read_forms(write_csv(dir / "formulieren.csv", {good_row("F1"), group}), build_areas());
  ASSERT_EQ(forms.size(), 2u);
  const Form& f = forms[0];
  EXPECT_EQ(f.label, "F1");
  EXPECT_EQ(f.round, "2026") << "the year of the date when no round is given";
  EXPECT_EQ(f.variant, "standaard");
  EXPECT_EQ(f.kind, "persoon");
  EXPECT_EQ(f.people, 1);
  EXPECT_TRUE(f.publishable);
  EXPECT_EQ(f.attributes, (std::map<std::string, std::string>{{"rol", "bewoner"}, {"leeftijd", "45-64"}}));
  EXPECT_EQ(f.source_row, 1);
  ASSERT_EQ(f.answers.size(), 14u);
  EXPECT_EQ(f.answers[0].theme, "bewegen");
  EXPECT_EQ(f.answers[0].score, 3);
  EXPECT_EQ(f.answers[4].good, "het park, met de bankjes");
  EXPECT_EQ(f.answers[4].better, "meer bomen");
  const Form& g = forms[1];
  EXPECT_EQ(g.kind, "groep");
  EXPECT_EQ(g.people, 4);
  EXPECT_EQ(g.round, "na");
  EXPECT_EQ(g.variant, "b1");
  EXPECT_FALSE(g.publishable);
  EXPECT_FALSE(g.answers[11].score) << g.answers[11].theme << ": empty is not answered, not a zero";
}

struct BadCase {
  std::string what;
  std::function<void(Row&)> change;  // applied to the second row
  std::string field;                 // the column the message names
  std::string says;                  // part of the message
};

TEST(SurveyForms, EveryBadInputNamesItsRowAndColumnAndNothingIsStored) {
  const fs::path dir = fresh_dir("bad");
  const fs::path store_file = dir / "register.sqlite";
  { auto created = registry::Store::open(store_file); }
  const std::vector<BadCase> cases = {
      {"score above the scale", [](Row& r) { set(r, "wonen", "11"); }, "wonen", "11 ligt buiten de schaal 1–10 van leefplekmeter-2018"},
      {"score below the scale", [](Row& r) { set(r, "wonen", "0"); }, "wonen", "buiten de schaal 1–10"},
      {"score not whole", [](Row& r) { set(r, "wonen", "7.5"); }, "wonen", "'7.5' is geen heel getal op de schaal 1–10"},
      {"score NaN", [](Row& r) { set(r, "wonen", "NaN"); }, "wonen", "'NaN' is geen heel getal"},
      {"unknown theme set", [](Row& r) { set(r, "themaset", "leefplekmeter-2019"); }, "themaset", "themaset 'leefplekmeter-2019' bestaat niet"},
      {"no area code", [](Row& r) { set(r, "gebied", "BU0344"); }, "gebied", "gebied 'BU0344' is geen buurtcode (BU en 8 cijfers)"},
      {"invalid drawn area", [](Row& r) { set(r, "gebied", "Rondje park"); set(r, "gebied_wkt", "POLYGON ((136000 456000, 136200 456100, 136200 456000, 136000 456200, 136000 456000))"); }, "gebied_wkt", "not a valid polygon"},
      {"drawn area in degrees", [](Row& r) { set(r, "gebied", "Rondje park"); set(r, "gebied_wkt", "POLYGON ((5.1 52.1, 5.2 52.1, 5.2 52.2, 5.1 52.1))"); }, "gebied_wkt", "outside the Netherlands"},
      {"undeclared age band", [](Row& r) { set(r, "leeftijd", "30-40"); }, "leeftijd", "waarde '30-40' is niet gedeclareerd voor leeftijd"},
      {"bad date", [](Row& r) { set(r, "datum", "12-05-2026"); }, "datum", "'12-05-2026' is geen datum"},
      {"no such day", [](Row& r) { set(r, "datum", "2026-02-30"); }, "datum", "'2026-02-30' is geen datum"},
      {"unknown session", [](Row& r) { set(r, "sessie", "wandel"); }, "sessie", "'wandel' is geen sessie"},
      {"unknown kind", [](Row& r) { set(r, "soort", "gezin"); }, "soort", "'gezin' is geen soort"},
      {"unknown variant", [](Row& r) { set(r, "variant", "kind"); }, "variant", "variant 'kind' bestaat niet voor leefplekmeter-2018"},
      {"group of seven", [](Row& r) { set(r, "soort", "groep"); set(r, "aantal", "7"); }, "aantal", "1 tot 6 mensen"},
      {"person counted twice", [](Row& r) { set(r, "aantal", "2"); }, "aantal", "alleen een groep telt meer dan één persoon"},
      {"not publishable either", [](Row& r) { set(r, "publiceerbaar", "misschien"); }, "publiceerbaar", "schrijf ja of nee"},
      {"label twice", [](Row& r) { set(r, "formulier", "F1"); }, "formulier", "formulier 'F1' staat ook op row 1"},
  };
  for (const auto& c : cases) {
    Row second = good_row("F2");
    c.change(second);
    const fs::path file = write_csv(dir / "formulieren.csv", {good_row("F1"), second});
    try {
      import_command(store_file.string(), file.string());
      ADD_FAILURE() << c.what << ": accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().file, file.string()) << c.what;
      EXPECT_EQ(e.location().where, "row 2") << c.what;
      EXPECT_EQ(e.location().field, c.field) << c.what;
      EXPECT_NE(e.problem().find(c.says), std::string::npos) << c.what << ": " << e.what();
    }
    auto store = registry::Store::open(store_file);
    EXPECT_TRUE(load_forms(store).empty()) << c.what << ": nothing is stored";
  }
}

TEST(SurveyForms, AnAreaTheBuildDoesNotHaveIsRefused) {
  const fs::path dir = fresh_dir("unknown_area");
  Row second = good_row("F2");
  set(second, "gebied", "BU03449999");
  const fs::path file = write_csv(dir / "f.csv", {good_row("F1"), second});
  EXPECT_NO_THROW(read_forms(file, KnownAreas{})) << "without a build any code of the CBS shape passes";
  try {
    read_forms(file, build_areas());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "row 2");
    EXPECT_EQ(e.location().field, "gebied");
    EXPECT_NE(e.problem().find("gebied 'BU03449999' is geen buurt of wijk van de build in uit/"),
              std::string::npos) << e.what();
  }
}

TEST(SurveyForms, AScoreIsCheckedAgainstItsOwnSetsScale) {
  const fs::path dir = fresh_dir("own_scale");
  Row ps = good_row("P1");
  set(ps, "themaset", "place-standard-2017");
  const ThemeSet theme_list = *theme_set("place-standard-2017");
  for (const auto& t : theme_list.themes) set(ps, t.code, "4");
  set(ps, "wonen", "8");  // fine on 1–10, not on 1–7
  ReadOptions mixed;
  mixed.allow_mixed_sets = true;
  try {
    read_forms(write_csv(dir / "f.csv", {good_row("F1"), ps}), build_areas(), mixed);
    FAIL() << "8 on a 1–7 scale";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "wonen");
    EXPECT_NE(e.problem().find("8 ligt buiten de schaal 1–7 van place-standard-2017"), std::string::npos) << e.what();
  }
}

TEST(SurveyForms, AFileMixingScalesMustSaySo) {
  const fs::path dir = fresh_dir("mixed");
  Row ps = good_row("P1");
  set(ps, "themaset", "place-standard-2017");
  const ThemeSet theme_list = *theme_set("place-standard-2017");
  for (const auto& t : theme_list.themes) set(ps, t.code, "4");
  const fs::path file = write_csv(dir / "f.csv", {good_row("F1"), ps});
  try {
    read_forms(file, build_areas());
    FAIL() << "mixed without saying so";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "row 2");
    EXPECT_EQ(e.location().field, "themaset");
    EXPECT_NE(e.problem().find("mengt themaset leefplekmeter-2018 (schaal 1–10) met place-standard-2017 (schaal 1–7)"),
              std::string::npos) << e.what();
    EXPECT_NE(e.problem().find("--gemengd"), std::string::npos);
  }
  ReadOptions mixed;
  mixed.allow_mixed_sets = true;
  const auto forms = read_forms(file, build_areas(), mixed);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[1].theme_set, "place-standard-2017") << "kept on its own scale";
  EXPECT_EQ(forms[1].answers[0].score, 4) << "nothing is rescaled on the way in";
}

TEST(SurveyForms, AColumnThatIsNoColumnOrThemeIsRefused) {
  const fs::path dir = fresh_dir("column");
  Row r = good_row("F1");
  set(r, "groen", "7");
  try {
    read_forms(write_csv(dir / "f.csv", {r}), build_areas());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "header");
    EXPECT_EQ(e.location().field, "groen");
    EXPECT_NE(e.problem().find("onbekende kolom"), std::string::npos) << e.what();
  }
  Row typo = good_row("F1");
  set(typo, "natuur_en_groen_gud", "park");
  EXPECT_THROW(read_forms(write_csv(dir / "g.csv", {typo}), build_areas()), InputError);
}

TEST(SurveyForms, AreasWithoutABuildAreCbsCodesOrNamedPolygons) {
  const fs::path dir = fresh_dir("areas");
  Row named = good_row("N1");
  set(named, "gebied", "Rondje park");
  set(named, "gebied_wkt", "POLYGON ((136000 456000, 136100 456000, 136100 456100, 136000 456100, 136000 456000))");
  Row wijk = good_row("W1");
  set(wijk, "gebied", "WK034401");
  const auto forms = read_forms(write_csv(dir / "f.csv", {good_row("F1"), named, wijk}), KnownAreas{});
  ASSERT_EQ(forms.size(), 3u);
  EXPECT_EQ(forms[1].area, "Rondje park");
  EXPECT_TRUE(forms[1].area_wkt);
  // With a build the named polygon passes too; a name without a polygon does not.
  EXPECT_NO_THROW(read_forms(dir / "f.csv", build_areas()));
  // A later row may name it without its polygon; so may a later file, once it is stored.
  Row again = good_row("N2");
  set(again, "gebied", "Rondje park");
  EXPECT_NO_THROW(read_forms(write_csv(dir / "h.csv", {named, again}), KnownAreas{}));
  const fs::path store = dir / "register.sqlite";
  import_command(store.string(), (dir / "f.csv").string());
  EXPECT_NO_THROW(import_command(store.string(), write_csv(dir / "i.csv", {again}).string()));
  Row loose = good_row("L1");
  set(loose, "gebied", "Rondje plein");
  try {
    read_forms(write_csv(dir / "g.csv", {loose}), KnownAreas{});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "gebied");
    EXPECT_NE(e.problem().find("gebied_wkt"), std::string::npos) << e.what();
  }
}

TEST(SurveyForms, AFileMayDeclareItsOwnAttributeValues) {
  const fs::path dir = fresh_dir("declared");
  Row r = good_row("F1");
  set(r, "leeftijd", "30-40");
  const fs::path file = write_csv(dir / "f.csv", {r});
  EXPECT_THROW(read_forms(file, build_areas()), InputError);
  {
    std::ofstream k(dir / "kenmerken.csv");
    k << "kenmerk,waarde\nleeftijd,30-40\nleeftijd,40-50\n";
  }
  ReadOptions own;
  own.declared_values = dir / "kenmerken.csv";
  const auto forms = read_forms(file, build_areas(), own);
  EXPECT_EQ(forms.at(0).attributes.at("leeftijd"), "30-40");
  // Declared values replace the schema's for that attribute: 45-64 is no longer one of them.
  set(r, "leeftijd", "45-64");
  try {
    read_forms(write_csv(dir / "g.csv", {r}), build_areas(), own);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().field, "leeftijd");
    EXPECT_NE(e.problem().find("(wel: 30-40, 40-50)"), std::string::npos) << e.what();
  }
  // rol keeps the schema's words.
  set(r, "leeftijd", "40-50");
  set(r, "rol", "wethouder");
  EXPECT_THROW(read_forms(write_csv(dir / "h.csv", {r}), build_areas(), own), InputError);
}

TEST(SurveyForms, AWorkbookIsReadWithItsKenmerkenSheet) {
  const fs::path dir = fresh_dir("xlsx");
  io::LayerData forms_sheet;
  forms_sheet.name = "formulieren";
  const Row r = good_row("X1");
  std::vector<io::Value> row;
  for (const auto& [c, v] : r) {
    const auto set = theme_set("leefplekmeter-2018");
    if (set->theme(c)) {  // scores as numbers, as a spreadsheet holds them
      forms_sheet.fields.push_back({c, io::FieldType::Integer});
      row.emplace_back(static_cast<long long>(std::stoi(v)));
    } else {
      forms_sheet.fields.push_back({c, io::FieldType::String});
      row.emplace_back(c == "leeftijd" ? std::string("30-40") : v);
    }
  }
  forms_sheet.rows = {row};
  io::LayerData kenmerken;
  kenmerken.name = "kenmerken";
  kenmerken.fields = {{"kenmerk", io::FieldType::String}, {"waarde", io::FieldType::String}};
  kenmerken.rows = {{std::string("leeftijd"), std::string("30-40")}};
  const fs::path file = dir / "formulieren.xlsx";
  io::write_xlsx(file, {{"formulieren", &forms_sheet}, {"kenmerken", &kenmerken}});

  const auto forms = read_forms(file, build_areas());
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].label, "X1");
  EXPECT_EQ(forms[0].date, "2026-05-12");
  EXPECT_EQ(forms[0].attributes.at("leeftijd"), "30-40") << "declared in the workbook's kenmerken sheet";
  EXPECT_EQ(forms[0].answers[0].score, 3);
  EXPECT_EQ(forms[0].answers[4].good, "het park, met de bankjes");

  // A bad score names the row as the spreadsheet shows it.
  forms_sheet.rows[0][8] = 12LL;  // the first theme column, bewegen
  const fs::path bad = dir / "fout.xlsx";
  io::write_xlsx(bad, {{"formulieren", &forms_sheet}, {"kenmerken", &kenmerken}});
  try {
    read_forms(bad, build_areas());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "row 1 (spreadsheet row 2)");
    EXPECT_EQ(e.location().field, "bewegen");
  }
}

// The web form posts one form at a time; it is checked by the same rules, with the schema's words.
TEST(SurveyForms, AFormFromTheWebIsCheckedByTheSameRules) {
  Form f = sample("web-1");
  f.entered = "web";
  EXPECT_NO_THROW(check_form(f, build_areas(), schema_declared_values(), "formulier"));
  f.answers[3].score = 11;
  try {
    check_form(f, build_areas(), schema_declared_values(), "formulier");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "formulier");
    EXPECT_EQ(e.location().field, f.answers[3].theme);
  }
  f.answers[3].score = 5;
  f.answers[3].theme = "groen";
  EXPECT_THROW(check_form(f, build_areas(), schema_declared_values(), "formulier"), InputError) << "no such theme";
  f.answers[3].theme = f.answers[4].theme;
  EXPECT_THROW(check_form(f, build_areas(), schema_declared_values(), "formulier"), InputError) << "a theme twice";
}

TEST(SurveyForms, TheImportCommandSaysWhatItAddedPerAreaAndRound) {
  const fs::path dir = fresh_dir("command");
  Row group = good_row("G1");
  set(group, "soort", "groep");
  set(group, "aantal", "5");
  Row other = good_row("F2");
  set(other, "gebied", "BU03440102");
  const fs::path file = write_csv(dir / "formulieren.csv", {good_row("F1"), group, other});
  const fs::path store = dir / "register.sqlite";
  const std::string out = import_command(store.string(), file.string());
  EXPECT_NE(out.find("3 formulieren ingelezen"), std::string::npos) << out;
  EXPECT_NE(out.find("BU03440101, ronde 2026: 2 formulieren (6 personen)"), std::string::npos) << out;
  EXPECT_NE(out.find("BU03440102, ronde 2026: 1 formulier (1 persoon)"), std::string::npos) << out;
  auto s = registry::Store::open(store);
  EXPECT_EQ(load_forms(s).size(), 3u);
  // The same file again: its labels are in the store already, nothing is added.
  EXPECT_THROW(import_command(store.string(), file.string()), InputError);
  EXPECT_EQ(load_forms(s).size(), 3u);
  // A failed import into a store that did not exist leaves no store behind.
  const fs::path fresh = dir / "nieuw.sqlite";
  Row bad = good_row("B1");
  set(bad, "wonen", "99");
  EXPECT_THROW(import_command(fresh.string(), write_csv(dir / "fout.csv", {bad}).string()), InputError);
  EXPECT_FALSE(fs::exists(fresh));
}

}  // namespace
}  // namespace leefkaart::survey
