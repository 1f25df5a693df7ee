// What the browser tests share: checks, `leefkaart serve` in the background,
// and Chromium opening the app with every request to another host watched.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
export const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

// The arguments every browser test takes (web/tests.cmake), with defaults for a run by hand
// from the repository; `config` defaults to the given preset.
export function commonArgs(preset = "utrecht.toml") {
  return {
    bin: arg("leefkaart", path.join(repo, "build/leefkaart")),
    config: arg("config", path.join(repo, "presets", preset)),
    data: arg("data", process.env.LEEFKAART_DATA ?? path.resolve(repo, "../shared/data")),
    out: arg("out", path.join(repo, "build/test-output")),
    web: arg("web", path.join(repo, "web/dist")),
  };
}

let passed = 0;
let failed = 0;
export function check(ok, what, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` — ${detail}` : ""}`);
}
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// `extra`: more arguments for `leefkaart serve` (e.g. --store FILE).
export function startServe(bin, dir, port, web, extra = []) {
  const child = spawn(bin, ["serve", "--out", dir, "--port", String(port), "--web", web, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
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

export async function stopServe(server) {
  server.child.kill("SIGINT");
  const code = await new Promise((resolve) => server.child.on("exit", (c, s) => resolve(c ?? s)));
  check(code === 0, "Ctrl-C stops the server cleanly", String(code));
}

// Chromium on the app. Every host but this machine is unresolvable, and every
// request the page makes is seen and counted if it is not local (watched, not
// intercepted: interception would slow down what we measure).
export async function openApp(base) {
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
  return { browser, page, outside, errors };
}

export async function checkFirstPaint(page, state, errors, cells) {
  check(!state.error && errors.length === 0, "the app starts without errors", state.error ?? errors.join("; "));
  check(state.previewRendered === cells, "the first-paint picture draws every cell", `${state.previewRendered} of ${cells}`);
  check(state.rendered === cells, "the interactive map draws every cell", `${state.rendered} of ${cells}`);
  check(await page.$("#first-paint") === null, "the map has replaced the first-paint picture");
  console.log(`first paint of ${state.previewRendered} cells: ${state.firstPaintMs} ms; map interactive: ${state.interactiveMs} ms (reported, not asserted)`);
}

export async function checkOffline(page, outside) {
  check(outside.length === 0, "no request leaves the machine", outside.slice(0, 3).join(", "));
  // The watch itself: a request to another host is seen, and cannot be made.
  const reached = await page.evaluate(() => fetch("http://tile.openstreetmap.org/0/0/0.png").then(() => true, () => false));
  check(!reached && outside.length === 1, "the watch sees and blocks a request to another host", `${outside.length} seen, reached: ${reached}`);
}

// The centre of a polygon feature's outer ring, on screen.
export async function screenPointOf(page, feature) {
  const ring = feature.geometry.coordinates[0];
  const lon = ring.reduce((s, c) => s + c[0], 0) / ring.length;
  const lat = ring.reduce((s, c) => s + c[1], 0) / ring.length;
  return page.evaluate(([x, y]) => window.__leefkaart.project(x, y), [lon, lat]);
}

// Clicks a cell's centre until the app selects it (at most three clicks). On this GPU-less
// machine under load a click can fall between deck.gl's redraws and pick nothing; the number
// of clicks is returned so that the test reports it instead of hiding it.
export async function clickCell(page, feature) {
  for (let clicks = 1; clicks <= 3; ++clicks) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const at = await screenPointOf(page, feature);
    await page.mouse.click(at.x, at.y);
    const hit = await page
      .waitForFunction((id) => window.__leefkaart.selected === id, feature.properties.cell_id, { timeout: 5000 })
      .then(() => true, () => false);
    if (hit) return clicks;
  }
  return 0;
}

// axe-core (WCAG 2.1 A and AA) on part of the page: the serious and critical
// violations, as "rule: target" lines.
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
export async function axe(page, context) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate((ctx) => window.axe.run(ctx, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }), context);
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(" ")}`));
}
