// Interface text: Dutch first, English as a switch.
export type Lang = "nl" | "en";

const TEXT = {
  title: { nl: "Gezondheidskaart", en: "Health map" },
  level: { nl: "Niveau", en: "Level" },
  cells: { nl: "Zeshoeken", en: "Hexagons" },
  buurten: { nl: "Buurten", en: "Neighbourhoods" },
  wijken: { nl: "Wijken", en: "Districts" },
  colour: { nl: "Kleur", en: "Colour" },
  score: { nl: "Score (aantal indicatoren met gezondheidswinst)", en: "Score (number of indicators with health to gain)" },
  flaggedBy: { nl: "Waar valt op", en: "Where flagged" },
  valueOf: { nl: "Waarde", en: "Value" },
  orBetter: { nl: "of beter", en: "or better" },
  orWorse: { nl: "of slechter", en: "or worse" },
  search: { nl: "Zoek buurt (naam of code)", en: "Find neighbourhood (name or code)" },
  legend: { nl: "Inwoners per score", en: "Residents per score" },
  noData: { nl: "geen score (te weinig inwoners of gegevens ontbreken)", en: "no score (too few residents or data missing)" },
  residents: { nl: "inwoners", en: "residents" },
  print: { nl: "Afdrukken", en: "Print" },
  png: { nl: "Opslaan als PNG", en: "Save as PNG" },
  clickHint: { nl: "Klik op de kaart voor uitleg.", en: "Click the map for an explanation." },
  masked: { nl: "verborgen achter het wijkgemiddelde", en: "hidden by the district average" },
  maskedLegend: { nl: "dikke rand: buurt scoort duidelijk slechter dan haar wijk", en: "thick outline: neighbourhood clearly worse than its district" },
  value: { nl: "waarde", en: "value" },
  threshold: { nl: "drempel", en: "threshold" },
  flagged: { nl: "gezondheidswinst te halen", en: "health to gain" },
  notFlagged: { nl: "in orde", en: "fine" },
  missing: { nl: "ontbreekt", en: "missing" },
  suppressed: { nl: "Minder dan 5 inwoners: sociale gegevens en score worden niet getoond.", en: "Fewer than 5 residents: social values and score are not shown." },
  incomplete: { nl: "Onvolledig", en: "Incomplete" },
  meanScore: { nl: "gemiddelde score", en: "mean score" },
  cell: { nl: "Zeshoek", en: "Hexagon" },
  cellScore: { nl: "score", en: "score" },
  notSupplied: { nl: "niet aangeleverd", en: "not supplied" },
  source: { nl: "Bron: CBS, gemeente, © OpenStreetMap-bijdragers", en: "Source: CBS, municipality, © OpenStreetMap contributors" },
  firstPaint: { nl: "eerste beeld", en: "first paint" },
  interactive: { nl: "kaart bruikbaar", en: "map interactive" },
  loading: { nl: "Kaart laden…", en: "Loading map…" },
} as const;

export type Key = keyof typeof TEXT;

export function t(key: Key, lang: Lang): string {
  return TEXT[key][lang];
}
