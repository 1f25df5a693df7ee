// The register bundle: what a team sends to another team. It round-trips
// exactly, it carries nothing personal, and a bad or newer bundle adds nothing.
#include "registry/bundle.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "core/errors.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_bundle_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A small register with a row in every bundled table: two questions, an
// intervention with its areas, aims and an assumption, a cycle, a note, and
// three stories: publishable at a street, publishable at buurt precision (with
// the raw point the team entered), and one not publishable.
void fill(Store& s) {
  s.write([&] {
    s.exec(R"sql(
INSERT INTO theme (id, name) VALUES (1, 'Gezond opgroeien'), (2, 'Samenwerking');
INSERT INTO learning_question (id, nr, theme_id, wish, tension, holder, status, created) VALUES
  (1, '1', 1, 'Hoe kan de buurt groener worden', 'terwijl er weinig ruimte is?', 'wijkteam', 'open', '2026-01-05'),
  (2, '2', 2, 'Hoe kan de GGD aansluiten', 'terwijl de buurt het niet vraagt?', NULL, 'in behandeling', '2026-01-05');
INSERT INTO question_status (question_id, date, status, note) VALUES
  (1, '2026-01-05', 'open', NULL), (2, '2026-01-05', 'open', NULL), (2, '2026-03-01', 'in behandeling', 'gesprek gepland');
INSERT INTO intervention (id, code, name, status, planned_start, actual_start, hardware, orgware, domain, perspective,
  situatie, waar_naartoe, hoe, aannamen, created) VALUES
  (1, 'I1', 'Groen schoolplein', 'lopend', '2025-09-01', '2025-10-01', 1, 1, 'fysiek', 'bevorderen',
   'Een stenig plein', 'Spelen in het groen', 'Tegels eruit', 'Kinderen spelen meer buiten', '2026-01-05');
INSERT INTO intervention_area VALUES (1, 'BU03440101'), (1, 'BU03440102');
INSERT INTO intervention_indicator VALUES (1, 'groen', 'omhoog');
INSERT INTO assumption (intervention_id, text, indicator, area_code) VALUES (1, 'Meer groen', 'groen', 'BU03440101');
INSERT INTO question_area VALUES (1, 'BU03440101');
INSERT INTO question_intervention VALUES (1, 1);
INSERT INTO question_indicator VALUES (1, 'groen');
INSERT INTO cycle_entry (id, date, kind, text, author_role, manifest_checksum) VALUES
  (1, '2026-02-01', 'reflectie', 'Het plein wordt gebruikt', 'wijkteam', printf('%064d', 7));
INSERT INTO cycle_question VALUES (1, 1);
INSERT INTO cycle_intervention VALUES (1, 1);
INSERT INTO note (kind, text, solve_level, status, date, intervention_id) VALUES
  ('belemmering', 'Budget loopt af', 'provinciaal', 'open', '2026-02-01', 1);
INSERT INTO photo (name, mime, bytes) VALUES ('0123abcd', 'image/png', x'89504E47');
INSERT INTO story (id, date, area_code, x, y, precision, source, text, photo, consent, publishable, author_role, created) VALUES
  (1, '2026-02-02', 'BU03440101', 136123.25, 455987.125, 'straat', 'bewoner', 'Mijn kinderen spelen er nu', '0123abcd', 1, 1, 'bewoner', '2026-02-02'),
  (2, '2026-02-03', 'BU03440101', 136200.5, 456000.75, 'buurt', 'photovoice', 'Het bankje is weg', NULL, 1, 1, 'jongere', '2026-02-03'),
  (3, '2026-02-04', 'BU03440102', 136300.0, 456100.0, 'exact', 'casus', 'GEHEIM: een gezin met schulden', NULL, 1, 0, 'wijkverpleegkundige', '2026-02-04');
INSERT INTO story_theme VALUES (1, 'groen'), (2, 'groen'), (3, 'armoede');
)sql");
  });
}

std::string export_text(Store& s) { return export_bundle(s, "2026-12-04").dump(); }

template <class F>
InputError refusal(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "not refused";
  return InputError({}, "");
}

std::size_t rows_in(Store& s, const std::string& table) {
  auto st = s.prepare("SELECT count(*) FROM \"" + table + "\"");
  st.step();
  return static_cast<std::size_t>(st.integer(0));
}

}  // namespace

TEST(RegistryBundle, EveryTableOfTheRegisterIsEitherBundledOrExcludedWithAReason) {
  Store s = Store::open(fresh_dir("cover") / "r.sqlite");
  std::vector<std::string> decided = bundle_tables();
  for (const auto& x : bundle_excluded_tables()) {
    EXPECT_FALSE(x.why.empty()) << x.table;
    decided.push_back(x.table);
  }
  auto tables = s.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (tables.step())
    EXPECT_NE(std::find(decided.begin(), decided.end(), tables.text(0)), decided.end())
        << "table " << tables.text(0) << " is neither bundled nor excluded";
}

TEST(RegistryBundle, ABundleCarriesNoStoryThatIsNotPublishableNoPhotoAndNoPointOfABuurtStory) {
  Store s = Store::open(fresh_dir("private") / "r.sqlite");
  fill(s);
  const std::string text = export_text(s);
  EXPECT_EQ(text.find("GEHEIM"), std::string::npos);
  EXPECT_EQ(text.find("armoede"), std::string::npos) << "the themes of a story that stays home stay home too";
  EXPECT_EQ(text.find("0123abcd"), std::string::npos) << "no photo, not even its name";
  EXPECT_EQ(text.find("136200.5"), std::string::npos) << "a buurt-precision story travels without its point";
  EXPECT_NE(text.find("136123.25"), std::string::npos) << "a street-precision story keeps its point";
  const json bundle = json::parse(text);
  EXPECT_EQ(bundle["format"], "leefkaart-register-bundle");
  EXPECT_EQ(bundle["schema_version"], s.version());
  EXPECT_EQ(bundle["tables"]["story"].size(), 2u);
  EXPECT_EQ(bundle["tables"].count("photo"), 0u);
}

TEST(RegistryBundle, ExportThenImportIntoAnEmptyRegisterThenExportGivesTheSameBundle) {
  const fs::path dir = fresh_dir("roundtrip");
  Store a = Store::open(dir / "a.sqlite");
  fill(a);
  const json first = export_bundle(a, "2026-12-04");
  write_bundle(first, dir / "bundle.json");
  Store b = Store::open(dir / "b.sqlite");
  const BundleImport added = import_bundle(b, read_bundle(dir / "bundle.json"), "bundle.json");
  EXPECT_TRUE(added.kept_ids);
  EXPECT_EQ(export_text(b), first.dump());
  // Row for row, the bundled tables hold what the first register would send.
  const auto dumped = dump_tables(b);
  EXPECT_EQ(dumped.at("intervention"), dump_tables(a).at("intervention"));
  EXPECT_EQ(dumped.at("question_status"), dump_tables(a).at("question_status"));
}

TEST(RegistryBundle, IntoARegisterWithItsOwnRecordsLinksFollowNewIdsAndThemesMatchByName) {
  const fs::path dir = fresh_dir("merge");
  Store a = Store::open(dir / "a.sqlite");
  fill(a);
  Store b = Store::open(dir / "b.sqlite");
  b.write([&] {
    b.exec("INSERT INTO theme (id, name) VALUES (1, 'Eigen thema'), (2, 'Samenwerking');"
           "INSERT INTO learning_question (id, nr, theme_id, wish, tension, status, created) VALUES "
           "(1, 'U1', 1, 'Hoe kan het', 'terwijl het niet kan?', 'open', '2026-01-01');");
  });
  const BundleImport added = import_bundle(b, export_bundle(a, "2026-12-04"), "a.json");
  EXPECT_FALSE(added.kept_ids);
  EXPECT_EQ(rows_in(b, "theme"), 3u) << "Samenwerking is one theme in both";
  auto q = b.prepare("SELECT t.name FROM learning_question q JOIN theme t ON t.id = q.theme_id WHERE q.nr = '2'");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "Samenwerking");
  auto link = b.prepare("SELECT i.code, lq.nr FROM question_intervention x JOIN intervention i ON i.id = x.intervention_id "
                        "JOIN learning_question lq ON lq.id = x.question_id");
  ASSERT_TRUE(link.step());
  EXPECT_EQ(link.text(0), "I1");
  EXPECT_EQ(link.text(1), "1") << "the link follows both rows to their new ids";
}

TEST(RegistryBundle, AQuestionNumberAlreadyInTheRegisterIsRefusedAndNothingIsAdded) {
  const fs::path dir = fresh_dir("clash");
  Store a = Store::open(dir / "a.sqlite");
  fill(a);
  Store b = Store::open(dir / "b.sqlite");
  b.write([&] {
    b.exec("INSERT INTO theme (name) VALUES ('X');"
           "INSERT INTO learning_question (nr, theme_id, wish, tension, status, created) VALUES "
           "('2', 1, 'Hoe kan het', 'terwijl het niet kan?', 'open', '2026-01-01');");
  });
  const InputError e = refusal([&] { import_bundle(b, export_bundle(a, "2026-12-04"), "a.json"); });
  EXPECT_EQ(e.location().file, "a.json");
  EXPECT_EQ(e.location().where, "learning_question[1]");
  EXPECT_EQ(rows_in(b, "learning_question"), 1u);
  EXPECT_EQ(rows_in(b, "intervention"), 0u);
}

TEST(RegistryBundle, ABadOrNewerBundleIsRefusedNamingWhereAndNothingIsAdded) {
  const fs::path dir = fresh_dir("bad");
  Store a = Store::open(dir / "a.sqlite");
  fill(a);
  const json good = export_bundle(a, "2026-12-04");
  Store b = Store::open(dir / "b.sqlite");

  json newer = good;
  newer["schema_version"] = b.known_version() + 1;
  EXPECT_EQ(refusal([&] { import_bundle(b, newer, "n.json"); }).location().field, "schema_version");

  json newer_format = good;
  newer_format["version"] = 99;
  EXPECT_EQ(refusal([&] { import_bundle(b, newer_format, "n.json"); }).location().field, "version");

  EXPECT_EQ(refusal([&] { import_bundle(b, json{{"format", "iets anders"}}, "x.json"); }).location().field, "format");

  json unknown_table = good;
  unknown_table["tables"]["users"] = json::array();
  EXPECT_EQ(refusal([&] { import_bundle(b, unknown_table, "u.json"); }).location().field, "users");

  json unknown_column = good;
  unknown_column["tables"]["intervention"][0]["email"] = "a@b.nl";
  const InputError column = refusal([&] { import_bundle(b, unknown_column, "c.json"); });
  EXPECT_EQ(column.location().where, "intervention[0]");
  EXPECT_EQ(column.location().field, "email");

  json stopped_without_reason = good;
  stopped_without_reason["tables"]["intervention"][0]["status"] = "gestopt";
  EXPECT_EQ(refusal([&] { import_bundle(b, stopped_without_reason, "s.json"); }).location().where, "intervention[0]");

  json dangling = good;
  dangling["tables"]["intervention_area"][0]["intervention_id"] = 42;
  EXPECT_EQ(refusal([&] { import_bundle(b, dangling, "d.json"); }).location().where, "intervention_area[0]");

  for (const auto& table : bundle_tables()) EXPECT_EQ(rows_in(b, table), 0u) << table;

  std::ofstream(dir / "broken.json") << "{\"format\": ";
  EXPECT_EQ(refusal([&] { read_bundle(dir / "broken.json"); }).location().file, (dir / "broken.json").string());
}
