import { describe, expect, it } from "vitest";
import type { IndicatorInfo } from "./explain";
import { API as REGISTER_API } from "./register";
import {
  SURVEY, SurveyClient, answeredCount, areaPath, besideLines, emptyForm, fieldTarget, formBody, formsPath, groupLabel, priorityPath,
  questionOf, radarOption, spreadText, wrapLabel, themeLabel, themeSet, variantsOf, wheelOrder, wheelRows, type Wheel,
} from "./survey";

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const lpm = SURVEY.theme_sets["leefplekmeter-2018"];
const wheel = (over: Partial<Wheel> = {}): Wheel => ({
  round: "2026", group: { attribute: "", value: "" }, theme_set: "leefplekmeter-2018", scale: { min: 1, max: 10 }, rescaled: false,
  forms: 6, people: 6,
  themes: lpm.themes.map((t, i) => ({ theme: t.code, n: i === 1 ? 0 : 6, ...(i === 1 ? {} : { mean: 5 + i / 10, sd: 1.25, min: 3, q1: 4.5, median: 5, q3: 6.5, max: 8 }), good: [], better: [] })),
  ...over,
});

describe("theme sets, questions and words come from schema/survey.json", () => {
  it("has the Leefplekmeter's fourteen themes on 1–10 and the Place Standard's on 1–7", () => {
    expect(themeSet("leefplekmeter-2018")!.themes).toHaveLength(14);
    expect(themeSet("leefplekmeter-2018")!.scale).toEqual({ min: 1, max: 10 });
    expect(themeSet("place-standard-2017")!.scale).toEqual({ min: 1, max: 7 });
    expect(themeSet("bestaat-niet")).toBeNull();
  });
  it("labels a theme in its set, and asks the chosen variant's question", () => {
    expect(themeLabel("leefplekmeter-2018", "natuur_en_groen")).toBe("Natuur en groen");
    expect(themeLabel("place-standard-2017", "schoon_en_netjes")).toBe("Zorg en onderhoud");
    expect(themeLabel("leefplekmeter-2018", "natuur_en_groen", "en")).toBe("Natural space");
    expect(questionOf("leefplekmeter-2018", "veiligheid", "jeugd")).toBe(lpm.themes.find((t) => t.code === "veiligheid")!.question.jeugd);
    // The Place Standard has only its standard wording: that is what a B1 form of it asks.
    expect(questionOf("place-standard-2017", "veiligheid", "b1")).toBe("Do I feel safe here?");
    expect(variantsOf("leefplekmeter-2018")).toEqual(["standaard", "b1", "jeugd"]);
    expect(variantsOf("place-standard-2017")).toEqual(["standaard"]);
  });
  it("asks relative to where the app is served", () => {
    expect(areaPath("BU03440101")).toBe(SURVEY.api.area.slice(1).replace("{code}", "BU03440101"));
    expect(formsPath()).toBe(SURVEY.api.forms.slice(1));
    expect(priorityPath()).toBe(SURVEY.api.priority.slice(1));
  });
});

describe("the form's body", () => {
  it("holds every theme of the set in order, a skipped one as null (never 0), text trimmed", () => {
    const f = emptyForm("BU03440101", "2026-05-01");
    f.answers.bewegen = { score: 7, good: "  brede stoepen ", better: "" };
    f.answers.veiligheid = { score: null, good: "", better: "" };
    const body = formBody(f);
    expect(body.answers.map((a) => a.theme)).toEqual(lpm.themes.map((t) => t.code));
    expect(body.answers[0]).toEqual({ theme: "bewegen", score: 7, good: "brede stoepen" });
    expect(body.answers.find((a) => a.theme === "veiligheid")).toEqual({ theme: "veiligheid", score: null });
    expect(body.answers.filter((a) => a.score === 0)).toHaveLength(0);
    expect(body.round).toBeUndefined(); // the server makes it the year of the date
    expect(answeredCount(f)).toBe(1);
  });
  it("counts one person unless a group fills it in together", () => {
    const f = emptyForm("BU03440101", "2026-05-01");
    f.people = 5;
    expect(formBody(f).people).toBe(1);
    f.kind = "groep";
    expect(formBody(f).people).toBe(5);
  });
  it("leaves attributes not given out", () => {
    const f = emptyForm("BU03440101", "2026-05-01");
    f.attributes = { rol: "bewoner", leeftijd: "" };
    expect(formBody(f).attributes).toEqual({ rol: "bewoner" });
  });
  it("finds where a refused field is: a theme's step or a field of the form", () => {
    expect(fieldTarget("natuur_en_groen", "leefplekmeter-2018")).toEqual({ theme: "natuur_en_groen" });
    expect(fieldTarget("natuur_en_groen_goed", "leefplekmeter-2018")).toEqual({ theme: "natuur_en_groen" });
    expect(fieldTarget("answers[4].score", "leefplekmeter-2018")).toEqual({ theme: lpm.themes[4].code });
    expect(fieldTarget("datum", "leefplekmeter-2018")).toEqual({ field: "date" });
    expect(fieldTarget("session", "leefplekmeter-2018")).toEqual({ field: "session" });
    expect(fieldTarget(null, "leefplekmeter-2018")).toBeNull();
  });
});

describe("the wheel and its text alternative", () => {
  it("draws the set's scale with good at the edge, an unanswered theme without a point", () => {
    const option = radarOption(wheel()) as any;
    expect(option.radar.indicator).toHaveLength(14);
    expect(option.radar.indicator[0]).toEqual({ name: "Bewegen", min: 1, max: 10 });
    // Clockwise as on paper: after the first theme on top, ECharts (anticlockwise) gets the last.
    expect(option.radar.indicator[1].name).toBe(wrapLabel("Meedoen en meepraten"));
    expect(option.series[0].data[0].value[13]).toBe("-");
    expect(option.series[0].data[0].value[0]).toBe(5);
    const seven = radarOption(wheel({ theme_set: "place-standard-2017", scale: { min: 1, max: 7 } })) as any;
    expect(seven.radar.indicator[0].max).toBe(7);
  });
  it("gives per theme the mean, the spread and n, in Dutch numbers", () => {
    const rows = wheelRows(wheel());
    expect(rows[0]).toEqual({ theme: "bewegen", label: "Bewegen", mean: "5,0", spread: "sd 1,3; middelste helft 4,5–6,5; van 3 tot 8", n: 6 });
    expect(rows[1].mean).toBe("niet beantwoord");
    expect(rows[1].spread).toBe("—");
    expect(spreadText({ theme: "x", n: 1, mean: 7, min: 7, q1: 7, median: 7, q3: 7, max: 7, good: [], better: [] })).toBe("geen (één antwoord)");
    expect(wrapLabel("Straten en openbare ruimtes")).toBe("Straten en\nopenbare ruimtes");
    expect(wrapLabel("Wonen")).toBe("Wonen");
  });
  it("names whose wheel it is, and reads the latest round first, everyone before the groups", () => {
    const group = wheel({ group: { attribute: "rol", value: "bewoner" } });
    expect(groupLabel(wheel())).toBe("iedereen");
    expect(groupLabel(group)).toBe("rol: bewoner");
    const older = wheel({ round: "2025" });
    expect(wheelOrder([older, group, wheel()]).map((x) => `${x.round}:${x.group.value}`)).toEqual(["2026:", "2026:bewoner", "2025:"]);
  });
});

describe("beside a spoke: the build's indicator of the same theme", () => {
  const groen: IndicatorInfo = { name: "afstand_groen", label: "Afstand tot groen", supplied: true, in_score: true, threshold: 300, unit: "m", decimals: 0 };
  it("gives this area's value, and whether it is worse than its threshold", () => {
    const lines = besideLines({ theme: "natuur_en_groen", label: "Natuur en groen", indicators: ["afstand_groen"] },
      { val_afstand_groen: 1234.4, worse_than_threshold_afstand_groen: 1 }, [groen]);
    expect(lines).toEqual([{ indicator: "afstand_groen", label: "Afstand tot groen", text: "1.234 m", worse: true }]);
  });
  it("says so when the build has no figure, or the indicator was not supplied", () => {
    expect(besideLines({ theme: "natuur_en_groen", label: "", indicators: ["afstand_groen"] }, {}, [groen])[0].text).toBe("geen waarde voor dit gebied");
    const missing = { ...groen, supplied: false, not_supplied: "geen groenlaag" } as IndicatorInfo;
    expect(besideLines({ theme: "natuur_en_groen", label: "", indicators: ["afstand_groen"] }, {}, [missing])[0].text).toBe("niet aangeleverd: geen groenlaag");
  });
});

describe("the client", () => {
  it("posts with the register's session token, and reads a refusal's Dutch message and field", async () => {
    const asked: { path: string; init?: RequestInit }[] = [];
    const fetchFn = async (path: string, init?: RequestInit) => {
      asked.push({ path, init });
      if (path === REGISTER_API.session.slice(1)) return json({ token: "abc" });
      return json({ error: "score 11 ligt buiten de schaal 1–10", field: "natuur_en_groen", status: 400 }, 400);
    };
    const client = new SurveyClient(fetchFn);
    const error = await client.post(formBody(emptyForm("BU03440101", "2026-05-01"))).catch((e) => e);
    expect(error.message).toBe("score 11 ligt buiten de schaal 1–10");
    expect(error.field).toBe("natuur_en_groen");
    const post = asked.find((a) => a.path === formsPath())!;
    expect((post.init!.headers as Record<string, string>)[REGISTER_API.token_header]).toBe("abc");
    expect(post.init!.method).toBe("POST");
  });
  it("reads no priority view when the served folder has no register", async () => {
    const client = new SurveyClient(async () => json({ error: "Geen register geopend" }, 404));
    expect(await client.priority()).toBeNull();
  });
});
