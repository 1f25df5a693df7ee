#pragma once
// For the server's tests: a manifest as `leefkaart build` writes it, with
// "files" giving the SHA-256 and size of every other file in the folder.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "io/result_set.hpp"

namespace leefkaart::testing {

// Writes dir/manifest.json: `manifest` with "files" for what dir holds now.
inline void write_manifest(const std::filesystem::path& dir, nlohmann::json manifest) {
  manifest[io::kManifestFilesKey] = io::file_checksums(dir);
  std::ofstream(dir / "manifest.json") << manifest.dump();
}

}  // namespace leefkaart::testing
