import { describe, expect, it } from "vitest";
import { driversOf, explainArea, explainFeature, matches, type IndicatorInfo } from "./explain";
import { t } from "./i18n";

const indicators: IndicatorInfo[] = [
  { name: "dichtheid", label: "Inwoners per ha", supplied: true, in_score: true, threshold: 59.3, decimals: 0, unit: "inwoners per ha" },
  { name: "afstand", label: "Afstand", label_en: "Distance", supplied: true, in_score: true, threshold: 1, unit: "km", decimals: 1 },
  { name: "stress", label: "Stress", supplied: false, in_score: true, threshold: null },
  { name: "ouderen", label: "65+", supplied: true, in_score: false, threshold: 19 },
];

describe("explaining a cell", () => {
  it("lists every supplied indicator with value, threshold and verdict", () => {
    const lines = explainFeature({ val_dichtheid: 59.34, ind_dichtheid: 1, val_afstand: 0.6, ind_afstand: 0, val_ouderen: null, ind_ouderen: null }, indicators, "nl");
    expect(lines.map((l) => l.label)).toEqual(["Inwoners per ha", "Afstand", "65+ *"]);
    expect(lines[0].flagged).toBe(true);
    // 59,34 against 59,3 would both print as "59" with the configured 0 decimals.
    expect(lines[0].text).toBe("59,34 inwoners per ha; drempel 59,30 inwoners per ha — gezondheidswinst te halen");
    expect(lines[1].text).toBe("0,6 km; drempel 1,0 km — in orde");
    expect(lines[2].flagged).toBeNull();
    expect(lines[2].text).toContain("ontbreekt");
  });
  it("speaks English on request", () => {
    const lines = explainFeature({ val_afstand: 1.4, ind_afstand: 1, val_ouderen: 20, ind_ouderen: 1 }, indicators, "en");
    expect(lines[0].text).toContain("health to gain");
    expect(lines.map((l) => l.label)).toEqual(["Distance", "65+ *"]); // label_en where the config gives one
    expect(lines[0].text).toBe("1.4 km; threshold 1.0 km — health to gain"); // English numbers too
    expect(t("buurten", "en")).toBe("Neighbourhoods");
    expect(t("cell", "en")).toBe("Hexagon");
  });
});

describe("search", () => {
  it("matches code prefixes and name parts", () => {
    expect(matches("bu0344", "BU03440111", "Welgelegen")).toBe(true);
    expect(matches("gelegen", "BU03440111", "Welgelegen")).toBe(true);
    expect(matches("", "BU03440111", "Welgelegen")).toBe(false);
    expect(matches("xyz", "BU03440111", "Welgelegen")).toBe(false);
  });
});

describe("explaining an area", () => {
  const props = {
    share_flagged_dichtheid: 0.4213, val_dichtheid: 61.2, worse_than_threshold_dichtheid: 1,
    share_flagged_afstand: 0.05, val_afstand: null, worse_than_threshold_afstand: null,
    driver_1: "dichtheid", driver_2: "afstand", driver_3: null,
  };
  it("gives per indicator the share of residents flagged and the area's value against the threshold", () => {
    const lines = explainArea(props, indicators, "nl");
    expect(lines.map((l) => l.name)).toEqual(["dichtheid", "afstand"]);
    expect(lines[0]).toMatchObject({ share: "42 %", value: "61 inwoners per ha", threshold: "59 inwoners per ha", worse: true });
    expect(lines[1]).toMatchObject({ share: "5 %", value: "ontbreekt", worse: null });
  });
  it("names its drivers by label, in rank order", () => {
    expect(driversOf(props, indicators, "nl")).toEqual(["Inwoners per ha: 42 %", "Afstand: 5 %"]);
    expect(driversOf(props, indicators, "en", 1)).toEqual(["Inwoners per ha: 42 %"]);
    expect(driversOf({}, indicators, "nl")).toEqual([]);
  });
});
