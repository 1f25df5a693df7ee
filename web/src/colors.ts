import type { FirstPaintData } from "./data";

// Colours: light = healthy, dark = most health to gain. Viridis, reversed,
// is readable with every common form of colour blindness and in greyscale.
const VIRIDIS = ["#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e", "#3e4989", "#482878", "#440154"];

export type Rgba = [number, number, number, number];

export function hexToRgba(hex: string, alpha = 255): Rgba {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

// The colour of score k on a scale 0..max: max + 1 evenly spaced steps of the palette.
export function scoreColor(k: number, max: number): string {
  if (max <= 0) return VIRIDIS[0];
  const i = Math.round((k / max) * (VIRIDIS.length - 1));
  return VIRIDIS[Math.min(VIRIDIS.length - 1, Math.max(0, i))];
}

export const NO_DATA = "#c8c8c8"; // incomplete or suppressed: grey, never a score colour
export const FLAGGED = VIRIDIS[VIRIDIS.length - 2];
export const NOT_FLAGGED = VIRIDIS[1];

// A value layer: values between the 5th and 95th percentile of the cells run
// through the palette, darker where worse (higher or lower, per indicator).
export interface ValueScale {
  (v: number): string;
  lo: number; // 5th percentile: the light end where higher is worse
  hi: number; // 95th percentile
}

export function valueScale(values: number[], higherIsWorse: boolean): ValueScale {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  const lo = sorted.length ? at(0.05) : 0, hi = sorted.length ? at(0.95) : 0;
  const scale = (v: number) => {
    let t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    t = Math.min(1, Math.max(0, t));
    if (!higherIsWorse) t = 1 - t;
    return VIRIDIS[Math.round(t * (VIRIDIS.length - 1))];
  };
  return Object.assign(scale, { lo, hi });
}

// The colour of each cell in the first paint, as the map will show it first:
// a build by score, a series by the score of its last year (the paint field),
// an access run by distance (darker = farther).
export function firstPaintColours({ view, manifest, cells }: Pick<FirstPaintData, "view" | "manifest" | "cells">): (p: Record<string, any>) => string {
  if (view.kind === "build" || view.kind === "series") {
    const max = manifest.score.max;
    const field = view.paint_field;
    return (p) => (typeof p[field] === "number" ? scoreColor(p[field], max) : NO_DATA);
  }
  const values = cells.features.map((f) => f.properties[view.paint_field]).filter((v) => typeof v === "number");
  const scale = valueScale(values, true);
  return (p) => (typeof p[view.paint_field] === "number" ? scale(p[view.paint_field]) : NO_DATA);
}
