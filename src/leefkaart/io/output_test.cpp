// Output layers keep every value as given: integers are 64-bit in every format.
#include "io/output.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>

namespace leefkaart::io {
namespace fs = std::filesystem;

TEST(Output, IntegersBeyond32BitsSurviveEveryFormat) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_output_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  LayerData layer;
  layer.name = "nl";
  layer.fields = {{"residents_times_cells", FieldType::Integer}};
  layer.rows = {{5'000'000'123LL}, {-3'000'000'000LL}};
  write_csv(dir / "nl.csv", layer);
  write_geopackage(dir / "nl.gpkg", {&layer});
  GDALAllRegister();
  for (const char* file : {"nl.csv", "nl.gpkg"}) {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open((dir / file).c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds) << file;
    OGRLayer* l = ds->GetLayer(0);
    std::vector<long long> read;
    for (auto& f : *l) read.push_back(f->GetFieldAsInteger64(0));
    EXPECT_EQ(read, (std::vector<long long>{5'000'000'123LL, -3'000'000'000LL})) << file;
  }
  fs::remove_all(dir);
}

}  // namespace leefkaart::io
