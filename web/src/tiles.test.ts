// When the build's map draws its cells from vector tiles, and the value range it then colours by.
import { describe, expect, it } from "vitest";
import { cellsFromTiles, tileRange, type TileJson, type View } from "./data";

const view = (over: Partial<View> = {}): View => ({ kind: "build", layers: ["cells", "buurten", "wijken", "gemeente"], paint_field: "score", tiles: "tiles.json", ...over });

describe("cells from tiles", () => {
  it("keeps a build's cells GeoJSON when it has one: exact scales and the first-paint picture", () => {
    expect(cellsFromTiles(view())).toBe(false);
  });
  it("draws from tiles when the build left out its cells GeoJSON (a national build), or the URL asks", () => {
    expect(cellsFromTiles(view({ layers: ["buurten", "wijken", "gemeente"] }))).toBe(true);
    expect(cellsFromTiles(view(), "?tiles=1")).toBe(true);
  });
  it("never without tiles, nor for other kinds of output", () => {
    expect(cellsFromTiles(view({ tiles: undefined, layers: ["buurten"] }), "?tiles=1")).toBe(false);
    expect(cellsFromTiles(view({ kind: "access", layers: ["buurten"] }), "?tiles=1")).toBe(false);
  });
});

describe("tileRange", () => {
  const tj: TileJson = {
    tiles: [], minzoom: 5, maxzoom: 12,
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
