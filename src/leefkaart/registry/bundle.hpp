#pragma once
// The register as one JSON file that teams, areas and municipalities can
// exchange (schema/register.json "bundle"): every table of questions,
// interventions, cycles, notes and stories, row by row, with the store's
// schema version. It holds no personal data: a story not marked publishable
// (and its themes) stays out, no photo travels (they stay in the store and its
// backups), and a story located at "buurt" precision travels without its
// coordinates. A bundle is imported whole or not at all.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "registry/store.hpp"

namespace leefkaart::registry {

// The tables a bundle carries, parents before children; every other table of
// the register is named in bundle_excluded_tables() with its reason, so a new
// table cannot slip into a bundle without a decision (a test checks both lists
// cover the register).
const std::vector<std::string>& bundle_tables();
struct ExcludedTable {
  std::string table;
  std::string why;
};
const std::vector<ExcludedTable>& bundle_excluded_tables();

// The whole register as a bundle; `exported` is the date written in it.
nlohmann::json export_bundle(Store& store, const std::string& exported);

struct BundleImport {
  std::size_t rows = 0;       // rows added
  bool kept_ids = false;      // into an empty register: ids as in the bundle (an exact copy)
};
// Adds a bundle's rows in one transaction. Into an empty register the ids are
// kept, so export → import → export gives the same bundle; into a register with
// records of its own, new ids are given and links follow them, themes are
// matched by name, and a question nr or intervention code already present is
// refused. Throws InputError naming `file`, the table and row ("intervention[3]")
// and the field for anything wrong: not a bundle, a newer bundle format or
// register schema than this leefkaart knows, an unknown table or column, a
// value the register refuses. Nothing is added then.
BundleImport import_bundle(Store& store, const nlohmann::json& bundle, const std::string& file);

// Reads and parses a bundle file (InputError naming the file and the byte for
// bad JSON); writes one atomically (beside it, then renamed).
nlohmann::json read_bundle(const std::filesystem::path& file);
void write_bundle(const nlohmann::json& bundle, const std::filesystem::path& file);

}  // namespace leefkaart::registry
