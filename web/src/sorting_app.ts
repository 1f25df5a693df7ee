// The map of a sorting monitor (`leefkaart sorting`): the region's buurten by
// a vulnerable group's share in a year or its change in percentage points, the
// zones outlined and named, the buurten of the early-warning layer outlined and
// listed with the reason per criterion, the hot spots on request, and per buurt
// its shares, change, place against the region and concentration band. Tables
// give the same figures as text. The neutral text stays in view: composition
// is shown beside health, never as its cause. Names from schema/sorting.json.
import { GeoJsonLayer, ScatterplotLayer } from "@deck.gl/layers";
import maplibregl from "maplibre-gl";
import type { Camera } from "./camera";
import { hexToRgba } from "./colors";
import { bboxOf, getJson, loadFirstPaintData, type Collection, type Feature } from "./data";
import { number, residents } from "./format";
import { t } from "./i18n";
import { centreOf, createShell, debug, ui } from "./map_base";
import {
  LAYERS, SORTING, bandLabel, buurtField, changeColour, changeLegend, groupLabel, groupsOf, hotspotCodes, hotspotColour, hotspotField, hotspotLabel,
  isEarlyWarning, measures, regionChange, regionFigures, neutralText, reasonsOf, share, shareBreaks, shareColour, shareLegend, signedPoints, snapshotsOf, yearsOf, zoneCodes,
  zoneColour, zoneField, zoneLabel, type Group,
} from "./sorting";

const EMPTY: Collection = { type: "FeatureCollection", features: [] };
const escape = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

// What the end-to-end test reads: the colouring, the early-warning buurten
// drawn and listed, the zones named on the map, the open buurt.
export interface SortingDebug {
  colourBy: string;
  warningsDrawn: number;
  warningsListed: number;
  zonesNamed: string[];
  hotspotsDrawn: number;
}

export async function startSorting(firstPaint: Promise<Camera>) {
  const [{ view, manifest, cells: firstBuurten }, camera] = await Promise.all([loadFirstPaintData(), firstPaint]);
  const layer = (name: string) => (view.layers.includes(name) ? getJson<Collection>(`api/layers/${name}`) : Promise.resolve(EMPTY));
  const [buurten, zones, hotspots, warnings] = await Promise.all([
    layer(LAYERS.buurten), layer(LAYERS.zones), layer(LAYERS.hotspots), layer(LAYERS.early_warning),
  ]);
  const m = manifest as Record<string, any>;
  const groups: Group[] = groupsOf(m);
  const snapshots = snapshotsOf(m);
  const yearsByGroup = new Map(groups.map((g) => [g.name, yearsOf(buurten.features, g.name)]));
  const code = (p: Record<string, any>) => p[buurtField("code")] as string;
  const warningCodes = new Set(warnings.features.map((f) => code(f.properties)));
  const byCode = new Map(buurten.features.map((f) => [code(f.properties), f]));

  const state = {
    colourBy: `change:${groups[0]?.name ?? ""}`, // as the first paint (the server's paint field)
    hotspots: false,
    selected: null as Feature | null,
  };
  const sortingDebug: SortingDebug = { colourBy: state.colourBy, warningsDrawn: 0, warningsListed: 0, zonesNamed: [], hotspotsDrawn: 0 };
  (debug as any).sorting = sortingDebug;
  const groupOf = () => groups.find((g) => g.name === state.colourBy.split(":")[1]) ?? groups[0];
  const placeOf = (p: Record<string, any>) => [p[buurtField("name")], p[buurtField("gemeente_name")]].filter((x) => x).join(", ");

  // Shares are classed per group and year over the region's buurten.
  const breaks = new Map<string, number[]>();
  const breaksOf = (field: string) => {
    if (!breaks.has(field)) breaks.set(field, shareBreaks(buurten.features.map((f) => f.properties[field]).filter(isNum)));
    return breaks.get(field)!;
  };
  const valueText = (p: Record<string, any>): string => {
    const [kind, group, year] = state.colourBy.split(":");
    if (kind === "zone") return zoneLabel(p[buurtField("zone")], ui.lang);
    const v = kind === "change" ? p[buurtField("change", { group })] : p[buurtField("share", { group, year })];
    return isNum(v) ? (kind === "change" ? signedPoints(v, ui.lang) : share(v, ui.lang)) : t("noValue", ui.lang);
  };
  const colourOf = (f: Feature): string => {
    const p = f.properties;
    const [kind, group, year] = state.colourBy.split(":");
    if (kind === "zone") return zoneColour(p[buurtField("zone")]);
    if (kind === "change") return changeColour(p[buurtField("change", { group })]);
    const field = buurtField("share", { group, year });
    return shareColour(p[field], breaksOf(field));
  };

  const shell = await createShell({
    camera,
    basemap: m.basemap ?? [],
    titleKey: "sortingTitle",
    pngName: "uitsortering.png",
    cellCount: buurten.features.length || firstBuurten.features.length,
    countKey: "sortingCount",
    tooltip: (object) => {
      const p = object.properties;
      const lines = [placeOf(p), `${colourSelect.selectedOptions[0]?.text ?? ""}: ${valueText(p)}`];
      if (warningCodes.has(code(p))) lines.push(t("sortingWarning", ui.lang));
      return lines.join("\n");
    },
    click: (object) => select(byCode.get(code(object.properties)) ?? object),
    onLanguage: () => {
      fillColourOptions();
      render();
      renderSide();
      if (state.selected) select(state.selected);
    },
  });
  const map = shell.map;

  // Zone names on the map (HTML, like the wijk names; the zone table says the same).
  // A zone's name sits on its largest buurt: the middle of a ring-shaped zone
  // (the rest of the region around the city) would be in another zone.
  const bboxArea = (f: Feature) => { const [x0, y0, x1, y1] = bboxOf([f]); return (x1 - x0) * (y1 - y0); };
  const labelPlace = (zone: Feature): [number, number] => {
    const inZone = buurten.features.filter((b) => b.properties[buurtField("zone")] === zone.properties[zoneField("zone")]);
    return inZone.length ? centreOf(inZone.reduce((a, b) => (bboxArea(b) > bboxArea(a) ? b : a))) : centreOf(zone);
  };
  function addZoneLabels() {
    for (const f of zones.features) {
      const name = f.properties[zoneField("name")] ?? zoneLabel(f.properties[zoneField("zone")], "nl");
      const label = document.createElement("div");
      label.className = "wijk-label zone-label";
      label.textContent = name;
      label.setAttribute("aria-hidden", "true");
      new maplibregl.Marker({ element: label }).setLngLat(labelPlace(f)).addTo(map);
      sortingDebug.zonesNamed.push(name);
    }
  }

  function render() {
    const [kind, group] = state.colourBy.split(":");
    const spots = state.hotspots && kind !== "zone"
      ? hotspots.features.filter((f) => hotspotColour(f.properties[hotspotField("class", { group })]) && f.properties[hotspotField("class", { group })] !== "geen")
      : [];
    Object.assign(sortingDebug, { colourBy: state.colourBy, warningsDrawn: warnings.features.length, hotspotsDrawn: spots.length });
    shell.draw([
      new GeoJsonLayer({
        id: "buurten",
        data: buurten as any,
        pickable: true,
        filled: true,
        stroked: true,
        getFillColor: ((f: Feature) => hexToRgba(colourOf(f), 225)) as any,
        getLineColor: [120, 120, 120, 200],
        getLineWidth: 0.6,
        lineWidthUnits: "pixels",
        updateTriggers: { getFillColor: [state.colourBy] },
      }),
      ...(spots.length ? [new GeoJsonLayer({
        id: `hotspots-${group}`,
        data: spots as any,
        filled: true,
        stroked: false,
        getFillColor: ((f: Feature) => hexToRgba(hotspotColour(f.properties[hotspotField("class", { group })])!, 200)) as any,
      })] : []),
      // Zones: a dark halo under the zone's own colour, so a pale zone colour shows on any fill.
      new GeoJsonLayer({ id: "zones-halo", data: zones as any, filled: false, stroked: true, getLineColor: [40, 40, 40, 255], getLineWidth: 5, lineWidthUnits: "pixels" }),
      new GeoJsonLayer({
        id: "zones", data: zones as any, filled: false, stroked: true, lineWidthUnits: "pixels", getLineWidth: 2.5,
        getLineColor: ((f: Feature) => hexToRgba(zoneColour(f.properties[zoneField("zone")]))) as any,
      }),
      // The early-warning buurten: black on a white halo.
      new GeoJsonLayer({ id: "warnings-halo", data: warnings as any, filled: false, stroked: true, getLineColor: [255, 255, 255, 255], getLineWidth: 7, lineWidthUnits: "pixels" }),
      new GeoJsonLayer({ id: "warnings", data: warnings as any, filled: false, stroked: true, getLineColor: [0, 0, 0, 255], getLineWidth: 3.5, lineWidthUnits: "pixels" }),
      // A ring on each early-warning buurt, so a small buurt is seen at the scale of the region too.
      new ScatterplotLayer({
        id: "warning-rings", data: warnings.features as any, getPosition: ((f: Feature) => centreOf(f)) as any, getRadius: 9, radiusUnits: "pixels",
        filled: false, stroked: true, getLineColor: [0, 0, 0, 255], lineWidthMinPixels: 3,
      }),
      ...(state.selected ? [new GeoJsonLayer({
        id: "chosen", data: [state.selected] as any, filled: false, stroked: true, getLineColor: [231, 41, 138, 255], getLineWidth: 3, lineWidthUnits: "pixels",
      })] : []),
    ], "buurten", buurten.features.length);
    renderLegend();
  }

  // ---- Controls: what the buurten are coloured by, and the hot spots ----
  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    const lang = ui.lang;
    colourSelect.innerHTML = "";
    for (const g of groups) {
      const years = yearsByGroup.get(g.name) ?? [];
      const span = years.length > 1 ? ` ${years[0]}–${years[years.length - 1]}` : "";
      colourSelect.add(new Option(`${t("sortingChange", lang)}${span}: ${groupLabel(g, lang)} (${lang === "en" ? "percentage points" : "procentpunt"})`, `change:${g.name}`));
      for (const y of years) colourSelect.add(new Option(`${t("sortingShareIn", lang)} ${y}: ${groupLabel(g, lang)} (%)`, `share:${g.name}:${y}`));
    }
    colourSelect.add(new Option(t("sortingZonesColour", lang), "zone"));
    colourSelect.value = state.colourBy;
  }
  colourSelect.addEventListener("change", () => {
    state.colourBy = colourSelect.value;
    render();
    renderBuurtTable();
  });
  const hotspotBox = document.getElementById("hotspots") as HTMLInputElement | null;
  if (hotspotBox) {
    hotspotBox.disabled = !hotspots.features.length;
    hotspotBox.addEventListener("change", () => {
      state.hotspots = hotspotBox.checked;
      render();
    });
  }

  const swatch = (colour: string, text: string, cls = "") =>
    `<div class="row"><span class="swatch ${cls}" style="background-color:${colour}" aria-hidden="true"></span>${text}</div>`;
  const outlineRow = (cls: string, text: string) => `<div class="row"><span class="swatch outline ${cls}" aria-hidden="true"></span>${text}</div>`;
  function renderLegend() {
    const lang = ui.lang;
    const [kind, group, year] = state.colourBy.split(":");
    const rows: string[] = [];
    if (kind === "zone") for (const z of zoneCodes()) rows.push(swatch(zoneColour(z), zoneLabel(z, lang)));
    else if (kind === "change") for (const r of [...changeLegend(lang)].reverse()) rows.push(swatch(r.colour, r.label));
    else for (const r of [...shareLegend(breaksOf(buurtField("share", { group, year })), lang)].reverse()) rows.push(swatch(r.colour, r.label));
    rows.push(swatch("#d9d9d9", t("noValue", lang)));
    if (state.hotspots && kind !== "zone") {
      const has = hotspots.features.some((f) => f.properties[hotspotField("class", { group })] !== undefined);
      rows.push(`<h3>${t("sortingHotspots", lang).replace(/ tonen$| show$/i, "")}</h3>`);
      if (has) for (const c of hotspotCodes().filter((c) => c !== "geen")) rows.push(swatch(hotspotColour(c)!, hotspotLabel(c, lang)));
      else rows.push(`<p class="hint">${t("sortingHotspotsNone", lang)}</p>`);
    }
    rows.push(outlineRow("zone", t("sortingZoneLegend", lang)), outlineRow("warning", t("sortingWarningLegend", lang)));
    document.getElementById("legend")!.innerHTML = `<h2>${escape(colourSelect.selectedOptions[0]?.text ?? "")}</h2>${rows.join("")}`;
  }

  // ---- The buurt panel ----
  function groupRows(p: Record<string, any>, g: Group): string {
    const lang = ui.lang;
    const years = yearsByGroup.get(g.name) ?? [];
    const cell = (v: unknown, f: (x: number) => string) => (isNum(v) ? f(v) : "—");
    const rows = years.map((y) => {
      const band = bandLabel(p[buurtField("band", { group: g.name, year: y })], lang);
      return `<tr><th scope="row">${y}</th><td>${cell(p[buurtField("share", { group: g.name, year: y })], (v) => share(v, lang))}</td>` +
        `<td>${cell(p[buurtField("share_vs_region", { group: g.name, year: y })], (v) => signedPoints(v, lang))}</td>` +
        `<td>${cell(p[buurtField("location_quotient", { group: g.name, year: y })], (v) => number(v, 2, lang))}</td>` +
        `<td>${band ? escape(band) : "—"}</td></tr>`;
    });
    const change = p[buurtField("change", { group: g.name })];
    const vsRegion = p[buurtField("change_vs_region", { group: g.name })];
    const span = years.length > 1 ? ` ${years[0]}–${years[years.length - 1]}` : "";
    return `<h3>${escape(groupLabel(g, lang))}</h3>` +
      `<p>${t("sortingChange", lang)}${span}: <b>${isNum(change) ? signedPoints(change, lang) : t("noValue", lang)}</b>` +
      (isNum(vsRegion) ? ` (${t("sortingVsRegion", lang)}: ${signedPoints(vsRegion, lang)})` : "") + `</p>` +
      `<div class="table-wrap" tabindex="0" role="region" aria-label="${escape(groupLabel(g, lang))}"><table class="sorting-buurt">` +
      `<caption>${escape(groupLabel(g, lang))}: ${t("sortingShareIn", lang).toLowerCase()} ${lang === "en" ? "per year" : "per jaar"}</caption>` +
      `<thead><tr><th scope="col">${t("sortingYear", lang)}</th><th scope="col">${t("sortingShareIn", lang)}</th><th scope="col">${t("sortingVsRegion", lang)}</th>` +
      `<th scope="col">${t("sortingLq", lang)}</th><th scope="col">${t("sortingBand", lang)}</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
  }

  function select(f: Feature) {
    state.selected = f;
    const p = f.properties;
    const lang = ui.lang;
    const parts = [`<h2 id="panel-title">${escape(p[buurtField("name")])} (${escape(code(p))})</h2>`];
    const gm = p[buurtField("gemeente_name")];
    const focus = p[buurtField("in_focus")];
    parts.push(`<p>${gm ? `${t("sortingGemeente", lang)}: ${escape(gm)} · ` : ""}${t("sortingZone", lang)}: ${escape(zoneLabel(p[buurtField("zone")], lang))}` +
      (isNum(p[buurtField("pop")]) ? ` · ${residents(p[buurtField("pop")], lang)} ${t("residents", lang)}` : "") + `</p>`);
    if (focus !== undefined && focus !== null)
      parts.push(`<p>${t("sortingFocus", lang)}: ${focus === true || focus === 1 ? t("yes", lang) : t("no", lang)}</p>`);
    const warning = warnings.features.find((w) => code(w.properties) === code(p));
    if (warning || isEarlyWarning(p)) {
      const reasons = reasonsOf(warning?.properties ?? p, lang);
      parts.push(`<div class="note" id="panel-warning"><b>${t("sortingWarning", lang)}</b><ul>` +
        reasons.map((r) => `<li>${escape(r.label)}${r.reason ? `: ${escape(r.reason)}` : ""}</li>`).join("") + `</ul></div>`);
    }
    for (const g of groups) parts.push(groupRows(p, g));
    const shown = snapshots.filter((s) => p[buurtField("snapshot", { snapshot: s.name })] !== undefined);
    if (shown.length)
      parts.push(`<h3>${t("sortingSnapshots", lang)}</h3><ul>` + shown.map((s) => {
        const v = p[buurtField("snapshot", { snapshot: s.name })];
        return `<li>${escape(s.label)}: ${isNum(v) ? number(v, Math.abs(v) < 10 ? 2 : 1, lang) : escape(v ?? "—")}</li>`;
      }).join("") + `</ul>`);
    document.getElementById("panel")!.innerHTML = parts.join("");
    debug.selected = code(p);
    render();
  }
  function goTo(f: Feature) {
    map.fitBounds(bboxOf([f]), { padding: 80, duration: 0, maxZoom: 14 });
    select(f);
    const title = document.getElementById("panel-title");
    title?.setAttribute("tabindex", "-1");
    title?.focus();
  }

  // ---- Beside the map: the neutral text, the early signals, the zones, the buurten, the measures ----
  const side = document.getElementById("side")!;
  document.getElementById("chart")!.hidden = true; // no chart here: the tables give the figures
  const section = (id: string, before: Element | null) => {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement("section");
      el.id = id;
      side.insertBefore(el, before);
    }
    return el;
  };
  const neutral = section("neutral", document.getElementById("legend"));
  neutral.className = "neutral";
  const details = document.getElementById("details");
  const warningList = section("warnings", details);
  const zoneTable = section("zone-table", details);
  const buurtTable = section("buurt-table", details);
  const measureList = section("measures", details);

  function renderWarnings() {
    const lang = ui.lang;
    const items = warnings.features.map((w) => {
      const p = w.properties;
      const reasons = reasonsOf(p, lang);
      return `<li><button type="button" data-buurt="${escape(code(p))}">${escape(placeOf(p))}</button>` +
        `<ul>${reasons.map((r) => `<li data-criterion="${escape(r.criterion)}">${escape(r.label)}${r.reason ? `: ${escape(r.reason)}` : ""}</li>`).join("")}</ul></li>`;
    });
    warningList.innerHTML = `<h2 id="warnings-title">${t("sortingWarnings", lang)} (${number(items.length, 0, lang)})</h2>` +
      (items.length ? `<ul id="warning-list" aria-labelledby="warnings-title">${items.join("")}</ul>` : `<p>${t("sortingWarningsNone", lang)}</p>`);
    sortingDebug.warningsListed = items.length;
  }

  function renderZoneTable() {
    const lang = ui.lang;
    if (!zones.features.length) return (zoneTable.innerHTML = "");
    const parts = [`<h2>${t("sortingZoneTable", lang)}</h2>`];
    const cell = (v: unknown, f: (x: number) => string) => (isNum(v) ? f(v) : "—");
    for (const g of groups) {
      const years = yearsOf(zones.features, g.name, SORTING.zone_fields.share);
      const head = years.map((y) => `<th scope="col">${t("sortingShareIn", lang)} ${y}</th><th scope="col">${t("sortingDissimilarity", lang)} ${y}</th><th scope="col">${t("sortingIsolation", lang)} ${y}</th>`).join("");
      const rows = zones.features.map((z) => {
        const p = z.properties;
        const name = p[zoneField("name")] ?? zoneLabel(p[zoneField("zone")], lang);
        return `<tr><th scope="row">${escape(name)}</th>` + years.map((y) =>
          `<td>${cell(p[zoneField("share", { group: g.name, year: y })], (v) => share(v, lang))}</td>` +
          `<td>${cell(p[zoneField("dissimilarity", { group: g.name, year: y })], (v) => number(v, 2, lang))}</td>` +
          `<td>${cell(p[zoneField("isolation", { group: g.name, year: y })], (v) => number(v, 2, lang))}</td>`).join("") +
          `<td>${cell(p[zoneField("change", { group: g.name })], (v) => signedPoints(v, lang))}</td></tr>`;
      });
      // The whole region last, from the manifest, as the measures are defined over it.
      const region = regionFigures(m)?.[g.name];
      if (region)
        rows.push(`<tr class="region-row"><th scope="row">${t("sortingRegion", lang)}</th>` + years.map((y) =>
          `<td>${cell(region[y]?.share, (v) => share(v, lang))}</td><td>${cell(region[y]?.dissimilarity, (v) => number(v, 2, lang))}</td>` +
          `<td>${cell(region[y]?.isolation, (v) => number(v, 2, lang))}</td>`).join("") +
          `<td>${cell(regionChange(m, g.name), (v) => signedPoints(v, lang))}</td></tr>`);
      parts.push(`<div class="table-wrap" tabindex="0" role="region" aria-label="${escape(groupLabel(g, lang))}"><table class="zone-table">` +
        `<caption>${escape(groupLabel(g, lang))}</caption><thead><tr><th scope="col">${t("sortingZone", lang)}</th>${head}<th scope="col">${t("sortingChange", lang)}</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table></div>`);
    }
    zoneTable.innerHTML = parts.join("");
  }

  // The map as a table: every buurt with the chosen group's first and last share and its change.
  function renderBuurtTable() {
    const lang = ui.lang;
    const g = groupOf();
    if (!g) return (buurtTable.innerHTML = "");
    const years = yearsByGroup.get(g.name) ?? [];
    const [first, last] = [years[0], years[years.length - 1]];
    const changeField = buurtField("change", { group: g.name });
    const sorted = [...buurten.features].sort((a, b) => (b.properties[changeField] ?? -Infinity) - (a.properties[changeField] ?? -Infinity));
    const cell = (v: unknown, f: (x: number) => string) => (isNum(v) ? f(v) : "—");
    const rows = sorted.map((f) => {
      const p = f.properties;
      return `<tr><th scope="row"><button type="button" data-buurt="${escape(code(p))}">${escape(p[buurtField("name")])}</button></th>` +
        `<td>${escape(p[buurtField("gemeente_name")] ?? "")}</td><td>${escape(zoneLabel(p[buurtField("zone")], lang))}</td>` +
        (first !== undefined ? `<td>${cell(p[buurtField("share", { group: g.name, year: first })], (v) => share(v, lang))}</td>` : "") +
        (last !== undefined && last !== first ? `<td>${cell(p[buurtField("share", { group: g.name, year: last })], (v) => share(v, lang))}</td>` : "") +
        `<td>${cell(p[changeField], (v) => signedPoints(v, lang))}</td><td>${warningCodes.has(code(p)) ? t("sortingWarning", lang) : ""}</td></tr>`;
    });
    buurtTable.innerHTML = `<details><summary>${t("sortingBuurtTable", lang)} (${escape(groupLabel(g, lang))})</summary>` +
      `<div class="table-wrap" tabindex="0" role="region" aria-label="${t("sortingBuurtTable", lang)}"><table class="buurt-table">` +
      `<caption>${escape(groupLabel(g, lang))}</caption><thead><tr><th scope="col">${t("sortingBuurt", lang)}</th><th scope="col">${t("sortingGemeente", lang)}</th>` +
      `<th scope="col">${t("sortingZone", lang)}</th>` +
      (first !== undefined ? `<th scope="col">${t("sortingShareIn", lang)} ${first}</th>` : "") +
      (last !== undefined && last !== first ? `<th scope="col">${t("sortingShareIn", lang)} ${last}</th>` : "") +
      `<th scope="col">${t("sortingChange", lang)}</th><th scope="col">${t("sortingWarning", lang)}</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></details>`;
  }

  function renderSide() {
    const lang = ui.lang;
    neutral.innerHTML = `<h2>${t("sortingNeutral", lang)}</h2><p id="neutral-text">${escape(neutralText(lang))}</p>`;
    renderWarnings();
    renderZoneTable();
    renderBuurtTable();
    // The definitions are written in Dutch in the schema, as the report prints them.
    measureList.innerHTML = `<details><summary>${t("sortingMeasures", lang)}</summary><ul lang="nl">` +
      measures().map((x) => `<li>${escape(x.text)}<br><code>${escape(x.formula)}</code></li>`).join("") + `</ul></details>`;
  }

  side.addEventListener("click", (e) => {
    const c = (e.target as HTMLElement).closest<HTMLElement>("[data-buurt]")?.dataset.buurt;
    const hit = c && byCode.get(c);
    if (hit) goTo(hit);
  });

  fillColourOptions();
  renderSide();
  shell.loaded.then(() => {
    addZoneLabels();
    render();
  });
}
