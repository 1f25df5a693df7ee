#include "io/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <stdexcept>

namespace leefkaart::io {
namespace fs = std::filesystem;

namespace {

struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const { workbook_close(wb); }
};

// Excel holds at most 32 767 characters in a cell; a longer text (a long list
// of buurt names) is cut at a UTF-8 character boundary rather than failing the run.
std::string cell_text(const std::string& v) {
  constexpr std::size_t kMax = 32767;
  if (v.size() <= kMax) return v;
  std::size_t n = kMax - 3;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return v.substr(0, n) + "...";
}

void check(lxw_error err, const fs::path& path, const std::string& what) {
  if (err != LXW_NO_ERROR) throw std::runtime_error(fmt::format("cannot write {} ({}): {}", path.string(), what, lxw_strerror(err)));
}

}  // namespace

void write_xlsx(const fs::path& path, const std::vector<XlsxSheet>& sheets) {
  for (const XlsxSheet& s : sheets) {
    if (s.name.empty() || s.name.size() > 31 || s.name.find_first_of("[]:*?/\\") != std::string::npos)
      throw std::invalid_argument(fmt::format("'{}' cannot name an Excel sheet", s.name));
    if (s.layer->rows.size() + 1 > kXlsxMaxRows)
      throw std::invalid_argument(fmt::format("{} has {} rows; an Excel sheet holds at most {}", s.name, s.layer->rows.size(),
                                              kXlsxMaxRows - 1));
  }
  // constant_memory: rows go to a temporary file (the system's, never the
  // result set's folder) as written, so a large table is not held twice.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new_opt(path.c_str(), &options));
  if (!wb) throw std::runtime_error("cannot create " + path.string());
  lxw_format* header = workbook_add_format(wb.get());
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_TOP);

  for (const XlsxSheet& s : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), s.name.c_str());
    if (!ws) throw std::runtime_error(fmt::format("cannot add sheet {} to {}", s.name, path.string()));
    const LayerData& layer = *s.layer;
    const auto ncols = static_cast<lxw_col_t>(layer.fields.size());
    // Freeze panes and column widths must precede the rows in constant_memory mode.
    worksheet_freeze_panes(ws, 1, 0);
    for (lxw_col_t c = 0; c < ncols; ++c) {
      const std::string& title = layer.fields[c].alias.empty() ? layer.fields[c].name : layer.fields[c].alias;
      const double width = std::clamp<double>(static_cast<double>(title.size()) * 0.9, 10, 40);
      check(worksheet_set_column(ws, c, c, width, nullptr), path, s.name);
    }
    for (lxw_col_t c = 0; c < ncols; ++c) {
      const std::string& title = layer.fields[c].alias.empty() ? layer.fields[c].name : layer.fields[c].alias;
      check(worksheet_write_string(ws, 0, c, title.c_str(), header), path, s.name);
    }
    for (std::size_t i = 0; i < layer.rows.size(); ++i) {
      const auto r = static_cast<lxw_row_t>(i + 1);
      const auto& row = layer.rows[i];
      for (std::size_t j = 0; j < row.size() && j < layer.fields.size(); ++j) {
        const auto c = static_cast<lxw_col_t>(j);
        std::visit(
            [&](const auto& v) {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, long long>)
                check(worksheet_write_number(ws, r, c, static_cast<double>(v), nullptr), path, s.name);
              else if constexpr (std::is_same_v<T, double>) {
                if (std::isfinite(v)) check(worksheet_write_number(ws, r, c, v, nullptr), path, s.name);
              } else if constexpr (std::is_same_v<T, std::string>) {
                if (!v.empty()) check(worksheet_write_string(ws, r, c, cell_text(v).c_str(), nullptr), path, s.name);
              }
            },
            row[j]);
      }
    }
    if (ncols > 0) check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(layer.rows.size()), ncols - 1), path, s.name);
  }
  const lxw_error err = workbook_close(wb.release());
  check(err, path, "closing");
}

}  // namespace leefkaart::io
