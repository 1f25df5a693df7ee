import { describe, expect, it } from "vitest";
import {
  API, READS, REGISTER, RegisterClient, RegisterError, areaPath, areasWithIntervention, bodyFrom, dateText, markersOf, markersText,
  photoPath, storiesByTheme, vocabLabel, vocabWords, yearFraction, type Intervention,
} from "./register";

// A server in a function: answers by path, and records what it was asked.
function fakeServer(routes: Record<string, (init?: RequestInit) => Response>) {
  const asked: { path: string; init?: RequestInit }[] = [];
  const fetchFn = async (path: string, init?: RequestInit) => {
    asked.push({ path, init });
    const route = routes[path];
    return route ? route(init) : new Response(JSON.stringify({ error: "niet gevonden" }), { status: 404 });
  };
  return { asked, fetchFn };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("the register's words and paths come from schema/register.json", () => {
  it("labels a vocab word in Dutch and English, an unknown word as it is", () => {
    expect(vocabLabel("intervention_type", "hardware")).toBe(REGISTER.vocab.intervention_type.hardware.nl);
    expect(vocabLabel("intervention_type", "hardware", "en")).toBe(REGISTER.vocab.intervention_type.hardware.en);
    expect(vocabLabel("domain", "onbekend")).toBe("onbekend");
    expect(vocabWords("direction")).toEqual(Object.keys(REGISTER.vocab.direction));
  });
  it("asks relative to where the app is served", () => {
    expect(areaPath("BU03440000")).toBe(API.area.slice(1).replace("{code}", "BU03440000"));
    expect(photoPath("a b.jpg")).toBe(API.photos.slice(1).replace("{name}", "a%20b.jpg"));
  });
  it("reads only fields that api.json lists", () => {
    for (const [kind, fields] of Object.entries(READS)) {
      const listed = (API.json as Record<string, unknown>)[kind] as string[];
      expect(listed, kind).toBeDefined();
      for (const f of fields) expect(listed, `${kind}.${f}`).toContain(f);
    }
  });
});

describe("RegisterClient", () => {
  it("says there is no register when GET register answers 404", async () => {
    const { fetchFn } = fakeServer({});
    expect(await new RegisterClient(fetchFn).load()).toBeNull();
  });
  it("reads the register and an area", async () => {
    const area = { code: "BU1", interventions: [], questions: [], cycles: [], stories: [] };
    const { fetchFn } = fakeServer({
      [API.register.slice(1)]: () => json({ schema_version: 2, interventions: [], questions: [], cycles: [], notes: [], stories: [] }),
      [areaPath("BU1")]: () => json(area),
    });
    const client = new RegisterClient(fetchFn);
    expect((await client.load())?.schema_version).toBe(2);
    expect(await client.area("BU1")).toEqual(area);
  });
  it("asks for the session token once and sends it with every write as JSON", async () => {
    const posted: RequestInit[] = [];
    const { asked, fetchFn } = fakeServer({
      [API.session.slice(1)]: () => json({ token: "t0k" }),
      [API.interventions.slice(1)]: (init) => (posted.push(init!), json({ code: "I1" })),
    });
    const client = new RegisterClient(fetchFn);
    await client.post("interventions", { code: "I1" });
    await client.post("interventions", { code: "I2" });
    expect(asked.filter((a) => a.path === API.session.slice(1))).toHaveLength(1);
    expect(posted).toHaveLength(2);
    for (const init of posted) {
      expect(init.method).toBe("POST");
      expect((init.headers as Record<string, string>)[API.token_header]).toBe("t0k");
      expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
    }
    expect(JSON.parse(posted[1].body as string)).toEqual({ code: "I2" });
  });
  it("sends a story with a photo as multipart: the story's JSON and the file", async () => {
    let sent: RequestInit | undefined;
    const { fetchFn } = fakeServer({
      [API.session.slice(1)]: () => json({ token: "t" }),
      [API.stories.slice(1)]: (init) => ((sent = init), json({ id: 1 })),
    });
    await new RegisterClient(fetchFn).post("stories", { text: "Het plein is nu groen" }, new Blob([new Uint8Array([0xff, 0xd8])], { type: "image/jpeg" }));
    const form = sent!.body as FormData;
    expect(JSON.parse(form.get("story") as string)).toEqual({ text: "Het plein is nu groen" });
    expect(form.get("photo")).toBeInstanceOf(Blob);
    expect((sent!.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
  });
  it("turns a refusal into the server's Dutch message and the field it names", async () => {
    const { fetchFn } = fakeServer({
      [API.session.slice(1)]: () => json({ token: "t" }),
      [API.interventions.slice(1)]: () => json({ error: "Een gestopte interventie heeft een reden nodig.", field: "stop_reason" }, 400),
    });
    const error = (await new RegisterClient(fetchFn).post("interventions", { status: "gestopt" }).catch((e) => e)) as RegisterError;
    expect(error).toBeInstanceOf(RegisterError);
    expect(error.message).toBe("Een gestopte interventie heeft een reden nodig.");
    expect(error.field).toBe("stop_reason");
    expect(error.status).toBe(400);
  });
  it("asks for the token again after a failed ask", async () => {
    let calls = 0;
    const { fetchFn } = fakeServer({ [API.session.slice(1)]: () => (++calls === 1 ? json({ error: "nee" }, 403) : json({ token: "ok" })) });
    const client = new RegisterClient(fetchFn);
    await expect(client.token()).rejects.toThrow("nee");
    expect(await client.token()).toBe("ok");
  });
});

describe("bodyFrom: a form's entries as a POST body", () => {
  it("keeps only api.json's fields, trims, leaves empty optional fields out and makes lists and aims", () => {
    const body = bodyFrom("intervention", [
      ["code", " I1 "], ["name", "Buurttuin"], ["areas", "BU1"], ["status", "lopend"], ["stop_reason", ""],
      ["planned_start", "2021-03-15"], ["types", "hardware"], ["types", "orgware"], ["situatie", "  "],
      ["indicator:groen", "omhoog"], ["indicator:geluid", ""], ["unknown_field", "x"],
    ]);
    expect(body).toEqual({
      code: "I1", name: "Buurttuin", areas: ["BU1"], status: "lopend", planned_start: "2021-03-15", types: ["hardware", "orgware"],
      indicators: [{ indicator: "groen", direction: "omhoog" }],
    });
  });
  it("sends consent and publishable as yes/no, also when unticked", () => {
    expect(bodyFrom("story", [["text", "Veel te warm in de zomer"], ["consent", "true"]])).toMatchObject({ consent: true, publishable: false });
  });
  it("leaves a file out of the JSON", () => {
    expect(bodyFrom("story", [["photo", new Blob([])], ["text", "x"]])).not.toHaveProperty("photo");
  });
});

describe("marks on the trend chart", () => {
  const interventions: Intervention[] = [
    { code: "I1", name: "Buurttuin", status: "lopend", planned_start: "2020-01-01", actual_start: "2021-07-02" },
    { code: "I2", name: "Wijkteam", status: "gestopt", stop_reason: "geld op", planned_start: "2019-01-01", actual_end: "2022-01-01" },
    { code: "I3", name: "Speelplek", status: "gepland" },
  ];
  it("places a date on the year axis", () => {
    expect(yearFraction("2021-01-01")).toBe(2021);
    expect(yearFraction("2021-07-02")).toBeCloseTo(2021.5, 2);
    expect(yearFraction("geen datum")).toBeNaN();
  });
  it("marks the actual start, else the planned; the stop of a stopped one; the cycles; in date order", () => {
    const m = markersOf({ interventions: [...interventions, interventions[0]], cycles: [{ date: "2021-09-01", kind: "reflectie", text: "" }] });
    expect(m.map((x) => [x.kind, x.date, x.label])).toEqual([
      ["start", "2019-01-01", "start Wijkteam"],
      ["start", "2021-07-02", "start Buurttuin"],
      ["cycle", "2021-09-01", `cyclus: ${vocabLabel("cycle_kind", "reflectie")}`],
      ["stop", "2022-01-01", "gestopt Wijkteam"],
    ]);
    expect(markersText(m.slice(0, 2))).toBe("start Wijkteam 01-01-2019; start Buurttuin 02-07-2021");
  });
  it("writes dates the Dutch way", () => {
    expect(dateText("2021-03-15")).toBe("15-03-2021");
    expect(dateText("2021-03-15", "en")).toBe("2021-03-15");
    expect(dateText(undefined)).toBe("—");
  });
});

describe("areas with an intervention of type X since year Y", () => {
  const list: Intervention[] = [
    { code: "A", name: "a", status: "lopend", areas: ["BU1", "WK1"], types: ["hardware"], actual_start: "2021-05-01", planned_start: "2019-01-01" },
    { code: "B", name: "b", status: "lopend", areas: ["BU2"], types: ["software"], planned_start: "2018-01-01" },
    { code: "C", name: "c", status: "gepland", areas: ["BU3"], types: ["hardware"] },
  ];
  it("takes the actual start over the planned one, and leaves out what has no start", () => {
    expect([...areasWithIntervention(list, "hardware", 2020)].sort()).toEqual(["BU1", "WK1"]);
    expect([...areasWithIntervention(list, "hardware", 2022)]).toEqual([]);
    expect([...areasWithIntervention(list, "", 2018)].sort()).toEqual(["BU1", "BU2", "WK1"]);
  });
});

describe("stories beside their indicators", () => {
  it("groups stories by the indicator names among their themes; others apart", () => {
    const s1 = { date: "2022-01-01", area_code: "BU1", source: "bewoner", text: "Geen bankje", themes: ["groen", "LPM-3"] };
    const s2 = { date: "2022-01-02", area_code: "BU1", source: "bewoner", text: "Druk", themes: ["LPM-3"] };
    const g = storiesByTheme([s1, s2], ["groen", "geluid"]);
    expect(g.get("groen")).toEqual([s1]);
    expect(g.get("")).toEqual([s2]);
    expect(g.has("geluid")).toBe(false);
  });
});
