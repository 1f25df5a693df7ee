// The measures of spatial sorting, each on a case small enough to compute by
// hand (schema/sorting.json "measures" has the formulas in words).
#include "sorting/measures.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace leefkaart::sorting {
namespace {

// --- Shares and segregation -------------------------------------------------

TEST(FromShare, TurnsAPercentageAndItsBaseIntoACount) {
  const GroupCount c = from_share(25, 80);  // 25 % of 80 households = 20
  EXPECT_DOUBLE_EQ(c.group, 20);
  EXPECT_DOUBLE_EQ(c.total, 80);
}

TEST(Dissimilarity, IsOneHalfWhenHalfTheGroupWouldHaveToMove) {
  // Buurt A: 30 of the group, 0 others (t = 30); buurt B: 30 of the group, 60 others (t = 90).
  // G = 60, O = 60.
  // D = ½ (|30/60 − 0/60| + |30/60 − 60/60|) = ½ (0,5 + 0,5) = 0,5:
  // half the group (the 30 in A) would have to move to B to be spread like the others.
  const std::vector<GroupCount> units{{30, 30}, {30, 90}};
  ASSERT_TRUE(dissimilarity(units));
  EXPECT_DOUBLE_EQ(*dissimilarity(units), 0.5);
}

TEST(Dissimilarity, IsZeroWhenTheGroupIsSpreadLikeEveryoneElse) {
  // A: 10 of 100, B: 20 of 200: both 10 %. G = 30, O = 270.
  // D = ½ (|10/30 − 90/270| + |20/30 − 180/270|) = ½ (|⅓ − ⅓| + |⅔ − ⅔|) = 0.
  const std::vector<GroupCount> units{{10, 100}, {20, 200}};
  EXPECT_NEAR(*dissimilarity(units), 0.0, 1e-12);
}

TEST(Dissimilarity, IsOneWhenTheGroupAndTheOthersLiveApart) {
  // A: 50 of the group only; B: 70 others only. D = ½ (|50/50 − 0| + |0 − 70/70|) = 1.
  const std::vector<GroupCount> units{{50, 50}, {0, 70}};
  EXPECT_DOUBLE_EQ(*dissimilarity(units), 1.0);
}

TEST(Dissimilarity, HasNoValueWithoutAGroupOrWithoutOthers) {
  const std::vector<GroupCount> no_group{{0, 100}, {0, 50}};
  EXPECT_EQ(dissimilarity(no_group), std::nullopt);
  const std::vector<GroupCount> only_group{{100, 100}, {50, 50}};  // O = 0: nobody to compare with
  EXPECT_EQ(dissimilarity(only_group), std::nullopt);
  EXPECT_EQ(dissimilarity(std::vector<GroupCount>{}), std::nullopt);
}

TEST(Dissimilarity, AnEmptyBuurtCountsForNothing) {
  // The 0,5 case with a buurt of no residents added: still 0,5.
  const std::vector<GroupCount> units{{30, 30}, {0, 0}, {30, 90}};
  EXPECT_DOUBLE_EQ(*dissimilarity(units), 0.5);
}

TEST(Isolation, IsTheGroupsShareAroundItsAverageMember) {
  // The 0,5 case: half the group lives in A (share 30/30 = 100 %), half in B (30/90 = ⅓).
  // xPx = (30/60)·(30/30) + (30/60)·(30/90) = 0,5 + ⅙ = ⅔.
  const std::vector<GroupCount> units{{30, 30}, {30, 90}};
  EXPECT_NEAR(*isolation(units), 2.0 / 3.0, 1e-12);
  // Spread evenly at 10 % everywhere, the average member meets 10 %:
  // (10/30)·0,1 + (20/30)·0,1 = 0,1.
  const std::vector<GroupCount> even{{10, 100}, {20, 200}};
  EXPECT_NEAR(*isolation(even), 0.1, 1e-12);
  EXPECT_EQ(isolation(std::vector<GroupCount>{{0, 100}}), std::nullopt);
}

TEST(LocationQuotients, AreTheBuurtsShareOverTheRegionsShare) {
  // A: 10 of 100 (10 %), B: 30 of 100 (30 %); region 40 of 200 = 20 %.
  // LQ_A = 10 % / 20 % = 0,5; LQ_B = 30 % / 20 % = 1,5. The empty buurt has none.
  const std::vector<GroupCount> units{{10, 100}, {30, 100}, {0, 0}};
  const auto lq = location_quotients(units);
  ASSERT_EQ(lq.size(), 3u);
  EXPECT_DOUBLE_EQ(*lq[0], 0.5);
  EXPECT_DOUBLE_EQ(*lq[1], 1.5);
  EXPECT_EQ(lq[2], std::nullopt);
}

TEST(LocationQuotients, HaveNoValueWhenTheRegionHasNoneOfTheGroup) {
  const std::vector<GroupCount> units{{0, 100}, {0, 100}};
  for (const auto& q : location_quotients(units)) EXPECT_EQ(q, std::nullopt);
}

TEST(PooledShare, WeighsEachBuurtByItsBase) {
  // 10 % of 100 and 30 % of 300: (10 + 90) / 400 = 25 %, not the plain mean of 20 %.
  const std::vector<GroupCount> units{from_share(10, 100), from_share(30, 300)};
  EXPECT_DOUBLE_EQ(*pooled_share(units), 25.0);
  EXPECT_EQ(pooled_share(std::vector<GroupCount>{{0, 0}}), std::nullopt);
}

TEST(ChangePp, IsTheLastShareMinusTheFirst) {
  EXPECT_DOUBLE_EQ(*change_pp(12.0, 20.0), 8.0);   // 12 % → 20 %: +8 pp
  EXPECT_DOUBLE_EQ(*change_pp(20.0, 15.5), -4.5);  // a fall is negative
  EXPECT_EQ(change_pp(std::nullopt, 20.0), std::nullopt);  // a year without a value: no change
  EXPECT_EQ(change_pp(12.0, std::nullopt), std::nullopt);
}

TEST(ConcentrationBand, FollowsPblsBoundsAboveSixtyAndAboveEighty) {
  // "Above" means strictly above: exactly 60 % is still the lowest band.
  EXPECT_EQ(concentration_band(0), "onder_60");
  EXPECT_EQ(concentration_band(60), "onder_60");
  EXPECT_EQ(concentration_band(60.1), "boven_60");
  EXPECT_EQ(concentration_band(80), "boven_60");
  EXPECT_EQ(concentration_band(80.5), "boven_80");
  EXPECT_EQ(concentration_band(100), "boven_80");
}

// --- Hot spots: Getis-Ord Gi* ------------------------------------------------

// A 5 × 5 grid; each unit's neighbourhood is itself and the up to 8 units
// around it. The 3 × 3 block in the top-left corner (rows 0–2, columns 0–2)
// has value 11, the other 16 units value 1.
struct Grid {
  static constexpr std::size_t side = 5;
  static std::size_t at(std::size_t r, std::size_t c) { return r * side + c; }
  std::vector<std::optional<double>> values;
  std::vector<std::vector<std::size_t>> neighbours;
  Grid(double high, double low) {
    for (std::size_t r = 0; r < side; ++r)
      for (std::size_t c = 0; c < side; ++c) {
        values.push_back(r <= 2 && c <= 2 ? high : low);
        std::vector<std::size_t> n;
        for (int dr = -1; dr <= 1; ++dr)
          for (int dc = -1; dc <= 1; ++dc) {
            const int rr = static_cast<int>(r) + dr, cc = static_cast<int>(c) + dc;
            if (rr >= 0 && cc >= 0 && rr < static_cast<int>(side) && cc < static_cast<int>(side))
              n.push_back(at(static_cast<std::size_t>(rr), static_cast<std::size_t>(cc)));
          }
        neighbours.push_back(n);
      }
  }
};

TEST(GetisOrdGiStar, FindsTheCentreOfAHighClusterWithTheHandComputedZ) {
  const Grid g(11, 1);
  const auto hs = getis_ord_gi_star(g.values, g.neighbours);
  ASSERT_EQ(hs.size(), 25u);
  // n = 25, Σx = 9·11 + 16·1 = 115, x̄ = 4,6;
  // S² = Σx²/n − x̄² = (9·121 + 16)/25 − 4,6² = 44,2 − 21,16 = 23,04, S = 4,8.
  // Centre (1,1): its 9 neighbours all 11, Σ_j x_j = 99, Σ w = Σ w² = 9.
  // Gi* = (99 − 4,6·9) / (4,8 · √((25·9 − 9²)/24)) = 57,6 / (4,8 · √6) = 12/√6 = 2√6 ≈ 4,899.
  const auto& centre = hs[Grid::at(1, 1)];
  ASSERT_TRUE(centre);
  EXPECT_NEAR(centre->z, 2 * std::sqrt(6.0), 1e-9);
  EXPECT_GT(centre->z, 1.96);
  // Drawing 8 of the 24 others (8 of them 11) gives 99 only when all 8 are high:
  // 1 in C(24,8) = 735.471 draws, so M = 0 and p = 1/1000.
  EXPECT_LE(centre->p, 0.05);
  EXPECT_EQ(centre->cls, "hoog");
}

TEST(GetisOrdGiStar, AUnitBesideTheClusterIsNotSignificantAndPMatchesTheExactChance) {
  const Grid g(11, 1);
  const auto hs = getis_ord_gi_star(g.values, g.neighbours);
  // Unit (2,3): 9 neighbours, 2 of them in the block: Σ_j x_j = 2·11 + 7·1 = 29 < 9 · 4,6 = 41,4,
  // so Gi* < 0 and the test counts draws at least as low. x_i = 1 stays; 8 drawn of the
  // 24 others (9 high, 15 low) sum to 1 + 11k + (8 − k) = 9 + 10k ≤ 29 when k ≤ 2 are high:
  // P = (C(15,8) + 9·C(15,7) + 36·C(15,6)) / C(24,8) = (6435 + 57915 + 180180) / 735471 ≈ 0,3325.
  const auto& mid = hs[Grid::at(2, 3)];
  ASSERT_TRUE(mid);
  EXPECT_LT(mid->z, 0);
  EXPECT_NEAR(mid->p, 244530.0 / 735471.0, 0.05);  // 999 draws: within about 3 standard errors
  EXPECT_EQ(mid->cls, "geen");
}

TEST(GetisOrdGiStar, ACentreOfLowValuesIsAColdSpot) {
  const Grid g(-11, -1);  // the same grid mirrored: the block is now the lowest
  const auto hs = getis_ord_gi_star(g.values, g.neighbours);
  EXPECT_NEAR(hs[Grid::at(1, 1)]->z, -2 * std::sqrt(6.0), 1e-9);
  EXPECT_EQ(hs[Grid::at(1, 1)]->cls, "laag");
}

TEST(GetisOrdGiStar, GivesTheSamePWithTheSameSeed) {
  const Grid g(11, 1);
  HotSpotOptions o;
  o.seed = 42;
  const auto a = getis_ord_gi_star(g.values, g.neighbours, o);
  const auto b = getis_ord_gi_star(g.values, g.neighbours, o);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(a[i] && b[i]);
    EXPECT_EQ(a[i]->p, b[i]->p) << "unit " << i;
    EXPECT_EQ(a[i]->cls, b[i]->cls) << "unit " << i;
  }
  // p is always (M + 1)/(R + 1): a multiple of 1/1000 with 999 permutations.
  for (const auto& h : a) EXPECT_NEAR(h->p * 1000, std::round(h->p * 1000), 1e-9);
}

TEST(GetisOrdGiStar, LeavesAUnitWithoutAValueOutOfEveryMeasure) {
  Grid g(11, 1);
  g.values[Grid::at(4, 4)] = std::nullopt;
  const auto hs = getis_ord_gi_star(g.values, g.neighbours);
  EXPECT_EQ(hs[Grid::at(4, 4)], std::nullopt);
  // Now n = 24: x̄ = 114/24 = 4,75, S² = (1089 + 15)/24 − 4,75² = 46 − 22,5625 = 23,4375;
  // centre: Gi* = (99 − 4,75·9) / (√23,4375 · √((24·9 − 81)/23)) = 56,25 / (√23,4375 · √(135/23)).
  EXPECT_NEAR(hs[Grid::at(1, 1)]->z, 56.25 / (std::sqrt(23.4375) * std::sqrt(135.0 / 23.0)), 1e-9);
  // (3,3) keeps 8 neighbours with a value, all 1 except (2,2) = 11: Σ = 18, W = 8.
  EXPECT_NEAR(hs[Grid::at(3, 3)]->z, (18 - 4.75 * 8) / (std::sqrt(23.4375) * std::sqrt((24.0 * 8 - 64) / 23)), 1e-9);
}

TEST(GetisOrdGiStar, HasNoValueWhenAllValuesAreEqual) {
  Grid g(3, 3);
  for (const auto& h : getis_ord_gi_star(g.values, g.neighbours)) EXPECT_EQ(h, std::nullopt);
}

// --- Early warning -------------------------------------------------------------

// A buurt outside the focus areas whose share of people with difficulty making
// ends meet rose 8 points (2012 → 2020) and whose large supermarket moved from
// 0,8 to 1,2 km (2019 → 2025); the rule: a rise of more than 5 points, and
// access fell when the nearest supermarket passed 1 km.
EarlyWarningFacts rising_buurt() {
  EarlyWarningFacts f;
  f.in_focus = false;
  f.group_label = "moeite met rondkomen";
  f.first_year = 2012;
  f.last_year = 2020;
  f.share_change_pp = 8.0;
  f.facility_label = "grote supermarkt";
  f.facility_before_km = 0.8;
  f.facility_after_km = 1.2;
  f.facility_before_label = "2019";
  f.facility_after_label = "2025";
  return f;
}

EarlyWarningRule five_points_one_km() {
  EarlyWarningRule r;
  r.rise_pp = 5;
  r.distance_passes_km = 1.0;
  return r;
}

const EarlyWarning::Criterion& criterion(const EarlyWarning& w, const std::string& code) {
  for (const auto& c : w.criteria)
    if (c.code == code) return c;
  throw std::runtime_error("no criterion " + code);
}

TEST(EarlyWarning, FlagsARisingBuurtOutsideTheFocusAreasWithBothReasons) {
  const EarlyWarning w = early_warning(rising_buurt(), five_points_one_km());
  EXPECT_TRUE(w.flagged);
  // Every criterion of schema/sorting.json, in its order.
  ASSERT_EQ(w.criteria.size(), 4u);
  EXPECT_EQ(w.criteria[0].code, "buiten_focus");
  EXPECT_EQ(w.criteria[1].code, "aandeel_steeg");
  EXPECT_EQ(w.criteria[2].code, "score_hoog");
  EXPECT_EQ(w.criteria[3].code, "voorzieningen_verder");
  EXPECT_TRUE(criterion(w, "buiten_focus").met);
  EXPECT_TRUE(criterion(w, "aandeel_steeg").met);
  EXPECT_EQ(criterion(w, "aandeel_steeg").reason,
            "aandeel moeite met rondkomen steeg 8,0 procentpunt (2012 → 2020), meer dan 5");
  EXPECT_TRUE(criterion(w, "voorzieningen_verder").met);
  EXPECT_EQ(criterion(w, "voorzieningen_verder").reason,
            "grote supermarkt van 0,8 naar 1,2 km (2019 → 2025): nu verder dan 1 km");
  // No score configured: not a criterion, so unmet and without a reason.
  EXPECT_FALSE(criterion(w, "score_hoog").met);
  EXPECT_EQ(criterion(w, "score_hoog").reason, "");
}

TEST(EarlyWarning, DoesNotFlagAFocusBuurtWithTheSameChange) {
  EarlyWarningFacts f = rising_buurt();
  f.in_focus = true;
  const EarlyWarning w = early_warning(f, five_points_one_km());
  EXPECT_FALSE(w.flagged);
  EXPECT_FALSE(criterion(w, "buiten_focus").met);
  EXPECT_EQ(criterion(w, "buiten_focus").reason, "ligt in een focusgebied: vroegsignalering zoekt buurten daarbuiten");
  EXPECT_TRUE(criterion(w, "aandeel_steeg").met);  // the other criteria still say what happened
  EXPECT_TRUE(criterion(w, "voorzieningen_verder").met);
}

TEST(EarlyWarning, ARiseOfExactlyTheRateIsNotMoreThanIt) {
  EarlyWarningFacts f = rising_buurt();
  f.share_change_pp = 5.0;
  const EarlyWarning w = early_warning(f, five_points_one_km());
  EXPECT_FALSE(w.flagged);
  EXPECT_FALSE(criterion(w, "aandeel_steeg").met);
  EXPECT_EQ(criterion(w, "aandeel_steeg").reason,
            "aandeel moeite met rondkomen steeg 5,0 procentpunt (2012 → 2020), niet meer dan 5");
  // Just above the rate shows enough decimals not to read as 5,0.
  f.share_change_pp = 5.04;
  EXPECT_EQ(criterion(early_warning(f, five_points_one_km()), "aandeel_steeg").reason,
            "aandeel moeite met rondkomen steeg 5,04 procentpunt (2012 → 2020), meer dan 5");
}

TEST(EarlyWarning, AHighScoreWithARiseQualifiesWithoutAFacilityChange) {
  EarlyWarningFacts f = rising_buurt();
  f.facility_before_km = 0.5;  // the supermarket stays near
  f.facility_after_km = 0.6;
  f.score = 4.2;
  f.score_label = "Leefbaarometer";
  EarlyWarningRule r = five_points_one_km();
  r.score_at_least = 4.0;
  const EarlyWarning w = early_warning(f, r);
  EXPECT_TRUE(w.flagged);
  EXPECT_TRUE(criterion(w, "score_hoog").met);
  EXPECT_EQ(criterion(w, "score_hoog").reason, "score Leefbaarometer 4,2: minstens 4");
  EXPECT_FALSE(criterion(w, "voorzieningen_verder").met);
  EXPECT_EQ(criterion(w, "voorzieningen_verder").reason,
            "grote supermarkt van 0,5 naar 0,6 km (2019 → 2025): nog binnen 1 km");
  // Where a low score is the bad end, "at most" is the rule.
  EarlyWarningRule low = five_points_one_km();
  low.score_at_most = 3.5;
  f.score = 4.2;
  EXPECT_FALSE(early_warning(f, low).flagged);
  EXPECT_EQ(criterion(early_warning(f, low), "score_hoog").reason, "score Leefbaarometer 4,2: hoger dan 3,5");
}

TEST(EarlyWarning, ARiseAloneIsNotEnough) {
  EarlyWarningFacts f = rising_buurt();
  f.facility_before_km = 1.1;  // already beyond 1 km: access did not fall past it
  f.facility_after_km = 1.3;
  const EarlyWarning w = early_warning(f, five_points_one_km());
  EXPECT_FALSE(w.flagged);
  EXPECT_EQ(criterion(w, "voorzieningen_verder").reason,
            "grote supermarkt van 1,1 naar 1,3 km (2019 → 2025): al verder dan 1 km");
}

TEST(EarlyWarning, AFacilityMovingFurtherByMoreThanTheRuleCounts) {
  EarlyWarningFacts f = rising_buurt();
  f.facility_before_km = 1.1;
  f.facility_after_km = 1.8;  // 0,7 km further, more than the 0,5 km the rule allows
  EarlyWarningRule r;
  r.rise_pp = 5;
  r.distance_rise_km = 0.5;
  const EarlyWarning w = early_warning(f, r);
  EXPECT_TRUE(w.flagged);
  EXPECT_EQ(criterion(w, "voorzieningen_verder").reason,
            "grote supermarkt van 1,1 naar 1,8 km (2019 → 2025): 0,7 km verder, meer dan 0,5 km");
}

TEST(EarlyWarning, AMissingChangeIsNotFlaggedAndSaysItWasNotMeasured) {
  EarlyWarningFacts f = rising_buurt();
  f.share_change_pp = std::nullopt;
  const EarlyWarning w = early_warning(f, five_points_one_km());
  EXPECT_FALSE(w.flagged);
  EXPECT_FALSE(criterion(w, "aandeel_steeg").met);
  EXPECT_EQ(criterion(w, "aandeel_steeg").reason,
            "aandeel moeite met rondkomen niet gemeten in 2012 of 2020: verandering onbekend");
  // A missing distance likewise.
  f = rising_buurt();
  f.facility_after_km = std::nullopt;
  const EarlyWarning w2 = early_warning(f, five_points_one_km());
  EXPECT_FALSE(w2.flagged);
  EXPECT_EQ(criterion(w2, "voorzieningen_verder").reason, "grote supermarkt: afstand niet gemeten in 2019 of 2025");
}

}  // namespace
}  // namespace leefkaart::sorting
