// The names of a build's and an access run's output, as schema/build.json and
// schema/access.json write them once for the C++ writer, the report and this
// app: layer names, field patterns, status codes and colours are read from
// there, never retyped here.
import build from "../../schema/build.json";
import access from "../../schema/access.json";

export const BUILD = build;
export const ACCESS = access;

// The placeholders of a pattern: {name} (an indicator), {score}, {k}, {rank},
// {category}, {radius_km}.
export type Placeholders = Record<string, string | number | undefined>;

export function fill(pattern: string, values: Placeholders = {}): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`${pattern}: no value for {${key}}`);
    return String(v);
  });
}

export type CellKey = keyof typeof build.cell_fields;
export type AreaKey = keyof typeof build.area_fields;
export type Status = (typeof build.status)[keyof typeof build.status];

export const cellField = (key: CellKey, values: Placeholders = {}) => fill(build.cell_fields[key], values);
export const areaField = (key: AreaKey, values: Placeholders = {}) => fill(build.area_fields[key], values);

// A feature's status code: "score", "onbewoond", "privacy" or "gegevens_ontbreken".
export const STATUS = build.status;
export function statusLabel(code: string, lang: "nl" | "en"): string {
  const labels = build.status_labels as Record<string, { nl: string; en: string }>;
  return labels[code]?.[lang] ?? code;
}

export type AccessCellKey = keyof typeof access.cell_fields;
export const accessCellField = (key: AccessCellKey, values: Placeholders = {}) => fill(access.cell_fields[key], values);
