// The map of a `leefkaart series`: the same city year by year. A year slider;
// the score of the chosen year or its change since the base year (blue where
// fewer indicators flag, red where more, hatched where a year cannot be
// compared); per cell its scores and the indicators that flipped, per buurt or
// wijk its trend; and a programme's focus and control buurten with their
// comparison. Indicators serve learning: change is shown with its context,
// never as pass or fail.
import { FillStyleExtension } from "@deck.gl/extensions";
import { GeoJsonLayer } from "@deck.gl/layers";
import type { Camera } from "./camera";
import { FLAGGED, NO_DATA, NOT_FLAGGED, hexToRgba, scoreColor, type Rgba } from "./colors";
import { bboxOf, getJson, loadCells, loadFirstPaintData, type Collection, type Feature } from "./data";
import { labelOf, matches } from "./explain";
import { auto, residents } from "./format";
import { t } from "./i18n";
import { addWijkLabels, createShell, debug, getChart, outlineLayer, ui } from "./map_base";
import { markersOf, markersText, type Marker } from "./register";
import { installRegister, type RegisterPanel } from "./register_panel";
import {
  CHANGE_COLOURS, HATCH_COLOUR, SERIES, maxScoreOf, areaField, cellField, cellScores, changeLegend, changeOf, changeWords, escapeHtml, flipText, parseFlips,
  programmeAreas, readSeries, signed, tableOf, tablePath, trendSeries, trendText, yearSources, type ChangeClass, type ChangeLevel, type TableKey,
} from "./series";

// The named areas of [series.areas] (schema: named_areas_layer) are a level when the series has them.
type Level = "cells" | "buurten" | "wijken" | "named";

// What the end-to-end test reads: the year and colouring on screen, and how
// many features of each change class the map drew.
export interface SeriesDebug {
  year: number;
  colourBy: string;
  classes: Partial<Record<ChangeClass, number>>;
  trend: { code: string; points: number; gaps: number } | null;
  programme: { focus: number; controlsOnMap: number; controlsElsewhere: number } | null;
  // The register's marks on the open trend chart (intervention starts, ends, stops and cycles).
  markers: { code: string; list: Marker[] } | null;
}

export async function startSeries(firstPaint: Promise<Camera>) {
  const [{ view, manifest, buurten, wijken, gemeente }, cells, camera] = await Promise.all([loadFirstPaintData(), loadCells(), firstPaint]);
  const info = readSeries(manifest as any);
  const namedLayer = SERIES.named_areas_layer;
  const named = view.layers.includes(namedLayer) ? await getJson<Collection>(`api/layers/${namedLayer}`) : null;
  const { years, baseYear } = info;
  const max = manifest.score.max;
  const indicators = manifest.indicators ?? [];
  const layers: Record<Level, Collection> = { cells, buurten, wijken, named: named ?? { type: "FeatureCollection", features: [] } };
  if (named) {
    const option = new Option(t("namedAreas", ui.lang), "named");
    option.dataset.t = "namedAreas";
    (document.getElementById("level") as HTMLSelectElement).add(option);
  }
  const buurtByCode = new Map(buurten.features.map((f) => [f.properties.code as string, f]));
  // A cell is named by its buurt: no cell ids in the interface.
  const buurtNameOf = (p: Record<string, any>): string => buurtByCode.get(p[cellField("buurt")])?.properties.naam ?? p[cellField("buurt")] ?? "—";
  const details = document.getElementById("grid-details");
  if (details && manifest.grid?.description) details.textContent = manifest.grid.description;
  const programme = info.programme ? programmeAreas(info.programme, new Set(buurtByCode.keys())) : null;

  const state = {
    level: "cells" as Level,
    colourBy: "score", // as the first paint: the score of the last year
    year: years[years.length - 1],
    selected: null as Feature | null,
  };
  const seriesDebug: SeriesDebug = {
    year: state.year, colourBy: state.colourBy, classes: {}, trend: null, markers: null,
    programme: programme && { focus: programme.focus.length, controlsOnMap: programme.controlsOnMap.length, controlsElsewhere: programme.controlsElsewhere.length },
  };
  (debug as any).series = seriesDebug;
  const changeLevel = (): ChangeLevel => (state.level === "cells" ? "cells" : "areas");
  const comparableOverTime = info.thresholds.comparable_over_time;

  const shell = await createShell({
    camera,
    basemap: manifest.basemap ?? [],
    titleKey: "seriesTitle",
    pngName: "gezondheidskaart-in-de-tijd.png",
    cellCount: cells.features.length,
    tooltip: (object) => {
      const p = object.properties;
      const y = state.year;
      const score = state.level === "cells" ? p[cellField("score", { year: y })] : p[areaField("mean_score", { year: y })];
      const lines = [`${p.naam ?? buurtNameOf(p)} · ${y}`, `${t(state.level === "cells" ? "cellScore" : "meanScore", ui.lang)}: ${typeof score === "number" ? auto(score, ui.lang) : "—"}`];
      if (y !== baseYear) lines.push(`${t("change", ui.lang)} ${t("since", ui.lang)} ${baseYear}: ${changeWords(changeOf(p, y, changeLevel(), baseYear), comparableOverTime, ui.lang)}`);
      return lines.join("\n");
    },
    click: (object) => select(object),
    onLanguage: () => {
      fillColourOptions();
      render();
      renderProgramme();
      if (state.selected) select(state.selected);
    },
  });
  const map = shell.map;

  const classOf = (f: Feature): ChangeClass => changeOf(f.properties, state.year, changeLevel()).cls;
  const colourOf = (f: Feature): Rgba => {
    const p = f.properties;
    const y = state.year;
    if (state.colourBy === "change") {
      const cls = classOf(f);
      return hexToRgba(CHANGE_COLOURS[cls], cls === "no_data" ? 160 : 230);
    }
    if (state.colourBy.startsWith("flag:") && state.level === "cells") {
      const flag = p[cellField("flag", { name: state.colourBy.slice(5), year: y })];
      return flag === 1 ? hexToRgba(FLAGGED, 220) : flag === 0 ? hexToRgba(NOT_FLAGGED, 200) : hexToRgba(NO_DATA, 140);
    }
    const s = state.level === "cells" ? p[cellField("score", { year: y })] : p[areaField("mean_score", { year: y })];
    return typeof s === "number" ? hexToRgba(scoreColor(s, max), 220) : hexToRgba(NO_DATA, 160);
  };

  // Boundaries over the hexagons, and the programme's buurten outlined.
  const outlines = outlineLayer(buurten, wijken);
  const programmeOutlines = programme && new GeoJsonLayer({
    id: "programme",
    data: [
      ...programme.controlsOnMap.map((c) => ({ ...buurtByCode.get(c)!, properties: { role: "control" } })),
      ...programme.focus.map((c) => ({ ...buurtByCode.get(c)!, properties: { role: "focus" } })),
    ] as any,
    filled: false,
    stroked: true,
    getLineColor: (f: any) => (f.properties.role === "focus" ? [0, 0, 0, 255] : [118, 42, 131, 255]),
    getLineWidth: (f: any) => (f.properties.role === "focus" ? 4 : 3),
    lineWidthUnits: "pixels",
  });

  function render() {
    const data = layers[state.level];
    const y = state.year;
    const classes: Partial<Record<ChangeClass, number>> = {};
    if (state.colourBy === "change") for (const f of data.features) classes[classOf(f)] = (classes[classOf(f)] ?? 0) + 1;
    Object.assign(seriesDebug, { year: y, colourBy: state.colourBy, classes });
    const notComparable = state.colourBy === "change" ? data.features.filter((f) => classOf(f) === "not_comparable") : [];
    shell.draw([
      new GeoJsonLayer({
        id: `fill-${state.level}`,
        data: data as any,
        pickable: true,
        filled: true,
        stroked: state.level !== "cells",
        getFillColor: colourOf as any,
        getLineColor: (f: any) => (f.properties[areaField("masked", { year: y })] === 1 ? [214, 96, 0, 255] : [60, 60, 60, 200]),
        getLineWidth: (f: any) => (f.properties[areaField("masked", { year: y })] === 1 ? 4 : 1),
        lineWidthUnits: "pixels",
        updateTriggers: { getFillColor: [state.colourBy, state.level, y], getLineColor: [y], getLineWidth: [y] },
      }),
      // Not comparable: hatched over white, so it is told apart without colour.
      new GeoJsonLayer({
        id: `not-comparable-${state.level}-${y}`,
        data: notComparable as any,
        filled: true,
        stroked: false,
        getFillColor: hexToRgba(HATCH_COLOUR),
        extensions: [new FillStyleExtension({ pattern: true, proceduralPattern: true })],
        fillPatternMapping: { hatch: { type: "hatch", angle: 45, strokeWidth: 1, gap: 4 } },
        fillPatternSizeUnits: "pixels",
        getFillPattern: () => "hatch",
        getFillPatternBackgroundColor: hexToRgba(CHANGE_COLOURS.not_comparable),
      } as any),
      outlines,
      ...(programmeOutlines ? [programmeOutlines] : []),
    ], state.level, data.features.length);
    renderLegend();
  }

  // ---- Controls ----
  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    colourSelect.innerHTML = "";
    const add = (value: string, text: string) => colourSelect.add(new Option(text, value));
    add("score", t("scoreIn", ui.lang));
    add("change", `${t("changeSince", ui.lang)} ${baseYear}`);
    for (const ind of indicators)
      if (ind.supplied) add(`flag:${ind.name}`, `${t("flaggedBy", ui.lang)}: ${labelOf(ind, ui.lang)}`);
    colourSelect.value = state.colourBy;
  }
  colourSelect.addEventListener("change", () => {
    state.colourBy = colourSelect.value;
    render();
  });

  const slider = document.getElementById("year") as HTMLInputElement;
  const yearShown = document.getElementById("year-value") as HTMLOutputElement;
  slider.min = "0";
  slider.max = String(years.length - 1);
  slider.step = "1";
  const showYear = () => {
    slider.value = String(years.indexOf(state.year));
    slider.setAttribute("aria-valuetext", String(state.year));
    yearShown.textContent = String(state.year);
  };
  showYear();
  slider.addEventListener("input", () => {
    state.year = years[Number(slider.value)];
    showYear();
    render();
    if (state.selected) select(state.selected);
  });

  (document.getElementById("level") as HTMLSelectElement).addEventListener("change", (e) => {
    state.level = (e.target as HTMLSelectElement).value as Level;
    document.querySelectorAll<HTMLElement>(".deck-tooltip").forEach((el) => (el.style.display = "none"));
    render();
  });

  const list = document.getElementById("buurt-list")!;
  list.innerHTML = buurten.features.map((f) => `<option value="${escapeHtml(`${f.properties.naam} (${f.properties.code})`)}"></option>`).join("");
  const search = document.getElementById("search") as HTMLInputElement;
  const goTo = (hit: Feature) => {
    map.fitBounds(bboxOf([hit]), { padding: 60, duration: 0, maxZoom: 14 });
    select(hit);
  };
  const find = () => {
    const q = search.value.replace(/\s*\(.*\)$/, "");
    const code = /\((\w+)\)$/.exec(search.value)?.[1];
    const hit = buurten.features.find((f) => (code && f.properties.code === code) || matches(q, f.properties.code, f.properties.naam));
    if (hit) goTo(hit);
  };
  search.addEventListener("change", find);
  search.addEventListener("keydown", (e) => e.key === "Enter" && find());

  // ---- Legend ----
  function renderLegend() {
    const lang = ui.lang;
    const y = state.year;
    const swatch = (colour: string, text: string, cls = "") => `<div class="row"><span class="swatch ${cls}" style="background:${colour}"></span>${text}</div>`;
    const rows: string[] = [];
    let heading: string;
    if (state.colourBy === "change") {
      heading = `${t("changeSince", lang)} ${baseYear} (${y})`;
      if (y === baseYear) rows.push(`<p class="note">${t("baseYearNote", lang)}</p>`);
      for (const l of changeLegend(changeLevel(), lang))
        rows.push(l.cls === "not_comparable" ? swatch("", l.text, "hatch") : swatch(CHANGE_COLOURS[l.cls], l.text));
    } else if (state.colourBy.startsWith("flag:") && state.level === "cells") {
      const ind = indicators.find((i) => i.name === state.colourBy.slice(5))!;
      heading = `${t("flaggedBy", lang)}: ${labelOf(ind, lang)} (${y})`;
      rows.push(swatch(FLAGGED, t("flagged", lang)), swatch(NOT_FLAGGED, t("notFlagged", lang)), swatch(NO_DATA, t("noData", lang)));
    } else {
      heading = `${t("legend", lang)} (0–${max}), ${y}`;
      const g = gemeente.features[0]?.properties ?? {};
      for (let k = 0; k <= max; k++) {
        const pop = g[areaField("pop_per_score", { score: k, year: y })];
        rows.push(swatch(scoreColor(k, max), `${k}: ${typeof pop === "number" ? auto(Math.round(pop), lang) : "—"} ${t("residents", lang)}`));
      }
      rows.push(swatch(NO_DATA, t("noData", lang)));
    }
    // The context every change needs: what the year's map is made of, are the
    // years comparable at all, and the city's gap.
    const sources = yearSources(info, y, indicators, lang);
    if (sources.length) rows.push(`<h3>${t("sourcesOfYear", lang)} ${y}</h3><ul>${sources.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>`);
    rows.push(comparableOverTime
      ? `<p>${t("thresholdsBase", lang)}</p>`
      : `<p class="note"><strong>${t("notComparableOverTime", lang)}</strong>: ${t("thresholdsPerYear", lang)}</p>`);
    if (info.gap) {
      const v = info.gap.per_year[String(y)];
      const pct = info.gap.change_pct[String(y)];
      rows.push(`<p>${t("gap", lang)} ${y}: <b>${typeof v === "number" ? auto(v, lang) : "—"}</b>` +
        (typeof pct === "number" ? ` (${signed(pct, lang)} % ${t("since", lang)} ${baseYear}${comparableOverTime ? "" : `, ${t("notComparableOverTime", lang)}`})` : "") +
        `. ${t("gapDefinition", lang).replaceAll("{p}", auto(info.gap.fraction * 100, lang))}</p>`);
    }
    if (programme) {
      rows.push(`<div class="row"><span class="swatch outline focus"></span>${t("focusAreas", lang)}</div>`);
      rows.push(`<div class="row"><span class="swatch outline control"></span>${t("controlAreas", lang)}</div>`);
    }
    document.getElementById("legend")!.innerHTML = `<h2>${heading}</h2>${rows.join("")}`;
  }

  // ---- Panel ----
  // The open area's register marks (from register_panel.ts), drawn on its trend.
  let marks: { code: string; list: Marker[] } | null = null;
  let lastTrend: { title: string; points: { year: number; value: number | null }[]; code: string } | null = null;
  async function renderTrend(title: string, points: { year: number; value: number | null }[], code: string) {
    lastTrend = { title, points, code };
    const el = document.getElementById("chart")!;
    el.hidden = false;
    const list = marks?.code === code ? marks.list : [];
    el.setAttribute("aria-label", `${title}: ${trendText(points, ui.lang)}` + (list.length ? `. ${t("regMarkers", ui.lang)}: ${markersText(list, ui.lang)}` : ""));
    const chart = await getChart();
    chart.resize();
    // A year axis of numbers, so that a mark falls on its date within the year;
    // widened to show marks before the first or after the last year.
    const xs = [points[0]?.year ?? 0, points[points.length - 1]?.year ?? 0, ...list.map((m) => m.x)];
    const colourOf = (m: Marker) => (m.kind === "cycle" ? "#555" : m.kind === "start" ? "#1b7837" : "#762a83");
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 24, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => (typeof v === "number" ? auto(v, ui.lang) : "—") },
      xAxis: { type: "value", min: Math.floor(Math.min(...xs)), max: Math.ceil(Math.max(...xs)), minInterval: 1, splitNumber: 6, axisLabel: { formatter: (v: number) => String(v) } },
      yAxis: { type: "value", min: 0, max, name: t("meanScore", ui.lang), nameTextStyle: { color: "#333" }, axisLabel: { formatter: (v: number) => auto(v, ui.lang) } },
      // A missing year is null: ECharts breaks the line there (connectNulls false), it never draws 0.
      series: [{ type: "line", data: points.map((p) => [p.year, p.value]), connectNulls: false, showSymbol: true, symbolSize: 7,
                 lineStyle: { color: "#3e4989", width: 2 }, itemStyle: { color: "#3e4989" },
                 markLine: { silent: false, symbol: "none", animation: false, data: list.map((m) => ({
                   xAxis: m.x, name: m.label,
                   lineStyle: { color: colourOf(m), type: m.kind === "cycle" ? "dotted" : "solid", width: m.kind === "cycle" ? 1 : 2 },
                   label: { show: m.kind !== "cycle", formatter: m.label, position: "insideEndTop", color: "#222", fontSize: 10 },
                 })) } }],
    }, true);
    seriesDebug.trend = { code, points: points.filter((p) => p.value !== null).length, gaps: points.filter((p) => p.value === null).length };
    seriesDebug.markers = { code, list };
  }

  function changeLine(p: Record<string, any>): string {
    const lang = ui.lang;
    if (state.year === baseYear) return `<p>${t("baseYearNote", lang)}</p>`;
    const c = changeOf(p, state.year, changeLevel(), baseYear);
    const label = `${t("change", lang)} ${t("since", lang)} ${baseYear}`;
    const note = c.cls === "not_comparable" || !comparableOverTime ? ' class="note"' : "";
    return `<p${note}>${label}: ${escapeHtml(changeWords(c, comparableOverTime, lang))}</p>`;
  }

  function select(f: Feature) {
    state.selected = f;
    const p = f.properties;
    const lang = ui.lang;
    const y = state.year;
    const parts: string[] = [];
    const chart = document.getElementById("chart")!;
    if (p.cell_id !== undefined) {
      chart.hidden = true;
      seriesDebug.trend = null;
      parts.push(`<h2 id="panel-title">${t("cellIn", lang)} ${escapeHtml(buurtNameOf(p))} · ${y}</h2>`);
      const score = p[cellField("score", { year: y })];
      const pop = p[cellField("pop", { year: y })];
      parts.push(`<p>${t("cellScore", lang)}: <b>${score ?? "—"}</b> / ${maxScoreOf(info, y, max)} · ${typeof pop === "number" ? `${residents(pop, lang)} ${t("residents", lang)}` : t("popUnknown", lang)}</p>`);
      if (p[cellField("suppressed", { year: y })] === 1) parts.push(`<p class="note">${t("suppressed", lang)}</p>`);
      parts.push(changeLine(p));
      parts.push(`<h3>${t("scorePerYear", lang)}</h3><ul>${cellScores(p, years)
        .map((s) => `<li>${s.year}: ${s.value === null ? t("noValue", lang) : s.value}</li>`).join("")}</ul>`);
      // Which indicators flipped, year by year against the base year.
      const flips = years.filter((yy) => yy !== baseYear).map((yy) => {
        const list = parseFlips(p[cellField("flips", { year: yy })]).map((fl) => escapeHtml(flipText(fl, yy, indicators, lang)));
        return `<li>${yy}: ${list.length ? list.join("; ") : t("noFlips", lang)}</li>`;
      });
      parts.push(`<h3>${t("flipsTitle", lang)} (${t("since", lang)} ${baseYear})</h3><ul id="flips">${flips.join("")}</ul>`);
    } else {
      const name = p.naam && p.naam !== p.code ? `${p.naam} (${p.code})` : p.code; // a named area's code is its name
      parts.push(`<h2 id="panel-title">${escapeHtml(name)} · ${y}</h2>`);
      const mean = p[areaField("mean_score", { year: y })];
      const pop = p[areaField("pop", { year: y })];
      parts.push(`<p>${t("meanScore", lang)}: <b>${typeof mean === "number" ? auto(mean, lang) : "—"}</b> · ${typeof pop === "number" ? auto(Math.round(pop), lang) : "—"} ${t("residents", lang)}</p>`);
      parts.push(changeLine(p));
      const slope = p[areaField("slope")];
      if (typeof slope === "number")
        parts.push(`<p>${t("slope", lang)}: ${signed(slope, lang)} ${t("perYear", lang)}, ${t("overYears", lang).replace("{n}", String(p[areaField("slope_years")] ?? "—"))}</p>`);
      if (p[areaField("masked", { year: y })] === 1) parts.push(`<p class="note">${t("masked", lang)}</p>`);
      if (programme?.focus.includes(p.code)) parts.push(`<p>${t("isFocus", lang)} ${escapeHtml(info.programme!.name)}</p>`);
      if (programme?.controlsOnMap.includes(p.code)) parts.push(`<p>${t("isControl", lang)} ${escapeHtml(info.programme!.name)}</p>`);
      const title = `${t("meanScorePerYear", lang)}, ${p.naam ?? p.code}`;
      parts.push(`<h3>${t("meanScorePerYear", lang)}</h3><p class="hint">${t("trendGaps", lang)}</p>`);
      renderTrend(title, trendSeries(p, years), p.code);
    }
    document.getElementById("panel")!.innerHTML = parts.join("");
    debug.selected = p.cell_id ?? p.code;
    showRegister(p);
  }

  // ---- The learning register: what happens in the area, and its marks on the trend ----
  let register: RegisterPanel | null = null;
  function showRegister(p: Record<string, any>) {
    if (!register) return;
    if (p.cell_id !== undefined) {
      const code = p[cellField("buurt")];
      return code ? register.show(code, buurtNameOf(p)) : register.hide();
    }
    if (state.level === "named") return register.hide(); // a named area is no area of the register
    register.show(p.code, p.naam && p.naam !== p.code ? `${p.naam} (${p.code})` : p.code);
  }
  installRegister({
    indicators,
    lang: () => ui.lang,
    onArea: (code, answer) => {
      marks = { code, list: markersOf(answer, ui.lang) };
      if (lastTrend?.code === code && state.selected?.properties.code === code) renderTrend(lastTrend.title, lastTrend.points, lastTrend.code);
    },
  }).then((r) => {
    register = r;
    if (r && state.selected) showRegister(state.selected.properties);
  });

  // ---- Programme ----
  const tables: Partial<Record<TableKey, Record<string, string | null>[] | null>> = {};
  function tableHtml(key: TableKey, caption: string): string {
    const rows = tables[key];
    if (rows === undefined) return "";
    if (rows === null) return `<p>${caption}: ${t("noTable", ui.lang)}</p>`;
    const { columns, cells: body } = tableOf(rows, ui.lang);
    return `<div class="table-wrap" role="region" tabindex="0" aria-label="${escapeHtml(caption)}"><table id="table-${key}"><caption>${escapeHtml(caption)}</caption>` +
      // Column names as the CSV writes them, with spaces for underscores so they wrap.
      `<thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c.replace(/_/g, " "))}</th>`).join("")}</tr></thead>` +
      `<tbody>${body.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
  }
  function renderProgramme() {
    const section = document.getElementById("programme")!;
    if (!info.programme || !programme) return void (section.hidden = true);
    const lang = ui.lang;
    const pr = info.programme;
    const named = (code: string) => {
      const f = buurtByCode.get(code);
      return f ? `<button type="button" data-buurt="${escapeHtml(code)}">${escapeHtml(f.properties.naam)}</button>` : escapeHtml(code);
    };
    section.hidden = false;
    section.innerHTML = [
      `<h2>${t("programme", lang)}: ${escapeHtml(pr.name)}</h2>`,
      `<p>${t("baseline", lang)} ${pr.baseline_year}; ${t("followUp", lang)} ${pr.follow_up_years.join(", ")}</p>`,
      `<h3>${t("focusAreas", lang)}</h3><ul>${[...programme.focus, ...programme.focusElsewhere].map((c) => `<li>${named(c)}</li>`).join("")}</ul>`,
      `<h3>${t("controlAreas", lang)}</h3><ul>${programme.controlsOnMap.map((c) => `<li>${named(c)}</li>`).join("")}</ul>`,
      programme.controlsElsewhere.length
        ? `<h3>${t("controlsElsewhere", lang)}</h3><ul id="controls-elsewhere">${programme.controlsElsewhere.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul>`
        : "",
      pr.warnings.length ? `<h3>${t("warnings", lang)}</h3><ul>${pr.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>` : "",
      tableHtml("programme_comparison", t("comparison", lang)),
      tableHtml("programme_controls", t("controlsTable", lang)),
    ].join("");
  }
  document.getElementById("programme")!.addEventListener("click", (e) => {
    const code = (e.target as HTMLElement).closest<HTMLElement>("[data-buurt]")?.dataset.buurt;
    const hit = code && buurtByCode.get(code);
    if (hit) goTo(hit);
  });

  fillColourOptions();
  renderProgramme();
  shell.loaded.then(() => {
    if (info.programme)
      for (const key of ["programme_comparison", "programme_controls"] as TableKey[])
        getJson<Record<string, string | null>[]>(tablePath(key)).then(
          (rows) => ((tables[key] = rows), renderProgramme()),
          () => ((tables[key] = null), renderProgramme()));
    addWijkLabels(map, wijken);
    render();
  });
}
