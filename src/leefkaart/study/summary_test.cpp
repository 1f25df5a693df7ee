// The console's closing lines: areas ranked by health to gain (residents × score), with the
// why; areas without a score are counted by reason, never ranked.
#include "study/summary.hpp"

#include <gtest/gtest.h>

#include "io/build_schema.hpp"

namespace leefkaart::study {
namespace {
namespace schema = io::build_schema;
using io::FieldType;
using io::Value;

io::LayerData buurten() {
  io::LayerData l;
  l.name = "buurten";
  l.fields = {{schema::area_field("name"), FieldType::String},
              {schema::area_field("wijk_name"), FieldType::String},
              {schema::area_field("health_to_gain"), FieldType::Real},
              {schema::area_field("mean_score"), FieldType::Real},
              {schema::area_field("status"), FieldType::String},
              {schema::area_field("drivers_text"), FieldType::String}};
  const std::string scored = schema::status("scored");
  l.rows = {
      {Value(std::string("Lombok")), Value(std::string("West")), Value(2400.0), Value(1.2), Value(scored),
       Value(std::string("Eenzaamheid: 40 %"))},
      {Value(std::string("Kanaleneiland-Noord")), Value(std::string("Zuidwest")), Value(14350.0), Value(3.46),
       Value(scored), Value(std::string("Stress: 81 %; Eenzaamheid: 77 %"))},
      {Value(std::string("Papendorp")), Value(std::string("Zuidwest")), Value(), Value(),
       Value(schema::status("privacy")), Value()},
      {Value(std::string("Rijnsweerd")), Value(std::string("Oost")), Value(), Value(),
       Value(schema::status("data_missing")), Value()},
      {Value(std::string("Wilhelminapark")), Value(std::string("Oost")), Value(0.0), Value(0.0), Value(scored),
       Value()},
  };
  return l;
}

TEST(RankingSummary, RanksScoredAreasByResidentsTimesScoreWithTheirWijkAndDrivers) {
  const auto lines = ranking_summary_nl(buurten(), 2);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "Meeste gezondheidswinst (inwoners × score), 2 buurten:");
  EXPECT_EQ(lines[1], "  1. Kanaleneiland-Noord (Zuidwest): 14.350, gemiddelde score 3,5; vooral Stress: 81 %; Eenzaamheid: 77 %");
  EXPECT_EQ(lines[2], "  2. Lombok (West): 2.400, gemiddelde score 1,2; vooral Eenzaamheid: 40 %");
}

TEST(RankingSummary, CountsAreasWithoutAScoreByTheirReasonInsteadOfRankingThem) {
  const auto lines = ranking_summary_nl(buurten(), 10);
  // Three scored areas ranked, then one line per reason for the two without a score.
  ASSERT_EQ(lines.size(), 1u + 3u + 2u);
  EXPECT_NE(lines[3].find("Wilhelminapark"), std::string::npos);
  EXPECT_EQ(lines[4], "Geen score, " + schema::status_label(schema::status("data_missing")) + ": 1 van 5 buurten");
  EXPECT_EQ(lines[5], "Geen score, " + schema::status_label(schema::status("privacy")) + ": 1 van 5 buurten");
}

TEST(RankingSummary, SaysSoWhenNoAreaHasAScore) {
  io::LayerData none = buurten();
  none.rows.erase(none.rows.begin(), none.rows.begin() + 2);
  none.rows.pop_back();
  const auto lines = ranking_summary_nl(none, 5);
  EXPECT_EQ(lines.front(), "Geen van de 2 buurten heeft een score.");
}

}  // namespace
}  // namespace leefkaart::study
