// End-to-end test of `leefkaart serve` and the web app in Debian's Chromium,
// on a build of the real shared data. Run by ctest (see web/tests.cmake).
//   node e2e/run.mjs --leefkaart BIN --config presets/utrecht.toml --data DIR --out DIR
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { commonArgs, check, checkFirstPaint, checkOffline, finish, freePort, openApp, repo, screenPointOf, startServe, stopServe } from "./lib.mjs";

const { bin, config, data, out, web } = commonArgs();
fs.mkdirSync(out, { recursive: true });

// 1. A build of the real data.
const buildDir = path.join(out, "e2e-build");
const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
check(build.status === 0, "leefkaart build on the real data", build.status === 0 ? "" : build.stderr.slice(-300));
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));

// 2. Bad input for serve.
const notBuild = spawnSync(bin, ["serve", "--out", path.join(repo, "presets"), "--port", "1"], { encoding: "utf8" });
check(notBuild.status !== 0 && /not a leefkaart build/.test(notBuild.stderr), "serving a directory that is no build fails clearly", notBuild.stderr.trim());

const port = await freePort();
const server = startServe(bin, buildDir, port, web);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
try {
  const busy = spawnSync(bin, ["serve", "--out", buildDir, "--port", String(port), "--web", web], { encoding: "utf8", timeout: 10000 });
  check(busy.status !== 0 && /in use/.test(busy.stderr) && new RegExp(`--port ${port + 1}`).test(busy.stderr), "a port in use is reported with another to try", busy.stderr.trim());
  const unknown = await fetch(base + "api/layers/rivers");
  const body = await unknown.json();
  check(unknown.status === 404 && /unknown layer/.test(body.error), "unknown layer: 404 with a JSON error", JSON.stringify(body));
  const masking = await (await fetch(base + "api/masking")).json();
  const expected = fs.readFileSync(path.join(buildDir, "masking.csv"), "utf8").trim().split("\n").length - 1;
  check(Array.isArray(masking) && masking.length === expected && masking.every((r) => r.buurt_code?.startsWith("BU")),
        "the masking list is served as JSON rows", `${masking.length} of ${expected}`);
  const view = await (await fetch(base + "api/view")).json();
  check(view.kind === "build" && view.paint_field === "score" && view.layers.join() === "cells,buurten,wijken,gemeente",
        "the view: a build, first painted by score", JSON.stringify(view));
  const lean = await (await fetch(base + "api/layers/cells?fields=score")).json();
  check(lean.features.length === manifest.counts.cells && lean.features.every((f) => Object.keys(f.properties).join() === "score"),
        "?fields=score gives every cell with its score only", `${lean.features.length} cells`);
  const badField = await fetch(base + "api/layers/cells?fields=scor");
  const badBody = await badField.json();
  check(badField.status === 400 && /did you mean 'score'/.test(badBody.error), "an unknown field: 400 with a JSON error", badBody.error);
  const traversal = await fetch(base + "..%2F..%2Fmanifest.json");
  check(traversal.status === 404, "no path traversal out of the web app", String(traversal.status));
  const post = await fetch(base + "api/manifest", { method: "POST", body: "x" });
  check(post.status === 405, "read-only: POST refused", String(post.status));
  const layer = await fetch(base + "api/layers/cells", { headers: { "Accept-Encoding": "gzip" } });
  check(layer.headers.get("content-type") === "application/geo+json" && layer.headers.get("content-encoding") === "gzip", "layers are GeoJSON, compressed", `${layer.headers.get("content-type")} ${layer.headers.get("content-encoding")}`);

  // 3. The app in Chromium, watched for requests to other hosts.
  const { browser, page, outside, errors } = await openApp(base);
  const state = await page.evaluate(() => window.__leefkaart);
  await checkFirstPaint(page, state, errors, manifest.counts.cells);
  await page.screenshot({ path: path.join(out, "e2e-cells.png") });

  // Click a scored hexagon near the middle of the city and read its panel.
  const cells = await (await fetch(base + "api/layers/cells")).json();
  const scored = cells.features.filter((f) => f.properties.score !== null);
  const mid = scored[Math.floor(scored.length / 2)];
  const at = await screenPointOf(page, mid);
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction((id) => window.__leefkaart.selected === id, mid.properties.cell_id, { timeout: 10000 }).catch(() => {});
  const panel = await page.textContent("#panel");
  check(panel.startsWith(`Zeshoek in ${mid.properties.buurt_naam}`) && !panel.includes(mid.properties.cell_id) && panel.includes("drempel"),
        "clicking a hexagon explains its score, named by its buurt, not by a cell id", panel.slice(0, 160));

  // A value layer: colour by the density values.
  const options = await page.$$eval("#colour option", (os) => os.map((o) => o.value));
  check(options.includes("val:dichtheid") && options.includes("dichtheid"), "each indicator has a flag layer and a value layer", options.join(", "));
  const real = ["eenzaamheid", "stress", "ervaren_gezondheid", "no2"];
  check(real.every((n) => options.includes(n) && options.includes(`val:${n}`)) && panel.includes("Luchtkwaliteit (NO2)"),
    "the GGD estimates and the NO2 grid are mapped and explained", options.join(", "));
  await page.selectOption("#colour", "val:dichtheid");
  await page.screenshot({ path: path.join(out, "e2e-value-layer.png") });
  await page.selectOption("#colour", "val:no2");
  await page.screenshot({ path: path.join(out, "e2e-no2.png") });
  await page.selectOption("#colour", "score");

  // Switch level.
  await page.selectOption("#level", "buurten");
  await page.waitForFunction(() => window.__leefkaart.level === "buurten", null, { timeout: 10000 }).catch(() => {});
  const buurten = await page.evaluate(() => window.__leefkaart.level === "buurten" ? window.__leefkaart.rendered : -1);
  check(buurten === manifest.counts.buurten, "switching to buurten draws every buurt", `${buurten}`);
  // The buurten the wijk average hides are listed (from /api/masking); a click selects one.
  await page.waitForSelector("#masked-list button", { timeout: 10000 }).catch(() => {});
  const hidden = await page.$$eval("#masked-list button", (bs) => bs.map((b) => b.dataset.buurt));
  check(hidden.length === masking.length && masking.every((r) => hidden.includes(r.buurt_code)),
        "the buurten hidden by their wijk average are listed", hidden.join(", "));
  if (hidden.length) {
    await page.click(`#masked-list button[data-buurt="${hidden[0]}"]`);
    await page.waitForFunction((code) => window.__leefkaart.selected === code, hidden[0], { timeout: 5000 }).catch(() => {});
    const chosen = await page.textContent("#panel");
    check(chosen.includes(hidden[0]) && /verborgen achter het wijkgemiddelde/.test(chosen), "a listed buurt opens its panel", chosen.slice(0, 100));
  }
  await page.screenshot({ path: path.join(out, "e2e-buurten.png") });

  // Search a buurt by name.
  await page.fill("#search", "Bokkenbuurt");
  await page.press("#search", "Enter");
  await page.waitForFunction(() => window.__leefkaart.selected?.startsWith("BU"), null, { timeout: 5000 }).catch(() => {});
  const found = await page.textContent("#panel");
  check(/Bokkenbuurt/.test(found), "searching a buurt by name selects it", found.slice(0, 120));

  // English.
  await page.click("#lang");
  check((await page.textContent("#title")) === "Health map", "the English switch translates the interface");
  // The panel in English too: back to hexagons, on a scored cell of Bokkenbuurt (the search zoomed there).
  await page.selectOption("#level", "cells");
  await page.waitForFunction(() => window.__leefkaart.level === "cells", null, { timeout: 10000 }).catch(() => {});
  const inView = scored.find((f) => f.properties.buurt_code === "BU03440731") ?? mid;
  const again = await screenPointOf(page, inView);
  await page.mouse.click(again.x, again.y);
  await page.waitForFunction(() => document.querySelector("#panel-title")?.textContent?.startsWith("Hexagon "), null, { timeout: 5000 }).catch(() => {});
  const english = await page.textContent("#panel");
  // The indicator names as the manifest gives them in English (label_en), not retyped here.
  const englishLabels = manifest.indicators.filter((i) => i.supplied && i.label_en).map((i) => i.label_en);
  check(english.startsWith(`Hexagon in ${inView.properties.buurt_naam}`) && english.includes("threshold") &&
        englishLabels.length > 0 && englishLabels.every((l) => english.includes(l)),
        "the panel speaks English, indicator names included", `${english.slice(0, 140)} — expected ${englishLabels.join(", ")}`);
  await page.screenshot({ path: path.join(out, "e2e-english.png") });
  await checkOffline(page, outside);
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
