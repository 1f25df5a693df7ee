#include "io/table_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"

using namespace leefkaart;
namespace fs = std::filesystem;

namespace {
fs::path write_file(const std::string& name, const std::string& content) {
  fs::path dir = fs::temp_directory_path() / "leefkaart_table_test";
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p) << content;
  return p;
}
io::TableReadOptions keyed(const std::string& key, std::optional<cbs::Level> level = std::nullopt) {
  io::TableReadOptions o;
  o.key_field = key;
  o.key_level = level;
  return o;
}
}  // namespace

TEST(TableSource, ReadsCsvWithMarkersAndPaddedCodes) {
  auto p = write_file("kwb.csv", "code,a_inw,g_afs_hp\nBU3440111,1800,0.9\nBU03440112,.,x\n");
  io::Table t = io::read_table(p.string(), keyed("code", cbs::Level::Buurt));
  ASSERT_TRUE(t.row_of("BU03440111").has_value());
  auto row = *t.row_of("BU03440111");
  EXPECT_DOUBLE_EQ(*t.number(row, t.field_index("a_inw")), 1800.0);
  auto row2 = *t.row_of("BU03440112");
  EXPECT_FALSE(t.number(row2, t.field_index("a_inw")).has_value());
  EXPECT_FALSE(t.number(row2, t.field_index("g_afs_hp")).has_value());
}

TEST(TableSource, SemicolonCsvWithDecimalCommas) {
  auto p = write_file("monitor.csv", "buurt;pct\nBU07721111;12,5\n");
  io::Table t = io::read_table(p.string(), keyed("buurt"));
  EXPECT_DOUBLE_EQ(*t.number(0, t.field_index("pct")), 12.5);
}

TEST(TableSource, NonNumericValueNamesFileRowAndField) {
  auto p = write_file("bad.csv", "code,a_inw\nBU03440111,12\nBU03440112,twaalf\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  try {
    (void)t.number(1, t.field_index("a_inw"));
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("bad.csv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("a_inw"), std::string::npos) << msg;
    EXPECT_NE(msg.find("twaalf"), std::string::npos) << msg;
  }
}

TEST(TableSource, MisspelledFieldSuggestsNearestName) {
  auto p = write_file("kwb2.csv", "code,a_inw\nBU03440111,12\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  try {
    (void)t.field_index("a_inv");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'a_inw'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(io::read_table(p.string(), keyed("cod")), InputError);
}

TEST(TableSource, DuplicateCodesAreRefused) {
  auto p = write_file("dup.csv", "code,a_inw\nBU03440111,12\nBU3440111,13\n");
  try {
    io::read_table(p.string(), keyed("code"));
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate code BU03440111"), std::string::npos) << e.what();
  }
}

TEST(TableSource, RowsWithoutCodeAreSkippedAndReported) {
  auto p = write_file("gaps.csv", "code,a_inw\n,12\nBU03440111,13\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  EXPECT_EQ(t.row_count(), 1u);
  ASSERT_EQ(t.skipped().size(), 1u);
}

TEST(TableSource, MissingFileAndUnreadableFormat) {
  EXPECT_THROW(io::read_table("/nonexistent/kwb.csv", keyed("code")), InputError);
  fs::path junk = fs::temp_directory_path() / "leefkaart_table_test" / "junk.xlsx";
  std::ofstream(junk) << "this is not a spreadsheet";
  EXPECT_THROW(io::read_table(junk.string(), keyed("code")), InputError);
}

namespace {
// The message of the InputError that `f` throws, or a test failure.
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}
void expect_all(const std::string& msg, const std::vector<std::string>& parts) {
  for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
}
}  // namespace

TEST(TableSource, NanInfinityAndHugeNumbersNameFileLineAndField) {
  auto p = write_file("nan.csv", "code,a_1p_hh,g_ink_pi\nBU03440111,NaN,30\nBU03440112,12,inf\nBU03440113,5,1e308\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  expect_all(error_of([&] { (void)t.number(0, t.field_index("a_1p_hh")); }),
             {"nan.csv", "line 2", "a_1p_hh", "'NaN'", "missing_values"});
  expect_all(error_of([&] { (void)t.number(1, t.field_index("g_ink_pi")); }), {"line 3", "g_ink_pi", "'inf'"});
  expect_all(error_of([&] { (void)t.number(2, t.field_index("g_ink_pi")); }), {"line 4", "g_ink_pi", "1e+308"});
}

TEST(TableSource, NanListedInMissingValuesIsMissing) {
  auto p = write_file("nan_missing.csv", "code,a_1p_hh\nBU03440111,NaN\n");
  io::TableReadOptions o = keyed("code");
  o.missing_markers.push_back("NaN");
  io::Table t = io::read_table(p.string(), o);
  EXPECT_FALSE(t.number(0, t.field_index("a_1p_hh")).has_value());
}

TEST(TableSource, ImpossibleValuesOfKnownColumnsAreRefused) {
  auto p = write_file("impossible.csv",
                      "code,a_inw,p_koopw,g_afs_hp\nBU03440111,-5,40,0.8\nBU03440112,1e23,140,-2\nGM0344,367947,50,1\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  expect_all(error_of([&] { (void)t.number(0, t.field_index("a_inw")); }),
             {"impossible.csv", "line 2", "a_inw", "-5 residents is impossible", "cannot be negative",
              "fix the table", "missing_values"});
  expect_all(error_of([&] { (void)t.number(1, t.field_index("a_inw")); }), {"line 3", "a_inw", "1e+23", "one buurt"});
  expect_all(error_of([&] { (void)t.number(1, t.field_index("p_koopw")); }), {"line 3", "p_koopw", "140", "between 0 and 100"});
  expect_all(error_of([&] { (void)t.number(1, t.field_index("g_afs_hp")); }), {"line 3", "g_afs_hp", "cannot be negative"});
  // The gemeente row of a kerncijfers table holds the whole city: plausible there.
  EXPECT_DOUBLE_EQ(*t.number(2, t.field_index("a_inw")), 367947);
}

TEST(TableSource, DerivedValuesAreCheckedForTheirRole) {
  auto p = write_file("derived.csv", "code,inwoners\nBU03440111,-100\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  const double v = *t.number(0, t.field_index("inwoners"));  // the name says nothing
  expect_all(error_of([&] { t.require_plausible(0, "inwoners", v, {cbs::Quantity::Residents, std::nullopt}); }),
             {"derived.csv", "line 2", "inwoners", "-100 residents is impossible"});
}

TEST(TableSource, ARowCutShortNamesItsLineAndTheFirstMissingColumn) {
  auto p = write_file("truncated.csv", "code,a_inw,afstand\nBU03440111,1200,0.8\nBU03440112,80");
  expect_all(error_of([&] { (void)io::read_table(p.string(), keyed("code")); }),
             {"truncated.csv", "line 3", "afstand", "cut off"});
}

TEST(TableSource, AQuoteLeftOpenAtTheEndIsACutOffFile) {
  auto p = write_file("open_quote.csv", "code,naam,a_inw\nBU03440111,\"Oost\",1200\nBU03440112,\"Wes");
  expect_all(error_of([&] { (void)io::read_table(p.string(), keyed("code")); }),
             {"open_quote.csv", "line 3", "never closed"});
}

TEST(TableSource, ARowWithTooManyValuesIsRefused) {
  // A decimal comma in a comma-separated file splits one value in two.
  auto p = write_file("long_row.csv", "code,a_inw,afstand\nBU03440111,1200,0,8\n");
  expect_all(error_of([&] { (void)io::read_table(p.string(), keyed("code")); }),
             {"long_row.csv", "line 2", "3 columns", "decimal comma"});
}

TEST(TableSource, LineNumbersCountBlankAndQuotedMultiLineRows) {
  auto p = write_file("lines.csv", "code,naam,a_inw\n\nBU03440111,\"twee\nregels\",10\nBU03440112,x,-1\n");
  io::Table t = io::read_table(p.string(), keyed("code"));
  expect_all(error_of([&] { (void)t.number(1, t.field_index("a_inw")); }), {"line 5", "a_inw"});
}

TEST(TableSource, AFileWithoutAFinalLineBreakIsReadWithAWarningNamingItsLastLine) {
  // "1." may be all that is left of "1.4": the number parses, so only the missing line break tells.
  auto p = write_file("no_newline.csv", "code,afstand\nBU03440111,0.8\nBU03440112,1.");
  io::Table t = io::read_table(p.string(), keyed("code"));
  ASSERT_EQ(t.warnings().size(), 1u);
  EXPECT_NE(t.warnings()[0].find("line 3"), std::string::npos) << t.warnings()[0];
  EXPECT_NE(t.warnings()[0].find("does not end with a line break"), std::string::npos) << t.warnings()[0];
  auto complete = write_file("with_newline.csv", "code,afstand\nBU03440111,0.8\n");
  EXPECT_TRUE(io::read_table(complete.string(), keyed("code")).warnings().empty());
}

TEST(TableSource, InfinityInARealColumnOfAGeoPackageIsRefusedToo) {
  // Not only CSV text: a typed column can hold infinity as a number. (SQLite
  // stores NaN as NULL, so in a GeoPackage NaN arrives as a missing value.)
  GDALAllRegister();
  const fs::path p = fs::temp_directory_path() / "leefkaart_table_test" / "real.gpkg";
  fs::create_directories(p.parent_path());
  fs::remove(p);
  GDALDataset* ds = GetGDALDriverManager()->GetDriverByName("GPKG")->Create(p.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  OGRLayer* layer = ds->CreateLayer("kwb", nullptr, wkbNone, nullptr);
  OGRFieldDefn code("code", OFTString), share("eenzaam", OFTReal);
  ASSERT_EQ(layer->CreateField(&code), OGRERR_NONE);
  ASSERT_EQ(layer->CreateField(&share), OGRERR_NONE);
  const std::vector<std::pair<const char*, double>> rows{{"BU03440111", 12.5},
                                                         {"BU03440112", std::numeric_limits<double>::quiet_NaN()},
                                                         {"BU03440113", std::numeric_limits<double>::infinity()}};
  for (const auto& [c, v] : rows) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("code", c);
    f.SetField("eenzaam", v);
    ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  }
  GDALClose(ds);
  io::Table t = io::read_table(p.string(), keyed("code"));
  EXPECT_DOUBLE_EQ(*t.number(0, t.field_index("eenzaam")), 12.5);
  EXPECT_FALSE(t.number(1, t.field_index("eenzaam")).has_value());
  expect_all(error_of([&] { (void)t.number(2, t.field_index("eenzaam")); }), {"real.gpkg", "row 3", "eenzaam", "NaN or infinity"});
}
