// A `leefkaart series` on the map: the same city year by year, the change
// against the base year, trends per area and a programme's comparison. Every
// layer, field, table and manifest name comes from schema/series.json, the
// file the C++ writer compiles in: never retyped here.
import schema from "../../schema/series.json";
import { labelOf, type IndicatorInfo } from "./explain";
import { auto } from "./format";
import { t, type Lang } from "./i18n";

export const SERIES = schema;

export type CellFieldKey = keyof typeof schema.cell_fields;
export type AreaFieldKey = keyof typeof schema.area_fields;
export type TableKey = keyof typeof schema.csv;

// The placeholders of a pattern: {year}, {name} (an indicator), {score}, {k}.
export interface Placeholders {
  year?: number;
  name?: string;
  score?: number;
  k?: number;
}

export function fillPattern(pattern: string, values: Placeholders): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = (values as Record<string, unknown>)[key];
    if (v === undefined) throw new Error(`${pattern}: no value for {${key}}`);
    return String(v);
  });
}

export const cellField = (key: CellFieldKey, values: Placeholders = {}) => fillPattern(schema.cell_fields[key], values);
export const areaField = (key: AreaFieldKey, values: Placeholders = {}) => fillPattern(schema.area_fields[key], values);
// The API path of a series table (`leefkaart serve`: /api/series/{key}).
export const tablePath = (key: TableKey) => `api/series/${key}`;

export interface YearIndicator {
  name: string;
  supplied: boolean;
  source_year: number | null;
  carried: boolean;
  threshold?: number | null;
  note?: string;
}

export interface Programme {
  name: string;
  baseline_year: number;
  follow_up_years: number[];
  focus: string[];
  controls: string[];
  warnings: string[];
}

// What the app uses of a series manifest, read by the schema's keys.
export interface SeriesInfo {
  years: number[];
  baseYear: number;
  thresholds: { mode: "base_year" | "per_year"; comparable_over_time: boolean; note: string };
  gap?: { definition: string; fraction: number; per_year: Record<string, number | null>; change_pct: Record<string, number | null> };
  perYear: { year: number; max_score: number; indicators: YearIndicator[]; population_year?: number; population_carried?: boolean }[];
  programme?: Programme;
}

export function readSeries(manifest: Record<string, any>): SeriesInfo {
  const k = schema.manifest_keys;
  const years = manifest[k.years];
  if (!Array.isArray(years) || !years.length) throw new Error(`manifest.json: "${k.years}" is not a list of years`);
  return {
    years: [...years].sort((a, b) => a - b),
    baseYear: manifest[k.base_year] ?? years[0],
    thresholds: manifest[k.thresholds] ?? { mode: "base_year", comparable_over_time: true, note: "" },
    gap: manifest[k.gap],
    perYear: manifest[k.per_year] ?? [],
    programme: manifest[k.programme],
  };
}

// The highest score a year can have (its indicators may differ), else the manifest's.
export function maxScoreOf(info: SeriesInfo, year: number, fallback: number): number {
  return info.perYear.find((p) => p.year === year)?.max_score ?? fallback;
}

// What a year's map is made of, where it differs from the year itself: an
// indicator carried from an earlier year's source, or left out that year (an
// indicator the base year lacks too changes nothing, and is not repeated).
export function yearSources(info: SeriesInfo, year: number, indicators: IndicatorInfo[], lang: Lang): string[] {
  const entry = info.perYear.find((p) => p.year === year);
  if (!entry) return [];
  const base = info.perYear.find((p) => p.year === info.baseYear);
  const missingInBase = (name: string) => base?.indicators.some((i) => i.name === name && !i.supplied) ?? false;
  const label = (name: string) => {
    const ind = indicators.find((i) => i.name === name);
    return ind ? labelOf(ind, lang) : name;
  };
  const lines: string[] = [];
  if (entry.population_carried) lines.push(`${t("residentsLabel", lang)}: ${t("fromYear", lang)} ${entry.population_year} (${t("carried", lang)})`);
  for (const ind of entry.indicators) {
    if (!ind.supplied && year !== info.baseYear && missingInBase(ind.name)) continue;
    if (!ind.supplied) lines.push(`${label(ind.name)}: ${t("leftOut", lang)}${ind.note ? ` — ${ind.note}` : ""}`);
    else if (ind.carried || (ind.source_year !== null && ind.source_year !== year))
      lines.push(`${label(ind.name)}: ${t("fromYear", lang)} ${ind.source_year ?? "?"}${ind.carried ? ` (${t("carried", lang)})` : ""}`);
  }
  return lines;
}

// ---- Change ----------------------------------------------------------------

// A score going DOWN is an improvement: fewer indicators with health to gain.
export type ChangeClass = "much_better" | "better" | "same" | "worse" | "much_worse" | "not_comparable" | "no_data";
export const CHANGE_CLASSES: ChangeClass[] = ["much_better", "better", "same", "worse", "much_worse", "not_comparable", "no_data"];

// Diverging blue (better) to red (worse), readable with the common forms of
// colour blindness (blue against red differs in the yellow-blue channel that
// they keep). Lightness falls from much better to much worse, as on the score
// map: lighter means healthier. Not comparable is hatched (series_app.ts), so it
// is told apart without colour; no data is the score map's grey.
export const CHANGE_COLOURS: Record<ChangeClass, string> = {
  much_better: "#d1e5f0",
  better: "#92c5de",
  same: "#a5a5a5",
  worse: "#d6604d",
  much_worse: "#67001f",
  not_comparable: "#ffffff",
  no_data: "#c8c8c8",
};
export const HATCH_COLOUR = "#6e6e6e";

export type ChangeLevel = "cells" | "areas";

// Where the classes part: a cell's score changes by whole indicators; an
// area's mean score by fractions of one.
export const CHANGE_STEPS: Record<ChangeLevel, { small: number; large: number }> = {
  cells: { small: 1, large: 2 },
  areas: { small: 0.1, large: 0.5 },
};

// comparable_{year} is 0/1 (GDAL writes a boolean field as false/true: read alike).
const isNot = (comparable: unknown) => comparable === 0 || comparable === false;

export function changeClass(change: unknown, comparable: unknown, level: ChangeLevel): ChangeClass {
  if (isNot(comparable)) return "not_comparable";
  if (typeof change !== "number" || !Number.isFinite(change)) return "no_data";
  const { small, large } = CHANGE_STEPS[level];
  const eps = 1e-9;
  if (change <= -large + eps) return "much_better";
  if (change <= -small + eps) return "better";
  if (change < small - eps) return "same";
  if (change < large - eps) return "worse";
  return "much_worse";
}

// The change of a cell or area in `year` against the base year, from its
// properties. A cell carries the reason it is not comparable; an area's is
// told from its mean scores (the writer compares areas whose indicators and
// both means are there).
export function changeOf(props: Record<string, unknown>, year: number, level: ChangeLevel, baseYear?: number) {
  const key = level === "cells" ? cellField : areaField;
  const change = props[key("change", { year })];
  const comparable = props[key("comparable", { year })];
  let reason = level === "cells" ? props[cellField("not_comparable_reason", { year })] : undefined;
  if (level === "areas" && isNot(comparable) && baseYear !== undefined) {
    const has = (y: number) => typeof props[areaField("mean_score", { year: y })] === "number";
    reason = !has(baseYear) ? `no_mean:${baseYear}` : !has(year) ? `no_mean:${year}` : "indicators";
  }
  return {
    change: typeof change === "number" ? change : null,
    comparable: isNot(comparable) ? false : comparable === 1 || comparable === true ? true : null,
    reason: typeof reason === "string" && reason ? reason : null, // for an area: a code that changeWords puts in words
    cls: changeClass(change, comparable, level),
  };
}

// The legend's lines, most improved first.
export function changeLegend(level: ChangeLevel, lang: Lang): { cls: ChangeClass; text: string }[] {
  const { small, large } = CHANGE_STEPS[level];
  const n = (v: number) => auto(v, lang);
  const lower = t("changeLower", lang), higher = t("changeHigher", lang);
  const ranges: [ChangeClass, string][] = level === "cells"
    ? [
        ["much_better", `${n(large)} ${t("orMoreLower", lang)} (${t("better", lang)})`],
        ["better", `${n(small)} ${lower} (${t("better", lang)})`],
        ["same", t("unchanged", lang)],
        ["worse", `${n(small)} ${higher} (${t("worse", lang)})`],
        ["much_worse", `${n(large)} ${t("orMoreHigher", lang)} (${t("worse", lang)})`],
      ]
    : [
        ["much_better", `${n(large)} ${t("orMoreLower", lang)} (${t("better", lang)})`],
        ["better", `${n(small)}–${n(large)} ${lower} (${t("better", lang)})`],
        ["same", `${t("lessThan", lang)} ${n(small)} ${t("difference", lang)}`],
        ["worse", `${n(small)}–${n(large)} ${higher} (${t("worse", lang)})`],
        ["much_worse", `${n(large)} ${t("orMoreHigher", lang)} (${t("worse", lang)})`],
      ];
  return [
    ...ranges.map(([cls, text]) => ({ cls, text })),
    { cls: "not_comparable", text: t("notComparable", lang) },
    { cls: "no_data", text: t("noData", lang) },
  ];
}

// "+1", "−0,25", "0": a change with its sign, in the interface's numbers.
export function signed(v: number, lang: Lang): string {
  if (v === 0) return "0";
  return `${v > 0 ? "+" : "−"}${auto(Math.abs(v), lang)}`;
}

function reasonText(reason: string, lang: Lang): string {
  if (reason === "indicators") return t("otherIndicators", lang);
  const noMean = /^no_mean:(\d+)$/.exec(reason);
  return noMean ? `${t("noMeanIn", lang)} ${noMean[1]}` : reason;
}

// The change in words, with its context: what a lower or higher score means,
// why there is none, and that years with thresholds of their own cannot be
// compared over time at all.
export function changeWords(c: ReturnType<typeof changeOf>, comparableOverTime: boolean, lang: Lang): string {
  if (c.cls === "not_comparable") return `${t("notComparableShort", lang)}${c.reason ? `: ${reasonText(c.reason, lang)}` : ""}`;
  if (c.change === null) return "—";
  const words = c.change < 0 ? t("better", lang) : c.change > 0 ? t("worse", lang) : t("unchanged", lang);
  return `${signed(c.change, lang)} (${words})${comparableOverTime ? "" : `; ${t("notComparableOverTime", lang)}`}`;
}

// ---- Trend -----------------------------------------------------------------

// Mean score per year of an area; a year without a value is null, drawn as a
// gap in the line, never as 0.
export function trendSeries(props: Record<string, unknown>, years: number[]): { year: number; value: number | null }[] {
  return years.map((year) => {
    const v = props[areaField("mean_score", { year })];
    return { year, value: typeof v === "number" && Number.isFinite(v) ? v : null };
  });
}

// A cell's score per year, the same way.
export function cellScores(props: Record<string, unknown>, years: number[]): { year: number; value: number | null }[] {
  return years.map((year) => {
    const v = props[cellField("score", { year })];
    return { year, value: typeof v === "number" && Number.isFinite(v) ? v : null };
  });
}

// The chart's text alternative: "2016: 1,2; 2020: geen gegevens; …".
export function trendText(points: { year: number; value: number | null }[], lang: Lang): string {
  return points.map((p) => `${p.year}: ${p.value === null ? t("noValue", lang) : auto(p.value, lang)}`).join("; ");
}

// ---- Flips -----------------------------------------------------------------

export interface Flip {
  name: string;
  from: number;
  to: number;
}

// "stress 0→1; no2 1→0" (cell field flips_{year}) as its indicators' flips.
export function parseFlips(text: unknown): Flip[] {
  if (typeof text !== "string") return [];
  const flips: Flip[] = [];
  for (const part of text.split(";")) {
    const m = /^\s*(\S+)\s+([01])\s*(?:→|->)\s*([01])\s*$/.exec(part);
    if (m) flips.push({ name: m[1], from: Number(m[2]), to: Number(m[3]) });
  }
  return flips;
}

// One flip in words: the indicator's label and its flag in the base year →
// in `year` (the writer's order, also for a year before the base year).
export function flipText(flip: Flip, year: number, indicators: IndicatorInfo[], lang: Lang): string {
  const ind = indicators.find((i) => i.name === flip.name);
  const label = ind ? labelOf(ind, lang) : flip.name;
  return `${label}: ${flip.from} → ${flip.to} (${t(flip.to === 1 ? "flipWorse" : "flipBetter", lang)} ${year})`;
}

// ---- Programme -------------------------------------------------------------

// The programme's focus and control buurten: those on this map are outlined,
// controls elsewhere in the country are listed.
export function programmeAreas(programme: Programme, buurtCodes: Set<string>) {
  return {
    focus: programme.focus.filter((c) => buurtCodes.has(c)),
    focusElsewhere: programme.focus.filter((c) => !buurtCodes.has(c)),
    controlsOnMap: programme.controls.filter((c) => buurtCodes.has(c)),
    controlsElsewhere: programme.controls.filter((c) => !buurtCodes.has(c)),
  };
}

// A CSV table (rows of strings, as /api/series/… sends them) for an HTML
// table: columns in the file's order, numbers in the interface's format, an
// empty value as a dash.
export function tableOf(rows: Record<string, string | null>[], lang: Lang): { columns: string[]; cells: string[][] } {
  const columns: string[] = [];
  for (const row of rows) for (const c of Object.keys(row)) if (!columns.includes(c)) columns.push(c);
  const show = (v: string | null | undefined) => {
    if (v === null || v === undefined || v === "") return "—";
    const n = Number(v);
    return /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v.trim()) && Number.isFinite(n) && !/^0\d/.test(v) ? auto(n, lang) : v;
  };
  return { columns, cells: rows.map((row) => columns.map((c) => show(row[c]))) };
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]);
