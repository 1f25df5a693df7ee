#include "init/command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "config/data_dir.hpp"
#include "core/errors.hpp"
#include "init/national.hpp"
#include "init/preset.hpp"

namespace leefkaart::init {
namespace fs = std::filesystem;

std::string default_file_name(const std::vector<std::string>& names, bool all) {
  if (all) return "nederland.toml";
  if (names.size() > 3) return fmt::format("{}_gemeenten.toml", names.size());
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += "_";
    bool gap = false;
    for (unsigned char ch : n) {
      if (std::isalnum(ch) && ch < 128) {
        if (gap && !out.empty() && out.back() != '_') out += '-';
        out += static_cast<char>(std::tolower(ch));
        gap = false;
      } else {
        gap = true;  // spaces, apostrophes, accents: one dash between words
      }
    }
  }
  return out + ".toml";
}

InitResult run_init(const InitOptions& opts) {
  if (opts.gemeenten.empty() && !opts.all)
    throw InputError({"--gemeente", "", ""}, "name at least one gemeente, e.g. --gemeente GM0307, or --all for the Netherlands");
  if (!opts.gemeenten.empty() && opts.all)
    throw InputError({"--all", "", ""}, "give either --gemeente codes or --all, not both");
  const std::string probe = opts.out.value_or((fs::current_path() / "leefkaart.toml").string());
  const config::DataDir data = config::find_data_dir(opts.data_dir, probe);
  NationalFiles files;
  for (const std::string* f : {&files.polygons, &files.kwb, &files.ggd, &files.no2})
    if (!fs::exists(fs::path(data.path) / *f))
      throw InputError({(fs::path(data.path) / *f).string(), "", ""},
                       fmt::format("a national file that init needs is missing from the data folder {} ({}); init reads "
                                   "{}, {}, {} and {}",
                                   data.path, data.found_by, files.polygons, files.kwb, files.ggd, files.no2));
  NationalFiles resolved = files;
  for (std::string* f : {&resolved.polygons, &resolved.kwb, &resolved.ggd, &resolved.no2})
    *f = (fs::path(data.path) / *f).string();
  spdlog::info("reading the national files in {}", data.path);
  const NationalData national = read_national(resolved);

  std::vector<std::string> codes;
  if (opts.all)
    for (const auto& g : national.gemeenten) codes.push_back(g.code);
  for (std::string c : opts.gemeenten) {
    std::transform(c.begin(), c.end(), c.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  std::vector<GemeentePlan> plans;
  InitResult result;
  for (const auto& c : codes) {
    plans.push_back(plan_gemeente(national, c));
    result.residents += plans.back().residents;
    for (const auto& l : match_report(plans.back())) result.report.push_back(l);
  }
  std::vector<std::string> names;
  for (const auto& p : plans) names.push_back(p.ref.name);
  const fs::path out = opts.out ? fs::path(*opts.out) : fs::current_path() / default_file_name(names, opts.all);
  if (fs::exists(out) && !opts.force)
    throw InputError({out.string(), "", ""}, "the file exists: choose another --out, or pass --force to replace it");
  if (out.has_parent_path() && !fs::is_directory(out.parent_path()))
    throw InputError({out.string(), "", ""}, "its folder does not exist");
  const std::string text = preset_toml(plans, files, opts.command_line);
  // Written beside the target and moved in whole: never a half-written preset.
  const fs::path tmp = out.string() + ".tmp-leefkaart";
  {
    std::ofstream os(tmp, std::ios::binary);
    os << text;
    if (!os.flush()) {
      fs::remove(tmp);
      throw InputError({out.string(), "", ""}, "could not be written");
    }
  }
  fs::rename(tmp, out);
  result.path = out.string();
  return result;
}

}  // namespace leefkaart::init
