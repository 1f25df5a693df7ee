// The first paint: while the interactive map (MapLibre and deck.gl, about
// 2 MB of code and a WebGL start-up) loads, the city's hexagons are drawn
// from the same data on a plain 2D canvas, with the same camera and colours.
// The map replaces the picture when it has drawn its own first frame.
import { fitCamera, projector, type Camera } from "./camera";
import { NO_DATA, firstPaintColours, meanColor } from "./colors";
import { areaField } from "./schema";
import { bboxOf, loadCells, loadFirstPaintData, type Collection, type FirstPaintData } from "./data";
import "./style.css";

export const PADDING = 20;

export interface Timing {
  ready: boolean;
  level: string;
  rendered: number; // features the interactive map has drawn
  previewRendered: number; // cells in the first-paint picture
  firstPaintMs: number; // first frame showing every cell, picture or map
  interactiveMs: number; // first frame of the interactive map
  basemapMs?: number; // the OSM base map drawn too (when there is one)
  selected: string;
  error?: string;
  fromTiles?: boolean; // the cells come from vector tiles
  tilesLoaded?: number; // times every tile in view has loaded (cells from tiles)
  tileFeatures?: number; // cells in the tiles last loaded
}

const debug: Timing = ((window as any).__leefkaart = {
  ready: false, level: "cells", rendered: 0, previewRendered: 0, firstPaintMs: 0, interactiveMs: 0, selected: "",
});

function drawRings(ctx: CanvasRenderingContext2D, geometry: any, at: (lon: number, lat: number) => [number, number]) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons)
    for (const ring of polygon as number[][][]) {
      ring.forEach(([lon, lat], i) => {
        const [x, y] = at(lon, lat);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
    }
}

function paint(container: HTMLElement, camera: Camera, data: FirstPaintData): HTMLCanvasElement {
  const { buurten, wijken } = data;
  // Cells drawn from tiles come later: the picture shows the buurten by their mean score meanwhile.
  const cells = data.fromTiles ? buurten : data.cells;
  const colourOf = data.fromTiles
    ? (p: Record<string, any>) => (typeof p[areaField("mean_score")] === "number" ? meanColor(p[areaField("mean_score")], data.manifest.score.max) : NO_DATA)
    : firstPaintColours(data);
  const { clientWidth: w, clientHeight: h } = container;
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.id = "first-paint";
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  canvas.setAttribute("aria-hidden", "true");
  const ctx = canvas.getContext("2d", { alpha: false })!; // opaque: cheaper to put on screen
  ctx.scale(ratio, ratio);
  ctx.fillStyle = "#f3f1ec";
  ctx.fillRect(0, 0, w, h);
  const at = projector(camera, w, h);
  // A path per cell: Chromium builds one path of thousands of rings several times slower.
  const byColour = new Map<string, Collection["features"]>();
  for (const f of cells.features) {
    const colour = colourOf(f.properties);
    if (!byColour.has(colour)) byColour.set(colour, []);
    byColour.get(colour)!.push(f);
  }
  for (const [colour, features] of byColour) {
    ctx.globalAlpha = colour === NO_DATA ? 160 / 255 : 220 / 255;
    ctx.fillStyle = colour;
    for (const f of features) {
      ctx.beginPath();
      drawRings(ctx, f.geometry, at);
      ctx.fill("evenodd");
    }
  }
  ctx.globalAlpha = 1;
  for (const [layer, colour, width] of [[buurten, "#8a8a8a", 0.6], [wijken, "#333", 1.6]] as const) {
    ctx.beginPath();
    for (const f of layer.features) drawRings(ctx, f.geometry, at);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }
  container.appendChild(canvas);
  return canvas;
}

async function firstPaint() {
  const data = await loadFirstPaintData();
  document.body.dataset.kind = data.view.kind; // before measuring: an access run has fewer controls
  const container = document.getElementById("map")!;
  const outline = data.gemeente.features.length ? data.gemeente : data.fromTiles ? data.buurten : data.cells;
  const camera = fitCamera(bboxOf(outline.features), container.clientWidth, container.clientHeight, PADDING);
  paint(container, camera, data);
  // Counted once the browser has put the picture on screen.
  await new Promise((shown) => requestAnimationFrame(() => setTimeout(shown)));
  debug.previewRendered = (data.fromTiles ? data.buurten : data.cells).features.length;
  if (data.fromTiles) document.body.dataset.tiles = "1";
  debug.firstPaintMs ||= Math.round(performance.now());
  return camera;
}

// The map's code and the cells' full properties are loaded once the picture
// is on screen: on a slow machine they would otherwise hold it up.
const camera = firstPaint();
camera
  .then(() => {
    // A sorting monitor has no cells; a build drawn from tiles never loads them whole.
    if (document.body.dataset.kind !== "sorting" && !document.body.dataset.tiles) loadCells();
    return import("./main");
  })
  .then(({ start }) => start(camera))
  .catch((e) => {
    document.getElementById("status")!.textContent = String(e);
    debug.error = String(e);
  });
