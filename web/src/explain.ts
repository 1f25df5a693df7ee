// Why a cell or area scored what it did: the lines of the info panel.
import { t, type Lang } from "./i18n";

export interface IndicatorInfo {
  name: string;
  label: string;
  label_en?: string;
  supplied: boolean;
  in_score: boolean;
  threshold: number | null;
  rule?: string;
  unit?: string;
}

export interface Line {
  label: string;
  text: string;
  flagged: boolean | null; // null: no value
}

// The indicator's name in the interface language (the config's label_en, else its Dutch label).
export function labelOf(ind: IndicatorInfo, lang: Lang): string {
  return lang === "en" && ind.label_en ? ind.label_en : ind.label;
}

// Small values keep three significant digits, so a value just above its
// threshold never prints as equal to it.
export function fmt(v: number, lang: Lang = "nl"): string {
  const locale = lang === "en" ? "en-GB" : "nl-NL";
  const a = Math.abs(v);
  if (a > 0 && a < 1) return v.toLocaleString(locale, { maximumSignificantDigits: 3 });
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return v.toLocaleString(locale, { maximumFractionDigits: digits });
}

export function explainFeature(props: Record<string, unknown>, indicators: IndicatorInfo[], lang: Lang): Line[] {
  const lines: Line[] = [];
  for (const ind of indicators) {
    if (!ind.supplied) continue;
    const v = props[`val_${ind.name}`];
    const f = props[`ind_${ind.name}`];
    if (v === undefined && f === undefined) continue;
    const has = typeof v === "number";
    const unit = ind.unit ? ` ${ind.unit}` : "";
    const th = ind.threshold === null ? "" : `; ${t("threshold", lang)} ${fmt(ind.threshold, lang)}${unit}`;
    const state = f === 1 ? t("flagged", lang) : f === 0 ? t("notFlagged", lang) : t("missing", lang);
    lines.push({
      label: labelOf(ind, lang) + (ind.in_score ? "" : " *"),
      text: has ? `${fmt(v as number, lang)}${unit}${th} — ${state}` : `${t("missing", lang)}${th}`,
      flagged: f === 1 ? true : f === 0 ? false : null,
    });
  }
  return lines;
}

// "BU03440111 Welgelegen" style search: match code or any part of the name, case-insensitively.
export function matches(query: string, code: string, name: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  return code.toLowerCase().startsWith(q) || name.toLowerCase().includes(q);
}
