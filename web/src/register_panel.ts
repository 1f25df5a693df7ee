// "Wat er gebeurt": the learning register beside an area's figures, in both
// the build's map and the map in time. It lists the area's interventions, its
// open learning questions and its publishable stories (as the server serves
// them), and holds the three forms that write to the register. Shown only when
// the served folder has a register; otherwise this module draws nothing.
import type { IndicatorInfo } from "./explain";
import { labelOf } from "./explain";
import { t, type Lang } from "./i18n";
import {
  REGISTER, RegisterClient, RegisterError, bodyFrom, dateText, photoPath, storiesByTheme, vocabLabel, vocabWords,
  AIM_PREFIX, type AreaAnswer, type Intervention, type RecordKind, type VocabList,
} from "./register";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The forms' field labels (Dutch first). Field names are api.json's.
const LABELS: Record<string, { nl: string; en: string }> = {
  code: { nl: "Code (korte eigen aanduiding)", en: "Code (short own id)" },
  name: { nl: "Naam", en: "Name" },
  status: { nl: "Status", en: "Status" },
  stop_reason: { nl: "Reden van stoppen", en: "Reason for stopping" },
  planned_start: { nl: "Geplande start", en: "Planned start" },
  planned_end: { nl: "Gepland einde", en: "Planned end" },
  actual_start: { nl: "Werkelijke start", en: "Actual start" },
  actual_end: { nl: "Werkelijk einde", en: "Actual end" },
  types: { nl: "Soort interventie", en: "Type of intervention" },
  domain: { nl: "Domein", en: "Domain" },
  perspective: { nl: "Perspectief", en: "Perspective" },
  target_group: { nl: "Doelgroep", en: "Target group" },
  partners: { nl: "Partners", en: "Partners" },
  funding: { nl: "Financiering", en: "Funding" },
  funding_end: { nl: "Financiering loopt tot", en: "Funding ends" },
  situatie: { nl: "Situatie: wat is er nu aan de hand?", en: "Situation: what is the matter now?" },
  waar_naartoe: { nl: "Waar naartoe: wat willen we bereiken?", en: "Goal: what do we want to achieve?" },
  hoe: { nl: "Hoe: wat doen we?", en: "Approach: what do we do?" },
  aannamen: { nl: "Aannamen: waarom zou het werken?", en: "Assumptions: why would it work?" },
  indicators: { nl: "Welke indicatoren wil de interventie veranderen, en in welke richting?", en: "Which indicators should change, and which way?" },
  date: { nl: "Datum", en: "Date" },
  source: { nl: "Bron", en: "Source" },
  precision: { nl: "Plaats bekend op", en: "Place known to" },
  text: { nl: "Tekst", en: "Text" },
  themes: { nl: "Thema's (indicatoren)", en: "Themes (indicators)" },
  signal: { nl: "Zegt het verhaal dat iets knelt of goed gaat?", en: "Does the story tell of a concern or of something going well?" },
  photo: { nl: "Foto (JPEG of PNG, niet verplicht)", en: "Photo (JPEG or PNG, optional)" },
  consent: { nl: "Toestemming gegeven om dit verhaal vast te leggen", en: "Consent given to record this story" },
  publishable: { nl: "Mag openbaar getoond worden (alleen met toestemming)", en: "May be shown publicly (only with consent)" },
  author_role: { nl: "Rol van wie het vastlegt (geen naam)", en: "Role of who records it (no name)" },
  kind: { nl: "Soort", en: "Kind" },
  questions: { nl: "Bij leervraag", en: "With learning question" },
  interventions: { nl: "Bij interventie", en: "With intervention" },
};
const label = (name: string, lang: Lang) => LABELS[name]?.[lang] ?? name;

const todayIso = () => new Date().toISOString().slice(0, 10);

export interface RegisterPanel {
  // Shows the register of an area (its code, and the name people read).
  show(code: string, name: string): void;
  hide(): void;
  // Every intervention of the register (for the filter), as last read.
  interventions(): Intervention[];
}

export interface RegisterOptions {
  indicators: IndicatorInfo[];
  lang(): Lang;
  // An area's records after every read (also after a save): the trend chart marks them.
  onArea?(code: string, answer: AreaAnswer): void;
  // After a save: the whole register changed.
  onSaved?(): void;
}

// Null when the served folder has no register (or it cannot be reached): then nothing is shown.
export async function installRegister(opts: RegisterOptions, client = new RegisterClient()): Promise<RegisterPanel | null> {
  const all = await client.load().catch((e) => (console.warn(`register: ${e.message}`), null));
  const found = document.getElementById("register");
  if (!all || !found) return null;
  const host: HTMLElement = found;
  let interventions = all.interventions;
  const indicators = opts.indicators.filter((i) => i.supplied !== false);
  let current: { code: string; name: string; answer: AreaAnswer | null } | null = null;
  let openForm: RecordKind | null = null;

  const indLabel = (name: string, lang: Lang) => {
    const ind = opts.indicators.find((i) => i.name === name);
    return ind ? labelOf(ind, lang) : name;
  };

  // ---- The lists ----
  function interventionItem(iv: Intervention, lang: Lang): string {
    const start = iv.actual_start ?? iv.planned_start;
    const end = iv.actual_end ?? iv.planned_end;
    const when = [
      start ? `${t("regStart", lang)} ${dateText(start, lang)}${iv.actual_start ? "" : ` (${t("regPlanned", lang)})`}` : "",
      end ? `${t("regEnd", lang)} ${dateText(end, lang)}${iv.actual_end ? "" : ` (${t("regPlanned", lang)})`}` : "",
    ].filter(Boolean).join(", ");
    const status = vocabLabel("intervention_status", iv.status, lang) + (iv.stop_reason ? `: ${esc(iv.stop_reason)}` : "");
    const aims = (iv.indicators ?? []).map((a) => `${esc(indLabel(a.indicator, lang))} ${esc(vocabLabel("direction", a.direction, lang))}`);
    const wijk = iv.area_code && current && iv.area_code !== current.code ? ` <span class="hint">(${t("regInWijk", lang)})</span>` : "";
    return `<li data-intervention="${esc(iv.code)}"><b>${esc(iv.name)}</b> · ${esc(status)}${when ? ` · ${esc(when)}` : ""}${wijk}` +
      ((iv.types ?? []).length ? `<br>${t("regTypes", lang)}: ${(iv.types ?? []).map((x) => esc(vocabLabel("intervention_type", x, lang))).join(", ")}` : "") +
      (aims.length ? `<br>${t("regAims", lang)}: ${aims.join("; ")}` : "") + "</li>";
  }

  function lists(answer: AreaAnswer, lang: Lang): string {
    const parts: string[] = [];
    const seen = new Set<string>();
    const ivs = answer.interventions.filter((iv) => !seen.has(iv.code) && seen.add(iv.code));
    parts.push(`<h3>${t("regInterventions", lang)}</h3>`);
    parts.push(ivs.length ? `<ul id="register-interventions">${ivs.map((iv) => interventionItem(iv, lang)).join("")}</ul>` : `<p>${t("regNoInterventions", lang)}</p>`);
    // Open: not answered and not reformulated. Wish and tension on their own lines.
    const open = answer.questions.filter((q) => q.status === "open" || q.status === "in behandeling");
    parts.push(`<h3>${t("regQuestions", lang)}</h3>`);
    parts.push(open.length
      ? `<ul id="register-questions">${open.map((q) => `<li>${esc(q.wish)}<br>${esc(q.tension)}<br><span class="hint">${esc(q.theme)} · ${esc(vocabLabel("question_status", q.status, lang))}</span></li>`).join("")}</ul>`
      : `<p>${t("regNoQuestions", lang)}</p>`);
    // Stories beside the indicator of their theme, in the order of the manifest's indicators.
    parts.push(`<h3>${t("regStories", lang)}</h3>`);
    const groups = storiesByTheme(answer.stories, opts.indicators.map((i) => i.name));
    if (!answer.stories.length) parts.push(`<p>${t("regNoStories", lang)}</p>`);
    const keys = [...opts.indicators.map((i) => i.name).filter((n) => groups.has(n)), ...(groups.has("") ? [""] : [])];
    for (const key of keys) {
      parts.push(`<h4>${key ? `${t("regStoriesAt", lang)} ${esc(indLabel(key, lang))}` : t("regStoriesOther", lang)}</h4><ul class="register-stories">`);
      for (const s of groups.get(key)!) {
        const photo = s.photo ? `<img class="story-photo" src="${esc(photoPath(s.photo))}" alt="${esc(`${t("regPhotoOf", lang)}: ${s.text.slice(0, 120)}`)}" loading="lazy">` : "";
        parts.push(`<li>${photo}<p>${esc(s.text)}</p><p class="hint">${esc(vocabLabel("story_source", s.source, lang))} · ${esc(dateText(s.date, lang))}` +
          `${s.signal ? ` · ${esc(vocabLabel("story_signal", s.signal, lang))}` : ""}` +
          `${s.author_role ? ` · ${esc(s.author_role)}` : ""}</p></li>`);
      }
      parts.push("</ul>");
    }
    if (answer.cycles.length)
      parts.push(`<h3>${t("regCycles", lang)}</h3><ul id="register-cycles">${answer.cycles.map((c) =>
        `<li>${esc(dateText(c.date, lang))} · ${esc(vocabLabel("cycle_kind", c.kind, lang))}: ${esc(c.text)}</li>`).join("")}</ul>`);
    return parts.join("");
  }

  // ---- The forms ----
  // A labelled field with its error line (aria-describedby), ids per form.
  const idOf = (form: RecordKind, name: string) => `reg-${form}-${name}`;
  const errorLine = (form: RecordKind, name: string) => `<p class="field-error" id="${idOf(form, name)}-error" hidden></p>`;
  function input(form: RecordKind, name: string, type: string, lang: Lang, extra = ""): string {
    const id = idOf(form, name);
    return `<div class="field"><label for="${id}">${label(name, lang)}</label>` +
      `<input id="${id}" name="${name}" type="${type}" aria-describedby="${id}-error" ${extra}>${errorLine(form, name)}</div>`;
  }
  function textarea(form: RecordKind, name: string, lang: Lang): string {
    const id = idOf(form, name);
    return `<div class="field"><label for="${id}">${label(name, lang)}</label>` +
      `<textarea id="${id}" name="${name}" rows="2" aria-describedby="${id}-error"></textarea>${errorLine(form, name)}</div>`;
  }
  function select(form: RecordKind, name: string, options: [string, string][], lang: Lang, first: string | null = null, chosen = ""): string {
    const id = idOf(form, name);
    const opts_ = (first === null ? [] : [["", first] as [string, string]]).concat(options);
    return `<div class="field"><label for="${id}">${label(name, lang)}</label><select id="${id}" name="${name}" aria-describedby="${id}-error">` +
      opts_.map(([v, text]) => `<option value="${esc(v)}"${v === chosen ? " selected" : ""}>${esc(text)}</option>`).join("") + `</select>${errorLine(form, name)}</div>`;
  }
  const vocabOptions = (list: VocabList, lang: Lang): [string, string][] => vocabWords(list).map((w) => [w, vocabLabel(list, w, lang)]);
  function checkboxes(form: RecordKind, name: string, options: [string, string][], lang: Lang): string {
    const id = idOf(form, name);
    return `<fieldset id="${id}" aria-describedby="${id}-error"><legend>${label(name, lang)}</legend>` +
      options.map(([v, text], i) => `<div class="check"><input type="checkbox" id="${id}-${i}" name="${name}" value="${esc(v)}"><label for="${id}-${i}">${esc(text)}</label></div>`).join("") +
      `${errorLine(form, name)}</fieldset>`;
  }
  function checkbox(form: RecordKind, name: string, lang: Lang, extra = ""): string {
    const id = idOf(form, name);
    return `<div class="check"><input type="checkbox" id="${id}" name="${name}" value="true" aria-describedby="${id}-error" ${extra}><label for="${id}">${label(name, lang)}</label>${errorLine(form, name)}</div>`;
  }
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${esc(value)}">`;

  function formHtml(kind: RecordKind, lang: Lang, area: { code: string; name: string }, answer: AreaAnswer | null): string {
    const head = `<p>${t("regArea", lang)}: <b>${esc(area.name)}</b></p>`;
    const fields: string[] = [];
    if (kind === "intervention") {
      fields.push(hidden("areas", area.code), hidden("created", todayIso()),
        input(kind, "name", "text", lang, 'autocomplete="off"'), input(kind, "code", "text", lang, 'autocomplete="off"'),
        select(kind, "status", vocabOptions("intervention_status", lang), lang),
        `<div id="${idOf(kind, "stop_reason")}-wrap" hidden>${input(kind, "stop_reason", "text", lang, "disabled")}</div>`,
        input(kind, "planned_start", "date", lang), input(kind, "planned_end", "date", lang),
        input(kind, "actual_start", "date", lang), input(kind, "actual_end", "date", lang),
        checkboxes(kind, "types", vocabOptions("intervention_type", lang), lang),
        select(kind, "domain", vocabOptions("domain", lang), lang, t("regNone", lang)),
        select(kind, "perspective", vocabOptions("perspective", lang), lang, t("regNone", lang)),
        input(kind, "target_group", "text", lang), input(kind, "partners", "text", lang),
        input(kind, "funding", "text", lang), input(kind, "funding_end", "date", lang),
        textarea(kind, "situatie", lang), textarea(kind, "waar_naartoe", lang), textarea(kind, "hoe", lang), textarea(kind, "aannamen", lang));
      const id = idOf(kind, "indicators");
      fields.push(`<fieldset id="${id}" aria-describedby="${id}-error"><legend>${label("indicators", lang)}</legend>` +
        indicators.map((ind, i) => `<div class="field aim"><label for="${id}-${i}">${esc(labelOf(ind, lang))}</label>` +
          `<select id="${id}-${i}" name="${esc(AIM_PREFIX + ind.name)}"><option value="">${t("regNotAimed", lang)}</option>` +
          vocabOptions("direction", lang).map(([v, text]) => `<option value="${esc(v)}">${esc(text)}</option>`).join("") + `</select></div>`).join("") +
        `${errorLine(kind, "indicators")}</fieldset>`);
    } else if (kind === "story") {
      const photoTypes = REGISTER.limits.photo_types.join(",");
      fields.push(hidden("area_code", area.code),
        input(kind, "date", "date", lang, `value="${todayIso()}"`),
        select(kind, "source", vocabOptions("story_source", lang), lang),
        // Shown at the buurt unless the team says the place is known closer (the safer default).
        select(kind, "precision", vocabOptions("precision", lang), lang, null, "buurt"),
        textarea(kind, "text", lang),
        select(kind, "signal", vocabOptions("story_signal", lang), lang, t("regNone", lang)),
        checkboxes(kind, "themes", indicators.map((i) => [i.name, labelOf(i, lang)]), lang),
        input(kind, "photo", "file", lang, `accept="${photoTypes}"`),
        checkbox(kind, "consent", lang), checkbox(kind, "publishable", lang, "disabled"),
        input(kind, "author_role", "text", lang));
    } else if (kind === "cycle") {
      fields.push(input(kind, "date", "date", lang, `value="${todayIso()}"`),
        select(kind, "kind", vocabOptions("cycle_kind", lang), lang),
        textarea(kind, "text", lang),
        select(kind, "questions", (answer?.questions ?? []).map((q) => [q.nr, `${q.nr}: ${q.wish}`]), lang, t("regNone", lang)),
        select(kind, "interventions", (answer?.interventions ?? []).map((iv) => [iv.code, iv.name]), lang, t("regNone", lang)),
        input(kind, "author_role", "text", lang));
    }
    return `<form id="reg-form-${kind}" class="register-form" novalidate aria-labelledby="reg-form-${kind}-title">` +
      `<h3 id="reg-form-${kind}-title">${t(TITLE[kind], lang)}</h3>${head}` +
      `<div class="form-error" id="reg-form-${kind}-error" role="alert"></div>` + fields.join("") +
      `<div class="buttons"><button type="submit" id="reg-save-${kind}">${t("regSave", lang)}</button> <button type="button" data-cancel>${t("regCancel", lang)}</button></div></form>`;
  }
  const TITLE = { intervention: "regAddIntervention", story: "regAddStory", cycle: "regAddCycle" } as Record<RecordKind, "regAddIntervention" | "regAddStory" | "regAddCycle">;
  const POST_KEY = { intervention: "interventions", story: "stories", cycle: "cycles" } as const;
  const FORMS: RecordKind[] = ["intervention", "story", "cycle"];

  // The section's frame for an area (in the interface language); the lists
  // are filled in apart, so a refresh never wipes a form being filled in.
  let renderedFor = "";
  function render() {
    if (!current) return;
    const lang = opts.lang();
    host.hidden = false;
    renderedFor = `${current.code}|${lang}`;
    const buttons = FORMS.map((kind) =>
      `<button type="button" id="reg-open-${kind}" data-form="${kind}" aria-expanded="${openForm === kind}" aria-controls="reg-form-wrap">${t(TITLE[kind], lang)}</button>`).join(" ");
    host.innerHTML = `<h2 id="register-title">${t("regTitle", lang)}</h2>` +
      `<div id="register-lists"></div>` +
      `<div class="buttons">${buttons}</div><p id="register-status" role="status" aria-live="polite"></p><div id="reg-form-wrap"></div>`;
    renderLists();
    if (openForm) showForm(openForm, false);
  }
  function renderLists() {
    const el = document.getElementById("register-lists");
    if (el && current) el.innerHTML = current.answer ? lists(current.answer, opts.lang()) : "";
  }

  function showForm(kind: RecordKind, focus = true) {
    if (!current) return;
    openForm = kind;
    const lang = opts.lang();
    const wrap = document.getElementById("reg-form-wrap")!;
    wrap.innerHTML = formHtml(kind, lang, current, current.answer);
    for (const k of FORMS) document.getElementById(`reg-open-${k}`)?.setAttribute("aria-expanded", String(k === kind));
    const form = wrap.querySelector("form")!;
    wire(form, kind);
    if (focus) (form.querySelector("input:not([type=hidden]), select, textarea") as HTMLElement | null)?.focus();
  }

  function closeForm() {
    const kind = openForm;
    openForm = null;
    document.getElementById("reg-form-wrap")!.innerHTML = "";
    for (const k of FORMS) document.getElementById(`reg-open-${k}`)?.setAttribute("aria-expanded", "false");
    if (kind) document.getElementById(`reg-open-${kind}`)?.focus();
  }

  function clearErrors(form: HTMLFormElement) {
    form.querySelectorAll<HTMLElement>(".field-error").forEach((p) => ((p.hidden = true), (p.textContent = "")));
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    form.querySelector<HTMLElement>(".form-error")!.textContent = "";
  }
  // The server's message beside the field it names, and in the form's alert.
  function showError(form: HTMLFormElement, kind: RecordKind, message: string, named: string | null) {
    const lang = opts.lang();
    const field = named?.split(/[.[]/)[0] ?? null; // "indicators[0].direction" is told at the indicators
    // The alert names the field by its label: "ontbreekt" alone says not what.
    const where = field && LABELS[field] ? `${label(field, lang)}: ` : "";
    form.querySelector<HTMLElement>(".form-error")!.textContent = `${t("regNotSaved", lang)}: ${where}${message}`;
    const line = field ? document.getElementById(`${idOf(kind, field)}-error`) : null;
    if (line) {
      line.textContent = message;
      line.hidden = false;
      const target = document.getElementById(idOf(kind, field!)) as HTMLElement | null;
      target?.setAttribute("aria-invalid", "true");
      (target?.matches("fieldset") ? target.querySelector<HTMLElement>("input, select") : target)?.focus();
    }
  }

  function wire(form: HTMLFormElement, kind: RecordKind) {
    form.querySelector("[data-cancel]")!.addEventListener("click", closeForm);
    form.addEventListener("keydown", (e) => e.key === "Escape" && closeForm());
    if (kind === "intervention") {
      // A stop reason only for a stopped intervention (the server requires it then, and only then).
      const status = form.elements.namedItem("status") as HTMLSelectElement;
      const reason = form.elements.namedItem("stop_reason") as HTMLInputElement;
      const sync = () => {
        const stopped = status.value === "gestopt";
        document.getElementById(`${idOf(kind, "stop_reason")}-wrap`)!.hidden = !stopped;
        reason.disabled = !stopped;
      };
      status.addEventListener("change", sync);
      sync();
    }
    if (kind === "story") {
      // Publishable only with consent: without it the box is off and cannot be ticked.
      const consent = form.elements.namedItem("consent") as HTMLInputElement;
      const publishable = form.elements.namedItem("publishable") as HTMLInputElement;
      consent.addEventListener("change", () => {
        publishable.disabled = !consent.checked;
        if (!consent.checked) publishable.checked = false;
      });
    }
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!current) return;
      const lang = opts.lang();
      clearErrors(form);
      const data = new FormData(form);
      const photo = data.get("photo");
      const file = photo instanceof File && photo.size > 0 ? photo : undefined;
      if (file && file.size > REGISTER.limits.photo_bytes)
        return showError(form, kind, `De foto is groter dan ${Math.round(REGISTER.limits.photo_bytes / 1048576)} MB.`, "photo");
      const status = document.getElementById("register-status")!;
      status.textContent = t("regSaving", lang);
      const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
      submit.disabled = true;
      try {
        await client.post(POST_KEY[kind as keyof typeof POST_KEY], bodyFrom(kind, data.entries() as Iterable<[string, unknown]>), file);
      } catch (err) {
        submit.disabled = false;
        status.textContent = "";
        const e2 = err instanceof RegisterError ? err : new RegisterError((err as Error).message, null, 0);
        return showError(form, kind, e2.message, e2.field);
      }
      const saved = kind === "intervention" ? String(data.get("name") ?? "") : "";
      openForm = null;
      document.getElementById("reg-form-wrap")!.innerHTML = "";
      for (const k of FORMS) document.getElementById(`reg-open-${k}`)?.setAttribute("aria-expanded", "false");
      await refresh();
      const line = document.getElementById("register-status");
      if (line) line.textContent = `${t("regSaved", lang)}${saved ? `: ${saved}` : ""}.`;
      document.getElementById(`reg-open-${kind}`)?.focus();
      opts.onSaved?.();
    });
  }

  // Reads the open area's records again (and the whole register for the filter).
  async function refresh() {
    if (!current) return;
    const code = current.code;
    const [answer, whole] = await Promise.all([
      client.area(code).catch(() => null),
      client.load().catch(() => null),
    ]);
    if (whole) interventions = whole.interventions;
    if (!current || current.code !== code) return; // another area was chosen meanwhile
    current.answer = answer;
    renderLists();
    if (!answer) document.getElementById("register-status")!.textContent = t("regUnavailable", opts.lang());
    else opts.onArea?.(code, answer);
  }

  host.addEventListener("click", (e) => {
    const kind = (e.target as HTMLElement).closest<HTMLElement>("[data-form]")?.dataset.form as RecordKind | undefined;
    if (!kind) return;
    if (openForm === kind) closeForm();
    else showForm(kind);
  });

  return {
    show(code, name) {
      const same = current?.code === code;
      if (!same) openForm = null;
      current = { code, name, answer: same ? current!.answer : null };
      if (renderedFor !== `${code}|${opts.lang()}` || host.hidden) render();
      refresh();
    },
    hide() {
      current = null;
      openForm = null;
      host.hidden = true;
      host.innerHTML = "";
      renderedFor = "";
    },
    interventions: () => interventions,
  };
}
