#pragma once
#include <filesystem>
#include <string>

namespace leefkaart::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs the leefkaart binary with the given arguments (already shell-quoted).
CliResult run_cli(const std::string& args);

std::filesystem::path source_dir();
// The shared real data: $LEEFKAART_DATA or ../shared/data beside the repository.
std::filesystem::path data_dir();
// A fresh, empty directory for one test.
std::filesystem::path fresh_dir(const std::string& name);
std::string read_text(const std::filesystem::path& p);
void write_text(const std::filesystem::path& p, const std::string& text);
// Files (not folders) below dir; a failed run must leave none.
std::size_t file_count(const std::filesystem::path& dir);

}  // namespace leefkaart::testing
