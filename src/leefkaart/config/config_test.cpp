#include "config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "core/errors.hpp"

using namespace leefkaart;

namespace {
const char* kMinimal = R"(
title = "test"
[grid]
size = 100
size_definition = "edge"

[study_area]
file = "boundaries/x.geojson"

[tables.kwb]
file = "cbs/kwb.csv"
key = "buurtcode"

[population]
source = { table = "kwb", field = "a_inw" }

[[indicator]]
name = "dichtheid"
label = "Inwoners per m²"
label_en = "Residents per m²"
transfer = "extensive"
transform = "per_m2"
source = { table = "kwb", field = "a_inw" }
threshold = { rule = "percentile", value = 75 }

[[indicator]]
name = "geluid"
label = "Geluid"
not_supplied = "no noise map for this city"
threshold = { rule = "absolute", value = 55 }
)";

std::string expect_error(const std::string& text) {
  try {
    config::parse(text, "test.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a config error";
  return "";
}
}  // namespace

TEST(Config, ParsesAMinimalConfig) {
  config::Config c = config::parse(kMinimal, "test.toml");
  EXPECT_EQ(c.title, "test");
  EXPECT_EQ(c.indicators.size(), 2u);
  EXPECT_EQ(c.indicators[0].transfer, config::Transfer::Extensive);
  EXPECT_EQ(c.indicators[0].transform, config::Transform::PerM2);
  EXPECT_EQ(c.indicators[0].label_en, "Residents per m²");
  EXPECT_EQ(c.indicators[1].label_en, "");  // optional: the web app falls back to the Dutch label
  EXPECT_FALSE(c.indicators[1].source.has_value());
  EXPECT_EQ(c.privacy_min_residents, 5);
  EXPECT_NE(config::explain(c).find("NOT SUPPLIED: no noise map"), std::string::npos);
}

TEST(Config, InlineSourceIsOneLine) {
  std::string text = kMinimal;
  text += R"(
[[indicator]]
name = "eenzaamheid"
kind = "social"
source = { file = "ggd.csv", key = "bu_code", field = "eenzaam_pct" }
threshold = { rule = "relative", reference = "mean", factor = 1.2 }
)";
  config::Config c = config::parse(text, "test.toml");
  ASSERT_TRUE(c.indicators[2].source.has_value());
  EXPECT_EQ(c.tables.at(c.indicators[2].source->name).file, "ggd.csv");
  EXPECT_FALSE(c.indicators[2].threshold.reference.has_value());
  EXPECT_DOUBLE_EQ(c.indicators[2].threshold.factor, 1.2);
}

TEST(Config, UnknownKeyNamesLineAndSuggests) {
  std::string text = kMinimal;
  text.replace(text.find("size_definition"), 15, "size_defintion");
  std::string msg = expect_error(text);
  EXPECT_NE(msg.find("test.toml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("grid.size_defintion"), std::string::npos) << msg;
  EXPECT_NE(msg.find("did you mean 'size_definition'"), std::string::npos) << msg;
}

TEST(Config, WrongTypeNamesKey) {
  std::string text = kMinimal;
  text.replace(text.find("size = 100"), 10, "size = \"100\"");
  std::string msg = expect_error(text);
  EXPECT_NE(msg.find("grid.size"), std::string::npos) << msg;
  EXPECT_NE(msg.find("must be a number"), std::string::npos) << msg;
}

TEST(Config, SyntaxErrorNamesLine) {
  std::string msg = expect_error("title = \"x\"\n[grid\nsize = 1\n");
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
}

TEST(Config, BadChoicesAndMissingPiecesAreExplained) {
  std::string text = kMinimal;
  text.replace(text.find("\"percentile\""), 12, "\"percentiel\"");
  EXPECT_NE(expect_error(text).find("did you mean 'percentile'"), std::string::npos);
  std::string unknown_table = kMinimal;
  unknown_table.replace(unknown_table.find("table = \"kwb\", field = \"a_inw\" }\nthreshold"), 13, "table = \"kwv\"");
  EXPECT_NE(expect_error(unknown_table).find("no [tables.kwv]"), std::string::npos);
  std::string no_source = kMinimal;
  no_source.replace(no_source.find("not_supplied"), 12, "comment");
  EXPECT_NE(expect_error(no_source).find("say why with not_supplied"), std::string::npos);
}

TEST(Config, DuplicateIndicatorNamesAreRefused) {
  std::string text = kMinimal;
  text.replace(text.find("name = \"geluid\""), 15, "name = \"dichtheid\"");
  EXPECT_NE(expect_error(text).find("defined twice"), std::string::npos);
}

namespace {
std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}
void expect_all(const std::string& msg, const std::vector<std::string>& parts) {
  for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
}
}  // namespace

TEST(Config, NanAndInfinityAreRefusedForEveryNumber) {
  // TOML allows nan and inf, and nan passes every range check written as a comparison.
  expect_all(expect_error(with(kMinimal, "size = 100", "size = inf")), {"test.toml", "line 4", "grid.size", "finite"});
  expect_all(expect_error(with(kMinimal, "value = 55", "value = nan")), {"threshold.value", "finite number, found nan"});
  expect_all(expect_error(std::string(kMinimal) + "[masking]\nmin_difference = nan\n"), {"masking.min_difference", "finite"});
  expect_all(expect_error(std::string(kMinimal) + "[aggregate]\nmin_value_coverage = nan\n"),
             {"aggregate.min_value_coverage", "finite"});
}

TEST(Config, ScaleMustBePositive) {
  for (const char* scale : {"0", "nan", "-100"})
    expect_all(expect_error(with(kMinimal, "transform = \"per_m2\"\nsource = { table = \"kwb\", field = \"a_inw\" }",
                                 std::string("transform = \"per_m2\"\nsource = { table = \"kwb\", field = \"a_inw\", scale = ") +
                                     scale + " }")),
               {"test.toml", "source.scale"});
}

TEST(Config, WholeNumbersAreCheckedBeforeTheyBecomeIntegers) {
  // 1e18 does not fit an int: casting it first was undefined behaviour.
  const auto key_line = std::count(kMinimal, kMinimal + std::strlen(kMinimal), '\n') + 2;
  expect_all(expect_error(std::string(kMinimal) + "[privacy]\nmin_residents = 1e18\n"),
             {"line " + std::to_string(key_line), "privacy.min_residents", "1e+18 is out of range", "between 0 and 1000000"});
  expect_all(expect_error(std::string(kMinimal) + "[privacy]\nmin_residents = 2.5\n"), {"privacy.min_residents", "whole number"});
  expect_all(expect_error(std::string(kMinimal) + "[privacy]\nmin_residents = -1\n"), {"privacy.min_residents", "out of range"});
  expect_all(expect_error(std::string(kMinimal) + "[aggregate]\nscore_at_least = 3\n"),
             {"aggregate.score_at_least", "at most 2 indicators"});
  expect_all(expect_error(std::string(kMinimal) + "[rasters.geluid]\nfile = \"x.tif\"\nband = 1e10\n"),
             {"rasters.geluid.band", "out of range"});
}

TEST(Config, CellSizeMustGiveAnEdgeBetweenTenMetresAndTenKilometres) {
  expect_all(expect_error(with(kMinimal, "size = 100", "size = 1e-9")), {"line 4", "grid.size", "edge", "10 m"});
  expect_all(expect_error(with(kMinimal, "size = 100", "size = 50000")), {"grid.size", "10 km"});
  // 1 ha hexagons given by their area are fine.
  EXPECT_NO_THROW(config::parse(with(with(kMinimal, "size = 100", "size = 10000"), "size_definition = \"edge\"",
                                     "size_definition = \"area\""),
                                "test.toml"));
}

TEST(Config, MaskingAndThresholdsStayInTheirMeaningfulRange) {
  expect_all(expect_error(std::string(kMinimal) + "[masking]\nmin_difference = -1\n"), {"masking.min_difference", "out of range"});
  expect_all(expect_error(std::string(kMinimal) + "[masking]\nmin_residents = -5\n"), {"masking.min_residents", "out of range"});
  expect_all(expect_error(with(kMinimal, "{ rule = \"absolute\", value = 55 }", "{ rule = \"relative\", factor = 0 }")),
             {"threshold.factor", "positive"});
  expect_all(expect_error(with(kMinimal, "{ rule = \"absolute\", value = 55 }", "{ rule = \"relative\", reference = inf }")),
             {"threshold.reference", "finite"});
}

TEST(Config, EachSourceKnowsWhatItsValueMeasures) {
  std::string text = with(kMinimal, "not_supplied = \"no noise map for this city\"",
                          "unit = \"%\"\nsource = { table = \"kwb\", field = \"p_koopw\" }");
  text += R"(
[[indicator]]
name = "geluid_lden"
source = { raster_file = "lden.tif", range = [0, 150] }
threshold = { rule = "absolute", value = 55 }
)";
  config::Config c = config::parse(text, "test.toml");
  EXPECT_EQ(c.population.source.plausible.quantity, cbs::Quantity::Residents);
  EXPECT_EQ(c.indicators[0].source->plausible.quantity, cbs::Quantity::Count);  // extensive: a count
  EXPECT_EQ(c.indicators[1].source->plausible.quantity, cbs::Quantity::Percentage);  // unit "%"
  ASSERT_TRUE(c.indicators[2].source->plausible.range.has_value());
  EXPECT_EQ(*c.indicators[2].source->plausible.range, std::make_pair(0.0, 150.0));
}

TEST(Config, ARangeIsTwoNumbersInOrder) {
  const std::string base = with(kMinimal, "not_supplied = \"no noise map for this city\"",
                                "source = { table = \"kwb\", field = \"lden\", range = RANGE }");
  expect_all(expect_error(with(base, "RANGE", "[100, 0]")), {"source.range", "minimum must be below the maximum"});
  expect_all(expect_error(with(base, "RANGE", "[0]")), {"source.range", "[min, max]"});
  expect_all(expect_error(with(base, "RANGE", "[0, nan]")), {"source.range", "finite"});
}

TEST(Config, ARasterSaysHowItReachesTheCells) {
  // Nearest pixel by default; bilinear on request, named or inline.
  std::string text = std::string(kMinimal) + R"(
[rasters.lden]
file = "lden.tif"

[rasters.no2]
file = "rivm/gcn_no2/conc_no2_2021.asc"
crs = "EPSG:28992"
interpolation = "bilinear"

[[indicator]]
name = "no2"
source = { raster = "no2" }
threshold = { rule = "absolute", value = 20 }

[[indicator]]
name = "no2_inline"
source = { raster_file = "conc_no2_2020.asc", crs = "EPSG:28992", interpolation = "bilinear" }
threshold = { rule = "absolute", value = 20 }

[[indicator]]
name = "geluid_lden"
source = { raster = "lden" }
threshold = { rule = "absolute", value = 55 }
)";
  config::Config c = config::parse(text, "test.toml");
  EXPECT_EQ(c.rasters.at("lden").interpolation, io::Interpolation::Nearest);
  EXPECT_EQ(c.rasters.at("no2").interpolation, io::Interpolation::Bilinear);
  EXPECT_EQ(c.rasters.at(c.indicators[3].source->name).interpolation, io::Interpolation::Bilinear);
  const std::string plain = config::explain(c);
  EXPECT_NE(plain.find("conc_no2_2021.asc at the cell centre, bilinear between the four nearest pixel centres"),
            std::string::npos) << plain;
  EXPECT_NE(plain.find("lden.tif, the pixel under the cell centre"), std::string::npos) << plain;
}

TEST(Config, AnUnknownInterpolationNamesFileLineAndKey) {
  const auto first_line = std::count(kMinimal, kMinimal + std::strlen(kMinimal), '\n') + 1;
  const std::string named = std::string(kMinimal) +
                            "[rasters.no2]\nfile = \"no2.asc\"\ncrs = \"EPSG:28992\"\ninterpolation = \"bilinaer\"\n";
  expect_all(expect_error(named), {"test.toml", "line " + std::to_string(first_line + 3), "rasters.no2.interpolation",
                                   "\"bilinaer\" is not one of \"nearest\", \"bilinear\"", "did you mean 'bilinear'"});
  const std::string inline_source =
      with(kMinimal, "not_supplied = \"no noise map for this city\"",
           "source = { raster_file = \"lden.tif\", interpolation = \"cubic\" }");
  expect_all(expect_error(inline_source), {"test.toml", "indicator[1].source.interpolation", "\"cubic\" is not one of"});
  // The way a raster is read is set where it is defined, once for every indicator using it.
  const std::string on_named_source =
      with(std::string(kMinimal) + "[rasters.lden]\nfile = \"lden.tif\"\n", "not_supplied = \"no noise map for this city\"",
           "source = { raster = \"lden\", interpolation = \"bilinear\" }");
  expect_all(expect_error(on_named_source), {"indicator[1].source.interpolation", "belongs to [rasters.lden]"});
}

namespace {
// kMinimal with a second table keyed on another boundary set's codes.
std::string with_crosswalk(const std::string& crosswalk_line) {
  std::string text = kMinimal;
  text.replace(text.find("[population]"), 0,
               "[tables.ggd]\nfile = \"rivm/ggd.csv\"\nkey = \"code\"\n" + crosswalk_line + "\n\n");
  return text;
}
}  // namespace

TEST(Config, TableCrosswalkIsReadWithItsDefaults) {
  auto c = config::parse(with_crosswalk("crosswalk = { file = \"boundaries/nl_2019.topojson\", crs = \"EPSG:4326\", "
                                        "code_prefix = \"BU0772\", align = true }"),
                         "test.toml");
  const auto& cw = c.tables.at("ggd").crosswalk;
  ASSERT_TRUE(cw);
  EXPECT_EQ(cw->file, "boundaries/nl_2019.topojson");
  EXPECT_EQ(cw->code_field, "statcode");
  EXPECT_EQ(*cw->crs, "EPSG:4326");
  EXPECT_EQ(cw->code_prefix, "BU0772");
  EXPECT_TRUE(cw->align);
  EXPECT_FALSE(cw->sliver_share);
  EXPECT_FALSE(c.tables.at("kwb").crosswalk);
}

TEST(Config, TableCrosswalkKeysAreStrictAndNamedWithTheirLine) {
  // The inserted [tables.ggd] starts on line 14; its crosswalk is line 17.
  std::string e = expect_error(with_crosswalk("crosswalk = { file = \"x.topojson\", code_feld = \"statcode\" }"));
  EXPECT_NE(e.find("line 17"), std::string::npos) << e;
  EXPECT_NE(e.find("tables.ggd.crosswalk.code_feld"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key"), std::string::npos) << e;
  e = expect_error(with_crosswalk("crosswalk = { code_field = \"statcode\" }"));
  EXPECT_NE(e.find("tables.ggd.crosswalk.file"), std::string::npos) << e;
  EXPECT_NE(e.find("is required"), std::string::npos) << e;
  e = expect_error(with_crosswalk("crosswalk = { file = \"x.topojson\", sliver_share = 1.5 }"));
  EXPECT_NE(e.find("tables.ggd.crosswalk.sliver_share"), std::string::npos) << e;
  e = expect_error(with_crosswalk("crosswalk = \"x.topojson\""));
  EXPECT_NE(e.find("tables.ggd.crosswalk"), std::string::npos) << e;
  EXPECT_NE(e.find("must be a table"), std::string::npos) << e;
}


// --- a series: several years of the same map ---------------------------------

TEST(Config, ASeriesNamesItsYearsBaseYearAndRules) {
  // [series] comes after the top-level keys, here at the end.
  const std::string text = with(kMinimal, "field = \"a_inw\" }\n\n[[indicator]]", "field = \"a_inw_{year}\" }\n\n[[indicator]]") +
                           "[series]\nyears = [2016, 2020, 2024]\nbase_year = 2020\nthresholds = \"per_year\"\n"
                           "missing_year = \"nearest\"\ngap = { fraction = 0.1 }\nareas = { centrum = [\"WK034401\"] }\n";
  const config::Config c = config::parse(text, "test.toml");
  ASSERT_TRUE(c.series);
  EXPECT_EQ(c.series->years, (std::vector<int>{2016, 2020, 2024}));
  EXPECT_EQ(c.series->base_year, 2020);
  EXPECT_EQ(c.series->thresholds, config::ThresholdMode::PerYear);
  EXPECT_EQ(c.series->missing_year, config::MissingYear::Nearest);
  EXPECT_DOUBLE_EQ(c.series->gap_fraction, 0.1);
  EXPECT_EQ(c.series->areas.at("centrum"), std::vector<std::string>{"WK034401"});
  EXPECT_EQ(config::with_year("a_inw_{year}", 2024), "a_inw_2024");
}

TEST(Config, YearPatternsBelongToASeries) {
  const std::string pattern = with(kMinimal, "source = { table = \"kwb\", field = \"a_inw\" }\n\n[[indicator]]",
                                   "source = { table = \"kwb\", field = \"a_inw_{year}\" }\n\n[[indicator]]");
  const std::string e = expect_error(pattern);
  EXPECT_NE(e.find("population.source"), std::string::npos) << e;
  EXPECT_NE(e.find("only a series config"), std::string::npos) << e;
  EXPECT_EQ(e.find("line 0"), std::string::npos) << e;  // no line rather than a wrong one
  expect_all(expect_error(std::string(kMinimal) + "[series]\nyears = [2016]\n"),
             {"series.years", "at least two years"});
  expect_all(expect_error(std::string(kMinimal) + "[series]\nyears = [2016, 2020]\nareas = { x = [\"GM0344\"] }\n"),
             {"series.areas.x", "not a buurt (BU…) or wijk (WK…) code"});
}

namespace {
// kMinimal with dichtheid put under the protection perspective.
std::string stack_config(const std::string& stack_table) {
  std::string text = kMinimal;
  text.replace(text.find("transfer = \"extensive\""), 0, "perspective = \"beschermen\"\n");
  return text + stack_table;
}
}  // namespace

TEST(ConfigStack, ReadsPerspectivesAndTheStackRule) {
  std::string text = stack_config("\n[stack]\nmethod = \"continuous\"\nscaling = \"percentile\"\n");
  text.replace(text.find("label = \"Geluid\""), 0, "vulnerability = true\n");
  const config::Config c = config::parse(text, "test.toml");
  EXPECT_EQ(c.indicators[0].perspective, "beschermen");
  EXPECT_TRUE(c.indicators[1].vulnerability);
  ASSERT_TRUE(c.stack);
  EXPECT_EQ(c.stack->method, config::StackMethod::Continuous);
  EXPECT_EQ(c.stack->scaling, config::StackScaling::Percentile);
  // Defaults: five quantile classes, pressure from the top two (class 4 of 5), one flag in the binary method.
  EXPECT_EQ(c.stack->quantiles, 5);
  EXPECT_EQ(c.stack->pressure_class, 4);
  EXPECT_EQ(c.stack->pressure_flags, 1);
  EXPECT_DOUBLE_EQ(c.stack->coarse.size, 1000);
  EXPECT_EQ(c.stack->coarse.definition, grid::SizeDefinition::AcrossFlats);
  EXPECT_FALSE(config::parse(kMinimal, "test.toml").stack);  // no [stack], no stapelkaart
  const std::string explained = config::explain(c);
  EXPECT_NE(explained.find("Gezondheid beschermen"), std::string::npos) << explained;
}

TEST(ConfigStack, UnknownPerspectiveListsTheValidOnes) {
  std::string text = stack_config("\n[stack]\n");
  text.replace(text.find("\"beschermen\""), 12, "\"beschermer\"");
  const std::string msg = expect_error(text);
  EXPECT_NE(msg.find("test.toml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line "), std::string::npos) << msg;
  EXPECT_NE(msg.find("indicator[0].perspective"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"beschermen\", \"bevorderen\", \"faciliteren\""), std::string::npos) << msg;
}

TEST(ConfigStack, UnknownMethodOrScaling) {
  EXPECT_NE(expect_error(stack_config("\n[stack]\nmethod = \"binair\"\n")).find("stack.method"), std::string::npos);
  EXPECT_NE(expect_error(stack_config("\n[stack]\nscaling = \"z-score\"\n")).find("stack.scaling"), std::string::npos);
}

TEST(ConfigStack, StackWithoutAPerspectiveIsRefused) {
  const std::string msg = expect_error(std::string(kMinimal) + "\n[stack]\nmethod = \"binary\"\n");
  EXPECT_NE(msg.find("stack.method"), std::string::npos) << msg;
  EXPECT_NE(msg.find("at least one supplied indicator with a perspective"), std::string::npos) << msg;
}

TEST(ConfigStack, AnIndicatorIsEitherAPressureOrAVulnerability) {
  std::string text = stack_config("\n[stack]\n");
  text.replace(text.find("transfer = \"extensive\""), 0, "vulnerability = true\n");
  const std::string msg = expect_error(text);
  EXPECT_NE(msg.find("indicator[0].vulnerability"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not both"), std::string::npos) << msg;
}

TEST(ConfigStack, PressureClassBeyondTheQuantiles) {
  const std::string msg = expect_error(stack_config("\n[stack]\nquantiles = 4\npressure_class = 5\n"));
  EXPECT_NE(msg.find("stack.pressure_class"), std::string::npos) << msg;
}

TEST(ConfigStack, ASeriesDoesNotStackAndSaysSo) {
  const std::string msg = expect_error(stack_config("\n[series]\nyears = [2020, 2024]\n\n[stack]\n"));
  EXPECT_NE(msg.find("stack.method"), std::string::npos) << msg;
  EXPECT_NE(msg.find("`leefkaart series` does not stack"), std::string::npos) << msg;
}

// [[gemeente]]: which polygons of a national file belong to which gemeente, as `leefkaart init` writes it.
TEST(ConfigGemeenten, EachGemeenteClaimsItsPolygonsByPrefixOrOneByOne) {
  const std::string text = std::string(kMinimal) +
                           "\n[[gemeente]]\ncode = \"GM1980\"\nname = \"Dijk en Waard\"\nprovincie = \"PV27\"\n"
                           "buurt_prefixes = [\"BU0398\", \"BU0416\"]\n"
                           "\n[[gemeente]]\ncode = \"GM0757\"\nbuurt_prefixes = [\"BU0757\"]\nbuurten = [\"BU07880001\"]\n";
  const config::Config c = config::parse(text, "test.toml");
  ASSERT_EQ(c.gemeenten.size(), 2u);
  EXPECT_EQ(c.gemeenten[0].buurt_prefixes, (std::vector<std::string>{"BU0398", "BU0416"}));
  EXPECT_EQ(c.gemeenten[0].provincie, "PV27");
  EXPECT_EQ(c.gemeenten[1].buurten, std::vector<std::string>{"BU07880001"});
}

TEST(ConfigGemeenten, AMalformedCodeOrAPolygonGivenTwiceIsRefused) {
  const std::string base = std::string(kMinimal) + "\n[[gemeente]]\ncode = \"GM0307\"\nbuurt_prefixes = [\"BU0307\"]\n";
  std::string msg = expect_error(base + "\n[[gemeente]]\ncode = \"0327\"\nbuurt_prefixes = [\"BU0327\"]\n");
  EXPECT_NE(msg.find("gemeente.code"), std::string::npos) << msg;
  EXPECT_NE(msg.find("GM and four digits"), std::string::npos) << msg;
  msg = expect_error(base + "\n[[gemeente]]\ncode = \"GM0327\"\nbuurt_prefixes = [\"BU0307\"]\n");
  EXPECT_NE(msg.find("BU0307 is already given to GM0307"), std::string::npos) << msg;
  msg = expect_error(std::string(kMinimal) + "\n[[gemeente]]\ncode = \"GM0307\"\n");
  EXPECT_NE(msg.find("buurt_prefixes"), std::string::npos) << msg;
}

TEST(ConfigGemeenten, SpreadingUnmatchedResidentsNeedsTheGemeenten) {
  std::string text = kMinimal;
  text.replace(text.find("[population]"), 12, "[population]\nspread_unmatched = \"area\"");
  const std::string msg = expect_error(text);
  EXPECT_NE(msg.find("population.spread_unmatched"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[[gemeente]]"), std::string::npos) << msg;
}
