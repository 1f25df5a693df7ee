// A profile reads as an advisor needs it: the area's name, its figures beside
// the city's, the drivers by their Dutch labels, the gaps in plain words.
// Here on a made-up build of one gemeente with two buurten in one wijk.
#include "report/report.hpp"

#include <gtest/gtest.h>

#include <map>
#include <variant>

#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "report/walkpack.hpp"
#include "basisset/basisset.hpp"

namespace leefkaart::report {
namespace {
namespace schema = io::build_schema;
using Cell = std::variant<std::monostate, double, std::string>;
using Fields = std::map<std::string, Cell>;

io::LayerTable table(const std::string& layer, const std::vector<Fields>& rows) {
  io::LayerTable t;
  t.file = "leefkaart.gpkg";
  t.layer = layer;
  for (const auto& r : rows)
    for (const auto& [f, v] : r)
      if (std::find(t.fields.begin(), t.fields.end(), f) == t.fields.end()) t.fields.push_back(f);
  t.index_fields();
  double x = 0;
  for (const auto& r : rows) {
    io::LayerTable::Row row;
    row.text.resize(t.fields.size());
    row.number.resize(t.fields.size());
    for (const auto& [f, v] : r) {
      const std::size_t i = t.field(f);
      if (auto* d = std::get_if<double>(&v)) row.number[i] = *d, row.text[i] = std::to_string(*d);
      if (auto* s = std::get_if<std::string>(&v)) row.text[i] = *s;
    }
    row.rings = {{{x, 0}, {x + 100, 0}, {x + 100, 100}, {x, 100}, {x, 0}}};
    x += 100;
    t.rows.push_back(std::move(row));
  }
  return t;
}

Fields area(const std::string& code, const std::string& name, double mean, double pop, double gain, const std::string& status,
            const std::string& reason, double flagged_green, std::optional<std::string> driver) {
  auto a = [](const std::string& k, const schema::Fill& f = {}) { return schema::area_field(k, f); };
  Fields f{{a("code"), code}, {a("name"), name}, {a("pop"), pop}, {a("pop_scored"), pop}, {a("health_to_gain"), gain},
           {a("status"), status}, {a("status_reason"), reason}, {a("suppressed"), 0.0},
           {a("share_at_least_k", {.name = {}, .k = 1}), flagged_green}, {a("wijk"), std::string("WK034400")},
           {a("wijk_name"), std::string("Binnenstad")}, {a("masked"), 0.0},
           {a("pop_per_score", {.name = {}, .score = 0}), pop * (1 - flagged_green)},
           {a("pop_per_score", {.name = {}, .score = 1}), pop * flagged_green},
           {a("share_flagged", {"groen"}), flagged_green}, {a("value", {"groen"}), 120.0 * (1 + flagged_green)},
           {a("worse_than_threshold", {"groen"}), flagged_green > 0.5 ? 1.0 : 0.0}, {a("driver", {.name = {}, .rank = 2}), Cell{}},
           {a("driver", {.name = {}, .rank = 3}), Cell{}}};
  if (status == schema::status("scored")) f[a("mean_score")] = mean;
  // Below the privacy minimum no count per score is written.
  if (status != schema::status("scored")) f[a("pop_per_score", {.name = {}, .score = 0})] = f[a("pop_per_score", {.name = {}, .score = 1})] = Cell{};
  f[a("driver", {.name = {}, .rank = 1})] = driver ? Cell{*driver} : Cell{};
  return f;
}

Build made_up_build() {
  Build b;
  b.manifest = {{"command", "build"},
                {"created_utc", "2026-12-04T10:00:00Z"},
                {"grid", {{"cell_area_m2", 25980.8}}},
                {"score", {{"max", 1}, {"score_at_least", 1}}},
                {"privacy", {{"min_residents", 5}}},
                {"masking", {{"min_difference", 1.0}}},
                {"resolution", {{"cell_size_note_nl", "De sociale gegevens bestaan alleen per buurt."}, {"share_cells_at_buurt_mode", 0.9}}},
                {"indicators",
                 {{{"name", "groen"}, {"label", "Afstand tot groen"}, {"unit", "m"}, {"decimals", 0}, {"threshold", 150.0},
                   {"supplied", true}, {"in_score", true}, {"rule_nl", "telt mee als de waarde hoger is dan bij 75 % van de bewoonde cellen"},
                   {"proxy_for", "groenbeleving"},
                   {"source", {{"kind", "layer"}, {"layer", "parken"}, {"distance", "network"}, {"file", "osm/utrecht_2024.osm.pbf"}}}},
                  {{"name", "geluid"}, {"label", "Geluidsbelasting"}, {"supplied", false}, {"in_score", true},
                   {"not_supplied", "geen open geluidskaart"}}}}};
  const std::string scored = schema::status("scored"), privacy = schema::status("privacy");
  b.buurten = table("buurten", {area("BU03440001", "Lombok-Oost", 0.8, 1234, 987, scored, "", 0.8, "groen"),
                                area("BU03440002", "Havenkwartier", 0, 3, 0, privacy, "Minder dan 5 inwoners", 0, std::nullopt)});
  b.wijken = table("wijken", {area("WK034400", "Binnenstad", 0.8, 1237, 987, scored, "", 0.8, "groen")});
  b.gemeente = table("gemeente", {area("GM0344", "Utrecht", 0.4, 360000, 144000, scored, "", 0.4, "groen")});
  auto c = [](const std::string& k) { return schema::cell_field(k); };
  b.cells = table("cells", {{{c("buurt"), std::string("BU03440001")}, {c("wijk"), std::string("WK034400")}, {c("score"), 1.0}, {c("status"), scored}},
                            {{c("buurt"), std::string("BU03440002")}, {c("wijk"), std::string("WK034400")}, {c("status"), privacy}}});
  return b;
}

}  // namespace

TEST(ReportProfile, NamesTheAreaItsDriversAndTheCityBesideIt) {
  const Build b = made_up_build();
  const std::string html = profile_html(b, Level::Buurt, 0);
  EXPECT_NE(html.find("<h1>Wijkprofiel Lombok-Oost</h1>"), std::string::npos);
  EXPECT_NE(html.find("wijk Binnenstad, gemeente Utrecht"), std::string::npos);
  EXPECT_NE(html.find("4 december 2026"), std::string::npos);
  EXPECT_NE(html.find("1.235"), std::string::npos);  // residents rounded to 5, Dutch thousands point
  // The driver by its label, with its share against the city's.
  EXPECT_NE(html.find("<li><strong>Afstand tot groen</strong>: 80 %"), std::string::npos) << html;
  EXPECT_NE(html.find("(Utrecht: 40 %)"), std::string::npos);
  // The value against the threshold, the caveats, the source's year.
  EXPECT_NE(html.find("216 m"), std::string::npos);
  EXPECT_NE(html.find("<strong>Geluidsbelasting</strong> ontbreekt"), std::string::npos);
  EXPECT_NE(html.find("<li>Afstand tot groen: telt mee als de waarde hoger is dan bij"), std::string::npos);
  EXPECT_NE(html.find("vervangt groenbeleving"), std::string::npos);
  EXPECT_NE(html.find("<td>2024</td>"), std::string::npos);
  EXPECT_NE(html.find("90 % van de vakken"), std::string::npos);
  // Its map shows only its own cell, with the score's colour.
  EXPECT_NE(html.find("<title>score 1</title>"), std::string::npos);
  EXPECT_EQ(html.find("<title>Te weinig inwoners"), std::string::npos);
}

TEST(ReportProfile, SaysInPlainDutchWhyAnAreaHasNoScore) {
  const std::string html = profile_html(made_up_build(), Level::Buurt, 1);
  EXPECT_NE(html.find("Te weinig inwoners (privacy).</strong> Minder dan 5 inwoners."), std::string::npos) << html;
  EXPECT_NE(html.find("minder dan 5"), std::string::npos);
  EXPECT_NE(html.find("Geen scoreverdeling"), std::string::npos);
}

TEST(ReportIndex, RanksTheAreasAndLinksOnlyTheProfilesWritten) {
  const std::string html = index_html(made_up_build(), {"BU03440001"});
  const auto first = html.find("Lombok-Oost"), second = html.find("Havenkwartier");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);  // the scored buurt first, the one without score after it
  EXPECT_NE(html.find("<a href=\"BU03440001.html\">Lombok-Oost</a>"), std::string::npos);
  EXPECT_EQ(html.find("href=\"BU03440002.html\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">—</td><td>Havenkwartier<small>Binnenstad · Te weinig inwoners (privacy)</small></td>"),
            std::string::npos)
      << html;
}

// The overview says which parts of RIVM's Basisset the map measures and which not,
// from the coverage the build wrote into its manifest.
TEST(ReportIndex, ShowsTheBasissetCoverageFromTheManifest) {
  Build b = made_up_build();
  EXPECT_EQ(index_html(b, {}).find("Basisset"), std::string::npos);  // a build without [basisset] shows none

  basisset::Coverage c;
  c.title = "Basisset (proef)";
  c.template_file = "basisset.toml";
  basisset::Row groen;
  groen.entry.code = "groen";
  groen.entry.name = "Groen";
  groen.entry.theme = "Bewegen en ontspannen";
  groen.entry.perspective = "bevorderen";
  groen.entry.source = "aankondiging 2025";
  groen.entry.source_url = "https://example.org/basisset";
  groen.entry.inferred = {"perspective"};
  groen.supplied = true;
  groen.indicator = "groen";
  groen.indicator_label = "Afstand tot groen";
  groen.source = "afstand hemelsbreed tot parken.geojson";
  basisset::Row hitte;
  hitte.entry.code = "hitte";
  hitte.entry.name = "Verkoeling bij hitte";
  hitte.entry.theme = "Klimaat";
  hitte.entry.source = "aankondiging 2025";
  hitte.reason = "hittekaart niet aangeleverd";
  c.rows = {groen, hitte};
  b.manifest[schema::manifest_key("basisset")] = basisset::to_json(c);

  const std::string html = index_html(b, {});
  EXPECT_NE(html.find("<h2>Basisset Gezonde Leefomgeving: wat deze kaart meet en wat niet</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>1 van de 2</strong> onderdelen; 1 wordt niet gemeten"), std::string::npos) << html;
  EXPECT_NE(html.find("Groen<br><small>Bron: https://example.org/basisset</small>"), std::string::npos) << html;
  EXPECT_EQ(html.find("href=\"https:"), std::string::npos) << "the report opens offline: a source is text, not a link";
  EXPECT_NE(html.find("<strong>Gemeten</strong> met Afstand tot groen"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>Niet gemeten</strong>: hittekaart niet aangeleverd"), std::string::npos) << html;
  // The perspective in words, marked where leefkaart inferred it; none where the source gave none.
  EXPECT_NE(html.find("Gezondheid bevorderen*"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>—</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("Afgeleid door leefkaart"), std::string::npos) << html;
}

TEST(Walkpack, HoldsTheMapWhatWeKnowTheFormsSoFarABlankWheelAndTheQuestionsInTheVariantsWords) {
  const auto set = survey::theme_set("leefplekmeter-2018");
  const std::string html = walkpack_html(made_up_build(), Level::Buurt, 0, {.forms = 3, .people = 7, .rounds = {"voor"}}, *set, "b1");
  EXPECT_NE(html.find("<h1>Wandelpakket Lombok-Oost</h1>"), std::string::npos);
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"map\""), std::string::npos);  // the area's map
  EXPECT_NE(html.find("<title>score 1</title>"), std::string::npos);
  EXPECT_NE(html.find("Wat weten we van dit gebied?"), std::string::npos);
  EXPECT_NE(html.find("<b>1.235</b><span>inwoners</span>"), std::string::npos) << html;
  // The indicator beyond its threshold by its label, with value and threshold.
  EXPECT_NE(html.find("<li><b>Afstand tot groen</b>: 216 m (drempel 150 m)</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("al 3 Leefplekmeter-formulieren ingevuld, door 7 mensen (ronde voor)"), std::string::npos);
  // A blank wheel: numbered themes, nothing filled.
  EXPECT_NE(html.find("class=\"wheel blank\""), std::string::npos);
  EXPECT_NE(html.find("14. Meedoen en meepraten"), std::string::npos);
  EXPECT_EQ(html.find("class=\"mean\""), std::string::npos);
  // The fourteen questions in plain language (B1), boxes 1 to 10, lines to write on.
  EXPECT_NE(html.find("Kunt u hier makkelijk lopen en fietsen?"), std::string::npos);
  EXPECT_EQ(html.find("Kunt u in uw buurt gemakkelijk lopen en fietsen?"), std::string::npos);
  std::size_t questions = 0;
  for (auto at = html.find("<span class=\"write\">Wat gaat goed?</span>"); at != std::string::npos;
       at = html.find("<span class=\"write\">Wat gaat goed?</span>", at + 1))
    ++questions;
  EXPECT_EQ(questions, 14u);
  EXPECT_NE(html.find("<span>1</span><span>2</span>"), std::string::npos);
  EXPECT_NE(html.find("<span>10</span></div>"), std::string::npos);
  // Nothing is fetched from elsewhere.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
}

TEST(Walkpack, SaysWhenThereIsNoFormYetAndRefusesAVariantTheSetLacks) {
  const auto lpm = survey::theme_set("leefplekmeter-2018");
  EXPECT_NE(walkpack_html(made_up_build(), Level::Buurt, 0, {}, *lpm, "jeugd").find("nog geen Leefplekmeter ingevuld"), std::string::npos);
  const auto ps = survey::theme_set("place-standard-2017");
  EXPECT_THROW(walkpack_html(made_up_build(), Level::Buurt, 0, {}, *ps, "b1"), InputError);
}

namespace {
survey::Wheel everyone_wheel() {
  const auto set = survey::theme_set("leefplekmeter-2018");
  survey::Wheel w;
  w.area = "BU03440001";
  w.round = "voor";
  w.theme_set = set->id;
  w.scale = set->scale;
  w.forms = w.people = 12;
  for (std::size_t i = 0; i < set->themes.size(); ++i) {
    survey::ThemeSpread t;
    t.theme = set->themes[i].code;
    t.n = 12;
    t.mean = 3.0 + 0.5 * static_cast<double>(i);
    t.min = t.q1 = t.median = t.q3 = t.max = *t.mean;
    w.themes.push_back(t);
  }
  w.themes[4].good = {"Het park aan de Kanaalstraat"};
  return w;
}
}  // namespace

TEST(BelevingSection, ShowsTheWheelItsLowestThemesTheGroupsOrWhyTheyAreHiddenAndPublishableText) {
  SurveySection s{.area_code = "BU03440001", .area_name = "Lombok-Oost", .wheels = {}, .refused = {}};
  s.wheels.push_back(everyone_wheel());
  survey::Wheel residents = everyone_wheel();
  residents.group = {"rol", "bewoner"};
  residents.forms = residents.people = 7;
  s.wheels.push_back(residents);
  survey::Wheel old;
  old.area = s.area_code;
  old.round = "voor";
  old.group = {"leeftijd", "65+"};
  old.theme_set = "leefplekmeter-2018";
  old.forms = old.people = 3;
  old.hidden_reason = survey::hidden_reason(5, 3);
  s.wheels.push_back(old);
  const std::string html = survey_html(s);
  EXPECT_NE(html.find("<h2>Beleving</h2>"), std::string::npos);
  EXPECT_NE(html.find("12 formulieren, 12 mensen"), std::string::npos);
  EXPECT_NE(html.find("Laagst beoordeeld: Bewegen (3,0, n = 12), Openbaar vervoer (3,5, n = 12), Verkeer en parkeren (4,0, n = 12)"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Lombok-Oost, ronde voor, bewoner"), std::string::npos);  // the residents' wheel
  EXPECT_NE(html.find("<li>65 jaar of ouder: " + survey::hidden_reason(5, 3) + "</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("Gaat goed: <q>Het park aan de Kanaalstraat</q>"), std::string::npos);
  // Each wheel's text alternative has its own ids within the page.
  EXPECT_NE(html.find("id=\"wheel-BU03440001-1-title\""), std::string::npos);
  EXPECT_NE(html.find("id=\"wheel-BU03440001-2-title\""), std::string::npos);
}

TEST(BelevingSection, AnAreaWithoutFormsSaysSoAndDrawsNoWheel) {
  const std::string html = survey_html({.area_code = "BU03440002", .area_name = "Havenkwartier", .wheels = {}, .refused = {}});
  EXPECT_NE(html.find("geen Leefplekmeter"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  // In the profile too, only when a register is given.
  const SurveySection none{.area_code = "BU03440002", .area_name = "Havenkwartier", .wheels = {}, .refused = {}};
  EXPECT_NE(profile_html(made_up_build(), Level::Buurt, 1, nullptr, &none).find("<h2>Beleving</h2>"), std::string::npos);
  EXPECT_EQ(profile_html(made_up_build(), Level::Buurt, 1).find("<h2>Beleving</h2>"), std::string::npos);
}

}  // namespace leefkaart::report
