// The Basisset coverage table says, per entry of RIVM's Basisset, whether this
// map measures it (by which indicator and source) or why not. Here a template
// of four entries against a small config: one measured, one whose indicator has
// no source, one whose indicator is not in the config, one the template itself
// says has no source; then the config's overrides, and bad input.
#include "basisset/basisset.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"

namespace leefkaart::basisset {
namespace {
namespace fs = std::filesystem;

const char* kConfig = R"(title = "test"
[study_area]
file = "boundaries/x.geojson"
[tables.kwb]
file = "cbs/kwb.csv"
key = "buurtcode"
[population]
source = { table = "kwb", field = "a_inw" }
[[indicator]]
name = "afstand_voorzieningen"
label = "Afstand tot basisvoorzieningen"
source = { table = "kwb", fields = ["g_afs_hp", "g_afs_gs"], combine = "max" }
threshold = { rule = "absolute", value = 1.0 }
[[indicator]]
name = "geluid"
label = "Geluid"
not_supplied = "geen geluidskaart"
threshold = { rule = "absolute", value = 55 }
[basisset]
template = "./basisset.toml"
)";

const char* kTemplate = R"toml(title = "Basisset (proef)"
about = "Vier onderdelen."
[[entry]]
code = "voorzieningen"
name = "Voorzieningen in de buurt"
theme = "Voorzieningen"
perspective = "bevorderen"
inferred = ["theme", "perspective"]
source = "aankondiging 2025"
indicator = "afstand_voorzieningen"
[[entry]]
code = "geluid"
name = "Geluid"
theme = "Milieu"
perspective = "beschermen"
source = "aankondiging 2025"
indicator = "geluid"
[[entry]]
code = "groen"
name = "Groen"
theme = "Bewegen en ontspannen"
source = "aankondiging 2025"
indicator = "afstand_groen"
[[entry]]
code = "hitte"
name = "Verkoeling bij hitte"
theme = "Klimaat"
source = "aankondiging 2025"
not_supplied = "hittekaart niet aangeleverd"
)toml";

config::Config cfg() { return config::parse(kConfig, "stad.toml"); }
Spec spec(const std::string& extra = "") { return *parse_spec(std::string(kConfig) + extra, "stad.toml"); }
Template tpl() { return parse_template(kTemplate, "basisset.toml"); }

const Row& row(const Coverage& c, const std::string& code) {
  for (const Row& r : c.rows)
    if (r.entry.code == code) return r;
  throw std::runtime_error("no row " + code);
}

InputError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError({}, "");
}

}  // namespace

TEST(Basisset, TheTemplateListsEachEntryWithItsThemePerspectiveAndWhatWasInferred) {
  const Template t = tpl();
  ASSERT_EQ(t.entries.size(), 4u);
  EXPECT_EQ(t.entries[0].name, "Voorzieningen in de buurt");
  EXPECT_EQ(t.entries[0].perspective, "bevorderen");
  EXPECT_EQ(t.entries[0].inferred, (std::vector<std::string>{"theme", "perspective"}));
  EXPECT_EQ(t.entries[2].perspective, "");  // the source gave none
  EXPECT_EQ(t.entries[3].not_supplied, "hittekaart niet aangeleverd");
}

TEST(Basisset, AnEntryIsMeasuredOnlyByAnIndicatorOfThisConfigThatHasASource) {
  const Coverage c = cover(tpl(), spec(), cfg());
  ASSERT_EQ(c.rows.size(), 4u);
  EXPECT_EQ(c.supplied(), 1u);

  const Row& v = row(c, "voorzieningen");
  EXPECT_TRUE(v.supplied);
  EXPECT_EQ(v.indicator, "afstand_voorzieningen");
  EXPECT_EQ(v.indicator_label, "Afstand tot basisvoorzieningen");
  EXPECT_EQ(v.source, "tabel cbs/kwb.csv: (g_afs_hp max g_afs_gs)");

  // In the config, but without a source: the indicator's own reason.
  const Row& g = row(c, "geluid");
  EXPECT_FALSE(g.supplied);
  EXPECT_EQ(g.reason, "Geluid: geen geluidskaart");

  // Mapped by the template to an indicator this config does not have.
  const Row& groen = row(c, "groen");
  EXPECT_FALSE(groen.supplied);
  EXPECT_EQ(groen.reason, "de indicator ‘afstand_groen’ staat niet in deze configuratie");

  // The template's own reason.
  EXPECT_EQ(row(c, "hitte").reason, "hittekaart niet aangeleverd");
  for (const Row& r : c.rows) EXPECT_FALSE(r.overridden) << r.entry.code;
}

TEST(Basisset, TheConfigOverridesTheTemplatesMappingPerEntry) {
  const Coverage c = cover(tpl(), spec("[basisset.indicators]\nhitte = \"afstand_voorzieningen\"\n"
                                       "[basisset.not_supplied]\nvoorzieningen = \"eigen meting volgt in 2027\"\n"),
                           cfg());
  const Row& h = row(c, "hitte");
  EXPECT_TRUE(h.supplied);
  EXPECT_TRUE(h.overridden);
  EXPECT_EQ(h.indicator, "afstand_voorzieningen");
  const Row& v = row(c, "voorzieningen");
  EXPECT_FALSE(v.supplied);
  EXPECT_TRUE(v.overridden);
  EXPECT_EQ(v.reason, "eigen meting volgt in 2027");
  EXPECT_EQ(c.supplied(), 1u);
}

TEST(Basisset, AConfigWithoutBasissetHasNoCoverage) {
  std::string text = kConfig;
  text = text.substr(0, text.find("[basisset]"));
  EXPECT_FALSE(parse_spec(text, "stad.toml"));
  EXPECT_FALSE(load(config::parse(text, "stad.toml"), [](const std::string& f) { return f; }));
}

TEST(Basisset, AnOverrideOfAnUnknownCodeNamesTheConfigLineAndKey) {
  const InputError e = error_of([] { cover(tpl(), spec("[basisset.indicators]\nhite = \"afstand_voorzieningen\"\n"), cfg()); });
  EXPECT_EQ(e.location().file, "stad.toml");
  EXPECT_EQ(e.location().where, "line 22");
  EXPECT_EQ(e.location().field, "basisset.indicators.hite");
  EXPECT_NE(e.problem().find("did you mean 'hitte'"), std::string::npos) << e.problem();

  const InputError n = error_of([] { cover(tpl(), spec("[basisset.not_supplied]\nlucht = \"geen\"\n"), cfg()); });
  EXPECT_EQ(n.location().field, "basisset.not_supplied.lucht");
}

TEST(Basisset, AnOverrideToAnIndicatorThatDoesNotExistNamesTheConfigLineAndKey) {
  const InputError e = error_of([] { cover(tpl(), spec("[basisset.indicators]\ngroen = \"afstand_goren\"\n"), cfg()); });
  EXPECT_EQ(e.location().file, "stad.toml");
  EXPECT_EQ(e.location().where, "line 22");
  EXPECT_EQ(e.location().field, "basisset.indicators.groen");
  EXPECT_NE(e.problem().find("no [[indicator]] is named 'afstand_goren'"), std::string::npos) << e.problem();
}

TEST(Basisset, AnEntryBothMappedAndNotSuppliedInTheConfigIsRefused) {
  const InputError e = error_of([] {
    spec("[basisset.indicators]\ngroen = \"geluid\"\n[basisset.not_supplied]\ngroen = \"geen\"\n");
  });
  EXPECT_EQ(e.location().field, "basisset.not_supplied.groen");
  EXPECT_EQ(e.location().where, "line 24");
}

TEST(Basisset, AMissingTemplateNamesTheConfigLineOfTemplate) {
  const fs::path dir = fs::temp_directory_path() / "leefkaart_basisset_missing";
  fs::create_directories(dir);
  const fs::path config_file = dir / "stad.toml";
  std::ofstream(config_file) << kConfig;
  const config::Config c = config::load(config_file.string());
  const InputError e = error_of([&] { load(c, [&](const std::string& f) { return (dir / f).lexically_normal().string(); }); });
  EXPECT_EQ(e.location().file, config_file.string());
  EXPECT_EQ(e.location().where, "line 20");
  EXPECT_EQ(e.location().field, "basisset.template");
  EXPECT_NE(e.problem().find("basisset.toml is not found"), std::string::npos) << e.problem();

  // With the template beside it, the same config loads.
  std::ofstream(dir / "basisset.toml") << kTemplate;
  const auto cov = load(c, [&](const std::string& f) { return (dir / f).lexically_normal().string(); });
  ASSERT_TRUE(cov);
  EXPECT_EQ(cov->rows.size(), 4u);
  fs::remove_all(dir);
}

TEST(Basisset, ABadTemplateNamesItsFileLineAndKey) {
  auto bad = [](const std::string& from, const std::string& to) {
    std::string t = kTemplate;
    t.replace(t.find(from), from.size(), to);
    return error_of([&] { parse_template(t, "basisset.toml"); });
  };
  const InputError both = bad("not_supplied = \"hittekaart", "indicator = \"x\"\nnot_supplied = \"hittekaart");
  EXPECT_EQ(both.location().file, "basisset.toml");
  EXPECT_EQ(both.location().field, "entry[3].indicator");
  const InputError persp = bad("perspective = \"beschermen\"", "perspective = \"beschermn\"");
  EXPECT_EQ(persp.location().field, "entry[1].perspective");
  EXPECT_EQ(persp.location().where, "line 15");
  EXPECT_NE(persp.problem().find("did you mean 'beschermen'"), std::string::npos) << persp.problem();
  EXPECT_EQ(bad("code = \"groen\"", "code = \"geluid\"").location().field, "entry[2].code");
  EXPECT_EQ(bad("inferred = [\"theme\", \"perspective\"]", "inferred = [\"code\"]").location().field, "entry[0].inferred");
  EXPECT_EQ(bad("source = \"aankondiging 2025\"\nindicator = \"geluid\"", "bron = \"x\"\nindicator = \"geluid\"").location().field,
            "entry[1].source");
}

TEST(Basisset, TheManifestCarriesTheCoverageForTheReport) {
  const Coverage c = cover(tpl(), spec(), cfg());
  const Coverage back = from_json(to_json(c), "manifest.json");
  ASSERT_EQ(back.rows.size(), c.rows.size());
  EXPECT_EQ(back.title, "Basisset (proef)");
  EXPECT_EQ(back.supplied(), 1u);
  EXPECT_EQ(row(back, "voorzieningen").source, row(c, "voorzieningen").source);
  EXPECT_EQ(row(back, "groen").reason, row(c, "groen").reason);
  EXPECT_EQ(row(back, "voorzieningen").entry.inferred, (std::vector<std::string>{"theme", "perspective"}));
  EXPECT_EQ(to_json(c).at("not_supplied"), 3);
}

TEST(Basisset, CheckConfigListsTheMeasuredAndTheNotSuppliedEntries) {
  const std::string text = explain(cover(tpl(), spec(), cfg()));
  EXPECT_NE(text.find("1 of 4 entries measured by this configuration, 3 not supplied"), std::string::npos) << text;
  EXPECT_NE(text.find("Voorzieningen in de buurt (voorzieningen): Afstand tot basisvoorzieningen"), std::string::npos) << text;
  EXPECT_NE(text.find("Verkoeling bij hitte (hitte): hittekaart niet aangeleverd"), std::string::npos) << text;
  EXPECT_LT(text.find("measured (1)"), text.find("NOT SUPPLIED (3)"));
}

}  // namespace leefkaart::basisset
