#include "config/config.hpp"

#include <gtest/gtest.h>

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
