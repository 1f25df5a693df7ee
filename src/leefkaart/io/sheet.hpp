#pragma once
// A spreadsheet read as text, whatever it was written in: a CSV of either
// dialect (io/csv.hpp) or the first sheet of an XLSX workbook (GDAL's XLSX
// driver; its first row is the header). Values stay text, so every reader can
// name the file, row and field of a bad one; date cells of a workbook come as
// YYYY-MM-DD, the way a CSV writes them.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace leefkaart::io {

struct SheetTable {
  std::string file;
  bool workbook = false;  // an XLSX: rows are named with the row number the spreadsheet shows too
  std::vector<std::string> header;  // trimmed
  // One entry per column; std::nullopt where the cell is empty. Rows with no
  // value at all are left out (a workbook often ends in empty rows).
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::size_t> row_numbers;  // the data row each of `rows` is (1 = the first below the header)
  // "row 3", or for a workbook "row 3 (spreadsheet row 4)".
  std::string row_label(std::size_t row) const;
};

// Reads `path` by its extension: .xlsx through OGR, anything else as CSV.
// InputError naming the file when it cannot be read.
SheetTable read_sheet(const std::filesystem::path& path);

// The sheet named `sheet` of an XLSX workbook (the same reading as above);
// std::nullopt when the workbook has no sheet of that name.
std::optional<SheetTable> read_workbook_sheet(const std::filesystem::path& path, const std::string& sheet);

}  // namespace leefkaart::io
