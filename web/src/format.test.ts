import { describe, expect, it } from "vitest";
import { auto, indicatorValue, number, numberNear, percent, residents, thresholdValue } from "./format";

describe("numbers for Dutch readers", () => {
  it("put a point between thousands and a decimal comma", () => {
    expect(number(20810.5, 1)).toBe("20.810,5");
    expect(number(7555, 0)).toBe("7.555");
    expect(number(1234567.891, 2)).toBe("1.234.567,89");
    expect(number(0.25, 2)).toBe("0,25");
    expect(number(999, 0)).toBe("999");
  });
  it("round halves up, also where binary floating point falls just short", () => {
    expect(number(5.25, 1)).toBe("5,3");
    expect(number(2.5, 0)).toBe("3");
    expect(number(1.005, 2)).toBe("1,01");
  });
  it("print no minus before a value that rounds to zero, and a dash for no number", () => {
    expect(number(-0.0004, 2)).toBe("0,00");
    expect(number(-12.5, 1)).toBe("-12,5");
    expect(number(NaN, 1)).toBe("—");
  });
  it("never print a value as equal to its threshold when they differ", () => {
    expect(number(0.0141, 3)).toBe(number(0.014, 3)); // the trap
    expect(numberNear(0.0141, 0.014, 3)).toBe("0,0141");
    expect(numberNear(1.04, 1, 0)).toBe("1,04");
    expect(numberNear(1, 1, 0)).toBe("1"); // equal stays equal
    expect(numberNear(0.8, 1, 0)).toBe("0,8"); // "1" would hide that it is below
  });
  it("write shares as percentages with a space before the sign", () => {
    expect(percent(0.784)).toBe("78 %");
    expect(percent(0.0525, 1)).toBe("5,3 %");
  });
  it("round residents as CBS does: to 5, and 'minder dan 5' below 5", () => {
    expect(residents(0.64)).toBe("minder dan 5");
    expect(residents(4.9)).toBe("minder dan 5");
    expect(residents(7)).toBe("5");
    expect(residents(7.5)).toBe("10");
    expect(residents(20812)).toBe("20.810");
    expect(residents(null)).toBe("onbekend"); // a missing figure is never 0
    expect(residents(undefined, "en")).toBe("unknown");
  });
  it("give numbers without a set precision a readable one", () => {
    expect(auto(0.005931)).toBe("0,00593");
    expect(auto(0.2)).toBe("0,2");
    expect(auto(1800)).toBe("1.800");
    expect(auto(68.21)).toBe("68,2");
    expect(auto(2)).toBe("2");
    expect(auto(0)).toBe("0");
    expect(auto(1800, "en")).toBe("1,800");
    expect(auto(0.2, "en")).toBe("0.2");
  });
  it("print indicator values with the manifest's decimals and unit", () => {
    const density = { decimals: 0, unit: "inwoners per ha", threshold: 59.3 };
    expect(indicatorValue(140.4, density)).toBe("140 inwoners per ha");
    expect(indicatorValue(59.34, density)).toBe("59,34 inwoners per ha");
    expect(thresholdValue(59.3, 59.34, density)).toBe("59,30 inwoners per ha");
    expect(thresholdValue(59.3, null, density)).toBe("59 inwoners per ha");
    expect(indicatorValue(1.04, { decimals: 1, unit: "km", threshold: 1 })).toBe("1,04 km");
  });
});
