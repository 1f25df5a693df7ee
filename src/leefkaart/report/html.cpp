#include "report/html.hpp"

#include "core/text.hpp"

namespace leefkaart::report::html {

std::string escape(const std::string& text) { return markup_escape(text); }

namespace {
// System fonts only: a profile must open and print without a network.
constexpr const char* kStyle = R"css(
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; font-size: 10.5pt;
       line-height: 1.4; color: #1a1a1a; max-width: 182mm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 19pt; margin: 0 0 0.15em; }
h2 { font-size: 13pt; margin: 1.3em 0 0.4em; border-bottom: 1px solid #bbb; padding-bottom: 0.1em; }
.sub { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; }
th, td { text-align: left; padding: 0.25em 0.45em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.indicators, table.sources, table.buurten, table.wijken { font-size: 9pt; }
td small { display: block; color: #555; }
.keys { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.5em; margin: 0.5em 0 1em; }
.key { border: 1px solid #ccc; border-radius: 4px; padding: 0.4em 0.6em; }
.key b { display: block; font-size: 15pt; }
.key span { color: #444; font-size: 9pt; }
.status { border-left: 4px solid #888; background: #f6f6f6; padding: 0.4em 0.7em; margin: 0.6em 0; }
.status.attention { border-left-color: #c51b8a; }
figure { margin: 0.4em 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; color: #444; }
svg.map { max-width: 100%; height: auto; display: block; }
svg.bars { max-width: 100%; height: auto; display: block; }
figure.wheel svg { max-width: 100%; height: auto; display: block; }
.groups { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5em; }
.legend { display: flex; flex-wrap: wrap; gap: 0.3em 0.9em; font-size: 9pt; margin: 0.3em 0; }
.legend i { display: inline-block; width: 1.1em; height: 0.9em; border: 1px solid #777; vertical-align: -0.1em; margin-right: 0.3em; }
.legend i.hatched { background-image: repeating-linear-gradient(45deg, transparent 0 2px, #ffffff 2px 4px); }
.page { break-before: page; page-break-before: always; }
ul { margin: 0.3em 0 0.8em; padding-left: 1.3em; }
footer { margin-top: 2em; font-size: 8.5pt; color: #555; border-top: 1px solid #ccc; padding-top: 0.4em; }
a { color: #1a4f8b; }
tr, .key, .status, li { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9.5pt; }
  a { color: inherit; text-decoration: none; }
  nav.back { display: none; }
}
)css";
}  // namespace

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // No request may leave the file: the browser refuses any that would.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
         "<title>" +
         escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

}  // namespace leefkaart::report::html
