import { describe, expect, it } from "vitest";
import { areaRows, firstDirection, residentsWithScore, sortRows, tableHtml } from "./areas";

// Four buurten as `leefkaart build` writes them (field names from schema/build.json).
const buurt = (code: string, naam: string, mean: number | null, pop: number | null, gain: number | null, extra = {}) =>
  ({ type: "Feature" as const, geometry: null, properties: { code, naam, mean_score: mean, pop, pop_x_score: gain, share_score_ge_3: mean === null ? null : mean / 6, status: mean === null ? "gegevens_ontbreken" : "score", ...extra } });
const features = [
  buurt("BU1", "Oog in Al", 1.2, 2400, 2880),
  buurt("BU2", "Kanaleneiland-Zuid", 3.4, 5200, 17680, { masked: 1, driver_1: "eenzaamheid", share_flagged_eenzaamheid: 0.61 }),
  buurt("BU3", "Beemden", null, null, null),
  buurt("BU4", "Lunetten", 1.2, 7100, 8520),
];
const indicators = [{ name: "eenzaamheid", label: "Eenzaamheid", supplied: true, in_score: true, threshold: 45 }];
const rows = areaRows(features, indicators, 3, "nl");
const names = (rs: typeof rows) => rs.map((r) => r.name);

describe("the area table", () => {
  it("ranks by health to gain, most first, unknowns last", () => {
    expect(names(sortRows(rows, "gain", "descending"))).toEqual(["Kanaleneiland-Zuid", "Lunetten", "Oog in Al", "Beemden"]);
    expect(names(sortRows(rows, "gain", "ascending"))).toEqual(["Oog in Al", "Lunetten", "Kanaleneiland-Zuid", "Beemden"]);
  });
  it("breaks ties by name and sorts names the Dutch way", () => {
    expect(names(sortRows(rows, "mean", "descending"))).toEqual(["Kanaleneiland-Zuid", "Lunetten", "Oog in Al", "Beemden"]);
    expect(names(sortRows(rows, "name", "ascending"))).toEqual(["Beemden", "Kanaleneiland-Zuid", "Lunetten", "Oog in Al"]);
    expect(firstDirection("name")).toBe("ascending");
    expect(firstDirection("gain")).toBe("descending");
  });
  it("leaves the rows it is given in their order", () => {
    sortRows(rows, "pop", "descending");
    expect(names(rows)).toEqual(["Oog in Al", "Kanaleneiland-Zuid", "Beemden", "Lunetten"]);
  });
  it("says why an area has no score and never writes 0 residents for a missing figure", () => {
    const html = tableHtml(sortRows(rows, "gain", "descending"), "gain", "descending", 3, "Buurten", "nl");
    expect(html).toContain('aria-sort="descending"');
    expect(html.match(/aria-sort/g)).toHaveLength(1);
    expect(html).toContain("<td>Gegevens ontbreken</td><td>—</td><td>onbekend</td>");
    expect(html).toContain("Eenzaamheid: 61 %");
    expect(html).toContain("<td>17.680</td>");
    expect(html).toContain("<td>5.200</td>");
    expect(html).toContain("Verborgen in wijk");
    expect(tableHtml(rows, "gain", "descending", 3, "Wijken", "nl", false)).not.toContain("Verborgen in wijk");
  });
  it("marks the areas the register's filter picked with a word, not only a colour", () => {
    const html = tableHtml(rows, "gain", "descending", 3, "Buurten", "nl", true, new Set(["BU2"]));
    expect(html.match(/has-intervention/g)).toHaveLength(1);
    expect(html).toContain('<tr data-code="BU2" class="has-intervention">');
    expect(html).toContain("Kanaleneiland-Zuid</button> <span class=\"mark-word\">(interventie)</span>");
    expect(tableHtml(rows, "gain", "descending", 3, "Buurten", "nl")).not.toContain("interventie");
  });
});

describe("residents per score in the legend", () => {
  const gemeente = (pops: Record<number, number>) =>
    ({ type: "Feature" as const, geometry: null, properties: Object.fromEntries(Object.entries(pops).map(([s, n]) => [`pop_score_${s}`, n])) }) as any;
  it("adds up every gemeente of a build, not only the first", () => {
    expect(residentsWithScore([gemeente({ 3: 1200 }), gemeente({ 3: 800 })], 3, "nl")).toBe("2.000 inwoners");
  });
  it("says 'ten minste' when a gemeente left the score out below the privacy minimum", () => {
    expect(residentsWithScore([gemeente({ 3: 1200 }), gemeente({})], 3, "nl")).toBe("ten minste 1.200 inwoners");
  });
  it("keeps a city's 'minder dan 5' when its only gemeente left the score out", () => {
    expect(residentsWithScore([gemeente({})], 5, "nl")).toBe("minder dan 5 inwoners");
  });
});
