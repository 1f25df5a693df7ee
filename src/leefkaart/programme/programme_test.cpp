// The programme comparison on small tables whose answers can be worked out by hand.
#include "programme/programme.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"

using namespace leefkaart;
using namespace leefkaart::programme;
namespace fs = std::filesystem;

namespace {

fs::path test_dir() {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_programme_test";
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Two focus buurten in gemeente 0001, four candidates in gemeente 0002 and one
// without the matching variable. Column m is matched on, o is the outcome, s is
// measured in 2020 only (as GGD stress).
void write_years() {
  const fs::path d = test_dir();
  write(d / "ggd_2012.csv",
        "Codering_3,m,o,s\n"
        "GM0001,15,35,\n"
        "WK000100,15,35,\n"
        "BU00010001,10,30,\n"
        "BU00010002,20,40,\n"
        "BU00020001,11,32,\n"
        "BU00020002,19,38,\n"
        "BU00020003,40,20,\n"
        "BU00020004,50,10,\n"
        "BU00020005,,25,\n");
  write(d / "ggd_2016.csv",
        "Codering_3,m,o,s\n"
        "BU00010001,10,26,\n"
        "BU00010002,20,38,\n"
        "BU00020001,11,31,\n"
        "BU00020002,19,37,\n"
        "BU00020003,40,20,\n"
        "BU00020004,50,10,\n"
        "BU00020005,,25,\n");
  write(d / "ggd_2020.csv",
        "Codering_3,m,o,s\n"
        "BU00010001,10,25,14\n"
        "BU00010002,20,35,16\n"
        "BU00020001,11,30,11\n"
        "BU00020002,19,36,13\n"
        "BU00020003,40,20,9\n"
        "BU00020004,50,10,8\n"
        "BU00020005,,25,10\n");
}

std::string programme_toml(const std::string& programme_body) {
  return "[programme]\n" + programme_body + "table = { file = \"" + (test_dir() / "ggd_{year}.csv").string() +
         "\", key = \"Codering_3\" }\n";
}

const std::string kBasic =
    "name = \"test\"\n"
    "baseline_year = 2012\n"
    "follow_up_years = [2016, 2020]\n"
    "focus = [\"BU00010001\", \"BU00010002\"]\n"
    "match = { k = 1, on = [\"m\"] }\n"
    "outcomes = [\"o\", \"s\"]\n"
    "min_n = 2\n";

indicators::PathResolver resolver() { return {test_dir().string(), test_dir().string()}; }

Comparison run_compare(const std::string& body) {
  write_years();
  const Spec spec = parse(programme_toml(body), "programme.toml");
  return compare(spec, read_tables(spec, resolver()));
}

const OutcomeRow& row(const Comparison& c, const std::string& outcome, int year) {
  for (const auto& r : c.outcomes)
    if (r.outcome == outcome && r.year == year) return r;
  throw std::runtime_error("no row " + outcome);
}

// The InputError's location and message, for checks on what it names.
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ProgrammeMatching, NearestOnStandardisedDistance) {
  // Focus (10, 100); variable 1 has SD 2, variable 2 SD 10.
  Units focus{{"BU00010001"}, {{10, 100}}};
  Units candidates{{"BU00020001", "BU00020002", "BU00020003"}, {{12, 100}, {10, 130}, {30, 100}}};
  auto any = [](const std::string&, const std::string&) { return true; };
  // z-distances: |10−12|/2 = 1, |100−130|/10 = 3, |10−30|/2 = 10.
  auto m = match_nearest(focus, candidates, 2, {2, 10}, any);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].controls, (std::vector<std::string>{"BU00020001", "BU00020002"}));
  EXPECT_DOUBLE_EQ(m[0].distances[0], 1.0);
  EXPECT_DOUBLE_EQ(m[0].distances[1], 3.0);
  // Unscaled, the 30-unit gap of variable 2 would outweigh the 20-unit gap of variable 1: that is why variables are standardised.
  auto raw = match_nearest(focus, candidates, 2, {1, 1}, any);
  EXPECT_EQ(raw[0].controls, (std::vector<std::string>{"BU00020001", "BU00020003"}));
}

TEST(ProgrammeMatching, TiesGoToTheSmallerCodeAndThePoolCanBeRestricted) {
  Units focus{{"BU00010001"}, {{10}}};
  Units candidates{{"BU00030001", "BU00020001", "BU00010009"}, {{12}, {8}, {13}}};
  auto any = [](const std::string&, const std::string&) { return true; };
  EXPECT_EQ(match_nearest(focus, candidates, 1, {1}, any)[0].controls, std::vector<std::string>{"BU00020001"});
  auto same_gemeente = [](const std::string& f, const std::string& c) { return f.substr(0, 6) == c.substr(0, 6); };
  auto m = match_nearest(focus, candidates, 5, {1}, same_gemeente);
  EXPECT_EQ(m[0].controls, std::vector<std::string>{"BU00010009"}) << "only one candidate shares the gemeente";
}

TEST(ProgrammeBalance, StandardisedDifferenceByHand) {
  // Focus 1, 2, 3: mean 2, variance 1. Controls 2, 4, 6: mean 4, variance 4.
  const Moments f = moments({1, 2, 3}), c = moments({2, 4, 6});
  EXPECT_DOUBLE_EQ(f.mean, 2);
  EXPECT_DOUBLE_EQ(f.variance, 1);
  EXPECT_DOUBLE_EQ(c.variance, 4);
  // d = (2 − 4) / sqrt((1 + 4) / 2) = −1.2649…
  EXPECT_NEAR(standardised_difference(f, c), -2 / std::sqrt(2.5), 1e-12);
  EXPECT_EQ(balance_flag(0.05), "");
  EXPECT_EQ(balance_flag(-0.2), "above 0.1");
  EXPECT_EQ(balance_flag(0.3), "above 0.25");
}

TEST(ProgrammeBalance, WeightedMomentsOfMatchedControls) {
  // A control serving three focus buurten weighs three times: mean (3·1 + 3) / 4 = 1.5;
  // variance Σw/((Σw)² − Σw²) · Σw(x − mean)² = 4/(16 − 10) · (3·0.25 + 2.25) = 2.
  const Moments m = moments({1, 3}, {3, 1});
  EXPECT_DOUBLE_EQ(m.mean, 1.5);
  EXPECT_DOUBLE_EQ(m.variance, 2.0);
  EXPECT_DOUBLE_EQ(moments({2, 4, 6}, {1, 1, 1}).variance, 4.0) << "equal weights give the plain n − 1 variance";
}

TEST(ProgrammeComparison, MatchesBalancesAndComputesTheDifferenceInDifferences) {
  const Comparison c = run_compare(kBasic);
  // k = 1 on m: focus 10 → candidate 11, focus 20 → candidate 19.
  EXPECT_EQ(c.focus, (std::vector<std::string>{"BU00010001", "BU00010002"}));
  EXPECT_EQ(c.controls, (std::vector<std::string>{"BU00020001", "BU00020002"}));
  EXPECT_EQ(c.counts.at("pool_missing_a_matching_variable"), 1u) << "BU00020005 has no m and cannot be a control";
  EXPECT_EQ(c.counts.at("candidates"), 4u) << "wijk and gemeente rows are not candidates";

  // Balance on m. Focus 10, 20: mean 15, variance 50. Pool 11, 19, 40, 50: mean 30, variance 982/3.
  ASSERT_FALSE(c.balance.empty());
  const BalanceRow& b = c.balance[0];
  EXPECT_EQ(b.variable, "m");
  const double sd = std::sqrt((50 + 982.0 / 3) / 2);
  EXPECT_NEAR(b.pooled_sd, sd, 1e-12);
  EXPECT_NEAR(b.d_before, (15 - 30) / sd, 1e-12);
  EXPECT_NEAR(b.d_after, 0.0, 1e-12) << "matched mean (11 + 19) / 2 = 15 equals the focus mean";

  // o: focus 35 → 32 (−3), controls 35 → 34 (−1): DiD = −3 − (−1) = −2.
  const OutcomeRow& o16 = row(c, "o", 2016);
  EXPECT_DOUBLE_EQ(*o16.focus_baseline, 35);
  EXPECT_DOUBLE_EQ(*o16.focus_now, 32);
  EXPECT_DOUBLE_EQ(*o16.control_baseline, 35);
  EXPECT_DOUBLE_EQ(*o16.control_now, 34);
  EXPECT_DOUBLE_EQ(*o16.did, -2);
  EXPECT_EQ(o16.focus_n, 2u);
  EXPECT_EQ(o16.control_n, 2u);
  // 2020: focus 30 (−5), controls 33 (−2): DiD = −3.
  EXPECT_DOUBLE_EQ(*row(c, "o", 2020).did, -3);
}

TEST(ProgrammeComparison, AnOutcomeNotMeasuredAtBaselineGetsNoDifferenceInDifferences) {
  const Comparison c = run_compare(kBasic);
  const OutcomeRow& s16 = row(c, "s", 2016);
  EXPECT_FALSE(s16.did.has_value());
  ASSERT_FALSE(s16.notes.empty());
  EXPECT_NE(s16.notes[0].find("not measured in 2012 nor in 2016"), std::string::npos) << s16.notes[0];
  const OutcomeRow& s20 = row(c, "s", 2020);
  EXPECT_FALSE(s20.did.has_value());
  EXPECT_DOUBLE_EQ(*s20.focus_now, 15) << "the 2020 level is still shown";
  EXPECT_DOUBLE_EQ(*s20.control_now, 12);
  EXPECT_NE(s20.notes[0].find("not measured in 2012"), std::string::npos) << s20.notes[0];
}

TEST(ProgrammeComparison, SmallGroupsAndSmallDifferencesAreSaidSo) {
  std::string body = kBasic;
  body.replace(body.find("min_n = 2"), 9, "min_n = 3\nmin_meaningful_difference = 2.5");
  const Comparison c = run_compare(body);
  const auto& notes = row(c, "o", 2016).notes;  // DiD −2, two buurten per group
  std::string all;
  for (const auto& n : notes) all += n + "\n";
  EXPECT_NE(all.find("smaller than 2.5"), std::string::npos) << all;
  EXPECT_NE(all.find("fewer than 3 buurten"), std::string::npos) << all;
}

TEST(ProgrammeComparison, AWijkCodeStandsForItsBuurtenAndListedControlsCountEqually) {
  std::string body = kBasic;
  body.replace(body.find("focus = [\"BU00010001\", \"BU00010002\"]"), 36, "focus = [\"WK000100\"]");
  body.replace(body.find("match = { k = 1, on = [\"m\"] }"), 29, "controls = [\"BU00020003\", \"BU00020004\"]");
  const Comparison c = run_compare(body);
  EXPECT_EQ(c.focus, (std::vector<std::string>{"BU00010001", "BU00010002"}));
  EXPECT_FALSE(c.matched);
  // Controls 20, 10 → 20, 10: no change; focus −3: DiD −3.
  EXPECT_DOUBLE_EQ(*row(c, "o", 2016).control_baseline, 15);
  EXPECT_DOUBLE_EQ(*row(c, "o", 2016).did, -3);
}

TEST(ProgrammeConfig, UnknownKeysAndBadYearsNameTheLine) {
  std::string typo = kBasic + "outcome = [\"o\"]\n";
  EXPECT_NE(error_of([&] { parse(programme_toml(typo), "p.toml"); }).find("p.toml: line 9: field 'programme.outcome': unknown key (did you mean 'outcomes'?)"),
            std::string::npos)
      << error_of([&] { parse(programme_toml(typo), "p.toml"); });
  std::string twice = kBasic;
  twice.replace(twice.find("[2016, 2020]"), 12, "[2016, 2016]");
  EXPECT_NE(error_of([&] { parse(programme_toml(twice), "p.toml"); }).find("line 4: field 'programme.follow_up_years': 2016 is listed twice"),
            std::string::npos);
  std::string overlap = kBasic;
  overlap.replace(overlap.find("[2016, 2020]"), 12, "[2012, 2016]");
  EXPECT_NE(error_of([&] { parse(programme_toml(overlap), "p.toml"); }).find("2012 is the baseline year"), std::string::npos);
  std::string before = kBasic;
  before.replace(before.find("[2016, 2020]"), 12, "[2008]");
  EXPECT_NE(error_of([&] { parse(programme_toml(before), "p.toml"); }).find("2008 lies before the baseline year 2012"), std::string::npos);
}

TEST(ProgrammeConfig, ControlsMustLieOutsideTheFocus) {
  std::string body = kBasic + "controls = [\"BU00020001\", \"BU00010002\"]\n";
  const std::string e = error_of([&] { parse(programme_toml(body), "p.toml"); });
  EXPECT_NE(e.find("line 9: field 'programme.controls': BU00010002 is a focus area"), std::string::npos) << e;
  std::string in_wijk = kBasic;
  in_wijk.replace(in_wijk.find("focus = [\"BU00010001\", \"BU00010002\"]"), 36, "focus = [\"WK000100\"]");
  in_wijk += "controls = [\"BU00010002\"]\n";
  EXPECT_NE(error_of([&] { parse(programme_toml(in_wijk), "p.toml"); }).find("overlaps focus area WK000100"), std::string::npos);
  const std::string both = error_of([&] { parse(programme_toml(kBasic + "controls = [\"BU00020001\"]\n"), "p.toml"); });
  EXPECT_NE(both.find("line 6: field 'programme.match': give either controls (listed) or match (suggested)"), std::string::npos)
      << both;
}

TEST(ProgrammeConfig, DataErrorsNameTheConfigKeyAndTheTable) {
  std::string missing_focus = kBasic;
  missing_focus.replace(missing_focus.find("BU00010002"), 10, "BU00019999");
  std::string e = error_of([&] { run_compare(missing_focus); });
  EXPECT_NE(e.find("programme.toml: line 5: field 'programme.focus': BU00019999 is not in the baseline table"), std::string::npos) << e;
  EXPECT_NE(e.find("ggd_2012.csv"), std::string::npos) << e;

  std::string bad_outcome = kBasic;
  bad_outcome.replace(bad_outcome.find("[\"o\", \"s\"]"), 10, "[\"oo\"]");
  e = error_of([&] { run_compare(bad_outcome); });
  EXPECT_NE(e.find("field 'programme.outcomes': 'oo' is not a column of the 2012 table"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'o'?"), std::string::npos) << e;

  std::string no_file = kBasic;
  no_file.replace(no_file.find("2020]"), 4, "2024");
  e = error_of([&] { run_compare(no_file); });
  EXPECT_NE(e.find("field 'programme.table.file': no file for 2024"), std::string::npos) << e;
}

TEST(ProgrammeBaseline, AChangedBaselineFileIsRefusedByName) {
  const fs::path f = test_dir() / "baseline_2012.csv";
  write(f, "Codering_3,o\nBU00010001,30\n");
  const nlohmann::json settings = {{"table_key", "Codering_3"}};
  const auto frozen = freeze_baseline(2012, {{"baseline_2012.csv", f.string()}}, settings);
  EXPECT_NO_THROW(check_baseline(frozen, freeze_baseline(2012, {{"baseline_2012.csv", f.string()}}, settings), "m.json"));

  write(f, "Codering_3,o\nBU00010001,31\n");  // one value edited
  const std::string e =
      error_of([&] { check_baseline(frozen, freeze_baseline(2012, {{"baseline_2012.csv", f.string()}}, settings), "m.json"); });
  EXPECT_NE(e.find(f.string()), std::string::npos) << e;
  EXPECT_NE(e.find("a baseline cannot be rebuilt in place"), std::string::npos) << e;

  write(f, "Codering_3,o\nBU00010001,30\n");
  const std::string s = error_of([&] {
    check_baseline(frozen, freeze_baseline(2012, {{"baseline_2012.csv", f.string()}}, {{"table_key", "code"}}), "m.json");
  });
  EXPECT_NE(s.find("the baseline setting 'table_key'"), std::string::npos) << s;
  EXPECT_NE(error_of([&] { check_baseline(frozen, freeze_baseline(2016, {{"baseline_2012.csv", f.string()}}, settings), "m.json"); })
                .find("holds a baseline of 2012"),
            std::string::npos);
}

TEST(ProgrammeComparison, ThePoolCanBeTheFocusGemeenteAPrefixListOrExcludeBuurten) {
  // Every candidate lies in gemeente 0002: a same-gemeente pool has none for the focus of gemeente 0001.
  std::string own = kBasic;
  own.replace(own.find("on = [\"m\"]"), 10, "on = [\"m\"], pool = \"gemeente\"");
  const std::string e = error_of([&] { run_compare(own); });
  EXPECT_NE(e.find("field 'programme.match.pool': the pool holds no candidate for focus buurt BU00010001"), std::string::npos) << e;

  // Excluding the nearest candidate (11) hands focus 10 the next nearest: 19.
  std::string excl = kBasic;
  excl.replace(excl.find("on = [\"m\"]"), 10, "on = [\"m\"], exclude = [\"BU00020001\"]");
  const Comparison c = run_compare(excl);
  EXPECT_EQ(c.controls, std::vector<std::string>{"BU00020002"}) << "both focus buurten now share one control";
  EXPECT_DOUBLE_EQ(c.weights.at("BU00020002"), 2.0);
  EXPECT_EQ(c.counts.at("pool_excluded"), 1u);

  // A prefix list: only BU00020003 and BU00020004 (m 40 and 50) remain.
  std::string prefixes = kBasic;
  prefixes.replace(prefixes.find("on = [\"m\"]"), 10, "on = [\"m\"], pool = [\"BU00020003\", \"BU00020004\"]");
  EXPECT_EQ(run_compare(prefixes).controls, std::vector<std::string>{"BU00020003"});
  // A gemeente code stands for its buurten: excluding GM0002 leaves no candidate at all.
  std::string whole = kBasic;
  whole.replace(whole.find("on = [\"m\"]"), 10, "on = [\"m\"], exclude = [\"GM0002\"]");
  EXPECT_NE(error_of([&] { run_compare(whole); }).find("the pool holds no candidate"), std::string::npos);
}
