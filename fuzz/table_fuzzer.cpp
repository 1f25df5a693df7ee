// Fuzzes the CBS table reader (io::read_table on a CSV file) and the number parsing of every
// cell (CBS missing markers, decimal commas), as an indicator source uses them.
#include "harness.hpp"
#include "io/table_source.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  leefkaart::fuzz::quiet_gdal();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = leefkaart::fuzz::input_file(".csv");
  leefkaart::fuzz::write_file(path, data, size);
  // The key column is the input's first column name, so the reader gets past the header as
  // with a real table; the first byte also picks whether short codes are padded as buurten.
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string key = text.substr(0, text.find_first_of(",;\t\r\n"));
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') key = key.substr(1, key.size() - 2);
  leefkaart::io::TableReadOptions options;
  options.key_field = key;
  if (size > 0 && (data[0] & 1)) options.key_level = leefkaart::cbs::Level::Buurt;
  leefkaart::fuzz::expect_clean([&] {
    const auto table = leefkaart::io::read_table(path, options);
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      (void)table.row_of(table.key(row));
      (void)table.row_label(row);
      for (std::size_t field = 0; field < table.fields.size(); ++field) {
        leefkaart::fuzz::expect_clean([&] { (void)table.number(row, field); });
      }
    }
  });
  return 0;
}
