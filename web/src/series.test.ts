import { describe, expect, it } from "vitest";
import schema from "../../schema/series.json";
import { hexToRgba } from "./colors";
import {
  CHANGE_COLOURS, areaField, maxScoreOf, cellField, cellScores, changeClass, changeLegend, changeOf, changeWords, fillPattern, flipText, parseFlips,
  programmeAreas, readSeries, signed, tableOf, tablePath, trendSeries, trendText, yearSources, type ChangeClass,
} from "./series";

// A hand-made series of three years, as `leefkaart series` writes it (fields named by schema/series.json).
const manifest = {
  tool: "leefkaart",
  command: "series",
  years: [2020, 2016, 2024],
  base_year: 2016,
  thresholds: { mode: "base_year", comparable_over_time: true, note: "base year thresholds" },
  per_year: [
    { year: 2016, max_score: 4, indicators: [] },
    { year: 2020, max_score: 5, indicators: [] },
  ],
  programme: { name: "krachtwijken", baseline_year: 2016, follow_up_years: [2020], focus: ["BU1", "BU2"], controls: ["BU3", "BU9990101"], warnings: [] },
};
const cell = {
  cell_id: "q1r2", buurt_code: "BU1",
  score_2016: 3, score_2020: null, score_2024: 1,
  comparable_2020: 0, change_2020: null, why_not_comparable_2020: "incomplete in 2020: stress missing",
  comparable_2024: 1, change_2024: -2, flips_2024: "stress 1→0; no2 1→0", flips_2020: null,
};
const buurt = { code: "BU1", naam: "Eén", mean_score_2016: 2.5, mean_score_2020: null, mean_score_2024: 2.1, change_2024: -0.4, comparable_2024: 1 };

describe("names from schema/series.json", () => {
  it("fills a year, an indicator and a score into the patterns", () => {
    expect(cellField("score", { year: 2020 })).toBe("score_2020");
    expect(cellField("flag", { name: "stress", year: 2016 })).toBe("ind_stress_2016");
    expect(cellField("not_comparable_reason", { year: 2024 })).toBe("why_not_comparable_2024");
    expect(areaField("pop_per_score", { score: 3, year: 2016 })).toBe("pop_score_3_2016");
    expect(areaField("slope")).toBe("slope_per_year");
    expect(tablePath("programme_comparison")).toBe("api/series/programme_comparison");
  });
  it("refuses a pattern whose placeholder is not given, instead of writing 'undefined'", () => {
    expect(() => fillPattern(schema.cell_fields.score, {})).toThrow(/no value for \{year\}/);
  });
  it("reads the manifest by the schema's keys, years in order", () => {
    const info = readSeries(manifest);
    expect(info.years).toEqual([2016, 2020, 2024]);
    expect(info.baseYear).toBe(2016);
    expect(info.thresholds.comparable_over_time).toBe(true);
    expect(info.programme?.focus).toEqual(["BU1", "BU2"]);
    expect(maxScoreOf(info, 2020, 6)).toBe(5); // a year with its own maximum
    expect(maxScoreOf(info, 2024, 6)).toBe(6); // else the manifest's
    expect(() => readSeries({ command: "series" })).toThrow(/"years" is not a list of years/);
  });
});

describe("what a year is made of", () => {
  it("names the indicators carried from an earlier year or left out", () => {
    const info = readSeries({ ...manifest, per_year: [{ year: 2020, max_score: 3, population_year: 2016, population_carried: true, indicators: [
      { name: "stress", supplied: true, source_year: 2016, carried: true, threshold: 0.3 },
      { name: "no2", supplied: false, source_year: null, carried: false, threshold: null },
      { name: "dichtheid", supplied: true, source_year: 2020, carried: false, threshold: 0.006 },
    ] }] });
    const indicators = [{ name: "stress", label: "Stress", supplied: true, in_score: true, threshold: null }];
    expect(yearSources(info, 2020, indicators, "nl")).toEqual([
      "Inwoners: gegevens uit 2016 (doorgeschoven)", "Stress: gegevens uit 2016 (doorgeschoven)", "no2: ontbreekt dit jaar (niet meegeteld)",
    ]);
    expect(yearSources(info, 2024, indicators, "nl")).toEqual([]);
    // An indicator the base year lacks as well is no news in a later year.
    const withBase = readSeries({ ...manifest, per_year: [
      { year: 2016, max_score: 1, indicators: [{ name: "groen", supplied: false, source_year: null, carried: false }] },
      { year: 2020, max_score: 1, indicators: [{ name: "groen", supplied: false, source_year: null, carried: false }] },
    ] });
    expect(yearSources(withBase, 2020, indicators, "nl")).toEqual([]);
    expect(yearSources(withBase, 2016, indicators, "nl")).toEqual(["groen: ontbreekt dit jaar (niet meegeteld)"]);
  });
});

describe("change classes", () => {
  it("count a score going down as improvement", () => {
    expect(changeClass(-2, 1, "cells")).toBe("much_better");
    expect(changeClass(-1, 1, "cells")).toBe("better");
    expect(changeClass(0, 1, "cells")).toBe("same");
    expect(changeClass(1, 1, "cells")).toBe("worse");
    expect(changeClass(3, 1, "cells")).toBe("much_worse");
  });
  it("part an area's mean score at a tenth and a half", () => {
    expect(changeClass(-0.5, 1, "areas")).toBe("much_better");
    expect(changeClass(-0.4, 1, "areas")).toBe("better");
    expect(changeClass(0.05, 1, "areas")).toBe("same");
    expect(changeClass(0.1, 1, "areas")).toBe("worse");
    expect(changeClass(0.7, 1, "areas")).toBe("much_worse");
  });
  it("set not comparable apart from no data, whatever the change says", () => {
    expect(changeClass(null, 0, "cells")).toBe("not_comparable");
    expect(changeClass(-1, 0, "cells")).toBe("not_comparable");
    expect(changeClass(null, false, "areas")).toBe("not_comparable");
    expect(changeClass(null, 1, "cells")).toBe("no_data");
    expect(changeClass(undefined, undefined, "areas")).toBe("no_data");
  });
  it("read a cell's change and the reason it is not comparable", () => {
    expect(changeOf(cell, 2024, "cells")).toEqual({ change: -2, comparable: true, reason: null, cls: "much_better" });
    expect(changeOf(cell, 2020, "cells")).toEqual({ change: null, comparable: false, reason: "incomplete in 2020: stress missing", cls: "not_comparable" });
    expect(changeOf(buurt, 2024, "areas").cls).toBe("better");
  });
  it("tell why an area is not comparable from its mean scores", () => {
    const newBuurt = { mean_score_2016: null, mean_score_2024: 1.5, comparable_2024: 0, change_2024: null };
    expect(changeWords(changeOf(newBuurt, 2024, "areas", 2016), true, "nl")).toBe("niet vergelijkbaar: geen gemiddelde score in 2016");
    const otherIndicators = { mean_score_2012: 1.2, mean_score_2016: 1.5, comparable_2012: 0, change_2012: null };
    expect(changeWords(changeOf(otherIndicators, 2012, "areas", 2016), true, "en")).toBe("not comparable: other indicators than in the base year");
  });
  it("are lighter where better and darker where worse, and no class shares a colour", () => {
    const lum = (hex: string) => {
      const [r, g, b] = hexToRgba(hex);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const order: ChangeClass[] = ["much_better", "better", "same", "worse", "much_worse"];
    for (let i = 1; i < order.length; i++) expect(lum(CHANGE_COLOURS[order[i]])).toBeLessThan(lum(CHANGE_COLOURS[order[i - 1]]));
    expect(new Set(Object.values(CHANGE_COLOURS)).size).toBe(Object.keys(CHANGE_COLOURS).length);
  });
  it("have a legend line for every class, in Dutch and English", () => {
    const nl = changeLegend("cells", "nl");
    expect(nl.map((l) => l.cls)).toEqual(["much_better", "better", "same", "worse", "much_worse", "not_comparable", "no_data"]);
    expect(nl[1].text).toBe("1 lager (minder gezondheidswinst te halen)");
    expect(changeLegend("areas", "en")[1].text).toBe("0.1–0.5 lower (less health to gain)");
    expect(signed(-0.4, "nl")).toBe("−0,4");
    expect(signed(1, "en")).toBe("+1");
  });
});

describe("change in words", () => {
  it("say what a lower score means, or why there is no change", () => {
    expect(changeWords(changeOf(cell, 2024, "cells"), true, "nl")).toBe("−2 (minder gezondheidswinst te halen)");
    expect(changeWords(changeOf(cell, 2020, "cells"), true, "nl")).toBe("niet vergelijkbaar: incomplete in 2020: stress missing");
    expect(changeWords(changeOf(buurt, 2024, "areas"), true, "en")).toBe("−0.4 (less health to gain)");
  });
  it("say 'niet vergelijkbaar in de tijd' with every change when each year had its own thresholds", () => {
    expect(changeWords(changeOf(cell, 2024, "cells"), false, "nl")).toBe("−2 (minder gezondheidswinst te halen); niet vergelijkbaar in de tijd");
    expect(changeWords(changeOf(buurt, 2024, "areas"), false, "en")).toContain("not comparable over time");
  });
});

describe("trends", () => {
  it("give every year, a missing one as a gap (null), never 0", () => {
    expect(trendSeries(buurt, [2016, 2020, 2024])).toEqual([
      { year: 2016, value: 2.5 }, { year: 2020, value: null }, { year: 2024, value: 2.1 },
    ]);
    expect(trendSeries({}, [2016]).map((p) => p.value)).toEqual([null]);
    expect(cellScores(cell, [2016, 2020, 2024]).map((p) => p.value)).toEqual([3, null, 1]);
  });
  it("say the same in words for a screen reader", () => {
    expect(trendText(trendSeries(buurt, [2016, 2020]), "nl")).toBe("2016: 2,5; 2020: geen gegevens");
  });
});

describe("flips", () => {
  it("read the writer's text per indicator", () => {
    expect(parseFlips("stress 0→1; no2 1→0")).toEqual([{ name: "stress", from: 0, to: 1 }, { name: "no2", from: 1, to: 0 }]);
    expect(parseFlips(null)).toEqual([]);
    expect(parseFlips("")).toEqual([]);
  });
  it("speak of the threshold, not of pass or fail", () => {
    const indicators = [{ name: "no2", label: "Stikstofdioxide", label_en: "Nitrogen dioxide", supplied: true, in_score: true, threshold: 20 }];
    expect(flipText({ name: "no2", from: 1, to: 0 }, 2024, indicators, "nl")).toBe("Stikstofdioxide: 1 → 0 (binnen de drempel in 2024)");
    expect(flipText({ name: "stress", from: 0, to: 1 }, 2012, indicators, "en")).toBe("stress: 0 → 1 (past the threshold in 2012)");
  });
});

describe("a programme", () => {
  it("outlines the focus and control buurten on the map and lists the controls elsewhere", () => {
    const areas = programmeAreas(readSeries(manifest).programme!, new Set(["BU1", "BU2", "BU3"]));
    expect(areas.focus).toEqual(["BU1", "BU2"]);
    expect(areas.controlsOnMap).toEqual(["BU3"]);
    expect(areas.controlsElsewhere).toEqual(["BU9990101"]);
  });
  it("shows the comparison table in its own column order, numbers formatted, empty as a dash", () => {
    const rows = [
      { outcome: "stress", n_focus: "12", n_control: "36", did: "-1.25", warning: null },
      { outcome: "eenzaam", n_focus: "12", n_control: "3", did: "", warning: "too few controls" },
    ];
    const table = tableOf(rows, "nl");
    expect(table.columns).toEqual(["outcome", "n_focus", "n_control", "did", "warning"]);
    expect(table.cells[0]).toEqual(["stress", "12", "36", "-1,25", "—"]);
    expect(table.cells[1]).toEqual(["eenzaam", "12", "3", "—", "too few controls"]);
  });
});
