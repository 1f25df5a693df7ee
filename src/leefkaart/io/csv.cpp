#include "io/csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace leefkaart::io {

std::optional<CsvDialect> csv_dialect_from(std::string_view name) {
  if (name == "plain") return CsvDialect::Plain;
  if (name == "excel") return CsvDialect::Excel;
  return std::nullopt;
}

std::string to_string(CsvDialect dialect) { return dialect == CsvDialect::Excel ? "excel" : "plain"; }

char csv_separator(CsvDialect dialect) { return dialect == CsvDialect::Excel ? ';' : ','; }

std::string csv_number(double v, CsvDialect dialect) {
  if (!std::isfinite(v)) return {};
  // Round to 15 significant digits first (what a double holds reliably, and
  // what the CSVs carried before), then the shortest fixed notation of that.
  char sig[32];
  std::snprintf(sig, sizeof sig, "%.15g", v);
  const double rounded = std::strtod(sig, nullptr);
  char buf[400];  // fixed notation of a double needs at most ~330 characters
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed);
  if (ec != std::errc()) return {};
  std::string out(buf, end);
  if (out == "-0") out = "0";
  if (dialect == CsvDialect::Excel)
    for (char& c : out)
      if (c == '.') c = ',';
  return out;
}

namespace {

// "-12,5" → "-12.5"; anything else unchanged.
std::string decimal_point(std::string s) {
  if (!is_decimal_comma_number(s)) return s;
  s[s.find(',')] = '.';
  return s;
}

}  // namespace

bool is_decimal_comma_number(std::string_view s) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  std::size_t digits_before = 0, comma = std::string_view::npos, digits_after = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      (comma == std::string_view::npos ? digits_before : digits_after)++;
    } else if (c == ',' && comma == std::string_view::npos) {
      comma = i;
    } else {
      return false;
    }
  }
  return comma != std::string_view::npos && digits_before > 0 && digits_after > 0;
}

void append_csv_field(std::string& out, std::string_view field, CsvDialect dialect) {
  const char sep = csv_separator(dialect);
  // Text that looks like a decimal-comma number is quoted, so reading it back
  // (read_csv) keeps it as text.
  bool quote = dialect == CsvDialect::Excel && is_decimal_comma_number(field);
  for (char c : field)
    if (c == sep || c == '"' || c == '\n' || c == '\r') quote = true;
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

CsvTable read_csv(std::string_view text) {
  CsvTable table;
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    table.dialect = CsvDialect::Excel;
    text.remove_prefix(kUtf8Bom.size());
  }
  const char sep = csv_separator(table.dialect);
  std::vector<std::optional<std::string>> record;
  std::string field;
  bool quoted = false, was_quoted = false, any = false;
  auto end_field = [&] {
    if (field.empty() && !was_quoted)
      record.emplace_back(std::nullopt);
    else
      record.emplace_back(table.dialect == CsvDialect::Excel && !was_quoted ? decimal_point(std::move(field)) : std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (table.header.empty() && table.rows.empty() && !any) {
      for (auto& f : record) table.header.push_back(f.value_or(""));
      any = true;
    } else {
      table.rows.push_back(std::move(record));
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = was_quoted = true;
    } else if (c == sep) {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || was_quoted || !record.empty()) end_record();
  return table;
}

}  // namespace leefkaart::io
