// `leefkaart registry` on the 18 real learning questions of the quick scan of the
// stedelijke vernieuwingsgebieden (lerend/leervragen_quickscan_sv_2021.csv).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "cli_runner.hpp"
#include "io/checksum.hpp"
#include "io/csv.hpp"
#include "registry/questions.hpp"
#include "registry/records.hpp"

using namespace leefkaart::testing;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path quickscan() { return data_dir() / "lerend/leervragen_quickscan_sv_2021.csv"; }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

CliResult import(const fs::path& store, const fs::path& csv) {
  return run_cli("registry import --store " + q(store) + " --questions " + q(csv));
}

// The file's own questions by nr, read with the plain CSV reader, apart from the register.
std::map<std::string, std::string> questions_in_file() {
  const auto table = leefkaart::io::read_csv(read_text(quickscan()));
  std::map<std::string, std::string> out;
  for (const auto& row : table.rows) out[*row.at(0)] = *row.at(2);
  return out;
}

}  // namespace

TEST(RegistryReal, TheQuickScansEighteenQuestionsImportInTheirSixThemes) {
  const fs::path dir = fresh_dir("registry_real");
  const fs::path store = dir / "register.sqlite";
  const CliResult r = import(store, quickscan());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Store s = Store::open(store, OpenMode::MustExist);
  const auto listed = list_questions(s);
  ASSERT_EQ(listed.size(), 18u);
  // The data README: wonen 5; groen, openbare ruimte en luchtkwaliteit 4; onderwijs 1;
  // werk en inkomen 1; fysieke en mentale gezondheid 5; contact … 2.
  std::vector<std::pair<std::string, int>> themes;
  for (const auto& question : listed) {
    if (themes.empty() || themes.back().first != question.theme) themes.emplace_back(question.theme, 0);
    ++themes.back().second;
  }
  const std::vector<std::pair<std::string, int>> expected{
      {"fysieke leefomgeving – wonen", 5},
      {"fysieke leefomgeving – groen, openbare ruimte en luchtkwaliteit", 4},
      {"sociaaleconomische leefomgeving – onderwijs", 1},
      {"sociaaleconomische leefomgeving – werk en inkomen", 1},
      {"fysieke en mentale gezondheid", 5},
      {"Contact tussen bewoners, gemeente en instanties", 2}};
  EXPECT_EQ(themes, expected);
}

TEST(RegistryReal, EveryQuestionIsSplitIntoWishAndTension) {
  const fs::path dir = fresh_dir("registry_split");
  const fs::path store = dir / "register.sqlite";
  ASSERT_EQ(import(store, quickscan()).exit_code, 0);
  Store s = Store::open(store, OpenMode::MustExist);
  const auto original = questions_in_file();
  ASSERT_EQ(original.size(), 18u);
  std::size_t checked = 0;
  for (const auto& question : list_questions(s)) {
    SCOPED_TRACE("nr " + question.nr);
    EXPECT_EQ(question.tension.rfind("terwijl ", 0), 0u);
    EXPECT_EQ(question.wish.find(" terwijl "), std::string::npos);  // split at the first
    EXPECT_FALSE(question.wish.empty());
    EXPECT_NE(question.wish.back(), ',');
    // In every question of the file a comma stands before "terwijl": wish and tension give it back whole.
    EXPECT_EQ(question.wish + ", " + question.tension, original.at(question.nr));
    EXPECT_EQ(question.status, Status::Open);
    EXPECT_EQ(status_history(s, question.nr).size(), 1u);
    ++checked;
  }
  EXPECT_EQ(checked, 18u);
  // Two that show the split: a question that does not start with "Hoe kan", and the last.
  const auto listed = list_questions(s);
  const auto nine = std::find_if(listed.begin(), listed.end(), [](const Question& x) { return x.nr == "9"; });
  ASSERT_NE(nine, listed.end());
  EXPECT_EQ(nine->wish, "Op welke grond en hoe zou verbetering van luchtkwaliteit een prioriteit voor SV-gebieden kunnen zijn");
  EXPECT_EQ(listed.back().tension.substr(0, 40), "terwijl het realiseren van een daadwerke");
}

TEST(RegistryReal, ListPrintsTheThemesInDutch) {
  const fs::path dir = fresh_dir("registry_list");
  const fs::path store = dir / "register.sqlite";
  ASSERT_EQ(import(store, quickscan()).exit_code, 0);
  const CliResult r = run_cli("registry list --store " + q(store));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Het register heeft 18 leervragen in 6 thema's."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fysieke leefomgeving – wonen (5 vragen)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sociaaleconomische leefomgeving – onderwijs (1 vraag)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("     terwijl er grote financiële tekorten zijn in de Jeugdzorg?"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Status: open."), std::string::npos);
}

TEST(RegistryReal, BadInputExitsNonZeroAndWritesNothing) {
  const fs::path dir = fresh_dir("registry_bad");
  // Question 2 of the real file without its tension.
  std::string text = read_text(quickscan());
  const auto at = text.find(", terwijl een mix");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, text.find('"', at) - at);
  write_text(dir / "in/broken.csv", text);
  const fs::path store = dir / "out/register.sqlite";
  fs::create_directories(store.parent_path());
  CliResult r = import(store, dir / "in/broken.csv");
  expect_clean_failure(r, store.parent_path(), {"broken.csv", "row 2 (nr 2)", "field 'leervraag'", "terwijl"});
  EXPECT_EQ(r.exit_code, 2);

  // Into a register that holds the 18: a file with a nr it has already changes nothing.
  ASSERT_EQ(import(store, quickscan()).exit_code, 0);
  const CliResult before = run_cli("registry list --store " + q(store));
  write_text(dir / "in/again.csv", "nr,thema,leervraag\n19,nieuw,\"Hoe kan a, terwijl b?\"\n18,oud,\"Hoe kan c, terwijl d?\"\n");
  r = import(store, dir / "in/again.csv");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("nr 18"), std::string::npos) << r.output;
  EXPECT_EQ(run_cli("registry list --store " + q(store)).output, before.output);

  // A restore from a file that is no register leaves the register as it was.
  r = run_cli("registry restore --store " + q(store) + " --from " + q(quickscan()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(run_cli("registry list --store " + q(store)).output, before.output);
  // list on a register that is not there creates none.
  r = run_cli("registry list --store " + q(dir / "out/none.sqlite"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "out/none.sqlite"));
}

TEST(RegistryReal, BackupAndRestoreOnTheCommandLine) {
  const fs::path dir = fresh_dir("registry_backup");
  const fs::path store = dir / "register.sqlite", copy = dir / "backup.sqlite";
  ASSERT_EQ(import(store, quickscan()).exit_code, 0);
  std::map<std::string, TableRows> before;
  {
    Store s = Store::open(store, OpenMode::MustExist);
    before = dump_tables(s);
  }
  CliResult r = run_cli("registry backup --store " + q(store) + " --to " + q(copy));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  write_text(dir / "more.csv", "nr,thema,leervraag\n19,nieuw,\"Hoe kan a, terwijl b?\"\n");
  ASSERT_EQ(import(store, dir / "more.csv").exit_code, 0);
  r = run_cli("registry restore --store " + q(store) + " --from " + q(copy));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Store s = Store::open(store, OpenMode::MustExist);
  EXPECT_EQ(dump_tables(s), before);
  EXPECT_EQ(list_questions(s).size(), 18u);
}

namespace {

fs::path interventions_fixture() { return source_dir() / "tests/fixtures/registry/interventies_utrecht.csv"; }

// One build of the Utrecht preset for this process's tests (a build takes a while).
const fs::path& utrecht_build() {
  static const fs::path out = [] {
    const fs::path dir = fresh_dir_for_this_process("registry_utrecht_build");
    const CliResult r = run_build(source_dir() / "presets" / "utrecht.toml", dir, data_dir());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return dir;
  }();
  return out;
}

}  // namespace

TEST(RegistryReal, InterventionsAreCheckedAgainstTheAreasAndIndicatorsOfARealBuild) {
  const fs::path build = utrecht_build();
  // What a record may name: the build's own buurten, wijken, gemeente and indicators.
  const KnownNames known = known_names_from_output(build);
  EXPECT_TRUE(known.areas.count("BU03440112"));  // Oog in Al
  EXPECT_TRUE(known.areas.count("WK034401"));
  EXPECT_TRUE(known.areas.count("GM0344"));
  EXPECT_FALSE(known.areas.count("BU07720000"));  // an Eindhoven-like code
  EXPECT_TRUE(known.indicators.count("no2"));
  EXPECT_TRUE(known.indicators.count("eenzaamheid"));
  EXPECT_EQ(known.manifest_checksum, leefkaart::io::sha256_file((build / "manifest.json").string()));

  const fs::path dir = fresh_dir("registry_interventions");
  const fs::path store = dir / "register.sqlite";
  CliResult r = run_cli("registry import --store " + q(store) + " --interventions " + q(interventions_fixture()) +
                        " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 interventions"), std::string::npos) << r.output;
  {
    Store s = Store::open(store, OpenMode::MustExist);
    const auto all = list_interventions(s);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].areas, std::vector<std::string>{"BU03440112"});
    ASSERT_EQ(all[0].indicators.size(), 1u);
    EXPECT_EQ(all[0].indicators[0].indicator, "no2");
    EXPECT_EQ(all[0].indicators[0].direction, "omlaag");
    EXPECT_EQ(all[1].status, "gestopt");
    EXPECT_EQ(all[1].stop_reason, "subsidie niet verlengd");
  }

  // A cycle pinned to the build: its manifest checksum, so the figures it looked at can be found again.
  write_text(dir / "cycli.csv", "datum,soort,tekst,rol,interventies\n2025-09-01,observatie,Minder auto's bij de school.,buurtteam,U1\n");
  r = run_cli("registry import --store " + q(store) + " --cycles " + q(dir / "cycli.csv") + " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Store s = Store::open(store, OpenMode::MustExist);
  const auto cycles = list_cycles(s);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].manifest_checksum, known.manifest_checksum);
  EXPECT_EQ(cycles[0].interventions, std::vector<std::string>{"U1"});
}

TEST(RegistryReal, AnInterventionInAnAreaTheBuildDoesNotHaveIsRefusedByRowAndColumn) {
  const fs::path build = utrecht_build();
  const fs::path dir = fresh_dir("registry_interventions_bad");
  // The fixture with its second row moved to a buurt of Eindhoven.
  std::string text = read_text(interventions_fixture());
  const auto at = text.find("BU03440111|WK034401");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 10, "BU07720110");
  write_text(dir / "in/interventies.csv", text);
  const fs::path store = dir / "out/register.sqlite";
  fs::create_directories(store.parent_path());
  CliResult r = run_cli("registry import --store " + q(store) + " --interventions " + q(dir / "in/interventies.csv") +
                        " --build " + q(build));
  expect_clean_failure(r, store.parent_path(), {"interventies.csv", "row 2 (code U2)", "field 'gebieden'", "BU07720110"});

  // Without --build there is nothing to check the areas against: refused before anything is read.
  r = run_cli("registry import --store " + q(store) + " --interventions " + q(interventions_fixture()));
  expect_clean_failure(r, store.parent_path(), {"--build"});
  // Nor against a folder that is no build.
  r = run_cli("registry import --store " + q(store) + " --interventions " + q(interventions_fixture()) + " --build " +
              q(dir / "in"));
  expect_clean_failure(r, store.parent_path(), {"manifest.json is missing"});

  // The file is checked whole before the store opens: a register that holds
  // records keeps them unchanged when a later file is refused.
  ASSERT_EQ(run_cli("registry import --store " + q(store) + " --interventions " + q(interventions_fixture()) +
                    " --build " + q(build)).exit_code, 0);
  std::map<std::string, TableRows> before;
  {
    Store s = Store::open(store, OpenMode::MustExist);
    before = dump_tables(s);
  }
  r = run_cli("registry import --store " + q(store) + " --interventions " + q(dir / "in/interventies.csv") + " --build " + q(build));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  Store s = Store::open(store, OpenMode::MustExist);
  EXPECT_EQ(dump_tables(s), before);
}

// What a team sends to another: the whole register as one bundle. It is an
// exact copy when read into an empty register, and a story that may not be
// published travels in no file: not the bundle, not the wijkprofiel.
TEST(RegistryReal, TheRegisterTravelsAsABundleAndIntoTheWijkprofielWithoutWhatMayNotBePublished) {
  const fs::path build = utrecht_build();
  const fs::path dir = fresh_dir("registry_bundle_real");
  const fs::path store = dir / "register.sqlite";
  ASSERT_EQ(import(store, quickscan()).exit_code, 0);
  ASSERT_EQ(run_cli("registry import --store " + q(store) + " --interventions " + q(interventions_fixture()) +
                    " --build " + q(build)).exit_code, 0);
  write_text(dir / "verhalen.csv",
             "datum,gebied,x,y,precisie,bron,tekst,themas,toestemming,publiceerbaar,rol,signaal\n"
             "2026-03-01,BU03440112,,,buurt,bewoner,Bij de school is het nu rustig,no2,ja,ja,ouder,positief\n"
             "2026-03-02,BU03440112,135012.5,455321.25,buurt,casus,NIET-DELEN een gezin in nood,no2,ja,nee,wijkverpleegkundige,zorg\n");
  CliResult r = run_cli("registry import --store " + q(store) + " --stories " + q(dir / "verhalen.csv") + " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;

  r = run_cli("registry export --store " + q(store) + " --to " + q(dir / "bundle.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string bundle = read_text(dir / "bundle.json");
  EXPECT_EQ(bundle.find("NIET-DELEN"), std::string::npos);
  EXPECT_EQ(bundle.find("135012.5"), std::string::npos);
  EXPECT_NE(bundle.find("Bij de school is het nu rustig"), std::string::npos);

  r = run_cli("registry import --store " + q(dir / "copy.sqlite") + " --bundle " + q(dir / "bundle.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run_cli("registry export --store " + q(dir / "copy.sqlite") + " --to " + q(dir / "again.json")).exit_code, 0);
  EXPECT_EQ(read_text(dir / "again.json"), bundle) << "export → import → export gives the same bundle";

  // The same bundle again into the copy: its question numbers are there already; nothing is added.
  r = run_cli("registry import --store " + q(dir / "copy.sqlite") + " --bundle " + q(dir / "bundle.json"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("learning_question[0]"), std::string::npos) << r.output;

  r = run_cli("report --build " + q(build) + " --out " + q(dir / "profielen") + " --store " + q(store));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string oog_in_al = read_text(dir / "profielen/BU03440112.html");
  EXPECT_NE(oog_in_al.find("Autoluwe schoolstraat Oog in Al"), std::string::npos);
  EXPECT_NE(oog_in_al.find("Bij de school is het nu rustig"), std::string::npos);
  EXPECT_NE(oog_in_al.find("Gespreksvragen"), std::string::npos) << "NO2 is worse there, the story says it goes well";
  for (const auto& entry : fs::recursive_directory_iterator(dir / "profielen"))
    if (entry.is_regular_file()) EXPECT_EQ(read_text(entry.path()).find("NIET-DELEN"), std::string::npos) << entry.path();
}

// A project folder has one register: without --store the commands use
// register.sqlite in the folder they are run from.
TEST(RegistryReal, WithoutStoreTheProjectFoldersRegisterIsUsed) {
  const fs::path dir = fresh_dir("registry_default_store");
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const CliResult added = run_cli("registry import --questions " + q(quickscan()));
  const CliResult listed = run_cli("registry list");
  fs::current_path(before);
  ASSERT_EQ(added.exit_code, 0) << added.output;
  EXPECT_NE(added.output.find("register.sqlite"), std::string::npos) << added.output;
  EXPECT_TRUE(fs::exists(dir / "register.sqlite"));
  EXPECT_NE(listed.output.find("Het register heeft 18 leervragen"), std::string::npos) << listed.output;
}

// `leefkaart survey import` against a real build: five Leefplekmeter forms for
// Oog in Al go in; a form for a buurt the build does not have stops the whole
// file, naming its row and column, and leaves no register behind.
TEST(SurveyReal, FormsForARealBuurtImportAndAnUnknownBuurtIsRefused) {
  const fs::path build = utrecht_build();
  const fs::path dir = fresh_dir("survey_import_real");
  std::string csv = "formulier,gebied,datum,sessie,ronde,themaset,rol,bewegen,natuur_en_groen,veiligheid\n";
  for (int i = 1; i <= 5; ++i)
    csv += "W" + std::to_string(i) + ",BU03440112,2026-05-12,wandeling,voor,leefplekmeter-2018,bewoner," +
           std::to_string(4 + i) + ",7,6\n";
  write_text(dir / "formulieren.csv", csv);
  const fs::path store = dir / "register.sqlite";
  CliResult r = run_cli("survey import --store " + q(store) + " " + q(dir / "formulieren.csv") + " --build " + q(build));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("5 formulieren ingelezen"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("BU03440112, ronde voor: 5 formulieren (5 personen)"), std::string::npos) << r.output;

  write_text(dir / "in/fout.csv", "formulier,gebied,datum,sessie,themaset,bewegen\n"
                                  "A1,BU03440112,2026-05-12,tafel,leefplekmeter-2018,6\n"
                                  "A2,BU07720110,2026-05-12,tafel,leefplekmeter-2018,6\n");
  const fs::path fresh = dir / "out/register.sqlite";
  fs::create_directories(fresh.parent_path());
  r = run_cli("survey import --store " + q(fresh) + " " + q(dir / "in/fout.csv") + " --build " + q(build));
  expect_clean_failure(r, fresh.parent_path(), {"fout.csv", "row 2", "field 'gebied'", "BU07720110"});
}
