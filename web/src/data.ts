// The build that `leefkaart serve` exposes. Each layer is fetched once: the
// first-paint picture and the interactive map share the requests.
import type { IndicatorInfo } from "./explain";

export type Feature = { type: "Feature"; properties: Record<string, any>; geometry: any };
export type Collection = { type: "FeatureCollection"; features: Feature[] };
export type ManifestIndicator = IndicatorInfo & { description?: string; not_supplied?: string; direction?: string };

export interface Manifest {
  basemap?: string[]; // roads, water, green, buildings: drawn from the build's own OSM extract
  counts: { cells: number };
  score: { max: number; score_at_least: number };
  grid: { description: string };
  privacy: { min_residents: number };
  indicators: ManifestIndicator[];
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) {
    const why = await res.json().then((b) => b.error, () => res.statusText);
    throw new Error(`${path}: ${res.status} ${why}`);
  }
  return res.json() as Promise<T>;
}

// What the first paint needs; the cells come with only their score, a third of the bytes.
export interface FirstPaintData {
  manifest: Promise<Manifest>;
  cellScores: Promise<Collection>;
  buurten: Promise<Collection>;
  wijken: Promise<Collection>;
  gemeente: Promise<Collection>;
}

const once = <T>(load: () => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

export const loadFirstPaintData = once((): FirstPaintData => ({
  manifest: getJson<Manifest>("api/manifest"),
  cellScores: getJson<Collection>("api/layers/cells?fields=score"),
  buurten: getJson<Collection>("api/layers/buurten"),
  wijken: getJson<Collection>("api/layers/wijken"),
  gemeente: getJson<Collection>("api/layers/gemeente"),
}));

// The cells with every property, for the interactive map (asked for after the first paint).
export const loadCells = once(() => getJson<Collection>("api/layers/cells"));

export type Bbox = [number, number, number, number]; // west, south, east, north in degrees

export function bboxOf(features: Feature[]): Bbox {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  const visit = (c: any) => {
    if (typeof c[0] === "number") {
      x0 = Math.min(x0, c[0]); y0 = Math.min(y0, c[1]); x1 = Math.max(x1, c[0]); y1 = Math.max(y1, c[1]);
    } else c.forEach(visit);
  };
  features.forEach((f) => visit(f.geometry.coordinates));
  return [x0, y0, x1, y1];
}
