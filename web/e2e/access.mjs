// End-to-end test of the accessibility map: `leefkaart access` on the real
// Liechtenstein OpenStreetMap extract, served and opened in Debian's Chromium.
//   node e2e/access.mjs --leefkaart BIN --osm FILE --out DIR
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { arg, commonArgs, check, checkFirstPaint, checkOffline, clickCell, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const { bin, data, out, web } = commonArgs();
const osm = arg("osm", path.join(data, "osm/liechtenstein-latest.osm.pbf"));
fs.mkdirSync(out, { recursive: true });

// 1. An access run on the real extract.
const runDir = path.join(out, "e2e-access");
const run = spawnSync(bin, ["-q", "access", "--osm", osm, "--out", runDir], { encoding: "utf8" });
check(run.status === 0, "leefkaart access on the real extract", run.status === 0 ? "" : run.stderr.slice(-300));
const manifest = JSON.parse(fs.readFileSync(path.join(runDir, "manifest.json"), "utf8"));
const withFacilities = manifest.categories.filter((c) => c.facilities > 0);
const absent = manifest.categories.filter((c) => c.facilities === 0);

const port = await freePort();
const server = startServe(bin, runDir, port, web);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
try {
  // 2. The API of an access run.
  const view = await (await fetch(base + "api/view")).json();
  check(view.kind === "access" && view.paint_field === `dist_${withFacilities[0].category}_m`,
        "the view: an access run, first painted by distance to the first category with facilities", JSON.stringify(view));
  const buurten = await fetch(base + "api/layers/buurten");
  check(buurten.status === 404 && /layers of this access run: cells, facilities/.test((await buurten.json()).error),
        "an access run has no buurten: 404 naming its layers");
  const masking = await fetch(base + "api/masking");
  check(masking.status === 404, "an access run has no masking list: 404");
  const facilities = await (await fetch(base + "api/layers/facilities")).json();
  const placed = manifest.categories.reduce((s, c) => s + c.facilities, 0);
  check(facilities.features.length > 0 && facilities.features.length <= placed, "the facilities are served", `${facilities.features.length} points`);

  // 3. The map.
  const { browser, page, outside, errors } = await openApp(base);
  const state = await page.evaluate(() => window.__leefkaart);
  await checkFirstPaint(page, state, errors, manifest.counts.cells);
  check((await page.textContent("#title")) === "Bereikbaarheid", "the title says what the map shows");
  // The extract's base map follows the map's first frame.
  await page.waitForFunction(() => window.__leefkaart.basemapMs > 0, null, { timeout: 30000 }).catch(() => {});
  const layers = await page.evaluate(() => window.__leefkaart.basemapMs);
  check(layers > 0, "the extract's roads, water, green and buildings are drawn", `after ${layers} ms (reported, not asserted)`);
  const options = await page.$$eval("#colour option", (os) => os.map((o) => ({ value: o.value, text: o.textContent, disabled: o.disabled })));
  check(withFacilities.every((c) => options.some((o) => o.value === `dist:${c.category}` && !o.disabled)),
        "each category with facilities can colour the map", options.map((o) => o.value).join(", "));
  check(absent.every((c) => options.some((o) => o.value === `dist:${c.category}` && o.disabled && /niet in het OSM-extract/.test(o.text))),
        "a category the extract lacks is listed, disabled, and says why", absent.map((c) => c.category).join(", "));
  check(!(await page.isVisible("#level")) && !(await page.isVisible("#search")), "no buurt level or search for an access run");

  // Colour by distance to the supermarket and click a reached cell in the middle.
  await page.selectOption("#colour", "dist:supermarkt");
  const legend = await page.textContent("#legend");
  check(/Afstand tot supermarkt \(lopend\)/.test(legend) && /of dichterbij/.test(legend), "the legend follows the chosen distance", legend.slice(0, 80));
  const cells = await (await fetch(base + "api/layers/cells")).json();
  const reached = cells.features.filter((f) => typeof f.properties.dist_supermarkt_m === "number");
  const mid = reached[Math.floor(reached.length / 2)];
  const clicks = await clickCell(page, mid);
  const panel = await page.textContent("#panel");
  const metres = Math.round(mid.properties.dist_supermarkt_m).toLocaleString("nl-NL");
  check(!panel.includes(mid.properties.cell_id) && panel.startsWith("Zeshoek") && panel.includes(`Supermarkt: ${metres} m`) && /lopend/.test(panel),
        "clicking a cell gives its walking distances", `${panel.slice(0, 160)} (after ${clicks} click(s))`);
  check(absent.every((c) => panel.includes("niet in het OSM-extract")), "the panel says which categories the extract lacks");
  await page.screenshot({ path: path.join(out, "e2e-access.png") });
  await checkOffline(page, outside);
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
