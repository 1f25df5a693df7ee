#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace leefkaart {

// The whole file as bytes; nullopt when it cannot be opened.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace leefkaart
