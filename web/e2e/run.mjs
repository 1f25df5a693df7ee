// End-to-end test of `leefkaart serve` and the web app in Debian's Chromium,
// on a build of the real shared data. Run by ctest (see web/tests.cmake).
//   node e2e/run.mjs --leefkaart BIN --config presets/utrecht.toml --data DIR --out DIR
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../..");
const bin = arg("leefkaart", path.join(repo, "build/leefkaart"));
const config = arg("config", path.join(repo, "presets/utrecht.toml"));
const data = arg("data", process.env.LEEFKAART_DATA ?? path.resolve(repo, "../shared/data"));
const out = arg("out", path.join(repo, "build/test-output"));
const web = arg("web", path.join(repo, "web/dist"));
fs.mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` — ${detail}` : ""}`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startServe(buildDir, port) {
  const child = spawn(bin, ["serve", "--out", buildDir, "--port", String(port), "--web", web], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 15000);
    child.stdout.on("data", () => {
      if (output.includes("http://")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, ready, output: () => output };
}

// 1. A build of the real data.
const buildDir = path.join(out, "e2e-build");
const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
check(build.status === 0, "leefkaart build on the real data", build.status === 0 ? "" : build.stderr.slice(-300));
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));

// 2. Bad input for serve.
const notBuild = spawnSync(bin, ["serve", "--out", path.join(repo, "presets"), "--port", "1"], { encoding: "utf8" });
check(notBuild.status !== 0 && /not a leefkaart build/.test(notBuild.stderr), "serving a directory that is no build fails clearly", notBuild.stderr.trim());

const port = await freePort();
const server = startServe(buildDir, port);
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

  // 3. The app in Chromium. Every host but this machine is unresolvable, and
  // every request the page makes is seen and counted if it is not local
  // (watched, not intercepted: interception would slow down what we measure).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
           "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const outside = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!(url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:")) outside.push(request.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A user opens the URL in a browser that is already running: let the freshly
  // started one settle, so its own start-up is not counted as the app's first paint.
  await new Promise((settled) => setTimeout(settled, 1000));
  await page.goto(base);
  await page.waitForFunction(() => window.__leefkaart?.ready || window.__leefkaart?.error, null, { timeout: 60000 });
  const state = await page.evaluate(() => window.__leefkaart);
  check(!state.error && errors.length === 0, "the app starts without errors", state.error ?? errors.join("; "));
  check(state.previewRendered === manifest.counts.cells, "the first-paint picture draws every cell", `${state.previewRendered} of ${manifest.counts.cells}`);
  check(state.rendered === manifest.counts.cells, "the interactive map draws every cell", `${state.rendered} of ${manifest.counts.cells}`);
  check(await page.$("#first-paint") === null, "the map has replaced the first-paint picture");
  console.log(`first paint of ${state.previewRendered} cells: ${state.firstPaintMs} ms; map interactive: ${state.interactiveMs} ms (reported, not asserted)`);
  await page.screenshot({ path: path.join(out, "e2e-cells.png") });

  // Click a scored hexagon near the middle of the city and read its panel.
  const cells = await (await fetch(base + "api/layers/cells")).json();
  const scored = cells.features.filter((f) => f.properties.score !== null);
  const mid = scored[Math.floor(scored.length / 2)];
  const ring = mid.geometry.coordinates[0];
  const lon = ring.reduce((s, c) => s + c[0], 0) / ring.length;
  const lat = ring.reduce((s, c) => s + c[1], 0) / ring.length;
  const at = await page.evaluate(([x, y]) => window.__leefkaart.project(x, y), [lon, lat]);
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction((id) => window.__leefkaart.selected === id, mid.properties.cell_id, { timeout: 10000 }).catch(() => {});
  const panel = await page.textContent("#panel");
  check(panel.includes(mid.properties.cell_id) && panel.includes("drempel"), "clicking a hexagon explains its score", panel.slice(0, 160));

  // A value layer: colour by the density values.
  const options = await page.$$eval("#colour option", (os) => os.map((o) => o.value));
  check(options.includes("val:dichtheid") && options.includes("dichtheid"), "each indicator has a flag layer and a value layer", options.join(", "));
  await page.selectOption("#colour", "val:dichtheid");
  await page.screenshot({ path: path.join(out, "e2e-value-layer.png") });
  await page.selectOption("#colour", "score");

  // Switch level.
  await page.selectOption("#level", "buurten");
  await page.waitForFunction(() => window.__leefkaart.level === "buurten", null, { timeout: 10000 }).catch(() => {});
  const buurten = await page.evaluate(() => window.__leefkaart.level === "buurten" ? window.__leefkaart.rendered : -1);
  check(buurten === manifest.counts.buurten, "switching to buurten draws every buurt", `${buurten}`);
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
  const vr = inView.geometry.coordinates[0];
  const again = await page.evaluate(([x, y]) => window.__leefkaart.project(x, y),
    [vr.reduce((s, c) => s + c[0], 0) / vr.length, vr.reduce((s, c) => s + c[1], 0) / vr.length]);
  await page.mouse.click(again.x, again.y);
  await page.waitForFunction(() => document.querySelector("#panel-title")?.textContent?.startsWith("Hexagon "), null, { timeout: 5000 }).catch(() => {});
  const english = await page.textContent("#panel");
  check(english.startsWith(`Hexagon ${inView.properties.cell_id}`) && english.includes("threshold"), "the panel speaks English", english.slice(0, 100));
  await page.screenshot({ path: path.join(out, "e2e-english.png") });
  check(outside.length === 0, "no request leaves the machine", outside.slice(0, 3).join(", "));
  // The watch itself: a request to another host is seen, and cannot be made.
  const reached = await page.evaluate(() => fetch("http://tile.openstreetmap.org/0/0/0.png").then(() => true, () => false));
  check(!reached && outside.length === 1, "the watch sees and blocks a request to another host", `${outside.length} seen, reached: ${reached}`);
  await browser.close();
} finally {
  server.child.kill("SIGINT");
  const code = await new Promise((resolve) => server.child.on("exit", (c, s) => resolve(c ?? s)));
  check(code === 0, "Ctrl-C stops the server cleanly", String(code));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
