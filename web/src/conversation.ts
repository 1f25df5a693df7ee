// "Gespreksvragen" and "Wie is gehoord?": where the build's numbers and the
// register's publishable stories on the same theme tell different things, and
// which buurten no story comes from. The server computes both (GET
// api/register/prompts and coverage, from the served build); this module
// orders and words them. They are questions for a conversation, never verdicts.
import { auto } from "./format";
import { t, type Lang } from "./i18n";
import { API, vocabLabel, vocabWords } from "./register";

export interface Prompt {
  area_code: string;
  area_name: string;
  indicator: string;
  numbers_worse: boolean;
  stories: number;
  text: string; // the server's Dutch sentence
}
export interface Coverage {
  area_code: string;
  area_name: string;
  stories: number;
  by_source: Record<string, number>;
}
// `reason`: why there are none (the served map is no build), in Dutch.
export interface PromptsAnswer { prompts: Prompt[]; reason?: string }
export interface CoverageAnswer { areas: Coverage[]; reason?: string }

const rel = (path: string) => path.replace(/^\//, "");
export const promptsPath = () => rel(API.prompts);
export const coveragePath = () => rel(API.coverage);

type Fetch = (input: string) => Promise<Response>;

// Both answers, or null when they cannot be read (no register, or an older server).
export async function loadConversation(fetchFn: Fetch = (i) => fetch(i)): Promise<{ prompts: PromptsAnswer; coverage: CoverageAnswer } | null> {
  try {
    const [p, c] = await Promise.all([fetchFn(promptsPath()), fetchFn(coveragePath())]);
    if (!p.ok || !c.ok) return null;
    return { prompts: await p.json(), coverage: await c.json() };
  } catch {
    return null;
  }
}

// The buurten not heard first, then the least heard; equal counts by name.
export function coverageOrder(areas: Coverage[]): Coverage[] {
  return [...areas].sort((a, b) => a.stories - b.stories || a.area_name.localeCompare(b.area_name, "nl"));
}

// "2 bewoner, 1 professional" in the vocab's order; "" for none.
export function sourcesText(bySource: Record<string, number>, lang: Lang = "nl"): string {
  const known = vocabWords("story_source");
  const order = [...known.filter((w) => bySource[w]), ...Object.keys(bySource).filter((w) => !known.includes(w) && bySource[w])];
  return order.map((w) => `${auto(bySource[w], lang)} ${vocabLabel("story_source", w, lang)}`).join(", ");
}

// "3 van de 12 buurten zonder verhaal".
export function unheardSummary(areas: Coverage[], lang: Lang = "nl"): string {
  const unheard = areas.filter((a) => a.stories === 0).length;
  return `${auto(unheard, lang)} ${t("heardOf", lang)} ${auto(areas.length, lang)} ${t("heardWithout", lang)}`;
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The section's HTML. Every area is a button (data-area: its code), so a
// keyboard opens it with Enter or Space as a mouse does with a click.
export function conversationHtml(prompts: PromptsAnswer, coverage: CoverageAnswer, lang: Lang = "nl"): string {
  const parts: string[] = [];
  parts.push(`<h2 id="prompts-title">${t("convTitle", lang)}${prompts.reason ? "" : ` (${auto(prompts.prompts.length, lang)})`}</h2>`);
  parts.push(`<p class="hint">${t("convNote", lang)}</p>`);
  if (prompts.reason) parts.push(`<p>${esc(prompts.reason)}</p>`);
  else if (!prompts.prompts.length) parts.push(`<p>${t("convNone", lang)}</p>`);
  else
    parts.push(`<ul id="prompts-list">${prompts.prompts.map((p) =>
      `<li><p>${esc(p.text)}</p><button type="button" data-area="${esc(p.area_code)}">${t("convOpen", lang)} ${esc(p.area_name)}</button></li>`).join("")}</ul>`);

  parts.push(`<h2 id="heard-title">${t("heardTitle", lang)}</h2>`);
  parts.push(`<p class="hint">${t("heardNote", lang)}</p>`);
  if (coverage.reason) parts.push(`<p>${esc(coverage.reason)}</p>`);
  else if (coverage.areas.length) {
    parts.push(`<p id="heard-summary">${unheardSummary(coverage.areas, lang)}</p>`);
    // Long in a city: folded, the buurten not heard on top when opened.
    parts.push(`<details id="heard-details"><summary>${t("heardShow", lang)}</summary><ul id="heard-list">${coverageOrder(coverage.areas).map((a) => {
      const count = a.stories
        ? `${auto(a.stories, lang)} ${a.stories === 1 ? t("heardStory", lang) : t("heardStories", lang)}: ${esc(sourcesText(a.by_source, lang))}`
        : t("heardNone", lang);
      return `<li><button type="button" data-area="${esc(a.area_code)}">${esc(a.area_name)}</button> ${count}</li>`;
    }).join("")}</ul></details>`);
  }
  return parts.join("");
}
