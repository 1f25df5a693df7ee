#pragma once
// The report's HTML: escaping and the page around a profile, with its CSS
// inline and an A4 print layout. Nothing is fetched: no scripts, fonts,
// images or style sheets from elsewhere.
#include <string>

namespace leefkaart::report::html {

// Text for element content and attribute values: & < > " ' escaped.
std::string escape(const std::string& text);

// A complete HTML document (lang="nl") with the report's inline style.
std::string page(const std::string& title, const std::string& body);

}  // namespace leefkaart::report::html
