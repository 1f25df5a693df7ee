// The register's records: what an intervention, a cycle, a note and a story
// must hold to be stored, that a refused record leaves the store as it was,
// and what each audience gets to read back (a story at precision "buurt" never
// gives its point away; a story not publishable is for the team only).
#include "registry/records.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <regex>

#include "registry/questions.hpp"
#include "registry/register_schema.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path fresh_store(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_records_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / (name + ".leefkaart");
  for (const auto& f : {file.string(), file.string() + "-wal", file.string() + "-shm"}) fs::remove(f);
  return file;
}

// The areas and indicators of a small Utrecht build, as known_names_from_output
// would read them (the integration test reads a real one).
KnownNames utrecht() {
  KnownNames k;
  k.areas = {"GM0344", "WK034401", "BU03440101", "BU03440102", "WK034402", "BU03440201"};
  k.indicators = {"no2", "groen", "geluid"};
  k.source = "out/utrecht";
  k.manifest_checksum = std::string(64, 'a');
  return k;
}

const Location kRow{"interventies.csv", "row 2", ""};

Intervention speelplek() {
  Intervention i;
  i.code = "I1";
  i.name = "Speelplek Zuilen";
  i.areas = {"BU03440101", "BU03440102"};
  i.status = "lopend";
  i.planned_start = "2025-03-01";
  i.planned_end = "2026-12-31";
  i.actual_start = "2025-04-15";
  i.types = {"hardware", "orgware"};
  i.domain = "fysiek";
  i.perspective = "bevorderen";
  i.target_group = "kinderen 4-12";
  i.partners = "woningcorporatie, buurthuis";
  i.funding = "gemeente, 3 jaar";
  i.funding_end = "2027-12-31";
  i.situatie = "weinig groen, veel verkeer";
  i.waar_naartoe = "kinderen spelen buiten";
  i.hoe = "een straat autovrij";
  i.aannamen = "ouders laten kinderen dan buiten spelen";
  i.indicators = {{"no2", "omlaag"}, {"groen", "omhoog"}};
  i.assumptions = {{"minder auto's geeft minder NO2", std::string("no2"), std::string("BU03440101")},
                   {"ouders voelen zich veilig", std::nullopt, std::nullopt}};
  i.created = "2026-12-04";
  i.source = "interventies.csv";
  return i;
}

Story story(const std::string& precision, bool consent, bool publishable) {
  Story s;
  s.date = "2026-05-01";
  s.area_code = "BU03440101";
  s.x = 134567.0;
  s.y = 458123.0;
  s.precision = precision;
  s.source = "bewoner";
  s.text = "Sinds de straat dicht is spelen er weer kinderen.";
  s.themes = {"groen"};
  s.consent = consent;
  s.publishable = publishable;
  s.author_role = "bewoner";
  s.created = "2026-12-04";
  return s;
}

// A 1 by 1 pixel PNG (RGBA), whole.
std::string tiny_png() {
  const unsigned char b[] = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                             0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
                             0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
                             0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
                             0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(b), sizeof b);
}

// The head of a JPEG of `w` by `h` pixels: start of image, a JFIF segment and
// a baseline frame header, which is what check_photo reads.
std::string jpeg_head(unsigned w, unsigned h) {
  std::string b = {'\xFF', '\xD8', '\xFF', '\xE0', '\x00', '\x10', 'J', 'F', 'I', 'F', '\x00', '\x01', '\x01', '\x00',
                   '\x00', '\x01', '\x00', '\x01', '\x00', '\x00'};
  const std::string frame = {'\xFF', '\xC0', '\x00', '\x11', '\x08', static_cast<char>(h >> 8), static_cast<char>(h & 0xFF),
                             static_cast<char>(w >> 8), static_cast<char>(w & 0xFF), '\x03', '\x01', '\x22', '\x00',
                             '\x02', '\x11', '\x01', '\x03', '\x11', '\x01'};
  return b + frame + std::string{'\xFF', '\xD9'};
}

// Runs `write`, expects an InputError naming `field` at kRow (or `where`), and
// the store unchanged.
template <class F>
void refused(Store& store, const std::string& field, F write, const Location& where = kRow) {
  const auto before = dump_tables(store);
  try {
    write();
    ADD_FAILURE() << "accepted; expected a refusal naming '" << field << "'";
  } catch (const InputError& e) {
    EXPECT_EQ(e.location().file, where.file) << e.what();
    EXPECT_EQ(e.location().where, where.where) << e.what();
    EXPECT_EQ(e.location().field, field) << e.what();
  }
  EXPECT_EQ(dump_tables(store), before) << "a refused record changed the store (field " << field << ")";
}

std::size_t rows(Store& store, const std::string& table) {
  auto st = store.prepare("SELECT count(*) FROM " + table);
  st.step();
  return static_cast<std::size_t>(st.integer(0));
}

}  // namespace

TEST(Interventions, AreStoredWholeAndReadBackAsEntered) {
  Store store = Store::open(fresh_store("round_trip"));
  const Intervention in = speelplek();
  EXPECT_EQ(add_intervention(store, in, utrecht(), kRow), "I1");
  Intervention stopped = speelplek();
  stopped.code = "I2";
  stopped.status = "gestopt";
  stopped.stop_reason = "subsidie gestopt";
  stopped.areas = {"WK034402"};
  stopped.types = {"software"};
  stopped.indicators = {};
  stopped.assumptions = {};
  stopped.domain = stopped.perspective = std::nullopt;
  add_intervention(store, stopped, utrecht(), kRow);
  const auto all = list_interventions(store);
  ASSERT_EQ(all.size(), 2u);
  const Intervention& out = all[0];
  EXPECT_EQ(out.code, in.code);
  EXPECT_EQ(out.name, in.name);
  EXPECT_EQ(out.areas, in.areas);
  EXPECT_EQ(out.status, in.status);
  EXPECT_EQ(out.stop_reason, std::nullopt);
  EXPECT_EQ(out.planned_start, in.planned_start);
  EXPECT_EQ(out.planned_end, in.planned_end);
  EXPECT_EQ(out.actual_start, in.actual_start);
  EXPECT_EQ(out.actual_end, std::nullopt);
  EXPECT_EQ(out.types, in.types);
  EXPECT_EQ(out.domain, in.domain);
  EXPECT_EQ(out.perspective, in.perspective);
  EXPECT_EQ(out.target_group, in.target_group);
  EXPECT_EQ(out.partners, in.partners);
  EXPECT_EQ(out.funding, in.funding);
  EXPECT_EQ(out.funding_end, in.funding_end);
  EXPECT_EQ(out.situatie, in.situatie);
  EXPECT_EQ(out.waar_naartoe, in.waar_naartoe);
  EXPECT_EQ(out.hoe, in.hoe);
  EXPECT_EQ(out.aannamen, in.aannamen);
  ASSERT_EQ(out.indicators.size(), 2u);
  EXPECT_EQ(out.indicators[0].indicator, "no2");
  EXPECT_EQ(out.indicators[0].direction, "omlaag");
  EXPECT_EQ(out.indicators[1].indicator, "groen");
  ASSERT_EQ(out.assumptions.size(), 2u);
  EXPECT_EQ(out.assumptions[0].text, in.assumptions[0].text);
  EXPECT_EQ(out.assumptions[0].indicator, "no2");
  EXPECT_EQ(out.assumptions[0].area_code, "BU03440101");
  EXPECT_EQ(out.assumptions[1].indicator, std::nullopt);
  EXPECT_EQ(out.created, in.created);
  EXPECT_EQ(out.source, in.source);
  EXPECT_EQ(all[1].status, "gestopt");
  EXPECT_EQ(all[1].stop_reason, "subsidie gestopt");
  EXPECT_EQ(all[1].types, std::vector<std::string>{"software"});
}

TEST(Interventions, EachBadFieldIsRefusedByNameAndNothingIsStored) {
  Store store = Store::open(fresh_store("bad"));
  add_intervention(store, speelplek(), utrecht(), kRow);
  const KnownNames known = utrecht();
  const auto with = [&](auto change) {
    Intervention i = speelplek();
    i.code = "I9";
    change(i);
    return i;
  };
  const auto try_add = [&](const Intervention& i) { return [&store, &known, i] { add_intervention(store, i, known, kRow); }; };
  refused(store, "code", try_add(speelplek()));  // I1 is there already
  refused(store, "code", try_add(with([](Intervention& i) { i.code = " "; })));
  refused(store, "name", try_add(with([](Intervention& i) { i.name = ""; })));
  refused(store, "stop_reason", try_add(with([](Intervention& i) { i.status = "gestopt"; })));
  refused(store, "stop_reason", try_add(with([](Intervention& i) { i.stop_reason = "geld op"; })));  // still "lopend"
  refused(store, "status", try_add(with([](Intervention& i) { i.status = "bezig"; })));
  refused(store, "planned_end", try_add(with([](Intervention& i) { i.planned_end = "2025-02-28"; })));
  refused(store, "actual_end", try_add(with([](Intervention& i) { i.actual_end = "2025-04-14"; })));
  refused(store, "actual_start", try_add(with([](Intervention& i) { i.actual_start = "2025-02-30"; })));
  refused(store, "funding_end", try_add(with([](Intervention& i) { i.funding_end = "31-12-2027"; })));
  refused(store, "areas", try_add(with([](Intervention& i) { i.areas = {"BU99999999"}; })));
  refused(store, "areas", try_add(with([](Intervention& i) { i.areas = {}; })));
  refused(store, "areas", try_add(with([](Intervention& i) { i.areas = {"BU03440101", "BU03440101"}; })));
  refused(store, "types", try_add(with([](Intervention& i) { i.types = {}; })));
  refused(store, "types", try_add(with([](Intervention& i) { i.types = {"hardware", "wetware"}; })));
  refused(store, "domain", try_add(with([](Intervention& i) { i.domain = "economie"; })));
  refused(store, "perspective", try_add(with([](Intervention& i) { i.perspective = "voorkomen"; })));
  refused(store, "indicators", try_add(with([](Intervention& i) { i.indicators = {{"fijnstof", "omlaag"}}; })));
  refused(store, "indicators", try_add(with([](Intervention& i) { i.indicators = {{"no2", "minder"}}; })));
  refused(store, "assumptions", try_add(with([](Intervention& i) { i.assumptions = {{"x", std::string("pm10"), std::nullopt}}; })));
  refused(store, "assumptions", try_add(with([](Intervention& i) { i.assumptions = {{"x", std::nullopt, std::string("BU1")}}; })));
  refused(store, "polygon_wkt", try_add(with([](Intervention& i) { i.polygon_wkt = "POLYGON((5 52, 5.1 52, 5.1 52.1, 5 52))"; })));
  refused(store, "polygon_wkt", try_add(with([](Intervention& i) { i.polygon_wkt = "een vlak"; })));
  EXPECT_EQ(list_interventions(store).size(), 1u);
}

TEST(Interventions, ADrawnAreaInTheNetherlandsIsEnoughWithoutAreaCodes) {
  Store store = Store::open(fresh_store("polygon"));
  Intervention i = speelplek();
  i.areas = {};
  i.polygon_wkt = "POLYGON((134000 458000, 134500 458000, 134500 458500, 134000 458000))";
  add_intervention(store, i, utrecht(), kRow);
  EXPECT_EQ(list_interventions(store).at(0).polygon_wkt, i.polygon_wkt);
}

TEST(Interventions, AStatusChangeKeepsTheStartAndAStopNeedsAReason) {
  Store store = Store::open(fresh_store("status"));
  add_intervention(store, speelplek(), utrecht(), kRow);
  const Location form{"register.leefkaart", "formulier", ""};
  refused(store, "stop_reason", [&] { set_intervention_status(store, "I1", "gestopt", std::nullopt, std::nullopt, std::nullopt, form); }, form);
  refused(store, "actual_end", [&] { set_intervention_status(store, "I1", "afgerond", std::nullopt, std::nullopt, "2025-01-01", form); }, form);
  refused(store, "code", [&] { set_intervention_status(store, "I7", "afgerond", std::nullopt, std::nullopt, std::nullopt, form); }, form);
  set_intervention_status(store, "I1", "gestopt", "bewoners wilden de straat terug", std::nullopt, "2026-06-30", form);
  const Intervention out = list_interventions(store).at(0);
  EXPECT_EQ(out.status, "gestopt");
  EXPECT_EQ(out.stop_reason, "bewoners wilden de straat terug");
  EXPECT_EQ(out.actual_start, "2025-04-15");
  EXPECT_EQ(out.actual_end, "2026-06-30");
}

TEST(Questions, AreLinkedToKnownAreasInterventionsAndIndicatorsOnly) {
  Store store = Store::open(fresh_store("links"));
  import_questions(store, {Question{"1", "groen", "Hoe kan het groen blijven", "terwijl er gebouwd wordt", std::nullopt,
                                    Status::Open, "2026-12-04", std::nullopt}});
  add_intervention(store, speelplek(), utrecht(), kRow);
  const Location form{"register.leefkaart", "formulier", ""};
  refused(store, "nr", [&] { link_question(store, "2", {"BU03440101"}, {}, {}, utrecht(), form); }, form);
  refused(store, "areas", [&] { link_question(store, "1", {"BU03449999"}, {}, {}, utrecht(), form); }, form);
  refused(store, "interventions", [&] { link_question(store, "1", {"BU03440101"}, {"I5"}, {}, utrecht(), form); }, form);
  refused(store, "indicators", [&] { link_question(store, "1", {}, {}, {"pm25"}, utrecht(), form); }, form);
  link_question(store, "1", {"BU03440101"}, {"I1"}, {"groen"}, utrecht(), form);
  link_question(store, "1", {"BU03440101", "WK034401"}, {"I1"}, {"groen"}, utrecht(), form);  // again: a set
  EXPECT_EQ(rows(store, "question_area"), 2u);
  EXPECT_EQ(rows(store, "question_intervention"), 1u);
  EXPECT_EQ(rows(store, "question_indicator"), 1u);
}

TEST(Cycles, ArePinnedToTheBuildTheyLookedAtAndLinkedToQuestionsAndInterventions) {
  Store store = Store::open(fresh_store("cycles"));
  import_questions(store, {Question{"1", "groen", "Hoe kan het groen blijven", "terwijl er gebouwd wordt", std::nullopt,
                                    Status::Open, "2026-12-04", std::nullopt}});
  add_intervention(store, speelplek(), utrecht(), kRow);
  Cycle c;
  c.date = "2026-09-01";
  c.kind = "reflectie";
  c.text = "De NO2 daalde niet, de kinderen spelen wel buiten.";
  c.author_role = "wijkteam";
  c.manifest_checksum = utrecht().manifest_checksum;
  c.build_label = "out/utrecht";
  c.questions = {"1"};
  c.interventions = {"I1"};
  const Location row{"cycli.csv", "row 3", ""};
  Cycle bad = c;
  bad.kind = "evaluatie";
  refused(store, "kind", [&] { add_cycle(store, bad, row); }, row);
  bad = c;
  bad.manifest_checksum = "abc";
  refused(store, "manifest_checksum", [&] { add_cycle(store, bad, row); }, row);
  bad = c;
  bad.questions = {"7"};
  refused(store, "questions", [&] { add_cycle(store, bad, row); }, row);
  bad = c;
  bad.interventions = {"I1", "I2"};
  refused(store, "interventions", [&] { add_cycle(store, bad, row); }, row);
  bad = c;
  bad.author_role = "";
  refused(store, "author_role", [&] { add_cycle(store, bad, row); }, row);
  bad = c;
  bad.date = "2026-9-1";
  refused(store, "date", [&] { add_cycle(store, bad, row); }, row);
  const auto id = add_cycle(store, c, row);
  EXPECT_GT(id, 0);
  const auto all = list_cycles(store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].date, c.date);
  EXPECT_EQ(all[0].kind, c.kind);
  EXPECT_EQ(all[0].text, c.text);
  EXPECT_EQ(all[0].manifest_checksum, c.manifest_checksum);
  EXPECT_EQ(all[0].build_label, c.build_label);
  EXPECT_EQ(all[0].questions, c.questions);
  EXPECT_EQ(all[0].interventions, c.interventions);
}

TEST(Notes, NameTheLevelThatCanSolveThem) {
  Store store = Store::open(fresh_store("notes"));
  add_intervention(store, speelplek(), utrecht(), kRow);
  Note n{"belemmering", "De subsidie loopt per jaar af.", "nationaal", "open", "2026-10-01", std::string("I1"), std::nullopt};
  Note bad = n;
  bad.solve_level = "europees";
  refused(store, "solve_level", [&] { add_note(store, bad, kRow); });
  bad = n;
  bad.kind = "risico";
  refused(store, "kind", [&] { add_note(store, bad, kRow); });
  bad = n;
  bad.question = "3";
  refused(store, "question", [&] { add_note(store, bad, kRow); });
  add_note(store, n, kRow);
  const auto all = list_notes(store);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, n.kind);
  EXPECT_EQ(all[0].solve_level, n.solve_level);
  EXPECT_EQ(all[0].intervention, "I1");
  EXPECT_EQ(all[0].question, std::nullopt);
}

TEST(Stories, AtPrecisionBuurtNeverGiveTheirPointAway) {
  Store store = Store::open(fresh_store("buurt_point"));
  add_story(store, story("buurt", true, true), std::nullopt, utrecht(), kRow);
  add_story(store, story("exact", true, true), std::nullopt, utrecht(), kRow);
  for (Audience a : {Audience::Team, Audience::Public}) {
    const auto all = list_stories(store, a);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].precision, "buurt");
    EXPECT_FALSE(all[0].x.has_value());
    EXPECT_FALSE(all[0].y.has_value());
    EXPECT_EQ(all[0].area_code, "BU03440101");  // shown at its buurt
    EXPECT_EQ(all[1].precision, "exact");
    EXPECT_EQ(all[1].x, 134567.0);
    EXPECT_EQ(all[1].y, 458123.0);
  }
}

TEST(Stories, NotPublishableAreForTheTeamOnly) {
  Store store = Store::open(fresh_store("publishable"));
  Story secret = story("straat", true, false);
  secret.text = "Niet voor publicatie.";
  add_story(store, secret, std::nullopt, utrecht(), kRow);
  add_story(store, story("straat", true, true), std::nullopt, utrecht(), kRow);
  const auto team = list_stories(store, Audience::Team);
  ASSERT_EQ(team.size(), 2u);
  EXPECT_EQ(team[0].text, "Niet voor publicatie.");
  const auto pub = list_stories(store, Audience::Public);
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_NE(pub[0].text, "Niet voor publicatie.");
  EXPECT_TRUE(pub[0].publishable);
}

TEST(Stories, EachBadFieldIsRefusedByNameAndNothingIsStored) {
  Store store = Store::open(fresh_store("bad_stories"));
  const auto try_add = [&](auto change) {
    Story s = story("exact", true, true);
    change(s);
    return [&store, s] { add_story(store, s, std::nullopt, utrecht(), kRow); };
  };
  refused(store, "publishable", try_add([](Story& s) { s.consent = false; }));
  refused(store, "area_code", try_add([](Story& s) { s.area_code = "BU03449999"; }));
  refused(store, "y", try_add([](Story& s) { s.x = 5.1; s.y = 52.1; }));  // degrees, not metres
  refused(store, "y", try_add([](Story& s) { s.y = 700000; }));
  refused(store, "x", try_add([](Story& s) { s.x = std::numeric_limits<double>::quiet_NaN(); }));
  refused(store, "y", try_add([](Story& s) { s.y = std::numeric_limits<double>::infinity(); }));
  refused(store, "y", try_add([](Story& s) { s.y = std::nullopt; }));
  refused(store, "precision", try_add([](Story& s) { s.precision = "wijk"; }));
  refused(store, "source", try_add([](Story& s) { s.source = "krant"; }));
  refused(store, "text", try_add([](Story& s) { s.text = "  "; }));
  refused(store, "themes", try_add([](Story& s) { s.themes = {"eenzaamheid"}; }));
  refused(store, "author_role", try_add([](Story& s) { s.author_role = ""; }));
  refused(store, "date", try_add([](Story& s) { s.date = "2026-13-01"; }));
  refused(store, "photo", try_add([](Story& s) { s.photo = "0123abcd"; }));  // no such photo
  EXPECT_EQ(rows(store, "story"), 0u);
}

TEST(Photos, AreJudgedByTheirContentAndSize) {
  EXPECT_EQ(check_photo(tiny_png(), kRow).mime, "image/png");
  EXPECT_EQ(check_photo(jpeg_head(4000, 3000), kRow).mime, "image/jpeg");
  const auto problem = [](std::string bytes) {
    try {
      check_photo(std::move(bytes), kRow);
    } catch (const InputError& e) {
      EXPECT_EQ(e.location().field, "photo");
      return e.problem();
    }
    return std::string("accepted");
  };
  EXPECT_NE(problem("GIF89a\x01\x00\x01\x00"), "accepted");
  EXPECT_NE(problem("<html><script>alert(1)</script></html>"), "accepted");  // named foto.jpg or not
  EXPECT_NE(problem(""), "accepted");
  EXPECT_NE(problem(jpeg_head(0, 3000)), "accepted");
  EXPECT_NE(problem(jpeg_head(60000, 60000)), "accepted");  // a decompression bomb
  EXPECT_NE(problem(tiny_png().substr(0, 20)), "accepted");
  std::string wide = tiny_png();
  wide[16] = '\x7F';  // width 2^31: no photo
  EXPECT_NE(problem(wide), "accepted");
  std::string big = tiny_png();
  big.resize(static_cast<std::size_t>(register_schema::limit("photo_bytes")) + 1, '\0');
  EXPECT_NE(problem(big).find("at most"), std::string::npos);
}

TEST(Photos, GetAGeneratedNameAndArePublicOnlyWithAPublishableStory) {
  Store store = Store::open(fresh_store("photos"));
  const auto id_secret = add_story(store, story("buurt", true, false), check_photo(tiny_png(), kRow), utrecht(), kRow);
  const auto id_public = add_story(store, story("buurt", true, true), check_photo(jpeg_head(640, 480), kRow), utrecht(), kRow);
  std::string secret_name, public_name;
  for (const Story& s : list_stories(store, Audience::Team)) {
    ASSERT_TRUE(s.photo);
    EXPECT_TRUE(std::regex_match(*s.photo, std::regex("[0-9a-f]{32}"))) << *s.photo;
    (s.id == id_secret ? secret_name : public_name) = *s.photo;
  }
  EXPECT_NE(secret_name, public_name);
  EXPECT_NE(id_secret, id_public);
  ASSERT_TRUE(read_photo(store, secret_name, Audience::Team));
  EXPECT_EQ(read_photo(store, secret_name, Audience::Team)->bytes, tiny_png());
  EXPECT_FALSE(read_photo(store, secret_name, Audience::Public));
  ASSERT_TRUE(read_photo(store, public_name, Audience::Public));
  EXPECT_EQ(read_photo(store, public_name, Audience::Public)->mime, "image/jpeg");
  EXPECT_FALSE(read_photo(store, "0000", Audience::Team));
  // A bad story stores no photo either.
  Story bad = story("buurt", false, true);
  refused(store, "publishable", [&] { add_story(store, bad, check_photo(tiny_png(), kRow), utrecht(), kRow); });
  EXPECT_EQ(rows(store, "photo"), 2u);
}
