// The Leefplekmeter behind `leefkaart serve --store`, asked over loopback
// sockets as the app's page (or another site's page) would: who may post a
// form, what is refused and stores nothing, and what an area's answer says:
// "geen Leefplekmeter" before any form, the wheel with its spread after, the
// build's indicator of the same theme beside it and the prompt where the two
// disagree, and the priority view.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "geom/geos.hpp"
#include "io/build_schema.hpp"
#include "io/output.hpp"
#include "registry/store.hpp"
#include "server/register_json.hpp"
#include "server/server.hpp"
#include "server/test_manifest.hpp"
#include "server/test_running.hpp"
#include "survey/beside.hpp"
#include "survey/forms.hpp"
#include "survey/survey_schema.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "leefkaart_survey_api_test" /
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string layer(const std::vector<json>& props) {
  std::string features;
  for (const auto& p : props)
    features += (features.empty() ? "" : ",") +
                json{{"type", "Feature"}, {"properties", p},
                     {"geometry", {{"type", "Polygon"}, {"coordinates", {{{5.1, 52.1}, {5.2, 52.1}, {5.2, 52.2}, {5.1, 52.1}}}}}}}
                    .dump();
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

// A build of one wijk with two buurten and one indicator, afstand_groen: Oog in
// Al near green (not worse than its threshold), Lombok far (worse).
struct Project {
  fs::path out = fresh_dir("out"), web = fresh_dir("web"), store = fresh_dir("store") / "register.sqlite";
  Project() {
    namespace schema = io::build_schema;
    std::ofstream(out / "cells.geojson") << layer({{{"cell_id", "q1r2"}, {"buurt_code", "BU03440101"}, {"score", 2}}});
    std::ofstream(out / "buurten.geojson") << layer({{{"code", "BU03440101"}}, {{"code", "BU03440102"}}});
    std::ofstream(out / "wijken.geojson") << layer({{{"code", "WK034401"}}});
    std::ofstream(out / "gemeente.geojson") << layer({{{"code", "GM0344"}}});
    std::ofstream(out / "masking.csv") << "code,reason\n";
    auto areas = [](const std::string& level, const std::string& field, const std::vector<std::string>& codes) {
      io::LayerData l;
      l.name = schema::layer(level);
      l.fields = {{field, io::FieldType::String}};
      double x = 136000;
      for (const auto& code : codes) {
        l.rows.push_back({code});
        l.geometries.push_back(geom::make_polygon({{x, 455000}, {x + 100, 455000}, {x + 100, 455100}, {x, 455100}}));
        x += 100;
      }
      return l;
    };
    const std::string code = schema::area_field("code");
    const io::LayerData cells = areas("cells", schema::cell_field("id"), {"q1r2"}), gemeente = areas("gemeente", code, {"GM0344"});
    io::LayerData buurten = areas("buurten", code, {"BU03440101", "BU03440102"}), wijken = areas("wijken", code, {"WK034401"});
    buurten.fields.push_back({schema::area_field("name"), io::FieldType::String});
    buurten.fields.push_back({schema::area_field("mean_score"), io::FieldType::Real});
    buurten.fields.push_back({schema::area_field("value", {"afstand_groen"}), io::FieldType::Real});
    buurten.fields.push_back({schema::area_field("worse_than_threshold", {"afstand_groen"}), io::FieldType::Integer});
    buurten.rows[0].insert(buurten.rows[0].end(), {std::string("Oog in Al"), 1.5, 120.0, 0LL});
    buurten.rows[1].insert(buurten.rows[1].end(), {std::string("Lombok"), 3.25, 640.0, 1LL});
    wijken.fields.push_back({schema::area_field("name"), io::FieldType::String});
    wijken.rows[0].push_back(std::string("West"));
    io::write_geopackage(out / schema::schema().at("geopackage").get<std::string>(), {&cells, &buurten, &wijken, &gemeente});
    leefkaart::testing::write_manifest(
        out, {{"tool", "leefkaart"}, {"command", "build"}, {"indicators", {{{"name", "afstand_groen"}, {"label", "Afstand tot groen"}}}}});
    std::ofstream(web / "index.html") << "<!doctype html><title>leefkaart</title>";
  }
  server::ServeOptions options() const {
    server::ServeOptions o;
    o.out_dir = out.string();
    o.web_dir = web.string();
    o.store = store.string();
    return o;
  }
  std::size_t forms() const {
    auto s = registry::Store::open(store, registry::OpenMode::MustExist);
    return survey::load_forms(s).size();
  }
};

class Running : public leefkaart::testing::Running {
 public:
  using leefkaart::testing::Running::Running;
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }
  httplib::Headers page() const { return {{"Origin", origin()}, {"Sec-Fetch-Site", "same-origin"}}; }
  std::string token_header() const { return server::register_schema().at("api").at("token_header").get<std::string>(); }
  std::string session() const {
    auto res = client().Get(server::register_path("session"), page());
    return res && res->status == 200 ? json::parse(res->body).at("token").get<std::string>() : "";
  }
  httplib::Headers writer() const {
    auto h = page();
    h.emplace(token_header(), session());
    return h;
  }
  httplib::Result post(const json& form, const httplib::Headers& headers) const {
    return client().Post(survey::api("forms"), headers, form.dump(), "application/json");
  }
  json area(const std::string& code) const {
    const std::string path = survey::api("area");
    auto res = client().Get(path.substr(0, path.find('{')) + code);
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    return res ? json::parse(res->body) : json();
  }
};

// A form as the web form posts it: every theme of the Leefplekmeter scored `score`, one theme `low`.
json form(const std::string& area, int score, int low, const std::string& kind = "groep", int people = 5) {
  json answers = json::array();
  const auto set = survey::theme_set("leefplekmeter-2018");  // held: a temporary's themes would dangle in the loop
  for (const auto& t : set->themes)
    answers.push_back({{"theme", t.code}, {"score", t.code == "natuur_en_groen" ? low : score}});
  return {{"area", area}, {"date", "2026-05-01"}, {"session", "wandeling"}, {"theme_set", "leefplekmeter-2018"},
          {"variant", "standaard"}, {"kind", kind}, {"people", people}, {"attributes", json::object()},
          {"publishable", false}, {"answers", answers}};
}

}  // namespace

TEST(SurveyApi, AnAreaWithoutFormsSaysGeenLeefplekmeterNeverAnEmptyWheel) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  const json a = s.area("BU03440101");
  EXPECT_EQ(a.at("none"), survey::none_text());
  EXPECT_EQ(a.at("name"), "Oog in Al");
  EXPECT_TRUE(a.at("wheels").empty());
  // Beside the themes the map names: the build's indicator of natuur en groen, and for
  // veiligheid (none in the map) and voorzieningen (none in this build) the reason.
  std::map<std::string, json> beside;
  for (const auto& b : a.at("beside")) beside[b.at("theme").get<std::string>()] = b;
  EXPECT_EQ(beside.at("natuur_en_groen").at("indicators"), json::array({"afstand_groen"}));
  EXPECT_FALSE(beside.at("natuur_en_groen").contains("none_reason"));
  EXPECT_EQ(beside.at("veiligheid").at("none_reason"), survey::none_reason());
  EXPECT_TRUE(beside.at("voorzieningen").at("indicators").empty());
  EXPECT_EQ(s.client().Get(survey::api("area").substr(0, survey::api("area").find('{')) + "BU99999999")->status, 404);
}

TEST(SurveyApi, AFormNeedsTheSessionTokenAndTheAppsOwnPage) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  auto without = s.post(form("BU03440101", 7, 3), s.page());
  ASSERT_TRUE(without);
  EXPECT_EQ(without->status, 403) << without->body;
  EXPECT_EQ(json::parse(without->body).at("field"), s.token_header());
  auto wrong = s.post(form("BU03440101", 7, 3), {{"Origin", s.origin()}, {s.token_header(), std::string(64, '0')}});
  EXPECT_EQ(wrong->status, 403) << wrong->body;
  // Another site's page, even with the right token: refused before its body is read.
  httplib::Headers foreign{{"Origin", "http://elders.example"}, {"Sec-Fetch-Site", "cross-site"}, {s.token_header(), s.session()}};
  auto cross = s.post(form("BU03440101", 7, 3), foreign);
  EXPECT_EQ(cross->status, 403) << cross->body;
  auto text = s.client().Post(survey::api("forms"), s.writer(), form("BU03440101", 7, 3).dump(), "text/plain");
  EXPECT_EQ(text->status, 400) << text->body;
  EXPECT_EQ(p.forms(), 0u);
  EXPECT_EQ(s.area("BU03440101").at("none"), survey::none_text());
}

TEST(SurveyApi, AScoreOutsideTheScaleIsRefusedNamingItsThemeAndNothingIsStored) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  auto res = s.post(form("BU03440101", 7, 11), s.writer());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  const json error = json::parse(res->body);
  EXPECT_EQ(error.at("field"), "natuur_en_groen");
  EXPECT_NE(error.at("error").get<std::string>().find("schaal"), std::string::npos) << res->body;
  // A field the form does not have, and one the server fills itself: named, nothing stored.
  json unknown = form("BU03440101", 7, 3);
  unknown["naam"] = "Jan";
  EXPECT_EQ(json::parse(s.post(unknown, s.writer())->body).at("field"), "naam");
  json filled = form("BU03440101", 7, 3);
  filled["entered"] = "import";
  EXPECT_EQ(json::parse(s.post(filled, s.writer())->body).at("field"), "entered");
  EXPECT_EQ(s.post(form("BU99999999", 7, 3), s.writer())->status, 400);
  EXPECT_EQ(p.forms(), 0u);
}

TEST(SurveyApi, AGroupOfFiveGivesAWheelBesideTheIndicatorAndTheWheelKeepsOneScale) {
  Project p;
  Running s(p.options());
  ASSERT_GT(s.port, 0) << s.url();
  // One person alone: stored, but the area's wheel is hidden (fewer than min_group people).
  auto one = s.post(form("BU03440102", 6, 6, "persoon", 1), s.writer());
  ASSERT_EQ(one->status, 201) << one->body;
  const json lombok = s.area("BU03440102");
  ASSERT_EQ(lombok.at("wheels").size(), 1u) << lombok;
  EXPECT_EQ(lombok.at("wheels")[0].at("hidden_reason"), survey::hidden_reason(survey::default_min_group(), 1));
  EXPECT_FALSE(lombok.contains("none"));

  // Five walking together fill in one form: the wheel, its round the year of the date.
  auto five = s.post(form("BU03440101", 7, 3), s.writer());
  ASSERT_EQ(five->status, 201) << five->body;
  const json a = s.area("BU03440101");
  ASSERT_EQ(a.at("wheels").size(), 1u) << a;
  const json& wheel = a.at("wheels")[0];
  EXPECT_EQ(wheel.at("round"), "2026");
  EXPECT_EQ(wheel.at("people"), 5);
  EXPECT_EQ(wheel.at("scale"), json::parse(R"({"min":1,"max":10})"));
  EXPECT_FALSE(wheel.contains("hidden_reason"));
  ASSERT_EQ(wheel.at("themes").size(), 14u);
  for (const auto& t : wheel.at("themes")) {
    EXPECT_EQ(t.at("n"), 1);
    EXPECT_EQ(t.at("mean"), t.at("theme") == "natuur_en_groen" ? 3.0 : 7.0);
  }
  // Residents low on green where the build says green is near: a question to talk about.
  ASSERT_EQ(a.at("prompts").size(), 1u) << a;
  EXPECT_EQ(a.at("prompts")[0].at("theme"), "natuur_en_groen");
  EXPECT_EQ(a.at("prompts")[0].at("indicator"), "afstand_groen");
  EXPECT_TRUE(a.at("prompts")[0].at("residents_low").get<bool>());
  EXPECT_FALSE(a.at("prompts")[0].at("text").get<std::string>().empty());

  // A Place Standard form (1–7) for the same area and round would mix two scales in one wheel: refused.
  json seven = form("BU03440101", 5, 5);
  seven["theme_set"] = "place-standard-2017";
  auto mixed = s.post(seven, s.writer());
  EXPECT_EQ(mixed->status, 400) << mixed->body;
  EXPECT_EQ(json::parse(mixed->body).at("field"), "theme_set");
  EXPECT_EQ(p.forms(), 2u);

  // Waar eerst?: every buurt with its hexagon score, its lowest themes and n.
  auto pr = s.client().Get(survey::api("priority"));
  ASSERT_EQ(pr->status, 200) << pr->body;
  std::map<std::string, json> rows;
  const json priority = json::parse(pr->body);
  for (const auto& r : priority.at("areas")) rows[r.at("code").get<std::string>()] = r;
  ASSERT_TRUE(rows.count("BU03440101")) << pr->body;
  EXPECT_EQ(rows.at("BU03440101").at("score"), 1.5);
  EXPECT_EQ(rows.at("BU03440101").at("people"), 5);
  ASSERT_EQ(rows.at("BU03440101").at("lowest").size(), 3u);
  EXPECT_EQ(rows.at("BU03440101").at("lowest")[0].at("theme"), "natuur_en_groen");
  EXPECT_TRUE(rows.at("BU03440102").contains("hidden_reason"));
  EXPECT_EQ(rows.at("WK034401").at("none"), survey::none_text());
}

TEST(SurveyApi, WithoutARegisterTheSurveySaysHowToOpenOne) {
  Project p;
  auto o = p.options();
  o.store.clear();
  Running s(o);
  ASSERT_GT(s.port, 0) << s.url();
  auto res = s.client().Get(survey::api("priority"));
  EXPECT_EQ(res->status, 404);
  EXPECT_NE(res->body.find("--store"), std::string::npos) << res->body;
}

// A project's own map (`serve --koppeling FILE`) replaces the default: here the
// distance to green stands beside veiligheid, and natuur en groen has none.
TEST(SurveyApi, AProjectsMapDecidesWhichIndicatorsStandBesideATheme) {
  Project p;
  const auto koppeling = p.out.parent_path() / "koppeling.toml";
  std::ofstream(koppeling) << "[koppeling]\nveiligheid = [\"afstand_groen\"]\nnatuur_en_groen = []\n";
  auto o = p.options();
  o.indicator_map = koppeling.string();
  Running s(o);
  ASSERT_GT(s.port, 0) << s.url();
  std::map<std::string, json> beside;
  const json a = s.area("BU03440101");
  for (const auto& b : a.at("beside")) beside[b.at("theme").get<std::string>()] = b;
  ASSERT_TRUE(beside.contains("veiligheid") && beside.contains("natuur_en_groen")) << a.dump();
  EXPECT_EQ(beside.at("veiligheid").at("indicators"), json::array({"afstand_groen"}));
  EXPECT_TRUE(beside.at("natuur_en_groen").at("indicators").empty());
  EXPECT_FALSE(beside.contains("voorzieningen")) << "the project's map names only its own themes";
}
