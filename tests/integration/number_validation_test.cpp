// Every number leefkaart reads is checked before it reaches a cell: NaN and
// infinity, impossible counts, shares and distances, tables cut off mid-row,
// config values out of range, raster pixels that are neither values nor
// nodata. Each is an error naming file, row (or line, or pixel) and field,
// with a non-zero exit and nothing written; never a map built on it.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <limits>

#include "fixture_city.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// Two 2 km buurten with a valid table; each test breaks one number.
struct City : FixtureCity {
  explicit City(const std::string& name) : FixtureCity("numbers_" + name) {}
  void table(const std::string& csv) { write_text(dir / "kwb.csv", csv); }
  void replace_in_config(const std::string& from, const std::string& to) { replace_in("config.toml", from, to); }
  void add_indicator(const std::string& toml) {
    write_text(dir / "config.toml", read_text(dir / "config.toml") + "[[indicator]]\n" + toml);
  }
  // A 40 × 20 raster of 100 m pixels over both buurten, in RD New, nodata -9999.
  void raster(float west, float east) {
    GDALAllRegister();
    GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GTiff")->Create((dir / "lden.tif").c_str(), 40, 20, 1,
                                                                              GDT_Float32, nullptr);
    double gt[6] = {100000, 100, 0, 402000, 0, -100};
    ds->SetGeoTransform(gt);
    OGRSpatialReference rd;
    rd.importFromEPSG(28992);
    ds->SetSpatialRef(&rd);
    std::vector<float> px(40 * 20);
    for (int r = 0; r < 20; ++r)
      for (int c = 0; c < 40; ++c) px[r * 40 + c] = c < 20 ? west : east;
    ds->GetRasterBand(1)->SetNoDataValue(-9999);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 40, 20, px.data(), 40, 20, GDT_Float32, 0, 0, nullptr), CE_None);
    GDALClose(ds);
  }
};


}  // namespace

TEST(NumberValidation, TheFixtureItselfBuilds) {
  City c("valid");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
}

// --- CBS and GGD tables ----------------------------------------------------

TEST(NumberValidation, NanInATableIsAnErrorNotAnEmptyCell) {
  City c("nan");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,NaN\n");
  expect_clean_failure(c, {"kwb.csv", "line 3", "afstand", "'NaN'", "missing_values"});
}

TEST(NumberValidation, InfinityInTheResidentsIsAnErrorNotAnInfiniteTotal) {
  City c("inf");
  c.table("code,a_inw,afstand\nBU09990001,inf,0.8\nBU09990002,800,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "line 2", "a_inw", "'inf'"});
}

TEST(NumberValidation, NanDeclaredInMissingValuesIsAMissingFigure) {
  City c("nan_declared");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,NaN\n");
  c.replace_in_config("key = \"code\"", "key = \"code\"\nmissing_values = [\"\", \".\", \"NaN\"]");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The east buurt has no distance: its cells are incomplete, with the reason.
  const std::string cells = read_text(c.out / "cells.csv");
  EXPECT_NE(cells.find("BU09990002"), std::string::npos);
  EXPECT_EQ(cells.find("nan"), std::string::npos) << "no NaN may reach an output";
}

TEST(NumberValidation, NegativeResidentsAreImpossible) {
  City c("negative_residents");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,-5,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "line 3", "a_inw", "-5 residents is impossible", "cannot be negative",
                           "fix the table"});
}

TEST(NumberValidation, MinusOneHundredInEveryRowIsRefusedAtTheFirstRow) {
  City c("all_negative");
  c.table("code,a_inw,afstand\nBU09990001,-100,0.8\nBU09990002,-100,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "line 2", "a_inw", "-100 residents"});
}

TEST(NumberValidation, AnAbsurdCountForOneBuurtIsRefused) {
  City c("absurd_count");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,1e23,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "line 3", "a_inw", "1e+23 residents is impossible for one buurt", "29 715"});
}

TEST(NumberValidation, A1e308InAnyColumnIsBeyondAnyStatistic) {
  City c("huge");
  c.table("code,a_inw,afstand\nBU09990001,1200,1e308\nBU09990002,800,1.4\n");
  expect_clean_failure(c, {"kwb.csv", "line 2", "afstand", "beyond any statistic"});
}

TEST(NumberValidation, ResidentsFromAColumnWithAnyNameAreACount) {
  // "inwoners" says nothing by its name; being the population makes it a count.
  City c("population_role");
  c.table("code,a_inw,inwoners,afstand\nBU09990001,1200,-100,0.8\nBU09990002,800,800,1.4\n");
  c.replace_in_config("source = { table = \"kwb\", field = \"a_inw\" }\n[masking]",
                      "source = { table = \"kwb\", field = \"inwoners\" }\n[masking]");
  expect_clean_failure(c, {"kwb.csv", "line 2", "inwoners", "-100 residents is impossible"});
}

TEST(NumberValidation, AnExtensiveTransferSplitsOnlyCounts) {
  City c("extensive_role");
  c.table("code,a_inw,woningen,afstand\nBU09990001,1200,-3,0.8\nBU09990002,800,300,1.4\n");
  c.add_indicator("name = \"woningen\"\ntransfer = \"extensive\"\nsource = { table = \"kwb\", field = \"woningen\" }\n"
                  "threshold = { rule = \"percentile\", value = 75 }\n");
  expect_clean_failure(c, {"kwb.csv", "line 2", "woningen", "a count cannot be negative"});
}

TEST(NumberValidation, CbsSharesAndDistancesHaveTheirRanges) {
  City share("cbs_share");
  share.table("code,a_inw,afstand,p_koopw\nBU09990001,1200,0.8,40\nBU09990002,800,1.4,140\n");
  share.add_indicator("name = \"koop\"\nsource = { table = \"kwb\", field = \"p_koopw\" }\n"
                      "threshold = { rule = \"percentile\", value = 75 }\n");
  expect_clean_failure(share, {"kwb.csv", "line 3", "p_koopw", "140 is not a percentage"});

  City distance("cbs_distance");
  distance.table("code,a_inw,g_afs_hp\nBU09990001,1200,-0.5\nBU09990002,800,1.4\n");
  distance.replace_in_config("field = \"afstand\"", "field = \"g_afs_hp\"");
  expect_clean_failure(distance, {"kwb.csv", "line 2", "g_afs_hp", "a distance cannot be negative"});
}

TEST(NumberValidation, AnIndicatorWithUnitPercentDeclaresAShare) {
  City c("unit_percent");
  c.table("code,a_inw,afstand,eenzaam\nBU09990001,1200,0.8,14\nBU09990002,800,1.4,140\n");
  c.add_indicator("name = \"eenzaamheid\"\nunit = \"%\"\nsource = { table = \"kwb\", field = \"eenzaam\" }\n"
                  "threshold = { rule = \"percentile\", value = 75 }\n");
  expect_clean_failure(c, {"kwb.csv", "line 3", "eenzaam", "140 is not a percentage"});
}

TEST(NumberValidation, ASourceRangeInTheConfigIsEnforced) {
  City c("source_range");
  c.replace_in_config("field = \"afstand\"", "field = \"afstand\", range = [0, 1]");
  expect_clean_failure(c, {"kwb.csv", "line 3", "afstand", "1.4 lies outside the range [0, 1]"});
}

TEST(NumberValidation, ATableCutOffMidRowIsRefused) {
  City c("truncated");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,80");
  expect_clean_failure(c, {"kwb.csv", "line 3", "afstand", "cut off"});
}

TEST(NumberValidation, ATableCutOffInsideAQuotedValueIsRefused) {
  City c("open_quote");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,\"1.");
  expect_clean_failure(c, {"kwb.csv", "line 3", "never closed"});
}

TEST(NumberValidation, ATableEndingWithoutALineBreakIsReportedNotSilent) {
  // Cut inside the last value: "1." parses, so the run goes on, but says where to look.
  City c("no_final_line_break");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,1.");
  CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const std::string& text : {r.output, read_text(c.out / "manifest.json")}) {
    EXPECT_NE(text.find("kwb.csv: line 3: the file does not end with a line break"), std::string::npos) << text;
  }
}

TEST(NumberValidation, CheckConfigReadsTheNumbersToo) {
  City c("check_config");
  c.table("code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,-5,1.4\n");
  CliResult r = run_cli("check-config '" + (c.dir / "config.toml").string() + "'");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("-5 residents is impossible"), std::string::npos) << r.output;
}

// --- config ----------------------------------------------------------------

TEST(NumberValidation, ConfigNumbersMustBeFiniteAndInRange) {
  const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> cases{
      {"value = 1.0", "value = nan", {"line 17", "threshold.value", "finite"}},
      {"min_difference = 1.0", "min_difference = nan", {"line 12", "masking.min_difference", "finite"}},
      {"field = \"afstand\" }", "field = \"afstand\", scale = nan }", {"line 16", "source.scale", "finite"}},
      {"field = \"afstand\" }", "field = \"afstand\", scale = 0 }", {"line 16", "source.scale", "positive"}},
      {"size = 100", "size = inf", {"line 3", "grid.size", "finite"}},
      {"size = 100", "size = 1e-9", {"line 3", "grid.size", "edge", "10 m"}},
      {"min_difference = 1.0", "min_difference = 1.0\n[privacy]\nmin_residents = 1e18",
       {"line 14", "privacy.min_residents", "out of range"}},
  };
  for (const auto& [from, to, fragments] : cases) {
    City c("config");
    c.replace_in_config(from, to);
    std::vector<std::string> all{"config.toml"};
    all.insert(all.end(), fragments.begin(), fragments.end());
    SCOPED_TRACE(to);
    expect_clean_failure(c, all);
  }
}

// --- rasters ---------------------------------------------------------------

TEST(NumberValidation, NanPixelsThatAreNotNodataAreErrors) {
  City c("raster_nan");
  c.raster(std::numeric_limits<float>::quiet_NaN(), 50);
  c.add_indicator("name = \"geluid\"\nsource = { raster_file = \"./lden.tif\" }\nthreshold = { rule = \"absolute\", value = 55 }\n");
  expect_clean_failure(c, {"lden.tif", "pixel (col ", "band 1", "not the band's nodata (-9999)"});
}

TEST(NumberValidation, InfinitePixelsAreErrors) {
  City c("raster_inf");
  c.raster(50, std::numeric_limits<float>::infinity());
  c.add_indicator("name = \"geluid\"\nsource = { raster_file = \"./lden.tif\" }\nthreshold = { rule = \"absolute\", value = 55 }\n");
  expect_clean_failure(c, {"lden.tif", "pixel (col ", "band 1", "inf"});
}

TEST(NumberValidation, AnUndeclaredNodataLikeFloatMinIsNotAValue) {
  City c("raster_float_min");
  c.raster(50, std::numeric_limits<float>::lowest());
  c.add_indicator("name = \"geluid\"\nsource = { raster_file = \"./lden.tif\" }\nthreshold = { rule = \"absolute\", value = 55 }\n");
  expect_clean_failure(c, {"lden.tif", "pixel (col ", "band 1", "beyond any statistic", "nodata"});
}

TEST(NumberValidation, PixelsOutsideTheSourceRangeAreErrors) {
  City c("raster_range");
  c.raster(50, 400);
  c.add_indicator("name = \"geluid\"\nsource = { raster_file = \"./lden.tif\", range = [0, 150] }\n"
                  "threshold = { rule = \"absolute\", value = 55 }\n");
  expect_clean_failure(c, {"lden.tif", "pixel (col ", "band 1", "400 lies outside the range [0, 150]"});
}
