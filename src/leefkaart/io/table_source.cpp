#include "io/table_source.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace leefkaart::io {

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
  if (line_numbers_) return fmt::format("row {} (line {}, {})", row_numbers_[row], row_numbers_[row] + 1, keys_[row]);
  return fmt::format("row {} ({})", row_numbers_[row], keys_[row]);
}

std::optional<double> Table::number(std::size_t row, std::size_t field) const {
  try {
    return cbs::parse_number(cells_[row][field], missing_markers);
  } catch (const std::invalid_argument& e) {
    throw InputError({file, row_label(row), fields[field]}, e.what());
  }
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
  t.line_numbers_ = is_csv;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) t.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  if (t.fields.empty()) throw InputError({path, "", ""}, "the table has no columns");
  const std::size_t key_idx = t.field_index(opts.key_field);

  for (auto& feature : *layer) {
    std::vector<std::string> row(t.fields.size());
    for (std::size_t i = 0; i < t.fields.size(); ++i)
      if (feature->IsFieldSetAndNotNull(static_cast<int>(i))) row[i] = feature->GetFieldAsString(static_cast<int>(i));
    const std::string key = cbs::normalise_code(row[key_idx], opts.key_level);
    const long long fid = feature->GetFID();
    if (key.empty()) {
      t.skipped_.push_back(is_csv ? fmt::format("row {} (line {})", fid, fid + 1) : fmt::format("row {}", fid));
      continue;
    }
    auto [it, inserted] = t.index_.emplace(key, t.keys_.size());
    if (!inserted)
      throw InputError({path, is_csv ? fmt::format("row {} (line {})", fid, fid + 1) : fmt::format("row {}", fid),
                        opts.key_field},
                       fmt::format("duplicate code {} (first seen in {})", key, t.row_label(it->second)));
    t.keys_.push_back(key);
    t.row_numbers_.push_back(fid);
    t.cells_.push_back(std::move(row));
  }
  if (t.keys_.empty()) throw InputError({path, "", opts.key_field}, "the table has no rows with a code");
  return t;
}

}  // namespace leefkaart::io
