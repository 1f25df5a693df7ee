// The register behind `leefkaart serve --store`, asked over loopback sockets
// with an HTTP client as a browser page (or another site's page) would: who
// may write, what is refused and stores nothing, what never leaves the store,
// and that concurrent writers and a killed writer lose nothing committed.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "geom/geos.hpp"
#include "io/build_schema.hpp"
#include "io/checksum.hpp"
#include "io/output.hpp"
#include "registry/questions.hpp"
#include "registry/records.hpp"
#include "registry/store.hpp"
#include "series/schema.hpp"
#include "server/register_json.hpp"
#include "server/server.hpp"
#include "server/test_manifest.hpp"
#include "server/test_running.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "leefkaart_register_api_test" /
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string feature(const json& properties) {
  return json{{"type", "Feature"},
              {"properties", properties},
              {"geometry", {{"type", "Polygon"}, {"coordinates", {{{5.1, 52.1}, {5.2, 52.1}, {5.2, 52.2}, {5.1, 52.1}}}}}}}
      .dump();
}
std::string layer(const std::vector<json>& props) {
  std::string features;
  for (const auto& p : props) features += (features.empty() ? "" : ",") + feature(p);
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

// A build of one gemeente, one wijk with two buurten, one indicator ("groen"),
// a web app, and the register file to open.
struct Project {
  fs::path out = fresh_dir("out"), web = fresh_dir("web"), store = fresh_dir("store") / "register.sqlite";
  Project() {
    std::ofstream(out / "cells.geojson") << layer({{{"cell_id", "q1r2"}, {"buurt_code", "BU03440101"}, {"score", 2}}});
    std::ofstream(out / "buurten.geojson") << layer({{{"code", "BU03440101"}, {"wijk_code", "WK034401"}, {"gm_code", "GM0344"}},
                                                     {{"code", "BU03440102"}, {"wijk_code", "WK034401"}, {"gm_code", "GM0344"}}});
    std::ofstream(out / "wijken.geojson") << layer({{{"code", "WK034401"}, {"gm_code", "GM0344"}}});
    std::ofstream(out / "gemeente.geojson") << layer({{{"code", "GM0344"}}});
    std::ofstream(out / "masking.csv") << "code,reason\n";
    // The register reads the areas it may name from the build's GeoPackage.
    auto areas = [](const std::string& level, const std::string& field, const std::vector<std::string>& codes) {
      io::LayerData layer;
      layer.name = io::build_schema::layer(level);
      layer.fields = {{field, io::FieldType::String}};
      double x = 136000;
      for (const auto& code : codes) {
        layer.rows.push_back({code});
        layer.geometries.push_back(geom::make_polygon({{x, 455000}, {x + 100, 455000}, {x + 100, 455100}, {x, 455100}}));
        x += 100;
      }
      return layer;
    };
    const std::string code = io::build_schema::area_field("code");
    const io::LayerData cells = areas("cells", io::build_schema::cell_field("id"), {"q1r2"}),
                        gemeente = areas("gemeente", code, {"GM0344"});
    io::LayerData buurten = areas("buurten", code, {"BU03440101", "BU03440102"}), wijken = areas("wijken", code, {"WK034401"});
    // Names, and what the numbers say about "groen": Oog in Al not worse than the threshold, Lombok worse.
    const std::string worse = io::build_schema::area_field("worse_than_threshold", {"groen"});
    buurten.fields.push_back({io::build_schema::area_field("name"), io::FieldType::String});
    buurten.fields.push_back({worse, io::FieldType::Integer});
    buurten.rows[0].insert(buurten.rows[0].end(), {std::string("Oog in Al"), 0LL});
    buurten.rows[1].insert(buurten.rows[1].end(), {std::string("Lombok"), 1LL});
    wijken.fields.push_back({io::build_schema::area_field("name"), io::FieldType::String});
    wijken.rows[0].push_back(std::string("West"));
    io::write_geopackage(out / io::build_schema::schema().at("geopackage").get<std::string>(), {&cells, &buurten, &wijken, &gemeente});
    leefkaart::testing::write_manifest(
        out, {{"tool", "leefkaart"}, {"command", "build"}, {"indicators", {{{"name", "groen"}, {"label", "Weinig groen"}}}}});
    std::ofstream(web / "index.html") << "<!doctype html><title>leefkaart</title>";
  }
  server::ServeOptions options(bool with_store = true) const {
    server::ServeOptions o;
    o.out_dir = out.string();
    o.web_dir = web.string();
    if (with_store) o.store = store.string();
    return o;
  }
};

// The server on a free port, with what the app's page sends.
class Running : public leefkaart::testing::Running {
 public:
  using leefkaart::testing::Running::Running;
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }
  // What the app's own page sends with every request.
  httplib::Headers page() const { return {{"Origin", origin()}, {"Sec-Fetch-Site", "same-origin"}}; }
  std::string session() const {
    auto res = client().Get(server::register_path("session"), page());
    return res && res->status == 200 ? json::parse(res->body).at("token").get<std::string>() : "";
  }
  httplib::Headers writer() const {
    auto h = page();
    h.emplace(server::register_schema().at("api").at("token_header").get<std::string>(), session());
    return h;
  }

};

json intervention(const std::string& code) {
  return {{"code", code}, {"name", "Groen schoolplein " + code}, {"areas", {"BU03440101"}}, {"status", "lopend"},
          {"types", {"hardware"}}, {"indicators", {{{"indicator", "groen"}, {"direction", "omlaag"}}}},
          {"actual_start", "2024-03-01"}};
}

json story(const std::string& text, bool publishable, const std::string& precision = "exact") {
  return {{"date", "2024-05-01"}, {"area_code", "BU03440101"}, {"x", 136000.5}, {"y", 455000.25},
          {"precision", precision}, {"source", "bewoner"},        {"text", text},
          {"themes", {"groen"}},   {"consent", publishable},      {"publishable", publishable},
          {"author_role", "bewoner"}};
}

// The smallest PNG: its signature and an IHDR of a 1×1 image.
std::string tiny_png() {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
                     "\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xae\x42\x60\x82",
                     67);
}

std::size_t stored(const fs::path& file, const std::string& table) {
  auto store = registry::Store::open(file, registry::OpenMode::MustExist);
  auto st = store.prepare("SELECT count(*) FROM " + table);
  st.step();
  return static_cast<std::size_t>(st.integer(0));
}

std::string post_path(const std::string& key) { return server::register_path(key); }

}  // namespace

TEST(RegisterApi, TheAppsOwnPageWritesAndReadsBack) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  json in_wijk = intervention("I2");
  in_wijk["areas"] = {"WK034401"};
  for (const json& item : {intervention("I1"), in_wijk}) {
    auto res = s.client().Post(post_path("interventions"), s.writer(), item.dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 201) << res->body;
  }
  auto reg = s.client().Get(server::register_path("register"));
  ASSERT_TRUE(reg);
  const json all = json::parse(reg->body);
  ASSERT_EQ(all.at("interventions").size(), 2u) << reg->body;
  EXPECT_EQ(all.at("interventions").at(0).at("code"), "I1");
  EXPECT_EQ(all.at("interventions").at(0).at("indicators"), json::parse(R"([{"indicator":"groen","direction":"omlaag"}])"));
  EXPECT_EQ(all["schema_version"], registry::Store::open(p.store).version());
  // A buurt gets its own records and its wijk's, each marked with the area it came through;
  // a wijk does not get its buurten's.
  const std::string area = server::register_path("area");
  auto codes = [&](const std::string& code) {
    std::vector<std::string> out;
    const auto res = s.client().Get(area.substr(0, area.find('{')) + code);
    EXPECT_EQ(res->status, 200) << res->body;
    const json answer = json::parse(res->body);
    for (const auto& i : answer.at("interventions"))
      out.push_back(i.at("code").get<std::string>() + "@" + i.at("area_code").get<std::string>());
    return out;
  };
  EXPECT_EQ(codes("BU03440101"), (std::vector<std::string>{"I1@BU03440101", "I2@WK034401"}));
  EXPECT_EQ(codes("BU03440102"), (std::vector<std::string>{"I2@WK034401"}));
  EXPECT_EQ(codes("WK034401"), (std::vector<std::string>{"I2@WK034401"}));
  EXPECT_EQ(s.client().Get(area.substr(0, area.find('{')) + "BU99999999")->status, 404);
}

TEST(RegisterApi, AQuestionsStatusChangesWithItsDate) {
  Project p;
  {
    auto store = registry::Store::open(p.store);
    registry::Question q;
    q.nr = "7";
    q.theme = "groen";
    q.wish = "Hoe kan het plein groener worden";
    q.tension = "terwijl er kabels onder liggen?";
    q.created = "2024-01-01";
    registry::import_questions(store, {q});
  }
  Running s(p.options());
  const std::string path = server::register_path("question_status");
  auto at = [&](const std::string& nr) { return path.substr(0, path.find('{')) + nr + path.substr(path.find('}') + 1); };
  const json change{{"status", "in behandeling"}, {"date", "2024-02-01"}, {"note", "besproken in het wijkteam"}};
  auto res = s.client().Post(at("7"), s.writer(), change.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  const json questions = json::parse(s.client().Get(server::register_path("questions"))->body);
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_EQ(questions[0]["status"], "in behandeling");
  EXPECT_EQ(questions[0]["wish"], "Hoe kan het plein groener worden");
  // A date before the last change, an unknown nr, an unknown status: 400, nothing changed.
  for (const auto& [nr, body] : std::vector<std::pair<std::string, json>>{
           {"7", {{"status", "beantwoord"}, {"date", "2023-12-31"}}},
           {"99", {{"status", "beantwoord"}, {"date", "2024-03-01"}}},
           {"7", {{"status", "klaar"}, {"date", "2024-03-01"}}}}) {
    res = s.client().Post(at(nr), s.writer(), body.dump(), "application/json");
    EXPECT_EQ(res->status, 400) << nr << " " << body.dump() << " " << res->body;
    EXPECT_TRUE(json::parse(res->body).contains("error"));
  }
  auto store = registry::Store::open(p.store);
  EXPECT_EQ(registry::status_history(store, "7").size(), 2u);
}

TEST(RegisterApi, AQuestionIsAddedWithWishAndTensionApartAndItsLinks) {
  Project p;
  Running s(p.options());
  const json question{{"nr", "Q1"}, {"theme", "groen"}, {"wish", "Hoe kan het plein groener worden"},
                      {"tension", "terwijl er kabels onder liggen?"}, {"holder", "wijkteam"},
                      {"areas", {"BU03440101"}}, {"indicators", {"groen"}}};
  auto res = s.client().Post(post_path("questions"), s.writer(), question.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  const json questions = json::parse(s.client().Get(server::register_path("questions"))->body);
  ASSERT_EQ(questions.size(), 1u);
  EXPECT_EQ(questions[0].at("tension"), "terwijl er kabels onder liggen?");
  EXPECT_EQ(questions[0].at("status"), "open");
  EXPECT_EQ(questions[0].at("indicators"), json({"groen"}));
  const std::string area = server::register_path("area");
  const json buurt = json::parse(s.client().Get(area.substr(0, area.find('{')) + "BU03440101")->body);
  ASSERT_EQ(buurt.at("questions").size(), 1u);
  EXPECT_EQ(buurt["questions"][0].at("area_code"), "BU03440101");
  // No "terwijl", or a link to what the map does not know: 400 naming the field, nothing added.
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"tension", "maar er zijn kabels"}, {"indicators", {"onbekend"}}, {"areas", {"BU99999999"}}}) {
    json bad = question;
    bad["nr"] = "Q2";
    bad[field] = value;
    res = s.client().Post(post_path("questions"), s.writer(), bad.dump(), "application/json");
    EXPECT_EQ(res->status, 400) << field << " " << res->body;
    EXPECT_EQ(json::parse(res->body).value("field", ""), field) << res->body;
  }
  EXPECT_EQ(stored(p.store, "learning_question"), 1u);
}

TEST(RegisterApi, AnAreaOrIndicatorNotInTheServedBuildIs400NamingTheField) {
  Project p;
  Running s(p.options());
  json bad = intervention("I1");
  bad["areas"] = {"BU99999999"};
  auto res = s.client().Post(post_path("interventions"), s.writer(), bad.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(json::parse(res->body).value("field", ""), "areas") << res->body;
  json unknown_field = intervention("I2");
  unknown_field["naam"] = "typo";
  res = s.client().Post(post_path("interventions"), s.writer(), unknown_field.dump(), "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(json::parse(res->body).value("field", ""), "naam");
  EXPECT_EQ(stored(p.store, "intervention"), 0u);
}

TEST(RegisterApi, APostFromAnotherOriginIsRefusedAndStoresNothing) {
  Project p;
  Running s(p.options());
  const std::string token = s.session();
  ASSERT_EQ(token.size(), 64u);
  const std::string header = server::register_schema().at("api").at("token_header");
  // Even with the right token: a page of another site must not write.
  for (const httplib::Headers& h : std::vector<httplib::Headers>{
           {{"Origin", "http://evil.example"}, {header, token}},
           {{"Origin", "http://127.0.0.1:1"}, {header, token}},
           {{"Sec-Fetch-Site", "cross-site"}, {header, token}},
           {{"Sec-Fetch-Site", "same-site"}, {header, token}}}) {
    auto res = s.client().Post(post_path("interventions"), h, intervention("I1").dump(), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << res->body;
  }
  EXPECT_EQ(stored(p.store, "intervention"), 0u);
  // Nor can it read the session token.
  auto session = s.client().Get(server::register_path("session"), {{"Origin", "http://evil.example"}});
  EXPECT_EQ(session->status, 403);
  EXPECT_EQ(session->body.find(token), std::string::npos);
  session = s.client().Get(server::register_path("session"), {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(session->status, 403);
}

TEST(RegisterApi, AWriteWithoutOrWithAWrongTokenIsRefused) {
  Project p;
  Running s(p.options());
  auto res = s.client().Post(post_path("interventions"), s.page(), intervention("I1").dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  auto h = s.page();
  std::string wrong = s.session();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  h.emplace(server::register_schema().at("api").at("token_header").get<std::string>(), wrong);
  res = s.client().Post(post_path("interventions"), h, intervention("I1").dump(), "application/json");
  EXPECT_EQ(res->status, 403);
  // A form post (text/plain, the one a page of another site could send without asking) is no JSON write.
  res = s.client().Post(post_path("interventions"), s.writer(), intervention("I1").dump(), "text/plain");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(stored(p.store, "intervention"), 0u);
}

TEST(RegisterApi, ABodyOverTheLimitIs413AndStoresNothing) {
  Project p;
  Running s(p.options());
  const auto& limits = server::register_schema().at("limits");
  json big = intervention("I1");
  big["situatie"] = std::string(limits.at("body_bytes").get<std::size_t>(), 'x');
  auto res = s.client().Post(post_path("interventions"), s.writer(), big.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // A photo over photo_bytes, however well-formed its start.
  std::string photo = tiny_png() + std::string(limits.at("photo_bytes").get<std::size_t>(), '\0');
  res = s.client().Post(post_path("stories"), s.writer(),
                        httplib::MultipartFormDataItems{{"story", story("te groot", true).dump(), "", "application/json"},
                                                        {"photo", photo, "foto.png", "image/png"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(stored(p.store, "intervention"), 0u);
  EXPECT_EQ(stored(p.store, "story"), 0u);
  EXPECT_EQ(stored(p.store, "photo"), 0u);
}

TEST(RegisterApi, APhotoThatIsNoImageIs400NamingTheField) {
  Project p;
  Running s(p.options());
  auto res = s.client().Post(post_path("stories"), s.writer(),
                             httplib::MultipartFormDataItems{{"story", story("een foto", true).dump(), "", "application/json"},
                                                             {"photo", "<script>alert(1)</script>", "foto.jpg", "image/jpeg"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(json::parse(res->body).value("field", ""), "photo");
  EXPECT_EQ(stored(p.store, "story"), 0u);
  EXPECT_EQ(stored(p.store, "photo"), 0u);
}

TEST(RegisterApi, AStoryNotPublishableLeavesTheStoreInNoAnswer) {
  Project p;
  Running s(p.options());
  const std::string secret = "Mijn buurvrouw op nummer 12 durft niet meer over straat";
  const std::string open = "Het nieuwe plein wordt veel gebruikt";
  auto post = [&](const json& st) {
    auto res = s.client().Post(post_path("stories"), s.writer(),
                               httplib::MultipartFormDataItems{{"story", st.dump(), "", "application/json"},
                                                               {"photo", tiny_png(), "foto.png", "image/png"}});
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
    EXPECT_EQ(res->body.find(st.at("text").get<std::string>()), std::string::npos);
  };
  post(story(secret, false));
  post(story(open, true, "buurt"));
  ASSERT_EQ(stored(p.store, "story"), 2u);

  std::vector<std::string> bodies;
  bodies.push_back(s.client().Get(server::register_path("register"))->body);
  bodies.push_back(s.client().Get(server::register_path("questions"))->body);
  const std::string area = server::register_path("area");
  for (const char* code : {"BU03440101", "WK034401", "GM0344"})
    bodies.push_back(s.client().Get(area.substr(0, area.find('{')) + code)->body);
  // Every photo in the store, asked by its name.
  std::vector<std::string> names;
  {
    auto store = registry::Store::open(p.store);
    auto st = store.prepare("SELECT name FROM photo");
    while (st.step()) names.push_back(st.text(0));
  }
  ASSERT_EQ(names.size(), 2u);
  const std::string photos = server::register_path("photos");
  int served = 0;
  for (const auto& name : names) {
    auto res = s.client().Get(photos.substr(0, photos.find('{')) + name);
    if (res->status == 200) {
      ++served;
      EXPECT_EQ(res->get_header_value("Content-Type"), "image/png");
      EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
      EXPECT_EQ(res->get_header_value("Content-Security-Policy"), "default-src 'none'");
      EXPECT_EQ(res->get_header_value("Content-Disposition").rfind("inline; filename=\"foto-", 0), 0u);
      EXPECT_NE(res->get_header_value("Cache-Control").find("private"), std::string::npos);
    }
    bodies.push_back(res->body);
  }
  EXPECT_EQ(served, 1);  // the publishable story's photo only
  const json reg = json::parse(bodies[0]);
  ASSERT_EQ(reg.at("stories").size(), 1u);
  EXPECT_EQ(reg["stories"][0]["text"], open);
  EXPECT_FALSE(reg["stories"][0].contains("x"));  // precision "buurt": shown at its buurt
  for (const auto& body : bodies) {
    EXPECT_EQ(body.find(secret), std::string::npos) << body;
    EXPECT_EQ(body.find("136000"), std::string::npos) << body;
  }
}

// Where the numbers say fine but a story on the same theme speaks of a concern
// (or the reverse), the area is a question for the conversation; only the
// public's stories count, so a story not publishable changes nothing.
TEST(RegisterApi, PromptsSetPublishableStoriesAgainstTheBuildsNumbers) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  auto post = [&](json st) {
    auto res = s.client().Post(post_path("stories"), s.writer(), st.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
  };
  auto prompts = [&] {
    auto res = s.client().Get(server::register_path("prompts"));
    EXPECT_TRUE(res && res->status == 200);
    return json::parse(res->body).at("prompts");
  };
  json hidden = story("Hier is nergens een boom te zien", false);
  hidden["signal"] = "zorg";
  // In Oog in Al, where the numbers say fine: published, it would be a prompt.
  post(hidden);
  EXPECT_EQ(prompts(), json::array()) << "a story not publishable made a prompt";

  json concern = story("Het park is weg, er is geen groen meer", true);
  concern["signal"] = "zorg";
  post(concern);
  json agrees = concern;  // a concern where the numbers are worse too: no contradiction, no prompt
  agrees["area_code"] = "BU03440102";
  post(agrees);
  json fine = story("Het groen in de wijk is prachtig", true);
  fine["signal"] = "positief";
  fine["area_code"] = "WK034401";  // the wijk has no figure for groen: nothing to set it against
  post(fine);

  const json found = prompts();
  ASSERT_EQ(found.size(), 1u) << found.dump();
  EXPECT_EQ(found[0]["area_code"], "BU03440101");
  EXPECT_EQ(found[0]["area_name"], "Oog in Al");
  EXPECT_EQ(found[0]["indicator"], "groen");
  EXPECT_EQ(found[0]["numbers_worse"], false);
  EXPECT_EQ(found[0]["stories"], 1);  // the publishable one; the hidden concern is not counted
  const std::string text = found[0]["text"];
  EXPECT_NE(text.find("Oog in Al"), std::string::npos) << text;
  EXPECT_NE(text.find("Weinig groen"), std::string::npos) << text;  // the indicator's label, not its name
  EXPECT_NE(text.find("één verhaal"), std::string::npos) << text;
}

// Every buurt of the build, with how many publishable stories it has and from
// whom; a buurt with none is listed with 0: it is not heard.
TEST(RegisterApi, CoverageListsEveryBuurtWithItsPublishableStoriesBySource) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  for (const json& st : {story("Een", true), story("Twee", true), story("Niet te delen", false)}) {
    auto res = s.client().Post(post_path("stories"), s.writer(), st.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
  }
  auto res = s.client().Get(server::register_path("coverage"));
  ASSERT_TRUE(res && res->status == 200);
  const json areas = json::parse(res->body).at("areas");
  ASSERT_EQ(areas.size(), 2u) << res->body;
  EXPECT_EQ(areas[0]["area_code"], "BU03440101");
  EXPECT_EQ(areas[0]["area_name"], "Oog in Al");
  EXPECT_EQ(areas[0]["stories"], 2);
  EXPECT_EQ(areas[0]["by_source"], json({{"bewoner", 2}}));
  EXPECT_EQ(areas[1]["area_code"], "BU03440102");
  EXPECT_EQ(areas[1]["stories"], 0);
  EXPECT_EQ(areas[1]["by_source"], json::object());
  EXPECT_EQ(res->body.find("Niet te delen"), std::string::npos);
}

// A map in time has no single measurement to set stories against: both answer
// empty, saying why, rather than guessing a year.
TEST(RegisterApi, ForASeriesPromptsAndCoverageSayWhyTheyAreEmpty) {
  Project p;
  fs::rename(p.out / io::build_schema::schema().at("geopackage").get<std::string>(), p.out / series::schema().at("geopackage").get<std::string>());
  fs::remove(p.out / io::kManifestFile);
  // A series paints its cells by the score of its last year.
  std::ofstream(p.out / "cells.geojson") << layer({{{"cell_id", "q1r2"}, {"buurt_code", "BU03440101"},
                                                    {series::field("cell_fields", "score", 2022), 2}}});
  leefkaart::testing::write_manifest(
      p.out, {{"tool", "leefkaart"},
             {"command", series::schema().at("command")},
             {series::schema().at("manifest_keys").at("years").get<std::string>(), {2020, 2022}},
             {"indicators", {{{"name", "groen"}, {"label", "Weinig groen"}}}}});
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  for (const auto& [key, list] : {std::pair{"prompts", "prompts"}, std::pair{"coverage", "areas"}}) {
    auto res = s.client().Get(server::register_path(key));
    ASSERT_TRUE(res && res->status == 200) << key;
    const json answer = json::parse(res->body);
    EXPECT_EQ(answer.at(list), json::array()) << key;
    EXPECT_NE(answer.at("reason").get<std::string>().find("tijdreeks"), std::string::npos) << res->body;
  }
}

TEST(RegisterApi, ACycleWithoutAChecksumIsPinnedToTheServedBuild) {
  Project p;
  Running s(p.options());
  const json cycle{{"date", "2024-06-01"}, {"kind", "reflectie"}, {"text", "Het plein trekt vooral kinderen"}};
  auto res = s.client().Post(post_path("cycles"), s.writer(), cycle.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  const json reg = json::parse(s.client().Get(server::register_path("register"))->body);
  ASSERT_EQ(reg.at("cycles").size(), 1u);
  EXPECT_EQ(reg["cycles"][0].value("manifest_checksum", ""), io::sha256_file((p.out / "manifest.json").string()));
}

TEST(RegisterApi, TwoClientsWritingAtOnceLoseNothing) {
  Project p;
  Running s(p.options());
  const auto headers = s.writer();
  std::vector<std::thread> clients;
  std::atomic<int> created{0};
  for (int c = 0; c < 2; ++c)
    clients.emplace_back([&, c] {
      auto client = s.client();
      for (int i = 0; i < 50; ++i) {
        auto res = client.Post(post_path("interventions"), headers, intervention(fmt::format("C{}-{}", c, i)).dump(),
                               "application/json");
        if (res && res->status == 201) ++created;
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(created.load(), 100);
  EXPECT_EQ(json::parse(s.client().Get(server::register_path("register"))->body).at("interventions").size(), 100u);
  EXPECT_EQ(stored(p.store, "intervention"), 100u);
}

TEST(RegisterApi, WithoutAStoreTheRegisterPathsSayHowToOpenOne) {
  Project p;
  Running s(p.options(false));
  auto res = s.client().Get(server::register_path("register"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_NE(res->body.find("Geen register geopend (start met --store)"), std::string::npos);
  res = s.client().Post(post_path("interventions"), s.page(), intervention("I1").dump(), "application/json");
  EXPECT_EQ(res->status, 404);
  EXPECT_FALSE(fs::exists(p.store));
}

TEST(RegisterApi, OnLoopbackAnotherSitesNameIsRefused) {
  // DNS rebinding: evil.example made to point at 127.0.0.1 is, to the
  // browser, evil.example's own origin; the Host header gives it away.
  Project p;
  Running s(p.options());
  auto res = s.client().Get(server::register_path("session"), {{"Host", "evil.example:" + std::to_string(s.port)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->body.find("token"), std::string::npos);
  res = s.client().Get(server::register_path("register"), {{"Host", "evil.example:" + std::to_string(s.port)}});
  EXPECT_EQ(res->status, 403);
  res = s.client().Get(server::register_path("session"), {{"Host", "localhost:" + std::to_string(s.port)}});
  EXPECT_EQ(res->status, 200);
}

TEST(RegisterApi, AHostOtherMachinesReachAsksTheAccessTokenOfEveryRequest) {
  Project p;
  auto opts = p.options();
  opts.host = "0.0.0.0";
  Running s(opts);
  ASSERT_GT(s.port, 0) << s.url();
  const auto at = s.url().find("?toegang=");
  ASSERT_NE(at, std::string::npos) << s.url();
  const std::string token = s.url().substr(at + 9);
  EXPECT_EQ(token.size(), 64u);
  // Without it nothing is read: the page, the layers, the register.
  for (const std::string& path : std::vector<std::string>{"/", "/api/view", "/api/layers/buurten", server::register_path("register")})
    EXPECT_EQ(s.client().Get(path)->status, 401) << path;
  EXPECT_EQ(s.client().Get("/api/view?toegang=" + std::string(64, '0'))->status, 401);
  // Once in the URL: a cookie, and the same page without it.
  auto first = s.client().Get("/?toegang=" + token);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/");
  const std::string cookie = first->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(s.client().Get("/", {{"Cookie", cookie.substr(0, cookie.find(';'))}})->status, 200);
  EXPECT_EQ(s.client().Get("/api/view", {{"X-Leefkaart-Toegang", token}})->status, 200);
  // Writes still need the session token and the own origin as well.
  httplib::Headers h = s.page();
  h.emplace("X-Leefkaart-Toegang", token);
  EXPECT_EQ(s.client().Post(post_path("interventions"), h, intervention("I1").dump(), "application/json")->status, 403);
}

// A writer killed mid-way (power cut, kill -9): the store opens undamaged and
// holds every record whose write had returned.
TEST(RegisterStore, AKillDuringWritesLosesNothingCommitted) {
  const fs::path file = fresh_dir("store") / "register.sqlite";
  registry::Store::open(file);  // created and migrated before the child starts
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    try {
      auto store = registry::Store::open(file);
      for (int i = 0;; ++i) {
        registry::Question q;
        q.nr = std::to_string(i);
        q.theme = "thema " + std::to_string(i % 5);
        q.wish = "Hoe kan de buurt groener worden";
        q.tension = "terwijl er geen ruimte is " + std::string(2000, 'x');  // pages to write, so the kill lands mid-write
        q.created = "2024-01-01";
        registry::import_questions(store, {q});
        const std::string line = q.nr + "\n";
        if (write(fds[1], line.data(), line.size()) < 0) _exit(3);
      }
    } catch (...) {
      _exit(2);
    }
  }
  close(fds[1]);
  // Let it commit a few hundred, then kill it wherever it is.
  std::string received;
  char buf[4096];
  while (std::count(received.begin(), received.end(), '\n') < 300) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    received.append(buf, static_cast<std::size_t>(n));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself (status " << status << ")";
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) received.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  std::set<std::string> committed;
  for (std::size_t pos = 0, end; (end = received.find('\n', pos)) != std::string::npos; pos = end + 1)
    committed.insert(received.substr(pos, end - pos));
  ASSERT_GE(committed.size(), 300u);

  auto store = registry::Store::open(file, registry::OpenMode::MustExist);
  auto check = store.prepare("PRAGMA quick_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.text(0), "ok");
  std::set<std::string> present;
  for (const auto& q : registry::list_questions(store)) present.insert(q.nr);
  for (const auto& nr : committed) EXPECT_TRUE(present.count(nr)) << "question " << nr << " was committed but is gone";
  // At most the one being written when the kill came is there without its report.
  EXPECT_LE(present.size(), committed.size() + 1);
}
