import { describe, expect, it } from "vitest";
import { explainFeature, fmt, matches, type IndicatorInfo } from "./explain";
import { t } from "./i18n";

const indicators: IndicatorInfo[] = [
  { name: "dichtheid", label: "Inwoners per m²", supplied: true, in_score: true, threshold: 0.006 },
  { name: "afstand", label: "Afstand", label_en: "Distance", supplied: true, in_score: true, threshold: 1, unit: "km" },
  { name: "stress", label: "Stress", supplied: false, in_score: true, threshold: null },
  { name: "ouderen", label: "65+", supplied: true, in_score: false, threshold: 19 },
];

describe("explaining a cell", () => {
  it("lists every supplied indicator with value, threshold and verdict", () => {
    const lines = explainFeature({ val_dichtheid: 0.0081, ind_dichtheid: 1, val_afstand: 0.6, ind_afstand: 0, val_ouderen: null, ind_ouderen: null }, indicators, "nl");
    expect(lines.map((l) => l.label)).toEqual(["Inwoners per m²", "Afstand", "65+ *"]);
    expect(lines[0].flagged).toBe(true);
    expect(lines[0].text).toContain("gezondheidswinst te halen");
    expect(lines[1].text).toBe("0,6 km; drempel 1 km — in orde");
    expect(lines[2].flagged).toBeNull();
    expect(lines[2].text).toContain("ontbreekt");
  });
  it("speaks English on request", () => {
    const lines = explainFeature({ val_afstand: 1.4, ind_afstand: 1, val_ouderen: 20, ind_ouderen: 1 }, indicators, "en");
    expect(lines[0].text).toContain("health to gain");
    expect(lines.map((l) => l.label)).toEqual(["Distance", "65+ *"]); // label_en where the config gives one
    expect(lines[0].text).toBe("1.4 km; threshold 1 km — health to gain"); // English numbers too
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

describe("numbers", () => {
  it("never print a flagged value as equal to its threshold", () => {
    expect(fmt(0.005931)).not.toBe(fmt(0.005912));
    expect(fmt(0.005931)).toBe("0,00593");
    expect(fmt(68.21)).toBe("68,2");
    expect(fmt(1000)).toBe("1.000");
  });
});
