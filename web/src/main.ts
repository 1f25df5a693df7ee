// The interactive map, loaded after the first-paint picture (preview.ts):
// the gezondheidskaart of a build here, the distances of an access run in
// access_app.ts. Everything comes from the folder that `leefkaart serve`
// exposes: no request leaves this machine.
import { GeoJsonLayer } from "@deck.gl/layers";
import { installAbout } from "./about";
import type { Camera } from "./camera";
import { FLAGGED, NO_DATA, NOT_FLAGGED, hexToRgba, scoreColor, valueScale, type Rgba, type ValueScale } from "./colors";
import { bboxOf, getJson, loadCells, loadFirstPaintData, type Collection, type Feature } from "./data";
import { explainFeature, fmt, labelOf, matches } from "./explain";
import { t } from "./i18n";
import { installExport, legendFromDom, sheetContent } from "./export";
import { addWijkLabels, createShell, debug, getChart, outlineLayer, ui } from "./map_base";

type Level = "cells" | "buurten" | "wijken";

const state = {
  level: "cells" as Level,
  colourBy: "score",
  selected: null as Feature | null,
};

export async function start(firstPaint: Promise<Camera>) {
  const { view } = await loadFirstPaintData();
  if (view.kind === "access") return (await import("./access_app")).startAccess(firstPaint);
  if (view.kind === "series") return (await import("./series_app")).startSeries(firstPaint);
  return startBuild(firstPaint);
}

async function startBuild(firstPaint: Promise<Camera>) {
  const [{ manifest, buurten, wijken, gemeente }, cells, camera] = await Promise.all([loadFirstPaintData(), loadCells(), firstPaint]);
  const layers: Record<Level, Collection> = { cells, buurten, wijken };
  const max = manifest.score.max;
  const indicators = manifest.indicators;

  // The base map: the build's own buurt and wijk boundaries (and its OSM extract's
  // roads, water and green when it has one); no online tiles, no glyphs.
  const shell = await createShell({
    camera,
    basemap: manifest.basemap ?? [],
    titleKey: "title",
    pngName: "gezondheidskaart.png",
    cellCount: cells.features.length,
    tooltip: (object) => {
      const p = object.properties;
      const score = state.level === "cells" ? p.score : typeof p.mean_score === "number" ? fmt(p.mean_score, ui.lang) : null;
      return `${p.naam ?? p.cell_id}\n${t("meanScore", ui.lang)}: ${score ?? "—"}`;
    },
    click: (object) => select(object),
    png: () => exporter.png(),
    print: () => exporter.print(),
    onLanguage: () => {
      about.refresh();
      fillColourOptions();
      render();
      if (state.selected) select(state.selected);
    },
  });
  const map = shell.map;

  // "Over deze kaart" and the composed PNG and print (about.ts, export.ts).
  const city = gemeente.features[0]?.properties.naam as string | undefined;
  const about = installAbout(manifest as Record<string, any>, () => ({ gemeente: city, timings: debug as any }), () => ui.lang);
  const picked = (id: string) => (document.getElementById(id) as HTMLSelectElement).selectedOptions[0]?.text ?? "";
  const exporter = installExport({
    map,
    cityBbox: bboxOf(gemeente.features.length ? gemeente.features : buurten.features),
    lang: () => ui.lang,
    fileName: `gezondheidskaart${city ? "-" + city.toLowerCase().replace(/[^a-z0-9]+/g, "-") : ""}.png`,
    content: () => sheetContent({
      manifest: manifest as Record<string, any>, lang: ui.lang, now: new Date(), legend: legendFromDom(document.getElementById("legend")!),
      title: city ? `${t("title", ui.lang)} ${city}` : t("title", ui.lang),
      subtitle: `${picked("colour")} · ${picked("level")}`,
    }),
  });

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

  const outlines = outlineLayer(buurten, wijken);

  function render() {
    const data = layers[state.level];
    shell.draw([
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
        outlines,
      ], state.level, data.features.length);
    renderLegend();
  }

  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    colourSelect.innerHTML = "";
    const add = (value: string, text: string) => colourSelect.add(new Option(text, value));
    add("score", t("score", ui.lang));
    for (const ind of indicators)
      if (ind.supplied) add(ind.name, `${t("flaggedBy", ui.lang)}: ${labelOf(ind, ui.lang)}`);
    for (const ind of indicators)
      if (ind.supplied) add(`val:${ind.name}`, `${t("valueOf", ui.lang)}: ${labelOf(ind, ui.lang)}`);
    colourSelect.value = state.colourBy;
  }

  function renderLegend() {
    const swatch = (colour: string, text: string) => `<div class="row"><span class="swatch" style="background:${colour}"></span>${text}</div>`;
    const lang = ui.lang;
    const rows = [];
    let heading = `${t("legend", lang)} (0–${max})`;
    const ind = indicators.find((i) => i.name === state.colourBy.replace(/^val:/, ""));
    if (state.level === "cells" && ind && state.colourBy.startsWith("val:")) {
      const scale = scales.get(ind.name)!;
      const unit = ind.unit ? ` ${ind.unit}` : "";
      const worseHigh = ind.direction !== "lower_is_worse";
      heading = `${t("valueOf", lang)}: ${labelOf(ind, ui.lang)}`;
      rows.push(swatch(scale(worseHigh ? scale.lo : scale.hi), `${fmt(worseHigh ? scale.lo : scale.hi, ui.lang)}${unit} ${t("orBetter", lang)}`));
      rows.push(swatch(scale(worseHigh ? scale.hi : scale.lo), `${fmt(worseHigh ? scale.hi : scale.lo, ui.lang)}${unit} ${t("orWorse", lang)}`));
    } else if (state.level === "cells" && ind) {
      heading = `${t("flaggedBy", lang)}: ${labelOf(ind, ui.lang)}`;
      rows.push(swatch(FLAGGED, t("flagged", lang)), swatch(NOT_FLAGGED, t("notFlagged", lang)));
    } else {
      const g = gemeente.features[0].properties;
      for (let k = 0; k <= max; k++) {
        const pop = g[`pop_score_${k}`];
        rows.push(swatch(scoreColor(k, max), `${k}: ${pop === null || pop === undefined ? "—" : fmt(Math.round(pop), ui.lang)} ${t("residents", lang)}`));
      }
    }
    rows.push(swatch(NO_DATA, t("noData", lang)));
    if (state.level === "buurten") rows.push(`<div class="row">${t("maskedLegend", lang)}</div>`, maskedList());
    document.getElementById("legend")!.innerHTML = `<h2>${heading}</h2>${rows.join("")}<p>${manifest.grid.description}</p>`;
  }

  // The buurten a good wijk average hides (masking.csv), listed beside the map;
  // fetched once the map is up, not before the first paint.
  let masking: Record<string, string>[] | null = null;
  const number = (v: string) => fmt(Number(v), ui.lang);
  function maskedList(): string {
    if (!masking?.length) return "";
    const items = masking.map((r) =>
      `<li><button type="button" data-buurt="${r.buurt_code}">${r.buurt_naam}</button> ${number(r.buurt_score)} ${t("against", ui.lang)} ${number(r.wijk_score)} ${t("inWijk", ui.lang)} ${r.wijk_naam.replace(/^Wijk \d+ /, "")}</li>`);
    return `<h3>${t("maskedListTitle", ui.lang)}</h3><ul id="masked-list">${items.join("")}</ul>`;
  }
  document.getElementById("legend")!.addEventListener("click", (e) => {
    const code = (e.target as HTMLElement).closest<HTMLElement>("[data-buurt]")?.dataset.buurt;
    const hit = code && buurten.features.find((f) => f.properties.code === code);
    if (!hit) return;
    map.fitBounds(bboxOf([hit]), { padding: 60, duration: 0, maxZoom: 14 });
    select(hit);
  });

  async function renderChart(p: Record<string, any>) {
    const chart = await getChart();
    const values = [];
    for (let k = 0; k <= max; k++) values.push(p[`pop_score_${k}`] ?? 0);
    chart.setOption({
      animation: false, // the chart as it is, also in print and PNG
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
    const lang = ui.lang;
    const title = p.naam ? `${p.naam} (${p.code})` : `${t("cell", lang)} ${p.cell_id}`;
    const parts = [`<h2 id="panel-title">${title}</h2>`];
    if (p.cell_id !== undefined) {
      parts.push(`<p>${t("cellScore", lang)}: <b>${p.score ?? "—"}</b> / ${p.score_max} · ${Math.round(p.pop ?? 0)} ${t("residents", lang)} · ${p.buurt_code}</p>`);
      if (p.suppressed === 1) parts.push(`<p class="note">${t("suppressed", lang)}</p>`);
      if (p.incomplete === 1) parts.push(`<p class="note">${t("incomplete", lang)}: ${p.incomplete_reason}</p>`);
      const lines = explainFeature(p, indicators, lang);
      parts.push("<ul>" + lines.map((l) => `<li class="${l.flagged === true ? "flagged" : l.flagged === null ? "missing" : ""}">${l.label}: ${l.text}</li>`).join("") + "</ul>");
      const missing = indicators.filter((i) => !i.supplied).map((i) => labelOf(i, ui.lang));
      if (missing.length) parts.push(`<p>${t("notSupplied", lang)}: ${missing.join(", ")}</p>`);
    } else {
      parts.push(`<p>${t("meanScore", lang)}: <b>${typeof p.mean_score === "number" ? fmt(p.mean_score, ui.lang) : "—"}</b> · ${Math.round(p.pop)} ${t("residents", lang)}</p>`);
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
  fillColourOptions();
  shell.loaded.then(() => {
    getJson<Record<string, string>[]>("api/masking").then((rows) => {
      masking = rows;
      if (state.level === "buurten") renderLegend();
    });
    addWijkLabels(map, wijken);
    render();
  });
}

