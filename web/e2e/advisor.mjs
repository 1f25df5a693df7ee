// A policy advisor's minute with the Utrecht map, in Debian's Chromium: open
// the map, rank the buurten by health to gain in the area table (by keyboard),
// open the worst one and read why. axe-core checks the main view, the open
// panel and the table (WCAG 2.1 AA) and fails on serious or critical
// violations. Run by ctest (web/tests.cmake: web.e2e.advisor).
//   node e2e/advisor.mjs --leefkaart BIN --config presets/utrecht.toml --web web/dist --out DIR [--data DIR]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { commonArgs, check, clickCell, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const { bin, config, data, out, web } = commonArgs();
fs.mkdirSync(out, { recursive: true });
const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema/build.json"), "utf8"));
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const buildDir = path.join(out, "e2e-advisor-build");
const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
check(build.status === 0, "leefkaart build on the real data", build.status === 0 ? "" : build.stderr.slice(-300));
if (build.status !== 0) finish();
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));
const buurten = JSON.parse(fs.readFileSync(path.join(buildDir, "buurten.geojson"), "utf8")).features.map((f) => f.properties);
const A = schema.area_fields;
const fieldOf = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
const labelOf = (name) => manifest.indicators.find((i) => i.name === name)?.label ?? name;

// axe-core on part of the page: the serious and critical violations, as "rule: target" lines.
async function axe(page, include) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate((ctx) => window.axe.run(ctx, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }), include);
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(" ")}`));
}

const port = await freePort();
const server = startServe(bin, buildDir, port, web);
await server.ready;
try {
  const { browser, page, errors } = await openApp(`http://127.0.0.1:${port}/`);
  const state = await page.evaluate(() => window.__leefkaart);
  check(!state.error && errors.length === 0, "the app starts without errors", state.error ?? errors.join("; "));

  // 1. The main view: the map, its legend and the area table beside it.
  const rows = await page.$$eval("#areas tbody tr", (trs) => trs.map((tr) => tr.dataset.code));
  check(rows.length === buurten.length && buurten.every((b) => rows.includes(b[A.code])),
        "the area table lists every buurt beside the map", `${rows.length} of ${buurten.length}`);
  const legend = await page.textContent("#legend");
  const gaps = ["onbewoond", "privacy", "gegevens_ontbreken"].map((code) => schema.status_labels[code].nl);
  check(gaps.every((g) => legend.includes(g)) && /gearceerd/.test(legend),
        "the legend has its own entry for uninhabited, privacy and (hatched) missing data", legend.slice(0, 200));
  const visible = await page.evaluate(() => {
    const details = document.getElementById("details");
    details.open = false;
    return document.body.innerText;
  });
  check(!/\bms\b|axial|pointy|q-?\d+r-?\d+/i.test(visible), "no timings, grid jargon or cell ids in the Dutch interface outside the details view",
        (/.{0,40}(\bms\b|axial|pointy|q-?\d+r-?\d+).{0,40}/i.exec(visible) ?? [""])[0]);
  const mainViolations = await axe(page, { exclude: [["#map canvas"]] });
  check(mainViolations.length === 0, "axe-core: no serious or critical violations in the main view", mainViolations.join("; "));

  // 2. Rank by health to gain, by keyboard: first by name, then by health to gain (most first).
  const sortBy = async (key) => {
    await page.focus(`#areas [data-sort="${key}"]`);
    await page.keyboard.press("Enter");
  };
  await sortBy("name");
  await sortBy("gain");
  const gainSort = await page.$eval(`#areas th:has([data-sort="gain"])`, (th) => th.getAttribute("aria-sort"));
  const sortedCount = await page.$$eval("#areas th[aria-sort]", (ths) => ths.length);
  check(gainSort === "descending" && sortedCount === 1, "Enter on the 'Gezondheidswinst' header sorts the table by it, most first (aria-sort)", `${gainSort}, ${sortedCount} sorted`);
  const order = await page.$$eval("#areas tbody tr", (trs) => trs.map((tr) => tr.dataset.code));
  const gain = (b) => b[A.health_to_gain];
  const expected = buurten.filter((b) => typeof gain(b) === "number").sort((a, b) => gain(b) - gain(a));
  const worst = expected[0];
  check(order[0] === worst[A.code] && gain(buurten.find((b) => b[A.code] === order[1])) <= gain(worst),
        "the buurt with the most health to gain is on top", `${order.slice(0, 3).join(", ")}; expected ${worst[A.code]} (${gain(worst)})`);
  const unknownLast = order.slice(expected.length).every((code) => typeof gain(buurten.find((b) => b[A.code] === code)) !== "number");
  check(unknownLast, "buurten without a figure come last, not first", order.slice(expected.length, expected.length + 3).join(", "));

  // 3. Open the worst buurt from the table (Enter on its name) and read why.
  await page.focus(`#areas tbody tr:first-child button[data-area]`);
  await page.keyboard.press("Enter");
  const opened = await page.waitForFunction((code) => window.__leefkaart.selected === code, worst[A.code], { timeout: 5000 }).then(() => true, () => false);
  const panel = await page.textContent("#panel");
  check(opened && panel.startsWith(`${worst[A.name]} (${worst[A.code]})`), "Enter on a buurt in the table opens its panel", panel.slice(0, 80));
  const drivers = (await page.textContent("#panel-drivers")) ?? "";
  const driverNames = [1, 2, 3].map((rank) => worst[fieldOf(A.driver, { rank })]).filter(Boolean);
  check(driverNames.length > 0 && driverNames.every((n) => drivers.includes(labelOf(n))) &&
        drivers.indexOf(labelOf(driverNames[0])) < drivers.indexOf(labelOf(driverNames.at(-1))) + 1,
        "the panel names the buurt's drivers, in order, by their Dutch labels", `${drivers} — expected ${driverNames.map(labelOf).join(", ")}`);
  const share = worst[fieldOf(A.share_flagged, { name: driverNames[0] })];
  check(typeof share === "number" && drivers.includes(`${Math.round(share * 100)} %`), "each driver with the share of residents it flags", drivers);
  const breakdown = await page.$$eval("#breakdown tbody tr", (trs) => trs.map((tr) => tr.textContent));
  const supplied = manifest.indicators.filter((i) => i.supplied);
  check(breakdown.length === supplied.length && supplied.every((i, n) => breakdown[n].startsWith(i.label)),
        "the panel breaks the score down per indicator", `${breakdown.length} rows for ${supplied.length} indicators`);
  // The map went there: the buurt's middle is on screen.
  const ring = buurten.length && JSON.parse(fs.readFileSync(path.join(buildDir, "buurten.geojson"), "utf8")).features.find((f) => f.properties[A.code] === worst[A.code]).geometry;
  const coords = (ring.type === "Polygon" ? ring.coordinates[0] : ring.coordinates[0][0]);
  const centre = [coords.reduce((s, c) => s + c[0], 0) / coords.length, coords.reduce((s, c) => s + c[1], 0) / coords.length];
  const onScreen = await page.evaluate(([x, y]) => {
    const p = window.__leefkaart.project(x, y);
    const r = document.querySelector("#map canvas").getBoundingClientRect();
    return p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom;
  }, centre);
  check(onScreen, "the map zooms to the chosen buurt");
  await page.screenshot({ path: path.join(out, "e2e-advisor.png") });
  const panelViolations = await axe(page, { include: [["#panel"]] });
  check(panelViolations.length === 0, "axe-core: no serious or critical violations in the open panel", panelViolations.join("; "));
  const tableViolations = await axe(page, { include: [["#areas"]] });
  check(tableViolations.length === 0, "axe-core: no serious or critical violations in the area table", tableViolations.join("; "));

  // The advisor takes the worst buurt along: a PNG of the view with title, legend and sources
  // (the composition's layout, which export.mjs checks pixel by pixel).
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 20000 }), page.click("#png")]);
  const pngFile = path.join(out, "e2e-advisor-export.png");
  await download.saveAs(pngFile);
  const composed = await page.evaluate(() => {
    const { layout, legend } = window.__leefkaart.export;
    return { lines: layout.lines.map((l) => l.text), swatches: layout.swatches.length, bars: layout.bars.length, legend: legend.length };
  });
  const composedText = composed.lines.join(" ");
  check(fs.readFileSync(pngFile).subarray(1, 4).toString() === "PNG" && /Gezondheidskaart/.test(composed.lines[0]) &&
        composed.swatches + composed.bars > 0 && /Bron: /.test(composedText) && /OpenStreetMap|CBS/.test(composedText),
        "the exported PNG carries a title, the legend and the sources", composed.lines.slice(0, 3).join(" | "));

  // 4. A gap explained: a cell without a score says why in plain Dutch with its buurt's name, never "0 inwoners".
  const cells = await (await fetch(`http://127.0.0.1:${port}/api/layers/cells`)).json();
  const C = schema.cell_fields;
  const gap = cells.features.find((f) => f.properties[C.status] === schema.status.data_missing) ??
              cells.features.find((f) => f.properties[C.status] === schema.status.privacy);
  if (gap) {
    // Found by search, which zooms to and outlines the buurt.
    await page.fill("#search", `${gap.properties[C.buurt_name]} (${gap.properties[C.buurt]})`);
    await page.press("#search", "Enter");
    await page.waitForFunction((code) => window.__leefkaart.selected === code, gap.properties[C.buurt], { timeout: 5000 }).catch(() => {});
    const clicks = await clickCell(page, gap);
    const text = await page.textContent("#panel");
    check(clicks > 0 && text.includes(schema.status_labels[gap.properties[C.status]].nl) && text.includes(gap.properties[C.buurt_name]) &&
          !/\b0 inwoners/.test(text) && !/[a-z_]+: no value/.test(text),
          "a cell without a score gives the reason in Dutch, with its buurt's name, and no '0 inwoners'", text.slice(0, 200));
  } else check(false, "the Utrecht build has a cell without a score to explain");
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
