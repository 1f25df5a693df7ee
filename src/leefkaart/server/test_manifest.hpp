#pragma once
// For the server's tests: a manifest as `leefkaart build` writes it, with
// "files" giving the SHA-256 and size of every other file in the folder.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "io/checksum.hpp"

namespace leefkaart::testing {

inline nlohmann::json files_of(const std::filesystem::path& dir) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "manifest.json")
      files[entry.path().filename().string()] = {{"sha256", io::sha256_file(entry.path().string())},
                                                 {"bytes", entry.file_size()}};
  return files;
}

// Writes dir/manifest.json: `manifest` with "files" for what dir holds now.
inline void write_manifest(const std::filesystem::path& dir, nlohmann::json manifest) {
  manifest["files"] = files_of(dir);
  std::ofstream(dir / "manifest.json") << manifest.dump();
}

}  // namespace leefkaart::testing
