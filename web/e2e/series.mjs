// End-to-end test of the map in time: `leefkaart series` on the real Utrecht
// data (presets/utrecht_reeks.toml), served and opened in Debian's Chromium.
//   node e2e/series.mjs --leefkaart BIN --config presets/utrecht_reeks.toml --out DIR
//                       [--programme presets/utrecht_krachtwijken.toml]
// (--series DIR serves a series folder made before instead of running the command.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { arg, commonArgs, check, checkFirstPaint, checkOffline, clickCell, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema/series.json"), "utf8"));
const field = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

const { bin, config, data, out, web } = commonArgs("utrecht_reeks.toml");
fs.mkdirSync(out, { recursive: true });

// 1. A series of the real data.
let seriesDir = arg("series", "");
if (!seriesDir) {
  seriesDir = path.join(out, "e2e-series");
  // A fresh folder: an earlier series there is a frozen baseline, which this test does not exercise.
  fs.rmSync(seriesDir, { recursive: true, force: true });
  const run = spawnSync(bin, ["-q", "series", "--config", config, "--out", seriesDir, "--data", data], { encoding: "utf8" });
  check(run.status === 0, "leefkaart series on the real data", run.status === 0 ? "" : run.stderr.slice(-400));
  if (run.status !== 0) finish();
}
const manifest = JSON.parse(fs.readFileSync(path.join(seriesDir, "manifest.json"), "utf8"));
const keys = schema.manifest_keys;
const years = [...manifest[keys.years]].sort((a, b) => a - b);
const base = manifest[keys.base_year];
const last = years[years.length - 1];
const comparableOverTime = manifest[keys.thresholds]?.comparable_over_time !== false;
const layerOf = (name) => JSON.parse(fs.readFileSync(path.join(seriesDir, `${name}.geojson`), "utf8"));
const cellsOnDisk = layerOf("cells").features;
const buurtenOnDisk = layerOf("buurten").features;

// A programme: its focus and control buurten outlined (those on the map; the
// controls elsewhere listed), and its comparison as a table with n and warnings.
async function checkProgramme(page, manifest, base, buurten) {
  const programme = manifest[keys.programme];
  const onMap = new Set(buurten.map((f) => f.properties.code));
  const expected = {
    focus: programme.focus.filter((c) => onMap.has(c)).length,
    controlsOnMap: programme.controls.filter((c) => onMap.has(c)).length,
    controlsElsewhere: programme.controls.filter((c) => !onMap.has(c)).length,
  };
  const shown = await page.evaluate(() => window.__leefkaart.series.programme);
  check(JSON.stringify(shown) === JSON.stringify(expected) && expected.focus > 0,
        "the programme's focus and control buurten are outlined, the controls elsewhere listed", JSON.stringify(shown));
  const listed = await page.$$eval("#controls-elsewhere li", (lis) => lis.length);
  check(listed === expected.controlsElsewhere, "the controls elsewhere in the country are listed", `${listed} of ${expected.controlsElsewhere}`);
  const rows = await (await fetch(base + "api/series/programme_comparison")).json();
  await page.waitForSelector("#table-programme_comparison", { timeout: 10000 }).catch(() => {});
  const table = await page.$$eval("#table-programme_comparison tbody tr", (trs) => trs.length);
  const header = await page.$$eval("#table-programme_comparison th", (ths) => ths.map((th) => th.textContent).join("|"));
  check(table === rows.length && rows.length > 0 && /\bn\b/.test(header), "the comparison is a table with its n", `${table} of ${rows.length} rows; ${header}`);
}

// With --programme CONFIG (a series whose config has a [programme]), that series is checked too.
async function programmeRun() {
  const programmeConfig = arg("programme", "");
  if (!programmeConfig) return;
  if (!fs.existsSync(programmeConfig)) {
    console.log(`(not checked: ${programmeConfig} does not exist yet)`);
    return;
  }
  const dir = path.join(out, "e2e-series-programme");
  fs.rmSync(dir, { recursive: true, force: true });
  const run = spawnSync(bin, ["-q", "series", "--config", programmeConfig, "--out", dir, "--data", data], { encoding: "utf8" });
  check(run.status === 0, `leefkaart series on ${path.basename(programmeConfig)}`, run.status === 0 ? "" : run.stderr.slice(-400));
  if (run.status !== 0) return;
  const programmeManifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  check(!!programmeManifest[keys.programme], "its manifest describes the programme");
  if (!programmeManifest[keys.programme]) return;
  const port = await freePort();
  const server = startServe(bin, dir, port, web);
  await server.ready;
  try {
    const { browser, page, errors } = await openApp(`http://127.0.0.1:${port}/`);
    check(errors.length === 0, "the programme's series opens without errors", errors.join("; "));
    await checkProgramme(page, programmeManifest, `http://127.0.0.1:${port}/`,
                         JSON.parse(fs.readFileSync(path.join(dir, "buurten.geojson"), "utf8")).features);
    await page.screenshot({ path: path.join(out, "e2e-series-programme.png") });
    await browser.close();
  } finally {
    await stopServe(server);
  }
}

const port = await freePort();
const server = startServe(bin, seriesDir, port, web);
await server.ready;
const base_ = `http://127.0.0.1:${port}/`;
try {
  // 2. The API of a series.
  const view = await (await fetch(base_ + "api/view")).json();
  // The named areas' layer only when the series has them.
  const layers = schema.layers.filter((l) => l !== schema.named_areas_layer || fs.existsSync(path.join(seriesDir, `${l}.geojson`)));
  check(view.kind === "series" && view.paint_field === field(schema.cell_fields.score, { year: last }) && view.layers.join() === layers.join(),
        "the view: a series, first painted by the score of its last year", JSON.stringify(view));
  const trends = await (await fetch(base_ + "api/series/trends")).json();
  const trendLines = fs.readFileSync(path.join(seriesDir, schema.csv.trends), "utf8").trim().split("\n").length - 1;
  check(Array.isArray(trends) && trends.length === trendLines, "trends.csv is served as JSON rows", `${trends.length} of ${trendLines}`);
  const comparison = await fetch(base_ + "api/series/programme_comparison");
  check(manifest[keys.programme] ? comparison.status === 200 : comparison.status === 404 && /has no programme_comparison\.csv/.test((await comparison.json()).error),
        "the programme comparison is served when the config has a programme, else 404 saying so", String(comparison.status));

  // 3. The map.
  const { browser, page, outside, errors } = await openApp(base_);
  const state = await page.evaluate(() => window.__leefkaart);
  await checkFirstPaint(page, state, errors, cellsOnDisk.length);
  check((await page.textContent("#title")) === "Gezondheidskaart in de tijd", "the title says it is the map in time");
  const slider = await page.$("#year");
  check(slider && (await page.getAttribute("#year", "aria-valuetext")) === String(last) && (await page.textContent("label:has(#year)")).includes("Jaar"),
        "a labelled year slider, at the last year", await page.getAttribute("#year", "aria-valuetext"));

  // The change map: every cell drawn in a change class, lighter where better.
  await page.selectOption("#colour", "change");
  await page.waitForFunction(() => window.__leefkaart.series?.colourBy === "change", null, { timeout: 10000 }).catch(() => {});
  const classesOf = () => page.evaluate(() => ({ ...window.__leefkaart.series.classes }));
  const atLast = await classesOf();
  const drawn = Object.values(atLast).reduce((s, n) => s + n, 0);
  const changed = ["much_better", "better", "same", "worse", "much_worse"].reduce((s, c) => s + (atLast[c] ?? 0), 0);
  check(drawn === cellsOnDisk.length && changed > 0, "the change map draws every cell in a change class", JSON.stringify(atLast));
  const expectNotComparable = cellsOnDisk.filter((f) => [0, false].includes(f.properties[field(schema.cell_fields.comparable, { year: last })])).length;
  check((atLast.not_comparable ?? 0) === expectNotComparable, "cells not comparable are drawn apart (hatched)", `${atLast.not_comparable ?? 0} of ${expectNotComparable}`);
  const legend = await page.textContent("#legend");
  check(legend.includes(`Verandering van de score ten opzichte van ${base}`) && legend.includes("niet vergelijkbaar") &&
        (comparableOverTime || legend.includes("niet vergelijkbaar in de tijd")),
        "the legend explains the change and what cannot be compared", legend.slice(0, 160));
  const mapBefore = await page.locator("#map").screenshot();
  await page.screenshot({ path: path.join(out, "e2e-series-change.png") });

  // The year slider, by keyboard: one year back redraws the map.
  await page.focus("#year");
  await page.keyboard.press("ArrowLeft");
  const previous = years[years.length - 2];
  await page.waitForFunction((y) => window.__leefkaart.series?.year === y, previous, { timeout: 10000 }).catch(() => {});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const atPrevious = await classesOf();
  const mapAfter = await page.locator("#map").screenshot();
  check((await page.getAttribute("#year", "aria-valuetext")) === String(previous) && (await page.textContent("#year-value")) === String(previous),
        "the arrow key moves the year slider one year back", await page.getAttribute("#year", "aria-valuetext"));
  check(JSON.stringify(atPrevious) !== JSON.stringify(atLast) || !mapBefore.equals(mapAfter),
        "the year slider changes the map", `${JSON.stringify(atLast)} → ${JSON.stringify(atPrevious)}`);
  await page.keyboard.press("End");
  await page.waitForFunction((y) => window.__leefkaart.series?.year === y, last, { timeout: 10000 }).catch(() => {});

  // A cell: its scores per year, and the indicators that flipped; a cell not comparable says why.
  const flips = field(schema.cell_fields.flips, { year: last });
  const flipped = cellsOnDisk.filter((f) => typeof f.properties[flips] === "string" && f.properties[flips]);
  if (flipped.length) {
    const cell = flipped[Math.floor(flipped.length / 2)];
    const clicks = await clickCell(page, cell);
    const panel = await page.textContent("#panel");
    check(panel.startsWith("Zeshoek in ") && !panel.includes(cell.properties.cell_id) && panel.includes("Indicatoren die omsloegen") && /[01] → [01]/.test(panel),
          "a cell's panel lists the indicators that flipped", `${panel.slice(0, 200)} (after ${clicks} click(s))`);
  } else check(false, "a cell whose indicators flipped in the last year", "none in the series");
  const reasonField = field(schema.cell_fields.not_comparable_reason, { year: last });
  const notComparable = cellsOnDisk.filter((f) => typeof f.properties[reasonField] === "string" && f.properties[reasonField]);
  if (notComparable.length) {
    const cell = notComparable[Math.floor(notComparable.length / 2)];
    await clickCell(page, cell);
    const panel = await page.textContent("#panel");
    check(panel.includes("niet vergelijkbaar") && panel.includes(cell.properties[reasonField]), "a cell not comparable gives its reason in the panel", panel.slice(0, 200));
  }

  // A buurt's trend: mean score per year, a missing year a gap.
  await page.selectOption("#level", "buurten");
  await page.waitForFunction(() => window.__leefkaart.level === "buurten", null, { timeout: 10000 }).catch(() => {});
  const meanOf = (f, y) => f.properties[field(schema.area_fields.mean_score, { year: y })];
  const withTrend = buurtenOnDisk.filter((f) => years.filter((y) => typeof meanOf(f, y) === "number").length >= 2);
  const buurt = withTrend.find((f) => years.some((y) => meanOf(f, y) === null)) ?? withTrend[0];
  if (!buurt) throw new Error("no buurt of the series has a mean score in two years or more");
  const values = years.filter((y) => typeof meanOf(buurt, y) === "number").length;
  await page.fill("#search", `${buurt.properties.naam} (${buurt.properties.code})`); // as the list offers it: by code
  await page.press("#search", "Enter");
  await page.waitForFunction((code) => window.__leefkaart.series?.trend?.code === code, buurt.properties.code, { timeout: 15000 }).catch(() => {});
  const trend = await page.evaluate(() => window.__leefkaart.series.trend);
  const chartShown = await page.isVisible("#chart canvas");
  check(trend?.points === values && trend.gaps === years.length - values && chartShown,
        "a buurt's trend chart shows its mean score per year, missing years as gaps", `${buurt.properties.naam}: ${JSON.stringify(trend)}, chart visible: ${chartShown}`);
  const chartLabel = await page.getAttribute("#chart", "aria-label");
  check(years.every((y) => chartLabel.includes(String(y))), "the chart has a text alternative with every year", chartLabel);
  await page.screenshot({ path: path.join(out, "e2e-series-trend.png") });
  // Served without --store: nothing of the learning register shows, and nothing fails for it.
  check(await page.isHidden("#register") && (await fetch(base_ + "api/register")).status === 404,
        "without a register the panel shows nothing of it (api/register answers 404)");

  // The named areas of [series.areas], when the series has them, are a level of their own.
  if (view.layers.includes(schema.named_areas_layer)) {
    const named = layerOf(schema.named_areas_layer).features.length;
    await page.selectOption("#level", "named");
    await page.waitForFunction(() => window.__leefkaart.level === "named", null, { timeout: 10000 }).catch(() => {});
    const drawn = await page.evaluate(() => (window.__leefkaart.level === "named" ? window.__leefkaart.rendered : -1));
    check(drawn === named && named > 0, "the named areas are drawn as a level", `${drawn} of ${named}`);
    await page.selectOption("#level", "buurten");
  }

  if (manifest[keys.programme]) await checkProgramme(page, manifest, base_, buurtenOnDisk);

  // Accessibility: axe-core finds no violation (WCAG 2.1 A and AA).
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ content: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
      .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`));
  check(violations.length === 0, "axe-core finds no WCAG 2.1 AA violation", violations.join(" | "));

  // English.
  await page.click("#lang");
  const english = await page.textContent("#legend");
  check((await page.textContent("#title")) === "Health map over time" && english.includes("Change of the score compared with"), "the English switch translates the map in time", english.slice(0, 80));
  await checkOffline(page, outside);
  await browser.close();
} finally {
  await stopServe(server);
}
await programmeRun();
finish();
