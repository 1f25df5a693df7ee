import { describe, expect, it } from "vitest";
import {
  regionChange, regionFigures, bandLabel, buurtField, changeClass, changeColour, changeLegend, CHANGE_COLOURS, groupsOf, hotspotField, isEarlyWarning, measures, neutralText,
  niceStep, reasonsOf, shareBreaks, shareColour, shareLegend, SHARE_COLOURS, signedPoints, snapshotsOf, yearsOf, zoneField, zoneLabel,
} from "./sorting";

describe("a sorting monitor's names from schema/sorting.json", () => {
  it("fills group, year and criterion into the field patterns", () => {
    expect(buurtField("share", { group: "moeite_rondkomen", year: 2020 })).toBe("aandeel_moeite_rondkomen_2020");
    expect(buurtField("change", { group: "moeite_rondkomen" })).toBe("verandering_moeite_rondkomen");
    expect(buurtField("reason", { criterion: "aandeel_steeg" })).toBe("reden_aandeel_steeg");
    expect(zoneField("dissimilarity", { group: "huur", year: 2016 })).toBe("dissimilariteit_huur_2016");
    expect(hotspotField("class", { group: "huur" })).toBe("hotspot_huur");
  });
  it("names zones and bands in Dutch and English", () => {
    expect(zoneLabel("stedelijke_rand", "nl")).toBe("Stedelijke rand");
    expect(zoneLabel("rest_regio", "en")).toBe("Rest of the region");
    expect(bandLabel("boven_80", "nl")).toBe("Meer dan 80 %");
    expect(bandLabel("about", "nl")).toBeNull();
  });
  it("defines every measure it shows, dissimilarity and isolation among them", () => {
    const keys = measures().map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(["dissimilarity", "isolation", "location_quotient", "percentage_points"]));
    for (const m of measures()) expect(m.text.length).toBeGreaterThan(20);
  });
  it("says that an early signal is no judgement of the buurt", () => {
    expect(neutralText("nl")).toMatch(/geen oordeel over de buurt/);
  });
});

describe("groups, snapshots and years", () => {
  it("reads the groups as names or as objects with labels", () => {
    expect(groupsOf({ groups: ["moeite_rondkomen"] })).toEqual([{ name: "moeite_rondkomen", label: "moeite_rondkomen" }]);
    expect(groupsOf({ groups: [{ name: "huur", label: "Sociale huur" }] })[0].label).toBe("Sociale huur");
    expect(groupsOf({ groups: { huur: { label: "Sociale huur" } } })[0]).toEqual({ name: "huur", label: "Sociale huur" });
    expect(groupsOf({})).toEqual([]);
  });
  it("reads the snapshots", () => {
    expect(snapshotsOf({ snapshots: [{ name: "ses_woa", label: "SES-WOA" }] })).toEqual([{ name: "ses_woa", label: "SES-WOA" }]);
  });
  it("finds a group's years in the features' own fields, not another group's", () => {
    const features = [
      { properties: { aandeel_huur_2016: 40, aandeel_huur_2020: 42, aandeel_huur_2020_tov_regio: 3, aandeel_moeite_rondkomen_2012: 9 } },
      { properties: { aandeel_huur_2024: null } },
    ];
    expect(yearsOf(features, "huur")).toEqual([2016, 2020, 2024]);
    expect(yearsOf(features, "moeite_rondkomen")).toEqual([2012]);
  });
});

describe("the change map, in percentage points", () => {
  it("classes around 'about the same', a break counting away from zero", () => {
    expect([-8, -5, -3, -2, -1.5, -1, -0.5, 0, 0.99, 1, 1.5, 2, 4.9, 5, 12].map(changeClass)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(changeClass(null)).toBeNull();
    expect(changeColour(8)).toBe(CHANGE_COLOURS[6]);
  });
  it("labels every class with its unit", () => {
    const legend = changeLegend("nl");
    expect(legend).toHaveLength(CHANGE_COLOURS.length);
    expect(legend[6].label).toBe("5 procentpunt of meer gestegen");
    expect(legend[3].label).toBe("minder dan 1 procentpunt veranderd");
    expect(changeLegend("en")[0].label).toBe("fell 5 percentage points or more");
  });
  it("writes a change with its sign, in Dutch numbers", () => {
    expect(signedPoints(8, "nl")).toBe("+8,0 procentpunt");
    expect(signedPoints(-2.25, "nl")).toBe("−2,3 procentpunt");
    expect(signedPoints(-0.01, "nl")).toBe("0,0 procentpunt");
  });
});

describe("the share map, in %", () => {
  it("steps in round numbers up to most buurten", () => {
    expect(niceStep(3.2)).toBe(5);
    expect(niceStep(0.18)).toBe(0.2);
    const values = Array.from({ length: 101 }, (_, i) => i * 0.3); // 0 to 30 %
    expect(shareBreaks(values)).toEqual([10, 20, 30, 40]);
    expect(shareColour(9.9, [10, 20, 30, 40])).toBe(SHARE_COLOURS[0]);
    expect(shareColour(45, [10, 20, 30, 40])).toBe(SHARE_COLOURS[4]);
  });
  it("labels the classes with %", () => {
    expect(shareLegend([10, 20, 30, 40], "nl").map((r) => r.label)).toEqual(["minder dan 10 %", "10 tot 20 %", "20 tot 30 %", "30 tot 40 %", "40 % of meer"]);
  });
});

describe("early warning", () => {
  it("gives the reason per criterion in the schema's order, leaving out criteria not met", () => {
    const p = { vroegsignaal: 1, reden_voorzieningen_verder: "supermarkt van 800 naar 1.200 m", reden_aandeel_steeg: "+8,0 procentpunt", reden_score_hoog: "" };
    expect(isEarlyWarning(p)).toBe(true);
    expect(reasonsOf(p, "nl")).toEqual([
      { criterion: "aandeel_steeg", label: "Aandeel kwetsbare bewoners steeg", reason: "+8,0 procentpunt" },
      { criterion: "voorzieningen_verder", label: "Voorzieningen verder weg", reason: "supermarkt van 800 naar 1.200 m" },
    ]);
    expect(isEarlyWarning({ vroegsignaal: 0 })).toBe(false);
  });
});

describe("the region's own figures", () => {
  it("reads the region's entry of the manifest's segregation, whatever it is called, and not a zone's", () => {
    const manifest = {
      segregation: { centrale_stad: { g: { "2020": { share: 20 } } }, regio: { g: { "2020": { share: 14.5, dissimilarity: 0.25, isolation: 0.19 } } } },
      groups: [{ name: "g", region_change_pp: 1.5 }],
    };
    expect(regionFigures(manifest)?.g["2020"]).toEqual({ share: 14.5, dissimilarity: 0.25, isolation: 0.19 });
    expect(regionChange(manifest, "g")).toBe(1.5);
    expect(regionFigures({})).toBeNull();
    expect(regionChange(manifest, "h")).toBeNull();
  });
});
