// The ranked table of areas beside the map: which buurten (or wijken) have
// the most health to gain, and why. It is also the map's text alternative:
// everything the colours say, in rows a screen reader can read and sort.
import type { Feature } from "./data";
import { driversOf, type IndicatorInfo } from "./explain";
import { number, percent, residents } from "./format";
import { t, type Lang } from "./i18n";
import { BUILD, areaField, statusLabel } from "./schema";

export type SortKey = "name" | "mean" | "share" | "pop" | "gain";
export type SortDir = "ascending" | "descending";

export interface AreaRow {
  code: string;
  name: string;
  mean: number | null;
  share: number | null; // share of residents with score ≥ k
  pop: number | null; // null: unknown, never 0
  gain: number | null; // residents × score
  drivers: string[];
  masked: boolean;
  status: string;
  feature: Feature;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function areaRows(features: Feature[], indicators: IndicatorInfo[], k: number, lang: Lang): AreaRow[] {
  return features.map((f) => {
    const p = f.properties;
    return {
      code: p[areaField("code")],
      name: p[areaField("name")],
      mean: num(p[areaField("mean_score")]),
      share: num(p[areaField("share_at_least_k", { k })]),
      pop: num(p[areaField("pop")]),
      gain: num(p[areaField("health_to_gain")]),
      drivers: driversOf(p, indicators, lang, 2),
      masked: p[areaField("masked")] === 1,
      status: p[areaField("status")] ?? BUILD.status.scored,
      feature: f,
    };
  });
}

// Sorted on a copy. Rows without the figure go last in either direction: an
// unknown is not the best nor the worst. Ties keep a fixed order (by name).
export function sortRows(rows: AreaRow[], key: SortKey, dir: SortDir): AreaRow[] {
  const sign = dir === "ascending" ? 1 : -1;
  const byName = (a: AreaRow, b: AreaRow) => a.name.localeCompare(b.name, "nl") || a.code.localeCompare(b.code);
  return [...rows].sort((a, b) => {
    if (key === "name") return sign * byName(a, b);
    const x = a[key], y = b[key];
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || byName(a, b);
  });
}

// The default direction of a column: names A–Z, figures largest first (most to gain on top).
export const firstDirection = (key: SortKey): SortDir => (key === "name" ? "ascending" : "descending");

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The table's HTML: sort buttons in the headers (aria-sort on the sorted one),
// a button per area that zooms to it and opens its panel.
// The masked column only where masking exists (buurten against their wijk).
// `marked`: the areas the register's filter picked (an intervention of a type
// since a year), marked by a word beside the name, not by colour alone.
export function tableHtml(rows: AreaRow[], key: SortKey, dir: SortDir, k: number, levelName: string, lang: Lang, showMasked = true,
                          marked: Set<string> | null = null): string {
  const cols: [SortKey | null, string][] = [
    ["name", t("areaName", lang)], ["mean", t("meanScoreShort", lang)], ["share", `${t("shareShort", lang)} ${k}`],
    ["pop", t("residentsLabel", lang)], ["gain", t("healthToGain", lang)], [null, t("driversShort", lang)],
  ];
  if (showMasked) cols.push([null, t("maskedShort", lang)]);
  const head = cols.map(([c, text]) => {
    if (!c) return `<th scope="col">${text}</th>`;
    const sorted = c === key ? ` aria-sort="${dir}"` : "";
    const arrow = c === key ? (dir === "ascending" ? " ▲" : " ▼") : "";
    return `<th scope="col"${sorted}><button type="button" data-sort="${c}">${text}<span aria-hidden="true">${arrow}</span></button></th>`;
  });
  const body = rows.map((r) => {
    const gap = r.status !== BUILD.status.scored ? statusLabel(r.status, lang) : "—";
    const mark = marked?.has(r.code) ? ` <span class="mark-word">(${t("regFilterMark", lang)})</span>` : "";
    return `<tr data-code="${escape(r.code)}"${mark ? ' class="has-intervention"' : ""}><th scope="row"><button type="button" data-area="${escape(r.code)}">${escape(r.name)}</button>${mark}</th>` +
      `<td>${r.mean === null ? gap : number(r.mean, 1, lang)}</td>` +
      `<td>${r.share === null ? "—" : percent(r.share, 0, lang)}</td>` +
      `<td>${residents(r.pop, lang)}</td>` +
      `<td>${r.gain === null ? "—" : number(r.gain, 0, lang)}</td>` +
      `<td>${r.drivers.map(escape).join("; ") || "—"}</td>` +
      (showMasked ? `<td>${r.masked ? t("yes", lang) : t("no", lang)}</td>` : "") + "</tr>";
  });
  return `<table><caption>${levelName}: ${t("areaTableCaption", lang)}</caption>` +
    `<thead><tr>${head.join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

// The legend's residents with a score, over every gemeente of the build (one in
// a city build, 342 in a national one). A gemeente leaves a score out below the
// privacy minimum, so a sum that misses some is a lower bound ("ten minste").
export function residentsWithScore(gemeenten: Feature[], score: number, lang: Lang): string {
  const per = gemeenten.map((g) => g.properties[areaField("pop_per_score", { score })]);
  const known = per.filter((n): n is number => typeof n === "number" && Number.isFinite(n));
  const sum = known.reduce((a, b) => a + b, 0);
  const partial = known.length > 0 && known.length < per.length && sum >= 5;
  return `${partial ? `${t("atLeast", lang)} ` : ""}${residents(sum, lang)} ${t("residents", lang)}`;
}
