import { describe, expect, it } from "vitest";
import { manifest } from "./manifest.fixture";
import { aboutHtml, aboutModel, attributionOf, indicatorListHtml, sourcesOf, statusOf, yearsIn } from "./about";

describe("Over deze kaart", () => {
  const m = aboutModel(manifest, { gemeente: "Utrecht", timings: { firstPaintMs: 850, interactiveMs: 2400 } }, "nl");

  it("says of every indicator whether it counts, is shown only or is not supplied", () => {
    expect(m.indicators.map((i) => [i.name, i.status])).toEqual([
      ["eenzaamheid", "counted"], ["ses_proxy", "counted"], ["no2", "counted"], ["geluid", "not_supplied"], ["ouderen", "shown"], ["supermarkt", "shown"],
    ]);
    expect(m.indicators.find((i) => i.name === "ouderen")!.statusText).toMatch(/telt niet mee/);
    expect(m.score.join(" ")).toContain("Tellen mee (3): Eenzaamheid, Bijstand per 1000 inwoners (vervangt SES-WOA), Luchtkwaliteit (NO2).");
    expect(m.score.join(" ")).toContain("Niet aangeleverd (1): Geluid.");
    expect(m.score.join(" ")).toMatch(/van 0 \(op geen enkele\) tot 6/);
  });

  it("gives a missing indicator its reason, a proxy what it stands in for, each its rule and threshold", () => {
    const geluid = m.indicators.find((i) => i.name === "geluid")!;
    expect(geluid.reason).toBe("geen geluidskaart (Lden) in ../shared/data");
    expect(geluid.threshold).toBeUndefined(); // a missing indicator has no threshold on this map
    const ses = m.indicators.find((i) => i.name === "ses_proxy")!;
    expect(ses.proxy).toMatch(/^Vervangt SES-WOA: .*niet SES-WOA zelf/);
    expect(m.indicators.find((i) => i.name === "no2")!.rule).toBe("telt mee als de waarde hoger is dan 20,0 µg/m³ (een vaste norm)");
    expect(m.indicators.find((i) => i.name === "no2")!.threshold).toBe("20,0 µg/m³"); // with the indicator's decimals
    expect(m.indicators.find((i) => i.name === "eenzaamheid")!.threshold).toBe("14,3 %");
    expect(m.indicators.find((i) => i.name === "supermarkt")!.threshold).toMatch(/geen drempel/);
    expect(m.indicators.find((i) => i.name === "eenzaamheid")!.source).toBe("tabel gezondheid_wijk_buurt_2020_18plus.csv (Eenzaam_28)");
  });

  it("explains that thresholds set within the city make two cities' scores incomparable, naming those indicators", () => {
    const text = m.threshold.join(" ");
    expect(text).toContain("75e percentiel");
    expect(text).toContain("hangt de drempel af van Utrecht zelf bij: Eenzaamheid, Bijstand per 1000 inwoners (vervangt SES-WOA), Aandeel 65-plussers");
    expect(text).not.toMatch(/zelf bij:[^.]*Luchtkwaliteit/); // a fixed norm does not depend on the city
    expect(text).toMatch(/niet met elkaar te vergelijken/);
    // Only fixed norms: no such warning.
    const fixed = { ...manifest, indicators: manifest.indicators.filter((i) => i.name === "no2") };
    expect(aboutModel(fixed, { gemeente: "Utrecht" }, "nl").threshold.join(" ")).not.toMatch(/niet met elkaar te vergelijken/);
  });

  it("states the resolution caveat: the share of scored cells at their buurt's most common score", () => {
    expect(m.resolution[0]).toBe("De sociale gegevens bestaan alleen per buurt.");
    expect(m.resolution[1]).toMatch(/^90 % van de zeshoeken met een score heeft de score die in hun buurt het vaakst voorkomt/);
    const none = aboutModel({ ...manifest, resolution: { share_cells_at_buurt_mode: null } }, {}, "nl");
    expect(none.resolution).toEqual([]);
  });

  it("lists the sources with their years, what reads them, and each attribution once", () => {
    const sources = sourcesOf(manifest, "nl");
    expect(sources.map((s) => s.file)).toContain("cbs/utrecht_kwb_2025_buurt_subset.csv");
    const ggd = sources.find((s) => s.file.includes("gezondheid"))!;
    expect(ggd.years).toEqual(["2020"]);
    expect(ggd.indicators).toEqual(["Eenzaamheid"]);
    expect(ggd.attribution).toMatch(/GGD'en, CBS en RIVM/);
    // An indicator's file the inputs do not list (kwb2024) is still a source.
    expect(sources.find((s) => s.file === "cbs/utrecht_kwb_2024.csv")!.indicators).toEqual(["Aandeel 65-plussers"]);
    const attribution = attributionOf(manifest, "nl");
    expect(attribution).toEqual([
      "Bron: CBS (CC BY 4.0)",
      "Bron: GGD'en, CBS en RIVM, Gezondheidsmonitor Volwassenen en Ouderen",
      "Bron: RIVM, Grootschalige Concentratiekaarten Nederland (GCN)",
      "© OpenStreetMap-bijdragers (ODbL 1.0)",
    ]);
    expect(attributionOf({ inputs: [{ path: "/x/eigen_tabel.csv" }] }, "nl")).toEqual(["Bron: eigen_tabel.csv"]);
    expect(yearsIn("cbs/utrecht_kwb_2023.csv")).toEqual(["2023"]);
    expect(yearsIn("osm/liechtenstein-latest.osm.pbf")).toEqual([]);
  });

  it("keeps the grid definition and timings in the details, out of the plain text", () => {
    const details = Object.fromEntries(m.details);
    expect(details["Raster"]).toBe("pointy-top hexagons, edge 100 m");
    expect(details["Eerste beeld in de browser"]).toBe("850 ms");
    expect(details["Rekentijd van de berekening"]).toBe("12,5 s");
    const plain = [...m.score, ...m.threshold, ...m.resolution].join(" ");
    expect(plain).not.toMatch(/pointy|hexagon|axial|EPSG| ms\b/);
  });

  it("renders every indicator as a focusable section with its status, rule and source, and escapes the config's text", () => {
    const html = aboutHtml(m, "nl");
    for (const ind of manifest.indicators) expect(html).toContain(`id="about-ind-${ind.name}"`);
    expect(html).toContain("&lt;75e percentiel&gt;");
    expect(html).not.toContain("<75e");
    expect(html).toMatch(/<dd>geen geluidskaart \(Lden\)/); // the config's reason, in Dutch as written
    expect(html).toMatch(/<details><summary>Technische gegevens/);
    const list = indicatorListHtml(manifest, "nl");
    expect(list.match(/data-about="/g)).toHaveLength(manifest.indicators.length);
    expect(list).toContain('aria-label="Uitleg over Geluid"');
  });

  it("speaks English on request", () => {
    const en = aboutModel(manifest, { gemeente: "Utrecht" }, "en");
    expect(en.title).toBe("About this map");
    expect(en.indicators[0].label).toBe("Loneliness");
    expect(en.indicators[0].rule).toBe("flagged when the value is above the 75th percentile of inhabited cells");
    expect(statusOf(manifest.indicators[3])).toBe("not_supplied");
  });
});
