// End-to-end test of the Leefplekmeter in the build's map: `leefkaart build`
// of the real Utrecht data, served with an empty register (`leefkaart serve
// --store`). A buurt's panel says "geen Leefplekmeter"; a walking group of
// five enters its form through the web form, one theme at a time, by keyboard
// and clicks (a refused date is named beside its field first); after saving,
// the buurt's panel shows the wheel and, on the natuur-en-groen spoke, the
// build's distance-to-green indicator beside it, in the same section. axe-core
// finds no serious or critical violation in the form and the panel. "Waar
// eerst?" lists the buurt with its lowest theme and n. The buurt's walk pack
// (`leefkaart survey walkpack`) prints on A4 with the blank wheel.
//   node e2e/survey.mjs --leefkaart BIN --config presets/utrecht.toml --web web/dist --out DIR [--data DIR]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { commonArgs, check, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const build = JSON.parse(fs.readFileSync(path.join(repo, "schema/build.json"), "utf8"));
const survey = JSON.parse(fs.readFileSync(path.join(repo, "schema/survey.json"), "utf8"));
const api = (key, code = "") => survey.api[key].replace("{code}", code).slice(1); // relative to the app's address
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const lpm = survey.theme_sets["leefplekmeter-2018"];

const { bin, config, data, out, web } = commonArgs();
const work = path.join(out, "e2e-survey");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

// 1. A build of the real data, and an empty register beside it.
const buildDir = path.join(work, "build");
const made = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
check(made.status === 0, "leefkaart build on the real data", made.status === 0 ? "" : made.stderr.slice(-400));
if (made.status !== 0) finish();
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));
const groen = manifest.indicators.find((i) => i.name === "afstand_groen");
if (!groen) throw new Error("the Utrecht build has no indicator afstand_groen");
const A = build.area_fields;
const buurten = JSON.parse(fs.readFileSync(path.join(buildDir, "buurten.geojson"), "utf8")).features;
// A scored buurt in the middle of the list.
const scored = buurten.filter((f) => typeof f.properties[A.mean_score] === "number");
const buurt = scored[Math.floor(scored.length / 2)];
const code = buurt.properties[A.code];
const name = buurt.properties[A.name];
const store = path.join(work, "register.sqlite");

async function axe(page, include) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate((ctx) => window.axe.run(ctx, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }), include);
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(" ")}`));
}

// The scores the group gives: low on green, the rest between 6 and 8.
const scoreOf = (theme, i) => (theme === "natuur_en_groen" ? 3 : 6 + (i % 3));

const port = await freePort();
const server = startServe(bin, buildDir, port, web, ["--store", store]);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
try {
  const { browser, page, errors } = await openApp(base);
  check(errors.length === 0, "the map opens without errors", errors.join("; "));
  await page.selectOption("#level", "buurten");
  await page.fill("#search", `${name} (${code})`);
  await page.press("#search", "Enter");
  await page.waitForFunction((c) => document.getElementById("panel-title")?.textContent?.includes(c), code, { timeout: 15000 });
  await page.waitForSelector("#survey-body p, #survey-body h3", { timeout: 15000 });
  const before = await page.textContent("#survey");
  check(before.includes("Beleving (Leefplekmeter)") && (await page.textContent("#survey-none")) === survey.wheels.none &&
        (await page.$("#survey-wheel-chart")) === null,
        "a buurt without forms says 'geen Leefplekmeter', never an empty wheel", before.slice(0, 200));

  // 2. "Leefplekmeter invullen", opened by keyboard: the focus on the first theme.
  await page.focus("#survey-open");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#survey-form");
  check(await page.evaluate(() => document.activeElement?.id === "survey-step-title"), "the form opens with the focus on the first theme");
  check((await page.textContent("#survey-step-title")).includes(`1 van 14: ${lpm.themes[0].nl}`) &&
        (await page.textContent("#survey-question")) === lpm.themes[0].question.standaard,
        "one theme at a time, with the Leefplekmeter's question", await page.textContent("#survey-step-title"));
  const buttons = await page.$$eval("#survey-step .scores button", (bs) => bs.map((b) => ({ text: b.textContent, w: b.getBoundingClientRect().width, h: b.getBoundingClientRect().height })));
  check(buttons.length === 10 && buttons[0].text === "1" && buttons[9].text === "10" && buttons.every((b) => b.w >= 44 && b.h >= 44),
        "ten score buttons of at least 44 by 44 pixels (a finger on a tablet)", JSON.stringify(buttons.slice(0, 2)));
  const formViolations = await axe(page, { include: [["#survey"]] });
  check(formViolations.length === 0, "axe-core: no serious or critical violations in the form", formViolations.join("; "));

  // Who fills it in: a walking group of five (the wheel needs at least five people).
  await page.click("#survey-meta summary");
  await page.selectOption("#survey-kind", "groep");
  await page.fill("#survey-people", "5");
  await page.dispatchEvent("#survey-people", "change");
  await page.selectOption("#survey-variant", "b1");
  check((await page.textContent("#survey-question")) === lpm.themes[0].question.b1, "the B1 variant asks its own wording", await page.textContent("#survey-question"));
  await page.selectOption("#survey-rol", "bewoner");

  // The fourteen themes: the first few by keyboard alone, the rest with clicks.
  for (let i = 0; i < lpm.themes.length; ++i) {
    const theme = lpm.themes[i].code;
    await page.waitForFunction((t) => document.getElementById("survey-step")?.dataset.theme === t, theme, { timeout: 5000 });
    const score = scoreOf(theme, i);
    if (i < 3) {
      await page.focus(`#survey-score-${score}`);
      await page.keyboard.press("Space");
      if (theme === "bewegen") {
        await page.focus("#survey-good");
        await page.keyboard.type("Brede stoepen langs de singel");
      }
      await page.focus("#survey-next");
      await page.keyboard.press("Enter");
    } else {
      await page.click(`#survey-score-${score}`);
      if (i < lpm.themes.length - 1) await page.click("#survey-next");
    }
  }
  const progress = await page.textContent("#survey-progress");
  check(progress.startsWith("14 van 14"), "all fourteen themes scored", progress);
  // "Vorige" goes back and keeps what was chosen.
  await page.click("#survey-prev");
  const kept = await page.getAttribute(`#survey-score-${scoreOf(lpm.themes[12].code, 12)}`, "aria-pressed");
  check(kept === "true", "'Vorige' returns to the previous theme with its score kept", kept);

  // 3. A date the server refuses: its message beside the date field, in the alert.
  await page.fill("#survey-date", "");
  await page.dispatchEvent("#survey-date", "change");
  await page.click("#survey-save");
  await page.waitForFunction(() => document.getElementById("survey-form-error")?.textContent, null, { timeout: 10000 });
  const alert = await page.textContent("#survey-form-error");
  check(/^Niet opgeslagen: Datum/.test(alert) && (await page.getAttribute("#survey-date", "aria-invalid")) === "true" &&
        (await page.getAttribute("#survey-form-error", "role")) === "alert" && !(await page.isHidden("#survey-date-error")),
        "a refused date: the server's Dutch message beside the date field and in an alert", alert);
  check((await (await fetch(base + api("area", code))).json()).wheels.length === 0, "nothing is stored from the refused form");
  const errorViolations = await axe(page, { include: [["#survey"]] });
  check(errorViolations.length === 0, "axe-core: no serious or critical violations in the form with its error", errorViolations.join("; "));
  const today = new Date().toISOString().slice(0, 10);
  await page.fill("#survey-date", today);
  await page.dispatchEvent("#survey-date", "change");

  // 4. Saved: the panel shows the wheel, with the distance to green beside the green spoke.
  await page.focus("#survey-save");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^Opgeslagen/.test(document.getElementById("survey-status")?.textContent ?? "") ||
                                   document.getElementById("survey-form-error")?.textContent, null, { timeout: 15000 });
  const refused = await page.evaluate(() => document.getElementById("survey-form-error")?.textContent ?? "");
  check(!refused, "the form is saved", refused);
  if (refused) finish();
  await page.waitForSelector("#survey-wheel-chart svg path", { timeout: 15000 });
  const stored = await (await fetch(base + api("area", code))).json();
  const wheel = stored.wheels.find((w) => !w.group.attribute);
  check(wheel && wheel.people === 5 && !wheel.hidden_reason && wheel.themes.find((t) => t.theme === "natuur_en_groen").mean === 3 &&
        wheel.round === today.slice(0, 4),
        "the form is stored: the buurt's wheel of five people, green scored 3", JSON.stringify(wheel?.themes?.slice(0, 2)));
  const debugWheel = await page.evaluate(() => window.__leefkaart.surveyWheel);
  check(debugWheel?.area === code && debugWheel.means.length === 14, "the radar draws the fourteen spokes", JSON.stringify(debugWheel));
  const rows = await page.$$eval("#survey-wheel-table tbody tr", (trs) => trs.map((tr) => tr.dataset.theme));
  check(rows.length === 14, "the wheel's text alternative: a table with a row per theme", String(rows.length));
  const green = await page.textContent('#survey-wheel-table tr[data-theme="natuur_en_groen"]');
  const greenValue = buurt.properties[build.area_fields.value.replace("{name}", "afstand_groen")];
  check(green.includes("Natuur en groen") && green.includes("3,0") && green.includes(groen.label) &&
        (typeof greenValue === "number" || green.includes("niet aangeleverd")),
        "beside the green spoke, in the same section: the distance-to-green indicator (its value, or why there is none)", green);
  const besideInSection = await page.evaluate(() => {
    const chart = document.getElementById("survey-wheel-chart");
    const line = document.querySelector('#survey-wheel-table [data-indicator="afstand_groen"]');
    return !!chart && !!line && chart.closest("section")?.id === "survey" && line.closest("section")?.id === "survey" &&
      chart.getBoundingClientRect().height > 100 && line.getBoundingClientRect().height > 0;
  });
  check(besideInSection, "the wheel and the distance-to-green line are both visible in the Beleving section");
  const safe = await page.textContent('#survey-wheel-table tr[data-theme="veiligheid"]');
  check(safe.includes(survey.indicator_map.none_reason), "veiligheid says it has no indicator yet", safe);
  check(await page.evaluate(() => document.activeElement?.id === "survey-open"), "after saving, the focus returns to 'Leefplekmeter invullen'");
  const groups = await page.textContent("#survey-body");
  check(groups.includes("rol: bewoner"), "the group of residents is listed beside everyone's wheel", groups.slice(0, 300));
  await page.evaluate(() => document.getElementById("survey-title").scrollIntoView());
  await page.screenshot({ path: path.join(out, "e2e-survey-panel.png") });
  const panelViolations = await axe(page, { include: [["#survey"]] });
  check(panelViolations.length === 0, "axe-core: no serious or critical violations in the panel with its wheel", panelViolations.join("; "));

  // 5. "Waar eerst?": the buurt with its hexagon score, lowest theme and n.
  await page.click("#priority-details summary");
  const row = await page.textContent(`#priority-table tr[data-code="${code}"]`);
  check(row.includes(name) && row.includes("Natuur en groen") && /\b5$/.test(row.trim()),
        "'Waar eerst?' lists the buurt with its lowest theme and n", row);
  const priorityViolations = await axe(page, { include: [["#priority"]] });
  check(priorityViolations.length === 0, "axe-core: no serious or critical violations in 'Waar eerst?'", priorityViolations.join("; "));
  // English, as a switch: the section and its wheel in the other language.
  await page.click("#lang");
  await page.waitForFunction(() => document.getElementById("survey-title")?.textContent === "Lived experience (Place Standard)", null, { timeout: 10000 })
    .catch(() => {});
  await page.waitForSelector("#survey-wheel-chart svg path", { timeout: 15000 }).catch(() => {});
  const english = await page.textContent("#survey");
  check(english.includes("Lived experience (Place Standard)") && english.includes("Natural space") && (await page.$("#survey-wheel-chart svg path")) !== null,
        "in English the section, its themes and its wheel follow", english.slice(0, 120));
  check(errors.length === 0, "no errors in the page", errors.join("; "));

  // 6. The walk pack for the same buurt prints on A4 with the blank wheel.
  {
    const packDir = path.join(work, "wandelpakket");
    const packRun = spawnSync(bin, ["-q", "survey", "walkpack", "--store", store, "--area", code, "--out", packDir, "--build", buildDir],
                              { encoding: "utf8" });
    check(packRun.status === 0, "leefkaart survey walkpack for the buurt", packRun.status === 0 ? "" : packRun.stderr.slice(-400));
    const html = path.join(packDir, survey.outputs.walkpack);
    if (packRun.status === 0 && fs.existsSync(html)) {
      const printPage = await browser.newPage();
      await printPage.goto(pathToFileURL(path.resolve(html)).href);
      const blank = await printPage.$$eval("svg", (svgs) => svgs.filter((s) => s.querySelectorAll("line, path, polygon, circle").length >= 14).length);
      check(blank >= 1, "the walk pack holds the blank wheel as SVG", String(blank));
      const pdf = await printPage.pdf({ format: "A4", printBackground: true });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      fs.writeFileSync(path.join(out, "e2e-survey-wandelpakket.pdf"), pdf);
      check(pdf.subarray(0, 5).toString() === "%PDF-" && pages >= 1, "the walk pack prints on A4", `${pages} pages`);
    } else check(false, "the walk pack writes its HTML", html);
  }
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
