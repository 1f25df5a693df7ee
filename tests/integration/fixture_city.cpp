#include "fixture_city.hpp"

#include <gtest/gtest.h>

namespace leefkaart::testing {
namespace fs = std::filesystem;

std::string square(double x0, double y0, double size) {
  return "[[[" + std::to_string(x0) + "," + std::to_string(y0) + "],[" + std::to_string(x0 + size) + "," +
         std::to_string(y0) + "],[" + std::to_string(x0 + size) + "," + std::to_string(y0 + size) + "],[" +
         std::to_string(x0) + "," + std::to_string(y0 + size) + "],[" + std::to_string(x0) + "," + std::to_string(y0) +
         "]]]";
}

std::string feature(const std::string& code, const std::string& coordinates, const std::string& type) {
  return R"({"type":"Feature","properties":{"statcode":")" + code + R"(","statnaam":"Buurt )" + code +
         R"("},"geometry":{"type":")" + type + R"(","coordinates":)" + coordinates + "}}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

const char* const kFixtureCityConfig = R"(title = "fixture"
[grid]
size = 100
[study_area]
file = "./buurten.geojson"
[tables.kwb]
file = "./kwb.csv"
key = "code"
[population]
source = { table = "kwb", field = "a_inw" }
[masking]
min_difference = 1.0
[[indicator]]
name = "afstand"
label = "Afstand"
source = { table = "kwb", field = "afstand" }
threshold = { rule = "absolute", value = 1.0 }
[[indicator]]
name = "dichtheid"
transfer = "extensive"
transform = "per_m2"
source = { table = "kwb", field = "a_inw" }
threshold = { rule = "percentile", value = 75 }
)";

FixtureCity::FixtureCity(const std::string& name) : dir(fresh_dir(name)), out(dir / "out") {
  write_text(dir / "buurten.geojson", collection({feature("BU09990001", square(100000, 400000, 2000)),
                                                   feature("BU09990002", square(102000, 400000, 2000))}));
  write_text(dir / "kwb.csv", "code,a_inw,afstand\nBU09990001,1200,0.8\nBU09990002,800,1.4\n");
  write_text(dir / "config.toml", kFixtureCityConfig);
}

void FixtureCity::replace_in(const std::string& file, const std::string& from, const std::string& to) {
  std::string text = read_text(dir / file);
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  write_text(dir / file, text);
}

void expect_clean_failure(const FixtureCity& c, const std::vector<std::string>& fragments) {
  expect_clean_failure(c.build(), c.out, fragments);
}

}  // namespace leefkaart::testing
