#pragma once
// Attribute tables (CSV, XLSX, GeoPackage, DBF … anything OGR reads) keyed by
// CBS area code. Values stay text until asked for, so every parse error can
// name the file, row and field.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/cbs.hpp"

namespace leefkaart::io {

struct TableReadOptions {
  std::string key_field;
  std::optional<cbs::Level> key_level;  // to pad codes that lost leading zeros
  std::string layer;                    // sheet or layer; empty: the first
  std::vector<std::string> missing_markers = cbs::default_missing_markers();
};

class Table {
 public:
  std::string file;
  std::string key_field;
  std::vector<std::string> fields;
  std::vector<std::string> missing_markers;

  std::size_t field_index(const std::string& name) const;  // throws InputError with a suggestion
  std::optional<std::size_t> row_of(const std::string& code) const;
  // Number in a cell; nullopt when missing. Throws InputError naming file, row
  // and field for text, NaN, infinity, and values the column's name shows to be
  // impossible (cbs::quantity_of_field: a negative a_inw, a p_ share of 140 …).
  std::optional<double> number(std::size_t row, std::size_t field) const;
  // Throws InputError naming file, row and `what` (e.g. "a_1p_hh / a_hh × 100")
  // when a value computed from this row is implausible for its role.
  void require_plausible(std::size_t row, const std::string& what, double value, const cbs::Plausibility& p) const;
  const std::string& text(std::size_t row, std::size_t field) const { return cells_[row][field]; }
  const std::string& key(std::size_t row) const { return keys_[row]; }
  std::string row_label(std::size_t row) const;
  std::size_t row_count() const { return keys_.size(); }
  // Rows without a key (reported, not joined).
  const std::vector<std::string>& skipped() const { return skipped_; }
  // Doubts about the file that are not errors, for the run report.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  friend Table read_table(const std::string&, const TableReadOptions&);
  std::vector<std::string> keys_;
  std::vector<long long> row_numbers_;
  std::vector<long long> lines_;  // CSV: the line the row starts on, as an editor shows it
  std::vector<std::vector<std::string>> cells_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> skipped_;
  std::vector<std::string> warnings_;
};

Table read_table(const std::string& path, const TableReadOptions& opts);

}  // namespace leefkaart::io
