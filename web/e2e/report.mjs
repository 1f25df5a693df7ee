// The wijkprofiel in Debian's Chromium: a profile of `leefkaart report`, opened
// from file:// with every request watched, asks nothing beyond the file
// itself, and prints on A4 with its map whole. Run by ctest (web/tests.cmake).
//   node e2e/report.mjs --leefkaart BIN --config presets/utrecht.toml --data DIR --out DIR
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { commonArgs, check, finish, repo } from "./lib.mjs";

const { bin, config, data, out } = commonArgs();
fs.mkdirSync(out, { recursive: true });

const buildDir = path.join(out, "e2e-report-build");
const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
check(build.status === 0, "leefkaart build on the real data", build.status === 0 ? "" : build.stderr.slice(-300));

// The buurt with the most residents × score: the profile an advisor opens first.
const reportDir = path.join(out, "e2e-report");
const buurten = JSON.parse(fs.readFileSync(path.join(buildDir, "buurten.geojson"), "utf8")).features.map((f) => f.properties);
const worst = buurten.filter((b) => b.pop_x_score != null).sort((a, b) => b.pop_x_score - a.pop_x_score)[0];
const report = spawnSync(bin, ["-q", "report", "--build", buildDir, "--out", reportDir], { encoding: "utf8" });
check(report.status === 0, "leefkaart report writes the profiles", report.stderr.slice(-300));
const profile = path.join(reportDir, `${worst.code}.html`);
check(fs.existsSync(profile), `a profile of ${worst.naam}`, profile);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  // Every request is logged; only the file itself may be read.
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(pathToFileURL(profile).href, { waitUntil: "load" });
  const beyond = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("about:"));
  check(beyond.length === 0, "the profile requests nothing beyond file:", beyond.slice(0, 3).join(", ") || `${requests.length} request(s), all file:`);
  check(errors.length === 0, "the profile opens without errors", errors.join("; "));
  const h1 = await page.textContent("h1");
  check(h1.includes(worst.naam), "the profile names its buurt", h1);
  const drivers = await page.$$eval("ol.drivers li", (li) => li.map((l) => l.textContent));
  check(drivers.length >= 1, "the profile lists the buurt's drivers", drivers.join(" | "));
  const cells = await page.$$eval("svg.map path title", (t) => t.length);
  check(cells > 0, "the map draws the buurt's cells", `${cells} cells`);

  // Printed on A4: the map keeps within the printable width and height of one page.
  await page.emulateMedia({ media: "print" });
  const mmToPx = 96 / 25.4;
  await page.setViewportSize({ width: Math.floor((210 - 28) * mmToPx), height: Math.floor((297 - 31) * mmToPx) });
  const box = await page.$eval("svg.map", (s) => {
    const r = s.getBoundingClientRect();
    return { width: r.width, height: r.height, right: r.right, page: document.documentElement.clientWidth };
  });
  check(box.right <= box.page + 0.5 && box.height <= (297 - 31) * mmToPx, "the map fits the printable area of A4",
        `${box.width.toFixed(0)}×${box.height.toFixed(0)} px in a ${box.page} px wide page`);
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  fs.writeFileSync(path.join(out, "e2e-report-profile.pdf"), pdf);
  check(pdf.subarray(0, 5).toString() === "%PDF-" && pages >= 1 && pages <= 6, "the profile prints to PDF on A4", `${pages} pages`);
  const wide = await page.$$eval("body *", (els) => els.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
  check(wide === 0, "nothing is cut off at the page's right edge when printed", `${wide} elements wider`);

  // The overview links to the profile.
  await page.emulateMedia({ media: "screen" });
  requests.length = 0;
  await page.goto(pathToFileURL(path.join(reportDir, "index.html")).href, { waitUntil: "load" });
  const linked = await page.$$eval("table.rank-gain.buurten a", (a) => a.map((x) => x.getAttribute("href")));
  check(linked[0] === `${worst.code}.html`, "the overview ranks that buurt first by gezondheidswinst", linked[0]);
  const beyondIndex = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("about:"));
  check(beyondIndex.length === 0, "the overview requests nothing beyond file:", beyondIndex.join(", "));
  // The page cannot reach the network even if it tried: its policy refuses every request.
  const reached = await page.evaluate(() => fetch("http://127.0.0.1:9/x").then(() => true, () => false));
  check(!reached, "a request from the page is refused");
} finally {
  await browser.close();
}
finish();
