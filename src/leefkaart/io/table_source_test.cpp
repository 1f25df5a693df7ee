#include "io/table_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
