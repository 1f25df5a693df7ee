import { describe, expect, it } from "vitest";
import { manifest } from "./manifest.fixture";
import { layoutSheet, metresPerPixel, scaleBar, sheetContent, wrap, type LegendItem, type Rect, type SheetContent } from "./export";

// Text widths as a canvas would measure them, roughly: the layout takes the measure as a parameter.
const measure = (text: string, px: number, bold: boolean) => text.length * px * (bold ? 0.62 : 0.55);

const legend: LegendItem[] = [
  { kind: "heading", text: "Inwoners per score (0–6)" },
  ...[0, 1, 2, 3, 4, 5, 6].map((k): LegendItem => ({ kind: "swatch", text: `${k}: 1.000 inwoners`, fill: "#440154" })),
  { kind: "swatch", text: "Gegevens ontbreken", fill: "#8c8c8c", hatch: true },
  { kind: "text", text: "dikke rand: buurt scoort duidelijk slechter dan haar wijk" },
];
const content: SheetContent = sheetContent({
  manifest, legend, lang: "nl", now: new Date("2026-12-04T16:00:00Z"),
  title: "Gezondheidskaart Utrecht", subtitle: "Score (aantal indicatoren met gezondheidswinst) · Zeshoeken",
});

const inside = (r: Rect, outer: Rect) => r.x >= outer.x - 0.01 && r.y >= outer.y - 0.01 && r.x + r.w <= outer.x + outer.w + 0.01 && r.y + r.h <= outer.y + outer.h + 0.01;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("the sheet's words", () => {
  it("carry the indicators, every attribution and the date in Dutch", () => {
    expect(content.indicators).toContain("Telt mee: Eenzaamheid, Bijstand per 1000 inwoners (vervangt SES-WOA), Luchtkwaliteit (NO2).");
    expect(content.indicators).toContain("Niet aangeleverd: Geluid.");
    expect(content.indicators.join(" ")).toMatch(/niet te vergelijken met die van andere gemeenten/);
    expect(content.sources).toContain("© OpenStreetMap-bijdragers (ODbL 1.0)");
    expect(content.sources).toContain("Bron: CBS (CC BY 4.0)");
    expect(content.date).toBe("Kaart gemaakt op 4 december 2026 · gegevens berekend op 4 december 2026 · leefkaart");
  });
});

describe("the layout of the PNG: the map as on screen, the sheet around it", () => {
  const l = layoutSheet(content, { map: { w: 1000, h: 800 } }, measure);
  const sheet = { x: 0, y: 0, w: l.width, h: l.height };

  it("keeps the map's size and puts title, legend, indicators and sources on the sheet without overlap", () => {
    expect([l.map.w, l.map.h]).toEqual([1000, 800]);
    for (const r of [l.map, l.title, l.legend, l.indicators, l.sources]) expect(inside(r, sheet)).toBe(true);
    expect(l.title.y + l.title.h).toBeLessThanOrEqual(l.map.y);
    expect(overlaps(l.map, l.legend) || overlaps(l.map, l.indicators) || overlaps(l.map, l.sources)).toBe(false);
    expect(l.sources.y).toBeGreaterThanOrEqual(l.map.y + l.map.h);
    expect(l.lines[0]).toMatchObject({ text: "Gezondheidskaart Utrecht", bold: true });
  });

  it("draws every legend entry: a swatch per row, inside the legend's box, top to bottom", () => {
    expect(l.swatches.map((s) => s.item.text)).toEqual(legend.filter((i) => i.kind === "swatch").map((i) => i.text));
    for (const s of l.swatches) expect(inside(s.rect, l.legend)).toBe(true);
    const ys = l.swatches.map((s) => s.rect.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(l.cut).toBe(0);
  });

  it("puts every source line and the date in the foot, and the scale bar and north arrow on the map", () => {
    const foot = l.lines.filter((t) => t.y > l.sources.y && t.y <= l.sources.y + l.sources.h).map((t) => t.text).join(" ");
    for (const s of content.sources) expect(foot).toContain(s);
    expect(foot).toContain("4 december 2026");
    expect(inside(l.scaleBar, l.map) && inside(l.north, l.map)).toBe(true);
    expect(overlaps(l.scaleBar, l.north)).toBe(false);
  });

  it("scales with the device's pixel ratio", () => {
    const twice = layoutSheet(content, { map: { w: 2000, h: 1600 } }, measure, 2);
    expect(twice.width).toBeCloseTo(2 * l.width, 5);
    expect(twice.lines[0].px).toBe(2 * l.lines[0].px);
  });
});

describe("the layout of the print: a fixed A4 sheet", () => {
  const a4 = { w: 1636, h: 1122 }; // 277 × 190 mm at 150 dpi

  it("keeps the sheet's size and gives the map what is left", () => {
    const l = layoutSheet(content, { sheet: a4 }, measure, 1.5625);
    expect([l.width, l.height]).toEqual([a4.w, a4.h]);
    expect(l.map.w).toBeGreaterThan(a4.w / 2);
    expect(l.map.y + l.map.h).toBeLessThanOrEqual(l.sources.y);
    expect(l.sources.y + l.sources.h).toBeLessThanOrEqual(a4.h);
    expect(l.fontScale).toBe(1);
  });

  it("shrinks a long legend's font to fit beside the map, and says what it had to leave out", () => {
    const long: LegendItem[] = Array.from({ length: 40 }, (_, i) => ({ kind: "swatch", text: `klasse ${i}`, fill: "#000" }));
    const fits = layoutSheet({ ...content, legend: long }, { sheet: a4 }, measure, 1.5625);
    expect(fits.fontScale).toBeLessThan(1);
    expect(fits.legend.y + fits.legend.h).toBeLessThanOrEqual(fits.map.y + fits.map.h);
    const huge: LegendItem[] = Array.from({ length: 200 }, (_, i) => ({ kind: "swatch", text: `klasse ${i}`, fill: "#000" }));
    const cut = layoutSheet({ ...content, legend: huge }, { sheet: a4 }, measure, 1.5625);
    expect(cut.cut).toBeGreaterThan(0);
    for (const s of cut.swatches) expect(s.rect.y + s.rect.h).toBeLessThanOrEqual(cut.map.y + cut.map.h);
    // The sources are never what gives way.
    const foot = cut.lines.filter((t) => t.y > cut.sources.y).map((t) => t.text).join(" ");
    for (const s of content.sources) expect(foot).toContain(s);
  });
});

describe("a continuous colour bar in the legend", () => {
  it("spans the side column with its labels under it, the first at the left and the last at the right", () => {
    const bar: LegendItem = { kind: "bar", gradient: ["#fff5eb", "#7f2704"], mark: { at: 0.4, colour: "#c51b8a" },
                              labels: [{ at: 0, text: "0" }, { at: 0.5, text: "3" }, { at: 1, text: "6" }] };
    const l = layoutSheet({ ...content, legend: [{ kind: "heading", text: "Gemiddelde score" }, bar] }, { map: { w: 1000, h: 800 } }, measure);
    expect(l.bars).toHaveLength(1);
    const r = l.bars[0].rect;
    expect(inside(r, l.legend)).toBe(true);
    expect(r.w).toBe(l.legend.w);
    const labels = l.lines.filter((t) => ["0", "3", "6"].includes(t.text));
    expect(labels.map((t) => [t.align, t.x])).toEqual([["left", r.x], ["center", r.x + r.w / 2], ["right", r.x + r.w]]);
    for (const t of labels) expect(t.y).toBeGreaterThan(r.y + r.h);
  });
});

describe("scale bar and wrapping", () => {
  it("picks a round length of 1, 2 or 5 × 10ⁿ that fits, labelled in m or km", () => {
    expect(scaleBar(10, 150)).toEqual({ metres: 1000, px: 100, label: "1 km" });
    expect(scaleBar(3, 150)).toMatchObject({ metres: 200, label: "200 m" });
    expect(scaleBar(40, 150)).toMatchObject({ metres: 5000, label: "5 km", px: 125 });
    expect(scaleBar(0.9, 150)).toMatchObject({ metres: 100, label: "100 m" });
    expect(scaleBar(25, 100).label).toBe("2 km");
  });
  it("knows the Web Mercator ground resolution", () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.5, 0);
    expect(metresPerPixel(60, 1)).toBeCloseTo(78271.5 / 4, 0);
  });
  it("wraps words to a width", () => {
    expect(wrap("een twee drie vier", 10 * 0.55 * 10, 10, false, measure)).toEqual(["een twee", "drie vier"]);
    expect(wrap("", 100, 10, false, measure)).toEqual([""]);
  });
});
