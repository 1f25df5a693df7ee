// The workbook is read back by GDAL's XLSX driver (sheets, headers, numbers
// as numbers) and its sheet XML is opened from the zip (frozen header, filter).
#include "io/xlsx_writer.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>

namespace leefkaart::io {
namespace fs = std::filesystem;

namespace {
std::string zip_member(const fs::path& zip, const std::string& member) {
  const std::string p = "/vsizip/" + zip.string() + "/" + member;
  VSILFILE* f = VSIFOpenL(p.c_str(), "rb");
  if (!f) return {};
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  VSIFCloseL(f);
  return out;
}
}  // namespace

class Xlsx : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("leefkaart_xlsx_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    buurten.name = "buurten";
    buurten.fields = {{"naam", FieldType::String, "Naam"},
                      {"pop", FieldType::Integer, "Inwoners"},
                      {"mean_score", FieldType::Real, "Gemiddelde score"}};
    buurten.rows = {{std::string("Mariëndaal"), 1205LL, 2.25}, {std::string("Oog in Al"), 3400LL, Value()}};
    masking.name = "masking";
    masking.fields = {{"code", FieldType::String}, {"difference", FieldType::Real}};
    masking.rows = {{std::string("BU03440101"), 0.000025}};
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
  LayerData buurten, masking;
};

TEST_F(Xlsx, OneSheetPerTableWithAliasHeadersAndNumbersAsNumbers) {
  const fs::path file = dir / "leefkaart.xlsx";
  write_xlsx(file, {{"buurten", &buurten}, {"masking", &masking}});
  GDALAllRegister();
  const char* const drivers[] = {"XLSX", nullptr};
  const char* const open_options[] = {"HEADERS=FORCE", "FIELD_TYPES=AUTO", nullptr};
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR, drivers, open_options, nullptr));
  ASSERT_TRUE(ds);
  ASSERT_EQ(ds->GetLayerCount(), 2);
  OGRLayer* b = ds->GetLayerByName("buurten");
  ASSERT_TRUE(b);
  OGRFeatureDefn* defn = b->GetLayerDefn();
  ASSERT_EQ(defn->GetFieldCount(), 3);
  EXPECT_STREQ(defn->GetFieldDefn(0)->GetNameRef(), "Naam");
  EXPECT_STREQ(defn->GetFieldDefn(1)->GetNameRef(), "Inwoners");
  EXPECT_STREQ(defn->GetFieldDefn(2)->GetNameRef(), "Gemiddelde score");
  EXPECT_EQ(defn->GetFieldDefn(0)->GetType(), OFTString);
  EXPECT_EQ(defn->GetFieldDefn(1)->GetType(), OFTInteger);  // stored as a number, not as text
  EXPECT_EQ(defn->GetFieldDefn(2)->GetType(), OFTReal);
  std::vector<std::string> names;
  std::vector<long long> pops;
  int empty_scores = 0;
  for (auto& f : *b) {
    names.push_back(f->GetFieldAsString(0));
    pops.push_back(f->GetFieldAsInteger64(1));
    if (!f->IsFieldSetAndNotNull(2)) ++empty_scores;
    else EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(2), 2.25);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Mariëndaal", "Oog in Al"}));
  EXPECT_EQ(pops, (std::vector<long long>{1205, 3400}));
  EXPECT_EQ(empty_scores, 1);  // a missing value stays an empty cell, never 0
  OGRLayer* m = ds->GetLayerByName("masking");
  ASSERT_TRUE(m);
  EXPECT_STREQ(m->GetLayerDefn()->GetFieldDefn(0)->GetNameRef(), "code");  // no alias: the field name
  std::unique_ptr<OGRFeature> f(m->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(1), 0.000025);
}

TEST_F(Xlsx, HeaderRowIsFrozenAndFiltered) {
  const fs::path file = dir / "leefkaart.xlsx";
  write_xlsx(file, {{"buurten", &buurten}, {"masking", &masking}});
  const std::string sheet1 = zip_member(file, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet1.empty());
  EXPECT_NE(sheet1.find("state=\"frozen\""), std::string::npos) << sheet1;
  EXPECT_NE(sheet1.find("topLeftCell=\"A2\""), std::string::npos);
  EXPECT_NE(sheet1.find("<autoFilter ref=\"A1:C3\""), std::string::npos) << sheet1;
  EXPECT_NE(zip_member(file, "xl/worksheets/sheet2.xml").find("<autoFilter ref=\"A1:B2\""), std::string::npos);
}

TEST_F(Xlsx, ATextLongerThanACellHoldsIsCutNotFatal) {
  LayerData long_text;
  long_text.name = "gemeente";
  long_text.fields = {{"status_reden", FieldType::String}};
  std::string text;
  while (text.size() < 40000) text += "Mariëndaal, ";
  long_text.rows = {{text}};
  const fs::path file = dir / "long.xlsx";
  ASSERT_NO_THROW(write_xlsx(file, {{"gemeente", &long_text}}));
  // The cell's text as stored (an inline string of the second row).
  const std::string sheet = zip_member(file, "xl/worksheets/sheet1.xml");
  const std::size_t cell = sheet.find("r=\"A2\"");
  ASSERT_NE(cell, std::string::npos) << sheet.substr(0, 2000);
  const std::size_t open = sheet.find('>', sheet.find("<t", sheet.find("<is>", cell))) + 1;
  const std::string stored = sheet.substr(open, sheet.find("</t>", open) - open);
  EXPECT_LE(stored.size(), 32767u);
  EXPECT_GT(stored.size(), 32000u);
  EXPECT_EQ(stored.substr(stored.size() - 3), "...");
  EXPECT_EQ(stored.substr(0, 20), text.substr(0, 20));
}

TEST_F(Xlsx, RefusesASheetNameExcelWouldRefuse) {
  EXPECT_THROW(write_xlsx(dir / "x.xlsx", {{"buurten/wijken", &buurten}}), std::invalid_argument);
  EXPECT_THROW(write_xlsx(dir / "x.xlsx", {{std::string(32, 'a'), &buurten}}), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir / "x.xlsx"));
}

}  // namespace leefkaart::io
