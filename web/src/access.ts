// A `leefkaart access` run on the map: distances over the street network from
// every cell to the nearest facility of each category, and counts within reach.
import { auto } from "./format";
import { t, type Lang } from "./i18n";

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
// "dist:huisarts" colours by dist_huisarts_m; "n:huisarts" by n_huisarts_1km.
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
    field: `dist_${c.category}_m`,
    higherIsWorse: true,
    disabled: c.facilities === 0,
  }));
  const r = m.radii_km[0];
  if (r !== undefined)
    for (const c of m.categories)
      out.push({
        value: `n:${c.category}`,
        text: `${t("numberOf", lang)} ${label(c).toLowerCase()} ${t("within", lang)} ${auto(r, lang)} km${none(c)}`,
        field: `n_${c.category}_${r}km`, // as the C++ writes it ({:g})
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
    const d = p[`dist_${c.category}_m`];
    if (c.facilities === 0) return { label: label(c), text: t("notInExtract", lang), missing: true };
    if (typeof d !== "number") return { label: label(c), text: t("notReachable", lang), missing: true };
    const minutes = p[`time_${c.category}_min`];
    const counts = m.radii_km.map((r) => p[`n_${c.category}_${r}km`]);
    const countText = counts.length && counts.every((n) => typeof n === "number") // no counts after --no-counts
      ? ` · ${counts.join(" / ")} ${t("within", lang)} ${m.radii_km.map((r) => auto(r, lang)).join(" / ")} km`
      : "";
    const time = typeof minutes === "number" ? ` · ${auto(minutes, lang)} min ${t(`by_${m.mode}`, lang)}` : "";
    return { label: label(c), text: `${auto(d, lang)} m${time}${countText}`, missing: false };
  });
}
