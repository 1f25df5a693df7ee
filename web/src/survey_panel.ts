// "Beleving (Leefplekmeter)": residents' judgement of their place beside an
// area's figures in the build's map. The wheel (an ECharts radar, good at the
// edge) with its table as text alternative, the groups' wheels or why they are
// hidden, beside each spoke the build's indicators of the same theme, and the
// conversation prompts where the two disagree. "Leefplekmeter invullen" opens
// the form, one theme at a time, usable on a tablet and by keyboard. "Waar
// eerst?" lists the areas with their score, lowest themes and n. Shown only
// when the served folder has a register; otherwise this module draws nothing.
import type { IndicatorInfo } from "./explain";
import { auto, number } from "./format";
import type { Lang } from "./i18n";
import { RegisterError } from "./register";
import {
  SURVEY, SurveyClient, answeredCount, besideLines, emptyForm, fieldTarget, formBody, groupAttributes, groupLabel, questionOf,
  radarOption, setIds, themeLabel, themeSet, variantsOf, vocabLabel, vocabWords, wheelOrder, wheelRows,
  type AreaSurvey, type FormState, type PriorityRow, type VocabList, type Wheel,
} from "./survey";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT = {
  title: { nl: "Beleving (Leefplekmeter)", en: "Lived experience (Place Standard)" },
  open: { nl: "Leefplekmeter invullen", en: "Fill in the Place Standard" },
  note: { nl: "Wat bewoners en professionals van hun plek vinden: geen oordeel, een begin van het gesprek.", en: "What residents and professionals think of their place: not a verdict, a start of the conversation." },
  round: { nl: "Ronde", en: "Round" },
  form: { nl: "formulier", en: "form" },
  forms: { nl: "formulieren", en: "forms" },
  person: { nl: "persoon", en: "person" },
  people: { nl: "mensen", en: "people" },
  theme: { nl: "Thema", en: "Theme" },
  mean: { nl: "Gemiddelde", en: "Mean" },
  spread: { nl: "Spreiding", en: "Spread" },
  n: { nl: "n (antwoorden)", en: "n (answers)" },
  beside: { nl: "Cijfers van hetzelfde thema", en: "Figures on the same theme" },
  wheelOf: { nl: "Wiel", en: "Wheel" },
  wheelAlt: { nl: "de tabel eronder geeft dezelfde cijfers", en: "the table below gives the same figures" },
  groups: { nl: "Per groep", en: "Per group" },
  older: { nl: "Eerdere rondes", en: "Earlier rounds" },
  good: { nl: "Wat gaat goed", en: "What goes well" },
  better: { nl: "Wat kan beter", en: "What could be better" },
  prompts: { nl: "Gespreksvragen: beleving en cijfers verschillen", en: "Conversation prompts: experience and figures differ" },
  rescaled: { nl: "herschaald", en: "rescaled" },
  formTitle: { nl: "Leefplekmeter invullen", en: "Fill in the Place Standard" },
  area: { nl: "Gebied", en: "Area" },
  about: { nl: "Over dit formulier", en: "About this form" },
  theme_set: { nl: "Themaset", en: "Theme set" },
  variant: { nl: "Vragen in", en: "Questions in" },
  date: { nl: "Datum", en: "Date" },
  session: { nl: "Sessie", en: "Session" },
  round_field: { nl: "Ronde (bijvoorbeeld voor of na; leeg: het jaar)", en: "Round (e.g. before or after; empty: the year)" },
  kind: { nl: "Wie vult in", en: "Who fills it in" },
  people_field: { nl: "Met hoeveel mensen samen (1 tot 6)", en: "How many people together (1 to 6)" },
  publishable: { nl: "De tekst bij goed en beter mag openbaar getoond worden", en: "The text on good and better may be shown publicly" },
  optional: { nl: "niet verplicht", en: "optional" },
  none_choice: { nl: "— (niet ingevuld)", en: "— (not given)" },
  step: { nl: "Thema", en: "Theme" },
  of: { nl: "van", en: "of" },
  answered: { nl: "beantwoord", en: "answered" },
  scoreHint: { nl: "1 = veel verbetering nodig", en: "1 = a lot of room for improvement" },
  scoreTop: { nl: "= heel weinig verbetering nodig", en: "= very little room for improvement" },
  notAnswered: { nl: "nog geen score", en: "no score yet" },
  yourScore: { nl: "Gekozen score", en: "Chosen score" },
  prev: { nl: "Vorige", en: "Previous" },
  next: { nl: "Volgende", en: "Next" },
  skip: { nl: "Sla over", en: "Skip" },
  save: { nl: "Opslaan", en: "Save" },
  cancel: { nl: "Annuleren", en: "Cancel" },
  saving: { nl: "Opslaan…", en: "Saving…" },
  saved: { nl: "Opgeslagen: het formulier telt mee in het wiel.", en: "Saved: the form counts in the wheel." },
  notSaved: { nl: "Niet opgeslagen", en: "Not saved" },
  noScores: { nl: "geef bij minstens één thema een score", en: "give a score for at least one theme" },
  priority: { nl: "Waar eerst? (Leefplekmeter)", en: "Where first? (Place Standard)" },
  priorityNote: { nl: "Per gebied de gemiddelde score van de zeshoeken (hoger: meer gezondheidswinst te halen), de laagst beoordeelde thema's van de laatste ronde en hoeveel mensen meededen.", en: "Per area the hexagons' mean score (higher: more health to gain), the lowest-rated themes of the latest round and how many people took part." },
  score: { nl: "Score zeshoeken", en: "Hexagon score" },
  lowest: { nl: "Laagste thema's", en: "Lowest themes" },
  nPeople: { nl: "n (mensen)", en: "n (people)" },
  unavailable: { nl: "De Leefplekmeter is nu niet te lezen.", en: "The Place Standard cannot be read now." },
};
type Key = keyof typeof TEXT;
const w = (key: Key, lang: Lang) => TEXT[key][lang];

const todayIso = () => new Date().toISOString().slice(0, 10);

export interface SurveyPanel {
  show(code: string, name: string): void;
  hide(): void;
}
export interface SurveyOptions {
  indicators: IndicatorInfo[];
  lang(): Lang;
  // The build's properties of an area (buurt or wijk), for the indicators beside the wheel.
  props(code: string): Record<string, unknown> | null;
  // "Waar eerst?": open an area of the table.
  openArea(code: string): void;
}

// ECharts' radar, loaded when a wheel is first drawn.
type Chart = { setOption(o: unknown, notMerge?: boolean): void; resize(): void; dispose(): void };
let echartsPromise: Promise<{ init(el: HTMLElement, theme?: unknown, opts?: unknown): Chart }> | null = null;
function echarts() {
  echartsPromise ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import("echarts/core"), import("echarts/charts"), import("echarts/components"), import("echarts/renderers"),
    ]);
    core.use([charts.RadarChart, components.RadarComponent, renderers.SVGRenderer]);
    return core as unknown as { init(el: HTMLElement, theme?: unknown, opts?: unknown): Chart };
  })();
  return echartsPromise;
}

export async function installSurvey(opts: SurveyOptions, client = new SurveyClient()): Promise<SurveyPanel | null> {
  const priority = await client.priority().catch((e) => (console.warn(`leefplekmeter: ${e.message}`), null));
  const found = document.getElementById("survey");
  if (!priority || !found) return null;
  const host: HTMLElement = found;
  let current: { code: string; name: string; answer: AreaSurvey | null } | null = null;
  let form: FormState | null = null;
  let step = 0;
  let chart: Chart | null = null;
  const debug = ((window as any).__leefkaart ??= {}) as Record<string, unknown>;

  // ---- The wheel and what is beside it ----
  function wheelTable(wheel: Wheel, answer: AreaSurvey, lang: Lang, id: string, withBeside: boolean): string {
    const props = current ? opts.props(current.code) : null;
    const rows = wheelRows(wheel, lang);
    const head = `<thead><tr><th scope="col">${w("theme", lang)}</th><th scope="col">${w("mean", lang)}</th><th scope="col">${w("spread", lang)}</th>` +
      `<th scope="col">${w("n", lang)}</th>${withBeside ? `<th scope="col">${w("beside", lang)}</th>` : ""}</tr></thead>`;
    const body = rows.map((r) => {
      let besideCell = "";
      if (withBeside) {
        const b = answer.beside.find((x) => x.theme === r.theme);
        const lines = b ? besideLines(b, props, opts.indicators, lang) : [];
        besideCell = `<td data-beside="${esc(r.theme)}">${b ? (lines.length
          ? lines.map((l) => `<span class="beside-line${l.worse ? " flagged" : ""}" data-indicator="${esc(l.indicator)}">${esc(l.label)}: ${esc(l.text)}</span>`).join("<br>")
          : `<span class="hint">${esc(b.none_reason ?? "")}</span>`) : ""}</td>`;
      }
      return `<tr data-theme="${esc(r.theme)}"><th scope="row">${esc(r.label)}</th><td>${esc(r.mean)}</td><td>${esc(r.spread)}</td><td>${auto(r.n, lang)}</td>${besideCell}</tr>`;
    }).join("");
    const caption = `${w("wheelOf", lang)} ${esc(groupLabel(wheel, lang))}, ${w("round", lang).toLowerCase()} ${esc(wheel.round)}`;
    return `<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table id="${id}" class="survey-table"><caption>${caption}</caption>${head}<tbody>${body}</tbody></table></div>`;
  }

  function freeText(wheel: Wheel, lang: Lang): string {
    const items = wheel.themes.filter((s) => s.good.length || s.better.length);
    if (!items.length) return "";
    return `<ul class="survey-free">${items.map((s) => `<li><b>${esc(themeLabel(wheel.theme_set, s.theme, lang))}</b>` +
      (s.good.length ? `<br>${w("good", lang)}: ${s.good.map(esc).join(" · ")}` : "") +
      (s.better.length ? `<br>${w("better", lang)}: ${s.better.map(esc).join(" · ")}` : "") + "</li>").join("")}</ul>`;
  }

  const wheelHead = (wheel: Wheel, lang: Lang) => {
    const set = themeSet(wheel.theme_set);
    return `${w("round", lang)} ${esc(wheel.round)} · ${esc(groupLabel(wheel, lang))} · ${auto(wheel.forms, lang)} ${w(wheel.forms === 1 ? "form" : "forms", lang)}, ${auto(wheel.people, lang)} ${w(wheel.people === 1 ? "person" : "people", lang)}` +
      (set ? ` · ${esc(set[lang])} (${wheel.scale.min}–${wheel.scale.max})` : "") + (wheel.rescaled ? ` · ${w("rescaled", lang)}` : "");
  };

  function bodyHtml(answer: AreaSurvey, lang: Lang): string {
    const parts: string[] = [`<p class="hint">${w("note", lang)}</p>`];
    if (answer.problem) parts.push(`<p class="note">${esc(answer.problem)}</p>`);
    const wheels = wheelOrder(answer.wheels);
    const everyone = wheels.filter((x) => !x.group.attribute);
    if (!wheels.length) parts.push(`<p id="survey-none"><b>${esc(answer.none ?? SURVEY.wheels.none)}</b></p>`);
    const latest = everyone[0];
    if (latest) {
      parts.push(`<h3 id="survey-wheel-title">${wheelHead(latest, lang)}</h3>`);
      if (latest.hidden_reason) parts.push(`<p class="hidden-reason" id="survey-hidden">${esc(latest.hidden_reason)}</p>`);
      else {
        parts.push(`<div id="survey-wheel-chart" role="img" aria-label="${w("wheelOf", lang)} ${esc(groupLabel(latest, lang))}: ${w("wheelAlt", lang)}"></div>`);
        parts.push(wheelTable(latest, answer, lang, "survey-wheel-table", true), freeText(latest, lang));
      }
      const groups = wheels.filter((x) => x.group.attribute && x.round === latest.round);
      if (groups.length) {
        parts.push(`<h4>${w("groups", lang)}</h4><ul class="survey-groups">`);
        groups.forEach((g, i) => {
          parts.push(g.hidden_reason
            ? `<li>${esc(groupLabel(g, lang))}: <span class="hidden-reason">${esc(g.hidden_reason)}</span></li>`
            : `<li><details><summary>${wheelHead(g, lang)}</summary>${wheelTable(g, answer, lang, `survey-group-${i}`, false)}</details></li>`);
        });
        parts.push("</ul>");
      }
      const older = everyone.slice(1);
      if (older.length) {
        parts.push(`<h4>${w("older", lang)}</h4><ul class="survey-groups">`);
        older.forEach((o, i) => parts.push(o.hidden_reason
          ? `<li>${wheelHead(o, lang)}: <span class="hidden-reason">${esc(o.hidden_reason)}</span></li>`
          : `<li><details><summary>${wheelHead(o, lang)}</summary>${wheelTable(o, answer, lang, `survey-older-${i}`, false)}</details></li>`));
        parts.push("</ul>");
      }
    }
    if (answer.prompts.length)
      parts.push(`<h4>${w("prompts", lang)}</h4><ul id="survey-prompts">${answer.prompts.map((p) => `<li>${esc(p.text)}</li>`).join("")}</ul>`);
    return parts.join("");
  }

  async function drawWheel(answer: AreaSurvey) {
    chart?.dispose();
    chart = null;
    const el = document.getElementById("survey-wheel-chart");
    const latest = wheelOrder(answer.wheels).find((x) => !x.group.attribute && !x.hidden_reason);
    if (!el || !latest) return;
    const lib = await echarts();
    if (!document.body.contains(el)) return; // redrawn meanwhile
    chart = lib.init(el, null, { renderer: "svg" });
    chart.setOption(radarOption(latest, opts.lang()));
    debug.surveyWheel = { area: answer.area, round: latest.round, people: latest.people, means: latest.themes.map((s) => s.mean ?? null) };
  }

  // ---- The section ----
  function render() {
    if (!current) return;
    keepText(); // a redraw (another language) keeps what was typed
    const lang = opts.lang();
    host.hidden = false;
    host.innerHTML = `<h2 id="survey-title">${w("title", lang)}</h2><div id="survey-body"></div>` +
      `<div class="buttons"><button type="button" id="survey-open" aria-expanded="${form !== null}" aria-controls="survey-form-wrap">${w("open", lang)}</button></div>` +
      `<p id="survey-status" role="status" aria-live="polite"></p><div id="survey-form-wrap"></div>`;
    renderBody();
    if (form) renderForm(false);
  }
  function renderBody() {
    const el = document.getElementById("survey-body");
    if (!el || !current) return;
    el.innerHTML = current.answer ? bodyHtml(current.answer, opts.lang()) : "";
    if (current.answer) drawWheel(current.answer);
  }
  async function refresh() {
    if (!current) return;
    const code = current.code;
    const answer = await client.area(code).catch(() => null);
    if (!current || current.code !== code) return;
    current.answer = answer;
    renderBody();
    if (!answer) document.getElementById("survey-status")!.textContent = w("unavailable", opts.lang());
  }

  // ---- The form ----
  const fid = (name: string) => `survey-${name}`;
  const errLine = (name: string) => `<p class="field-error" id="${fid(name)}-error" hidden></p>`;
  function selectField(name: string, label: string, options: [string, string][], chosen: string, extra = ""): string {
    return `<div class="field"><label for="${fid(name)}">${label}</label><select id="${fid(name)}" name="${name}" aria-describedby="${fid(name)}-error" ${extra}>` +
      options.map(([v, text]) => `<option value="${esc(v)}"${v === chosen ? " selected" : ""}>${esc(text)}</option>`).join("") + `</select>${errLine(name)}</div>`;
  }
  function inputField(name: string, label: string, type: string, value: string, extra = ""): string {
    return `<div class="field"><label for="${fid(name)}">${label}</label><input id="${fid(name)}" name="${name}" type="${type}" value="${esc(value)}" aria-describedby="${fid(name)}-error" ${extra}>${errLine(name)}</div>`;
  }
  const vocabOptions = (list: VocabList, lang: Lang): [string, string][] => vocabWords(list).map((x) => [x, vocabLabel(list, x, lang)]);

  function metaHtml(f: FormState, lang: Lang): string {
    const optional = `<span class="hint"> (${w("optional", lang)})</span>`;
    const fields = [
      selectField("theme_set", w("theme_set", lang), setIds().map((id) => [id, `${themeSet(id)![lang]} (${themeSet(id)!.scale.min}–${themeSet(id)!.scale.max})`]), f.theme_set),
      selectField("variant", w("variant", lang), variantsOf(f.theme_set).map((v) => [v, (SURVEY.variants as Record<string, { nl: string; en: string }>)[v][lang]]), f.variant),
      inputField("date", w("date", lang), "date", f.date, "required"),
      selectField("session", w("session", lang), vocabOptions("session", lang), f.session),
      selectField("kind", w("kind", lang), vocabOptions("respondent_kind", lang), f.kind),
      `<div id="${fid("people")}-wrap"${f.kind === "groep" ? "" : " hidden"}>${inputField("people", w("people_field", lang), "number", String(f.people), `min="1" max="6" step="1" inputmode="numeric"${f.kind === "groep" ? "" : " disabled"}`)}</div>`,
      inputField("round", w("round_field", lang) + optional, "text", f.round, 'autocomplete="off"'),
      ...groupAttributes().map(([column, list]) =>
        selectField(column, `${column[0].toUpperCase()}${column.slice(1)}${optional}`, [["", w("none_choice", lang)], ...vocabOptions(list, lang)], f.attributes[column] ?? "")),
      `<div class="check"><input type="checkbox" id="${fid("publishable")}" name="publishable"${f.publishable ? " checked" : ""} aria-describedby="${fid("publishable")}-error"><label for="${fid("publishable")}">${w("publishable", lang)}</label>${errLine("publishable")}</div>`,
    ];
    return `<details id="survey-meta" class="survey-meta"><summary>${w("about", lang)}</summary>${fields.join("")}</details>`;
  }

  function stepHtml(f: FormState, lang: Lang): string {
    const set = themeSet(f.theme_set)!;
    const theme = set.themes[step];
    const a = f.answers[theme.code] ?? { score: null, good: "", better: "" };
    const scores: string[] = [];
    for (let s = set.scale.min; s <= set.scale.max; s++)
      scores.push(`<button type="button" class="score" id="survey-score-${s}" data-score="${s}" aria-pressed="${a.score === s}">${s}</button>`);
    return `<div id="survey-step" data-theme="${esc(theme.code)}">` +
      `<h4 id="survey-step-title" tabindex="-1" aria-live="polite">${w("step", lang)} ${step + 1} ${w("of", lang)} ${set.themes.length}: ${esc(theme[lang])}</h4>` +
      `<p id="survey-question">${esc(questionOf(f.theme_set, theme.code, f.variant))}</p>` +
      `<div class="scores" role="group" aria-labelledby="survey-question" aria-describedby="survey-scale-hint survey-step-error">${scores.join("")}</div>` +
      `<p class="hint" id="survey-scale-hint">${w("scoreHint", lang)}; ${set.scale.max} ${w("scoreTop", lang)}. ${w("yourScore", lang)}: <b id="survey-chosen">${a.score ?? w("notAnswered", lang)}</b></p>` +
      `<p class="field-error" id="survey-step-error" hidden></p>` +
      `<div class="field"><label for="survey-good">${w("good", lang)} <span class="hint">(${w("optional", lang)})</span></label><textarea id="survey-good" rows="2">${esc(a.good)}</textarea></div>` +
      `<div class="field"><label for="survey-better">${w("better", lang)} <span class="hint">(${w("optional", lang)})</span></label><textarea id="survey-better" rows="2">${esc(a.better)}</textarea></div>` +
      `<div class="buttons step-buttons"><button type="button" id="survey-prev"${step === 0 ? " disabled" : ""}>${w("prev", lang)}</button>` +
      `<button type="button" id="survey-skip">${w("skip", lang)}</button>` +
      `<button type="button" id="survey-next"${step === set.themes.length - 1 ? " disabled" : ""}>${w("next", lang)}</button></div>` +
      `<p class="hint" id="survey-progress">${auto(answeredCount(f), lang)} ${w("of", lang)} ${set.themes.length} ${w("answered", lang)}</p></div>`;
  }

  function renderForm(focus = true) {
    if (!current || !form) return;
    const lang = opts.lang();
    const wrap = document.getElementById("survey-form-wrap")!;
    wrap.innerHTML = `<form id="survey-form" class="register-form survey-form" novalidate aria-labelledby="survey-form-title">` +
      `<h3 id="survey-form-title">${w("formTitle", lang)}</h3><p>${w("area", lang)}: <b>${esc(current.name)}</b></p>` +
      `<div class="form-error" id="survey-form-error" role="alert"></div>${metaHtml(form, lang)}<div id="survey-step-wrap">${stepHtml(form, lang)}</div>` +
      `<div class="buttons"><button type="submit" id="survey-save">${w("save", lang)}</button> <button type="button" id="survey-cancel">${w("cancel", lang)}</button></div></form>`;
    document.getElementById("survey-open")?.setAttribute("aria-expanded", "true");
    wire(wrap.querySelector("form")!);
    if (focus) document.getElementById("survey-step-title")?.focus();
  }

  // Keeps the typed free text of the open theme before the step changes.
  function keepText() {
    if (!form) return;
    const code = document.getElementById("survey-step")?.dataset.theme;
    if (!code) return;
    const a = (form.answers[code] ??= { score: null, good: "", better: "" });
    a.good = (document.getElementById("survey-good") as HTMLTextAreaElement).value;
    a.better = (document.getElementById("survey-better") as HTMLTextAreaElement).value;
  }
  function goStep(to: number, focusId = "survey-step-title") {
    if (!form) return;
    keepText();
    const count = themeSet(form.theme_set)!.themes.length;
    step = Math.max(0, Math.min(count - 1, to));
    document.getElementById("survey-step-wrap")!.innerHTML = stepHtml(form, opts.lang());
    (document.getElementById(focusId) as HTMLElement | null)?.focus();
    debug.surveyStep = step;
  }

  function closeForm() {
    form = null;
    document.getElementById("survey-form-wrap")!.innerHTML = "";
    const open = document.getElementById("survey-open");
    open?.setAttribute("aria-expanded", "false");
    open?.focus();
  }

  function clearErrors(el: HTMLFormElement) {
    el.querySelectorAll<HTMLElement>(".field-error").forEach((p) => ((p.hidden = true), (p.textContent = "")));
    el.querySelectorAll("[aria-invalid]").forEach((x) => x.removeAttribute("aria-invalid"));
    el.querySelector<HTMLElement>(".form-error")!.textContent = "";
  }
  function showError(el: HTMLFormElement, message: string, field: string | null) {
    if (!form) return;
    const lang = opts.lang();
    const target = fieldTarget(field, form.theme_set);
    let where = "";
    if (target && "theme" in target) {
      const index = themeSet(form.theme_set)!.themes.findIndex((t) => t.code === target.theme);
      where = `${themeLabel(form.theme_set, target.theme, lang)}: `;
      goStep(index);
      const line = document.getElementById("survey-step-error")!;
      line.textContent = message;
      line.hidden = false;
    } else if (target) {
      const input = document.getElementById(fid(target.field)) as HTMLElement | null;
      const line = document.getElementById(`${fid(target.field)}-error`);
      if (input && line) {
        (document.getElementById("survey-meta") as HTMLDetailsElement).open = true;
        const label = el.querySelector(`label[for="${fid(target.field)}"]`)?.textContent ?? target.field;
        where = `${label.replace(/\s*\(.*\)$/, "")}: `;
        line.textContent = message;
        line.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    }
    el.querySelector<HTMLElement>(".form-error")!.textContent = `${w("notSaved", lang)}: ${where}${message}`;
  }

  function wire(el: HTMLFormElement) {
    el.addEventListener("keydown", (e) => e.key === "Escape" && closeForm());
    document.getElementById("survey-cancel")!.addEventListener("click", closeForm);
    el.addEventListener("change", (e) => {
      if (!form) return;
      const target = e.target as HTMLInputElement;
      const name = target.name;
      if (!name) return;
      if (name === "theme_set") {
        // Another scale: the scores given mean something else there, so they go.
        keepText();
        form.theme_set = target.value;
        for (const a of Object.values(form.answers)) a.score = null;
        if (!variantsOf(form.theme_set).includes(form.variant as never)) form.variant = "standaard";
        const open = (document.getElementById("survey-meta") as HTMLDetailsElement).open;
        renderForm(false);
        (document.getElementById("survey-meta") as HTMLDetailsElement).open = open;
        document.getElementById(fid("theme_set"))?.focus();
        return;
      }
      if (name === "variant") {
        form.variant = target.value;
        document.getElementById("survey-question")!.textContent = questionOf(form.theme_set, themeSet(form.theme_set)!.themes[step].code, form.variant);
      } else if (name === "kind") {
        form.kind = target.value;
        const group = form.kind === "groep";
        document.getElementById(`${fid("people")}-wrap`)!.hidden = !group;
        (document.getElementById(fid("people")) as HTMLInputElement).disabled = !group;
      } else if (name === "people") form.people = Number(target.value);
      else if (name === "publishable") form.publishable = target.checked;
      else if (name === "date" || name === "session" || name === "round") form[name] = target.value;
      else if (groupAttributes().some(([c]) => c === name)) form.attributes[name] = target.value;
    });
    el.addEventListener("click", (e) => {
      if (!form) return;
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button");
      if (!button) return;
      const set = themeSet(form.theme_set)!;
      const code = set.themes[step].code;
      if (button.dataset.score) {
        const a = (form.answers[code] ??= { score: null, good: "", better: "" });
        a.score = Number(button.dataset.score);
        el.querySelectorAll<HTMLElement>(".scores button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        document.getElementById("survey-chosen")!.textContent = String(a.score);
        document.getElementById("survey-progress")!.textContent = `${auto(answeredCount(form), opts.lang())} ${w("of", opts.lang())} ${set.themes.length} ${w("answered", opts.lang())}`;
      } else if (button.id === "survey-prev") goStep(step - 1, step - 1 === 0 ? "survey-step-title" : "survey-prev");
      else if (button.id === "survey-next") goStep(step + 1, step + 1 === set.themes.length - 1 ? "survey-step-title" : "survey-next");
      else if (button.id === "survey-skip") {
        // Skipped: not answered, never a zero.
        if (form.answers[code]) form.answers[code].score = null;
        goStep(step + 1);
      }
    });
    el.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!form || !current) return;
      const lang = opts.lang();
      keepText();
      clearErrors(el);
      if (!answeredCount(form)) return showError(el, w("noScores", lang), null);
      const status = document.getElementById("survey-status")!;
      status.textContent = w("saving", lang);
      const save = document.getElementById("survey-save") as HTMLButtonElement;
      save.disabled = true;
      try {
        await client.post(formBody(form));
      } catch (err) {
        save.disabled = false;
        status.textContent = "";
        const e2 = err instanceof RegisterError ? err : new RegisterError((err as Error).message, null, 0);
        return showError(el, e2.message, e2.field);
      }
      form = null;
      document.getElementById("survey-form-wrap")!.innerHTML = "";
      document.getElementById("survey-open")?.setAttribute("aria-expanded", "false");
      await refresh();
      const line = document.getElementById("survey-status");
      if (line) line.textContent = w("saved", lang);
      document.getElementById("survey-open")?.focus();
      loadPriority();
    });
  }

  host.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).closest("#survey-open")) {
      if (form) return closeForm();
      if (!current) return;
      form = emptyForm(current.code, todayIso());
      step = 0;
      renderForm();
    }
  });

  // ---- "Waar eerst?" ----
  let rows: PriorityRow[] = priority.areas;
  let priorityReason = priority.reason;
  function renderPriority() {
    const el = document.getElementById("priority");
    if (!el) return;
    const lang = opts.lang();
    const open = (document.getElementById("priority-details") as HTMLDetailsElement | null)?.open ?? false;
    // Areas with forms first, by hexagon score (highest first); then the rest by score.
    const shown = rows.filter((r) => r.level !== "wijk" || r.people > 0).sort((a, b) =>
      Number(b.people > 0) - Number(a.people > 0) || (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name));
    const lowest = (r: PriorityRow) => r.hidden_reason ? `<span class="hidden-reason">${esc(r.hidden_reason)}</span>`
      : r.problem ? esc(r.problem)
      : r.lowest?.length ? r.lowest.map((l) => `${esc(themeLabel(r.theme_set ?? "", l.theme, lang))} (${number(l.mean, 1, lang)})`).join(", ")
      : esc(r.none ?? SURVEY.wheels.none);
    el.hidden = false;
    el.innerHTML = `<details id="priority-details"${open ? " open" : ""}><summary><h2 id="priority-title">${w("priority", lang)}</h2></summary>` +
      `<p class="hint">${w("priorityNote", lang)}</p>${priorityReason ? `<p>${esc(priorityReason)}</p>` : ""}` +
      `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="priority-title"><table id="priority-table"><caption>${w("priority", lang)}</caption>` +
      `<thead><tr><th scope="col">${w("area", lang)}</th><th scope="col">${w("score", lang)}</th><th scope="col">${w("lowest", lang)}</th><th scope="col">${w("nPeople", lang)}</th></tr></thead><tbody>` +
      shown.map((r) => `<tr data-code="${esc(r.code)}"><th scope="row">${r.level ? `<button type="button" class="linklike" data-priority-area="${esc(r.code)}">${esc(r.name)}</button>` : esc(r.name)}</th>` +
        `<td>${typeof r.score === "number" ? number(r.score, 1, lang) : "—"}</td><td>${lowest(r)}</td><td>${auto(r.people, lang)}</td></tr>`).join("") +
      `</tbody></table></div></details>`;
  }
  async function loadPriority() {
    const answer = await client.priority().catch(() => null);
    if (!answer) return;
    rows = answer.areas;
    priorityReason = answer.reason;
    renderPriority();
  }
  document.getElementById("priority")?.addEventListener("click", (e) => {
    const code = (e.target as HTMLElement).closest<HTMLElement>("[data-priority-area]")?.dataset.priorityArea;
    if (code) opts.openArea(code);
  });
  renderPriority();

  return {
    show(code, name) {
      const same = current?.code === code;
      if (!same) form = null;
      current = { code, name, answer: same ? current!.answer : null };
      render();
      refresh();
    },
    hide() {
      current = null;
      form = null;
      chart?.dispose();
      chart = null;
      host.hidden = true;
      host.innerHTML = "";
    },
  };
}

// The language changed: redraw what is open (the panel calls show again).
export const surveyText = TEXT;
