// What the build's map and the access map share: MapLibre with a base map
// drawn from the served folder's own data, deck.gl on top, the first-frame
// bookkeeping that replaces the first-paint picture, and the common controls.
import { GeoJsonLayer } from "@deck.gl/layers";
import { MapboxOverlay } from "@deck.gl/mapbox";
import maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import type { Camera } from "./camera";
import { bboxOf, getJson, type Collection, type Feature } from "./data";
import { auto } from "./format";
import { t, type Key, type Lang } from "./i18n";
import type { Timing } from "./preview";

export const debug: Timing = (window as any).__leefkaart;

// ECharts is loaded only when a chart is first needed: it is not part of the first paint.
export type Chart = { setOption(o: unknown, notMerge?: boolean): void; resize(): void };
let chartPromise: Promise<Chart> | null = null;
export function getChart(): Promise<Chart> {
  chartPromise ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import("echarts/core"), import("echarts/charts"), import("echarts/components"), import("echarts/renderers"),
    ]);
    core.use([charts.BarChart, charts.LineChart, components.GridComponent, components.TooltipComponent, components.MarkLineComponent, renderers.CanvasRenderer]);
    return core.init(document.getElementById("chart")!) as unknown as Chart;
  })();
  return chartPromise;
}

// Buurt and wijk boundaries over the hexagons, drawn by deck.gl: as MapLibre
// GeoJSON sources they would pass through its tiling worker first.
// Wijk outlines darker and wider than buurt outlines; the same from GeoJSON and from tiles (main.ts).
export const OUTLINE = {
  wijk: { colour: [51, 51, 51, 255], width: 1.6 },
  buurt: { colour: [110, 110, 110, 200], width: 0.6 },
} as const;
export function outlineLayer(buurten: Collection, wijken: Collection) {
  return new GeoJsonLayer({
    id: "outlines",
    data: [...buurten.features.map((f) => ({ ...f, properties: { wijk: false } })), ...wijken.features.map((f) => ({ ...f, properties: { wijk: true } }))] as any,
    filled: false,
    stroked: true,
    getLineColor: (f: any) => [...(f.properties.wijk ? OUTLINE.wijk : OUTLINE.buurt).colour] as any,
    getLineWidth: (f: any) => (f.properties.wijk ? OUTLINE.wijk : OUTLINE.buurt).width,
    lineWidthUnits: "pixels",
  });
}
export const ui = { lang: "nl" as Lang };

export function centreOf(f: Feature): [number, number] {
  const [x0, y0, x1, y1] = bboxOf([f]);
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

// Wijk names as HTML labels: sharp text in the browser's own font, no glyph
// server needed offline. They only repeat what the panel and search say, so
// screen readers skip them (MapLibre would make each a "Map marker" button).
export function addWijkLabels(map: maplibregl.Map, wijken: Collection) {
  for (const f of wijken.features) {
    const label = document.createElement("div");
    label.className = "wijk-label";
    label.textContent = f.properties.naam.replace(/^Wijk \d+ /, "");
    label.setAttribute("role", "presentation");
    label.setAttribute("aria-label", label.textContent);
    label.setAttribute("aria-hidden", "true");
    new maplibregl.Marker({ element: label }).setLngLat(centreOf(f)).addTo(map);
  }
}

// OSM base layers under the hexagons, in quiet colours.
function basemapLayers(names: string[]): any[] {
  const style: Record<string, any> = {
    green: { type: "fill", paint: { "fill-color": "#d5e8c4" } },
    water: { type: "fill", paint: { "fill-color": "#b9d3e6" } },
    buildings: { type: "fill", paint: { "fill-color": "#dcd6cc" } },
    waterways: { type: "line", paint: { "line-color": "#9cc3de", "line-width": 1.5 } },
    roads: { type: "line", paint: { "line-color": "#ffffff", "line-width": 1.2 } },
  };
  return ["green", "water", "waterways", "buildings", "roads"]
    .filter((name) => names.includes(name))
    .map((name) => ({ id: `osm-${name}`, source: `osm-${name}`, ...style[name] }));
}

export interface ShellOptions {
  camera: Camera;
  basemap: string[]; // names under /api/basemap/
  sources?: Record<string, Collection>; // extra GeoJSON sources, e.g. buurt and wijk outlines
  lines?: any[]; // MapLibre layers over the base map, under the hexagons
  titleKey: Key;
  pngName: string;
  cellCount: number;
  countKey?: Key; // what the status line counts: hexagons unless said otherwise
  tooltip(object: any): string | null;
  click(object: any): void;
  onLanguage(): void; // redraw texts after the language switch
  png?(): void; // a composed export instead of the bare map canvas
  print?(): void;
}

export interface Shell {
  map: maplibregl.Map;
  // Draws deck.gl layers; `level` and `count` are reported once they are on screen.
  draw(layers: any[], level: string, count: number): void;
  loaded: Promise<void>;
}

// The OSM base map comes after the map's first frame: MapLibre tiles it in a
// worker, which for a few megabytes takes seconds on a slow machine, and the
// hexagons need not wait for it. Its layers go under the hexagons.
async function addBasemap(map: maplibregl.Map, names: string[]) {
  const data = new Map(await Promise.all(names.map(async (name) => [name, await getJson<Collection>(`api/basemap/${name}`)] as const)));
  for (const layer of basemapLayers(names)) {
    map.addSource(layer.source, { type: "geojson", data: data.get(layer.source.slice(4)) as any });
    const firstAbove = map.getStyle().layers.find((l) => l.id !== "background" && !l.id.startsWith("osm-"));
    map.addLayer(layer, firstAbove?.id);
  }
  map.once("idle", () => (debug.basemapMs = Math.round(performance.now())));
}

export async function createShell(opts: ShellOptions): Promise<Shell> {
  const map = new maplibregl.Map({
    container: "map",
    style: {
      version: 8,
      sources: {
        ...Object.fromEntries(Object.entries(opts.sources ?? {}).map(([name, data]) => [name, { type: "geojson", data: data as any }])),
      },
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#f3f1ec" } },
        ...(opts.lines ?? []),
      ],
    },
    center: opts.camera.center, // the first-paint picture's camera: no jump when the map replaces it
    zoom: opts.camera.zoom,
    attributionControl: false,
    // MapLibre's own control texts, in Dutch like the rest of the interface.
    locale: {
      "Map.Title": "Kaart",
      "NavigationControl.ZoomIn": "Inzoomen",
      "NavigationControl.ZoomOut": "Uitzoomen",
      "NavigationControl.ResetBearing": "Noorden boven",
    },
    canvasContextAttributes: { preserveDrawingBuffer: true }, // for the PNG export
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));

  let pending: { level: string; count: number } | null = null;
  // Ready for tests and the status line once the map is idle and deck.gl has drawn.
  let idle = false;
  const maybeReady = () => {
    if (idle && debug.interactiveMs && !debug.ready) {
      debug.ready = true;
      showStatus();
    }
  };
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    getTooltip: ({ object }: any) => {
      const text = object ? opts.tooltip(object) : null;
      return text ? { text } : null;
    },
    onClick: ({ object }: any) => object && opts.click(object),
    // What is on screen is reported only once deck.gl has drawn it, so tests see the map, not the intent.
    // Its first frame with the cells replaces the first-paint picture
    // (performance.now() counts from the start of navigation).
    onAfterRender: () => {
      if (!pending) return;
      debug.level = pending.level;
      debug.rendered = pending.count;
      pending = null;
      if (!debug.interactiveMs) {
        debug.interactiveMs = Math.round(performance.now());
        debug.firstPaintMs ||= debug.interactiveMs;
        document.getElementById("first-paint")?.remove();
        maybeReady();
        if (opts.basemap.length)
          addBasemap(map, opts.basemap).catch((e) => (document.getElementById("status")!.textContent = String(e)));
      }
    },
  });
  map.addControl(overlay as any);

  // The status line says what is on the map; the load times go to the details view.
  const showStatus = () => {
    if (!debug.ready) return;
    document.getElementById("status")!.textContent = `${auto(opts.cellCount, ui.lang)} ${t(opts.countKey ?? "cellCount", ui.lang)}`;
    const timings = document.getElementById("timings");
    if (timings)
      timings.textContent = `${t("firstPaint", ui.lang)} ${auto(debug.firstPaintMs, ui.lang)} ms · ${t("interactive", ui.lang)} ${auto(debug.interactiveMs, ui.lang)} ms`;
  };
  const applyLanguage = () => {
    showStatus();
    document.documentElement.lang = ui.lang;
    document.querySelectorAll<HTMLElement>("[data-t]").forEach((el) => (el.textContent = t(el.dataset.t as Key, ui.lang)));
    const other = document.getElementById("lang")!;
    other.textContent = ui.lang === "nl" ? "English" : "Nederlands";
    other.lang = ui.lang === "nl" ? "en" : "nl";
    document.getElementById("title")!.textContent = t(opts.titleKey, ui.lang);
  };
  document.getElementById("lang")!.addEventListener("click", () => {
    ui.lang = ui.lang === "nl" ? "en" : "nl";
    applyLanguage();
    opts.onLanguage();
  });
  document.getElementById("print")!.addEventListener("click", () => (opts.print ? opts.print() : window.print()));
  document.getElementById("png")!.addEventListener("click", () => {
    if (opts.png) return opts.png();
    const a = document.createElement("a");
    a.download = opts.pngName;
    a.href = map.getCanvas().toDataURL("image/png");
    a.click();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") document.getElementById("panel")!.innerHTML = `<p>${t("clickHint", ui.lang)}</p>`;
  });
  // For tests and scripts: where a place is on screen.
  (debug as any).project = (lon: number, lat: number) => {
    const p = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  };
  // …and to look at one (e.g. a cell somewhere in a national map).
  // Returns nothing: a test's evaluate() would otherwise copy the whole map (its tiles' buffers) back to the test.
  (debug as any).jumpTo = (lon: number, lat: number, zoom: number): void => { map.jumpTo({ center: [lon, lat], zoom }); };
  (debug as any).zoom = () => map.getZoom();
  applyLanguage();

  const loaded = new Promise<void>((resolve) =>
    map.on("load", () => {
      resolve();
      map.once("idle", () => {
        idle = true;
        maybeReady();
      });
    }));
  return {
    map,
    loaded,
    draw(layers, level, count) {
      overlay.setProps({ layers });
      pending = { level, count };
      overlay.setProps({}); // ask for a frame even when the map itself does not move
    },
  };
}
