#pragma once
// A run's results appear whole or not at all. Every file of a run is written
// into a staging folder beside the output folder; the manifest then lists each
// file with its SHA-256, and one atomic exchange of the two folders
// (renameat2 RENAME_EXCHANGE) makes the new set current. A reader, or a kill
// at any moment, sees either the old complete set or the new one. The old set
// is removed afterwards; staging folders of runs that died are removed by the
// next run into the same folder.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace leefkaart::io {

// manifest.json: the set's description. Its "files" object maps every other
// file of the set to {"sha256", "bytes"}; readers (serve) check them.
inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kManifestFilesKey = "files";

// Refuses an output folder that holds anything but a leefkaart result set
// (replacing it would delete the user's files). An empty folder, a missing
// one and an earlier leefkaart set of any kind are fine: the new set replaces
// the old one whole.
void check_output_folder(const std::filesystem::path& out_dir);

class ResultSetWriter {
 public:
  explicit ResultSetWriter(std::filesystem::path out_dir);
  ~ResultSetWriter();  // without commit(): the staging folder is removed, the old set stays
  ResultSetWriter(const ResultSetWriter&) = delete;
  ResultSetWriter& operator=(const ResultSetWriter&) = delete;

  // The path to write `file_name` to; every staged file must exist at commit().
  std::filesystem::path staged(const std::string& file_name);
  // Adds "files" to the manifest, writes it, and makes the set current.
  void commit(nlohmann::json manifest);
  const std::filesystem::path& out_dir() const { return out_dir_; }

 private:
  std::filesystem::path out_dir_, staging_, lock_path_;
  int lock_fd_ = -1;
  std::vector<std::string> files_;
  bool committed_ = false;
};

// The manifest's "files" object for what `dir` holds now: every regular file
// but the manifest, with its SHA-256 and size.
nlohmann::json file_checksums(const std::filesystem::path& dir);

// What is wrong with the set in `dir` (empty when it is complete): a missing
// or unreadable manifest, a listed file missing or with another checksum, a
// file present but not listed.
std::vector<std::string> result_set_problems(const std::filesystem::path& dir);

}  // namespace leefkaart::io
