import type { FirstPaintData } from "./data";
import { BUILD } from "./schema";
import { changeColour } from "./sorting";

// Colours from schema/build.json (the app, the report and the GeoPackage's
// QGIS styles share them). Score 0 is pale so the eye goes to where the gain
// is; scores 1..max run evenly through score_ramp, light to dark.
const C = BUILD.colours;
const RAMP = C.score_ramp;
const VALUE_RAMP = C.value_ramp;

export type Rgba = [number, number, number, number];

export function hexToRgba(hex: string, alpha = 255): Rgba {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}
const toHex = ([r, g, b]: number[]) => "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");

// The colour of score k on a scale 0..max.
export function scoreColor(k: number, max: number): string {
  if (k <= 0 || max <= 0) return C.score_zero;
  if (max === 1) return RAMP[RAMP.length - 1];
  const i = Math.round(((Math.min(k, max) - 1) / (max - 1)) * (RAMP.length - 1));
  return RAMP[Math.min(RAMP.length - 1, Math.max(0, i))];
}

// A colour between stops spread evenly over 0..1: continuous, not in classes.
function along(stops: string[], t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = hexToRgba(stops[i]), b = hexToRgba(stops[i + 1]);
  const f = x - i;
  return toHex([0, 1, 2].map((c) => a[c] + (b[c] - a[c]) * f));
}

// An area's mean score is continuous: its colour runs smoothly through the
// score colours, 0 (pale) to max (darkest), as the legend's colour bar shows.
export function meanColor(mean: number, max: number): string {
  if (max <= 0) return C.score_zero;
  const stops = Array.from({ length: max + 1 }, (_, k) => scoreColor(k, max));
  return along(stops, mean / max);
}
export const meanStops = (max: number) => Array.from({ length: max + 1 }, (_, k) => scoreColor(k, max));

// The gaps: never a score colour. Data missing is drawn hatched over its colour.
export const UNINHABITED = C.uninhabited;
export const PRIVACY = C.privacy;
export const DATA_MISSING = C.data_missing;
export const THRESHOLD = C.threshold;
export const NO_DATA = C.privacy; // a gap without a status (first paint, series, access runs)
export const FLAGGED = RAMP[RAMP.length - 2];
export const NOT_FLAGGED = C.score_zero;
export const VALUE_STOPS = VALUE_RAMP;

// A value layer, in its own ramp (not the score colours): values between the
// 5th and 95th percentile of the cells run light to dark, darker where worse
// (higher or lower, per indicator).
export interface ValueScale {
  (v: number): string;
  lo: number; // 5th percentile
  hi: number; // 95th percentile
  higherIsWorse: boolean;
  at(v: number): number; // where v lies on the colour bar, 0 (left, better) to 1 (right, worse)
}

export function valueScale(values: number[], higherIsWorse: boolean): ValueScale {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
  const lo = sorted.length ? q(0.05) : 0, hi = sorted.length ? q(0.95) : 0;
  const at = (v: number) => {
    const t = Math.min(1, Math.max(0, hi > lo ? (v - lo) / (hi - lo) : 0.5));
    return higherIsWorse ? t : 1 - t;
  };
  const scale = (v: number) => along(VALUE_RAMP, at(v));
  return Object.assign(scale, { lo, hi, higherIsWorse, at });
}

// The colour of each cell in the first paint, as the map will show it first:
// a build by score, a series by the score of its last year (the paint field),
// an access run by distance (darker = farther), a sorting monitor's buurten by
// the change of its first group (as sorting_app.ts opens).
export function firstPaintColours({ view, manifest, cells }: Pick<FirstPaintData, "view" | "manifest" | "cells">): (p: Record<string, any>) => string {
  if (view.kind === "build" || view.kind === "series") {
    const max = manifest.score.max;
    const field = view.paint_field;
    return (p) => (typeof p[field] === "number" ? scoreColor(p[field], max) : NO_DATA);
  }
  if (view.kind === "sorting") return (p) => changeColour(p[view.paint_field]);
  const values = cells.features.map((f) => f.properties[view.paint_field]).filter((v) => typeof v === "number");
  const scale = valueScale(values, true);
  return (p) => (typeof p[view.paint_field] === "number" ? scale(p[view.paint_field]) : NO_DATA);
}
