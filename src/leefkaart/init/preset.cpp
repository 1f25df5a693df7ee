#include "init/preset.hpp"

#include <fmt/format.h>


namespace leefkaart::init {

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

std::vector<std::string> match_report(const GemeentePlan& p) {
  std::vector<std::string> out;
  out.push_back(fmt::format("{} {} ({}): {} buurt polygons (2019), {} buurten in the CBS table 2025 ({:.0f} residents)",
                            p.ref.code, p.ref.name, p.ref.provincie_name, p.polygons, p.rows, p.residents));
  if (!p.merged_from.empty())
    out.push_back(fmt::format("  includes the former gemeente(n) {}", fmt::join(p.merged_from, ", ")));
  if (!p.buurten.empty())
    out.push_back(fmt::format("  {} polygon(s) of a former gemeente split over several successors go to the nearest "
                              "successor: {}",
                              p.buurten.size(), fmt::join(p.buurten, ", ")));
  const std::size_t polygons_without_row = p.polygons - p.polygons_with_row;
  if (p.rows_without_polygon > 0)
    out.push_back(fmt::format("  {} CBS buurten ({:.0f} residents) have no polygon (codes changed since 2019): their residents "
                              "are spread by area over the {} polygon(s) {}, marked inw_verdeeld = 1",
                              p.rows_without_polygon, p.residents_without_polygon,
                              polygons_without_row > 0 ? polygons_without_row : p.polygons,
                              polygons_without_row > 0 ? "without a CBS row" : "of the gemeente (each has a row)"));
  else if (polygons_without_row > 0)
    out.push_back(fmt::format("  {} polygon(s) have no CBS row and no unmatched residents to receive: they stay without residents",
                              polygons_without_row));
  if (p.polygons_with_ggd < p.polygons)
    out.push_back(fmt::format("  {} of {} polygons have no GGD 2020 estimate: their cells get no value for the GGD indicators",
                              p.polygons - p.polygons_with_ggd, p.polygons));
  return out;
}

namespace {

std::string names_of(const std::vector<GemeentePlan>& plans) {
  if (plans.size() > 6) return fmt::format("{} gemeenten", plans.size());
  std::vector<std::string> names;
  for (const auto& p : plans) names.push_back(p.ref.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

struct IndicatorText {
  const char* name;
  const char* label;
  const char* label_en;
  const char* field;
  const char* description;
  const char* description_en;
  int percentile;
  bool lower_is_worse;
  const char* proxy_for;
};

// The GGD Gezondheidsmonitor 2020 indicators every gemeente of the Netherlands has (RIVM small-area estimates).
const IndicatorText kGgd[] = {
    {"eenzaamheid", "Eenzaamheid", "Loneliness", "Eenzaam_28",
     "Aandeel volwassenen (18+) dat eenzaam is: 3 of hoger op de De Jong Gierveld-schaal (GGD Gezondheidsmonitor 2020, "
     "RIVM-modelschatting per buurt, 50090NED Eenzaam_28). Een modelschatting, geen telling.",
     "Share of adults (18+) who are lonely (De Jong Gierveld 3+; GGD Gezondheidsmonitor 2020, RIVM small-area estimate, "
     "50090NED Eenzaam_28). A model estimate, not a count.",
     75, false, ""},
    {"stress", "Stress", "Stress", "HeelVeelStressInAfgelopen4Weken_26",
     "Aandeel volwassenen (18+) met veel of heel veel stress in de afgelopen 4 weken (GGD Gezondheidsmonitor 2020, "
     "RIVM-modelschatting per buurt, 50090NED HeelVeelStressInAfgelopen4Weken_26).",
     "Share of adults (18+) with much or very much stress in the past 4 weeks (GGD Gezondheidsmonitor 2020, RIVM "
     "small-area estimate, 50090NED HeelVeelStressInAfgelopen4Weken_26).",
     75, false, ""},
    {"ervaren_gezondheid", "Ervaren gezondheid", "Perceived health", "ErvarenGezondheidGoedZeerGoed_4",
     "Aandeel volwassenen (18+) dat de eigen gezondheid goed of zeer goed noemt (GGD Gezondheidsmonitor 2020, "
     "RIVM-modelschatting per buurt, 50090NED ErvarenGezondheidGoedZeerGoed_4); lager is slechter.",
     "Share of adults (18+) rating their own health good or very good (GGD Gezondheidsmonitor 2020, RIVM small-area "
     "estimate, 50090NED ErvarenGezondheidGoedZeerGoed_4); lower is worse.",
     25, true, ""},
    {"moeite_met_rondkomen", "Moeite met rondkomen (vervangt SES-WOA)", "Difficulty making ends meet (stands in for SES-WOA)",
     "MoeiteMetRondkomen_38",
     "Aandeel volwassenen (18+) dat moeite heeft met rondkomen (GGD Gezondheidsmonitor 2020, RIVM-modelschatting per "
     "buurt, 50090NED MoeiteMetRondkomen_38). VERVANGER: staat voor de sociaaleconomische status (SES-WOA), die niet "
     "landelijk in de datamap zit.",
     "Share of adults (18+) who find it hard to make ends meet (GGD Gezondheidsmonitor 2020, RIVM small-area estimate, "
     "50090NED MoeiteMetRondkomen_38). PROXY: stands in for socio-economic status (SES-WOA), not in the data folder "
     "nationally.",
     75, false, "SES-WOA"},
};

}  // namespace

std::string preset_toml(const std::vector<GemeentePlan>& plans, const NationalFiles& f, const std::string& command_line) {
  std::string t;
  auto line = [&](const std::string& s) { t += s + "\n"; };
  line(fmt::format("# leefkaart preset: {}, written by `{}`", names_of(plans), command_line));
  line("# from the national open files in the data folder (--data, LEEFKAART_DATA or ../shared/data).");
  line("# Build its map with: leefkaart build --config THIS_FILE --out DIR");
  line("#");
  line("# What matched and what did not (the build says it again, per gemeente, in manifest.json");
  line("# under residents_by_gemeente and in its notes):");
  for (const auto& p : plans)
    for (const auto& l : match_report(p)) line("#   " + l);
  line("#");
  line("# Rule for changed codes: the polygons are of 2019, the residents of 2025. A 2025 buurt");
  line("# whose code has no polygon gives its residents to its gemeente's polygons that have no");
  line("# 2025 row, by area (with none, to all the gemeente's polygons), so each gemeente keeps its");
  line("# CBS total; those buurten carry inw_verdeeld = 1. The polygons are coarse (about 150 m at");
  line("# the edges): a map for overview and comparison, not for one street.");
  line("");
  line(fmt::format("title = {}", toml_string(fmt::format(
                                      "Gezondheidskaart {} (open data: CBS kerncijfers 2025, GGD Gezondheidsmonitor 2020, RIVM GCN 2021)",
                                      plans.size() > 6 ? "Nederland" : names_of(plans)))));
  line("");
  line("[grid]");
  line("size = 100                # 100 m edge, as the Eindhoven map (2.6 ha per cell)");
  line("size_definition = \"edge\"");
  line("cover = \"centre\"          # a cell belongs to the map when its centre lies inside a buurt");
  line("");
  line("[study_area]");
  line(fmt::format("file = {}   # CBS buurten about 2019, every gemeente of NL", toml_string(f.polygons)));
  line(fmt::format("crs = {}", toml_string(f.polygons_crs)));
  line(fmt::format("code_field = {}", toml_string(f.polygon_code_field)));
  line("name_field = \"\"            # the national file has codes only: names from the CBS table");
  line("names = { table = \"kwb2025\", field = \"buurtnaam\" }");
  line("");
  line("[tables.kwb2025]");
  line(fmt::format("file = {}", toml_string(f.kwb)));
  line(fmt::format("key = {}", toml_string(f.kwb_key)));
  line("");
  line("# GGD Gezondheidsmonitor Volwassenen en Ouderen 2020, 18+, RIVM small-area estimates for every buurt (2020 codes).");
  line("[tables.ggd2020]");
  line(fmt::format("file = {}", toml_string(f.ggd)));
  line(fmt::format("key = {}", toml_string(f.ggd_key)));
  line("");
  line("# RIVM GCN 2021: NO2 annual mean, 1 km pixels, RD New (the .asc has no .prj).");
  line("[rasters.no2_2021]");
  line(fmt::format("file = {}", toml_string(f.no2)));
  line("crs = \"EPSG:28992\"");
  line("interpolation = \"bilinear\"");
  line("");
  line("[population]");
  line("source = { table = \"kwb2025\", field = \"a_inw\" }   # residents per buurt, 2025");
  line("spread_unmatched = \"area\"                          # the rule above");
  line("");
  line("[privacy]");
  line("min_residents = 5");
  line("");
  line("[masking]");
  line("min_difference = 1.0");
  line("min_residents = 100");
  for (const auto& p : plans) {
    line("");
    line("[[gemeente]]");
    line(fmt::format("code = {}", toml_string(p.ref.code)));
    line(fmt::format("name = {}", toml_string(p.ref.name)));
    line(fmt::format("provincie = {}", toml_string(p.ref.provincie)));
    line(fmt::format("provincie_name = {}", toml_string(p.ref.provincie_name)));
    std::vector<std::string> q;
    for (const auto& pre : p.buurt_prefixes) q.push_back(toml_string(pre));
    line(fmt::format("buurt_prefixes = [{}]", fmt::join(q, ", ")));
    if (!p.buurten.empty()) {
      q.clear();
      for (const auto& b : p.buurten) q.push_back(toml_string(b));
      line(fmt::format("buurten = [{}]   # from a former gemeente split over several successors", fmt::join(q, ", ")));
    }
  }
  line("");
  line("# Thresholds: the social indicators are flagged against the percentile of the inhabited");
  line("# cells of THIS map (so a map of several gemeenten compares them with each other); NO2");
  line("# against the EU annual limit value from 2030.");
  for (const auto& ind : kGgd) {
    line("");
    line("[[indicator]]");
    line(fmt::format("name = {}", toml_string(ind.name)));
    line(fmt::format("label = {}", toml_string(ind.label)));
    line(fmt::format("label_en = {}", toml_string(ind.label_en)));
    if (*ind.proxy_for) line(fmt::format("proxy_for = {}", toml_string(ind.proxy_for)));
    line(fmt::format("description = {}", toml_string(ind.description)));
    line(fmt::format("description_en = {}", toml_string(ind.description_en)));
    line("kind = \"social\"");
    line("unit = \"%\"");
    line("decimals = 1");
    line(fmt::format("source = {{ table = \"ggd2020\", field = {} }}", toml_string(ind.field)));
    line(fmt::format("threshold = {{ rule = \"percentile\", value = {} }}", ind.percentile));
    line(fmt::format("direction = \"{}\"", ind.lower_is_worse ? "lower_is_worse" : "higher_is_worse"));
  }
  line("");
  line("[[indicator]]");
  line("name = \"no2\"");
  line("label = \"Luchtkwaliteit (NO2)\"");
  line("label_en = \"Air quality (NO2)\"");
  line(fmt::format("description = {}",
                   toml_string("Jaargemiddelde NO2-concentratie 2021, µg/m³ (RIVM GCN conc_no2_2021, pixels van 1 km, "
                               "zonder de bijdrage van lokale straten), bilineair geïnterpoleerd. Telt mee boven 20 µg/m³, "
                               "de EU-jaargrenswaarde vanaf 2030 (Richtlijn (EU) 2024/2881).")));
  line(fmt::format("description_en = {}",
                   toml_string("Annual mean NO2 concentration 2021, µg/m³ (RIVM GCN conc_no2_2021, 1 km pixels, local "
                               "streets not included), interpolated bilinearly. Flagged above 20 µg/m³, the EU annual "
                               "limit value from 2030 (Directive (EU) 2024/2881).")));
  line("kind = \"spatial\"");
  line("unit = \"µg/m³\"");
  line("decimals = 1");
  line("source = { raster = \"no2_2021\", range = [0, 200] }");
  line("threshold = { rule = \"absolute\", value = 20 }");
  return t;
}

}  // namespace leefkaart::init
