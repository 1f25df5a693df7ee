// Why a cell or area scored what it did: the lines of the info panel.
import { indicatorValue, percent, thresholdValue } from "./format";
import { t, type Lang } from "./i18n";
import { areaField, cellField } from "./schema";

// An indicator as the manifest describes it (schema/build.json indicator_keys).
export interface IndicatorInfo {
  name: string;
  label: string;
  label_en?: string;
  supplied: boolean;
  in_score: boolean;
  threshold: number | null;
  rule?: string;
  rule_nl?: string;
  unit?: string;
  decimals?: number;
  direction?: string;
  proxy_for?: string;
  source?: string;
  perspective?: string; // the stapelkaart's: beschermen, bevorderen or faciliteren
  vulnerability?: boolean; // the stapelkaart's: describes vulnerable residents
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

// "0,0141 inwoners per ha; drempel 0,014 inwoners per ha": the value never rounds onto its threshold.
function againstThreshold(v: unknown, ind: IndicatorInfo, lang: Lang): { value: string; threshold: string } {
  const has = typeof v === "number";
  return {
    value: has ? indicatorValue(v, ind, lang) : t("missing", lang),
    threshold: ind.threshold === null ? "" : thresholdValue(ind.threshold, has ? v : null, ind, lang),
  };
}

export function explainFeature(props: Record<string, unknown>, indicators: IndicatorInfo[], lang: Lang): Line[] {
  const lines: Line[] = [];
  for (const ind of indicators) {
    if (!ind.supplied) continue;
    const v = props[cellField("value", { name: ind.name })];
    const f = props[cellField("flag", { name: ind.name })];
    if (v === undefined && f === undefined) continue;
    const { value, threshold } = againstThreshold(v, ind, lang);
    const th = threshold ? `; ${t("threshold", lang)} ${threshold}` : "";
    const state = f === 1 ? t("flagged", lang) : f === 0 ? t("notFlagged", lang) : t("missing", lang);
    lines.push({
      label: labelOf(ind, lang) + (ind.in_score ? "" : " *"),
      text: typeof v === "number" ? `${value}${th} — ${state}` : `${value}${th}`,
      flagged: f === 1 ? true : f === 0 ? false : null,
    });
  }
  return lines;
}

// One row of an area's breakdown: the share of its residents an indicator
// flags, and the area's own value against the threshold.
export interface AreaLine {
  name: string;
  label: string;
  share: string; // "42 %", or "—" without a share
  value: string;
  threshold: string;
  worse: boolean | null; // the area's value past the threshold; null: no value
}

export function explainArea(props: Record<string, unknown>, indicators: IndicatorInfo[], lang: Lang): AreaLine[] {
  const out: AreaLine[] = [];
  for (const ind of indicators) {
    if (!ind.supplied) continue;
    const share = props[areaField("share_flagged", { name: ind.name })];
    const v = props[areaField("value", { name: ind.name })];
    const worse = props[areaField("worse_than_threshold", { name: ind.name })];
    if (share === undefined && v === undefined) continue;
    const { value, threshold } = againstThreshold(v, ind, lang);
    out.push({
      name: ind.name,
      label: labelOf(ind, lang) + (ind.in_score ? "" : " *"),
      share: typeof share === "number" ? percent(share, 0, lang) : "—",
      value,
      threshold,
      worse: worse === 1 ? true : worse === 0 ? false : null,
    });
  }
  return out;
}

// The area's top drivers (driver_1..3): indicator labels with the share of residents they flag.
export function driversOf(props: Record<string, unknown>, indicators: IndicatorInfo[], lang: Lang, count = 3): string[] {
  const out: string[] = [];
  for (let rank = 1; rank <= count; rank++) {
    const name = props[areaField("driver", { rank })];
    if (typeof name !== "string" || !name) continue;
    const ind = indicators.find((i) => i.name === name);
    const share = props[areaField("share_flagged", { name })];
    const label = ind ? labelOf(ind, lang) : name;
    out.push(typeof share === "number" ? `${label}: ${percent(share, 0, lang)}` : label); // as the files write it
  }
  return out;
}

// "BU03440111 Welgelegen" style search: match code or any part of the name, case-insensitively.
export function matches(query: string, code: string, name: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  return code.toLowerCase().startsWith(q) || name.toLowerCase().includes(q);
}
