// The two CSV dialects: what Dutch Excel needs, and that both read back the same.
#include "io/csv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "io/output.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;

TEST(CsvNumber, NeverScientificAndKeepsFifteenDigits) {
  EXPECT_EQ(csv_number(2.5e-05, CsvDialect::Plain), "0.000025");
  EXPECT_EQ(csv_number(2.5e-05, CsvDialect::Excel), "0,000025");
  EXPECT_EQ(csv_number(1234567.0, CsvDialect::Plain), "1234567");
  EXPECT_EQ(csv_number(3.0e20, CsvDialect::Plain), "300000000000000000000");
  EXPECT_EQ(csv_number(0.1 + 0.2, CsvDialect::Plain), "0.3");  // 15 digits, as before
  EXPECT_EQ(csv_number(1.0 / 3.0, CsvDialect::Excel), "0,333333333333333");
  EXPECT_EQ(csv_number(-0.0, CsvDialect::Plain), "0");
  EXPECT_EQ(csv_number(-12.5, CsvDialect::Excel), "-12,5");
  EXPECT_EQ(csv_number(std::nan(""), CsvDialect::Plain), "");
}

TEST(CsvField, QuotedOnlyWhenItHoldsTheSeparatorAQuoteOrALineBreak) {
  std::string out;
  append_csv_field(out, "Mariëndaal, Oost", CsvDialect::Plain);
  EXPECT_EQ(out, "\"Mariëndaal, Oost\"");
  out.clear();
  append_csv_field(out, "Mariëndaal, Oost", CsvDialect::Excel);  // the comma is no separator there
  EXPECT_EQ(out, "Mariëndaal, Oost");
  out.clear();
  append_csv_field(out, "a;b \"c\"", CsvDialect::Excel);
  EXPECT_EQ(out, "\"a;b \"\"c\"\"\"");
}

class CsvFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("leefkaart_csv_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    layer.name = "buurten";
    layer.fields = {{"naam", FieldType::String}, {"pop", FieldType::Integer}, {"share", FieldType::Real}};
    layer.rows = {{std::string("Mariëndaal; \"Oost\""), 1205LL, 0.000025},
                  {std::string("Oog in Al"), Value(), -1.75},
                  {Value(), 0LL, Value()}};
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path dir;
  LayerData layer;
};

TEST_F(CsvFile, ExcelDialectHasBomSemicolonsAndDecimalCommas) {
  write_csv(dir / "b.csv", layer, CsvDialect::Excel);
  const std::string text = read(dir / "b.csv");
  EXPECT_EQ(text,
            "\xEF\xBB\xBFnaam;pop;share\r\n"
            "\"Mariëndaal; \"\"Oost\"\"\";1205;0,000025\r\n"
            "Oog in Al;;-1,75\r\n"
            ";0;\r\n");
}

TEST_F(CsvFile, PlainDialectIsCommaAndPointWithoutBom) {
  write_csv(dir / "b.csv", layer, CsvDialect::Plain);
  EXPECT_EQ(read(dir / "b.csv"),
            "naam,pop,share\n"
            "\"Mariëndaal; \"\"Oost\"\"\",1205,0.000025\n"
            "Oog in Al,,-1.75\n"
            ",0,\n");
}

TEST_F(CsvFile, BothDialectsReadBackToTheSameValues) {
  write_csv(dir / "plain.csv", layer, CsvDialect::Plain);
  write_csv(dir / "excel.csv", layer, CsvDialect::Excel);
  const CsvTable plain = read_csv(read(dir / "plain.csv"));
  const CsvTable excel = read_csv(read(dir / "excel.csv"));
  EXPECT_EQ(plain.dialect, CsvDialect::Plain);
  EXPECT_EQ(excel.dialect, CsvDialect::Excel);
  EXPECT_EQ(plain.header, (std::vector<std::string>{"naam", "pop", "share"}));
  EXPECT_EQ(excel.header, plain.header);
  EXPECT_EQ(excel.rows, plain.rows);
  ASSERT_EQ(plain.rows.size(), 3u);
  EXPECT_EQ(plain.rows[0][0], "Mariëndaal; \"Oost\"");
  EXPECT_EQ(plain.rows[0][2], "0.000025");
  EXPECT_EQ(plain.rows[1][1], std::nullopt);
  EXPECT_EQ(excel.rows[1][2], "-1.75");
}

TEST(CsvRead, ADecimalCommaInsideQuotesOrTextStaysAsWritten) {
  const CsvTable t = read_csv("\xEF\xBB\xBF" "a;b;c\r\n\"1,5\";1,5 km;12\r\n");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "1,5");     // quoted: text
  EXPECT_EQ(t.rows[0][1], "1,5 km");  // not a number
  EXPECT_EQ(t.rows[0][2], "12");
}

}  // namespace leefkaart::io

namespace leefkaart::io {
TEST(CsvRead, TextThatLooksLikeADecimalCommaNumberIsQuotedAndStaysText) {
  LayerData layer;
  layer.name = "t";
  layer.fields = {{"label", FieldType::String}, {"value", FieldType::Real}};
  layer.rows = {{std::string("1,5"), 1.5}};
  const fs::path p = fs::temp_directory_path() / ("leefkaart_csv_text_" + std::to_string(::getpid()) + ".csv");
  write_csv(p, layer, CsvDialect::Excel);
  std::ifstream in(p, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove(p);
  EXPECT_NE(text.find("\"1,5\";1,5"), std::string::npos) << text;
  const CsvTable t = read_csv(text);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "1,5");
  EXPECT_EQ(t.rows[0][1], "1.5");
}
}  // namespace leefkaart::io
