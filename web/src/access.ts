// A `leefkaart access` run on the map: distances over the street network from
// every cell to the nearest facility of each category, and counts within reach.
import { auto, number } from "./format";
import { t, type Lang } from "./i18n";
import { accessCellField } from "./schema";

// Field names from schema/access.json: dist_{category}_m, time_{category}_min, n_{category}_{radius_km}km.
const distField = (category: string) => accessCellField("distance", { category });
const timeField = (category: string) => accessCellField("time", { category });
// The radius as the C++ writes it: the shortest decimal ({:g}), 1, 0.5, 1.5.
const countField = (category: string, r: number) => accessCellField("count", { category, radius_km: String(r) });

export interface AccessCategory {
  category: string;
  label?: string;
  facilities: number;
  cells_reached: number;
  status: string;
}

export interface AccessManifest {
  mode: "walk" | "bike" | "car";
  speed_kmh: number;
  radii_km: number[];
  snap_limit_m: number;
  categories: AccessCategory[];
  counts: { cells: number; cells_off_network: number };
}

// The colour choices: distance to each category, and how many lie within the first radius.
// "dist:huisarts" colours by the distance, "n:huisarts" by the count within the first radius.
export interface ColourChoice {
  value: string;
  text: string;
  field: string;
  higherIsWorse: boolean;
  disabled: boolean;
}

const label = (c: AccessCategory) => c.label ?? c.category;

export function colourChoices(m: AccessManifest, lang: Lang): ColourChoice[] {
  const how = t(`by_${m.mode}`, lang);
  const none = (c: AccessCategory) => (c.facilities === 0 ? ` (${t("notInExtract", lang)})` : "");
  const out: ColourChoice[] = m.categories.map((c) => ({
    value: `dist:${c.category}`,
    text: `${t("distanceTo", lang)} ${label(c).toLowerCase()} (${how})${none(c)}`,
    field: distField(c.category),
    higherIsWorse: true,
    disabled: c.facilities === 0,
  }));
  const r = m.radii_km[0];
  if (r !== undefined)
    for (const c of m.categories)
      out.push({
        value: `n:${c.category}`,
        text: `${t("countWithin", lang)} ${auto(r, lang)} km: ${label(c).toLowerCase()}${none(c)}`,
        field: countField(c.category, r),
        higherIsWorse: false,
        disabled: c.facilities === 0,
      });
  return out;
}

export interface AccessLine {
  label: string;
  text: string;
  missing: boolean;
}

// The panel of one cell: per category its distance, travel time and counts, or why there is none.
export function explainAccess(p: Record<string, unknown>, m: AccessManifest, lang: Lang): AccessLine[] {
  return m.categories.map((c) => {
    const d = p[distField(c.category)];
    if (c.facilities === 0) return { label: label(c), text: t("notInExtract", lang), missing: true };
    if (typeof d !== "number") return { label: label(c), text: t("notReachable", lang), missing: true };
    const minutes = p[timeField(c.category)];
    const counts = m.radii_km.map((r) => p[countField(c.category, r)]);
    const countText = counts.length && counts.every((n) => typeof n === "number") // no counts after --no-counts
      ? ` · ${counts.map((n) => auto(n as number, lang)).join(" / ")} ${t("within", lang)} ${m.radii_km.map((r) => auto(r, lang)).join(" / ")} km`
      : "";
    const time = typeof minutes === "number" ? ` · ${auto(minutes, lang)} min ${t(`by_${m.mode}`, lang)}` : "";
    return { label: label(c), text: `${number(d, 0, lang)} m${time}${countText}`, missing: false };
  });
}
