// The build that `leefkaart serve` exposes. Each layer is fetched once: the
// first-paint picture and the interactive map share the requests.
import type { IndicatorInfo } from "./explain";
import { BUILD } from "./schema";

export type Feature = { type: "Feature"; properties: Record<string, any>; geometry: any };
export type Collection = { type: "FeatureCollection"; features: Feature[] };
export type ManifestIndicator = IndicatorInfo & { description?: string; not_supplied?: string; direction?: string };

// The manifest of a build; an access run's adds AccessManifest (access.ts), a
// series' the keys that series.ts reads.
export interface Manifest {
  command: "build" | "access" | "series" | "sorting";
  basemap?: string[]; // roads, water, green, buildings: drawn from the run's own OSM extract
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

// What the served folder holds (`/api/view`): a build, an access run, a
// series or a sorting monitor, its layers, and the one layer (the cells; a
// sorting monitor's buurten) and property the first paint colours by.
export interface View {
  kind: "build" | "access" | "series" | "sorting";
  layers: string[];
  paint_layer?: string;
  paint_field: string;
  tiles?: string; // a build's vector tiles: the TileJSON's path
}

const EMPTY: Collection = { type: "FeatureCollection", features: [] };

// What the first paint needs. The cells come with one property only (a third
// of the bytes for a build); a build adds its buurt and wijk outlines. A
// sorting monitor has no cells: `cells` holds its buurten, painted the same way.
export interface FirstPaintData {
  view: View;
  manifest: Manifest;
  cells: Collection;
  buurten: Collection;
  wijken: Collection;
  gemeente: Collection;
  fromTiles: boolean; // the build's cells are drawn from its vector tiles (cells then holds none)
}

const once = <T>(load: () => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

// A build's cells come from its vector tiles when it has tiles and no cells
// GeoJSON (a national build writes none), or when the URL asks (?tiles=1).
export function cellsFromTiles(view: View, search = ""): boolean {
  if (view.kind !== "build" || !view.tiles) return false;
  return !view.layers.includes(BUILD.layers.cells) || new URLSearchParams(search).get("tiles") === "1";
}

export const loadFirstPaintData = once(async (): Promise<FirstPaintData> => {
  const view = await getJson<View>("api/view");
  const layer = (name: string) => (view.layers.includes(name) ? getJson<Collection>(`api/layers/${name}`) : Promise.resolve(EMPTY));
  const manifestLoad = getJson<Manifest>("api/manifest");
  const cellsLoad = cellsFromTiles(view, location.search) ? Promise.resolve(null)
    : getJson<Collection>(`api/layers/${view.paint_layer ?? "cells"}?fields=${view.paint_field}`);
  const [manifest, cells, buurten, wijken, gemeente] = await Promise.all([
    manifestLoad, cellsLoad, layer("buurten"), layer("wijken"), layer("gemeente"),
  ]);
  return { view, manifest, cells: cells ?? EMPTY, buurten, wijken, gemeente, fromTiles: cells === null };
});

// The cells with every property, for the interactive map (asked for after the first paint).
export const loadCells = once(() => getJson<Collection>("api/layers/cells"));

// TileJSON as `leefkaart serve` gives it (/tiles.json): GDAL's vector_layers
// and tilestats (each attribute's range) from the MBTiles metadata.
export interface TileJson {
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
  vector_layers?: { id: string; minzoom?: number; maxzoom?: number; fields?: Record<string, string> }[];
  tilestats?: { layers?: { layer: string; attributes?: { attribute: string; min?: number; max?: number }[] }[] };
}

// An attribute's lowest and highest value over a tiled layer (empty when unknown).
export function tileRange(tj: TileJson | null, layer: string, attribute: string): number[] {
  const a = tj?.tilestats?.layers?.find((l) => l.layer === layer)?.attributes?.find((x) => x.attribute === attribute);
  return typeof a?.min === "number" && typeof a?.max === "number" ? [a.min, a.max] : [];
}

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
