// The interactive gezondheidskaart, loaded after the first-paint picture
// (preview.ts). Everything comes from the build that `leefkaart serve`
// exposes: no request leaves this machine.
import { MapboxOverlay } from "@deck.gl/mapbox";
import { GeoJsonLayer } from "@deck.gl/layers";
import maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import type { Camera } from "./camera";
import { FLAGGED, NO_DATA, NOT_FLAGGED, hexToRgba, scoreColor, valueScale, type Rgba, type ValueScale } from "./colors";
import { bboxOf, getJson, loadCells, loadFirstPaintData, type Collection, type Feature } from "./data";
import { explainFeature, fmt, matches } from "./explain";
import { t, type Key, type Lang } from "./i18n";
import type { Timing } from "./preview";

// ECharts is loaded only when a chart is first needed: it is not part of the first paint.
let chartPromise: Promise<{ setOption(o: unknown): void }> | null = null;
function getChart() {
  chartPromise ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import("echarts/core"), import("echarts/charts"), import("echarts/components"), import("echarts/renderers"),
    ]);
    core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, renderers.CanvasRenderer]);
    return core.init(document.getElementById("chart")!);
  })();
  return chartPromise;
}

type Level = "cells" | "buurten" | "wijken";

const state = {
  lang: "nl" as Lang,
  level: "cells" as Level,
  colourBy: "score",
  selected: null as Feature | null,
};
const debug: Timing = (window as any).__leefkaart;

function centreOf(f: Feature): [number, number] {
  const [x0, y0, x1, y1] = bboxOf([f]);
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

// OSM base layers under the hexagons, in quiet colours.
function basemapLayers(basemap: (readonly [string, Collection])[]): any[] {
  const style: Record<string, any> = {
    green: { type: "fill", paint: { "fill-color": "#d5e8c4" } },
    water: { type: "fill", paint: { "fill-color": "#b9d3e6" } },
    buildings: { type: "fill", paint: { "fill-color": "#dcd6cc" } },
    waterways: { type: "line", paint: { "line-color": "#9cc3de", "line-width": 1.5 } },
    roads: { type: "line", paint: { "line-color": "#ffffff", "line-width": 1.2 } },
  };
  return ["green", "water", "waterways", "buildings", "roads"]
    .filter((name) => basemap.some(([n]) => n === name))
    .map((name) => ({ id: `osm-${name}`, source: `osm-${name}`, ...style[name] }));
}

export async function start(firstPaint: Promise<Camera>) {
  const data = loadFirstPaintData();
  const [manifest, cells, buurten, wijken, gemeente, camera] = await Promise.all([
    data.manifest, loadCells(), data.buurten, data.wijken, data.gemeente, firstPaint,
  ]);
  const layers: Record<Level, Collection> = { cells, buurten, wijken };
  const basemap = await Promise.all((manifest.basemap ?? []).map(async (name) => [name, await getJson<Collection>(`api/basemap/${name}`)] as const));
  const max = manifest.score.max;
  const indicators = manifest.indicators;

  // A base map drawn from the build's own boundaries: no online tiles, no glyphs.
  const map = new maplibregl.Map({
    container: "map",
    style: {
      version: 8,
      sources: {
        ...Object.fromEntries(basemap.map(([name, data]) => [`osm-${name}`, { type: "geojson", data: data as any }])),
        buurten: { type: "geojson", data: buurten as any },
        wijken: { type: "geojson", data: wijken as any },
      },
      layers: [
        { id: "background", type: "background", paint: { "background-color": "#f3f1ec" } },
        ...basemapLayers(basemap),
        { id: "buurt-lines", type: "line", source: "buurten", paint: { "line-color": "#8a8a8a", "line-width": 0.6 } },
        { id: "wijk-lines", type: "line", source: "wijken", paint: { "line-color": "#333", "line-width": 1.6 } },
      ],
    },
    center: camera.center, // the first-paint picture's camera: no jump when the map replaces it
    zoom: camera.zoom,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true }, // for the PNG export
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));

  // Value layers: one colour scale per indicator, from the cells' own values.
  const scales = new Map<string, ValueScale>();
  for (const ind of indicators)
    if (ind.supplied)
      scales.set(ind.name, valueScale(cells.features.map((f) => f.properties[`val_${ind.name}`]).filter((v) => typeof v === "number"),
                                      ind.direction !== "lower_is_worse"));

  const colourOf = (f: Feature): Rgba => {
    const p = f.properties;
    if (state.colourBy.startsWith("val:") && state.level === "cells") {
      const name = state.colourBy.slice(4);
      const v = p[`val_${name}`];
      return typeof v === "number" ? hexToRgba(scales.get(name)!(v), 220) : hexToRgba(NO_DATA, 140);
    }
    if (state.colourBy === "score") {
      const s = state.level === "cells" ? p.score : p.mean_score;
      return s === null || s === undefined ? hexToRgba(NO_DATA, 160) : hexToRgba(scoreColor(s, max), 220);
    }
    if (state.level !== "cells") {
      const s = p.mean_score;
      return s === null || s === undefined ? hexToRgba(NO_DATA, 160) : hexToRgba(scoreColor(s, max), 220);
    }
    const flag = p[`ind_${state.colourBy}`];
    return flag === 1 ? hexToRgba(FLAGGED, 220) : flag === 0 ? hexToRgba(NOT_FLAGGED, 200) : hexToRgba(NO_DATA, 140);
  };

  let pending: { level: Level; count: number } | null = null;
  const overlay = new MapboxOverlay({
    interleaved: true,
    layers: [],
    getTooltip: ({ object }: any) => {
      if (!object) return null;
      const p = object.properties;
      const name = p.naam ?? p.cell_id;
      const score = state.level === "cells" ? p.score : p.mean_score?.toFixed(2);
      return { text: `${name}\n${t("meanScore", state.lang)}: ${score ?? "—"}` };
    },
    onClick: ({ object }: any) => object && select(object),
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
      }
    },
  });
  map.addControl(overlay as any);

  function render() {
    const data = layers[state.level];
    overlay.setProps({
      layers: [
        new GeoJsonLayer({
          id: `fill-${state.level}`,
          data: data as any,
          pickable: true,
          filled: true,
          stroked: state.level !== "cells",
          getFillColor: colourOf as any,
          getLineColor: (f: any) => (f.properties.masked === 1 ? [214, 96, 0, 255] : [60, 60, 60, 200]),
          getLineWidth: (f: any) => (f.properties.masked === 1 ? 4 : 1),
          lineWidthUnits: "pixels",
          updateTriggers: { getFillColor: [state.colourBy, state.level] },
        }),
      ],
    });
    pending = { level: state.level, count: data.features.length };
    overlay.setProps({}); // ask for a frame even when the map itself does not move
    renderLegend();
  }

  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    colourSelect.innerHTML = "";
    const add = (value: string, text: string) => colourSelect.add(new Option(text, value));
    add("score", t("score", state.lang));
    for (const ind of indicators)
      if (ind.supplied) add(ind.name, `${t("flaggedBy", state.lang)}: ${ind.label}`);
    for (const ind of indicators)
      if (ind.supplied) add(`val:${ind.name}`, `${t("valueOf", state.lang)}: ${ind.label}`);
    colourSelect.value = state.colourBy;
  }

  function renderLegend() {
    const swatch = (colour: string, text: string) => `<div class="row"><span class="swatch" style="background:${colour}"></span>${text}</div>`;
    const lang = state.lang;
    const rows = [];
    let heading = `${t("legend", lang)} (0–${max})`;
    const ind = indicators.find((i) => i.name === state.colourBy.replace(/^val:/, ""));
    if (state.level === "cells" && ind && state.colourBy.startsWith("val:")) {
      const scale = scales.get(ind.name)!;
      const unit = ind.unit ? ` ${ind.unit}` : "";
      const worseHigh = ind.direction !== "lower_is_worse";
      heading = `${t("valueOf", lang)}: ${ind.label}`;
      rows.push(swatch(scale(worseHigh ? scale.lo : scale.hi), `${fmt(worseHigh ? scale.lo : scale.hi)}${unit} ${t("orBetter", lang)}`));
      rows.push(swatch(scale(worseHigh ? scale.hi : scale.lo), `${fmt(worseHigh ? scale.hi : scale.lo)}${unit} ${t("orWorse", lang)}`));
    } else if (state.level === "cells" && ind) {
      heading = `${t("flaggedBy", lang)}: ${ind.label}`;
      rows.push(swatch(FLAGGED, t("flagged", lang)), swatch(NOT_FLAGGED, t("notFlagged", lang)));
    } else {
      const g = gemeente.features[0].properties;
      for (let k = 0; k <= max; k++) {
        const pop = g[`pop_score_${k}`];
        rows.push(swatch(scoreColor(k, max), `${k}: ${pop === null || pop === undefined ? "—" : Math.round(pop).toLocaleString("nl-NL")} ${t("residents", lang)}`));
      }
    }
    rows.push(swatch(NO_DATA, t("noData", lang)));
    if (state.level === "buurten") rows.push(`<div class="row">${t("maskedLegend", lang)}</div>`);
    document.getElementById("legend")!.innerHTML = `<h2>${heading}</h2>${rows.join("")}<p>${manifest.grid.description}</p>`;
  }

  async function renderChart(p: Record<string, any>) {
    const chart = await getChart();
    const values = [];
    for (let k = 0; k <= max; k++) values.push(p[`pop_score_${k}`] ?? 0);
    chart.setOption({
      grid: { left: 50, right: 10, top: 20, bottom: 30 },
      tooltip: {},
      xAxis: { type: "category", data: values.map((_, k) => String(k)), name: "score" },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: values.map((v, k) => ({ value: v, itemStyle: { color: scoreColor(k, max) } })) }],
    });
  }

  function select(f: Feature) {
    state.selected = f;
    const p = f.properties;
    const lang = state.lang;
    const title = p.naam ? `${p.naam} (${p.code})` : `${t("cell", lang)} ${p.cell_id}`;
    const parts = [`<h2 id="panel-title">${title}</h2>`];
    if (p.cell_id !== undefined) {
      parts.push(`<p>${t("cellScore", lang)}: <b>${p.score ?? "—"}</b> / ${p.score_max} · ${Math.round(p.pop ?? 0)} ${t("residents", lang)} · ${p.buurt_code}</p>`);
      if (p.suppressed === 1) parts.push(`<p class="note">${t("suppressed", lang)}</p>`);
      if (p.incomplete === 1) parts.push(`<p class="note">${t("incomplete", lang)}: ${p.incomplete_reason}</p>`);
      const lines = explainFeature(p, indicators, lang);
      parts.push("<ul>" + lines.map((l) => `<li class="${l.flagged === true ? "flagged" : l.flagged === null ? "missing" : ""}">${l.label}: ${l.text}</li>`).join("") + "</ul>");
      const missing = indicators.filter((i) => !i.supplied).map((i) => i.label);
      if (missing.length) parts.push(`<p>${t("notSupplied", lang)}: ${missing.join(", ")}</p>`);
    } else {
      parts.push(`<p>${t("meanScore", lang)}: <b>${p.mean_score?.toFixed(2) ?? "—"}</b> · ${Math.round(p.pop)} ${t("residents", lang)}</p>`);
      if (p.masked === 1) parts.push(`<p class="note">${t("masked", lang)}</p>`);
      renderChart(p);
    }
    document.getElementById("panel")!.innerHTML = parts.join("");
    debug.selected = p.cell_id ?? p.code;
  }

  // Controls.
  (document.getElementById("level") as HTMLSelectElement).addEventListener("change", (e) => {
    state.level = (e.target as HTMLSelectElement).value as Level;
    // deck.gl re-picks only when the pointer moves: hide the old level's tooltip meanwhile.
    document.querySelectorAll<HTMLElement>(".deck-tooltip").forEach((el) => (el.style.display = "none"));
    render();
  });
  colourSelect.addEventListener("change", () => {
    state.colourBy = colourSelect.value;
    render();
  });
  const list = document.getElementById("buurt-list")!;
  list.innerHTML = buurten.features.map((f) => `<option value="${f.properties.naam} (${f.properties.code})"></option>`).join("");
  const search = document.getElementById("search") as HTMLInputElement;
  const find = () => {
    const q = search.value.replace(/\s*\(.*\)$/, "");
    const code = /\((\w+)\)$/.exec(search.value)?.[1];
    const hit = buurten.features.find((f) => (code && f.properties.code === code) || matches(q, f.properties.code, f.properties.naam));
    if (!hit) return;
    map.fitBounds(bboxOf([hit]), { padding: 60, duration: 0, maxZoom: 14 });
    select(hit);
  };
  search.addEventListener("change", find);
  search.addEventListener("keydown", (e) => e.key === "Enter" && find());
  document.getElementById("print")!.addEventListener("click", () => window.print());
  document.getElementById("png")!.addEventListener("click", () => {
    const a = document.createElement("a");
    a.download = "gezondheidskaart.png";
    a.href = map.getCanvas().toDataURL("image/png");
    a.click();
  });
  document.getElementById("lang")!.addEventListener("click", () => {
    state.lang = state.lang === "nl" ? "en" : "nl";
    applyLanguage();
    fillColourOptions();
    render();
    if (state.selected) select(state.selected);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") document.getElementById("panel")!.innerHTML = `<p>${t("clickHint", state.lang)}</p>`;
  });

  const showStatus = () => {
    if (debug.ready)
      document.getElementById("status")!.textContent =
        `${layers.cells.features.length} ${t("cells", state.lang).toLowerCase()} · ${t("firstPaint", state.lang)} ${debug.firstPaintMs} ms · ${t("interactive", state.lang)} ${debug.interactiveMs} ms`;
  };

  function applyLanguage() {
    showStatus();
    document.documentElement.lang = state.lang;
    document.querySelectorAll<HTMLElement>("[data-t]").forEach((el) => (el.textContent = t(el.dataset.t as Key, state.lang)));
    document.getElementById("lang")!.textContent = state.lang === "nl" ? "English" : "Nederlands";
    document.getElementById("title")!.textContent = t("title", state.lang);
  }

  // For tests and scripts: where a place is on screen, and select what is there.
  (debug as any).project = (lon: number, lat: number) => {
    const p = map.project([lon, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  };

  applyLanguage();
  fillColourOptions();
  map.on("load", () => {
    // Wijk names as HTML labels: sharp text in the browser's own font, no glyph server needed offline.
    for (const f of wijken.features) {
      const label = document.createElement("div");
      label.className = "wijk-label";
      label.textContent = f.properties.naam.replace(/^Wijk \d+ /, "");
      new maplibregl.Marker({ element: label }).setLngLat(centreOf(f)).addTo(map);
    }
    render();
    map.once("idle", () => {
      debug.ready = true;
      showStatus();
    });
  });
}

