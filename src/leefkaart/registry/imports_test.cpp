// Interventions, stories and cycles from a spreadsheet: the Dutch columns, '|'
// between the values of one cell, a CSV of either dialect or an XLSX workbook
// read the same way, and a whole file imported or nothing of it.
#include "registry/imports.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <fstream>

#include "registry/questions.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir() {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_imports_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = fresh_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

fs::path fresh_store(const std::string& name) {
  const fs::path file = fresh_dir() / (name + ".leefkaart");
  for (const auto& f : {file.string(), file.string() + "-wal", file.string() + "-shm"}) fs::remove(f);
  return file;
}

KnownNames utrecht() {
  KnownNames k;
  k.areas = {"GM0344", "WK034401", "BU03440101", "BU03440102"};
  k.indicators = {"no2", "groen"};
  k.source = "out/utrecht";
  k.manifest_checksum = std::string(64, 'b');
  return k;
}

const std::string kHeader =
    "code,naam,gebieden,status,reden_gestopt,start_gepland,eind_gepland,start,eind,typen,domein,perspectief,"
    "doelgroep,partners,financiering,financiering_tot,situatie,waar_naartoe,hoe,aannamen,indicatoren,aannamen_gekoppeld\n";
const std::string kSpeelstraat =
    "I1,Speelstraat,BU03440101|BU03440102,lopend,,2025-03-01,2026-12-31,2025-04-15,,hardware|orgware,fysiek,"
    "bevorderen,kinderen,\"corporatie, buurthuis\",gemeente,2027-12-31,veel verkeer,kinderen spelen buiten,"
    "straat dicht,ouders laten kinderen buiten,no2:omlaag|groen:omhoog,minder auto's > no2 > BU03440101|ouders voelen zich veilig\n";
const std::string kGestopt =
    "I2,Buurtkamer,WK034401,gestopt,subsidie op,,,2024-01-01,2024-06-30,software,sociaal,faciliteren,,,,,,,,,,\n";

// The error of importing `file` as interventions into a fresh store, which
// must stay empty.
InputError refused_interventions(const fs::path& file) {
  Store store = Store::open(fresh_store("refused"));
  try {
    import_interventions(store, file, utrecht(), "2026-12-04");
  } catch (const InputError& e) {
    EXPECT_TRUE(list_interventions(store).empty());
    return e;
  }
  ADD_FAILURE() << file << " was accepted";
  return InputError({}, "");
}

}  // namespace

TEST(InterventionImport, ReadsEveryColumnAndSplitsListsAtTheBar) {
  Store store = Store::open(fresh_store("interventions"));
  const fs::path csv = write("interventies.csv", kHeader + kSpeelstraat + kGestopt);
  EXPECT_EQ(import_interventions(store, csv, utrecht(), "2026-12-04"), 2u);
  const auto all = list_interventions(store);
  ASSERT_EQ(all.size(), 2u);
  const Intervention& i = all[0];
  EXPECT_EQ(i.code, "I1");
  EXPECT_EQ(i.areas, (std::vector<std::string>{"BU03440101", "BU03440102"}));
  EXPECT_EQ(i.types, (std::vector<std::string>{"hardware", "orgware"}));
  EXPECT_EQ(i.partners, "corporatie, buurthuis");
  EXPECT_EQ(i.funding_end, "2027-12-31");
  ASSERT_EQ(i.indicators.size(), 2u);
  EXPECT_EQ(i.indicators[1].indicator, "groen");
  EXPECT_EQ(i.indicators[1].direction, "omhoog");
  ASSERT_EQ(i.assumptions.size(), 2u);
  EXPECT_EQ(i.assumptions[0].text, "minder auto's");
  EXPECT_EQ(i.assumptions[0].indicator, "no2");
  EXPECT_EQ(i.assumptions[0].area_code, "BU03440101");
  EXPECT_EQ(i.assumptions[1].indicator, std::nullopt);
  EXPECT_EQ(i.source, "interventies.csv");
  EXPECT_EQ(all[1].status, "gestopt");
  EXPECT_EQ(all[1].stop_reason, "subsidie op");
}

TEST(InterventionImport, TheExcelDialectReadsTheSame) {
  Store store = Store::open(fresh_store("excel"));
  std::string text = "\xEF\xBB\xBF" "code;naam;gebieden;typen;indicatoren\n"
                     "I1;\"Speelstraat; met bankjes\";BU03440101|BU03440102;hardware|orgware;no2:omlaag\n";
  import_interventions(store, write("interventies_excel.csv", text), utrecht(), "2026-12-04");
  const auto all = list_interventions(store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "Speelstraat; met bankjes");
  EXPECT_EQ(all[0].areas.size(), 2u);
  EXPECT_EQ(all[0].status, "gepland");  // no status column: planned
}

TEST(InterventionImport, ABadRowIsNamedByRowAndColumnAndNothingIsImported) {
  const auto check = [](const std::string& rows, const std::string& where, const std::string& column) {
    const InputError e = refused_interventions(write("bad.csv", kHeader + rows));
    EXPECT_EQ(e.location().where, where) << e.what();
    EXPECT_EQ(e.location().field, column) << e.what();
  };
  // The first row is fine each time: nothing of it may be stored.
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,gestopt,,,,,,software,,,,,,,,,,,,\n", "row 2 (code I2)", "reden_gestopt");
  check(kSpeelstraat + "I2,Buurtkamer,BU03449999,lopend,,,,,,software,,,,,,,,,,,,\n", "row 2 (code I2)", "gebieden");
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,lopend,,,,2025-01-01,2024-01-01,software,,,,,,,,,,,,\n", "row 2 (code I2)", "eind");
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,lopend,,,,,,software,,,,,,,,,,,pm10:omlaag,\n", "row 2 (code I2)", "indicatoren");
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,lopend,,,,,,software,,,,,,,,,,,no2,\n", "row 2 (code I2)", "indicatoren");
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,lopend,,01-03-2025,,,,software,,,,,,,,,,,,\n", "row 2 (code I2)", "start_gepland");
  check(kSpeelstraat + "I2,Buurtkamer,WK034401,lopend,,,,,,hardware;software,,,,,,,,,,,,\n", "row 2 (code I2)", "typen");
  check(kSpeelstraat + kSpeelstraat, "row 2 (code I1)", "code");  // the same code twice
  const InputError typo = refused_interventions(write("typo.csv", "code,naam,gebieden,typen,finaciering\nI1,a,WK034401,software,x\n"));
  EXPECT_EQ(typo.location().where, "header");
  EXPECT_EQ(typo.location().field, "finaciering");
  EXPECT_NE(typo.problem().find("financiering"), std::string::npos) << typo.problem();
  const InputError missing = refused_interventions(write("missing.csv", "code,naam,gebieden\nI1,a,WK034401\n"));
  EXPECT_EQ(missing.location().field, "typen");
}

TEST(InterventionImport, AnXlsxWorkbookIsReadFromItsFirstSheetWithDatesAsDates) {
  const fs::path xlsx = fresh_dir() / "interventies.xlsx";
  lxw_workbook* wb = workbook_new(xlsx.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "interventies");
  lxw_worksheet* other = workbook_add_worksheet(wb, "toelichting");
  lxw_format* date_format = workbook_add_format(wb);
  format_set_num_format(date_format, "dd-mm-yyyy");
  const char* header[] = {"code", "naam", "gebieden", "status", "start", "typen", "indicatoren"};
  for (int c = 0; c < 7; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
  worksheet_write_number(ws, 1, 0, 7, nullptr);  // a code Excel keeps as a number
  worksheet_write_string(ws, 1, 1, "Groene schoolpleinen", nullptr);
  worksheet_write_string(ws, 1, 2, "BU03440101", nullptr);
  worksheet_write_string(ws, 1, 3, "lopend", nullptr);
  lxw_datetime start = {2025, 9, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 4, &start, date_format);
  worksheet_write_string(ws, 1, 5, "hardware", nullptr);
  worksheet_write_string(ws, 1, 6, "groen:omhoog", nullptr);
  worksheet_write_string(other, 0, 0, "niet ingelezen", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  Store store = Store::open(fresh_store("xlsx"));
  EXPECT_EQ(import_interventions(store, xlsx, utrecht(), "2026-12-04"), 1u);
  const auto all = list_interventions(store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].code, "7");
  EXPECT_EQ(all[0].actual_start, "2025-09-01");
  EXPECT_EQ(all[0].indicators.at(0).indicator, "groen");
}

TEST(StoryImport, ReadsYesNoAndCoordinatesAndKeepsABuurtPointHidden) {
  Store store = Store::open(fresh_store("stories"));
  const fs::path csv = write("verhalen.csv",
                             "datum,gebied,x,y,precisie,bron,tekst,themas,toestemming,publiceerbaar,rol\n"
                             "2026-05-01,BU03440101,134567.5,458123,,bewoner,Het is hier stil geworden.,groen|no2,ja,ja,bewoner\n"
                             "2026-05-02,BU03440102,134600,458200,exact,photovoice,Nieuwe bomen.,groen,ja,nee,jongere\n");
  EXPECT_EQ(import_stories(store, csv, utrecht(), "2026-12-04"), 2u);
  const auto team = list_stories(store, Audience::Team);
  ASSERT_EQ(team.size(), 2u);
  EXPECT_EQ(team[0].precision, "buurt");  // no precision given: shown at the buurt
  EXPECT_FALSE(team[0].x.has_value());
  EXPECT_EQ(team[0].themes, (std::vector<std::string>{"groen", "no2"}));
  EXPECT_EQ(team[1].x, 134600.0);
  EXPECT_EQ(list_stories(store, Audience::Public).size(), 1u);

  const auto refused = [&](const std::string& row, const std::string& column) {
    const fs::path bad = write("verhalen_fout.csv", "datum,gebied,x,y,precisie,bron,tekst,themas,toestemming,publiceerbaar,rol\n" + row);
    try {
      import_stories(store, bad, utrecht(), "2026-12-04");
      ADD_FAILURE() << row << " was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().where, "row 1") << e.what();
      EXPECT_EQ(e.location().field, column) << e.what();
    }
    EXPECT_EQ(list_stories(store, Audience::Team).size(), 2u);
  };
  refused("2026-05-01,BU03440101,,,,bewoner,tekst,,misschien,nee,\n", "toestemming");
  refused("2026-05-01,BU03440101,,,,bewoner,tekst,,nee,ja,\n", "publiceerbaar");
  refused("2026-05-01,BU03440101,5.12,52.09,,bewoner,tekst,,ja,ja,\n", "y");
  refused("2026-05-01,BU03440101,hier,458000,,bewoner,tekst,,ja,ja,\n", "x");
  refused("2026-05-01,BU03440101,,,,buurman,tekst,,ja,ja,\n", "bron");
}

TEST(CycleImport, PinsEachEntryToTheBuildGivenUnlessItNamesItsOwn) {
  Store store = Store::open(fresh_store("cycles"));
  import_questions(store, {Question{"1", "groen", "Hoe kan het groen blijven", "terwijl er gebouwd wordt", std::nullopt,
                                    Status::Open, "2026-12-04", std::nullopt}});
  import_interventions(store, write("i.csv", kHeader + kSpeelstraat), utrecht(), "2026-12-04");
  const std::string own(64, 'c');
  const fs::path csv = write("cycli.csv",
                             "datum,soort,tekst,rol,leervragen,interventies,manifest_sha256\n"
                             "2026-06-01,actie,Straat dicht.,wijkteam,1,I1,\n"
                             "2026-09-01,reflectie,Minder NO2?,onderzoeker,1,I1," + own + "\n");
  const KnownNames build = utrecht();
  EXPECT_EQ(import_cycles(store, csv, &build), 2u);
  const auto all = list_cycles(store);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].manifest_checksum, build.manifest_checksum);
  EXPECT_EQ(all[0].build_label, build.source);
  EXPECT_EQ(all[1].manifest_checksum, own);
  EXPECT_EQ(all[1].questions, std::vector<std::string>{"1"});
  try {
    import_cycles(store, write("cycli_fout.csv", "datum,soort,tekst,leervragen\n2026-06-01,actie,x,1\n2026-06-02,actie,y,9\n"), nullptr);
    ADD_FAILURE() << "a cycle of an unknown question was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "row 2");
    EXPECT_EQ(e.location().field, "leervragen");
  }
  EXPECT_EQ(list_cycles(store).size(), 2u);
}

TEST(QuestionImport, AnXlsxWorkbookGivesTheSameQuestionsAsItsCsv) {
  const fs::path xlsx = fresh_dir() / "leervragen.xlsx";
  lxw_workbook* wb = workbook_new(xlsx.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "leervragen");
  const char* header[] = {"nr", "thema", "leervraag", "houder"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
  worksheet_write_number(ws, 1, 0, 1, nullptr);
  worksheet_write_string(ws, 1, 1, "wonen", nullptr);
  worksheet_write_string(ws, 1, 2, "Hoe kan de wijk beter wonen bieden, terwijl de huren stijgen?", nullptr);
  worksheet_write_string(ws, 1, 3, "wijkteam", nullptr);
  worksheet_write_number(ws, 2, 0, 2, nullptr);
  worksheet_write_string(ws, 2, 1, "groen", nullptr);
  worksheet_write_string(ws, 2, 2, "Hoe kan het groen blijven?", nullptr);  // no tension
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  try {
    read_questions_csv(xlsx, "2026-12-04");
    ADD_FAILURE() << "a question without 'terwijl' was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().where, "row 2 (spreadsheet row 3) (nr 2)");
    EXPECT_EQ(e.location().field, "leervraag");
  }
  const fs::path good = fresh_dir() / "leervragen_goed.xlsx";
  wb = workbook_new(good.c_str());
  ws = workbook_add_worksheet(wb, "leervragen");
  for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 0, c, header[c], nullptr);
  worksheet_write_number(ws, 1, 0, 1, nullptr);
  worksheet_write_string(ws, 1, 1, "wonen", nullptr);
  worksheet_write_string(ws, 1, 2, "Hoe kan de wijk beter wonen bieden, terwijl de huren stijgen?", nullptr);
  worksheet_write_string(ws, 1, 3, "wijkteam", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  const auto from_xlsx = read_questions_csv(good, "2026-12-04");
  const auto from_csv = read_questions_csv(
      write("leervragen.csv", "nr,thema,leervraag,houder\n1,wonen,\"Hoe kan de wijk beter wonen bieden, terwijl de huren stijgen?\",wijkteam\n"),
      "2026-12-04");
  ASSERT_EQ(from_xlsx.size(), 1u);
  EXPECT_EQ(from_xlsx[0].nr, from_csv[0].nr);
  EXPECT_EQ(from_xlsx[0].wish, from_csv[0].wish);
  EXPECT_EQ(from_xlsx[0].tension, from_csv[0].tension);
  EXPECT_EQ(from_xlsx[0].holder, from_csv[0].holder);
}
