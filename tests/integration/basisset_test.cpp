// The Basisset coverage end to end: `check-config` lists which entries of
// RIVM's Basisset the map measures and which not, the build writes the same
// table into its manifest, the report shows it; a wrong override is refused
// with the config's file, line and key, and nothing is written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture_city.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;

namespace {

// Two entries: one the fixture's `afstand` measures, one the template says is not supplied.
const char* kTemplate = R"toml(title = "Basisset (proef)"
[[entry]]
code = "voorzieningen"
name = "Voorzieningen in de buurt"
theme = "Voorzieningen"
perspective = "bevorderen"
source = "aankondiging 2025"
indicator = "afstand"
[[entry]]
code = "hitte"
name = "Verkoeling bij hitte"
theme = "Klimaat"
source = "aankondiging 2025"
not_supplied = "hittekaart niet aangeleverd"
)toml";

struct City : FixtureCity {
  explicit City(const std::string& name, const std::string& overrides = "") : FixtureCity("basisset_" + name) {
    write_text(dir / "basisset.toml", kTemplate);
    write_text(dir / "config.toml", read_text(dir / "config.toml") + "[basisset]\ntemplate = \"./basisset.toml\"\n" + overrides);
  }
};

}  // namespace

TEST(Basisset, CheckConfigListsTheMeasuredAndTheNotSuppliedEntries) {
  City c("check_config");
  const CliResult r = run_cli("check-config '" + (c.dir / "config.toml").string() + "' --data '" + c.dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Basisset (proef)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 of 2 entries measured by this configuration, 1 not supplied"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Voorzieningen in de buurt (voorzieningen): Afstand (afstand), tabel ./kwb.csv: afstand"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Verkoeling bij hitte (hitte): hittekaart niet aangeleverd"), std::string::npos) << r.output;
}

TEST(Basisset, TheBuildWritesTheCoverageIntoItsManifest) {
  City c("build", "[basisset.not_supplied]\nvoorzieningen = \"eigen meting volgt\"\n");
  const CliResult r = c.build();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto manifest = nlohmann::json::parse(read_text(c.out / "manifest.json"));
  ASSERT_TRUE(manifest.contains("basisset")) << manifest.dump(1);
  const auto& b = manifest["basisset"];
  EXPECT_EQ(b["supplied"], 0);
  EXPECT_EQ(b["not_supplied"], 2);
  EXPECT_EQ(b["entries"][0]["not_supplied"], "eigen meting volgt");
  EXPECT_TRUE(b["entries"][0]["overridden"].get<bool>());
  // The template is an input of the build, with its checksum.
  bool listed = false;
  for (const auto& in : manifest["inputs"])
    if (in.dump().find("basisset.toml") != std::string::npos) listed = true;
  EXPECT_TRUE(listed) << manifest["inputs"].dump(1);

  const fs::path report = c.dir / "rapport";
  const CliResult rep = run_cli("report --build '" + c.out.string() + "' --out '" + report.string() + "'");
  ASSERT_EQ(rep.exit_code, 0) << rep.output;
  const std::string html = read_text(report / "index.html");
  EXPECT_NE(html.find("Basisset Gezonde Leefomgeving: wat deze kaart meet en wat niet"), std::string::npos);
  EXPECT_NE(html.find("<strong>Niet gemeten</strong>: eigen meting volgt"), std::string::npos) << html;
}

TEST(Basisset, AnOverrideOfAnUnknownEntryIsRefusedWithTheConfigLineAndKey) {
  City c("unknown_code", "[basisset.indicators]\nhite = \"afstand\"\n");
  expect_clean_failure(c, {"config.toml", "basisset.indicators.hite", "did you mean 'hitte'"});
}

TEST(Basisset, AnOverrideToAMissingIndicatorIsRefused) {
  City c("unknown_indicator", "[basisset.indicators]\nhitte = \"hittestress\"\n");
  expect_clean_failure(c, {"config.toml", "basisset.indicators.hitte", "no [[indicator]] is named 'hittestress'"});
  const CliResult r = run_cli("check-config '" + (c.dir / "config.toml").string() + "' --data '" + c.dir.string() + "'");
  EXPECT_NE(r.exit_code, 0) << r.output;
}

TEST(Basisset, AMissingTemplateIsRefusedWithTheConfigLine) {
  City c("missing_template");
  fs::remove(c.dir / "basisset.toml");
  expect_clean_failure(c, {"config.toml", "basisset.template", "not found"});
}
