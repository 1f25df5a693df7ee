// End-to-end test of the stapelkaart: `leefkaart build` of
// presets/utrecht_stapelkaart.toml on the real data, served and opened in
// Debian's Chromium. The legend shows the eight stapel classes with their
// Dutch labels, laid out as pressure × vulnerable residents, beside the
// neutral text; a clicked hexagon's panel groups its indicators by
// perspective; the koppelkansen and the 1 km hexagons are drawn on request;
// axe-core finds no serious or critical violation. Run by ctest (web/tests.cmake: web.e2e.stack).
//   node e2e/stack.mjs --leefkaart BIN --config presets/utrecht_stapelkaart.toml --web web/dist --out DIR [--data DIR]
// (--build DIR serves a stapelkaart build made before instead of building.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { arg, axe, check, checkFirstPaint, clickCell, commonArgs, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const { bin, config, data, out, web } = commonArgs("utrecht_stapelkaart.toml");
fs.mkdirSync(out, { recursive: true });
const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema/build.json"), "utf8"));
const S = schema.stack;
const fill = (pattern, values = {}) => pattern.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));

// 1. A build of the stapelkaart preset (--build DIR: one made before).
let buildDir = arg("build", "");
if (!buildDir) {
  check(fs.existsSync(config), "the stapelkaart preset exists", config);
  if (!fs.existsSync(config)) finish();
  buildDir = path.join(out, "e2e-stack-build");
  const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
  check(build.status === 0, "leefkaart build of the stapelkaart on the real data", build.status === 0 ? "" : build.stderr.slice(-400));
  if (build.status !== 0) finish();
}
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));
check(!!manifest[schema.manifest_keys.stack], "the manifest describes the stapelkaart");
const hasCoarse = fs.existsSync(path.join(buildDir, `${S.coarse_layer}.geojson`));

const port = await freePort();
const server = startServe(bin, buildDir, port, web);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
try {
  const view = await (await fetch(base + "api/view")).json();
  check(view.kind === "build" && view.layers.includes(S.coarse_layer) === hasCoarse, "the view serves the 1 km layer when the build made it", JSON.stringify(view.layers));

  // 2. The map, coloured by stapel class.
  const { browser, page, errors } = await openApp(base);
  const state = await page.evaluate(() => window.__leefkaart);
  await checkFirstPaint(page, state, errors, manifest.counts.cells);
  const options = await page.$$eval("#colour option", (os) => os.map((o) => o.value));
  check(options.includes("stapel") && options.includes("stapel:beschermen") && options.includes("stapel:kwetsbaar"),
        "the colour choice offers the stapelkaart and a sub-score per perspective", options.filter((o) => o.startsWith("stapel")).join(", "));
  await page.selectOption("#colour", "stapel");
  await page.waitForSelector("#stack-legend", { timeout: 10000 }).catch(() => {});
  // Each class's label (the text before the residents' count, when the manifest gives one).
  const legend = await page.$$eval("#stack-legend td[data-class]", (tds) => tds.map((td) => [td.dataset.class, td.firstChild.nextSibling.textContent.trim()]));
  const expected = Object.entries(S.classes).map(([code, c]) => [code, c.nl]);
  check(legend.length === expected.length && expected.every(([code, label]) => legend.some(([c, l]) => c === code && l === label)),
        "the legend shows the eight stapel classes with their Dutch labels", legend.map(([, l]) => l).join(" | "));
  const columns = await page.$$eval("#stack-legend thead th", (ths) => ths.map((th) => th.textContent));
  check(columns.includes(S.vulnerability.nl), "the legend's columns: without and with vulnerable residents", columns.join(" | "));
  check((await page.textContent("#stack-neutral")) === S.neutral_text.nl, "the neutral text stands beside the stapelkaart");
  const drawnClasses = await page.evaluate(() => window.__leefkaart.rendered);
  check(drawnClasses === manifest.counts.cells, "every cell is drawn in the stapelkaart", `${drawnClasses} of ${manifest.counts.cells}`);
  await page.screenshot({ path: path.join(out, "e2e-stack.png") });

  // 3. A cell under pressure with vulnerable residents: its panel groups the indicators by perspective.
  const cells = await (await fetch(base + "api/layers/cells")).json();
  const C = S.cell_fields;
  const classed = cells.features.filter((f) => typeof f.properties[C.class] === "string" && f.properties[C.class] !== "geen");
  const cell = classed.find((f) => f.properties[C.class].endsWith("_kwetsbaar")) ?? classed[Math.floor(classed.length / 2)];
  check(!!cell, "some cell is under pressure in the stapelkaart", `${classed.length} cells`);
  if (cell) {
    const clicks = await clickCell(page, cell);
    check(clicks > 0, "a click on the cell selects it", `${clicks} clicks`);
    const panel = await page.textContent("#panel");
    check(panel.includes(S.classes[cell.properties[C.class]].nl), "the panel names the cell's stapel class in Dutch", panel.slice(0, 200));
    const groups = await page.$$eval("#panel h4[data-group]", (hs) => hs.map((h) => ({
      key: h.dataset.group, label: h.textContent, items: [...(h.nextElementSibling?.querySelectorAll("li") ?? [])].map((li) => li.textContent),
    })));
    const keys = schema.indicator_keys;
    const groupOf = (ind) => (ind[keys.vulnerability] === true ? "kwetsbaar" : S.perspectives[ind[keys.perspective]] ? ind[keys.perspective] : "overig");
    const order = [...Object.keys(S.perspectives), "kwetsbaar", "overig"];
    const labels = { ...Object.fromEntries(Object.entries(S.perspectives).map(([k, p]) => [k, p.nl])), kwetsbaar: S.vulnerability.nl, overig: "Overig" };
    const inOrder = groups.every((g, i) => i === 0 || order.indexOf(groups[i - 1].key) < order.indexOf(g.key));
    const rightPlace = groups.every((g) => g.label === labels[g.key] && g.items.every((item) => {
      const ind = manifest.indicators.find((x) => item.startsWith(`${x.label}:`) || item.startsWith(`${x.label} *:`));
      return ind && groupOf(ind) === g.key;
    }));
    check(groups.length >= 2 && inOrder && rightPlace, "the panel groups the indicators by perspective, with the schema's Dutch labels",
          groups.map((g) => `${g.label}: ${g.items.length}`).join("; "));
    const panelViolations = await axe(page, { include: [["#panel"]] });
    check(panelViolations.length === 0, "axe-core: no serious or critical violations in the open panel", panelViolations.join("; "));
  }

  // 4. The koppelkansen, and a perspective's sub-score.
  await page.check("#koppelkansen");
  await page.waitForFunction(() => /koppelkans/i.test(document.getElementById("legend").textContent), null, { timeout: 5000 }).catch(() => {});
  check(/koppelkans/i.test(await page.textContent("#legend")), "the koppelkansen are drawn and explained in the legend");
  await page.selectOption("#colour", "stapel:beschermen");
  await page.waitForFunction(() => /beschermen/.test(document.querySelector("#legend h2")?.textContent ?? ""), null, { timeout: 5000 }).catch(() => {});
  check(/Deelscore|deelscore/.test(await page.textContent("#legend h2")), "a perspective's sub-score has its own legend", await page.textContent("#legend h2"));

  // 5. The 1 km hexagons, as RIVM's Stapeltool draws them.
  if (hasCoarse) {
    const coarse = JSON.parse(fs.readFileSync(path.join(buildDir, `${S.coarse_layer}.geojson`), "utf8")).features;
    await page.selectOption("#level", "coarse");
    await page.waitForFunction((n) => window.__leefkaart.level === "coarse" && window.__leefkaart.rendered === n, coarse.length, { timeout: 10000 }).catch(() => {});
    const s = await page.evaluate(() => window.__leefkaart);
    check(s.level === "coarse" && s.rendered === coarse.length, "the 1 km hexagons are drawn", `${s.rendered} of ${coarse.length}`);
    await page.screenshot({ path: path.join(out, "e2e-stack-1km.png") });
    await page.selectOption("#level", "cells");
  } else console.log("(the build has no 1 km layer: not checked)");

  const mainViolations = await axe(page, { exclude: [["#map canvas"]] });
  check(mainViolations.length === 0, "axe-core: no serious or critical violations in the main view", mainViolations.join("; "));

  // 6. English on the switch.
  await page.selectOption("#colour", "stapel");
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 5000 }).catch(() => {});
  const english = await page.textContent("#stack-legend");
  check(english.includes(S.classes.beide_kwetsbaar.en), "the legend speaks English on the switch", english.slice(0, 120));
  check(errors.length === 0, "no errors in the page", errors.join("; "));
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
