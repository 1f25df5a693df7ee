#pragma once
// An Excel workbook (.xlsx, libxlsxwriter) of attribute tables: one sheet per
// layer, the header row in the fields' Dutch aliases (the name where a field
// has none), frozen, with an autofilter; numbers stored as numbers, so Excel
// sorts and sums them whatever the reader's locale.
#include <filesystem>
#include <string>
#include <vector>

#include "io/output.hpp"

namespace leefkaart::io {

struct XlsxSheet {
  std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rules)
  const LayerData* layer = nullptr;
};

// Excel's limit: a sheet holds at most this many rows, the header included.
inline constexpr std::size_t kXlsxMaxRows = 1'048'576;

// Throws std::runtime_error naming the file when it cannot be written, and
// std::invalid_argument for a sheet name Excel refuses or a table too long.
void write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

}  // namespace leefkaart::io
