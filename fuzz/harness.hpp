#pragma once
// Shared by the fuzz targets: the input goes to a real file (the readers check that the
// path exists, as for a user's file), and bad input must end in an InputError or another
// std::runtime_error that the CLI reports. Anything else (a crash, a sanitizer report, an
// exception of another kind, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include <cpl_error.h>

#include "core/errors.hpp"

namespace leefkaart::fuzz {

// One file per process (parallel fuzzing jobs must not share it), rewritten for each input.
inline std::string input_file(const std::string& extension) {
  const auto dir = std::filesystem::temp_directory_path() / ("leefkaart-fuzz-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / ("input" + extension)).string();
}

inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

// GDAL reports every damaged input on stderr; the fuzzer's own output is what matters.
inline void quiet_gdal() { CPLSetErrorHandler(CPLQuietErrorHandler); }

// Runs one input through `read`: the errors a user may see are expected, the rest is not.
template <class Read>
void expect_clean(Read&& read) {
  try {
    read();
  } catch (const leefkaart::InputError&) {
  } catch (const std::runtime_error&) {
  }
}

}  // namespace leefkaart::fuzz
