#include "io/sheet.hpp"

#include <fmt/format.h>
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

bool all_empty(const std::vector<std::optional<std::string>>& row) {
  for (const auto& v : row)
    if (v && !trim(*v).empty()) return false;
  return true;
}

void add_row(SheetTable& t, std::vector<std::optional<std::string>> row, std::size_t number) {
  if (all_empty(row)) return;
  t.rows.push_back(std::move(row));
  t.row_numbers.push_back(number);
}

// The workbook's first sheet, or the one named `sheet_name`; nullopt when it has no sheet of that name.
std::optional<SheetTable> read_workbook(const fs::path& path, const std::optional<std::string>& sheet_name = std::nullopt) {
  SheetTable t;
  t.file = path.string();
  t.workbook = true;
  GDALAllRegister();
  const char* const drivers[] = {"XLSX", nullptr};
  // The first row is always the header (AUTO would guess from the cell types);
  // types are detected so that date cells can be written as dates.
  const char* const options[] = {"HEADERS=FORCE", "FIELD_TYPES=AUTO", nullptr};
  // GDAL 3.6 reads a sheet's header lazily and there honours only the config
  // option, not the open option: a sheet of text cells alone (a kenmerken sheet)
  // would otherwise get Field1, Field2 and its header as a data row. Kept set
  // (thread-locally) while the sheet is read.
  CPLConfigOptionSetter headers("OGR_XLSX_HEADERS", "FORCE", false);
  std::unique_ptr<GDALDataset, DatasetCloser> ds(
      GDALDataset::Open(t.file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, nullptr));
  if (!ds) throw InputError({t.file, "", ""}, "cannot be opened as an XLSX workbook");
  if (ds->GetLayerCount() == 0) throw InputError({t.file, "", ""}, "the workbook has no sheet");
  // The XLSX driver gives each sheet as a layer named as the sheet.
  OGRLayer* sheet = sheet_name ? ds->GetLayerByName(sheet_name->c_str()) : ds->GetLayer(0);
  if (!sheet) return std::nullopt;
  OGRFeatureDefn* defn = sheet->GetLayerDefn();
  std::vector<OGRFieldType> types;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    t.header.push_back(trim(defn->GetFieldDefn(i)->GetNameRef()));
    types.push_back(defn->GetFieldDefn(i)->GetType());
  }
  sheet->ResetReading();
  std::size_t number = 0;
  for (auto& f : *sheet) {
    ++number;
    std::vector<std::optional<std::string>> row(t.header.size());
    for (int i = 0; i < static_cast<int>(t.header.size()); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      if (types[i] == OFTDate || types[i] == OFTDateTime) {
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
        float s = 0;
        f->GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &s, &tz);
        row[i] = h == 0 && mi == 0 && s == 0 ? fmt::format("{:04}-{:02}-{:02}", y, mo, d)
                                             : fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", y, mo, d, h, mi);
      } else {
        row[i] = f->GetFieldAsString(i);
      }
      if (row[i] && trim(*row[i]).empty()) row[i].reset();
    }
    add_row(t, std::move(row), number);
  }
  return t;
}

}  // namespace

std::string SheetTable::row_label(std::size_t row) const {
  const std::size_t n = row_numbers.at(row);
  return workbook ? fmt::format("row {} (spreadsheet row {})", n, n + 1) : fmt::format("row {}", n);
}

SheetTable read_sheet(const fs::path& path) {
  const std::string file = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError({file, "", ""}, "file not found");
  if (to_lower(path.extension().string()) == ".xlsx") return *read_workbook(path);
  const auto bytes = read_whole_file(path);
  if (!bytes) throw InputError({file, "", ""}, "cannot read the file");
  const CsvTable csv = read_csv(*bytes);
  SheetTable t;
  t.file = file;
  for (const auto& h : csv.header) t.header.push_back(trim(h));
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    if (csv.rows[r].size() > t.header.size() && !all_empty(csv.rows[r]))
      throw InputError({file, fmt::format("row {}", r + 1), ""},
                       fmt::format("{} values where the header has {} columns: a value with the separator in it needs quotes",
                                   csv.rows[r].size(), t.header.size()));
    auto row = csv.rows[r];
    row.resize(t.header.size());
    add_row(t, std::move(row), r + 1);
  }
  return t;
}

std::optional<SheetTable> read_workbook_sheet(const fs::path& path, const std::string& sheet) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError({path.string(), "", ""}, "file not found");
  return read_workbook(path, sheet);
}

}  // namespace leefkaart::io
