// The composed export: a PNG and an A4 landscape print that carry what a map
// needs to stand on its own — title, what is shown, legend, the indicators,
// sources with their attribution, the date, a scale bar and a north arrow.
// Both are drawn on one canvas by the same code: the layout is a pure function
// (tested in export.test.ts), the drawing reads the map's own canvas (kept with
// preserveDrawingBuffer) and the legend as the app shows it.
import type maplibregl from "maplibre-gl";
import { attributionOf, dependsOnCity, indicatorsOf, labelOf, statusOf, type IndicatorStatus, type Manifest } from "./about";
import type { Bbox } from "./data";
import { auto } from "./format";
import type { Lang } from "./i18n";

export interface Size { w: number; h: number }
export interface Rect { x: number; y: number; w: number; h: number }

// A legend entry as the app shows it: a swatch (colour, colour bar, hatching or
// outline) with its text, a heading or a line of text.
export type LegendItem =
  | { kind: "heading"; text: string }
  | { kind: "text"; text: string }
  | { kind: "swatch"; text: string; fill?: string; gradient?: string[]; hatch?: boolean; outline?: string }
  // A continuous colour bar (area means, value layers): its colours left to right,
  // the threshold's mark and the labels under it, each at a share 0..1 of its width.
  | { kind: "bar"; gradient: string[]; mark?: { at: number; colour: string }; labels: { at: number; text: string }[] };

export interface SheetContent {
  title: string;
  subtitle: string; // what the map shows: colour and level
  legend: LegendItem[];
  indicatorsHead: string;
  indicators: string[];
  sourcesHead: string;
  sources: string[]; // the attributions, each once
  date: string;
}

export type Measure = (text: string, px: number, bold: boolean) => number;

export interface TextLine { text: string; x: number; y: number; px: number; bold: boolean; align?: "left" | "center" | "right" }
export interface PlacedSwatch { rect: Rect; item: LegendItem & { kind: "swatch" } }
export interface PlacedBar { rect: Rect; item: LegendItem & { kind: "bar" } }

export interface SheetLayout {
  width: number;
  height: number;
  scale: number;
  map: Rect;
  lines: TextLine[]; // every text on the sheet, y at its baseline
  swatches: PlacedSwatch[];
  bars: PlacedBar[];
  title: Rect; // boxes the tests look in
  legend: Rect;
  indicators: Rect;
  sources: Rect;
  scaleBar: Rect;
  north: Rect;
  fontScale: number; // the side column's, below 1 when it had to shrink to fit
  cut: number; // side-column lines left out when even the smallest font did not fit
}

// Font sizes and spacing at scale 1 (CSS pixels); a sheet at another
// resolution multiplies them by its scale.
const F = { title: 26, subtitle: 15, heading: 14, body: 12.5, small: 11, pad: 20, gap: 14, side: 360, swatch: 18 };

// Greedy word wrap.
export function wrap(text: string, maxWidth: number, px: number, bold: boolean, measure: Measure): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, px, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) at most maxPx long.
export function scaleBar(metresPerPx: number, maxPx: number, lang: Lang = "nl"): { metres: number; px: number; label: string } {
  const most = metresPerPx * maxPx;
  const pow = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= most) ?? pow;
  const label = metres >= 1000 ? `${auto(metres / 1000, lang)} km` : `${auto(metres, lang)} m`;
  return { metres, px: metres / metresPerPx, label };
}

// Metres per CSS pixel of a Web Mercator map (512-pixel tiles, as MapLibre) at a latitude.
export function metresPerPixel(lat: number, zoom: number): number {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

// Lays out the sheet. Either the map's size is given (the PNG: the map as it is
// on screen, the sheet grows around it) or the sheet's (the print: A4, the map
// takes what is left). The side column holds the legend and the indicators;
// the sources and the date run along the foot, so they are never cut.
export function layoutSheet(c: SheetContent, size: { map: Size } | { sheet: Size }, measure: Measure, scale = 1): SheetLayout {
  const s = scale;
  const pad = F.pad * s, gap = F.gap * s, sideW = F.side * s;
  const lines: TextLine[] = [];
  const sheetW = "map" in size ? pad + size.map.w + gap + sideW + pad : size.sheet.w;
  const fullW = sheetW - 2 * pad;

  // Header: title and what is shown.
  let y = pad;
  const titleTop = y;
  for (const text of wrap(c.title, fullW, F.title * s, true, measure)) {
    y += F.title * s * 1.2;
    lines.push({ text, x: pad, y: y - F.title * s * 0.25, px: F.title * s, bold: true });
  }
  for (const text of wrap(c.subtitle, fullW, F.subtitle * s, false, measure)) {
    y += F.subtitle * s * 1.35;
    lines.push({ text, x: pad, y: y - F.subtitle * s * 0.3, px: F.subtitle * s, bold: false });
  }
  const title: Rect = { x: pad, y: titleTop, w: fullW, h: y - titleTop };
  const top = y + gap;

  // Foot: sources and date, full width.
  const foot: { text: string; bold: boolean }[] = [{ text: c.sourcesHead, bold: true }];
  for (const src of c.sources) for (const text of wrap(src, fullW, F.small * s, false, measure)) foot.push({ text, bold: false });
  for (const text of wrap(c.date, fullW, F.small * s, false, measure)) foot.push({ text, bold: false });
  const footLine = F.small * s * 1.4;
  const footH = foot.length * footLine;

  // The side column at a font scale f: its lines and swatches from the column's top.
  const sideX = sheetW - pad - sideW;
  const column = (f: number, limit: number) => {
    const out: TextLine[] = [];
    const sw: PlacedSwatch[] = [];
    const bars: PlacedBar[] = [];
    let cy = 0, cut = 0;
    const body = F.body * s * f, head = F.heading * s * f, swatchW = F.swatch * s * f;
    const put = (text: string, px: number, bold: boolean, x: number, lh: number) => {
      if (cy + lh > limit) { cut++; return false; }
      cy += lh;
      out.push({ text, x, y: cy - lh * 0.3, px, bold });
      return true;
    };
    const legendTop = cy;
    for (const item of c.legend) {
      if (item.kind === "heading") {
        for (const text of wrap(item.text, sideW, head, true, measure)) put(text, head, true, sideX, head * 1.5);
      } else if (item.kind === "bar") {
        const barH = body * 1.1, labelH = body * 1.5;
        if (cy + barH + labelH + 6 * s > limit) { cut++; continue; }
        bars.push({ item, rect: { x: sideX, y: cy + 4 * s, w: sideW, h: barH } });
        cy += barH + 4 * s + labelH;
        const n = item.labels.length;
        item.labels.forEach((l, i) => out.push({
          text: l.text, px: body, bold: false, y: cy - labelH * 0.25,
          ...(i === 0 ? { x: sideX, align: "left" as const } : i === n - 1 ? { x: sideX + sideW, align: "right" as const } : { x: sideX + l.at * sideW, align: "center" as const }),
        }));
      } else if (item.kind === "text") {
        for (const text of wrap(item.text, sideW, body, false, measure)) put(text, body, false, sideX, body * 1.35);
      } else {
        const wrapped = wrap(item.text, sideW - swatchW - 8 * s, body, false, measure);
        const rowTop = cy;
        let placed = false;
        wrapped.forEach((text) => (placed = put(text, body, false, sideX + swatchW + 8 * s, body * 1.45) || placed));
        if (placed) sw.push({ item, rect: { x: sideX, y: rowTop + body * 0.2, w: swatchW, h: body * 1.05 } });
      }
    }
    const legendH = cy - legendTop;
    cy += gap;
    const indTop = cy;
    for (const text of wrap(c.indicatorsHead, sideW, head, true, measure)) put(text, head, true, sideX, head * 1.5);
    for (const ind of c.indicators)
      wrap(ind, sideW - 10 * s, body, false, measure).forEach((text, i) => put(text, body, false, sideX + (i ? 10 * s : 0), body * 1.35));
    return { out, sw, bars, height: cy, cut, legendTop, legendH, indTop, indH: cy - indTop };
  };

  let mapSize: Size, height: number, f = 1, col;
  if ("map" in size) {
    mapSize = size.map;
    col = column(1, Infinity);
    height = top + Math.max(mapSize.h, col.height) + gap + footH + pad;
  } else {
    height = size.sheet.h;
    mapSize = { w: sheetW - 2 * pad - gap - sideW, h: height - top - gap - footH - pad };
    // Shrink the side column's font until it fits beside the map; cut what still does not.
    for (f = 1; ; f -= 0.1) {
      col = column(f, Infinity);
      if (col.height <= mapSize.h || f <= 0.65) break;
    }
    if (col.height > mapSize.h) col = column(f, mapSize.h);
  }
  const map: Rect = { x: pad, y: top, w: mapSize.w, h: mapSize.h };
  for (const l of col.out) lines.push({ ...l, y: l.y + top });
  const swatches = col.sw.map((p) => ({ ...p, rect: { ...p.rect, y: p.rect.y + top } }));
  const bars = col.bars.map((p) => ({ ...p, rect: { ...p.rect, y: p.rect.y + top } }));

  const footTop = height - pad - footH;
  foot.forEach((l, i) => lines.push({ text: l.text, x: pad, y: footTop + (i + 1) * footLine - footLine * 0.3, px: F.small * s, bold: l.bold }));

  return {
    width: sheetW,
    height,
    scale: s,
    map,
    lines,
    swatches,
    bars,
    title,
    legend: { x: sideX, y: top + col.legendTop, w: sideW, h: col.legendH },
    indicators: { x: sideX, y: top + col.indTop, w: sideW, h: col.indH },
    sources: { x: pad, y: footTop, w: fullW, h: footH },
    scaleBar: { x: map.x + 12 * s, y: map.y + map.h - 34 * s, w: 160 * s, h: 22 * s },
    north: { x: map.x + map.w - 44 * s, y: map.y + 12 * s, w: 32 * s, h: 44 * s },
    fontScale: Math.round(f * 100) / 100,
    cut: col.cut,
  };
}

// The words on the sheet, from the manifest and what the app shows now.
export function sheetContent(a: {
  manifest: Manifest;
  title: string;
  subtitle: string;
  legend: LegendItem[];
  now: Date;
  lang: Lang;
}): SheetContent {
  const { manifest, lang } = a;
  const nl = lang === "nl";
  const inds = indicatorsOf(manifest);
  const names = (s: IndicatorStatus) => inds.filter((i) => statusOf(i) === s).map((i) => labelOf(i, lang));
  const max = manifest.score?.max;
  const indicators = [
    nl ? `Score: op hoeveel van de ${max} meetellende indicatoren gezondheidswinst te halen is (0–${max}).`
       : `Score: on how many of the ${max} counted indicators there is health to gain (0–${max}).`,
    `${nl ? "Telt mee" : "Counted"}: ${names("counted").join(", ")}.`,
  ];
  if (names("shown").length) indicators.push(`${nl ? "Alleen getoond" : "Shown only"}: ${names("shown").join(", ")}.`);
  if (names("not_supplied").length) indicators.push(`${nl ? "Niet aangeleverd" : "Not supplied"}: ${names("not_supplied").join(", ")}.`);
  if (inds.some((i) => statusOf(i) !== "not_supplied" && dependsOnCity(i)))
    indicators.push(nl ? "Drempels deels binnen de gemeente zelf bepaald: scores zijn niet te vergelijken met die van andere gemeenten."
                       : "Some thresholds are set within the city itself: scores do not compare with other cities'.");
  const day = (d: Date) => d.toLocaleDateString(nl ? "nl-NL" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const built = manifest.created_utc ? new Date(manifest.created_utc) : null;
  const date = `${nl ? "Kaart gemaakt op" : "Map made on"} ${day(a.now)}` +
    (built && !isNaN(built.getTime()) ? ` · ${nl ? "gegevens berekend op" : "data computed on"} ${day(built)}` : "") +
    ` · leefkaart`;
  return {
    title: a.title,
    subtitle: a.subtitle,
    legend: a.legend,
    indicatorsHead: nl ? "Wat de score telt" : "What the score counts",
    indicators,
    sourcesHead: nl ? "Bronnen" : "Sources",
    sources: attributionOf(manifest, lang),
    date,
  };
}

// ---------------------------------------------------------------- in the page

// The legend as the app shows it (#legend): headings, rows with their swatch,
// and notes; buttons (ⓘ) and lists (the masking list) stay on screen only.
export function legendFromDom(root: HTMLElement): LegendItem[] {
  const items: LegendItem[] = [];
  const textOf = (el: Element) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("button, .visually-hidden, [aria-hidden=true]").forEach((b) => b.remove());
    return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
  };
  const walk = (el: Element) => {
    for (const child of Array.from(el.children)) {
      const html = child as HTMLElement;
      if (html.hidden || getComputedStyle(html).display === "none") continue;
      const tag = child.tagName;
      if (tag === "UL" || tag === "OL" || tag === "BUTTON" || tag === "DETAILS") continue;
      if (html.classList.contains("bar")) {
        // The colour bar; its labels are the next element (.bar-labels), placed by their left: n %.
        const labels: { at: number; text: string }[] = [];
        const next = html.nextElementSibling as HTMLElement | null;
        if (next?.classList.contains("bar-labels")) {
          const spans = Array.from(next.children) as HTMLElement[];
          spans.forEach((sp, i) => labels.push({ at: parseFloat(sp.style.left) / 100 || (i && i === spans.length - 1 ? 1 : 0), text: textOf(sp) }));
        }
        const markEl = html.querySelector<HTMLElement>(".mark");
        const mark = markEl ? { at: parseFloat(markEl.style.left) / 100, colour: getComputedStyle(markEl).backgroundColor } : undefined;
        items.push({ kind: "bar", gradient: getComputedStyle(html).backgroundImage.match(/rgba?\([^)]*\)|#[0-9a-f]{3,8}/gi) ?? [], labels, ...(mark ? { mark } : {}) });
        continue;
      }
      if (html.classList.contains("bar-labels")) continue;
      if (/^H[1-6]$/.test(tag)) {
        const text = textOf(child);
        if (text) items.push({ kind: "heading", text });
      } else if (child.querySelector(".swatch") && !child.querySelector(".row")) {
        const sw = child.querySelector<HTMLElement>(".swatch")!;
        const cs = getComputedStyle(sw);
        const item: LegendItem = { kind: "swatch", text: textOf(child) };
        const image = cs.backgroundImage;
        if (/repeating-linear-gradient/.test(image)) item.hatch = true;
        else if (/linear-gradient/.test(image)) item.gradient = image.match(/rgba?\([^)]*\)|#[0-9a-f]{3,8}/gi) ?? undefined;
        const bg = cs.backgroundColor;
        if (bg && !/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) item.fill = bg;
        if (!item.fill && !item.gradient && !item.hatch) item.outline = cs.borderTopColor;
        else if (parseFloat(cs.borderTopWidth) >= 2) item.outline = cs.borderTopColor;
        items.push(item);
      } else if (tag === "P" || tag === "DIV" || tag === "SPAN") {
        if (child.children.length && !/^(P|SPAN)$/.test(tag)) walk(child);
        else {
          const text = textOf(child);
          if (text) items.push({ kind: "text", text });
        }
      } else if (child.children.length) walk(child);
    }
  };
  walk(root);
  return items;
}

const FONT = "system-ui, 'DejaVu Sans', sans-serif";
const font = (px: number, bold: boolean) => `${bold ? "bold " : ""}${px}px ${FONT}`;

export function canvasMeasure(ctx: CanvasRenderingContext2D): Measure {
  return (text, px, bold) => {
    ctx.font = font(px, bold);
    return ctx.measureText(text).width;
  };
}

export interface Overlay {
  labels: { text: string; x: number; y: number }[]; // wijk names over the map, in map CSS pixels
  metresPerCssPx: number;
  mapCssWidth: number;
  bearing: number;
}

export function drawSheet(ctx: CanvasRenderingContext2D, layout: SheetLayout, mapImage: CanvasImageSource, overlay: Overlay, lang: Lang) {
  const s = layout.scale;
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, layout.width, layout.height);
  const m = layout.map;
  ctx.drawImage(mapImage, m.x, m.y, m.w, m.h);
  ctx.strokeStyle = "#888";
  ctx.lineWidth = 1;
  ctx.strokeRect(m.x + 0.5, m.y + 0.5, m.w - 1, m.h - 1);

  // Wijk names, as on screen (there they are HTML over the map canvas).
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.x, m.y, m.w, m.h);
  ctx.clip();
  const k = m.w / overlay.mapCssWidth;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = font(13 * s, true);
  ctx.lineJoin = "round";
  for (const l of overlay.labels) {
    ctx.lineWidth = 4 * s;
    ctx.strokeStyle = "#ffffff";
    ctx.strokeText(l.text, m.x + l.x * k, m.y + l.y * k);
    ctx.fillStyle = "#141414";
    ctx.fillText(l.text, m.x + l.x * k, m.y + l.y * k);
  }
  ctx.restore();

  // Scale bar.
  const sb = layout.scaleBar;
  const bar = scaleBar(overlay.metresPerCssPx / k, sb.w - 16 * s, lang);
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(sb.x, sb.y, bar.px + 16 * s, sb.h);
  ctx.fillStyle = "#222";
  ctx.fillRect(sb.x + 8 * s, sb.y + sb.h - 8 * s, bar.px, 3 * s);
  ctx.fillRect(sb.x + 8 * s, sb.y + sb.h - 12 * s, 2 * s, 7 * s);
  ctx.fillRect(sb.x + 8 * s + bar.px - 2 * s, sb.y + sb.h - 12 * s, 2 * s, 7 * s);
  ctx.font = font(11 * s, false);
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(bar.label, sb.x + 8 * s, sb.y + 11 * s);

  // North arrow, turned with the map.
  const n = layout.north;
  ctx.save();
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(n.x, n.y, n.w, n.h);
  ctx.translate(n.x + n.w / 2, n.y + n.h * 0.62);
  ctx.rotate((-overlay.bearing * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -n.h * 0.3);
  ctx.lineTo(n.w * 0.28, n.h * 0.25);
  ctx.lineTo(0, n.h * 0.12);
  ctx.lineTo(-n.w * 0.28, n.h * 0.25);
  ctx.closePath();
  ctx.fillStyle = "#222";
  ctx.fill();
  ctx.restore();
  ctx.fillStyle = "#222";
  ctx.font = font(12 * s, true);
  ctx.textAlign = "center";
  ctx.fillText("N", n.x + n.w / 2, n.y + 13 * s);
  ctx.textAlign = "left";

  // Legend swatches.
  for (const { rect: r, item } of layout.swatches) {
    if (item.gradient?.length) {
      const g = ctx.createLinearGradient(r.x, 0, r.x + r.w, 0);
      item.gradient.forEach((c, i) => g.addColorStop(item.gradient!.length === 1 ? 0 : i / (item.gradient!.length - 1), c));
      ctx.fillStyle = g;
      ctx.fillRect(r.x, r.y, r.w, r.h);
    } else if (item.fill) {
      ctx.fillStyle = item.fill;
      ctx.fillRect(r.x, r.y, r.w, r.h);
    }
    if (item.hatch) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(r.x, r.y, r.w, r.h);
      ctx.clip();
      ctx.strokeStyle = "#6e6e6e";
      ctx.lineWidth = 1 * s;
      for (let d = -r.h; d < r.w; d += 4 * s) {
        ctx.moveTo(r.x + d, r.y + r.h);
        ctx.lineTo(r.x + d + r.h, r.y);
      }
      ctx.stroke();
      ctx.restore();
    }
    ctx.strokeStyle = item.outline ?? "#888";
    ctx.lineWidth = item.outline ? 2 * s : 1;
    ctx.strokeRect(r.x, r.y, r.w, r.h);
  }

  // Colour bars, the threshold marked.
  for (const { rect: r, item } of layout.bars) {
    const g = ctx.createLinearGradient(r.x, 0, r.x + r.w, 0);
    item.gradient.forEach((c, i) => g.addColorStop(item.gradient.length === 1 ? 0 : i / (item.gradient.length - 1), c));
    ctx.fillStyle = item.gradient.length ? g : "#ccc";
    ctx.fillRect(r.x, r.y, r.w, r.h);
    ctx.strokeStyle = "#888";
    ctx.lineWidth = 1;
    ctx.strokeRect(r.x, r.y, r.w, r.h);
    if (item.mark) {
      ctx.fillStyle = item.mark.colour;
      ctx.fillRect(r.x + item.mark.at * r.w - 1.5 * s, r.y - 3 * s, 3 * s, r.h + 6 * s);
    }
  }

  // Text.
  ctx.fillStyle = "#222";
  ctx.textBaseline = "alphabetic";
  for (const l of layout.lines) {
    ctx.font = font(l.px, l.bold);
    ctx.textAlign = l.align ?? "left";
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.textAlign = "left";
}

// What the app hands the export: the content of the sheet as it is now.
export interface ExportSource {
  map: maplibregl.Map;
  cityBbox: Bbox; // the whole city, for the print
  content(): SheetContent;
  lang(): Lang;
  fileName: string;
}

// For tests and scripts: what the last export drew, where.
export interface ExportRecord {
  kind: "png" | "print";
  layout: SheetLayout;
  legend: LegendItem[];
  bounds: Bbox; // the map's extent on the sheet
  dataUrl?: string;
}

function overlayOf(map: maplibregl.Map): Overlay {
  const container = map.getCanvas().getBoundingClientRect();
  const labels = Array.from(document.querySelectorAll<HTMLElement>(".wijk-label")).map((el) => {
    const r = el.getBoundingClientRect();
    return { text: el.textContent ?? "", x: r.left + r.width / 2 - container.left, y: r.top + r.height / 2 - container.top };
  }).filter((l) => l.x >= 0 && l.y >= 0 && l.x <= container.width && l.y <= container.height);
  return {
    labels,
    metresPerCssPx: metresPerPixel(map.getCenter().lat, map.getZoom()),
    mapCssWidth: container.width,
    bearing: map.getBearing(),
  };
}

function boundsOf(map: maplibregl.Map): Bbox {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

function compose(canvas: HTMLCanvasElement, src: ExportSource, size: { map: Size } | { sheet: Size }, scale: number) {
  const ctx = canvas.getContext("2d")!;
  const content = src.content();
  const layout = layoutSheet(content, size, canvasMeasure(ctx), scale);
  canvas.width = Math.round(layout.width);
  canvas.height = Math.round(layout.height);
  src.map.redraw(); // synchronous: the canvas holds this very frame
  drawSheet(ctx, layout, src.map.getCanvas(), overlayOf(src.map), src.lang());
  return { layout, legend: content.legend };
}

// A4 landscape less 10 mm margins (style.css @page), at 150 dots per inch.
const PRINT_MM = { w: 277, h: 190 };
const PRINT_DPI = 150;
const CSS_DPI = 96;

export function installExport(src: ExportSource): { png(): ExportRecord; print(): Promise<ExportRecord> } {
  const debug: { export?: ExportRecord } = ((window as any).__leefkaart ??= {});
  // The printed sheet is an image of the composition: Chromium prints an <img>
  // at its full resolution, a <canvas> not reliably (it came out blank).
  const canvas = document.createElement("canvas");
  const sheet = document.createElement("img");
  sheet.id = "print-sheet";
  sheet.alt = "";
  document.body.append(sheet);

  const png = (): ExportRecord => {
    const map = src.map;
    const canvas = document.createElement("canvas");
    const css = map.getCanvas().getBoundingClientRect();
    const dpr = map.getCanvas().width / css.width;
    const { layout, legend } = compose(canvas, src, { map: { w: map.getCanvas().width, h: map.getCanvas().height } }, dpr);
    const dataUrl = canvas.toDataURL("image/png");
    const a = document.createElement("a");
    a.download = src.fileName;
    a.href = dataUrl;
    a.click();
    const record: ExportRecord = { kind: "png", layout, legend, bounds: boundsOf(map), dataUrl };
    debug.export = record;
    return record;
  };

  // Print: the whole city on an A4 landscape sheet. The map is resized to the
  // sheet's map area, fitted to the city, drawn and put back within one task,
  // so the screen never shows the detour; the sheet is the only thing printed.
  const prepare = (): ExportRecord => {
    const map = src.map;
    const scale = PRINT_DPI / CSS_DPI;
    const size = { w: (PRINT_MM.w / 25.4) * PRINT_DPI, h: (PRINT_MM.h / 25.4) * PRINT_DPI };
    const probe = layoutSheet(src.content(), { sheet: size }, canvasMeasure(canvas.getContext("2d")!), scale);
    const container = map.getContainer();
    const before = { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch(), style: container.getAttribute("style") };
    const dpr = window.devicePixelRatio || 1;
    container.style.position = "absolute";
    container.style.left = "0";
    container.style.top = "0";
    container.style.flex = "none";
    container.style.width = `${probe.map.w / dpr}px`;
    container.style.height = `${probe.map.h / dpr}px`;
    map.resize();
    map.fitBounds(src.cityBbox, { padding: 20, duration: 0, bearing: 0 });
    let record: ExportRecord;
    try {
      const { layout, legend } = compose(canvas, src, { sheet: size }, scale);
      sheet.src = canvas.toDataURL("image/png");
      sheet.alt = layout.lines[0]?.text ?? "";
      record = { kind: "print", layout, legend, bounds: boundsOf(map) };
    } finally {
      if (before.style === null) container.removeAttribute("style");
      else container.setAttribute("style", before.style);
      map.resize();
      map.jumpTo({ center: before.center, zoom: before.zoom, bearing: before.bearing, pitch: before.pitch });
      map.redraw();
    }
    return (debug.export = record);
  };
  // Ctrl+P as well as the button: the browser asks before it lays out the print.
  let prepared = false;
  window.addEventListener("beforeprint", () => prepared || prepare());
  return {
    png,
    // The button waits until the sheet's image is decoded, so the print never shows an empty sheet.
    print: async () => {
      const record = prepare();
      await sheet.decode().catch(() => {});
      prepared = true;
      try {
        window.print();
      } finally {
        prepared = false;
      }
      return record;
    },
  };
}
