import { describe, expect, it } from "vitest";
import { fitCamera, mercator, projector } from "./camera";

describe("camera", () => {
  it("puts Web Mercator's origin at lon 0, lat 0 in the middle of the world", () => {
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
    const [x, y] = mercator(180, 85.0511287798);
    expect(x).toBeCloseTo(1, 9);
    expect(y).toBeCloseTo(0, 6);
  });
  it("fits a city's box inside the padding, touching it on the tighter side", () => {
    const box: [number, number, number, number] = [5.0, 52.02, 5.2, 52.14]; // Utrecht
    const [w, h, pad] = [1000, 700, 20];
    const cam = fitCamera(box, w, h, pad);
    const at = projector(cam, w, h);
    const [left, bottom] = at(box[0], box[1]);
    const [right, top] = at(box[2], box[3]);
    for (const v of [left, top]) expect(v).toBeGreaterThanOrEqual(pad - 1e-6);
    expect(right).toBeLessThanOrEqual(w - pad + 1e-6);
    expect(bottom).toBeLessThanOrEqual(h - pad + 1e-6);
    const slack = Math.min(left - pad, w - pad - right, top - pad, h - pad - bottom);
    expect(Math.abs(slack)).toBeLessThan(1e-6);
    expect((left + right) / 2).toBeCloseTo(w / 2, 6);
    expect((top + bottom) / 2).toBeCloseTo(h / 2, 6);
  });
  it("agrees with MapLibre's zoom: one 512-pixel world at zoom 0", () => {
    const at = projector({ center: [0, 0], zoom: 0 }, 512, 512);
    expect(at(-180, 0)[0]).toBeCloseTo(0, 9);
    expect(at(180, 0)[0]).toBeCloseTo(512, 9);
  });
});
