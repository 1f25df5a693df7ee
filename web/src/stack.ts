// The stapelkaart of a build (schema/build.json "stack"): where pressure on
// protecting health, on promoting it, or both, coincides with vulnerable
// residents. Class codes, labels, colours, field patterns and the neutral text
// come from the schema; the manifest says whether the build has a stapelkaart.
import type { Lang } from "./i18n";
import { BUILD, fill, type Placeholders } from "./schema";

export const STACK = BUILD.stack;
type Words = { nl: string; en: string };
const CLASSES = STACK.classes as Record<string, Words & { colour: string }>;
const PERSPECTIVES = STACK.perspectives as Record<string, Words & { about_nl: string; about_en: string }>;
// A class with vulnerable residents is its pressure class's code with this suffix.
const VULNERABLE_SUFFIX = "_kwetsbaar";

export type StackCellKey = keyof typeof STACK.cell_fields;
export type StackAreaKey = keyof typeof STACK.area_fields;
export const stackCellField = (key: StackCellKey, values: Placeholders = {}) => fill(STACK.cell_fields[key], values);
export const stackAreaField = (key: StackAreaKey, values: Placeholders = {}) => fill(STACK.area_fields[key], values);

// The manifest's stapelkaart section, when the build has one.
export function stackOf(manifest: Record<string, any>): Record<string, any> | null {
  const s = manifest[BUILD.manifest_keys.stack];
  return s && typeof s === "object" ? s : null;
}

// The perspectives this build scored, in the schema's order: the manifest lists
// them (names, or objects naming them, or an object keyed by them); the schema's
// own list when it does not.
export function perspectivesOf(stack: Record<string, any> | null): string[] {
  const all = Object.keys(PERSPECTIVES);
  const listed = stack?.[STACK.manifest_keys.perspectives];
  let names: string[] = [];
  if (Array.isArray(listed)) names = listed.map((p) => (typeof p === "string" ? p : p?.name ?? p?.perspective)).filter((p) => typeof p === "string");
  // Keyed by perspective, each with its indicators: a perspective without any is not scored.
  else if (listed && typeof listed === "object") names = Object.keys(listed).filter((p) => !Array.isArray(listed[p]) || listed[p].length > 0);
  const known = all.filter((p) => names.includes(p));
  return known.length ? known : all;
}

export const perspectiveLabel = (p: string, lang: Lang) => PERSPECTIVES[p]?.[lang] ?? p;
export const perspectiveAbout = (p: string, lang: Lang) => (lang === "en" ? PERSPECTIVES[p]?.about_en : PERSPECTIVES[p]?.about_nl) ?? "";
export const vulnerabilityLabel = (lang: Lang) => STACK.vulnerability[lang];
export const neutralText = (lang: Lang) => STACK.neutral_text[lang];

export interface StackClass {
  code: string;
  label: string;
  colour: string;
}

export function classOf(code: unknown, lang: Lang): StackClass | null {
  if (typeof code !== "string" || !CLASSES[code]) return null;
  return { code, label: CLASSES[code][lang], colour: CLASSES[code].colour };
}

// The legend as the bivariate idea behind the classes: a row per kind of
// pressure (none, protection, promotion, both), a column without and with
// vulnerable residents. Every schema class is in exactly one cell.
export interface StackLegend {
  columns: [string, string]; // without, with vulnerable residents
  rows: { pressure: string; label: string; without: StackClass; with: StackClass }[];
}

export function stackLegend(lang: Lang): StackLegend {
  const codes = Object.keys(CLASSES);
  const rows = codes
    .filter((c) => !c.endsWith(VULNERABLE_SUFFIX) && codes.includes(c + VULNERABLE_SUFFIX))
    .map((c) => ({ pressure: c, label: CLASSES[c][lang], without: classOf(c, lang)!, with: classOf(c + VULNERABLE_SUFFIX, lang)! }));
  const without = lang === "en" ? "Without vulnerable residents" : "Zonder kwetsbare bewoners";
  return { columns: [without, vulnerabilityLabel(lang)], rows };
}

// An indicator's group in the panel: its perspective, the vulnerable residents,
// or the rest (what counts in the score but puts pressure on no perspective).
export type GroupKey = string; // a perspective, "kwetsbaar" or "overig"
export const VULNERABLE_GROUP = "kwetsbaar";
export const OTHER_GROUP = "overig";

export interface Grouped<T> {
  key: GroupKey;
  label: string;
  about: string;
  indicators: T[];
}


// The indicators grouped as the stapelkaart reads them, in the schema's order
// of perspectives, then the vulnerable residents, then the rest; empty groups left out.
export function groupByPerspective<T extends object>(indicators: T[], lang: Lang): Grouped<T>[] {
  const k = BUILD.indicator_keys;
  const groups: Grouped<T>[] = [
    ...Object.keys(PERSPECTIVES).map((p) => ({ key: p, label: perspectiveLabel(p, lang), about: perspectiveAbout(p, lang), indicators: [] as T[] })),
    { key: VULNERABLE_GROUP, label: vulnerabilityLabel(lang), about: lang === "en" ? STACK.vulnerability.about_en : STACK.vulnerability.about_nl, indicators: [] },
    { key: OTHER_GROUP, label: lang === "en" ? "Other" : "Overig", about: "", indicators: [] },
  ];
  const byKey = new Map(groups.map((g) => [g.key, g]));
  for (const ind of indicators) {
    const rec = ind as Record<string, any>;
    const key = rec[k.vulnerability] === true ? VULNERABLE_GROUP : byKey.has(rec[k.perspective]) ? rec[k.perspective] : OTHER_GROUP;
    byKey.get(key)!.indicators.push(ind);
  }
  return groups.filter((g) => g.indicators.length);
}

// The perspectives a koppelkans cell joins ("beschermen,bevorderen" or a list) as words.
export function koppelkansText(value: unknown, lang: Lang): string {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,;|\s]+/) : [];
  return parts.filter((p) => p).map((p) => perspectiveLabel(String(p), lang).toLowerCase()).join(lang === "en" ? " and " : " en ");
}

// Residents per class, as the manifest counts them (rounded to 5), when it does.
export function classResidents(stack: Record<string, any> | null, code: string): number | null {
  const n = stack?.[STACK.manifest_keys.classes]?.[code]?.residents;
  return typeof n === "number" ? n : null;
}
