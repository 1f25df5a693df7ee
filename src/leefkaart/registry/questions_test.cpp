// Learning questions: the wish and the tension split at "terwijl", the import
// that takes a whole file or nothing, and the dated status history.
#include "registry/questions.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "core/errors.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_questions_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

const std::string kGood =
    "nr,thema,leervraag,houder\n"
    "1,wonen,\"Hoe kan de wijk beter wonen bieden, terwijl de huren stijgen?\",wijkteam\n"
    "2,groen,\"Hoe kan het groen blijven, terwijl er gebouwd wordt terwijl het droog is?\",\n"
    "3,wonen,\"Op welke grond en hoe kan de corporatie meedoen, terwijl ze er niets aan verdient.\",gemeente\n";

// The error of reading `csv` as a questions file.
InputError bad(const fs::path& csv) {
  try {
    read_questions_csv(csv, "2026-12-04");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << csv << " was accepted";
  return InputError({}, "");
}

}  // namespace

TEST(LearningQuestions, TheWishEndsWhereTheFirstTerwijlBegins) {
  auto s = split_question("Hoe kan een SV-gebied het groen verbeteren, terwijl de ideeën uiteenlopen?");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->wish, "Hoe kan een SV-gebied het groen verbeteren");
  EXPECT_EQ(s->tension, "terwijl de ideeën uiteenlopen?");
  s = split_question("Hoe kan A terwijl B, terwijl C?");  // the first one
  ASSERT_TRUE(s);
  EXPECT_EQ(s->wish, "Hoe kan A");
  EXPECT_EQ(s->tension, "terwijl B, terwijl C?");
  EXPECT_FALSE(split_question("Hoe kan de wijk groener worden?"));
  EXPECT_FALSE(split_question("Hoe kan de wijk groener worden, terwijl?"));  // no tension
  EXPECT_FALSE(split_question(", terwijl het regent"));                      // no wish
  EXPECT_FALSE(split_question("Hoe kan het terwijlen stoppen"));              // not the word
}

TEST(LearningQuestions, AFileIsReadWithWishTensionThemeAndHolder) {
  const auto qs = read_questions_csv(write(fresh_dir("good") / "q.csv", kGood), "2026-12-04");
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].nr, "1");
  EXPECT_EQ(qs[0].theme, "wonen");
  EXPECT_EQ(qs[0].wish, "Hoe kan de wijk beter wonen bieden");
  EXPECT_EQ(qs[0].tension, "terwijl de huren stijgen?");
  EXPECT_EQ(qs[0].holder, "wijkteam");
  EXPECT_FALSE(qs[1].holder);
  EXPECT_EQ(qs[1].tension, "terwijl er gebouwd wordt terwijl het droog is?");
  EXPECT_EQ(qs[2].wish, "Op welke grond en hoe kan de corporatie meedoen");
  EXPECT_EQ(qs[2].status, Status::Open);
  EXPECT_EQ(qs[2].created, "2026-12-04");
  EXPECT_EQ(qs[2].source, "q.csv");
}

TEST(LearningQuestions, ExcelsDialectIsReadToo) {
  const auto qs = read_questions_csv(
      write(fresh_dir("excel") / "q.csv", "\xEF\xBB\xBFnr;thema;leervraag\r\n7;zorg;Hoe kan het, terwijl het niet kan?\r\n"),
      "2026-12-04");
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].nr, "7");
  EXPECT_EQ(qs[0].tension, "terwijl het niet kan?");
}

TEST(LearningQuestions, EveryKindOfBadInputNamesFileRowAndField) {
  const fs::path dir = fresh_dir("bad");
  for (const char* missing : {"nr", "thema", "leervraag"}) {
    std::string header = "nr,thema,leervraag";
    header.replace(header.find(missing), std::string(missing).size(), "x");
    const fs::path f = write(dir / (std::string(missing) + ".csv"), header + "\n1,a,\"Hoe kan x, terwijl y?\"\n");
    const InputError e = bad(f);
    EXPECT_EQ(e.location().file, f.string());
    EXPECT_EQ(e.location().field, missing);
    EXPECT_NE(e.problem().find("missing column"), std::string::npos) << e.what();
  }
  struct Case {
    std::string row;  // the second of two rows
    std::string where, field, words;
  };
  const std::vector<Case> cases{
      {"2,wonen,", "row 2 (nr 2)", "leervraag", "empty question"},
      {"2,wonen,Hoe kan de wijk groener worden?", "row 2 (nr 2)", "leervraag", "terwijl"},
      {"1,wonen,\"Hoe kan x, terwijl y?\"", "row 2 (nr 1)", "nr", "also used in row 1"},
      {",wonen,\"Hoe kan x, terwijl y?\"", "row 2", "nr", "empty"},
      {"2,,\"Hoe kan x, terwijl y?\"", "row 2 (nr 2)", "thema", "empty"},
      {"2,wonen,Hoe kan x, terwijl y?", "row 2 (nr 2)", "", "needs quotes"},
  };
  for (const Case& c : cases) {
    const fs::path f = write(dir / "rows.csv", "nr,thema,leervraag\n1,wonen,\"Hoe kan a, terwijl b?\"\n" + c.row + "\n");
    const InputError e = bad(f);
    EXPECT_EQ(e.location().file, f.string()) << c.row;
    EXPECT_EQ(e.location().where, c.where) << c.row;
    EXPECT_EQ(e.location().field, c.field) << c.row;
    EXPECT_NE(e.problem().find(c.words), std::string::npos) << c.row << ": " << e.what();
  }
  EXPECT_NE(bad(write(dir / "empty.csv", "nr,thema,leervraag\n")).problem().find("no questions"), std::string::npos);
}

TEST(LearningQuestions, ImportStoresThemesAndAFirstHistoryEntry) {
  const fs::path dir = fresh_dir("import");
  Store s = Store::open(dir / "r.sqlite");
  EXPECT_EQ(import_questions(s, read_questions_csv(write(dir / "q.csv", kGood), "2026-12-04")), 3u);
  const auto listed = list_questions(s);
  ASSERT_EQ(listed.size(), 3u);
  // Grouped by theme, in the order the themes came in: wonen (1, 3), then groen (2).
  EXPECT_EQ(listed[0].nr, "1");
  EXPECT_EQ(listed[1].nr, "3");
  EXPECT_EQ(listed[1].theme, "wonen");
  EXPECT_EQ(listed[2].theme, "groen");
  EXPECT_EQ(listed[0].holder, "wijkteam");
  EXPECT_EQ(listed[0].tension, "terwijl de huren stijgen?");
  const auto history = status_history(s, "3");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].date, "2026-12-04");
  EXPECT_EQ(history[0].status, Status::Open);
  EXPECT_EQ(history[0].note, "ingelezen uit q.csv");
}

TEST(LearningQuestions, AFailedImportLeavesTheStoreAsItWas) {
  const fs::path dir = fresh_dir("failed");
  Store s = Store::open(dir / "r.sqlite");
  import_questions(s, read_questions_csv(write(dir / "q.csv", kGood), "2026-12-04"));
  const auto before = dump_tables(s);
  // nr 4 and a new theme are new, nr 2 is in the register: none of them is added.
  const auto more = read_questions_csv(
      write(dir / "more.csv",
            "nr,thema,leervraag\n4,zorg,\"Hoe kan a, terwijl b?\"\n2,groen,\"Hoe kan c, terwijl d?\"\n"),
      "2026-12-05");
  try {
    import_questions(s, more);
    ADD_FAILURE() << "a nr already in the register was imported";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "nr 2");
    EXPECT_EQ(e.location().field, "nr");
  }
  EXPECT_EQ(dump_tables(s), before);
}

TEST(LearningQuestions, StatusChangesAreKeptWithTheirDates) {
  const fs::path dir = fresh_dir("status");
  Store s = Store::open(dir / "r.sqlite");
  import_questions(s, read_questions_csv(write(dir / "q.csv", kGood), "2026-12-04"));
  set_status(s, "1", Status::InBehandeling, "2027-01-10", "besproken in het wijkteam");
  set_status(s, "1", Status::Hergeformuleerd, "2027-03-01", std::nullopt);
  EXPECT_THROW(set_status(s, "1", Status::Beantwoord, "2027-02-01", std::nullopt), InputError);  // before the last
  EXPECT_THROW(set_status(s, "1", Status::Beantwoord, "2027-02-30", std::nullopt), InputError);  // no such day
  EXPECT_THROW(set_status(s, "99", Status::Beantwoord, "2027-04-01", std::nullopt), InputError);
  const auto h = status_history(s, "1");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1].date, "2027-01-10");
  EXPECT_EQ(h[1].status, Status::InBehandeling);
  EXPECT_EQ(h[1].note, "besproken in het wijkteam");
  EXPECT_EQ(h[2].status, Status::Hergeformuleerd);
  EXPECT_EQ(list_questions(s)[0].status, Status::Hergeformuleerd);
  EXPECT_EQ(status_history(s, "2").size(), 1u);
}

TEST(LearningQuestions, BackupAndRestoreRoundTripEveryRow) {
  const fs::path dir = fresh_dir("roundtrip");
  Store s = Store::open(dir / "r.sqlite");
  import_questions(s, read_questions_csv(write(dir / "q.csv", kGood), "2026-12-04"));
  set_status(s, "2", Status::Beantwoord, "2027-06-01", "zie de cyclus van mei");
  const auto before = dump_tables(s);
  s.backup(dir / "backup.sqlite");
  set_status(s, "3", Status::InBehandeling, "2027-07-01", std::nullopt);
  import_questions(s, read_questions_csv(write(dir / "more.csv", "nr,thema,leervraag\n9,zorg,\"Hoe kan a, terwijl b?\"\n"),
                                         "2027-07-02"));
  ASSERT_NE(dump_tables(s), before);
  s.restore(dir / "backup.sqlite");
  EXPECT_EQ(dump_tables(s), before);
  EXPECT_EQ(before.at("learning_question").size(), 3u);
  EXPECT_EQ(before.at("question_status").size(), 4u);
}

TEST(LearningQuestions, DatesAreRealCalendarDates) {
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  EXPECT_FALSE(is_iso_date("4-12-2026"));
  EXPECT_FALSE(is_iso_date("2026-13-01"));
  EXPECT_EQ(today().size(), 10u);
  EXPECT_TRUE(is_iso_date(today()));
}
