#pragma once
// `leefkaart registry`: the learning-question register on the command line.
// Each returns what to print; bad input throws InputError before anything is
// written (a store that did not exist before a failed command does not exist after).
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "registry/questions.hpp"

namespace leefkaart::registry {

// Runs `work` on the store; when the store did not exist before and the work
// fails, the file it created is removed again, so a failed command writes nothing.
template <class F>
auto with_new_store_undone_on_failure(const std::string& store, F&& work) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(store, ec);
  try {
    return work();
  } catch (...) {
    if (!existed) {
      std::filesystem::remove(store, ec);
      std::filesystem::remove(store + "-wal", ec);
      std::filesystem::remove(store + "-shm", ec);
    }
    throw;
  }
}

std::string import_command(const std::string& store, const std::string& questions_csv);

// What one `registry import` reads: exactly one of the files, each a CSV or an
// XLSX (learning questions too, since read_questions_csv reads workbooks); `build`
// (an output folder of `leefkaart build` or `series`) for interventions and stories,
// whose areas and indicators they are checked against; a cycle is pinned to it.
struct ImportFiles {
  std::string questions, interventions, stories, cycles;  // CSV or XLSX
  std::string bundle;  // a bundle written by `registry export`
  std::string build;
};
std::string import_command(const std::string& store, const ImportFiles& files);
std::string list_command(const std::string& store);
// Writes the whole register as a bundle (registry/bundle.hpp) to `to`.
std::string export_command(const std::string& store, const std::string& to);
std::string backup_command(const std::string& store, const std::string& to);
std::string restore_command(const std::string& store, const std::string& from);

// The questions per theme in plain Dutch (what `registry list` prints).
std::string format_list(const std::vector<Question>& questions);

}  // namespace leefkaart::registry
