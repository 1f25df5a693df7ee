// The map of a `leefkaart access` run: hexagons coloured by the distance over
// the street network to a category of facility (or how many lie within reach),
// the facilities themselves as dots, and a panel per cell.
import { GeoJsonLayer } from "@deck.gl/layers";
import { colourChoices, explainAccess, type AccessManifest, type ColourChoice } from "./access";
import type { Camera } from "./camera";
import { NO_DATA, hexToRgba, valueScale, type ValueScale } from "./colors";
import { getJson, loadCells, loadFirstPaintData, type Collection, type Feature } from "./data";
import { auto } from "./format";
import { t } from "./i18n";
import { accessCellField, cellField } from "./schema";
import { createShell, debug, ui } from "./map_base";

export async function startAccess(firstPaint: Promise<Camera>) {
  const [{ manifest: m, view }, cells, facilities, camera] = await Promise.all([
    loadFirstPaintData(), loadCells(), getJson<Collection>("api/layers/facilities"), firstPaint,
  ]);
  const manifest = m as unknown as AccessManifest & { basemap?: string[]; grid: string };
  // The cell id (the cell base every run shares, named in schema/build.json) is
  // for tests and files only: never shown in the Dutch interface.
  const idField = cellField("id");
  const areaOf = (p: Record<string, any>) => p[accessCellField("area")];
  const details = document.getElementById("grid-details");
  if (details) details.textContent = `${auto(cells.features.length, "nl")} ${t("cellCount", "nl")}; ${manifest.grid}`;

  let choices: ColourChoice[] = colourChoices(manifest, ui.lang);
  let colourBy = choices.find((c) => c.field === view.paint_field)!.value; // the first paint's colouring
  let selected: Feature | null = null;
  const choice = () => choices.find((c) => c.value === colourBy)!;
  // One scale per field, from the cells' own values (as the first paint computed it).
  const scales = new Map<string, ValueScale>();
  const scaleOf = (c: ColourChoice) => {
    if (!scales.has(c.field))
      scales.set(c.field, valueScale(cells.features.map((f) => f.properties[c.field]).filter((v) => typeof v === "number"), c.higherIsWorse));
    return scales.get(c.field)!;
  };

  const shell = await createShell({
    camera,
    basemap: manifest.basemap ?? [],
    titleKey: "accessTitle",
    pngName: "bereikbaarheid.png",
    cellCount: cells.features.length,
    tooltip: (object) => {
      const p = object.properties;
      if (p[idField] === undefined) return `${p.name || p.category}`;
      const v = p[choice().field];
      const unit = choice().value.startsWith("dist:") ? " m" : "";
      return `${t("cell", ui.lang)}\n${choice().text}: ${typeof v === "number" ? auto(v, ui.lang) + unit : "—"}`;
    },
    click: (object) => object.properties[idField] !== undefined && select(object),
    onLanguage: () => {
      choices = colourChoices(manifest, ui.lang);
      fillColourOptions();
      render();
      if (selected) select(selected);
    },
  });

  function render() {
    const c = choice();
    const scale = scaleOf(c);
    const category = colourBy.split(":")[1];
    shell.draw([
      new GeoJsonLayer({
        id: "fill-cells",
        data: cells as any,
        pickable: true,
        filled: true,
        stroked: false,
        getFillColor: ((f: Feature) => {
          const v = f.properties[c.field];
          return typeof v === "number" ? hexToRgba(scale(v), 200) : hexToRgba(NO_DATA, 140);
        }) as any,
        updateTriggers: { getFillColor: [colourBy] },
      }),
      new GeoJsonLayer({
        id: "facilities",
        data: facilities.features.filter((f) => f.properties.category === category) as any,
        pickable: true,
        pointType: "circle",
        getPointRadius: 4,
        pointRadiusUnits: "pixels",
        getFillColor: [242, 142, 43, 255],
        getLineColor: [255, 255, 255, 255],
        getLineWidth: 1,
        lineWidthUnits: "pixels",
        updateTriggers: { data: [category] },
      }),
    ], "cells", cells.features.length);
    renderLegend();
  }

  const colourSelect = document.getElementById("colour") as HTMLSelectElement;
  function fillColourOptions() {
    colourSelect.innerHTML = "";
    for (const c of choices) {
      const option = new Option(c.text, c.value);
      option.disabled = c.disabled;
      colourSelect.add(option);
    }
    colourSelect.value = colourBy;
  }
  colourSelect.addEventListener("change", () => {
    colourBy = colourSelect.value;
    render();
  });

  function renderLegend() {
    const c = choice();
    const scale = scaleOf(c);
    const swatch = (colour: string, text: string) => `<div class="row"><span class="swatch" style="background:${colour}"></span>${text}</div>`;
    const unit = c.value.startsWith("dist:") ? " m" : "";
    const [good, bad] = c.higherIsWorse ? [scale.lo, scale.hi] : [scale.hi, scale.lo];
    const [better, worse] = c.higherIsWorse ? [t("orCloser", ui.lang), t("orFarther", ui.lang)] : [t("orMore", ui.lang), t("orFewer", ui.lang)];
    const rows = [
      swatch(scale(good), `${auto(good, ui.lang)}${unit} ${better}`),
      swatch(scale(bad), `${auto(bad, ui.lang)}${unit} ${worse}`),
      swatch(NO_DATA, t("noStreet", ui.lang)),
      `<div class="row"><span class="swatch dot"></span>${t("facilitiesLegend", ui.lang)}</div>`,
    ];
    document.getElementById("legend")!.innerHTML = `<h2>${c.text}</h2>${rows.join("")}`;
    document.getElementById("source")!.textContent = t("accessSource", ui.lang);
  }

  function select(f: Feature) {
    selected = f;
    const p = f.properties;
    const area = areaOf(p);
    const parts = [`<h2 id="panel-title">${t("cell", ui.lang)}${area ? ` ${t("inWijk", ui.lang)} ${area}` : ""}</h2>`];
    if (p.on_network === 0) parts.push(`<p class="note">${t("offNetwork", ui.lang).replace("{m}", auto(manifest.snap_limit_m, ui.lang))}</p>`);
    const lines = explainAccess(p, manifest, ui.lang);
    parts.push("<ul>" + lines.map((l) => `<li class="${l.missing ? "missing" : ""}">${l.label}: ${l.text}</li>`).join("") + "</ul>");
    document.getElementById("panel")!.innerHTML = parts.join("");
    debug.selected = p[idField];
  }

  fillColourOptions();
  shell.loaded.then(render);
}
