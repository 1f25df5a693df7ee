import { describe, expect, it } from "vitest";
import { conversationHtml, coverageOrder, coveragePath, loadConversation, promptsPath, sourcesText, unheardSummary, type Coverage } from "./conversation";
import { API, REGISTER } from "./register";

const area = (code: string, name: string, by_source: Record<string, number> = {}): Coverage =>
  ({ area_code: code, area_name: name, stories: Object.values(by_source).reduce((a, b) => a + b, 0), by_source });

describe("who is heard", () => {
  it("lists the buurten without a story first, then the least heard, equal counts by name", () => {
    const areas = [area("BU1", "Oog in Al", { bewoner: 2 }), area("BU2", "Lombok"), area("BU3", "Dichterswijk", { professional: 1 }), area("BU4", "Abstede")];
    expect(coverageOrder(areas).map((a) => a.area_name)).toEqual(["Abstede", "Lombok", "Dichterswijk", "Oog in Al"]);
    expect(areas[0].area_name).toBe("Oog in Al"); // the answer itself is left as it came
  });
  it("counts per source in the vocab's order with its Dutch labels", () => {
    const text = sourcesText({ professional: 1, bewoner: 2, photovoice: 0 });
    expect(text).toBe(`2 ${REGISTER.vocab.story_source.bewoner.nl}, 1 ${REGISTER.vocab.story_source.professional.nl}`);
    expect(sourcesText({})).toBe("");
  });
  it("says how many buurten are not heard", () => {
    expect(unheardSummary([area("BU1", "A", { bewoner: 1 }), area("BU2", "B"), area("BU3", "C")])).toBe("2 van de 3 buurten zonder verhaal");
  });
});

describe("the section", () => {
  const prompt = { area_code: "BU1", area_name: "Oog <in> Al", indicator: "groen", numbers_worse: false, stories: 1, text: "In Oog in Al is … Wat ervaren bewoners?" };
  it("says the prompts are questions, not verdicts, and makes every area a button", () => {
    const html = conversationHtml({ prompts: [prompt] }, { areas: [area("BU1", "Oog <in> Al", { bewoner: 1 }), area("BU2", "Lombok")] });
    expect(html).toContain("geen oordelen");
    expect(html).toContain("Gespreksvragen (1)");
    expect(html).toContain('<button type="button" data-area="BU1">Open Oog &#60;in&#62; Al</button>');
    // Lombok, not heard, comes before Oog in Al in the coverage list.
    const list = html.slice(html.indexOf('id="heard-list"'));
    expect(list.indexOf('data-area="BU2"')).toBeLessThan(list.indexOf('data-area="BU1"'));
    expect(list).toContain("nog geen verhaal");
    expect(html).not.toContain("<in>");
  });
  it("shows the server's reason when the map is no build", () => {
    const reason = "Deze kaart is een tijdreeks.";
    const html = conversationHtml({ prompts: [], reason }, { areas: [], reason });
    expect(html).toContain(reason);
    expect(html).not.toContain("Gespreksvragen (0)");
  });
});

describe("loadConversation", () => {
  it("asks the schema's paths relative to the app", async () => {
    const asked: string[] = [];
    const got = await loadConversation(async (path) => {
      asked.push(path);
      return new Response(JSON.stringify(path === promptsPath() ? { prompts: [] } : { areas: [] }));
    });
    expect(asked.sort()).toEqual([API.coverage.slice(1), API.prompts.slice(1)].sort());
    expect(coveragePath()).toBe(API.coverage.slice(1));
    expect(got).toEqual({ prompts: { prompts: [] }, coverage: { areas: [] } });
  });
  it("gives null when the register is not there", async () => {
    expect(await loadConversation(async () => new Response("{}", { status: 404 }))).toBeNull();
  });
});
