// End-to-end test of the learning register in the map in time: `leefkaart
// series` on the real Utrecht data, served with an empty register
// (`leefkaart serve --store`), nothing imported. A team member enters an
// intervention for a buurt through the form by keyboard alone, and the buurt's
// trend chart marks its start; a story not marked publishable is in no page
// and no response; two tabs saving at once both keep their intervention; and
// axe-core finds no serious or critical violation in the open forms. Then a
// build of the same data with one publishable concern where its numbers say
// fine: "Gespreksvragen" lists it, "Wie is gehoord?" counts the buurten not
// heard, and Enter on the prompt opens the buurt.
//   node e2e/register.mjs --leefkaart BIN --config presets/utrecht_reeks.toml --web web/dist --out DIR [--data DIR]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { commonArgs, check, finish, freePort, openApp, repo, startServe, stopServe } from "./lib.mjs";

const series = JSON.parse(fs.readFileSync(path.join(repo, "schema/series.json"), "utf8"));
const register = JSON.parse(fs.readFileSync(path.join(repo, "schema/register.json"), "utf8"));
const field = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
const api = (key, values = {}) => field(register.api[key], values).slice(1); // relative to the app's address
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const { bin, config, data, out, web } = commonArgs("utrecht_reeks.toml");
const work = path.join(out, "e2e-register");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

// 1. A series of the real data, and an empty register beside it.
const seriesDir = path.join(work, "series");
const run = spawnSync(bin, ["-q", "series", "--config", config, "--out", seriesDir, "--data", data], { encoding: "utf8" });
check(run.status === 0, "leefkaart series on the real data", run.status === 0 ? "" : run.stderr.slice(-400));
if (run.status !== 0) finish();
const store = path.join(work, "register.sqlite");
const manifest = JSON.parse(fs.readFileSync(path.join(seriesDir, "manifest.json"), "utf8"));
const years = [...manifest[series.manifest_keys.years]].sort((a, b) => a - b);
const buurten = JSON.parse(fs.readFileSync(path.join(seriesDir, "buurten.geojson"), "utf8")).features;
const meanOf = (f, y) => f.properties[field(series.area_fields.mean_score, { year: y })];
// A buurt with a trend (a mean score in every year), in the middle of the list.
const withTrend = buurten.filter((f) => years.every((y) => typeof meanOf(f, y) === "number"));
const buurt = withTrend[Math.floor(withTrend.length / 2)];
if (!buurt) throw new Error("no buurt of the series has a mean score in every year");
const code = buurt.properties.code;
const indicators = manifest.indicators.filter((i) => i.supplied !== false);
const aimed = indicators[0];
// The intervention starts within the series' years, so the mark falls on the chart.
const startYear = years[Math.floor(years.length / 2)];
const startDate = `${startYear}-03-15`;

// axe-core on part of the page: the serious and critical violations, as "rule: target" lines.
async function axe(page, include) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate((ctx) => window.axe.run(ctx, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }), include);
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(" ")}`));
}

// Opens the buurt's panel as a user does: the buurt level, then the search box.
async function openBuurt(page) {
  await page.selectOption("#level", "buurten");
  await page.fill("#search", `${buurt.properties.naam} (${code})`);
  await page.press("#search", "Enter");
  await page.waitForFunction((c) => window.__leefkaart.series?.trend?.code === c, code, { timeout: 15000 });
  await page.waitForSelector("#reg-open-intervention", { timeout: 15000 });
  await page.waitForSelector("#register-lists h3", { timeout: 15000 });
}

// Tab (forward) until the element with `id` has the focus: the keyboard's way
// through the form, whatever lies between. A date input's parts take a Tab each.
async function tabTo(page, id) {
  for (let i = 0; i < 120; ++i) {
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return true;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached #${id}`);
}

// Types a date into a focused date input, in the order its locale shows the parts.
async function typeDate(page, id, iso) {
  const [y, m, d] = iso.split("-");
  for (const order of [m + d + y, d + m + y, y + m + d]) {
    await page.keyboard.type(order);
    if ((await page.inputValue(`#${id}`)) === iso) return true;
    // Wrong order for this locale: clear the parts and start again at the first.
    await page.evaluate((x) => { const el = document.getElementById(x); el.value = ""; el.blur(); el.focus(); }, id);
  }
  return false;
}

const port = await freePort();
const server = startServe(bin, seriesDir, port, web, ["--store", store]);
await server.ready;
const base = `http://127.0.0.1:${port}/`;
const getJson = async (p) => (await fetch(base + p)).json();
try {
  const empty = await fetch(base + api("register"));
  const emptyBody = await empty.json();
  check(empty.status === 200 && emptyBody.interventions.length === 0 && emptyBody.stories.length === 0,
        "a new register is served, empty (nothing imported)", `${empty.status}`);

  const { browser, page, errors } = await openApp(base);
  // Every response the page receives, to look for the story that must not be shown.
  const bodies = [];
  const record = (p) => p.on("response", (r) => bodies.push(r.text().then((t) => ({ url: r.url(), text: t }), () => ({ url: r.url(), text: "" }))));
  record(page);
  check(errors.length === 0, "the series opens without errors", errors.join("; "));
  await openBuurt(page);
  const title = await page.textContent("#register h2");
  check(title === "Wat er gebeurt" && (await page.textContent("#register-lists")).includes("Nog geen interventies"),
        "the buurt's panel has a section 'Wat er gebeurt', with no interventions yet", title);

  // 2. "Interventie toevoegen", by keyboard alone.
  await page.focus("#reg-open-intervention");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#reg-form-intervention");
  check(await page.evaluate(() => document.activeElement?.id === "reg-intervention-name"), "the form opens with the focus in its first field");
  check((await page.getAttribute("#reg-open-intervention", "aria-expanded")) === "true", "the button says the form is open (aria-expanded)");
  const formViolations = await axe(page, { include: [["#register"]] });
  check(formViolations.length === 0, "axe-core: no serious or critical violations in 'Interventie toevoegen'", formViolations.join("; "));
  // Saved empty: the server's Dutch message beside the field it names, announced.
  await tabTo(page, "reg-intervention-name");
  await page.keyboard.press("Enter"); // implicit submission from a text field
  await page.waitForFunction(() => document.getElementById("reg-form-intervention-error")?.textContent, null, { timeout: 10000 });
  const alert = await page.textContent("#reg-form-intervention-error");
  const invalid = await page.$$eval("#reg-form-intervention [aria-invalid=true]", (els) => els.map((e) => e.id));
  check(/^Niet opgeslagen: /.test(alert) && invalid.length === 1 && (await page.getAttribute("#reg-form-intervention-error", "role")) === "alert",
        "an incomplete form is refused with a Dutch message in an alert, beside the field it names", `${alert} (${invalid.join()})`);
  const errorViolations = await axe(page, { include: [["#register"]] });
  check(errorViolations.length === 0, "axe-core: no serious or critical violations in the form with its error", errorViolations.join("; "));

  const name = "Buurttuin aan de Vaart";
  await tabTo(page, "reg-intervention-name");
  await page.keyboard.type(name);
  await page.keyboard.press("Tab");
  await page.keyboard.type("E2E-1");
  await tabTo(page, "reg-intervention-status");
  await page.keyboard.press("ArrowDown"); // gepland → lopend
  check((await page.inputValue("#reg-intervention-status")) === "lopend", "the status is chosen with the arrow key", await page.inputValue("#reg-intervention-status"));
  await tabTo(page, "reg-intervention-actual_start");
  check(await typeDate(page, "reg-intervention-actual_start", startDate), "the actual start is typed into the date field", await page.inputValue("#reg-intervention-actual_start"));
  await tabTo(page, "reg-intervention-types-0");
  await page.keyboard.press("Space"); // hardware
  await tabTo(page, "reg-intervention-situatie");
  await page.keyboard.type("Weinig groen en ontmoeting op straat");
  const aimId = `reg-intervention-indicators-0`;
  await tabTo(page, aimId);
  await page.keyboard.press("ArrowDown"); // niet → omlaag
  const direction = await page.inputValue(`#${aimId}`);
  check(direction === "omlaag", `the aim on '${aimed.label}' is chosen by keyboard`, direction);
  await tabTo(page, "reg-save-intervention");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^Opgeslagen/.test(document.getElementById("register-status")?.textContent ?? ""), null, { timeout: 15000 });
  const stored = (await getJson(api("area", { code }))).interventions.find((i) => i.code === "E2E-1");
  check(stored && stored.name === name && stored.status === "lopend" && stored.actual_start === startDate && stored.types.join() === "hardware" &&
        stored.indicators.length === 1 && stored.indicators[0].indicator === aimed.name && stored.indicators[0].direction === "omlaag" && stored.areas.includes(code),
        "the intervention is stored for the buurt, linked to one indicator", JSON.stringify(stored));
  check(await page.evaluate(() => document.activeElement?.id === "reg-open-intervention"), "after saving, the focus returns to the form's button");
  const listed = await page.textContent("#register-interventions");
  check(listed.includes(name) && listed.includes(aimed.label) && listed.includes("omlaag"), "the panel lists it, with the indicator it aims at and the direction", listed);

  // 3. The buurt's trend chart marks its start (debug object and text alternative).
  await page.waitForFunction((c) => window.__leefkaart.series?.markers?.list?.some((m) => m.code === c), "E2E-1", { timeout: 15000 }).catch(() => {});
  const markers = await page.evaluate(() => window.__leefkaart.series.markers);
  const start = markers?.list.find((m) => m.code === "E2E-1" && m.kind === "start");
  check(markers?.code === code && start && start.date === startDate && Math.floor(start.x) === startYear,
        "the buurt's trend chart marks the intervention's start", JSON.stringify(markers));
  const label = await page.getAttribute("#chart", "aria-label");
  check(label.includes(name) && label.includes(`15-03-${startYear}`), "the chart's text alternative names the mark", label);
  await page.screenshot({ path: path.join(out, "e2e-register-trend.png") });

  // 4. A story that may not be published: stored, and then in no page and no response.
  const secret = `Alleen voor het team ${Date.now()}: de bewoner op nummer 12 durft 's avonds niet naar buiten`;
  await page.focus("#reg-open-story");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#reg-form-story");
  check(await page.isDisabled("#reg-story-publishable"), "'mag openbaar' cannot be ticked without consent");
  const storyViolations = await axe(page, { include: [["#register"]] });
  check(storyViolations.length === 0, "axe-core: no serious or critical violations in 'Verhaal toevoegen'", storyViolations.join("; "));
  await page.fill("#reg-story-text", secret);
  await page.check(`#reg-story-themes-0`);
  await page.check("#reg-story-consent");
  check(!(await page.isDisabled("#reg-story-publishable")), "with consent, 'mag openbaar' can be ticked");
  await page.fill("#reg-story-author_role", "buurtwerker");
  await page.click("#reg-form-story button[type=submit]");
  await page.waitForFunction(() => /^Opgeslagen/.test(document.getElementById("register-status")?.textContent ?? ""), null, { timeout: 15000 });

  // The team's record is kept: the story is in the store (its file, or the write-ahead log beside it).
  const inStore = [store, `${store}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(secret)));
  check(inStore, "the story is stored in the register file", store);

  // 5. "Cyclus vastleggen", linked to the intervention: a small mark on the chart.
  await page.click("#reg-open-cycle");
  await page.waitForSelector("#reg-form-cycle");
  const cycleViolations = await axe(page, { include: [["#register"]] });
  check(cycleViolations.length === 0, "axe-core: no serious or critical violations in 'Cyclus vastleggen'", cycleViolations.join("; "));
  const cycleDate = `${startYear}-09-01`;
  await page.fill("#reg-cycle-date", cycleDate);
  await page.selectOption("#reg-cycle-kind", "reflectie");
  await page.fill("#reg-cycle-text", "Eerste halfjaar besproken met bewoners");
  await page.selectOption("#reg-cycle-interventions", "E2E-1");
  await page.click("#reg-form-cycle button[type=submit]");
  await page.waitForFunction(() => window.__leefkaart.series?.markers?.list?.some((m) => m.kind === "cycle"), null, { timeout: 15000 }).catch(() => {});
  const cycleMarks = (await page.evaluate(() => window.__leefkaart.series.markers.list)).filter((m) => m.kind === "cycle");
  check(cycleMarks.length === 1 && cycleMarks[0].date === cycleDate, "the cycle's date is marked on the trend chart", JSON.stringify(cycleMarks));

  // Every page and response so far, and the register's own answers: the story is in none.
  await openBuurt(page); // the panel read again
  const pageText = await page.content();
  const answers = [await fetch(base + api("register")).then((r) => r.text()), await fetch(base + api("area", { code })).then((r) => r.text())];
  const seen = (await Promise.all(bodies)).filter((b) => b.text.includes(secret)).map((b) => b.url);
  check(!pageText.includes(secret) && answers.every((a) => !a.includes(secret)) && seen.length === 0 && bodies.length > 10,
        "the story not marked publishable is in no page and no response", `${bodies.length} responses read; in: ${seen.join(", ")}`);
  const storyCount = (await getJson(api("area", { code }))).stories.length;
  check(storyCount === 0, "the area's answer holds no story that may not be published", String(storyCount));

  // 6. Two tabs save an intervention each at the same moment: both are kept.
  const second = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  record(second);
  await second.goto(base);
  await second.waitForFunction(() => window.__leefkaart?.ready || window.__leefkaart?.error, null, { timeout: 60000 });
  const fill = async (p, ivCode, ivName) => {
    await openBuurt(p);
    await p.click("#reg-open-intervention");
    await p.waitForSelector("#reg-form-intervention");
    await p.fill("#reg-intervention-name", ivName);
    await p.fill("#reg-intervention-code", ivCode);
    await p.check("#reg-intervention-types-2");
    await p.fill("#reg-intervention-planned_start", `${startYear}-06-01`);
  };
  await fill(page, "E2E-A", "Wijkoverleg tab A");
  await fill(second, "E2E-B", "Bewonersavond tab B");
  await Promise.all([page.click("#reg-form-intervention button[type=submit]"), second.click("#reg-form-intervention button[type=submit]")]);
  const saved = (p) => p.waitForFunction(() => /^Opgeslagen/.test(document.getElementById("register-status")?.textContent ?? ""), null, { timeout: 15000 }).then(() => true, () => false);
  const [savedA, savedB] = await Promise.all([saved(page), saved(second)]);
  const codes = (await getJson(api("register"))).interventions.map((i) => i.code).sort();
  check(savedA && savedB && ["E2E-1", "E2E-A", "E2E-B"].every((c) => codes.includes(c)) && codes.length === 3,
        "two tabs saving at once: both interventions are kept", codes.join(", "));
  await openBuurt(second);
  const secondList = await second.textContent("#register-interventions");
  check(secondList.includes("Wijkoverleg tab A") && secondList.includes("Bewonersavond tab B"), "each tab then lists both", secondList);

  const allSeen = (await Promise.all(bodies)).filter((b) => b.text.includes(secret)).map((b) => b.url);
  check(allSeen.length === 0, "in neither tab did a response carry the story that may not be published", allSeen.join(", "));
  check(errors.length === 0, "no errors in the page", errors.join("; "));
  await browser.close();
} finally {
  await stopServe(server);
}

// 2. The conversation prompts need one measurement: a build of the same data
// (about a second), served with a register holding one publishable concern
// where the numbers say fine. "Gespreksvragen" lists it; Enter opens the buurt.
const build = JSON.parse(fs.readFileSync(path.join(repo, "schema/build.json"), "utf8"));
const buildDir = path.join(work, "build");
const made = spawnSync(bin, ["-q", "build", "--config", path.join(repo, "presets/utrecht.toml"), "--out", buildDir, "--data", data], { encoding: "utf8" });
check(made.status === 0, "leefkaart build on the real data", made.status === 0 ? "" : made.stderr.slice(-400));
if (made.status !== 0) finish();
const buildManifest = JSON.parse(fs.readFileSync(path.join(buildDir, "manifest.json"), "utf8"));
const worseField = (name) => field(build.area_fields.worse_than_threshold, { name });
const fine = JSON.parse(fs.readFileSync(path.join(buildDir, "buurten.geojson"), "utf8")).features.flatMap((f) =>
  buildManifest.indicators.filter((i) => f.properties[worseField(i.name)] === 0).map((i) => ({ f, ind: i })))[0];
if (!fine) throw new Error("no buurt of the build is within the threshold of any indicator");
const buildPort = await freePort();
const buildServer = startServe(bin, buildDir, buildPort, web, ["--store", path.join(work, "register-build.sqlite")]);
await buildServer.ready;
const buildBase = `http://127.0.0.1:${buildPort}/`;
const codeOf = (f) => f.properties[build.area_fields.code];
const nameOf = (f) => f.properties[build.area_fields.name];
try {
  const { browser, page, errors } = await openApp(buildBase);
  const story = { date: "2024-05-01", area_code: codeOf(fine.f), precision: "buurt", source: "bewoner", text: "Hier knelt het, zeggen bewoners",
                  signal: "zorg", themes: [fine.ind.name], consent: true, publishable: true };
  const posted = await page.evaluate(async ({ session, stories, header, body }) => {
    const token = (await (await fetch(session)).json()).token;
    return (await fetch(stories, { method: "POST", headers: { [header]: token, "Content-Type": "application/json" }, body: JSON.stringify(body) })).status;
  }, { session: api("session"), stories: api("stories"), header: register.api.token_header, body: story });
  check(posted === 201, "a publishable concern is stored", String(posted));
  await page.reload();
  await page.waitForFunction(() => window.__leefkaart?.ready || window.__leefkaart?.error, null, { timeout: 60000 });
  await page.waitForSelector("#prompts-list button", { timeout: 15000 });
  const section = await page.textContent("#conversation");
  check(section.includes("Gespreksvragen (1)") && section.includes("geen oordelen") && section.includes(nameOf(fine.f)),
        "Gespreksvragen lists the buurt where the story and the numbers differ, as a question", section.slice(0, 300));
  check(section.includes("Wie is gehoord?") && /buurten zonder verhaal/.test(section), "Wie is gehoord? counts the buurten not heard", section.slice(-300));
  await page.focus("#prompts-list button");
  await page.keyboard.press("Enter");
  await page.waitForFunction((c) => document.getElementById("panel-title")?.textContent?.includes(c), codeOf(fine.f), { timeout: 15000 });
  check(await page.evaluate(() => document.activeElement?.id === "panel-title"), "Enter on a prompt opens its buurt and moves the keyboard there");
  const violations = await axe(page, "#conversation");
  check(violations.length === 0, "axe-core: no serious or critical violation in the conversation section", violations.join("; "));
  check(errors.length === 0, "no errors in the build's page", errors.join("; "));
  await browser.close();
} finally {
  await stopServe(buildServer);
}
finish();
