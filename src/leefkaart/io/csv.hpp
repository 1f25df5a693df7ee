#pragma once
// CSV in two dialects. `plain`: comma, decimal point, no BOM (for scripts and
// GIS tools). `excel`: what Dutch Excel opens as columns without an import
// wizard: UTF-8 with a byte order mark (else "Mariëndaalstraat" is garbled),
// `;` between fields and a decimal comma. Numbers are never written in
// scientific notation ("2.5e-05" reads as text in Excel) and keep 15
// significant digits.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leefkaart::io {

enum class CsvDialect { Plain, Excel };

// "plain" / "excel"; std::nullopt for any other name.
std::optional<CsvDialect> csv_dialect_from(std::string_view name);
std::string to_string(CsvDialect dialect);

// A real number as the dialect writes it: fixed notation, at most 15
// significant digits, no trailing zeros; empty for NaN and infinities.
std::string csv_number(double v, CsvDialect dialect);

// "-12,5": a number as the excel dialect writes it (digits, one decimal comma).
bool is_decimal_comma_number(std::string_view s);

// Writes one field, quoted when it holds the separator, a quote or a line
// break, or (excel) when text would read as a decimal-comma number.
void append_csv_field(std::string& out, std::string_view field, CsvDialect dialect);
char csv_separator(CsvDialect dialect);
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct CsvTable {
  CsvDialect dialect = CsvDialect::Plain;
  std::vector<std::string> header;
  // One entry per column; std::nullopt where the field is empty.
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Reads a CSV of either dialect (a leading BOM means excel, and then `;` and
// decimal commas are expected). In excel files a field that is a number with a
// decimal comma ("-0,25") is returned with a decimal point, so readers see
// the same values whichever dialect was written; quoted fields stay text.
CsvTable read_csv(std::string_view text);

}  // namespace leefkaart::io
