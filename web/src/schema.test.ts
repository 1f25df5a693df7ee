import { describe, expect, it } from "vitest";
import { accessCellField, areaField, cellField, fill, statusLabel, STATUS } from "./schema";

describe("the written schema", () => {
  it("fills an indicator, a score, k and a rank into the field patterns", () => {
    expect(cellField("value", { name: "no2" })).toBe("val_no2");
    expect(areaField("share_at_least_k", { k: 3 })).toBe("share_score_ge_3");
    expect(areaField("driver", { rank: 2 })).toBe("driver_2");
    expect(accessCellField("count", { category: "huisarts", radius_km: 1 })).toBe("n_huisarts_1km");
  });
  it("refuses a pattern whose placeholder is not given, instead of writing 'undefined'", () => {
    expect(() => fill("val_{name}")).toThrow(/no value for \{name\}/);
  });
  it("names every status in Dutch", () => {
    for (const code of Object.values(STATUS)) expect(statusLabel(code, "nl")).not.toBe(code === "score" ? "" : code);
    expect(statusLabel(STATUS.data_missing, "nl")).toBe("Gegevens ontbreken");
  });
});
