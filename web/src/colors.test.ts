import { describe, expect, it } from "vitest";
import build from "../../schema/build.json";
import { NO_DATA, firstPaintColours, hexToRgba, meanColor, scoreColor, valueScale } from "./colors";
import { CHANGE_COLOURS, NO_VALUE } from "./sorting";

describe("score colours", () => {
  it("runs from light (healthy) to dark (most to gain)", () => {
    const lum = (hex: string) => {
      const [r, g, b] = hexToRgba(hex);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const max = 6;
    for (let k = 1; k <= max; k++) expect(lum(scoreColor(k, max))).toBeLessThan(lum(scoreColor(k - 1, max)));
  });
  it("gives score 0 a pale colour and max the darkest end of the ramp", () => {
    expect(scoreColor(0, 4)).toBe(build.colours.score_zero);
    expect(scoreColor(1, 4)).toBe(build.colours.score_ramp[0]);
    expect(scoreColor(4, 4)).toBe(build.colours.score_ramp.at(-1));
    expect(hexToRgba("#ff8000", 10)).toEqual([255, 128, 0, 10]);
  });
});

describe("area means", () => {
  it("run continuously through the score colours, meeting them at whole scores", () => {
    expect(meanColor(0, 4)).toBe(build.colours.score_zero);
    expect(meanColor(2, 4)).toBe(scoreColor(2, 4));
    const between = meanColor(2.5, 4);
    expect(between).not.toBe(scoreColor(2, 4));
    expect(between).not.toBe(scoreColor(3, 4));
  });
});

describe("value layers", () => {
  it("darken towards the worse end and clamp outliers", () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    const worseHigh = valueScale(values, true);
    const ramp = build.colours.value_ramp;
    expect(worseHigh(0)).toBe(ramp[0]);
    expect(worseHigh(100)).toBe(ramp.at(-1));
    expect(worseHigh(1000)).toBe(ramp.at(-1));
    const worseLow = valueScale(values, false);
    expect(worseLow(0)).toBe(ramp.at(-1));
    expect(worseLow(100)).toBe(ramp[0]);
    expect(worseHigh.at(50)).toBeCloseTo(0.5, 1);
  });
});

describe("first-paint colours", () => {
  const cells = (values: (number | null)[], field: string) =>
    ({ type: "FeatureCollection", features: values.map((v) => ({ type: "Feature", properties: { [field]: v }, geometry: null })) }) as any;
  it("colours a build by score, like the map", () => {
    const colour = firstPaintColours({ view: { kind: "build", layers: [], paint_field: "score" }, manifest: { score: { max: 4 } } as any, cells: cells([], "score") });
    expect(colour({ score: 4 })).toBe(scoreColor(4, 4));
    expect(colour({ score: null })).toBe(NO_DATA);
  });
  it("colours a series by the score of its last year, as the map first shows it", () => {
    const colour = firstPaintColours({ view: { kind: "series", layers: [], paint_field: "score_2024" }, manifest: { score: { max: 4 } } as any, cells: cells([], "score_2024") });
    expect(colour({ score_2024: 0, score_2016: 4 })).toBe(scoreColor(0, 4));
    expect(colour({ score_2024: null })).toBe(NO_DATA);
  });
  it("colours a sorting monitor's buurten by the change of its first group, as the map first shows them", () => {
    const colour = firstPaintColours({ view: { kind: "sorting", layers: [], paint_layer: "buurten", paint_field: "verandering_g" }, manifest: {} as any, cells: cells([], "verandering_g") });
    expect(colour({ verandering_g: 8 })).toBe(CHANGE_COLOURS[CHANGE_COLOURS.length - 1]);
    expect(colour({ verandering_g: -8 })).toBe(CHANGE_COLOURS[0]);
    expect(colour({ verandering_g: null })).toBe(NO_VALUE);
  });
  it("colours an access run by distance, darker where farther", () => {
    const values = Array.from({ length: 21 }, (_, i) => i * 100);
    const colour = firstPaintColours({ view: { kind: "access", layers: [], paint_field: "dist_x_m" }, manifest: {} as any, cells: cells(values, "dist_x_m") });
    expect(colour({ dist_x_m: 0 })).toBe(build.colours.value_ramp[0]);
    expect(colour({ dist_x_m: 2000 })).toBe(build.colours.value_ramp.at(-1));
    expect(colour({ dist_x_m: null })).toBe(NO_DATA);
  });
});
