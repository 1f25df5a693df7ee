import { describe, expect, it } from "vitest";
import { colourChoices, explainAccess, type AccessManifest } from "./access";

const manifest: AccessManifest = {
  mode: "walk",
  speed_kmh: 5,
  radii_km: [1, 3, 5],
  snap_limit_m: 250,
  counts: { cells: 2, cells_off_network: 0 },
  categories: [
    { category: "huisarts", label: "Huisarts", facilities: 0, cells_reached: 0, status: "no facilities of this category in the extract" },
    { category: "supermarkt", label: "Supermarkt", facilities: 11, cells_reached: 2, status: "ok" },
  ],
};

describe("access colour choices", () => {
  it("offers distance and count per category, the absent ones disabled", () => {
    const choices = colourChoices(manifest, "nl");
    expect(choices.map((c) => c.value)).toEqual(["dist:huisarts", "dist:supermarkt", "n:huisarts", "n:supermarkt"]);
    expect(choices[0].disabled).toBe(true);
    expect(choices[0].text).toContain("niet in het OSM-extract");
    expect(choices[1]).toMatchObject({ field: "dist_supermarkt_m", higherIsWorse: true, disabled: false });
    expect(choices[3]).toMatchObject({ field: "n_supermarkt_1km", higherIsWorse: false });
    expect(choices[1].text).toBe("Afstand tot supermarkt (lopend)");
    expect(choices[2].text).toBe("Aantal binnen 1 km: huisarts (niet in het OSM-extract)");
    expect(colourChoices({ ...manifest, radii_km: [0.5] }, "nl")[3]).toMatchObject({ field: "n_supermarkt_0.5km", text: "Aantal binnen 0,5 km: supermarkt" });
  });
});

describe("access panel", () => {
  it("gives distance, time and counts, and says why a category has none", () => {
    const lines = explainAccess(
      { dist_supermarkt_m: 640.4, time_supermarkt_min: 7.68, n_supermarkt_1km: 2, n_supermarkt_3km: 6, n_supermarkt_5km: 9 },
      manifest, "nl");
    expect(lines[0]).toEqual({ label: "Huisarts", text: "niet in het OSM-extract", missing: true });
    expect(lines[1].text).toBe("640 m · 7,68 min lopend · 2 / 6 / 9 binnen 1 / 3 / 5 km");
    expect(explainAccess({ dist_supermarkt_m: null }, manifest, "en")[1]).toMatchObject({ text: "no facility within reach", missing: true });
    const withoutCounts = { ...manifest, radii_km: [] };
    expect(explainAccess({ dist_supermarkt_m: 640.4, time_supermarkt_min: 7.68 }, withoutCounts, "en")[1].text).toBe("640 m · 7.68 min walking");
    expect(colourChoices(withoutCounts, "nl").map((c) => c.value)).toEqual(["dist:huisarts", "dist:supermarkt"]);
  });
});
