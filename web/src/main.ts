// The interactive map, loaded after the first-paint picture (preview.ts):
// the gezondheidskaart of a build here, the distances of an access run in
// access_app.ts. Everything comes from the folder that `leefkaart serve`
// exposes: no request leaves this machine. Field names, status codes and
// colours come from schema/build.json (schema.ts).
import { FillStyleExtension } from "@deck.gl/extensions";
import { MVTLayer } from "@deck.gl/geo-layers";
import { GeoJsonLayer } from "@deck.gl/layers";
import { MVTLoader } from "@loaders.gl/mvt";
import { installAbout } from "./about";
import { areaRows, firstDirection, residentsWithScore, sortRows, tableHtml, type SortDir, type SortKey } from "./areas";
import type { Camera } from "./camera";
import {
  DATA_MISSING, FLAGGED, NOT_FLAGGED, PRIVACY, THRESHOLD, UNINHABITED, VALUE_STOPS, hexToRgba, meanColor, meanStops, scoreColor, valueScale,
  type Rgba, type ValueScale,
} from "./colors";
import { bboxOf, getJson, loadCells, loadFirstPaintData, tileRange, type Collection, type Feature, type TileJson } from "./data";
import { driversOf, explainArea, explainFeature, labelOf, matches } from "./explain";
import { auto, indicatorValue, number, percent, residents } from "./format";
import { t } from "./i18n";
import { installExport, legendFromDom, sheetContent } from "./export";
import { addWijkLabels, createShell, debug, getChart, outlineLayer, OUTLINE, ui } from "./map_base";
import { BUILD, areaField, cellField, statusLabel } from "./schema";
import { areasWithIntervention, vocabLabel, vocabWords } from "./register";
import { installRegister, type RegisterPanel } from "./register_panel";
import { conversationHtml, loadConversation } from "./conversation";
import { installSurvey, type SurveyPanel } from "./survey_panel";
import {
  STACK, classOf, classResidents, groupByPerspective, koppelkansText, neutralText, perspectiveLabel, perspectivesOf, stackAreaField, stackCellField, stackLegend,
  stackOf, vulnerabilityLabel,
} from "./stack";

// "coarse": the stapelkaart's 1 km hexagons (schema/build.json stack.coarse_layer), when the build made them.
type Level = "cells" | "buurten" | "wijken" | "coarse";
const S = BUILD.status;
const HATCH = [110, 110, 110, 255] as Rgba;

const state = {
  level: "cells" as Level,
  colourBy: "score",
  selected: null as Feature | null,
  outlined: null as Feature | null, // the area chosen in the table or search
  sortKey: "gain" as SortKey,
  sortDir: "descending" as SortDir,
  // The register's filter: areas with an intervention of a type ("*": any; "": no filter) since a year.
  ivType: "",
  ivSince: 0,
  koppel: false, // the stapelkaart's koppelkansen outlined
};

// "Wijk 08 Zuidwest" → "Zuidwest": after the word "wijk" the CBS prefix only repeats it.
const shortWijk = (name: string) => name.replace(/^Wijk \d+ /, "");
const escape = (s: string) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function start(firstPaint: Promise<Camera>) {
  const { view } = await loadFirstPaintData();
  if (view.kind === "access") return (await import("./access_app")).startAccess(firstPaint);
  if (view.kind === "series") return (await import("./series_app")).startSeries(firstPaint);
  if (view.kind === "sorting") return (await import("./sorting_app")).startSorting(firstPaint);
  return startBuild(firstPaint);
}

async function startBuild(firstPaint: Promise<Camera>) {
  const { view, manifest, buurten, wijken, gemeente, fromTiles } = await loadFirstPaintData();
  // A build without cells GeoJSON (or asked by ?tiles=1) draws its cells from its vector tiles (data.ts cellsFromTiles).
  const [cells, tileJson, camera] = await Promise.all([
    fromTiles ? Promise.resolve<Collection>({ type: "FeatureCollection", features: [] }) : loadCells(),
    fromTiles ? getJson<TileJson>(view.tiles!) : Promise.resolve(null),
    firstPaint,
  ]);
  debug.fromTiles = fromTiles;
  // The tiles' address as deck.gl wants it (absolute, {z}/{x}/{y} left as written), when the TileJSON gives none.
  const tileUrl = `${location.origin}${location.pathname.replace(/[^/]*$/, "")}tiles/{z}/{x}/{y}.pbf`;
  const [cellMinZoom, cellMaxZoom] = BUILD.tiles.zooms.cells;
  // The stapelkaart, when the build made one: its colourings, legend and the panel's grouping by perspective.
  const stack = stackOf(manifest as Record<string, any>);
  const perspectives = perspectivesOf(stack);
  const coarse = stack && view.layers.includes(STACK.coarse_layer) ? await getJson<Collection>(`api/layers/${STACK.coarse_layer}`) : null;
  const layers: Record<Level, Collection> = { cells, buurten, wijken, coarse: coarse ?? { type: "FeatureCollection", features: [] } };
  if (stack) document.body.dataset.stack = "1";
  if (coarse) {
    const option = new Option(t("stackCoarse", "nl"), "coarse");
    option.dataset.t = "stackCoarse";
    (document.getElementById("level") as HTMLSelectElement).add(option);
  }
  let register: RegisterPanel | null = null; // the learning register, when the served folder has one
  let survey: SurveyPanel | null = null; // the Leefplekmeter, in the same register
  let marked: Set<string> | null = null; // the areas its filter picked
  const max = manifest.score.max;
  const k = manifest.score.score_at_least;
  const indicators = manifest.indicators;
  const isCell = (p: Record<string, any>) => p[cellField("id")] !== undefined;
  const statusOf = (p: Record<string, any>): string => p[isCell(p) ? cellField("status") : areaField("status")] ?? S.scored;
  const nameOf = (p: Record<string, any>): string => (isCell(p) ? p[cellField("buurt_name")] : p[areaField("name")]) ?? "";

  // The base map: the build's own buurt and wijk boundaries (and its OSM extract's
  // roads, water and green when it has one); no online tiles, no glyphs.
  const shell = await createShell({
    camera,
    basemap: manifest.basemap ?? [],
    titleKey: "title",
    pngName: "gezondheidskaart.png",
    cellCount: fromTiles ? manifest.counts.cells : cells.features.length,
    tooltip: (object) => {
      const p = object.properties;
      if (state.level === "coarse") return classOf(p[stackCellField("class")], ui.lang)?.label ?? t("noValue", ui.lang);
      const status = statusOf(p);
      if (status !== S.scored) return `${nameOf(p)}\n${statusLabel(status, ui.lang)}`;
      if (state.colourBy === "stapel") return `${nameOf(p)}\n${classOf(p[isCell(p) ? stackCellField("class") : stackAreaField("class")], ui.lang)?.label ?? "—"}`;
      if (isCell(p)) return `${nameOf(p)}\n${t("cellScore", ui.lang)}: ${p[cellField("score")] ?? "—"}`;
      const mean = p[areaField("mean_score")];
      return `${nameOf(p)}\n${t("meanScore", ui.lang)}: ${typeof mean === "number" ? number(mean, 1, ui.lang) : "—"}`;
    },
    click: (object) => select(object),
    png: () => exporter.png(),
    print: () => exporter.print(),
    onLanguage: () => {
      about.refresh();
      fillColourOptions();
      render();
      renderTable();
      renderFilter();
      renderConversation();
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

  // Value layers: per indicator and level, one scale from that level's own values,
  // in the value ramp (not the score colours). At area level a flag layer shows
  // the share of residents the indicator flags, 0 to 100 %.
  const scales = new Map<string, ValueScale>();
  const valueField = (name: string) => (state.level === "cells" ? cellField("value", { name }) : areaField("value", { name }));
  const scaleOf = (name: string): ValueScale => {
    const key = `${state.level}:${name}`;
    if (!scales.has(key)) {
      const ind = indicators.find((i) => i.name === name)!;
      // From tiles only the cells' range is known (tilestats): the scale runs from lowest to highest.
      const values = fromTiles && state.level === "cells" ? tileRange(tileJson, BUILD.layers.cells, valueField(name))
        : layers[state.level].features.map((f) => f.properties[valueField(name)]).filter((v) => typeof v === "number");
      scales.set(key, valueScale(values, ind.direction !== "lower_is_worse"));
    }
    return scales.get(key)!;
  };
  const shareScale = valueScale([0, 1], true);

  // What a feature's fill means: a colour, and whether it is hatched (data missing).
  type Fill = { colour: string; alpha: number; hatched: boolean };
  const GAP: Record<string, Fill> = {
    [S.uninhabited]: { colour: UNINHABITED, alpha: 150, hatched: false },
    [S.privacy]: { colour: PRIVACY, alpha: 200, hatched: false },
    [S.data_missing]: { colour: DATA_MISSING, alpha: 120, hatched: true },
  };
  const gapOf = (p: Record<string, any>): Fill => GAP[statusOf(p)] ?? GAP[S.data_missing];
  // The stapelkaart: a cell's or area's class in the schema's colours; a
  // perspective's sub-score (or the vulnerability score) in the value ramp,
  // darker where the pressure is higher. The 1 km hexagons show only these.
  const stackField = (key: "class" | "score", perspective?: string) => {
    const cellish = state.level === "cells" || state.level === "coarse";
    if (key === "class") return cellish ? stackCellField("class") : stackAreaField("class");
    if (perspective === "kwetsbaar") return cellish ? stackCellField("vulnerability_score") : stackAreaField("vulnerability_score");
    return cellish ? stackCellField("perspective_score", { perspective }) : stackAreaField("perspective_score", { perspective });
  };
  const stackScales = new Map<string, ValueScale>();
  const stackScaleOf = (field: string): ValueScale => {
    const key = `${state.level}:${field}`;
    if (!stackScales.has(key))
      stackScales.set(key, valueScale(fromTiles && state.level === "cells" ? tileRange(tileJson, BUILD.layers.cells, field)
        : layers[state.level].features.map((f) => f.properties[field]).filter((v) => typeof v === "number"), true));
    return stackScales.get(key)!;
  };
  const stackColouring = () => (state.colourBy === "stapel" || state.colourBy.startsWith("stapel:") ? state.colourBy : state.level === "coarse" ? "stapel" : null);
  const stackFillOf = (p: Record<string, any>, colouring: string): Fill => {
    if (colouring === "stapel") {
      const cls = classOf(p[stackField("class")], ui.lang);
      return cls ? { colour: cls.colour, alpha: 230, hatched: false } : state.level === "coarse" ? GAP[S.uninhabited] : gapOf(p);
    }
    const field = stackField("score", colouring.slice(7));
    const v = p[field];
    return typeof v === "number" ? { colour: stackScaleOf(field)(v), alpha: 220, hatched: false } : state.level === "coarse" ? GAP[S.uninhabited] : gapOf(p);
  };
  const fillOf = (f: Feature): Fill => {
    const p = f.properties;
    const cellLevel = state.level === "cells";
    const stapel = stack && stackColouring();
    if (stapel) return stackFillOf(p, stapel);
    if (state.colourBy.startsWith("val:")) {
      const name = state.colourBy.slice(4);
      const v = p[valueField(name)];
      return typeof v === "number" ? { colour: scaleOf(name)(v), alpha: 220, hatched: false } : gapOf(p);
    }
    if (state.colourBy !== "score") {
      const name = state.colourBy;
      if (cellLevel) {
        const flag = p[cellField("flag", { name })];
        return flag === 1 ? { colour: FLAGGED, alpha: 220, hatched: false } : flag === 0 ? { colour: NOT_FLAGGED, alpha: 220, hatched: false } : gapOf(p);
      }
      const share = p[areaField("share_flagged", { name })];
      return typeof share === "number" ? { colour: shareScale(share), alpha: 220, hatched: false } : gapOf(p);
    }
    if (statusOf(p) !== S.scored) return gapOf(p);
    const s = cellLevel ? p[cellField("score")] : p[areaField("mean_score")];
    if (typeof s !== "number") return gapOf(p);
    return { colour: cellLevel ? scoreColor(s, max) : meanColor(s, max), alpha: 220, hatched: false };
  };

  const outlines = outlineLayer(buurten, wijken);

  // The cells from vector tiles: fill, hatching where data is missing, and the
  // koppelkansen outlined, each a deck.gl MVT layer on the same tiles. Below the
  // cells' min zoom the buurten stand in, by their mean score.
  const rgbaOf = (f: Feature) => { const x = fillOf(f); return hexToRgba(x.colour, x.alpha); };
  // binary: false hands each sub-layer GeoJSON features with .properties (as fillOf and the panel read them);
  // only the cells' source layer is parsed, on the page (deck.gl's default MVTWorkerLoader would fetch its
  // worker from the internet, and has no parser of its own without one);
  // min = max zoom: only the z12 tiles hold cells, and deck.gl enlarges them at every zoom above.
  const tileProps = {
    data: tileJson?.tiles?.[0] ?? tileUrl, minZoom: cellMinZoom, maxZoom: cellMaxZoom, binary: false,
    loaders: [MVTLoader], loadOptions: { core: { worker: false }, mvt: { layers: [BUILD.layers.cells] } },
  };
  // The buurt and wijk outlines from the same tiles: as one GeoJSON layer a national build's
  // 16 758 outlines are all drawn at every frame (14 s per jump to a new place in a browser
  // without a GPU; from the tiles, only those in view: under a second).
  const isWijk = (f: Feature) => (f.properties as any).layerName === BUILD.layers.wijken;
  const tileOutlines = new MVTLayer({
    id: "tiles-outlines", data: tileProps.data, binary: false, loaders: [MVTLoader],
    minZoom: BUILD.tiles.zooms.wijken[0], maxZoom: Math.max(BUILD.tiles.zooms.wijken[1], BUILD.tiles.zooms.buurten[1]),
    loadOptions: { core: { worker: false }, mvt: { layers: [BUILD.layers.buurten, BUILD.layers.wijken] } },
    filled: false, stroked: true, lineWidthUnits: "pixels",
    getLineColor: ((f: Feature) => [...(isWijk(f) ? OUTLINE.wijk : OUTLINE.buurt).colour]) as any,
    getLineWidth: ((f: Feature) => (isWijk(f) ? OUTLINE.wijk : OUTLINE.buurt).width) as any,
  } as any);
  function cellTileLayers(trigger: unknown[]): any[] {
    const below = map.getZoom() < cellMinZoom;
    return [
      new GeoJsonLayer({
        id: "cells-below-min-zoom", data: buurten as any, visible: below, pickable: true, filled: true, stroked: false,
        getFillColor: ((f: Feature) => { const m = f.properties[areaField("mean_score")]; return typeof m === "number" && statusOf(f.properties) === S.scored ? hexToRgba(meanColor(m, max), 200) : hexToRgba(gapOf(f.properties).colour, 150); }) as any,
      }),
      new MVTLayer({
        ...tileProps, id: "tiles-cells", pickable: true, filled: true, stroked: false,
        getFillColor: rgbaOf as any,
        updateTriggers: { getFillColor: trigger },
        onViewportLoad: (tiles: any[]) => {
          debug.tilesLoaded = (debug.tilesLoaded ?? 0) + 1;
          debug.tileFeatures = tiles.reduce((n, t) => n + (Array.isArray(t.content) ? t.content.length : 0), 0);
        },
      } as any),
      new MVTLayer({
        ...tileProps, id: `tiles-cells-missing-${state.colourBy}`, filled: true, stroked: false,
        getFillColor: ((f: Feature) => (fillOf(f).hatched ? HATCH : [0, 0, 0, 0])) as any,
        updateTriggers: { getFillColor: trigger },
        extensions: [new FillStyleExtension({ pattern: true, proceduralPattern: true })],
        fillPatternMapping: { hatch: { type: "hatch", angle: 45, strokeWidth: 1, gap: 4 } },
        fillPatternSizeUnits: "pixels",
        getFillPattern: () => "hatch",
        getFillPatternBackgroundColor: [0, 0, 0, 0],
      } as any),
      ...(stack && state.koppel ? [new MVTLayer({
        ...tileProps, id: "tiles-koppelkansen", filled: false, stroked: true, lineWidthUnits: "pixels", getLineWidth: 2,
        getLineColor: ((f: Feature) => { const k = f.properties[stackCellField("koppelkans")]; return k === 1 || k === true ? [0, 0, 0, 255] : [0, 0, 0, 0]; }) as any,
      } as any)] : []),
    ];
  }
  // Crossing the cells' min zoom swaps the buurten stand-in and the tiles.
  let wasBelow = map.getZoom() < cellMinZoom;
  if (fromTiles)
    map.on("zoomend", () => {
      const below = map.getZoom() < cellMinZoom;
      if (below !== wasBelow && state.level === "cells") render();
      wasBelow = below;
    });

  function render() {
    const data = layers[state.level];
    if (fromTiles && state.level === "cells") {
      shell.draw([
        ...cellTileLayers([state.colourBy, state.level, ui.lang]),
        tileOutlines,
        ...(marked ? [new GeoJsonLayer({
          id: "intervention-marked-cells",
          data: buurten.features.filter((f) => marked!.has(f.properties[areaField("code")])) as any,
          filled: false, stroked: true, getLineColor: [118, 42, 131, 255], getLineWidth: 3, lineWidthUnits: "pixels",
        })] : []),
        ...(state.outlined ? [
          new GeoJsonLayer({ id: "chosen-halo", data: [state.outlined] as any, filled: false, stroked: true, getLineColor: [255, 255, 255, 255], getLineWidth: 7, lineWidthUnits: "pixels" }),
          new GeoJsonLayer({ id: "chosen", data: [state.outlined] as any, filled: false, stroked: true, getLineColor: [0, 0, 0, 255], getLineWidth: 3, lineWidthUnits: "pixels" }),
        ] : []),
      ], state.level, manifest.counts.cells);
      renderLegend();
      return;
    }
    const fills = new Map(data.features.map((f) => [f, fillOf(f)]));
    const hatched = data.features.filter((f) => fills.get(f)!.hatched);
    const trigger = [state.colourBy, state.level, ui.lang];
    shell.draw([
        new GeoJsonLayer({
          id: `fill-${state.level}`,
          data: data as any,
          pickable: true,
          filled: true,
          stroked: state.level !== "cells",
          getFillColor: ((f: Feature) => { const x = fills.get(f)!; return hexToRgba(x.colour, x.alpha); }) as any,
          getLineColor: (f: any) => (f.properties[areaField("masked")] === 1 ? [214, 96, 0, 255] : [60, 60, 60, 200]),
          getLineWidth: (f: any) => (f.properties[areaField("masked")] === 1 ? 4 : 1),
          lineWidthUnits: "pixels",
          updateTriggers: { getFillColor: trigger },
        }),
        // Data missing: hatched, so it is told apart from privacy and from a score without colour.
        new GeoJsonLayer({
          id: `missing-${state.level}-${state.colourBy}`,
          data: hatched as any,
          filled: true,
          stroked: false,
          getFillColor: HATCH,
          extensions: [new FillStyleExtension({ pattern: true, proceduralPattern: true })],
          fillPatternMapping: { hatch: { type: "hatch", angle: 45, strokeWidth: 1, gap: 4 } },
          fillPatternSizeUnits: "pixels",
          getFillPattern: () => "hatch",
          getFillPatternBackgroundColor: hexToRgba(DATA_MISSING, 90),
        } as any),
        outlines,
        // Koppelkansen: cells where two or more perspectives are under pressure, outlined.
        ...(stack && state.koppel && (state.level === "cells" || state.level === "coarse") ? [new GeoJsonLayer({
          id: `koppelkansen-${state.level}`,
          data: data.features.filter((f) => { const k = f.properties[stackCellField("koppelkans")]; return k === 1 || k === true; }) as any,
          filled: false, stroked: true, getLineColor: [0, 0, 0, 255], getLineWidth: 2, lineWidthUnits: "pixels",
        })] : []),
        ...(marked ? [new GeoJsonLayer({
          id: `intervention-marked-${state.level}`,
          data: (state.level === "wijken" ? wijken : buurten).features.filter((f) => marked!.has(f.properties[areaField("code")])) as any,
          filled: false, stroked: true, getLineColor: [118, 42, 131, 255], getLineWidth: 3, lineWidthUnits: "pixels",
        })] : []),
        // The area chosen in the table or by search: a black line on a white halo.
        ...(state.outlined ? [
          new GeoJsonLayer({ id: "chosen-halo", data: [state.outlined] as any, filled: false, stroked: true, getLineColor: [255, 255, 255, 255], getLineWidth: 7, lineWidthUnits: "pixels" }),
          new GeoJsonLayer({ id: "chosen", data: [state.outlined] as any, filled: false, stroked: true, getLineColor: [0, 0, 0, 255], getLineWidth: 3, lineWidthUnits: "pixels" }),
        ] : []),
      ], state.level, data.features.length);
    renderLegend();
  }

  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    colourSelect.innerHTML = "";
    const add = (value: string, text: string) => colourSelect.add(new Option(text, value));
    add("score", t("score", ui.lang));
    if (stack) {
      add("stapel", t("stackView", ui.lang));
      for (const p of perspectives) add(`stapel:${p}`, `${t("stackScore", ui.lang)} ${perspectiveLabel(p, ui.lang).toLowerCase()}`);
      add("stapel:kwetsbaar", `${t("stackScore", ui.lang)} ${vulnerabilityLabel(ui.lang).toLowerCase()}`);
    }
    for (const ind of indicators)
      if (ind.supplied) add(ind.name, `${t("flaggedBy", ui.lang)}: ${labelOf(ind, ui.lang)}`);
    for (const ind of indicators)
      if (ind.supplied) add(`val:${ind.name}`, `${t("valueOf", ui.lang)}: ${labelOf(ind, ui.lang)}`);
    colourSelect.value = state.colourBy;
  }

  const swatch = (colour: string, text: string, cls = "") => `<div class="row"><span class="swatch ${cls}" style="background-color:${colour}" aria-hidden="true"></span>${text}</div>`;
  // A continuous colour bar with labels under it and, for value layers, the threshold marked.
  const colourBar = (stops: string[], labels: [number, string][], mark?: { at: number; text: string }) =>
    `<div class="bar" style="background:linear-gradient(to right, ${stops.join(", ")})" aria-hidden="true">` +
    (mark ? `<span class="mark" style="left:${(mark.at * 100).toFixed(1)}%;background:${THRESHOLD}"></span>` : "") +
    `</div><div class="bar-labels${labels.length === 2 ? " ends" : ""}">${labels.map(([at, text]) => `<span style="left:${(at * 100).toFixed(1)}%">${text}</span>`).join("")}</div>` +
    (mark ? `<div class="row"><span class="swatch mark-swatch" style="background:${THRESHOLD}" aria-hidden="true"></span>${mark.text}</div>` : "");

  // The gaps, each with its own class: uninhabited, privacy, data missing (hatched).
  function gapRows(): string[] {
    const lang = ui.lang;
    const counts = manifest.counts as Record<string, number | undefined>;
    const n = (key: string) => (state.level === "cells" && typeof counts[key] === "number" ? ` (${auto(counts[key]!, lang)} ${t("cellCount", lang)})` : "");
    return [
      `<h3>${t("gapsLegend", lang)}</h3>`,
      swatch(UNINHABITED, statusLabel(S.uninhabited, lang) + n("cells_uninhabited")),
      swatch(PRIVACY, statusLabel(S.privacy, lang) + n("cells_privacy")),
      swatch(DATA_MISSING, `${statusLabel(S.data_missing, lang)} (${t("hatched", lang)})` + n("cells_data_missing"), "hatch"),
    ];
  }

  function renderLegend() {
    const lang = ui.lang;
    const rows: string[] = [];
    let heading: string;
    const colourName = state.colourBy.replace(/^val:/, "");
    const ind = indicators.find((i) => i.name === colourName);
    const stapel = stack && stackColouring();
    // Cells from tiles exist only from their min zoom on: below it the buurten stand in, and the legend says so.
    const zoomHint = fromTiles && state.level === "cells" && map.getZoom() < cellMinZoom ? `<p class="hint" id="zoom-hint">${t("zoomInForCells", lang)}</p>` : "";
    if (stapel) {
      document.getElementById("legend")!.innerHTML = zoomHint + stackLegendHtml(stapel);
      return;
    }
    if (ind && state.colourBy.startsWith("val:")) {
      const scale = scaleOf(ind.name);
      heading = `${t("valueOf", lang)}: ${labelOf(ind, lang)}`;
      const [better, worse] = scale.higherIsWorse ? [scale.lo, scale.hi] : [scale.hi, scale.lo];
      const mark = ind.threshold === null ? undefined : { at: scale.at(ind.threshold), text: `${t("threshold", lang)}: ${indicatorValue(ind.threshold, ind, lang)}` };
      rows.push(colourBar(VALUE_STOPS, [[0, `${indicatorValue(better, { ...ind, threshold: null }, lang)} ${t("orBetter", lang)}`],
                                        [1, `${indicatorValue(worse, { ...ind, threshold: null }, lang)} ${t("orWorse", lang)}`]], mark));
    } else if (ind && state.level === "cells") {
      heading = `${t("flaggedBy", lang)}: ${labelOf(ind, lang)}`;
      rows.push(swatch(FLAGGED, t("flagged", lang)), swatch(NOT_FLAGGED, t("notFlagged", lang)));
    } else if (ind) {
      heading = `${t("shareFlagged", lang)}: ${labelOf(ind, lang)}`;
      rows.push(colourBar(VALUE_STOPS, [[0, percent(0, 0, lang)], [0.5, percent(0.5, 0, lang)], [1, percent(1, 0, lang)]]));
    } else if (state.level === "cells") {
      heading = `${t("legend", lang)} (0–${max})`;
      for (let s = 0; s <= max; s++) rows.push(swatch(scoreColor(s, max), `${s}: ${residentsWithScore(gemeente.features, s, lang)}`));
    } else {
      // Area means are continuous: a colour bar, not classes.
      heading = `${t("meanLegend", lang)} (0–${max})`;
      const ticks: [number, string][] = [];
      for (let s = 0; s <= max; s++) ticks.push([s / max, String(s)]);
      rows.push(colourBar(meanStops(max), ticks));
    }
    rows.push(...gapRows());
    if (state.outlined) rows.push(`<div class="row"><span class="swatch outline focus" aria-hidden="true"></span>${t("selectedOutline", lang)}</div>`);
    if (marked) rows.push(`<div class="row"><span class="swatch outline control" aria-hidden="true"></span>${t("regFilterLegend", lang)}</div>`);
    if (state.level === "buurten") rows.push(`<div class="row">${t("maskedLegend", lang)}</div>`, maskedList());
    document.getElementById("legend")!.innerHTML = `${zoomHint}<h2>${heading}</h2>${rows.join("")}`;
  }

  // The stapelkaart's legend: the eight classes as pressure × vulnerable
  // residents, or a sub-score's colour bar; the koppelkansen; the neutral text beside it.
  function stackLegendHtml(colouring: string): string {
    const lang = ui.lang;
    const rows: string[] = [];
    let heading: string;
    if (colouring === "stapel") {
      heading = t("stackLegendTitle", lang);
      const legend = stackLegend(lang);
      // The residents per class (the manifest's count, for the whole build) under each label.
      const cell = (c: { colour: string; label: string; code: string }) => {
        const n = state.level === "coarse" ? null : classResidents(stack, c.code);
        return `<td data-class="${c.code}"><span class="swatch" style="background-color:${c.colour}" aria-hidden="true"></span>${escape(c.label)}` +
          (n === null ? "" : `<span class="hint"> (${residents(n, lang)} ${t("residents", lang)})</span>`) + `</td>`;
      };
      rows.push(`<table class="stack-grid" id="stack-legend"><caption class="hint">${t("stackPressure", lang)} × ${escape(legend.columns[1].toLowerCase())}</caption>` +
        `<thead><tr><th scope="col">${t("stackPressure", lang)}</th><th scope="col">${escape(legend.columns[0])}</th><th scope="col">${escape(legend.columns[1])}</th></tr></thead><tbody>` +
        legend.rows.map((r) => `<tr><th scope="row">${escape(r.pressure === "geen" ? (lang === "en" ? "None" : "Geen") : r.label)}</th>${cell(r.without)}${cell(r.with)}</tr>`).join("") +
        `</tbody></table>`);
    } else {
      const p = colouring.slice(7);
      heading = `${t("stackScore", lang)} ${(p === "kwetsbaar" ? vulnerabilityLabel(lang) : perspectiveLabel(p, lang)).toLowerCase()}`;
      const scale = stackScaleOf(stackField("score", p));
      rows.push(colourBar(VALUE_STOPS, [[0, `${auto(scale.lo, lang)}: ${t("stackSubLow", lang)}`], [1, `${auto(scale.hi, lang)}: ${t("stackSubHigh", lang)}`]]));
    }
    if (state.koppel && (state.level === "cells" || state.level === "coarse"))
      rows.push(`<div class="row"><span class="swatch outline koppel" aria-hidden="true"></span>${t("stackKoppelLegend", lang)}</div>`);
    if (state.level !== "coarse") rows.push(...gapRows());
    rows.push(`<p class="neutral" id="stack-neutral">${escape(neutralText(lang))}</p>`);
    return `<h2>${heading}</h2>${rows.join("")}`;
  }

  // Technical details (the grid's definition, counts, load times): out of the
  // way of the Dutch interface, in a details view.
  const res = (manifest as any).resolution as { cell_size_note_nl?: string; share_cells_at_buurt_mode?: number | null } | undefined;
  const details = document.getElementById("grid-details");
  if (details) {
    const parts = [`${auto(manifest.counts.cells, "nl")} ${t("cellCount", "nl")}; ${escape(manifest.grid.description)}`];
    if (res?.cell_size_note_nl) parts.push(escape(res.cell_size_note_nl));
    if (typeof res?.share_cells_at_buurt_mode === "number") parts.push(`${percent(res.share_cells_at_buurt_mode, 0)} ${t("cellsAtBuurtMode", "nl")}.`);
    details.innerHTML = parts.map((p) => `<p>${p}</p>`).join("");
  }

  // The buurten a good wijk average hides (masking.csv), listed beside the map;
  // fetched once the map is up, not before the first paint.
  let masking: Record<string, string>[] | null = null;
  const score = (v: string) => number(Number(v), 1, ui.lang);
  function maskedList(): string {
    if (!masking?.length) return "";
    const items = masking.map((r) =>
      `<li><button type="button" data-buurt="${escape(r.buurt_code)}">${escape(r.buurt_naam)}</button> ${score(r.buurt_score)} ${t("against", ui.lang)} ${score(r.wijk_score)} ${t("inWijk", ui.lang)} ${escape(shortWijk(r.wijk_naam))}</li>`);
    return `<h3>${t("maskedListTitle", ui.lang)}</h3><ul id="masked-list">${items.join("")}</ul>`;
  }
  // Goes to an area: fits the map to it, outlines it and opens its panel.
  function goTo(f: Feature) {
    map.fitBounds(bboxOf([f]), { padding: 60, duration: 0, maxZoom: 14 });
    state.outlined = f;
    render();
    select(f);
  }
  document.getElementById("legend")!.addEventListener("click", (e) => {
    const code = (e.target as HTMLElement).closest<HTMLElement>("[data-buurt]")?.dataset.buurt;
    const hit = code && buurten.features.find((f) => f.properties[areaField("code")] === code);
    if (hit) goTo(hit);
  });

  // The ranked table: buurten (also at cell level), or wijken at wijk level.
  const tableLevel = () => (state.level === "wijken" ? "wijken" : "buurten");
  function renderTable() {
    const el = document.getElementById("areas");
    if (!el) return;
    if (!document.getElementById("areas-table"))
      el.innerHTML = `<h2 id="areas-title"></h2><div id="areas-filter"></div><div id="areas-table"></div>`;
    const level = tableLevel();
    const rows = sortRows(areaRows(layers[level].features, indicators, k, ui.lang), state.sortKey, state.sortDir);
    document.getElementById("areas-title")!.textContent = t("areaTableTitle", ui.lang);
    document.getElementById("areas-table")!.innerHTML = `<div class="table-wrap" tabindex="0" role="region" aria-label="${t("areaTableTitle", ui.lang)}">` +
      tableHtml(rows, state.sortKey, state.sortDir, k, t(level, ui.lang), ui.lang, level === "buurten", marked) + `</div><p class="hint">${t("healthToGain", ui.lang)}: ${t("healthToGainNote", ui.lang)}.</p>`;
  }

  // ---- The learning register: what happens in an area, and the filter on it ----
  function updateMarked() {
    marked = register && state.ivType ? areasWithIntervention(register.interventions(), state.ivType === "*" ? "" : state.ivType, state.ivSince) : null;
    const count = document.getElementById("iv-count");
    if (count) count.textContent = marked ? `${auto(marked.size, ui.lang)} ${t("regFilterCount", ui.lang)}` : "";
  }
  function renderFilter() {
    const el = document.getElementById("areas-filter");
    if (!el || !register) return;
    const lang = ui.lang;
    const options = [["", t("regFilterOff", lang)], ["*", t("regFilterAny", lang)], ...vocabWords("intervention_type").map((w) => [w, vocabLabel("intervention_type", w, lang)])];
    el.innerHTML = `<fieldset class="intervention-filter"><legend>${t("regFilter", lang)}</legend>` +
      `<label for="iv-type">${t("regFilterType", lang)}</label><select id="iv-type">${options.map(([v, text]) => `<option value="${escape(v)}"${v === state.ivType ? " selected" : ""}>${escape(text)}</option>`).join("")}</select>` +
      `<label for="iv-since">${t("regFilterSince", lang)}</label><input id="iv-since" type="number" min="1900" max="2100" step="1" inputmode="numeric" value="${state.ivSince || ""}">` +
      `<p id="iv-count" role="status"></p></fieldset>`;
    updateMarked();
    const changed = () => {
      state.ivType = (document.getElementById("iv-type") as HTMLSelectElement).value;
      state.ivSince = Number((document.getElementById("iv-since") as HTMLInputElement).value) || 0;
      updateMarked();
      renderTable();
      render();
    };
    el.querySelector("#iv-type")!.addEventListener("change", changed);
    el.querySelector("#iv-since")!.addEventListener("change", changed);
  }
  function showRegister(p: Record<string, any>) {
    if (!register) return;
    if (isCell(p)) {
      const code = p[cellField("buurt")];
      return code ? register.show(code, p[cellField("buurt_name")] ?? code) : register.hide();
    }
    register.show(p[areaField("code")], `${p[areaField("name")]} (${p[areaField("code")]})`);
  }
  // Gespreksvragen and "Wie is gehoord?" (conversation.ts): read again after every save.
  let conversation: Awaited<ReturnType<typeof loadConversation>> = null;
  function renderConversation() {
    const el = document.getElementById("conversation");
    if (!el) return;
    el.hidden = !conversation;
    if (!conversation) return;
    const open = (document.getElementById("heard-details") as HTMLDetailsElement | null)?.open ?? false;
    el.innerHTML = conversationHtml(conversation.prompts, conversation.coverage, ui.lang);
    if (open) (document.getElementById("heard-details") as HTMLDetailsElement).open = true;
  }
  async function loadConversationView() {
    conversation = await loadConversation();
    renderConversation();
  }
  document.getElementById("conversation")?.addEventListener("click", (e) => {
    const code = (e.target as HTMLElement).closest<HTMLElement>("[data-area]")?.dataset.area;
    if (!code) return;
    const hit = [...buurten.features, ...wijken.features].find((f) => f.properties[areaField("code")] === code);
    if (!hit) return;
    goTo(hit);
    // The keyboard goes on where the area is explained, not back up the page.
    const title = document.getElementById("panel-title");
    title?.setAttribute("tabindex", "-1");
    title?.focus();
  });
  // "Beleving (Leefplekmeter)" beside an area's figures, and "Waar eerst?" beside the table.
  const areaFeature = (code: string) => [...buurten.features, ...wijken.features].find((f) => f.properties[areaField("code")] === code);
  function showSurvey(p: Record<string, any>) {
    if (!survey) return;
    if (isCell(p)) {
      const code = p[cellField("buurt")];
      return code ? survey.show(code, p[cellField("buurt_name")] ?? code) : survey.hide();
    }
    survey.show(p[areaField("code")], `${p[areaField("name")]} (${p[areaField("code")]})`);
  }
  installSurvey({
    indicators,
    lang: () => ui.lang,
    props: (code) => areaFeature(code)?.properties ?? null,
    openArea: (code) => {
      const hit = areaFeature(code);
      if (!hit) return;
      goTo(hit);
      const title = document.getElementById("panel-title");
      title?.setAttribute("tabindex", "-1");
      title?.focus();
    },
  }).then((s) => {
    survey = s;
    if (s && state.selected) showSurvey(state.selected.properties);
  });
  installRegister({
    indicators,
    lang: () => ui.lang,
    onSaved: () => {
      updateMarked();
      renderTable();
      render();
      loadConversationView();
    },
  }).then((r) => {
    register = r;
    if (!r) return;
    renderTable();
    renderFilter();
    loadConversationView();
    if (state.selected) showRegister(state.selected.properties);
  });

  document.getElementById("areas")?.addEventListener("click", (e) => {
    const target = e.target as HTMLElement;
    const sort = target.closest<HTMLElement>("[data-sort]")?.dataset.sort as SortKey | undefined;
    if (sort) {
      state.sortDir = sort === state.sortKey ? (state.sortDir === "ascending" ? "descending" : "ascending") : firstDirection(sort);
      state.sortKey = sort;
      renderTable();
      document.querySelector<HTMLElement>(`#areas [data-sort="${sort}"]`)?.focus(); // keep the keyboard where it was
      return;
    }
    const code = target.closest<HTMLElement>("[data-area]")?.dataset.area;
    const hit = code && layers[tableLevel()].features.find((f) => f.properties[areaField("code")] === code);
    if (hit) goTo(hit);
  });

  // The chart of residents per score is an area's: hidden until one is chosen.
  const chartEl = document.getElementById("chart")!;
  chartEl.hidden = true;
  async function renderChart(p: Record<string, any>) {
    chartEl.hidden = false;
    chartEl.setAttribute("aria-label", `${t("legend", ui.lang)}: ${nameOf(p)}`);
    const chart = await getChart();
    chart.resize();
    const values = [];
    for (let s = 0; s <= max; s++) values.push(p[areaField("pop_per_score", { score: s })] ?? 0);
    const lang = ui.lang;
    chart.setOption({
      animation: false, // the chart as it is, also in print and PNG
      grid: { left: 55, right: 10, top: 20, bottom: 35 },
      tooltip: { valueFormatter: (v: number) => `${residents(v, lang)} ${t("residents", lang)}` },
      xAxis: { type: "category", data: values.map((_, s) => String(s)), name: t("cellScore", lang), nameLocation: "middle", nameGap: 22 },
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => auto(v, lang) } },
      series: [{ type: "bar", name: t("residentsLabel", lang), data: values.map((v, s) => ({ value: v, itemStyle: { color: scoreColor(s, max), borderColor: "#888" } })) }],
    });
  }

  // "1.234 inwoners", "minder dan 5 inwoners", or that the figure is unknown: never 0 for a missing figure.
  const residentsText = (pop: unknown) => (typeof pop === "number" ? `${residents(pop, ui.lang)} ${t("residents", ui.lang)}` : t("popUnknown", ui.lang));

  function selectCell(p: Record<string, any>): string[] {
    const lang = ui.lang;
    const status = statusOf(p);
    const parts = [`<h2 id="panel-title">${t("cellIn", lang)} ${escape(p[cellField("buurt_name")] ?? "—")}</h2>`];
    const wijk = p[cellField("wijk_name")];
    if (wijk) parts.push(`<p class="hint">${t("inWijkOf", lang)} ${escape(shortWijk(wijk))}</p>`);
    const score = p[cellField("score")];
    const pop = p[cellField("pop")];
    parts.push(`<p>${t("cellScore", lang)}: <b>${typeof score === "number" ? score : "—"}</b> / ${p[cellField("score_max")] ?? max} · ` +
      `${status === S.uninhabited ? statusLabel(status, lang).toLowerCase() : residentsText(pop)}</p>`);
    if (status !== S.scored) parts.push(`<p class="note"><b>${statusLabel(status, lang)}</b>: ${escape(p[cellField("status_reason")] ?? "")}</p>`);
    const lineList = (inds: typeof indicators) =>
      "<ul>" + explainFeature(p, inds, lang).map((l) => `<li class="${l.flagged === true ? "flagged" : l.flagged === null ? "missing" : ""}">${escape(l.label)}: ${l.text}</li>`).join("") + "</ul>";
    if (stack) {
      parts.push(...stackSummary(p, true));
      parts.push(`<h3>${t("stackByPerspective", lang)}</h3>`);
      for (const g of groupByPerspective(indicators.filter((i) => i.supplied), lang))
        parts.push(`<h4 class="perspective-group" data-group="${g.key}">${escape(g.label)}</h4>${lineList(g.indicators)}`);
    } else parts.push(lineList(indicators));
    if (indicators.some((i) => i.supplied && !i.in_score)) parts.push(`<p class="hint">${t("notInScore", lang)}</p>`);
    const missing = indicators.filter((i) => !i.supplied).map((i) => labelOf(i, lang));
    if (missing.length) parts.push(`<p>${t("notSupplied", lang)}: ${missing.map(escape).join(", ")}</p>`);
    return parts;
  }

  function selectArea(p: Record<string, any>): string[] {
    const lang = ui.lang;
    const status = statusOf(p);
    const name = p[areaField("name")];
    const parts = [`<h2 id="panel-title">${escape(name)} (${escape(p[areaField("code")])})</h2>`];
    const wijk = p[areaField("wijk_name")];
    if (wijk) parts.push(`<p class="hint">${t("inWijkOf", lang)} ${escape(shortWijk(wijk))}</p>`);
    const mean = p[areaField("mean_score")];
    const share = p[areaField("share_at_least_k", { k })];
    const gain = p[areaField("health_to_gain")];
    parts.push(`<p>${t("meanScore", lang)}: <b>${typeof mean === "number" ? number(mean, 1, lang) : "—"}</b> · ${residentsText(p[areaField("pop")])}</p>`);
    if (typeof share === "number") parts.push(`<p>${t("shareAtLeast", lang)} ${k} ${t("orHigher", lang)}: ${percent(share, 0, lang)}</p>`);
    if (typeof gain === "number") parts.push(`<p>${t("healthToGain", lang)} (${t("healthToGainNote", lang)}): ${number(gain, 0, lang)}</p>`);
    const reason = p[areaField("status_reason")];
    if (status !== S.scored || reason)
      parts.push(`<p class="note"><b>${status !== S.scored ? statusLabel(status, lang) : t("reason", lang)}</b> (${escape(name)}): ${escape(reason ?? "")}</p>`);
    if (p[areaField("masked")] === 1) parts.push(`<p class="note">${t("masked", lang)}</p>`);
    const drivers = driversOf(p, indicators, lang);
    parts.push(`<h3>${t("drivers", lang)}</h3><p id="panel-drivers">${drivers.length ? drivers.map(escape).join("; ") : t("noDrivers", lang)}</p>`);
    if (stack) parts.push(...stackSummary(p, false));
    // With a stapelkaart the rows come grouped by perspective, a header row per group.
    const groups = stack ? groupByPerspective(indicators.filter((i) => i.supplied), lang) : [{ key: "", label: "", indicators }];
    const lineRow = (l: ReturnType<typeof explainArea>[number]) => `<tr class="${l.worse ? "flagged" : l.worse === null ? "missing" : ""}"><th scope="row">${escape(l.label)}</th><td>${l.share}</td>` +
          `<td>${l.value}${l.worse === true ? ` (${t("pastThreshold", lang)})` : l.worse === false ? ` (${t("withinThreshold", lang)})` : ""}</td><td>${l.threshold || "—"}</td></tr>`;
    const body = groups.map((g) => {
      const rows = explainArea(p, g.indicators, lang);
      if (!rows.length) return "";
      return (g.label ? `<tr class="group-row" data-group="${g.key}"><th scope="colgroup" colspan="4">${escape(g.label)}</th></tr>` : "") + rows.map(lineRow).join("");
    }).join("");
    const lines = explainArea(p, indicators, lang);
    if (lines.length)
      parts.push(`<div class="table-wrap" tabindex="0" role="region" aria-label="${t("shareFlagged", lang)}"><table id="breakdown"><caption>${t("perIndicator", lang)}</caption>` +
        `<thead><tr><th scope="col">${t("indicator", lang)}</th><th scope="col">${t("shareFlagged", lang)}</th><th scope="col">${t("areaValue", lang)}</th><th scope="col">${t("threshold", lang)}</th></tr></thead><tbody>` +
        body + `</tbody></table></div>`);
    if (indicators.some((i) => i.supplied && !i.in_score)) parts.push(`<p class="hint">${t("notInScore", lang)}</p>`);
    renderChart(p);
    return parts;
  }

  // A cell's or area's place in the stapelkaart: its class, the sub-score per
  // perspective, the vulnerability score, the koppelkans; an area's share of residents per class.
  function stackSummary(p: Record<string, any>, cellish: boolean): string[] {
    const lang = ui.lang;
    const field = cellish ? stackCellField : stackAreaField;
    const cls = classOf(p[field("class")], lang);
    const out = [`<p id="panel-stack">${t("stackClass", lang)}: ${cls ? `<span class="swatch" style="display:inline-block;width:0.9rem;height:0.7rem;border:1px solid #888;background:${cls.colour}" aria-hidden="true"></span> <b>${escape(cls.label)}</b>` : "—"}</p>`];
    const score = (v: unknown) => (typeof v === "number" ? auto(v, lang) : "—");
    const items = perspectives.map((q) => `<li>${escape(perspectiveLabel(q, lang))}: ${score(p[field("perspective_score", { perspective: q })])}` +
      (cellish && p[stackCellField("perspective_pressure", { perspective: q })] === 1 ? ` (${t("stackPressure", lang).toLowerCase()})` : "") + `</li>`);
    items.push(`<li>${escape(vulnerabilityLabel(lang))}: ${score(p[field("vulnerability_score")])}` +
      (cellish && p[stackCellField("vulnerable")] === 1 ? ` (${t("yes", lang)})` : "") + `</li>`);
    out.push(`<ul class="stack-scores">${items.join("")}</ul>`);
    if (cellish) {
      const k = p[stackCellField("koppelkans")];
      if (k === 1 || k === true) out.push(`<p>${t("stackKoppelWith", lang)}: ${escape(koppelkansText(p[stackCellField("koppelkans_with")], lang))}</p>`);
    } else {
      const shares = stackLegend(lang).rows.flatMap((r) => [r.without, r.with])
        .map((c) => ({ c, v: p[stackAreaField("share_class", { class: c.code })] }))
        .filter(({ v }) => typeof v === "number" && v > 0);
      if (shares.length)
        out.push(`<p class="hint">${t("stackShares", lang)}: ${shares.map(({ c, v }) => `${escape(c.label.toLowerCase())} ${percent(v > 1 ? v / 100 : v, 0, lang)}`).join("; ")}</p>`);
      const k = p[stackAreaField("share_koppelkans")];
      if (typeof k === "number") out.push(`<p class="hint">${t("stackKoppelWith", lang)}: ${percent(k > 1 ? k / 100 : k, 0, lang)}</p>`);
    }
    return out;
  }

  function select(f: Feature) {
    state.selected = f;
    const p = f.properties;
    const isCoarse = layers.coarse.features.includes(f);
    if (isCell(p) || isCoarse) chartEl.hidden = true;
    if (isCoarse) {
      document.getElementById("panel")!.innerHTML = `<h2 id="panel-title">${t("stackCoarseCell", ui.lang)}</h2>` + stackSummary(p, true).join("");
      debug.selected = p[cellField("id")] ?? "";
      return;
    }
    document.getElementById("panel")!.innerHTML = (isCell(p) ? selectCell(p) : selectArea(p)).join("");
    debug.selected = p[cellField("id")] ?? p[areaField("code")];
    showRegister(p);
    showSurvey(p);
  }

  // Controls.
  (document.getElementById("level") as HTMLSelectElement).addEventListener("change", (e) => {
    state.level = (e.target as HTMLSelectElement).value as Level;
    // deck.gl re-picks only when the pointer moves: hide the old level's tooltip meanwhile.
    document.querySelectorAll<HTMLElement>(".deck-tooltip").forEach((el) => (el.style.display = "none"));
    render();
    renderTable();
  });
  colourSelect.addEventListener("change", () => {
    state.colourBy = colourSelect.value;
    render();
  });
  document.getElementById("koppelkansen")?.addEventListener("change", (e) => {
    state.koppel = (e.target as HTMLInputElement).checked;
    render();
  });
  const list = document.getElementById("buurt-list")!;
  const nameAndCode = (f: Feature) => `${f.properties[areaField("name")]} (${f.properties[areaField("code")]})`;
  list.innerHTML = buurten.features.map((f) => `<option value="${escape(nameAndCode(f))}"></option>`).join("");
  const search = document.getElementById("search") as HTMLInputElement;
  const find = () => {
    const q = search.value.replace(/\s*\(.*\)$/, "");
    const code = /\((\w+)\)$/.exec(search.value)?.[1];
    const hit = buurten.features.find((f) => (code && f.properties[areaField("code")] === code) || matches(q, f.properties[areaField("code")], f.properties[areaField("name")]));
    if (hit) goTo(hit);
  };
  search.addEventListener("change", find);
  search.addEventListener("keydown", (e) => e.key === "Enter" && find());
  fillColourOptions();
  renderTable();
  shell.loaded.then(() => {
    getJson<Record<string, string>[]>("api/masking").then((rows) => {
      masking = rows;
      if (state.level === "buurten") renderLegend();
    });
    addWijkLabels(map, wijken);
    render();
  });
}
