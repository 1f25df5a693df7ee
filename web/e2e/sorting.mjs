// End-to-end test of the sorting monitor: `leefkaart sorting` of
// presets/utrecht_regio_uitsortering.toml on the real data, served and opened
// in Debian's Chromium. The early-warning buurten are drawn and listed with
// the reason per criterion, the zones drawn and named, a buurt's panel gives
// its shares, change and place in the region, the neutral text is in view and
// axe-core finds no serious or critical violation. Run by ctest (web/tests.cmake: web.e2e.sorting).
//   node e2e/sorting.mjs --leefkaart BIN --config presets/utrecht_regio_uitsortering.toml --web web/dist --out DIR [--data DIR]
// (--sorting DIR serves a sorting folder made before instead of running the command.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { arg, axe, check, checkOffline, commonArgs, finish, freePort, openApp, repo, screenPointOf, startServe, stopServe } from "./lib.mjs";

const { bin, config, data, out, web } = commonArgs("utrecht_regio_uitsortering.toml");
fs.mkdirSync(out, { recursive: true });
const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema/sorting.json"), "utf8"));
const B = schema.buurt_fields;
const fill = (pattern, values = {}) => pattern.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

// 1. A sorting monitor of the Utrecht region.
let dir = arg("sorting", "");
if (!dir) {
  check(fs.existsSync(config), "the regional sorting preset exists", config);
  if (!fs.existsSync(config)) finish();
  dir = path.join(out, "e2e-sorting");
  fs.rmSync(dir, { recursive: true, force: true });
  const run = spawnSync(bin, ["-q", schema.command, "--config", config, "--out", dir, "--data", data], { encoding: "utf8" });
  check(run.status === 0, "leefkaart sorting on the real data", run.status === 0 ? "" : run.stderr.slice(-400));
  if (run.status !== 0) finish();
}
const layerOf = (name) => JSON.parse(fs.readFileSync(path.join(dir, `${name}.geojson`), "utf8")).features;
const buurten = layerOf(schema.layers.buurten);
const zones = layerOf(schema.layers.zones);
const warnings = layerOf(schema.layers.early_warning);
check(fs.existsSync(path.join(dir, schema.csv.early_warning)), `${schema.csv.early_warning} is written beside the layers`);
const reasonsOf = (p) => Object.keys(schema.early_warning_criteria).filter((c) => {
  const r = p[fill(B.reason, { criterion: c })];
  return r !== null && r !== undefined && r !== "" && r !== false && r !== 0;
});

const port = await freePort();
const server = startServe(bin, dir, port, web);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
try {
  // 2. The API of a sorting monitor.
  const view = await (await fetch(base + "api/view")).json();
  check(view.kind === schema.command && view.paint_layer === schema.layers.buurten && Object.values(schema.layers).every((l) => view.layers.includes(l)),
        "the view: a sorting monitor, first painted by its buurten", JSON.stringify(view));
  const rows = await (await fetch(base + "api/sorting/early_warning")).json();
  check(Array.isArray(rows) && rows.length === warnings.length, "early_warning.csv is served as JSON rows, one per early-warning buurt", `${rows.length} of ${warnings.length}`);

  // 3. The map.
  const { browser, page, outside, errors } = await openApp(base);
  const state = await page.evaluate(() => window.__leefkaart);
  check(!state.error && errors.length === 0, "the app starts without errors", state.error ?? errors.join("; "));
  check(state.previewRendered === buurten.length && state.rendered === buurten.length, "the first paint and the map draw every buurt",
        `${state.previewRendered}, ${state.rendered} of ${buurten.length}`);
  check((await page.textContent("#title")) === "Uitsortering in de regio", "the title says what the map is");
  check((await page.textContent("#neutral-text")) === schema.neutral_text.nl && (await page.isVisible("#neutral-text")),
        "the neutral text is in view: composition beside health, no cause");
  const sorting = await page.evaluate(() => window.__leefkaart.sorting);
  check(sorting.warningsDrawn === warnings.length, "the early-warning layer is drawn", `${sorting.warningsDrawn} of ${warnings.length}`);
  check(/procentpunt/.test(await page.textContent("#legend")), "the change legend says its unit: procentpunt", (await page.textContent("#legend")).slice(0, 120));

  // The early-warning list: every buurt with its reason per criterion, in Dutch.
  const listed = await page.$$eval("#warning-list > li", (lis) => lis.map((li) => ({
    code: li.querySelector("button")?.dataset.buurt, criteria: [...li.querySelectorAll("li[data-criterion]")].map((c) => [c.dataset.criterion, c.textContent]),
  })));
  const rightReasons = warnings.every((w) => {
    const item = listed.find((l) => l.code === w.properties[B.code]);
    const expected = reasonsOf(w.properties);
    return item && item.criteria.length === expected.length &&
      item.criteria.every(([c, text]) => expected.includes(c) && text.startsWith(schema.early_warning_criteria[c].nl));
  });
  check(listed.length === warnings.length && rightReasons, "the early-warning buurten are listed with the reason per criterion",
        listed.slice(0, 2).map((l) => `${l.code}: ${l.criteria.map(([, t]) => t).join("; ")}`).join(" | "));
  if (!warnings.length) console.log("(no early-warning buurt in this run: the list says so)");

  // The zones: drawn, named on the map and in the zone table.
  const zoneNames = zones.map((z) => z.properties[schema.zone_fields.name] ?? schema.zones[z.properties[schema.zone_fields.zone]]?.nl);
  check(zones.length > 0 && zoneNames.every((n) => sorting.zonesNamed.includes(n)), "the zones are drawn and named on the map", sorting.zonesNamed.join(", "));
  const zoneRows = await page.$$eval(".zone-table tbody th", (ths) => ths.map((th) => th.textContent));
  check(zoneNames.every((n) => zoneRows.includes(n)), "the zone table names every zone", zoneRows.slice(0, 6).join(", "));
  check(/Segregatie-index van Duncan/.test(await page.textContent("#measures")), "the measures are defined on the page");
  await page.screenshot({ path: path.join(out, "e2e-sorting.png") });

  // 4. A click on the map opens a buurt (a few tries: a ring's mean may fall outside a concave buurt).
  let clicked = null;
  const box = await page.evaluate(() => { const r = document.getElementById("map").getBoundingClientRect(); return { x0: r.left + 60, y0: r.top + 60, x1: r.right - 60, y1: r.bottom - 60 }; });
  const candidates = [];
  // A buurt's first outer ring (buurten are often multipolygons), for its screen point.
  const outer = (f) => ({ geometry: { coordinates: [f.geometry.type === "Polygon" ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]] } });
  for (const f of buurten) {
    const at = await screenPointOf(page, outer(f));
    if (at.x > box.x0 && at.x < box.x1 && at.y > box.y0 && at.y < box.y1) candidates.push([f, at]);
    if (candidates.length === 8) break;
  }
  for (const [f] of candidates) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const at = await screenPointOf(page, outer(f));
    await page.mouse.click(at.x, at.y);
    const hit = await page.waitForFunction((c) => window.__leefkaart.selected === c, f.properties[B.code], { timeout: 3000 }).then(() => true, () => false);
    if (hit) { clicked = f; break; }
  }
  check(!!clicked, "a click on a buurt on the map opens its panel", clicked?.properties[B.name] ?? `${candidates.length} buurten on screen tried; selected: ${await page.evaluate(() => window.__leefkaart.selected)}`);

  // 5. A buurt's panel, opened from the list by keyboard (the table alternative to the map).
  const opened = warnings[0] ?? buurten[0];
  const code = opened.properties[B.code];
  const button = warnings.length ? `#warning-list button[data-buurt="${code}"]` : `#buurt-table button[data-buurt="${code}"]`;
  if (!warnings.length) await page.click("#buurt-table summary");
  await page.focus(button);
  await page.keyboard.press("Enter");
  await page.waitForFunction((c) => window.__leefkaart.selected === c, code, { timeout: 10000 }).catch(() => {});
  const panel = await page.textContent("#panel");
  check(panel.includes(opened.properties[B.name]) && panel.includes("Zone") && /%/.test(panel) && /procentpunt/.test(panel),
        "a buurt's panel: its name, zone, shares per year and change", panel.slice(0, 200));
  if (warnings.length)
    check(reasonsOf(opened.properties).every((c) => panel.includes(schema.early_warning_criteria[c].nl)), "the panel gives the early signal's reasons",
          (await page.textContent("#panel-warning").catch(() => "")).slice(0, 200));
  check(await page.evaluate(() => document.activeElement?.id === "panel-title"), "the keyboard goes on to the opened buurt's panel");
  const panelViolations = await axe(page, { include: [["#panel"]] });
  check(panelViolations.length === 0, "axe-core: no serious or critical violations in the open panel", panelViolations.join("; "));

  // 6. A share in a year, and the hot spots.
  const options = await page.$$eval("#colour option", (os) => os.map((o) => o.value));
  const shareOption = options.find((o) => o.startsWith("share:"));
  if (shareOption) {
    await page.selectOption("#colour", shareOption);
    await page.waitForFunction((o) => window.__leefkaart.sorting.colourBy === o, shareOption, { timeout: 5000 }).catch(() => {});
    check(/ %/.test(await page.textContent("#legend")), "a share map's legend is in %", (await page.textContent("#legend")).slice(0, 120));
  }
  if (!(await page.isDisabled("#hotspots"))) {
    await page.check("#hotspots");
    await page.waitForFunction(() => /Concentraties/.test(document.getElementById("legend").textContent), null, { timeout: 5000 }).catch(() => {});
    const s = await page.evaluate(() => window.__leefkaart.sorting);
    check(/Concentraties/.test(await page.textContent("#legend")), "the hot spots can be shown, with their legend", `${s.hotspotsDrawn} hot or cold spots drawn`);
    await page.screenshot({ path: path.join(out, "e2e-sorting-hotspots.png") });
  }

  const mainViolations = await axe(page, { exclude: [["#map canvas"]] });
  check(mainViolations.length === 0, "axe-core: no serious or critical violations in the main view", mainViolations.join("; "));
  // English on the switch: the neutral text and the units too.
  await page.selectOption("#colour", options[0]);
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 5000 }).catch(() => {});
  check((await page.textContent("#neutral-text")) === schema.neutral_text.en && /percentage points/.test(await page.textContent("#legend")),
        "the neutral text and the legend speak English on the switch", (await page.textContent("#legend")).slice(0, 100));
  check(errors.length === 0, "no errors in the page", errors.join("; "));
  await checkOffline(page, outside);
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
