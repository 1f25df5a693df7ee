#pragma once
#include <string>

namespace leefkaart::io {
// Hex SHA-256 of a file's bytes (OpenSSL), for the manifest.
std::string sha256_file(const std::string& path);
std::string sha256_text(const std::string& text);
}  // namespace leefkaart::io
