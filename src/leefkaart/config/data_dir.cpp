#include "config/data_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "core/errors.hpp"
#include "core/option_range.hpp"

namespace leefkaart::config {
namespace fs = std::filesystem;

DataDir find_data_dir(const std::optional<std::string>& explicit_dir, const std::string& config_path) {
  if (explicit_dir) {
    check_option_dir("--data", *explicit_dir);
    return {fs::absolute(*explicit_dir).lexically_normal().string(), "--data"};
  }
  if (const char* env = std::getenv("LEEFKAART_DATA"); env && *env) {
    if (!fs::is_directory(env)) throw InputError({env, "", ""}, "LEEFKAART_DATA: not a directory");
    return {fs::absolute(env).lexically_normal().string(), "LEEFKAART_DATA"};
  }
  std::vector<fs::path> candidates{fs::current_path() / "../shared/data", fs::current_path() / "shared/data"};
  const fs::path config_dir = fs::absolute(config_path).parent_path();
  candidates.push_back(config_dir / "../../shared/data");
  candidates.push_back(config_dir / "../shared/data");
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../../shared/data");
    candidates.push_back(exe.parent_path() / "../../../shared/data");
  }
  for (const auto& c : candidates)
    if (fs::is_directory(c)) return {fs::weakly_canonical(c).string(), "found beside the repository"};
  throw InputError({"", "", ""},
                   "no data directory found: pass --data DIR or set LEEFKAART_DATA (looked for ../shared/data beside "
                   "the repository)");
}

}  // namespace leefkaart::config
