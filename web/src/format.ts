// Numbers as Dutch readers expect them (nl-NL): a point between thousands, a
// decimal comma, residents rounded as CBS publishes them. The one formatter of
// the web app: panel, legend, table and chart axes all print through it. Its
// rules mirror src/leefkaart/core/dutch.cpp (report and console), so the map
// and the files say the same. English (the language switch) swaps the marks.
import type { Lang } from "./i18n";

const MARKS: Record<Lang, { group: string; decimal: string }> = {
  nl: { group: ".", decimal: "," },
  en: { group: ",", decimal: "." },
};
const MAX_DECIMALS = 12;

// `v` with exactly `decimals` decimals: 20810.5 → "20.810,5" (decimals 1).
// Halves round up, also where binary floating point stores 5,25 as 5,2499…
export function number(v: number, decimals: number, lang: Lang = "nl"): string {
  if (!Number.isFinite(v)) return "—";
  const d = Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals)));
  const f = 10 ** d;
  const plain = (Math.round(Math.abs(v) * f * (1 + 1e-12)) / f).toFixed(d);
  const [whole, fraction] = plain.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, MARKS[lang].group);
  const negative = v < 0 && /[1-9]/.test(plain);
  return (negative ? "-" : "") + grouped + (fraction ? MARKS[lang].decimal + fraction : "");
}

// Enough decimals that `v` never prints as equal to `threshold` when they
// differ: 0.0141 against 0.0140 → "0,0141", however few `decimals` ask for.
export function numberNear(v: number, threshold: number | null | undefined, decimals: number, lang: Lang = "nl"): string {
  let d = Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals)));
  if (typeof threshold === "number")
    while (d < MAX_DECIMALS && v !== threshold && number(v, d, lang) === number(threshold, d, lang)) ++d;
  return number(v, d, lang);
}

// A share 0..1 as a percentage: 0.784 → "78 %".
export function percent(share: number, decimals = 0, lang: Lang = "nl"): string {
  return `${number(share * 100, decimals, lang)} %`;
}

// Residents as CBS rounds them: to 5, and "minder dan 5" below 5. A missing
// figure is unknown, never "0".
export function residents(count: number | null | undefined, lang: Lang = "nl"): string {
  if (typeof count !== "number" || !Number.isFinite(count)) return lang === "en" ? "unknown" : "onbekend";
  if (count < 5) return lang === "en" ? "fewer than 5" : "minder dan 5";
  return number(Math.round(count / 5) * 5, 0, lang);
}

// A number without a configured precision (scores, means, distances, axis
// ticks): whole from 100 up, one decimal from 10, two below; small values keep
// three significant digits so they do not print as 0.
export function auto(v: number, lang: Lang = "nl"): string {
  if (!Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a < 1) return trim(number(v, Math.max(2, 2 - Math.floor(Math.log10(a))), lang), lang);
  return trim(number(v, a >= 100 ? 0 : a >= 10 ? 1 : 2, lang), lang);
}

// "0,50" → "0,5", "2,00" → "2": for numbers whose precision is not fixed.
function trim(s: string, lang: Lang): string {
  const dec = MARKS[lang].decimal;
  if (!s.includes(dec)) return s;
  return s.replace(/0+$/, "").replace(new RegExp(`\\${dec}$`), "");
}

// What an indicator value needs: the manifest's decimals and unit.
export interface Precision {
  decimals?: number;
  unit?: string;
  threshold?: number | null;
}

// An indicator value with its unit, never rounded onto its threshold:
// "0,0141 inwoners per ha" against a threshold of 0,014.
export function indicatorValue(v: number, ind: Precision, lang: Lang = "nl"): string {
  const text = typeof ind.decimals === "number" ? numberNear(v, ind.threshold, ind.decimals, lang) : auto(v, lang);
  return ind.unit ? `${text} ${ind.unit}` : text;
}

// The threshold itself, with as many decimals as the value beside it needs.
export function thresholdValue(threshold: number, v: number | null | undefined, ind: Precision, lang: Lang = "nl"): string {
  const text = typeof ind.decimals === "number"
    ? typeof v === "number" ? numberNear(threshold, v, ind.decimals, lang) : number(threshold, ind.decimals, lang)
    : auto(threshold, lang);
  return ind.unit ? `${text} ${ind.unit}` : text;
}
