// The names and logic of a sorting monitor (`leefkaart sorting`, PBL's spatial
// sorting): layer names, field patterns, zones, hot-spot classes, concentration
// bands, early-warning criteria and the measures' definitions all come from
// schema/sorting.json. Shares are percentages of residents (or dwellings),
// changes percentage points. Pure functions: the map is in sorting_app.ts.
import sorting from "../../schema/sorting.json";
import { number } from "./format";
import type { Lang } from "./i18n";
import { fill, type Placeholders } from "./schema";

export const SORTING = sorting;
type Words = { nl: string; en: string };

export type BuurtKey = keyof typeof sorting.buurt_fields;
export type ZoneKey = keyof typeof sorting.zone_fields;
export type HotspotKey = keyof typeof sorting.hotspot_fields;
export const buurtField = (key: BuurtKey, values: Placeholders = {}) => fill(sorting.buurt_fields[key], values);
export const zoneField = (key: ZoneKey, values: Placeholders = {}) => fill(sorting.zone_fields[key], values);
export const hotspotField = (key: HotspotKey, values: Placeholders = {}) => fill(sorting.hotspot_fields[key], values);
export const LAYERS = sorting.layers;

const ZONES = sorting.zones as Record<string, Words & { colour: string }>;
const HOTSPOTS = sorting.hotspot_classes as Record<string, Words & { colour: string }>;
const CRITERIA = sorting.early_warning_criteria as Record<string, Words>;
const MEASURES = sorting.measures as Record<string, { nl: string; formula: string }>;

export const zoneCodes = () => Object.keys(ZONES);
export const zoneLabel = (code: unknown, lang: Lang) => (typeof code === "string" && ZONES[code] ? ZONES[code][lang] : String(code ?? "—"));
export const zoneColour = (code: unknown) => (typeof code === "string" && ZONES[code] ? ZONES[code].colour : "#999999");
export const hotspotCodes = () => Object.keys(HOTSPOTS);
export const hotspotLabel = (code: string, lang: Lang) => HOTSPOTS[code]?.[lang] ?? code;
export const hotspotColour = (code: unknown) => (typeof code === "string" && HOTSPOTS[code] ? HOTSPOTS[code].colour : null);
export const criterionCodes = () => Object.keys(CRITERIA);
export const criterionLabel = (code: string, lang: Lang) => CRITERIA[code]?.[lang] ?? code;
export const neutralText = (lang: Lang) => sorting.neutral_text[lang];

// A concentration band's words ("Meer dan 80 %"); the band codes are the schema's keys beside "about".
export function bandLabel(code: unknown, lang: Lang): string | null {
  const bands = sorting.bands as Record<string, any>;
  if (typeof code !== "string" || code === "about" || !bands[code]) return null;
  return bands[code][lang];
}

// The measures with their definitions, for the page's explanation.
export function measures(): { key: string; text: string; formula: string }[] {
  return Object.entries(MEASURES).map(([key, m]) => ({ key, text: m.nl, formula: m.formula }));
}

// A vulnerable group as the manifest names it: a name, or an object with a
// name and its labels (the config's).
export interface Group {
  name: string;
  label: string;
  label_en?: string;
  unit?: string;
}

export function groupsOf(manifest: Record<string, any>): Group[] {
  const listed = manifest[sorting.manifest_keys.groups];
  const list: any[] = Array.isArray(listed) ? listed : listed && typeof listed === "object" ? Object.entries(listed).map(([name, g]) => ({ name, ...(g as object) })) : [];
  return list
    .map((g) => (typeof g === "string" ? { name: g, label: g } : { ...g, name: g.name ?? g.group, label: g.label ?? g.label_nl ?? g.name ?? g.group }))
    .filter((g) => typeof g.name === "string");
}
export const groupLabel = (g: Group, lang: Lang) => (lang === "en" && g.label_en ? g.label_en : g.label);

// The composition snapshots (one year's values beside the change, e.g. SES-WOA): names with labels.
export function snapshotsOf(manifest: Record<string, any>): { name: string; label: string }[] {
  const listed = manifest[sorting.manifest_keys.snapshots];
  const list: any[] = Array.isArray(listed) ? listed : listed && typeof listed === "object" ? Object.entries(listed).map(([name, s]) => ({ name, ...(s as object) })) : [];
  return list
    .map((s) => (typeof s === "string" ? { name: s, label: s } : { name: s.name ?? s.field, label: s.label ?? s.name ?? s.field }))
    .filter((s) => typeof s.name === "string");
}

// The years a group has a share for, read from the features' own fields
// (a group may have fewer years than the monitor, e.g. where tenure data stops).
export function yearsOf(features: { properties: Record<string, any> }[], group: string, share = sorting.buurt_fields.share): number[] {
  const pattern = new RegExp("^" + fill(share, { group, year: "(\\d{4})" }).replace(/[.]/g, "\\.") + "$");
  const years = new Set<number>();
  for (const f of features)
    for (const key of Object.keys(f.properties)) {
      const m = pattern.exec(key);
      if (m) years.add(Number(m[1]));
    }
  return [...years].sort((a, b) => a - b);
}

// ---- Colours and legends ----

// Change in percentage points, in classes around "about the same": brown where
// the share rose, blue-green where it fell; no red or green, no verdict.
export const CHANGE_BREAKS = [-5, -2, -1, 1, 2, 5];
export const CHANGE_COLOURS = ["#01665e", "#5ab4ac", "#c7eae5", "#f5f5f5", "#f6e8c3", "#d8b365", "#8c510a"];
export const NO_VALUE = "#d9d9d9";

export function changeClass(v: unknown): number | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  // Symmetric around zero: a value on a break counts to the class away from zero.
  const b = CHANGE_BREAKS;
  if (v <= b[0]) return 0;
  if (v <= b[1]) return 1;
  if (v <= b[2]) return 2;
  if (v < b[3]) return 3;
  if (v < b[4]) return 4;
  if (v < b[5]) return 5;
  return 6;
}
export const changeColour = (v: unknown) => {
  const c = changeClass(v);
  return c === null ? NO_VALUE : CHANGE_COLOURS[c];
};

export const pp = (lang: Lang) => (lang === "en" ? "percentage points" : "procentpunt");

// "+8,0 procentpunt", "−2,5 procentpunt", "0,0 procentpunt".
export function signedPoints(v: number, lang: Lang, decimals = 1): string {
  const text = number(Math.abs(v), decimals, lang);
  const zero = /^[0.,]+$/.test(text);
  return `${zero ? "" : v > 0 ? "+" : "−"}${text} ${pp(lang)}`;
}
export const share = (v: number, lang: Lang, decimals = 1) => `${number(v, decimals, lang)} %`;

// The legend of a change map, from the most fallen to the most risen.
export function changeLegend(lang: Lang): { colour: string; label: string }[] {
  const b = CHANGE_BREAKS;
  const n = (v: number) => number(v, 0, lang);
  const unit = pp(lang);
  const nl = [
    `${n(-b[0])} ${unit} of meer gedaald`, `${n(-b[1])} tot ${n(-b[0])} ${unit} gedaald`, `${n(-b[2])} tot ${n(-b[1])} ${unit} gedaald`,
    `minder dan ${n(b[3])} ${unit} veranderd`,
    `${n(b[3])} tot ${n(b[4])} ${unit} gestegen`, `${n(b[4])} tot ${n(b[5])} ${unit} gestegen`, `${n(b[5])} ${unit} of meer gestegen`,
  ];
  const en = [
    `fell ${n(-b[0])} ${unit} or more`, `fell ${n(-b[1])} to ${n(-b[0])} ${unit}`, `fell ${n(-b[2])} to ${n(-b[1])} ${unit}`,
    `changed less than ${n(b[3])} ${unit}`,
    `rose ${n(b[3])} to ${n(b[4])} ${unit}`, `rose ${n(b[4])} to ${n(b[5])} ${unit}`, `rose ${n(b[5])} ${unit} or more`,
  ];
  return CHANGE_COLOURS.map((colour, i) => ({ colour, label: (lang === "en" ? en : nl)[i] }));
}

// Shares in five equal classes from 0 up to a round step above most buurten
// (the 95th percentile), light to dark: one scale per group and year.
export const SHARE_COLOURS = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];

export function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

export function shareBreaks(values: number[]): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const top = sorted.length ? sorted[Math.min(sorted.length - 1, Math.round(0.95 * (sorted.length - 1)))] : 0;
  const step = niceStep(top / SHARE_COLOURS.length);
  return SHARE_COLOURS.slice(1).map((_, i) => step * (i + 1)); // the upper bounds of all classes but the last
}
export function shareColour(v: unknown, breaks: number[]): string {
  if (typeof v !== "number" || !Number.isFinite(v)) return NO_VALUE;
  let i = 0;
  while (i < breaks.length && v >= breaks[i]) ++i;
  return SHARE_COLOURS[i];
}
export function shareLegend(breaks: number[], lang: Lang): { colour: string; label: string }[] {
  const n = (v: number) => number(v, Number.isInteger(v) ? 0 : 1, lang);
  return SHARE_COLOURS.map((colour, i) => ({
    colour,
    label: i === 0 ? (lang === "en" ? `below ${n(breaks[0])} %` : `minder dan ${n(breaks[0])} %`)
      : i === breaks.length ? (lang === "en" ? `${n(breaks[i - 1])} % or more` : `${n(breaks[i - 1])} % of meer`)
      : `${n(breaks[i - 1])} ${lang === "en" ? "to" : "tot"} ${n(breaks[i])} %`,
  }));
}

// ---- Early warning ----

// Why a buurt is flagged: per criterion its reason text (reden_{criterion}),
// in the schema's order; criteria without a reason are left out.
export function reasonsOf(p: Record<string, any>, lang: Lang): { criterion: string; label: string; reason: string }[] {
  const out = [];
  for (const c of criterionCodes()) {
    const r = p[buurtField("reason", { criterion: c })];
    if (r === null || r === undefined || r === "" || r === false || r === 0) continue;
    out.push({ criterion: c, label: criterionLabel(c, lang), reason: r === true || r === 1 ? "" : String(r) });
  }
  return out;
}
export const isEarlyWarning = (p: Record<string, any>) => {
  const v = p[buurtField("early_warning")];
  return v === true || v === 1 || v === "1" || v === "ja";
};

// The region's own figures per group and year, from the manifest's
// segregation section: its entry that is not a zone (the zones have theirs in
// the zones layer). Null when the manifest has none.
export function regionFigures(manifest: Record<string, any>): Record<string, Record<string, { share?: number | null; dissimilarity?: number | null; isolation?: number | null }>> | null {
  const seg = manifest[sorting.manifest_keys.segregation];
  if (!seg || typeof seg !== "object") return null;
  const key = Object.keys(seg).find((k) => !(k in ZONES));
  return key ? seg[key] : null;
}
// The region's change in percentage points for a group (the manifest's groups list), or null.
export function regionChange(manifest: Record<string, any>, group: string): number | null {
  const listed = manifest[sorting.manifest_keys.groups];
  const g = Array.isArray(listed) ? listed.find((x) => x?.name === group) : null;
  return typeof g?.region_change_pp === "number" ? g.region_change_pp : null;
}
