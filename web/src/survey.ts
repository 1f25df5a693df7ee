// The Leefplekmeter as the server serves it (`leefkaart serve --store`): a
// small client for its API and the pure logic the panel and the form share.
// Theme sets, scales, questions, words and paths come from schema/survey.json
// (never retyped here); a served folder without a register shows nothing of it.
import survey from "../../schema/survey.json";
import { indicatorValue, number } from "./format";
import type { IndicatorInfo } from "./explain";
import { labelOf } from "./explain";
import type { Lang } from "./i18n";
import { API as REGISTER_API, RegisterClient, RegisterError } from "./register";
import { areaField } from "./schema";

export const SURVEY = survey;
export type SetId = keyof typeof survey.theme_sets;
export type VocabList = keyof typeof survey.vocab;
export type Variant = keyof typeof survey.variants;

export interface ThemeDef { code: string; nl: string; en: string; question: Partial<Record<Variant, string>> }
export interface ThemeSetDef { nl: string; en: string; scale: { min: number; max: number }; themes: ThemeDef[] }

export const setIds = (): SetId[] => Object.keys(survey.theme_sets) as SetId[];
export const themeSet = (id: string): ThemeSetDef | null => (survey.theme_sets as Record<string, ThemeSetDef>)[id] ?? null;
export const DEFAULT_SET: SetId = "leefplekmeter-2018";

// A theme's name in a set ("natuur_en_groen" → "Natuur en groen"); an unknown code as it is.
export function themeLabel(setId: string, code: string, lang: Lang = "nl"): string {
  const theme = themeSet(setId)?.themes.find((t) => t.code === code) ?? themeSet(DEFAULT_SET)!.themes.find((t) => t.code === code);
  return theme ? theme[lang] : code;
}

// The question as the chosen variant words it; a set without that variant asks its standard wording.
export function questionOf(setId: string, code: string, variant: string): string {
  const theme = themeSet(setId)?.themes.find((t) => t.code === code);
  if (!theme) return "";
  return theme.question[variant as Variant] ?? theme.question.standaard ?? "";
}
// The variants a set words its questions in.
export function variantsOf(setId: string): Variant[] {
  const set = themeSet(setId);
  if (!set) return ["standaard"];
  return (Object.keys(survey.variants) as Variant[]).filter((v) => set.themes.every((t) => t.question[v]));
}

export function vocabLabel(list: VocabList, word: string, lang: Lang = "nl"): string {
  const words = survey.vocab[list] as Record<string, { nl: string; en: string }>;
  return words[word]?.[lang] ?? word;
}
export const vocabWords = (list: VocabList): string[] => Object.keys(survey.vocab[list]);
// The form's respondent attributes: column ("rol") → its vocab list ("role").
export const groupAttributes = (): [string, VocabList][] =>
  Object.entries(survey.group_attributes).filter(([k]) => k !== "about") as [string, VocabList][];

// ---- The API's answers ----

export interface ThemeSpread {
  theme: string; n: number; mean?: number; sd?: number; min?: number; q1?: number; median?: number; q3?: number; max?: number;
  good: string[]; better: string[];
}
export interface Wheel {
  round: string; group: { attribute: string; value: string }; theme_set: string; scale: { min: number; max: number };
  rescaled: boolean; forms: number; people: number; hidden_reason?: string; themes: ThemeSpread[];
}
export interface Beside { theme: string; label: string; indicators: string[]; none_reason?: string }
export interface SurveyPrompt { theme: string; indicator: string; round: string; residents_low: boolean; text: string }
export interface AreaSurvey {
  area: string; name: string; none?: string; problem?: string; reason?: string;
  wheels: Wheel[]; beside: Beside[]; prompts: SurveyPrompt[];
}
export interface PriorityRow {
  code: string; name: string; level: string; score?: number; people: number; forms?: number; round?: string;
  none?: string; hidden_reason?: string; problem?: string; theme_set?: string; scale?: { min: number; max: number };
  lowest?: { theme: string; mean: number; n: number }[];
}
export interface PriorityAnswer { areas: PriorityRow[]; reason?: string }

const rel = (path: string) => path.replace(/^\//, "");
export const areaPath = (code: string) => rel(survey.api.area).replace("{code}", encodeURIComponent(code));
export const formsPath = () => rel(survey.api.forms);
export const priorityPath = () => rel(survey.api.priority);

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function errorOf(res: Response): Promise<RegisterError> {
  const body = await res.json().catch(() => null);
  const message = typeof body?.error === "string" ? body.error : `De server antwoordde ${res.status}.`;
  return new RegisterError(message, typeof body?.field === "string" ? body.field : null, res.status);
}

export class SurveyClient {
  // The register's client holds the session token: one token admits writes to both.
  private readonly register: RegisterClient;
  constructor(private readonly fetchFn: Fetch = (i, o) => fetch(i, o)) {
    this.register = new RegisterClient(fetchFn);
  }
  // Null when the served folder has no register (404).
  async priority(): Promise<PriorityAnswer | null> {
    const res = await this.fetchFn(priorityPath());
    if (res.status === 404) return null;
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }
  async area(code: string): Promise<AreaSurvey> {
    const res = await this.fetchFn(areaPath(code));
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }
  async post(form: FormBody): Promise<{ id: number }> {
    const headers = { [REGISTER_API.token_header]: await this.register.token(), "Content-Type": "application/json" };
    const res = await this.fetchFn(formsPath(), { method: "POST", headers, body: JSON.stringify(form) });
    if (!res.ok) throw await errorOf(res);
    return res.json();
  }
}

// ---- The form ----

export interface Answer { score: number | null; good: string; better: string }
export interface FormState {
  area: string; date: string; session: string; round: string; theme_set: string; variant: string; kind: string; people: number;
  attributes: Record<string, string>; publishable: boolean; answers: Record<string, Answer>;
}
export interface FormBody {
  area: string; date: string; session: string; round?: string; theme_set: string; variant: string; kind: string; people: number;
  attributes: Record<string, string>; publishable: boolean;
  answers: { theme: string; score: number | null; good?: string; better?: string }[];
}

export function emptyForm(area: string, today: string): FormState {
  return {
    area, date: today, session: vocabWords("session")[0], round: "", theme_set: DEFAULT_SET, variant: "standaard", kind: "persoon",
    people: 1, attributes: {}, publishable: false, answers: {},
  };
}

// The POST body (field names: survey::Form's): every theme of the set in its
// order, one not answered as null (a theme left out is not a zero); free text
// trimmed, empty left out; a person's form counts one person.
export function formBody(state: FormState): FormBody {
  const set = themeSet(state.theme_set);
  const answers = (set?.themes ?? []).map((t) => {
    const a = state.answers[t.code];
    const out: FormBody["answers"][number] = { theme: t.code, score: a?.score ?? null };
    if (a?.good.trim()) out.good = a.good.trim();
    if (a?.better.trim()) out.better = a.better.trim();
    return out;
  });
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.attributes)) if (v) attributes[k] = v;
  const body: FormBody = {
    area: state.area, date: state.date, session: state.session, theme_set: state.theme_set, variant: state.variant,
    kind: state.kind, people: state.kind === "groep" ? state.people : 1, attributes, publishable: state.publishable, answers,
  };
  if (state.round.trim()) body.round = state.round.trim();
  return body;
}

export const answeredCount = (state: FormState) =>
  (themeSet(state.theme_set)?.themes ?? []).filter((t) => typeof state.answers[t.code]?.score === "number").length;

// Where a refused form's field is in the form: a theme's step, or a field of
// the form (the server names the JSON field, or the form file's column).
const COLUMN_TO_FIELD: Record<string, string> = {
  gebied: "area", datum: "date", sessie: "session", ronde: "round", themaset: "theme_set", soort: "kind", aantal: "people",
  publiceerbaar: "publishable",
};
export function fieldTarget(field: string | null, setId: string): { theme: string } | { field: string } | null {
  if (!field) return null;
  const codes = (themeSet(setId)?.themes ?? []).map((t) => t.code);
  const indexed = /^answers\[(\d+)\]/.exec(field);
  if (indexed && codes[Number(indexed[1])]) return { theme: codes[Number(indexed[1])] };
  const base = field.replace(/_(goed|beter)$/, "");
  if (codes.includes(base)) return { theme: base };
  return { field: COLUMN_TO_FIELD[field] ?? field };
}

// ---- The wheel ----

// Whose wheel: "iedereen", or the group ("rol: bewoner").
export function groupLabel(w: Wheel, lang: Lang = "nl"): string {
  if (!w.group.attribute) return lang === "en" ? "everyone" : "iedereen";
  const list = (survey.group_attributes as Record<string, string>)[w.group.attribute] as VocabList | undefined;
  return `${w.group.attribute}: ${list ? vocabLabel(list, w.group.value, lang) : w.group.value}`;
}

// The wheels in reading order: rounds newest first, everyone's before the groups'.
export function wheelOrder(wheels: Wheel[]): Wheel[] {
  return [...wheels].sort((a, b) => b.round.localeCompare(a.round) || (a.group.attribute ? 1 : 0) - (b.group.attribute ? 1 : 0) ||
    a.group.attribute.localeCompare(b.group.attribute) || a.group.value.localeCompare(b.group.value));
}

// The spread in words: "sd 1,2; middelste helft 5–7" (no sd for one answer).
export function spreadText(s: ThemeSpread, lang: Lang = "nl"): string {
  if (!s.n) return "—";
  if (s.n === 1) return lang === "en" ? "none (one answer)" : "geen (één antwoord)";
  const parts: string[] = [];
  if (typeof s.sd === "number") parts.push(`sd ${number(s.sd, 1, lang)}`);
  if (typeof s.q1 === "number" && typeof s.q3 === "number" && s.n > 1)
    parts.push(`${lang === "en" ? "middle half" : "middelste helft"} ${number(s.q1, 1, lang)}–${number(s.q3, 1, lang)}`);
  if (typeof s.min === "number" && typeof s.max === "number")
    parts.push(`${lang === "en" ? "range" : "van"} ${number(s.min, 0, lang)}${lang === "en" ? " to " : " tot "}${number(s.max, 0, lang)}`);
  return parts.join("; ");
}

export interface WheelRow { theme: string; label: string; mean: string; spread: string; n: number }
// The wheel's text alternative: one row per spoke.
export function wheelRows(w: Wheel, lang: Lang = "nl"): WheelRow[] {
  return w.themes.map((s) => ({
    theme: s.theme, label: themeLabel(w.theme_set, s.theme, lang),
    mean: typeof s.mean === "number" ? number(s.mean, 1, lang) : lang === "en" ? "not answered" : "niet beantwoord",
    spread: spreadText(s, lang), n: s.n,
  }));
}

// A long spoke label on two lines, broken at the space nearest its middle, so it fits beside the wheel.
export function wrapLabel(label: string, longest = 14): string {
  if (label.length <= longest) return label;
  const mid = label.length / 2;
  let at = -1;
  for (let i = 0; i < label.length; i++) if (label[i] === " " && (at < 0 || Math.abs(i - mid) < Math.abs(at - mid))) at = i;
  return at < 0 ? label : `${label.slice(0, at)}\n${label.slice(at + 1)}`;
}

// The ECharts radar: good (the scale's top) at the edge, the scale from the set;
// a theme nobody answered has no point (not a zero).
// ECharts lays the spokes out anticlockwise; the set's order runs clockwise on
// paper (and in the SVG wheels), so the first theme stays on top and the rest
// are given in reverse.
export function clockwise<T>(items: T[]): T[] {
  return items.length < 2 ? [...items] : [items[0], ...items.slice(1).reverse()];
}

export function radarOption(w: Wheel, lang: Lang = "nl"): Record<string, unknown> {
  const themes = clockwise(w.themes);
  return {
    animation: false,
    radar: {
      indicator: themes.map((s) => ({ name: wrapLabel(themeLabel(w.theme_set, s.theme, lang)), min: w.scale.min, max: w.scale.max })),
      radius: "55%", splitNumber: Math.min(9, w.scale.max - w.scale.min),
      axisName: { color: "#222", fontSize: 10, lineHeight: 12 },
    },
    series: [{
      type: "radar", name: groupLabel(w, lang),
      data: [{ value: themes.map((s) => (typeof s.mean === "number" ? s.mean : "-")), name: groupLabel(w, lang) }],
      areaStyle: { color: "rgba(62,73,137,0.25)" }, lineStyle: { color: "#3e4989", width: 2 }, itemStyle: { color: "#3e4989" },
    }],
  };
}

// Beside a spoke: the build's indicators of its theme, each with this area's
// value (or why there is none), from the area's properties.
export interface BesideLine { indicator: string; label: string; text: string; worse: boolean | null }
export function besideLines(beside: Beside, props: Record<string, unknown> | null, indicators: IndicatorInfo[], lang: Lang = "nl"): BesideLine[] {
  return beside.indicators.map((name) => {
    const ind = indicators.find((i) => i.name === name);
    const label = ind ? labelOf(ind, lang) : name;
    if (ind && ind.supplied === false) {
      const why = (ind as IndicatorInfo & { not_supplied?: string }).not_supplied;
      return { indicator: name, label, text: `${lang === "en" ? "not supplied" : "niet aangeleverd"}${why ? `: ${why}` : ""}`, worse: null };
    }
    const v = props?.[areaField("value", { name })];
    const worse = props?.[areaField("worse_than_threshold", { name })];
    if (typeof v !== "number" || !ind) return { indicator: name, label, text: lang === "en" ? "no value for this area" : "geen waarde voor dit gebied", worse: null };
    return { indicator: name, label, text: indicatorValue(v, ind, lang), worse: worse === 1 ? true : worse === 0 ? false : null };
  });
}
