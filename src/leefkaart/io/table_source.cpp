#include "io/table_source.hpp"

#include <cpl_csv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace leefkaart::io {
namespace {

// One record of a CSV file as GDAL's CSV driver splits it.
struct CsvRecord {
  long long line = 0;      // where it starts, counting from 1
  std::size_t values = 0;  // number of separated values
};
struct CsvLayout {
  std::vector<CsvRecord> records;  // the header first
  bool ends_with_line_break = true;
};

// The records of a CSV file with the separator GDAL picks (tab for .tsv, else
// detected from the header), quotes honoured and blank lines skipped as GDAL
// does. GDAL itself fills a row that is cut short with nulls, drops the extra
// values of a row that is too long, and closes a quote left open at the end of
// the file: all silently. This scan finds them, and gives each row its real line.
CsvLayout scan_csv(const std::string& path, const std::string& ext) {
  const auto bytes = read_whole_file(path);
  if (!bytes) throw InputError({path, "", ""}, "cannot read the file");
  std::string_view text = *bytes;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  char sep = '\t';
  if (ext != ".tsv") {
    const std::string header(text.substr(0, text.find('\n')));
    sep = CSVDetectSeperator(header.c_str());
  }
  std::vector<CsvRecord> records;
  long long line = 1, quote_line = 0;
  CsvRecord current{1, 1};
  bool in_quotes = false, blank = true;
  for (char ch : text) {
    if (ch == '"') {
      in_quotes = !in_quotes;
      if (in_quotes) quote_line = line;
      blank = false;
    } else if (ch == '\n') {
      ++line;
      if (in_quotes) continue;
      if (!blank) records.push_back(current);
      current = {line, 1};
      blank = true;
    } else if (ch == sep && !in_quotes) {
      ++current.values;
      blank = false;
    } else if (ch != '\r') {
      blank = false;
    }
  }
  if (in_quotes)
    throw InputError({path, fmt::format("line {}", quote_line), ""},
                     "a quoted value opened here is never closed: the file is cut off, or a quote is missing");
  if (!blank) records.push_back(current);
  return {std::move(records), text.empty() || text.back() == '\n'};
}

}  // namespace

std::size_t Table::field_index(const std::string& name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i] == name) return i;
  throw InputError({file, "", name}, "no such column" + did_you_mean(name, fields));
}

std::optional<std::size_t> Table::row_of(const std::string& code) const {
  auto it = index_.find(code);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string Table::row_label(std::size_t row) const {
  if (lines_[row] > 0) return fmt::format("row {} (line {}, {})", row_numbers_[row], lines_[row], keys_[row]);
  return fmt::format("row {} ({})", row_numbers_[row], keys_[row]);
}

std::optional<double> Table::number(std::size_t row, std::size_t field) const {
  std::optional<double> value;
  try {
    value = cbs::parse_number(cells_[row][field], missing_markers);
  } catch (const std::invalid_argument& e) {
    throw InputError({file, row_label(row), fields[field]}, e.what());
  }
  if (value) require_plausible(row, fields[field], *value, {cbs::quantity_of_field(fields[field]), std::nullopt});
  return value;
}

void Table::require_plausible(std::size_t row, const std::string& what, double value, const cbs::Plausibility& p) const {
  if (auto problem = cbs::implausible(value, p, cbs::level_of(keys_[row])))
    throw InputError({file, row_label(row), what},
                     *problem + "; fix the table, or, if the value marks a missing figure, list it in missing_values");
}

Table read_table(const std::string& path, const TableReadOptions& opts) {
  GDALAllRegister();
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "file not found");
  const std::string ext = to_lower(std::filesystem::path(path).extension().string());
  const bool is_csv = ext == ".csv" || ext == ".tsv" || ext == ".txt";
  // Keep every CSV column as text: CBS markers and decimal commas are ours to parse.
  const char* csv_options[] = {"HEADERS=YES", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", nullptr};
  const char* csv_driver[] = {"CSV", nullptr};
  GDALDataset* raw = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, is_csv ? csv_driver : nullptr,
                                       is_csv ? csv_options : nullptr, nullptr);
  if (!raw) throw InputError({path, "", ""}, "GDAL cannot read this file as a table (unknown or damaged format)");
  std::unique_ptr<GDALDataset, void (*)(GDALDataset*)> ds(raw, [](GDALDataset* d) { GDALClose(d); });
  OGRLayer* layer = opts.layer.empty() ? (ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr)
                                       : ds->GetLayerByName(opts.layer.c_str());
  if (!layer) throw InputError({path, "", ""}, opts.layer.empty() ? "the file has no table" : "no sheet or layer '" + opts.layer + "'");

  Table t;
  t.file = path;
  t.key_field = opts.key_field;
  t.missing_markers = opts.missing_markers;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) t.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  if (t.fields.empty()) throw InputError({path, "", ""}, "the table has no columns");
  const std::size_t key_idx = t.field_index(opts.key_field);

  // CSV: records[0] is the header, records[n] holds data row n (GDAL's FID).
  std::vector<CsvRecord> records;
  if (is_csv) {
    CsvLayout layout = scan_csv(path, ext);
    records = std::move(layout.records);
    // Every export ends its last row with a line break; a file that stops
    // without one may have been cut off inside the last value ("1." of "1.4").
    if (!layout.ends_with_line_break && records.size() > 1)
      t.warnings_.push_back(fmt::format("{}: line {}: the file does not end with a line break, as a complete export does; "
                                        "if it was cut off, the last value of this row may be incomplete: check it",
                                        path, records.back().line));
  }
  // Trusted only when it agrees with GDAL on the header and the number of rows
  // (GDAL may pick another separator for odd headers mixing tabs and commas).
  const bool layout_known = is_csv && static_cast<long long>(records.size()) == layer->GetFeatureCount() + 1 &&
                            records.front().values == t.fields.size();
  auto line_of = [&](long long fid) -> long long {
    if (!is_csv) return 0;
    return layout_known && fid >= 1 && fid < static_cast<long long>(records.size()) ? records[fid].line : fid + 1;
  };
  auto where = [&](long long fid) {
    return is_csv ? fmt::format("row {} (line {})", fid, line_of(fid)) : fmt::format("row {}", fid);
  };

  for (auto& feature : *layer) {
    const long long fid = feature->GetFID();
    std::vector<std::string> row(t.fields.size());
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const int f = static_cast<int>(i);
      // GDAL leaves the columns after the end of a short CSV row unset (an empty value is set, to "").
      if (is_csv && !feature->IsFieldSet(f))
        throw InputError({path, where(fid), t.fields[i]},
                         fmt::format("the row ends after {} of the {} columns: it is cut off (a truncated file?); "
                                     "complete the row or remove it",
                                     i, t.fields.size()));
      if (feature->IsFieldSetAndNotNull(f)) row[i] = feature->GetFieldAsString(f);
    }
    if (layout_known && records[fid].values > t.fields.size())
      throw InputError({path, where(fid), ""},
                       fmt::format("the row has {} values but the header has {} columns; is there a separator inside "
                                   "an unquoted value (e.g. a decimal comma in a comma-separated file)? Quote that "
                                   "value or fix the row",
                                   records[fid].values, t.fields.size()));
    const std::string key = cbs::normalise_code(row[key_idx], opts.key_level);
    if (key.empty()) {
      t.skipped_.push_back(where(fid));
      continue;
    }
    auto [it, inserted] = t.index_.emplace(key, t.keys_.size());
    if (!inserted)
      throw InputError({path, where(fid), opts.key_field},
                       fmt::format("duplicate code {} (first seen in {})", key, t.row_label(it->second)));
    t.keys_.push_back(key);
    t.row_numbers_.push_back(fid);
    t.lines_.push_back(line_of(fid));
    t.cells_.push_back(std::move(row));
  }
  if (t.keys_.empty()) throw InputError({path, "", opts.key_field}, "the table has no rows with a code");
  return t;
}

}  // namespace leefkaart::io
