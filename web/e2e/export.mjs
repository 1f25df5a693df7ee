// End-to-end test of "Over deze kaart" and the composed export (PNG and A4
// print) on a build of the real Utrecht data, in Debian's Chromium.
//   node e2e/export.mjs --leefkaart BIN --config presets/utrecht.toml --web web/dist --out DIR
// (--build DIR serves a build made before instead of running the command.)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { arg, commonArgs, check, checkOffline, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const { bin, config, data, out, web } = commonArgs();
fs.mkdirSync(out, { recursive: true });
const schema = JSON.parse(fs.readFileSync(path.join(repo, "schema/build.json"), "utf8"));
const IK = schema.indicator_keys;

let buildDir = arg("build");
if (!buildDir) {
  buildDir = path.join(out, "e2e-export-build");
  const build = spawnSync(bin, ["-q", "build", "--config", config, "--out", buildDir, "--data", data], { encoding: "utf8" });
  check(build.status === 0, "leefkaart build on the real data", build.status === 0 ? "" : build.stderr.slice(-300));
}
const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));
const indicators = manifest[schema.manifest_keys.indicators];

const port = await freePort();
const server = startServe(bin, buildDir, port, web);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
const require = createRequire(import.meta.url);
const norm = (s) => (s ?? "").replace(/\s+/g, " ").trim();

try {
  const { browser, page, outside, errors } = await openApp(base);
  check(errors.length === 0, "the app starts without errors", errors.join("; "));

  // 1. "Over deze kaart": a modal dialog from the header's button, with every indicator.
  await page.click("#about-open");
  await page.waitForSelector("dialog#about[open]", { timeout: 5000 }).catch(() => {});
  const dialog = await page.evaluate(() => {
    const d = document.querySelector("dialog#about");
    return d && { open: d.open, modal: d.matches(":modal"), label: document.getElementById(d.getAttribute("aria-labelledby"))?.textContent,
                  focusInside: d.contains(document.activeElement) };
  });
  check(dialog?.open && dialog.modal && dialog.label === "Over deze kaart" && dialog.focusInside,
        "\"Over deze kaart\" opens as a labelled modal dialog with the focus inside", JSON.stringify(dialog));
  const articles = await page.$$eval("#about .about-indicator", (as) => as.map((a) => ({ id: a.id, text: a.textContent })));
  const expectedStatus = (ind) => (!ind[IK.supplied] ? /Niet aangeleverd/ : ind[IK.in_score] ? /Telt mee in de score/ : /Alleen getoond/);
  const wrong = indicators.filter((ind) => {
    const a = articles.find((x) => x.id === `about-ind-${ind[IK.name]}`);
    if (!a) return true;
    const text = norm(a.text);
    return !text.includes(norm(ind[IK.label])) || !expectedStatus(ind).test(text) || !text.includes(norm(ind[IK.rule_nl])) ||
      (ind[IK.not_supplied] && !text.includes(norm(ind[IK.not_supplied]))) || (ind[IK.proxy_for] && !text.includes(`Vervangt ${ind[IK.proxy_for]}`));
  });
  check(articles.length === indicators.length && wrong.length === 0,
        "the dialog lists every indicator of the manifest with its status, rule, reason and proxy",
        `${articles.length} of ${indicators.length}; wrong: ${wrong.map((i) => i[IK.name]).join(", ")}`);
  const body = norm(await page.textContent("#about .about-body"));
  const outsideDetails = norm(await page.evaluate(() => {
    const copy = document.querySelector("#about .about-body").cloneNode(true);
    copy.querySelectorAll("details").forEach((d) => d.remove());
    return copy.textContent;
  }));
  const percentile = indicators.some((i) => i[IK.supplied] && /percentile/.test(i[IK.rule] ?? ""));
  check(!percentile || /niet met elkaar te vergelijken/.test(outsideDetails), "the threshold rule says two cities' scores do not compare", outsideDetails.slice(0, 0));
  const share = manifest[schema.manifest_keys.resolution]?.share_cells_at_buurt_mode;
  check(typeof share === "number" && outsideDetails.includes(`${Math.round(share * 100)} % van de zeshoeken met een score heeft de score die in hun buurt het vaakst voorkomt`),
        "the resolution caveat gives the share of scored cells at their buurt's most common score", String(share));
  check(/CBS/.test(outsideDetails) && /OpenStreetMap/.test(outsideDetails) && /2025/.test(outsideDetails), "the sources are listed with their years and attribution");
  check(!outsideDetails.includes(manifest.grid.description) && body.includes(manifest.grid.description) && !/\d ms\b/.test(outsideDetails),
        "the grid definition and timings are in the details view only");

  // axe-core on the open dialog: no serious or critical violation.
  await page.addScriptTag({ content: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run("#about", { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return { passes: r.passes.length, bad: r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`) };
  });
  check(axe.passes > 0 && axe.bad.length === 0, "axe-core finds no serious or critical violation in the open dialog", axe.bad.join(" | "));
  await page.screenshot({ path: path.join(out, "e2e-about.png") });

  // Keyboard: Escape closes it and gives the focus back.
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => ({ open: document.querySelector("dialog#about").open, focus: document.activeElement?.id }));
  check(!closed.open && closed.focus === "about-open", "Escape closes the dialog and returns the focus to its button", JSON.stringify(closed));

  // The ⓘ of one indicator opens the dialog at it.
  const missing = indicators.find((i) => !i[IK.supplied]) ?? indicators[0];
  await page.click(`#about-list button[data-about="${missing[IK.name]}"]`);
  const at = await page.evaluate(() => document.activeElement?.id);
  check(at === `about-ind-${missing[IK.name]}`, "an indicator's ⓘ opens the dialog at that indicator", `${at}`);
  await page.keyboard.press("Escape");
  // The ⓘ beside the colour picker follows the picked layer.
  const valueLayer = indicators.find((i) => i[IK.supplied]);
  await page.selectOption("#colour", `val:${valueLayer[IK.name]}`);
  await page.click("#colour-info");
  const atPicked = await page.evaluate(() => document.activeElement?.id);
  check(atPicked === `about-ind-${valueLayer[IK.name]}`, "the ⓘ beside the colour picker opens the picked indicator", `${atPicked}`);
  await page.keyboard.press("Escape");
  await page.selectOption("#colour", "score");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  // 2. The PNG: composed, with title, legend, indicators, sources and date.
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 20000 }), page.click("#png")]);
  const file = path.join(out, "e2e-export.png");
  await download.saveAs(file);
  const png = fs.readFileSync(file);
  check(png.subarray(1, 4).toString() === "PNG", "the export is a PNG file", `${png.length} bytes`);
  const record = await page.evaluate(() => {
    const { dataUrl, ...rest } = window.__leefkaart.export;
    return rest;
  });
  const texts = record.layout.lines.map((l) => l.text);
  const gemeente = (await (await fetch(base + "api/layers/gemeente")).json()).features[0];
  const legendRows = await page.$$eval("#legend .row", (rs) => rs.filter((r) => r.offsetParent !== null && r.querySelector(".swatch")).length);
  const legendBars = await page.$$eval("#legend .bar", (bs) => bs.filter((b) => b.offsetParent !== null).length);
  const legendHeading = norm(await page.textContent("#legend h2"));
  check(texts[0].includes(gemeente.properties.naam) && /Gezondheidskaart/.test(texts[0]), "the PNG's title names the city", texts[0]);
  check(record.legend.some((i) => i.kind === "heading" && i.text === legendHeading) && record.layout.swatches.length === legendRows &&
        record.layout.bars.length === legendBars && legendRows + legendBars > 0,
        "the PNG carries the legend as the app shows it", `${record.layout.swatches.length} swatches and ${record.layout.bars.length} colour bars; on screen ${legendRows} and ${legendBars}`);
  const joined = texts.join(" ");
  const counted = indicators.filter((i) => i[IK.supplied] && i[IK.in_score]).map((i) => i[IK.label]);
  check(counted.every((l) => joined.includes(l)), "the PNG lists the indicators that count", counted.join(", "));
  check(/OpenStreetMap/.test(joined) && /Bron: CBS/.test(joined) && /Kaart gemaakt op \d+ \w+ \d{4}/.test(joined),
        "the PNG carries the sources' attribution and the date", texts.filter((t) => /Bron|OpenStreetMap|gemaakt/.test(t)).join(" | "));

  // The pixels of the file itself: decoded in the page and read where the layout put things.
  const pixels = await page.evaluate(async ({ b64, layout }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const dark = (r) => {
      const d = ctx.getImageData(Math.round(r.x), Math.round(r.y), Math.max(1, Math.round(r.w)), Math.max(1, Math.round(r.h))).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) n += d[i] + d[i + 1] + d[i + 2] < 200 ? 1 : 0;
      return n;
    };
    const colours = (r) => {
      const d = ctx.getImageData(Math.round(r.x), Math.round(r.y), Math.round(r.w), Math.round(r.h)).data;
      const set = new Set();
      for (let i = 0; i < d.length; i += 4 * 7) set.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return set.size;
    };
    const at = (x, y) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3));
    const gapX = (layout.map.x + layout.map.w + layout.legend.x) / 2;
    return {
      size: [img.width, img.height],
      title: dark(layout.title),
      legend: dark(layout.legend),
      sources: dark(layout.sources),
      mapColours: colours(layout.map),
      gap: dark({ x: gapX - 2, y: layout.map.y, w: 4, h: layout.map.h }),
      swatches: layout.swatches.filter((s) => s.item.fill && !s.item.hatch).map((s) => ({ want: s.item.fill, got: at(s.rect.x + s.rect.w / 2, s.rect.y + s.rect.h / 2) })),
    };
  }, { b64: png.toString("base64"), layout: record.layout });
  check(pixels.size[0] === Math.round(record.layout.width) && pixels.size[1] === Math.round(record.layout.height), "the PNG has the layout's size", pixels.size.join("×"));
  check(pixels.title > 200 && pixels.legend > 200 && pixels.sources > 200 && pixels.gap === 0,
        "the PNG's title, legend and sources are drawn where the layout says (and the gap beside the map is blank)", JSON.stringify({ ...pixels, swatches: undefined }));
  const rgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
  const off = pixels.swatches.filter((s) => rgb(s.want).some((v, i) => Math.abs(v - s.got[i]) > 3));
  check(pixels.swatches.length > 0 && off.length === 0, "each legend swatch in the PNG has the legend's colour", JSON.stringify(off.slice(0, 3)));
  check(pixels.mapColours > 20, "the PNG holds the map itself", `${pixels.mapColours} colours in the map area`);

  // 3. Print: A4 landscape, the whole city, no controls.
  const camera = await page.evaluate(([x, y]) => window.__leefkaart.project(x, y), gemeente.geometry.type === "Polygon" ? gemeente.geometry.coordinates[0][0] : gemeente.geometry.coordinates[0][0][0]);
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await page.click("#print");
  await page.waitForFunction(() => window.__printed > 0, null, { timeout: 10000 }).catch(() => {});
  const printed = await page.evaluate(() => {
    const { dataUrl, ...rest } = window.__leefkaart.export;
    return { printed: window.__printed, ...rest };
  });
  const cityBox = (() => {
    let [x0, y0, x1, y1] = [180, 90, -180, -90];
    const visit = (c) => (typeof c[0] === "number" ? ([x0, y0, x1, y1] = [Math.min(x0, c[0]), Math.min(y0, c[1]), Math.max(x1, c[0]), Math.max(y1, c[1])]) : c.forEach(visit));
    visit(gemeente.geometry.coordinates);
    return [x0, y0, x1, y1];
  })();
  const [w, s, e, n] = printed.bounds;
  check(printed.printed === 1 && printed.kind === "print" && w <= cityBox[0] && s <= cityBox[1] && e >= cityBox[2] && n >= cityBox[3],
        "printing fits the whole city on the sheet", `map ${printed.bounds.map((v) => v.toFixed(3))} city ${cityBox.map((v) => v.toFixed(3))}`);
  const ratio = printed.layout.width / printed.layout.height;
  check(Math.abs(ratio - 277 / 190) < 0.01, "the print sheet is A4 landscape less its margins", ratio.toFixed(3));
  const cameraAfter = await page.evaluate(([x, y]) => window.__leefkaart.project(x, y), gemeente.geometry.type === "Polygon" ? gemeente.geometry.coordinates[0][0] : gemeente.geometry.coordinates[0][0][0]);
  check(Math.abs(camera.x - cameraAfter.x) < 1 && Math.abs(camera.y - cameraAfter.y) < 1, "the map on screen is back where it was after printing", `${JSON.stringify(camera)} → ${JSON.stringify(cameraAfter)}`);
  const pageRule = await page.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r instanceof CSSPageRule).map((r) => r.style.size).join());
  check(/A4 landscape/i.test(pageRule), "the print's @page is A4 landscape", pageRule);

  await page.emulateMedia({ media: "print" });
  const inPrint = await page.evaluate(async () => {
    const visible = (sel) => [...document.querySelectorAll(sel)].some((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden");
    const sheet = document.getElementById("print-sheet");
    await sheet.decode();
    const r = sheet.getBoundingClientRect();
    const c = document.createElement("canvas");
    c.width = sheet.naturalWidth;
    c.height = sheet.naturalHeight;
    const ctx = c.getContext("2d");
    ctx.drawImage(sheet, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, Math.round(c.height * 0.08)).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) dark += d[i] + d[i + 1] + d[i + 2] < 200 ? 1 : 0;
    return { zoom: visible(".maplibregl-ctrl-zoom-in"), controls: visible(".controls button, .controls select"), status: visible("#status"),
             sheet: r.width > 0 && r.height > 0, ratio: r.width / r.height, titleInk: dark, pixels: [c.width, c.height] };
  });
  check(!inPrint.zoom && !inPrint.controls && !inPrint.status, "in print, the zoom buttons and other controls are hidden", JSON.stringify(inPrint));
  check(inPrint.sheet && Math.abs(inPrint.ratio - 277 / 190) < 0.02 && inPrint.titleInk > 200, "in print, the composed sheet is what shows, title drawn", JSON.stringify(inPrint));
  // Chromium's own print of the page, as Ctrl+P: the sheet is composed again on
  // "beforeprint" (emptied first here, so an old sheet cannot pass), and the
  // PDF is one A4 landscape page holding it at its full resolution, not blank.
  await page.evaluate(() => document.getElementById("print-sheet").removeAttribute("src"));
  const pdf = await page.pdf({ path: path.join(out, "e2e-print.pdf"), preferCSSPageSize: true });
  const text = pdf.toString("latin1");
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(text)?.slice(1).map(Number) ?? [];
  const images = [...text.matchAll(/\/Subtype\s*\/Image\s*\/Width (\d+)\s*\/Height (\d+)[^]*?\/Length (\d+)/g)].map((m) => m.slice(1).map(Number));
  const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
  check(pages === 1 && Math.abs(box[0] - 841.9) < 1 && Math.abs(box[1] - 595) < 1 &&
        images.some(([w, h, bytes]) => w === inPrint.pixels[0] && h === inPrint.pixels[1] && bytes > 50000),
        "printing with Ctrl+P gives one A4 landscape page holding the whole sheet", JSON.stringify({ pages, box, images }));
  await page.emulateMedia({ media: "screen" });

  await checkOffline(page, outside);
  await browser.close();
} finally {
  await stopServe(server);
}
finish();
