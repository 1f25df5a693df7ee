// When the build's map draws its cells from vector tiles, and the value range it then colours by.
import { describe, expect, it } from "vitest";
import { cellsFromTiles, tileRange, type TileJson, type View } from "./data";
import { BUILD } from "./schema";

const view = (over: Partial<View> = {}): View => ({ kind: "build", layers: ["cells", "buurten", "wijken", "gemeente"], paint_field: "score", tiles: "tiles.json", ...over });
const limit = BUILD.tiles.web_cells_from_tiles_above;

describe("cells from tiles", () => {
  it("keeps a city's cells GeoJSON: exact scales and the first-paint picture", () => {
    expect(cellsFromTiles(view(), { counts: { cells: 20000 } })).toBe(false);
  });
  it("draws a build larger than the schema's limit from its tiles", () => {
    expect(cellsFromTiles(view(), { counts: { cells: limit + 1 } })).toBe(true);
    expect(cellsFromTiles(view(), { counts: { cells: limit } })).toBe(false);
  });
  it("draws from tiles when the build left out its cells GeoJSON, or the URL asks", () => {
    expect(cellsFromTiles(view({ layers: ["buurten", "wijken", "gemeente"] }), { counts: { cells: 10 } })).toBe(true);
    expect(cellsFromTiles(view(), { counts: { cells: 10 } }, "?tiles=1")).toBe(true);
  });
  it("never without tiles, nor for other kinds of output", () => {
    expect(cellsFromTiles(view({ tiles: undefined }), { counts: { cells: 10 * limit } }, "?tiles=1")).toBe(false);
    expect(cellsFromTiles(view({ kind: "access" }), { counts: { cells: 10 * limit } })).toBe(false);
  });
});

describe("tileRange", () => {
  const tj: TileJson = {
    tiles: [], minzoom: 5, maxzoom: 13,
    tilestats: { layers: [{ layer: "cells", attributes: [{ attribute: "val_no2", min: 12.5, max: 31 }, { attribute: "buurt_naam" }] }] },
  };
  it("reads an attribute's lowest and highest value from the tiles' statistics", () => {
    expect(tileRange(tj, "cells", "val_no2")).toEqual([12.5, 31]);
  });
  it("is empty for a text attribute, an unknown one, or no statistics", () => {
    expect(tileRange(tj, "cells", "buurt_naam")).toEqual([]);
    expect(tileRange(tj, "buurten", "val_no2")).toEqual([]);
    expect(tileRange(null, "cells", "val_no2")).toEqual([]);
  });
});
