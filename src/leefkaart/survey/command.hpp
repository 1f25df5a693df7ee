#pragma once
// `leefkaart survey import`: Leefplekmeter forms from a CSV or XLSX into the
// project's register, all rows or none. Returns what to print, in Dutch; bad
// input throws InputError before anything is written (a store that did not
// exist before a failed import does not exist after).
#include <optional>
#include <string>

namespace leefkaart::survey {

struct ImportOptions {
  std::optional<std::string> build;      // --build: output folder whose buurt/wijk codes the forms may name
  bool allow_mixed_sets = false;         // --gemengd: the file mixes theme sets (scales) on purpose
  std::optional<std::string> kenmerken;  // --kenmerken: declared attribute values beside a CSV (kenmerk,waarde)
};

std::string import_command(const std::string& store, const std::string& file, const ImportOptions& options = {});

}  // namespace leefkaart::survey
