// The learning register as the server serves it (`leefkaart serve --store`):
// a small client for its API, and the pure logic the panel, the forms and the
// trend chart share. Paths, words, labels and field names come from
// schema/register.json (never retyped here); a served folder without a
// register (GET api/register answers 404) shows nothing of it.
import register from "../../schema/register.json";
import type { Lang } from "./i18n";

export const REGISTER = register;
export const API = register.api;
export type VocabList = keyof typeof register.vocab;
export type RecordKind = "intervention" | "question" | "cycle" | "story" | "note";

// A vocab word's label ("hardware" → "hardware (fysieke ingreep)"); an unknown word as it is.
export function vocabLabel(list: VocabList, word: string, lang: Lang = "nl"): string {
  const words = register.vocab[list] as Record<string, { nl: string; en: string }>;
  return words[word]?.[lang] ?? word;
}
export const vocabWords = (list: VocabList): string[] => Object.keys(register.vocab[list]);

// The records as the API answers them (field names: api.json; the keys this
// app reads are checked against that list in register.test.ts).
export interface IndicatorAim { indicator: string; direction: string }
export interface Intervention {
  code: string; name: string; areas?: string[]; status: string; stop_reason?: string;
  planned_start?: string; planned_end?: string; actual_start?: string; actual_end?: string;
  types?: string[]; domain?: string; perspective?: string; target_group?: string; partners?: string;
  funding?: string; funding_end?: string; situatie?: string; waar_naartoe?: string; hoe?: string; aannamen?: string;
  indicators?: IndicatorAim[]; area_code?: string;
}
export interface Question {
  nr: string; theme: string; wish: string; tension: string; holder?: string; status: string;
  areas?: string[]; interventions?: string[]; indicators?: string[]; area_code?: string;
}
export interface Cycle { date: string; kind: string; text: string; author_role?: string; questions?: string[]; interventions?: string[]; area_code?: string }
export interface Story {
  id?: number; date: string; area_code: string; precision?: string; source: string; text: string; signal?: string;
  themes?: string[]; photo?: string; consent?: boolean; publishable?: boolean; author_role?: string;
}
export interface AreaAnswer { code: string; interventions: Intervention[]; questions: Question[]; cycles: Cycle[]; stories: Story[] }
export interface RegisterAnswer { schema_version: number; interventions: Intervention[]; questions: Question[]; cycles: Cycle[]; notes: unknown[]; stories: Story[] }

// Every record field this module reads by name, per record kind: the test
// holds them against api.json, so a renamed field fails there, not in a browser.
export const READS: Record<string, string[]> = {
  intervention: ["code", "name", "areas", "status", "stop_reason", "planned_start", "planned_end", "actual_start", "actual_end",
                 "types", "domain", "perspective", "target_group", "partners", "funding", "funding_end", "situatie", "waar_naartoe", "hoe",
                 "aannamen", "indicators"],
  intervention_indicator: ["indicator", "direction"],
  question: ["nr", "theme", "wish", "tension", "holder", "status", "indicators"],
  cycle: ["date", "kind", "text", "author_role", "questions", "interventions"],
  story: ["id", "date", "area_code", "precision", "source", "text", "signal", "themes", "photo", "consent", "publishable", "author_role"],
};

// The API's paths are absolute ("/api/register"); the app asks relative to
// where it is served, as for its other requests (data.ts).
const rel = (path: string) => path.replace(/^\//, "");
export const pathOf = (key: "session" | "register" | "interventions" | "questions" | "cycles" | "notes" | "stories") => rel(API[key]);
export const areaPath = (code: string) => rel(API.area).replace("{code}", encodeURIComponent(code));
export const photoPath = (name: string) => rel(API.photos).replace("{name}", encodeURIComponent(name));

// A refused write: the server's Dutch message, and the field it names (if any).
export class RegisterError extends Error {
  constructor(message: string, readonly field: string | null, readonly status: number) {
    super(message);
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class RegisterClient {
  private tokenPromise: Promise<string> | null = null;
  constructor(private readonly fetchFn: Fetch = (i, o) => fetch(i, o)) {}

  // The register, or null when the served folder has none (404). Any other
  // failure is an error: a register that exists but cannot be read says so.
  async load(): Promise<RegisterAnswer | null> {
    const res = await this.fetchFn(pathOf("register"));
    if (res.status === 404) return null;
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }

  async area(code: string): Promise<AreaAnswer> {
    const res = await this.fetchFn(areaPath(code));
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }

  // The per-session token, asked for once (the server gives it only to its own origin).
  token(): Promise<string> {
    this.tokenPromise ??= (async () => {
      const res = await this.fetchFn(pathOf("session"));
      if (!res.ok) throw await errorOf(res);
      return (await res.json()).token as string;
    })();
    this.tokenPromise.catch(() => (this.tokenPromise = null)); // a failed ask is asked again next time
    return this.tokenPromise;
  }

  // A write: JSON, or for a story with a photo multipart (api.json story_post).
  async post(key: "interventions" | "questions" | "cycles" | "notes" | "stories", body: Record<string, unknown>, photo?: Blob): Promise<unknown> {
    const headers: Record<string, string> = { [API.token_header]: await this.token() };
    let payload: BodyInit;
    if (photo) {
      const form = new FormData();
      form.append("story", JSON.stringify(body));
      form.append("photo", photo);
      payload = form; // the browser sets the multipart boundary
    } else {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await this.fetchFn(pathOf(key), { method: "POST", headers, body: payload });
    if (!res.ok) throw await errorOf(res);
    return res.json().catch(() => ({}));
  }
}

async function errorOf(res: Response): Promise<RegisterError> {
  const body = await res.json().catch(() => null);
  const message = typeof body?.error === "string" ? body.error : `De server antwoordde ${res.status}.`;
  return new RegisterError(message, typeof body?.field === "string" ? body.field : null, res.status);
}

// ---- Form bodies ----

// The fields that hold a list (checkbox groups and multiple selects).
const LIST_FIELDS = new Set(["areas", "types", "themes", "questions", "interventions"]);
// The fields that are a yes/no checkbox.
const FLAG_FIELDS = new Set(["consent", "publishable"]);
// An indicator's aim is entered per indicator: a select named "indicator:<name>".
export const AIM_PREFIX = "indicator:";

// A POST body from a form's entries: only the fields api.json lists for the
// kind, text trimmed, empty optional fields left out (never null), lists as
// arrays, yes/no as booleans, indicator aims as [{indicator, direction}].
export function bodyFrom(kind: RecordKind, entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const allowed = new Set((API.json as Record<string, unknown>)[kind] as string[]);
  const body: Record<string, unknown> = {};
  const aims: IndicatorAim[] = [];
  for (const [name, raw] of entries) {
    if (typeof raw !== "string") continue; // files travel apart (a story's photo)
    const value = raw.trim();
    if (name.startsWith(AIM_PREFIX)) {
      if (value && allowed.has("indicators")) aims.push({ indicator: name.slice(AIM_PREFIX.length), direction: value });
      continue;
    }
    if (!allowed.has(name)) continue;
    if (FLAG_FIELDS.has(name)) body[name] = true;
    else if (LIST_FIELDS.has(name)) {
      if (value) ((body[name] ??= []) as string[]).push(value);
    } else if (value) body[name] = value;
  }
  for (const name of FLAG_FIELDS) if (allowed.has(name) && !(name in body)) body[name] = false;
  if (aims.length) body.indicators = aims;
  return body;
}

// ---- Marks on the trend chart ----

export interface Marker {
  kind: "start" | "end" | "stop" | "cycle";
  date: string; // YYYY-MM-DD
  x: number; // the date as a fractional year, on the chart's year axis
  label: string;
  code?: string; // the intervention's
}

// 2021-07-02 → 2021.5: where a date falls on an axis of years.
export function yearFraction(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const start = Date.UTC(y, 0, 1);
  return y + (Date.UTC(y, Number(m[2]) - 1, Number(m[3])) - start) / (Date.UTC(y + 1, 0, 1) - start);
}

// Each intervention's start (actual, else planned) and its end or stop
// (actual, else planned end), and every cycle's date, in date order.
export function markersOf(area: Pick<AreaAnswer, "interventions" | "cycles">, lang: Lang = "nl"): Marker[] {
  const out: Marker[] = [];
  const words = lang === "en" ? { start: "start", end: "end", stop: "stopped", cycle: "cycle" } : { start: "start", end: "einde", stop: "gestopt", cycle: "cyclus" };
  const seen = new Set<string>();
  for (const iv of area.interventions) {
    if (seen.has(iv.code)) continue; // a record of the area and of its wijk is the same record
    seen.add(iv.code);
    const start = iv.actual_start ?? iv.planned_start;
    if (start) out.push({ kind: "start", date: start, x: yearFraction(start), label: `${words.start} ${iv.name}`, code: iv.code });
    const end = iv.actual_end ?? iv.planned_end;
    const stopped = iv.status === "gestopt";
    if (end) out.push({ kind: stopped ? "stop" : "end", date: end, x: yearFraction(end), label: `${stopped ? words.stop : words.end} ${iv.name}`, code: iv.code });
  }
  for (const c of area.cycles)
    out.push({ kind: "cycle", date: c.date, x: yearFraction(c.date), label: `${words.cycle}: ${vocabLabel("cycle_kind", c.kind, lang)}` });
  return out.filter((m) => Number.isFinite(m.x)).sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
}

// The marks in words, for the chart's text alternative: "start Buurttuin 15-03-2021; …".
export function markersText(markers: Marker[], lang: Lang = "nl"): string {
  return markers.map((m) => `${m.label} ${dateText(m.date, lang)}`).join("; ");
}

// 2021-03-15 → "15-03-2021" (nl), as Dutch readers write a date.
export function dateText(date: string | undefined, lang: Lang = "nl"): string {
  if (!date) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return lang === "en" ? date : `${m[3]}-${m[2]}-${m[1]}`;
}

// ---- The filter "areas with an intervention of type X since year Y" ----

// The area codes of every intervention of `type` (any type when empty) that
// started (actual, else planned) in `sinceYear` or later; an intervention
// without a start date has not started and is left out.
export function areasWithIntervention(interventions: Intervention[], type: string, sinceYear: number): Set<string> {
  const codes = new Set<string>();
  for (const iv of interventions) {
    if (type && !(iv.types ?? []).includes(type)) continue;
    const start = iv.actual_start ?? iv.planned_start;
    if (!start || Number(start.slice(0, 4)) < sinceYear) continue;
    for (const a of iv.areas ?? []) codes.add(a);
  }
  return codes;
}

// ---- Stories beside the indicators ----

// The publishable stories as served, grouped by theme: per indicator name the
// stories that name it; stories without a known indicator theme under "".
export function storiesByTheme(stories: Story[], indicatorNames: string[]): Map<string, Story[]> {
  const known = new Set(indicatorNames);
  const groups = new Map<string, Story[]>();
  for (const s of stories) {
    const themes = (s.themes ?? []).filter((th) => known.has(th));
    for (const key of themes.length ? themes : [""]) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(s);
    }
  }
  return groups;
}
