import { describe, expect, it } from "vitest";
import { manifest } from "./manifest.fixture";
import { BUILD } from "./schema";
import {
  OTHER_GROUP, VULNERABLE_GROUP, classOf, classResidents, groupByPerspective, koppelkansText, neutralText, perspectivesOf, stackAreaField, stackCellField,
  stackLegend, stackOf,
} from "./stack";

describe("the stapelkaart's legend", () => {
  it("lays the eight classes out as pressure × vulnerable residents, each class once", () => {
    const legend = stackLegend("nl");
    expect(legend.rows.map((r) => r.pressure)).toEqual(["geen", "beschermen", "bevorderen", "beide"]);
    expect(legend.columns).toEqual(["Zonder kwetsbare bewoners", "Kwetsbare bewoners"]);
    const codes = legend.rows.flatMap((r) => [r.without.code, r.with.code]).sort();
    expect(codes).toEqual(Object.keys(BUILD.stack.classes).sort());
    const both = legend.rows.find((r) => r.pressure === "beide")!;
    expect(both.with).toEqual({ code: "beide_kwetsbaar", label: "Druk op beschermen en bevorderen, met kwetsbare bewoners", colour: "#54278f" });
  });
  it("speaks English on the switch, and knows no class it was not given", () => {
    expect(stackLegend("en").rows[1].without.label).toBe("Mainly pressure on protection");
    expect(classOf("beschermen_kwetsbaar", "nl")?.colour).toBe("#2171b5");
    expect(classOf("onbekend", "nl")).toBeNull();
    expect(classOf(null, "nl")).toBeNull();
  });
});

describe("the indicators by perspective", () => {
  const indicators = [
    { name: "no2", perspective: "beschermen" },
    { name: "groen", perspective: "bevorderen" },
    { name: "geluid", perspective: "beschermen" },
    { name: "huisarts", perspective: "faciliteren" },
    { name: "inkomen", vulnerability: true },
    { name: "ses_proxy" },
  ];
  it("groups them as the panel shows them: the perspectives in the schema's order, then vulnerable residents, then the rest", () => {
    const groups = groupByPerspective(indicators, "nl");
    expect(groups.map((g) => g.label)).toEqual(["Gezondheid beschermen", "Gezondheid bevorderen", "Faciliteren", "Kwetsbare bewoners", "Overig"]);
    expect(groups[0].indicators.map((i) => i.name)).toEqual(["no2", "geluid"]);
    expect(groups.find((g) => g.key === VULNERABLE_GROUP)!.indicators.map((i) => i.name)).toEqual(["inkomen"]);
    expect(groups.find((g) => g.key === OTHER_GROUP)!.indicators.map((i) => i.name)).toEqual(["ses_proxy"]);
  });
  it("leaves out the groups no indicator is in", () => {
    expect(groupByPerspective([{ name: "no2", perspective: "beschermen" }], "en").map((g) => g.label)).toEqual(["Protecting health"]);
  });
  it("names the perspectives a koppelkans joins in words", () => {
    expect(koppelkansText("beschermen,bevorderen", "nl")).toBe("gezondheid beschermen en gezondheid bevorderen");
    expect(koppelkansText(["bevorderen", "faciliteren"], "en")).toBe("promoting health and facilitating");
    expect(koppelkansText(null, "nl")).toBe("");
  });
});

describe("the stapelkaart's names from the schema", () => {
  it("fills the perspective into the cell and area fields", () => {
    expect(stackCellField("perspective_score", { perspective: "beschermen" })).toBe("stapel_beschermen");
    expect(stackCellField("class")).toBe("stapel_klasse");
    expect(stackAreaField("share_class", { class: "beide_kwetsbaar" })).toBe("aandeel_beide_kwetsbaar");
  });
  it("finds the stapelkaart in a manifest only when the build made one", () => {
    expect(stackOf(manifest)).toBeNull();
    expect(stackOf({ ...manifest, stack: { method: "binary" } })).toEqual({ method: "binary" });
  });
  it("reads the perspectives the build scored, in the schema's order", () => {
    expect(perspectivesOf({ perspectives: ["bevorderen", "beschermen"] })).toEqual(["beschermen", "bevorderen"]);
    expect(perspectivesOf({ perspectives: { faciliteren: {}, beschermen: {} } })).toEqual(["beschermen", "faciliteren"]);
    // As the build writes it: each perspective with its indicators, an empty one not scored.
    expect(perspectivesOf({ perspectives: { beschermen: ["no2", "geluid"], bevorderen: ["groen"], faciliteren: [] } })).toEqual(["beschermen", "bevorderen"]);
    expect(perspectivesOf({ perspectives: [{ name: "beschermen" }] })).toEqual(["beschermen"]);
    expect(perspectivesOf(null)).toEqual(["beschermen", "bevorderen", "faciliteren"]);
  });
  it("reads the residents per class from the manifest, when it counts them", () => {
    expect(classResidents({ classes: { beide_kwetsbaar: { residents: 1235 } } }, "beide_kwetsbaar")).toBe(1235);
    expect(classResidents({ classes: {} }, "geen")).toBeNull();
  });
  it("says in Dutch that a buurt need not be the cause", () => {
    expect(neutralText("nl")).toMatch(/niet dat de buurt de oorzaak is/);
  });
});
