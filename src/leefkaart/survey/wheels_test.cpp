// Wheels, as the issue asks for them: per area, round and group, the spread of
// the scores per theme (n, mean, sample sd, min, quartiles, max); a group of
// fewer than five people hidden with its reason; two scales never in one wheel
// unless rescaling is asked for; free text only from publishable forms.
#include "survey/wheels.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.hpp"

namespace leefkaart::survey {
namespace {

constexpr const char* kBuurt = "BU03440101";

// A form with every theme of its set; `scores` sets some, the rest get `rest`
// (nullopt: not answered).
Form form(const std::string& label, const std::string& set_id, std::map<std::string, std::optional<int>> scores,
          std::optional<int> rest, std::map<std::string, std::string> attributes = {}) {
  Form f;
  f.label = label;
  f.area = kBuurt;
  f.date = "2026-05-12";
  f.session = "wandeling";
  f.round = "voor";
  f.theme_set = set_id;
  f.attributes = std::move(attributes);
  const ThemeSet theme_list = *theme_set(set_id);
  for (const auto& t : theme_list.themes) {
    ThemeAnswer a;
    a.theme = t.code;
    a.score = scores.count(t.code) ? scores.at(t.code) : rest;
    f.answers.push_back(a);
  }
  return f;
}

// Twelve forms for one buurt on the Leefplekmeter (1–10): seven residents,
// five professionals. Natuur en groen and veiligheid vary; every other theme
// is a 6 on every form. Residents 1–3 are 27 to 44, all others 45 to 64.
std::vector<Form> twelve_forms() {
  const std::vector<int> groen = {6, 7, 8, 5, 9, 7, 8, /* professionals */ 6, 5, 7, 6, 6};
  const std::vector<std::optional<int>> veilig = {4, 5, 3, 6, 4, 5, std::nullopt, /* professionals */ 7, 8, 6, 7, 7};
  std::vector<Form> forms;
  for (int i = 0; i < 12; ++i) {
    const bool resident = i < 7;
    const std::string age = i < 3 ? "27-44" : "45-64";
    forms.push_back(form("F" + std::to_string(i + 1), "leefplekmeter-2018",
                         {{"natuur_en_groen", groen[i]}, {"veiligheid", veilig[i]}}, 6,
                         {{"rol", resident ? "bewoner" : "professional"}, {"leeftijd", age}}));
  }
  return forms;
}

WheelOptions min_group(int n) {
  WheelOptions o;
  o.min_group = n;
  return o;
}

const ThemeSpread& spoke(const Wheel& w, const std::string& theme) {
  for (const auto& t : w.themes)
    if (t.theme == theme) return t;
  throw std::logic_error("no spoke " + theme);
}

const Wheel& find(const std::vector<Wheel>& wheels, const WheelGroup& group) {
  for (const auto& w : wheels)
    if (w.group == group) return w;
  throw std::logic_error("no wheel " + group.attribute + "=" + group.value);
}

TEST(SurveyWheels, TwelveFormsGiveTheMeansOfAHandCalculationAndBothRolesWheels) {
  const auto wheels = all_wheels(twelve_forms(), {});
  // everyone, rol bewoner and professional, leeftijd 27-44 and 45-64; no geslacht given.
  ASSERT_EQ(wheels.size(), 5u);

  const Wheel& all = find(wheels, {});
  EXPECT_EQ(all.area, kBuurt);
  EXPECT_EQ(all.round, "voor");
  EXPECT_EQ(all.theme_set, "leefplekmeter-2018");
  EXPECT_EQ(all.scale, (Scale{1, 10}));
  EXPECT_FALSE(all.rescaled);
  EXPECT_EQ(all.forms, 12);
  EXPECT_EQ(all.people, 12);
  ASSERT_FALSE(all.hidden_reason);
  ASSERT_EQ(all.themes.size(), 14u);
  EXPECT_EQ(all.themes.front().theme, "bewegen") << "the set's order";

  // Natuur en groen, everyone: 6+7+8+5+9+7+8 = 50 (residents) and 6+5+7+6+6 = 30
  // (professionals): 80 / 12 = 6.667. Sorted 5 5 6 6 6 6 7 7 7 8 8 9; type-7
  // quartiles: q1 at (12−1)·0.25 = 2.75 → x[2] + 0.75·(x[3] − x[2]) = 6 + 0.75·0 = 6;
  // median at 5.5 → 6 + 0.5·(7 − 6) = 6.5; q3 at 8.25 → 7 + 0.25·(8 − 7) = 7.25.
  const ThemeSpread& groen = spoke(all, "natuur_en_groen");
  EXPECT_EQ(groen.n, 12);
  EXPECT_NEAR(*groen.mean, 80.0 / 12.0, 1e-12);
  EXPECT_EQ(*groen.min, 5);
  EXPECT_EQ(*groen.q1, 6);
  EXPECT_EQ(*groen.median, 6.5);
  EXPECT_EQ(*groen.q3, 7.25);
  EXPECT_EQ(*groen.max, 9);
  // Sample sd (n − 1): Σx² = 25+25+36·4+49·3+64·2+81 = 550; the squared deviations
  // sum to Σx² − (Σx)²/n = 550 − 80²/12 = 16.667; / 11 = 1.5152, sd = √1.5152 = 1.2309.
  EXPECT_NEAR(*groen.sd, std::sqrt((550.0 - 6400.0 / 12.0) / 11.0), 1e-12);

  // Veiligheid: one resident left it empty (not a zero): n = 11.
  // Residents 4+5+3+6+4+5 = 27, professionals 7+8+6+7+7 = 35: 62 / 11 = 5.636.
  const ThemeSpread& veilig = spoke(all, "veiligheid");
  EXPECT_EQ(veilig.n, 11);
  EXPECT_NEAR(*veilig.mean, 62.0 / 11.0, 1e-12);
  // Every other theme: twelve sixes, no spread.
  const ThemeSpread& wonen = spoke(all, "wonen");
  EXPECT_EQ(wonen.n, 12);
  EXPECT_EQ(*wonen.mean, 6);
  EXPECT_EQ(*wonen.sd, 0);

  // Both roles are shown: 7 and 5 people, each at least the minimum of 5.
  const Wheel& residents = find(wheels, {"rol", "bewoner"});
  const Wheel& professionals = find(wheels, {"rol", "professional"});
  ASSERT_FALSE(residents.hidden_reason);
  ASSERT_FALSE(professionals.hidden_reason);
  EXPECT_EQ(residents.people, 7);
  EXPECT_EQ(professionals.people, 5);
  // Residents' natuur en groen 50 / 7 = 7.143; sorted 5 6 7 7 8 8 9: q1 at 1.5 → 6.5, median 7, q3 at 4.5 → 8.
  EXPECT_NEAR(*spoke(residents, "natuur_en_groen").mean, 50.0 / 7.0, 1e-12);
  EXPECT_EQ(*spoke(residents, "natuur_en_groen").q1, 6.5);
  EXPECT_EQ(*spoke(residents, "natuur_en_groen").median, 7);
  EXPECT_EQ(*spoke(residents, "natuur_en_groen").q3, 8);
  // Professionals' natuur en groen 30 / 5 = 6; deviations −1 0 0 0 +1: 2 / (5 − 1) = 0.5, sd √0.5.
  EXPECT_EQ(*spoke(professionals, "natuur_en_groen").mean, 6);
  EXPECT_NEAR(*spoke(professionals, "natuur_en_groen").sd, std::sqrt(0.5), 1e-12);
  // Veiligheid: residents 27 / 6 = 4.5 (one empty), professionals 35 / 5 = 7.
  EXPECT_EQ(spoke(residents, "veiligheid").n, 6);
  EXPECT_EQ(*spoke(residents, "veiligheid").mean, 4.5);
  EXPECT_EQ(*spoke(professionals, "veiligheid").mean, 7);
}

TEST(SurveyWheels, AnAgeBandOfThreePeopleIsHiddenWithItsReason) {
  const auto wheels = all_wheels(twelve_forms(), {});
  const Wheel& young = find(wheels, {"leeftijd", "27-44"});
  EXPECT_EQ(young.people, 3);
  ASSERT_TRUE(young.hidden_reason);
  EXPECT_EQ(*young.hidden_reason, "minder dan 5 mensen in deze groep (3): niet getoond, zodat niemand herkenbaar is");
  EXPECT_TRUE(young.themes.empty()) << "a hidden wheel gives no spread at all";
  EXPECT_FALSE(find(wheels, {"leeftijd", "45-64"}).hidden_reason);
  // A higher minimum hides the professionals too, and with 13 everyone's wheel.
  EXPECT_TRUE(find(all_wheels(twelve_forms(), min_group(6)), {"rol", "professional"}).hidden_reason);
  const Wheel all = find(all_wheels(twelve_forms(), min_group(13)), {});
  ASSERT_TRUE(all.hidden_reason);
  EXPECT_EQ(*all.hidden_reason, hidden_reason(13, 12));
}

TEST(SurveyWheels, AGroupFormCountsItsPeopleButIsOneAnswer) {
  // Two group forms of three people each: 6 people, enough for a wheel; each
  // group agreed on one score, so n is 2 and the mean (4 + 8) / 2 = 6.
  auto a = form("G1", "leefplekmeter-2018", {{"wonen", 4}}, std::nullopt);
  auto b = form("G2", "leefplekmeter-2018", {{"wonen", 8}}, std::nullopt);
  a.kind = b.kind = "groep";
  a.people = b.people = 3;
  const Wheel w = wheel_of({a, b}, kBuurt, "voor", {}, {});
  EXPECT_EQ(w.people, 6);
  ASSERT_FALSE(w.hidden_reason);
  EXPECT_EQ(spoke(w, "wonen").n, 2);
  EXPECT_EQ(*spoke(w, "wonen").mean, 6);
  // A theme nobody answered has n 0 and no numbers (not a zero).
  EXPECT_EQ(spoke(w, "bewegen").n, 0);
  EXPECT_FALSE(spoke(w, "bewegen").mean);
  // One answer: a mean but no sd.
  a.answers[0].score = 5;  // bewegen
  const Wheel one = wheel_of({a, b}, kBuurt, "voor", {}, {});
  EXPECT_EQ(spoke(one, "bewegen").n, 1);
  EXPECT_EQ(*spoke(one, "bewegen").median, 5);
  EXPECT_FALSE(spoke(one, "bewegen").sd);
}

TEST(SurveyWheels, FreeTextOnlyFromPublishableForms) {
  auto forms = twelve_forms();
  for (auto& a : forms[0].answers)
    if (a.theme == "natuur_en_groen") a.good = "het park aan de Vecht";
  for (auto& a : forms[1].answers)
    if (a.theme == "natuur_en_groen") a.better = "GEHEIM: de buurman kapt bomen";
  forms[0].publishable = true;
  forms[1].publishable = false;
  const Wheel w = wheel_of(forms, kBuurt, "voor", {}, {});
  EXPECT_EQ(spoke(w, "natuur_en_groen").good, std::vector<std::string>{"het park aan de Vecht"});
  EXPECT_TRUE(spoke(w, "natuur_en_groen").better.empty());
}

TEST(SurveyWheels, RescalingIsLinearWithItsEndsKept) {
  // 1 + (4 − 1)·(10 − 1)/(7 − 1) = 1 + 3·9/6 = 5.5: the middle of 1–7 is the middle of 1–10.
  EXPECT_EQ(rescale(4, {1, 7}, {1, 10}), 5.5);
  EXPECT_EQ(rescale(1, {1, 7}, {1, 10}), 1);
  EXPECT_EQ(rescale(7, {1, 7}, {1, 10}), 10);
  EXPECT_EQ(rescale(10, {1, 10}, {1, 7}), 7);
}

TEST(SurveyWheels, A1To7AndA1To10FormForOneAreaAreRefusedInOneWheelUnlessRescalingIsAsked) {
  // A Place Standard group of four (1–7) and one Leefplekmeter person (1–10): five people.
  auto ps = form("PS1", "place-standard-2017", {{"bewegen", 4}}, std::nullopt);
  ps.kind = "groep";
  ps.people = 4;
  const auto lpm = form("L1", "leefplekmeter-2018", {{"bewegen", 7}}, std::nullopt);
  try {
    wheel_of({ps, lpm}, kBuurt, "voor", {}, {});
    FAIL() << "two scales in one wheel";
  } catch (const InputError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find(kBuurt), std::string::npos) << text;
    EXPECT_NE(text.find("ronde voor"), std::string::npos) << text;
    EXPECT_NE(text.find("place-standard-2017 (schaal 1–7)"), std::string::npos) << text;
    EXPECT_NE(text.find("leefplekmeter-2018 (schaal 1–10)"), std::string::npos) << text;
    EXPECT_NE(text.find("--herschaal <themaset>"), std::string::npos) << text;
  }
  EXPECT_THROW(all_wheels({ps, lpm}, {}), InputError);

  const Wheel w = wheel_of({ps, lpm}, kBuurt, "voor", {}, {.rescale_to = "leefplekmeter-2018"});
  EXPECT_TRUE(w.rescaled);
  EXPECT_EQ(w.theme_set, "leefplekmeter-2018");
  EXPECT_EQ(w.scale, (Scale{1, 10}));
  ASSERT_FALSE(w.hidden_reason);
  // The 4 on 1–7 becomes 5.5 on 1–10 (above); beside the 7: min 5.5, mean (5.5 + 7) / 2 = 6.25.
  EXPECT_EQ(*spoke(w, "bewegen").min, 5.5);
  EXPECT_EQ(*spoke(w, "bewegen").mean, 6.25);
  EXPECT_EQ(*spoke(w, "bewegen").max, 7);
  // Forms already on the target's scale are not "rescaled".
  EXPECT_FALSE(wheel_of({lpm}, kBuurt, "voor", {}, {.min_group = 1, .rescale_to = "leefplekmeter-2018"}).rescaled);
  EXPECT_THROW(wheel_of({lpm}, kBuurt, "voor", {}, {.rescale_to = "leefplekmeter-2099"}), InputError);
}

TEST(SurveyWheels, AreasAndRoundsGetWheelsOfTheirOwn) {
  auto forms = twelve_forms();
  for (int i = 0; i < 5; ++i) {
    auto after = form("N" + std::to_string(i), "leefplekmeter-2018", {}, 8);
    after.round = "na";
    forms.push_back(after);
  }
  const auto wheels = all_wheels(forms, {});
  int after_wheels = 0;
  for (const auto& w : wheels)
    if (w.round == "na") {
      ++after_wheels;
      EXPECT_EQ(w.forms, 5);
      EXPECT_EQ(*spoke(w, "wonen").mean, 8) << "the round before does not leak in";
    }
  EXPECT_EQ(after_wheels, 1) << "no attributes given after: only everyone's wheel";
}

}  // namespace
}  // namespace leefkaart::survey
