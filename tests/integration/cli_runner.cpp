#include "cli_runner.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace leefkaart::testing {
namespace fs = std::filesystem;

CliResult run_cli(const std::string& args) {
  const std::string cmd = std::string("'") + LEEFKAART_BIN + "' " + args + " 2>&1";
  CliResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + cmd);
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

CliResult run_build(const fs::path& config, const fs::path& out, const fs::path& data) {
  std::string args = "build --config '" + config.string() + "' --out '" + out.string() + "'";
  if (!data.empty()) args += " --data '" + data.string() + "'";
  return run_cli(args);
}

Dataset open_vector(const fs::path& p) {
  GDALAllRegister();
  return Dataset(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

fs::path source_dir() { return LEEFKAART_SOURCE_DIR; }

fs::path data_dir() {
  if (const char* env = std::getenv("LEEFKAART_DATA"); env && *env) return env;
  return (source_dir() / ".." / "shared" / "data").lexically_normal();
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / "leefkaart_it" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::size_t file_count(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

}  // namespace leefkaart::testing
