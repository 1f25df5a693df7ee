// "Over deze kaart": what the score counts, indicator by indicator, the
// threshold rule in words, sources and years, and how fine the map really is.
// Everything is read from the build's manifest (keys from schema/build.json);
// the text is built by pure functions (tested in about.test.ts) and shown in a
// native <dialog>, which gives keyboard handling (Escape, focus kept inside)
// and the dialog role for screen readers.
import build from "../../schema/build.json";
import { auto, thresholdValue } from "./format";
import type { Lang } from "./i18n";

const MK = build.manifest_keys;
const IK = build.indicator_keys;

export type Manifest = Record<string, any>;
export type IndicatorStatus = "counted" | "shown" | "not_supplied";

// The one place numbers are formatted here: the app's nl-NL formatter.
const num = (v: number, lang: Lang) => auto(v, lang);

const TEXT = {
  title: { nl: "Over deze kaart", en: "About this map" },
  close: { nl: "Sluiten", en: "Close" },
  scoreHead: { nl: "Wat de score telt", en: "What the score counts" },
  thresholdHead: { nl: "De drempel", en: "The threshold" },
  indicatorsHead: { nl: "De indicatoren", en: "The indicators" },
  sourcesHead: { nl: "Bronnen", en: "Sources" },
  resolutionHead: { nl: "Hoe fijn de kaart is", en: "How fine the map is" },
  details: { nl: "Technische gegevens van deze berekening", en: "Technical details of this build" },
  counted: { nl: "Telt mee in de score", en: "Counted in the score" },
  shown: { nl: "Alleen getoond: telt niet mee in de score", en: "Shown only: not counted in the score" },
  notSupplied: { nl: "Niet aangeleverd: ontbreekt op de kaart en telt niet mee", en: "Not supplied: missing from the map and not counted" },
  reason: { nl: "Reden (uit de instellingen van de kaart)", en: "Reason (from the map's settings)" },
  proxy: { nl: "Vervangt {p}: deze indicator staat in voor {p}, dat er voor deze kaart niet is. Het is een benadering, niet {p} zelf.",
           en: "Stands in for {p}: this indicator replaces {p}, which is not available for this map. An approximation, not {p} itself." },
  rule: { nl: "Regel", en: "Rule" },
  thresholdHere: { nl: "Drempel op deze kaart", en: "Threshold on this map" },
  noThreshold: { nl: "geen drempel: geen bewoonde zeshoek heeft een waarde", en: "no threshold: no inhabited hexagon has a value" },
  source: { nl: "Bron", en: "Source" },
  about: { nl: "Toelichting", en: "Description" },
  usedFor: { nl: "gebruikt voor", en: "used for" },
  usedForMap: { nl: "gebiedsgrenzen, inwoners of ondergrond", en: "boundaries, residents or base map" },
  year: { nl: "jaar", en: "year" },
  attribution: { nl: "Vermelding van de bronnen", en: "Attribution" },
  infoAbout: { nl: "Uitleg over {x}", en: "About {x}" },
  openButton: { nl: "Over deze kaart", en: "About this map" },
  colourInfo: { nl: "Uitleg bij de gekozen kleur", en: "About the chosen colour" },
  listHead: { nl: "Wat de score telt", en: "What the score counts" },
  countedShort: { nl: "telt mee", en: "counted" },
  shownShort: { nl: "alleen getoond", en: "shown only" },
  notSuppliedShort: { nl: "niet aangeleverd", en: "not supplied" },
} as const;
type TextKey = keyof typeof TEXT;
const tr = (key: TextKey, lang: Lang, vars: Record<string, string> = {}) =>
  TEXT[key][lang].replace(/\{(\w)\}/g, (_, k: string) => vars[k] ?? "");

export function indicatorsOf(manifest: Manifest): Record<string, any>[] {
  return manifest[MK.indicators] ?? [];
}

export function statusOf(ind: Record<string, any>): IndicatorStatus {
  if (!ind[IK.supplied]) return "not_supplied";
  return ind[IK.in_score] ? "counted" : "shown";
}

export function labelOf(ind: Record<string, any>, lang: Lang): string {
  return (lang === "en" && ind[IK.label_en]) || ind[IK.label];
}

// A threshold that depends on the city itself (a percentile, or a factor of the
// city's mean) makes scores of two cities incomparable. The manifest's machine
// rule text says which: "… percentile of inhabited cells", "… mean of the study area".
export function dependsOnCity(ind: Record<string, any>): boolean {
  return /percentile|mean of the study area/.test(String(ind[IK.rule] ?? ""));
}

// The year(s) in a file name: "cbs/utrecht_kwb_2025_buurt_subset.csv" → "2025".
export function yearsIn(file: string): string[] {
  const name = file.split("/").pop() ?? file;
  return [...new Set(name.match(/(?<!\d)(19|20)\d{2}(?!\d)/g) ?? [])];
}

// The data directory is where the build found its files; sources are listed relative to it.
function relative(path: string, dataDir: string | undefined): string {
  if (dataDir && path.startsWith(dataDir)) return path.slice(dataDir.length).replace(/^\/+/, "");
  return path;
}

// Who publishes what, as the README's "Data licences and attribution" says:
// recognised by the input's path. An input no rule knows is cited by its file name.
const PUBLISHERS: { test: RegExp; nl: string; en: string }[] = [
  { test: /(^|\/)osm\/|\.osm\.pbf$|_osm[_.]/i, nl: "© OpenStreetMap-bijdragers (ODbL 1.0)", en: "© OpenStreetMap contributors (ODbL 1.0)" },
  { test: /gezondheid/i, nl: "Bron: GGD'en, CBS en RIVM, Gezondheidsmonitor Volwassenen en Ouderen", en: "Source: GGD'en, CBS and RIVM, Health Monitor Adults and Elderly" },
  { test: /(^|\/)rivm\/gcn|no2/i, nl: "Bron: RIVM, Grootschalige Concentratiekaarten Nederland (GCN)", en: "Source: RIVM, Large-scale Concentration Maps Netherlands (GCN)" },
  { test: /buurtmonitor/i, nl: "Bron: Gemeente Eindhoven, Eindhoven in Cijfers", en: "Source: Municipality of Eindhoven, Eindhoven in Cijfers" },
  { test: /(^|\/)(cbs|boundaries)\/|kwb|_buurt_|_wijk_/i, nl: "Bron: CBS (CC BY 4.0)", en: "Source: CBS (CC BY 4.0)" },
];

export interface SourceLine {
  file: string;
  years: string[];
  indicators: string[]; // labels of the indicators that read it
  attribution: string;
}

export function sourcesOf(manifest: Manifest, lang: Lang): SourceLine[] {
  const dataDir: string | undefined = manifest.data_dir;
  const lines = new Map<string, SourceLine>();
  const attributionOfFile = (file: string) =>
    PUBLISHERS.find((p) => p.test.test(file))?.[lang] ?? `${lang === "en" ? "Source" : "Bron"}: ${file.split("/").pop()}`;
  const add = (path: string) => {
    const file = relative(path, dataDir);
    if (!lines.has(file)) lines.set(file, { file, years: yearsIn(file), indicators: [], attribution: attributionOfFile(file) });
    return lines.get(file)!;
  };
  for (const input of manifest[MK.inputs] ?? []) add(typeof input === "string" ? input : input.path);
  for (const ind of indicatorsOf(manifest)) {
    const file = ind[IK.source]?.file;
    if (!file) continue;
    // The manifest's inputs carry resolved paths, the indicator its config's name: match on the end.
    const hit = [...lines.values()].find((l) => l.file === file || l.file.endsWith("/" + file) || file.endsWith("/" + l.file)) ?? add(file);
    hit.indicators.push(labelOf(ind, lang));
  }
  return [...lines.values()];
}

// The attributions a map made from this build must carry, once each.
export function attributionOf(manifest: Manifest, lang: Lang): string[] {
  const lines = sourcesOf(manifest, lang).map((s) => s.attribution);
  if ((manifest.basemap ?? []).length) lines.push(PUBLISHERS[0][lang]);
  return [...new Set(lines)];
}

export interface AboutIndicator {
  name: string;
  label: string;
  status: IndicatorStatus;
  statusText: string;
  proxy?: string;
  rule?: string;
  threshold?: string;
  source?: string;
  reason?: string; // why it is not supplied, as the config says it (may be English)
  description?: string;
}

export interface AboutModel {
  title: string;
  score: string[];
  threshold: string[];
  indicators: AboutIndicator[];
  sources: SourceLine[];
  attribution: string[];
  resolution: string[];
  details: [string, string][];
}

export interface AboutContext {
  gemeente?: string; // the city's name, from the gemeente layer
  timings?: Record<string, number | undefined>; // the app's own, ms since navigation
}

function sourceText(src: Record<string, any> | undefined, lang: Lang): string | undefined {
  if (!src) return undefined;
  const file = src.file ? String(src.file).split("/").pop() : undefined;
  if (src.kind === "table") return `${lang === "en" ? "table" : "tabel"} ${file ?? src.table}${src.value ? ` (${src.value})` : ""}`;
  if (src.kind === "raster") return `${lang === "en" ? "raster" : "rasterkaart"} ${file ?? src.raster}`;
  if (src.kind === "layer")
    return `${lang === "en" ? "layer" : "kaartlaag"} ${file ?? src.layer}${src.distance === "network" ? (lang === "en" ? ", distance over the streets" : ", afstand over de straten") : lang === "en" ? ", straight-line distance" : ", afstand hemelsbreed"}`;
  if (src.kind === "osm") return `OpenStreetMap ${file ?? ""} (${src.category})`;
  return file;
}

export function aboutModel(manifest: Manifest, ctx: AboutContext, lang: Lang): AboutModel {
  const inds = indicatorsOf(manifest);
  const score = manifest[MK.score] ?? {};
  const max: number = score.max ?? 0;
  const city = ctx.gemeente ?? (lang === "en" ? "this area" : "dit gebied");
  const by = (s: IndicatorStatus) => inds.filter((i) => statusOf(i) === s).map((i) => labelOf(i, lang));
  const counted = by("counted"), shown = by("shown"), missing = by("not_supplied");
  const list = (xs: string[]) => xs.join(", ");
  const nl = lang === "nl";

  const scoreText = [
    nl ? `De score van een zeshoek is het aantal indicatoren waarop daar gezondheidswinst te halen is: van 0 (op geen enkele) tot ${max} (op alle ${max} die meetellen).`
       : `A hexagon's score is the number of indicators on which there is health to gain there: from 0 (none) to ${max} (all ${max} that count).`,
    nl ? `Tellen mee (${counted.length}): ${list(counted)}.` : `Counted (${counted.length}): ${list(counted)}.`,
  ];
  if (shown.length) scoreText.push(nl ? `Alleen getoond, tellen niet mee (${shown.length}): ${list(shown)}.` : `Shown only, not counted (${shown.length}): ${list(shown)}.`);
  if (missing.length)
    scoreText.push(nl ? `Niet aangeleverd (${missing.length}): ${list(missing)}. De score loopt alleen over de indicatoren die er wel zijn; een ontbrekende indicator telt niet als "in orde".`
                      : `Not supplied (${missing.length}): ${list(missing)}. The score runs over the supplied indicators only; a missing indicator does not count as "fine".`);
  const privacy = manifest[MK.privacy]?.min_residents;
  if (typeof privacy === "number")
    scoreText.push(nl ? `Zeshoeken met minder dan ${privacy} inwoners krijgen geen score en geen sociale gegevens, om de privacy van de bewoners te beschermen.`
                      : `Hexagons with fewer than ${privacy} residents get no score and no social data, to protect the residents' privacy.`);
  scoreText.push(nl ? "Buurten en wijken krijgen het gemiddelde van hun zeshoeken, gewogen naar het aantal inwoners."
                    : "Neighbourhoods and districts get the mean of their hexagons, weighted by residents.");
  if (typeof score.score_at_least === "number")
    scoreText.push(nl ? `Per gebied staat ook het aandeel inwoners met score ${score.score_at_least} of hoger.`
                      : `Each area also gives the share of residents with score ${score.score_at_least} or more.`);

  const relative = inds.filter((i) => statusOf(i) !== "not_supplied" && dependsOnCity(i)).map((i) => labelOf(i, lang));
  const thresholdText = [
    nl ? "Elke indicator heeft een drempel. Ligt de waarde van een zeshoek voorbij die drempel, dan is daar op die indicator gezondheidswinst te halen en telt hij mee in de score."
       : "Every indicator has a threshold. Where a hexagon's value is past it, there is health to gain on that indicator and it counts in the score.",
    nl ? "Een drempel is een vaste norm (bijvoorbeeld een grenswaarde voor luchtkwaliteit) of hangt af van de stad zelf: bij het 75e percentiel valt het kwart bewoonde zeshoeken op dat in deze stad het slechtst scoort."
       : "A threshold is a fixed norm (such as an air-quality limit) or depends on the city itself: at the 75th percentile the quarter of inhabited hexagons that score worst in this city stand out.",
  ];
  if (relative.length)
    thresholdText.push(nl ? `Op deze kaart hangt de drempel af van ${city} zelf bij: ${list(relative)}. Daarom zijn de scores van twee gemeenten niet met elkaar te vergelijken: een score 3 in de ene stad is niet hetzelfde als een score 3 in de andere.`
                          : `On this map the threshold depends on ${city} itself for: ${list(relative)}. So the scores of two cities do not compare: a score of 3 in one city is not the same as a score of 3 in another.`);

  const indicators: AboutIndicator[] = inds.map((ind) => {
    const status = statusOf(ind);
    const unit = ind[IK.unit] ? ` ${ind[IK.unit]}` : "";
    const th = ind[IK.threshold];
    const out: AboutIndicator = {
      name: ind[IK.name],
      label: labelOf(ind, lang),
      status,
      statusText: tr(status === "counted" ? "counted" : status === "shown" ? "shown" : "notSupplied", lang),
      rule: nl ? ind[IK.rule_nl] : ind[IK.rule] ?? ind[IK.rule_nl],
      source: sourceText(ind[IK.source], lang),
    };
    if (ind[IK.proxy_for]) out.proxy = tr("proxy", lang, { p: ind[IK.proxy_for] });
    if (status !== "not_supplied") out.threshold = typeof th === "number" ? `${thresholdValue(th, null, { decimals: ind[IK.decimals] }, lang)}${unit}` : tr("noThreshold", lang);
    if (status === "not_supplied") out.reason = ind[IK.not_supplied];
    // The config's descriptions are Dutch (`description`), with an English `description_en`.
    out.description = nl ? ind[IK.description] : ind[IK.description_en] ?? ind[IK.description];
    return out;
  });

  const resolution: string[] = [];
  const res = manifest[MK.resolution] ?? {};
  if (nl && res.cell_size_note_nl) resolution.push(res.cell_size_note_nl);
  if (!nl) resolution.push("The social data (such as loneliness and income) exist per neighbourhood only: within a neighbourhood, hexagons differ by the spatial indicators only. The hexagons are finer than much of the data.");
  if (typeof res.share_cells_at_buurt_mode === "number") {
    const pct = num(Math.round(res.share_cells_at_buurt_mode * 100), lang);
    resolution.push(nl ? `${pct} % van de zeshoeken met een score heeft de score die in hun buurt het vaakst voorkomt. Kijk dus vooral naar verschillen tussen buurten; verschillen binnen een buurt komen alleen van de ruimtelijke indicatoren.`
                       : `${pct} % of the scored hexagons carry their neighbourhood's most common score. So look mainly at differences between neighbourhoods; differences within one come from the spatial indicators only.`);
  }

  const details: [string, string][] = [];
  const grid = manifest.grid ?? {};
  if (grid.description) details.push([nl ? "Raster" : "Grid", grid.description]);
  if (typeof grid.cell_area_m2 === "number") details.push([nl ? "Oppervlakte van een zeshoek" : "Area of a hexagon", `${num(grid.cell_area_m2 / 10000, lang)} ha`]);
  if (grid.crs) details.push([nl ? "Coördinatenstelsel" : "Coordinate system", grid.crs]);
  if (grid.cover_rule) details.push([nl ? "Regel voor de rand" : "Edge rule", grid.cover_rule]);
  if (grid.id_scheme) details.push([nl ? "Nummering van de zeshoeken" : "Hexagon ids", grid.id_scheme]);
  const counts = manifest[MK.counts] ?? {};
  if (typeof counts.cells === "number") details.push([nl ? "Zeshoeken" : "Hexagons", num(counts.cells, lang)]);
  if (manifest.created_utc) details.push([nl ? "Berekend op (UTC)" : "Built at (UTC)", manifest.created_utc]);
  if (typeof manifest.seconds === "number") details.push([nl ? "Rekentijd van de berekening" : "Build time", `${num(manifest.seconds, lang)} s`]);
  for (const [key, label] of [["firstPaintMs", nl ? "Eerste beeld in de browser" : "First paint in the browser"],
                              ["interactiveMs", nl ? "Kaart bruikbaar na" : "Map interactive after"],
                              ["basemapMs", nl ? "Ondergrond getekend na" : "Base map drawn after"]] as const) {
    const ms = ctx.timings?.[key];
    if (typeof ms === "number" && ms > 0) details.push([label, `${num(ms, lang)} ms`]);
  }
  if (manifest.config?.path) details.push([nl ? "Instellingen" : "Settings", manifest.config.path]);
  const libs = manifest.libraries;
  if (libs && typeof libs === "object") details.push([nl ? "Bibliotheken" : "Libraries", Object.entries(libs).map(([k, v]) => `${k} ${v}`).join(", ")]);

  return {
    title: tr("title", lang),
    score: scoreText,
    threshold: thresholdText,
    indicators,
    sources: sourcesOf(manifest, lang),
    attribution: attributionOf(manifest, lang),
    resolution,
    details,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export const indicatorAnchor = (name: string) => `about-ind-${name}`;

// The dialog's content. Headings nest under the dialog's own h2; each indicator
// is an <article> that can take focus, so the ⓘ buttons can open the dialog at it.
export function aboutHtml(m: AboutModel, lang: Lang): string {
  const e = escapeHtml;
  const ps = (xs: string[]) => xs.map((x) => `<p>${e(x)}</p>`).join("");
  const dd = (term: string, value: string | undefined, attrs = "") => (value ? `<dt>${e(term)}</dt><dd${attrs}>${e(value)}</dd>` : "");
  const inds = m.indicators.map((i) => `
    <article id="${indicatorAnchor(i.name)}" class="about-indicator ${i.status}" tabindex="-1" aria-labelledby="${indicatorAnchor(i.name)}-h">
      <h4 id="${indicatorAnchor(i.name)}-h">${e(i.label)}</h4>
      <p class="about-status">${e(i.statusText)}</p>
      ${i.proxy ? `<p class="about-proxy">${e(i.proxy)}</p>` : ""}
      <dl>
        ${dd(tr("rule", lang), i.rule)}
        ${dd(tr("thresholdHere", lang), i.threshold)}
        ${dd(tr("source", lang), i.source)}
        ${dd(tr("reason", lang), i.reason, lang === "nl" ? "" : ' lang="nl"')}
        ${dd(tr("about", lang), i.description)}
      </dl>
    </article>`).join("");
  const sources = m.sources.map((s) => {
    const used = s.indicators.length ? s.indicators.join(", ") : tr("usedForMap", lang);
    const years = s.years.length ? ` · ${tr("year", lang)} ${s.years.join(", ")}` : "";
    return `<li><span class="about-file">${e(s.file)}</span>${e(years)} · ${e(tr("usedFor", lang))}: ${e(used)}<br><small>${e(s.attribution)}</small></li>`;
  }).join("");
  const details = m.details.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join("");
  return `
    <section aria-labelledby="about-score"><h3 id="about-score">${e(tr("scoreHead", lang))}</h3>${ps(m.score)}</section>
    <section aria-labelledby="about-threshold"><h3 id="about-threshold">${e(tr("thresholdHead", lang))}</h3>${ps(m.threshold)}</section>
    <section aria-labelledby="about-indicators"><h3 id="about-indicators">${e(tr("indicatorsHead", lang))}</h3>${inds}</section>
    <section aria-labelledby="about-resolution"><h3 id="about-resolution">${e(tr("resolutionHead", lang))}</h3>${ps(m.resolution)}</section>
    <section aria-labelledby="about-sources"><h3 id="about-sources">${e(tr("sourcesHead", lang))}</h3>
      <ul class="about-sources">${sources}</ul>
      <h4>${e(tr("attribution", lang))}</h4>
      <ul class="about-attribution">${m.attribution.map((a) => `<li>${e(a)}</li>`).join("")}</ul>
    </section>
    <details><summary>${e(tr("details", lang))}</summary><dl class="about-details">${details}</dl></details>`;
}

// An ⓘ button that opens the dialog at an indicator; any part of the app may
// place one (one click handler on the document serves them all).
export function infoButton(name: string, label: string, lang: Lang): string {
  const text = escapeHtml(tr("infoAbout", lang, { x: label }));
  return `<button type="button" class="info" data-about="${escapeHtml(name)}" aria-label="${text}" title="${text}">i</button>`;
}

// Beside the map: every indicator with what it does for the score and its ⓘ.
export function indicatorListHtml(manifest: Manifest, lang: Lang): string {
  const short: Record<IndicatorStatus, TextKey> = { counted: "countedShort", shown: "shownShort", not_supplied: "notSuppliedShort" };
  const items = indicatorsOf(manifest).map((ind) => {
    const label = labelOf(ind, lang);
    const status = statusOf(ind);
    return `<li class="${status}">${escapeHtml(label)} <span class="about-short">(${escapeHtml(tr(short[status], lang))})</span> ${infoButton(ind[IK.name], label, lang)}</li>`;
  });
  return `<h2 id="about-list-title">${escapeHtml(tr("listHead", lang))}</h2><ul aria-labelledby="about-list-title">${items.join("")}</ul>`;
}

export interface About {
  open(indicator?: string): void;
  refresh(): void; // after a language switch
}

// The dialog, its "Over deze kaart" button and every ⓘ: wired once.
export function installAbout(manifest: Manifest, ctx: () => AboutContext, lang: () => Lang): About {
  const dialog = document.createElement("dialog");
  dialog.id = "about";
  dialog.setAttribute("aria-labelledby", "about-title");
  document.body.append(dialog);
  // The header's button and the ⓘ beside the colour picker (index.html); the list beside the map.
  const labelButtons = () => {
    const l = lang();
    const opener = document.getElementById("about-open");
    if (opener) opener.textContent = tr("openButton", l);
    const colourInfo = document.getElementById("colour-info");
    if (colourInfo) {
      colourInfo.setAttribute("aria-label", tr("colourInfo", l));
      colourInfo.title = tr("colourInfo", l);
    }
    const list = document.getElementById("about-list");
    if (list) list.innerHTML = indicatorListHtml(manifest, l);
  };
  labelButtons();
  const fill = () => {
    const l = lang();
    const m = aboutModel(manifest, ctx(), l);
    dialog.lang = l;
    dialog.innerHTML = `
      <div class="about-head">
        <h2 id="about-title">${escapeHtml(m.title)}</h2>
        <form method="dialog"><button type="submit" class="about-close">${escapeHtml(tr("close", l))}</button></form>
      </div>
      <div class="about-body">${aboutHtml(m, l)}</div>`;
  };
  let opener: HTMLElement | null = null;
  const open = (indicator?: string) => {
    opener = document.activeElement as HTMLElement | null;
    fill(); // fresh: the timings and the language may have changed
    if (!dialog.open) dialog.showModal();
    const target = indicator ? dialog.querySelector<HTMLElement>(`#${CSS.escape(indicatorAnchor(indicator))}`) : null;
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "start" });
    } else {
      dialog.querySelector<HTMLElement>(".about-body")!.scrollTop = 0;
      dialog.querySelector<HTMLElement>(".about-close")!.focus();
    }
  };
  dialog.addEventListener("close", () => opener?.focus?.());
  // Escape closes the dialog only: the map's own Escape (which clears the panel) must not fire too.
  dialog.addEventListener("keydown", (e) => e.key === "Escape" && e.stopPropagation());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener("click", (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
  });
  document.addEventListener("click", (e) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>("[data-about]");
    if (!el) return;
    // The ⓘ beside the colour picker follows the picker: an indicator's flag or value layer, or the score.
    const picked = el.id === "colour-info" ? (document.getElementById("colour") as HTMLSelectElement | null)?.value.replace(/^val:/, "") : undefined;
    open(picked ?? (el.dataset.about || undefined));
  });
  return {
    open,
    refresh: () => {
      labelButtons();
      if (dialog.open) fill();
    },
  };
}
