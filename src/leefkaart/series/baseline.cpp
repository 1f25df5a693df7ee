#include "series/baseline.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "core/errors.hpp"
#include "io/result_set.hpp"

namespace leefkaart::series {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const json* year_entry(const json& manifest, int year) {
  const auto years = manifest.find("per_year");
  if (years == manifest.end() || !years->is_array()) return nullptr;
  for (const auto& e : *years)
    if (e.is_object() && e.value("year", 0) == year) return &e;
  return nullptr;
}

}  // namespace

void check_baseline_unchanged(const std::string& out_dir, const json& manifest) {
  const fs::path old_path = fs::path(out_dir) / io::kManifestFile;
  if (!fs::exists(old_path)) return;
  json old;
  try {
    std::ifstream in(old_path);
    old = json::parse(in);
  } catch (const json::exception& e) {
    throw InputError({old_path.string(), "", ""}, std::string("cannot read the earlier manifest: ") + e.what());
  }
  if (old.value("command", "") != manifest.value("command", "")) return;  // not a series: check_output_folder's business
  const std::string where = old_path.string();
  const std::string advice = "; a baseline cannot be rebuilt in place: write this series to a new folder";
  for (const char* key : {"size", "size_definition", "cover_rule", "crs"})
    if (old["grid"].value(key, json()) != manifest["grid"].value(key, json()))
      throw InputError({where, "", std::string("grid.") + key},
                       fmt::format("the series here lies on another grid ({} {} here, {} now): every year of a series is "
                                   "built on the same grid{}",
                                   key, old["grid"].value(key, json()).dump(), manifest["grid"].value(key, json()).dump(),
                                   advice));
  const int base = manifest.value("base_year", 0);
  if (old.value("base_year", 0) != base)
    throw InputError({where, "", "base_year"},
                     fmt::format("the series here has base year {}, this one {}{}", old.value("base_year", 0), base, advice));
  const json* before = year_entry(old, base);
  const json* now = year_entry(manifest, base);
  if (!before || !now) return;
  std::map<std::string, std::string> old_sums;
  for (const auto& f : before->value("inputs", json::array())) old_sums[f.value("path", "")] = f.value("sha256", "");
  for (const auto& f : now->value("inputs", json::array())) {
    const std::string path = f.value("path", "");
    auto it = old_sums.find(path);
    if (it == old_sums.end())
      throw InputError({where, "", "per_year.inputs"},
                       fmt::format("the baseline ({}) now reads {}, which it did not read before{}", base, path, advice));
    if (it->second != f.value("sha256", ""))
      throw InputError({where, "", "per_year.inputs"},
                       fmt::format("the baseline ({}) input {} has changed (sha256 {} before, {} now){}", base, path,
                                   it->second.substr(0, 12), f.value("sha256", "").substr(0, 12), advice));
  }
  for (const auto& ind : before->value("indicators", json::array())) {
    for (const auto& now_ind : now->value("indicators", json::array()))
      if (now_ind.value("name", "") == ind.value("name", "") && now_ind.value("threshold", json()) != ind.value("threshold", json()))
        throw InputError({where, "", "thresholds"},
                         fmt::format("the baseline ({}) threshold of {} was {} and is now {}{}", base,
                                     ind.value("name", ""), ind.value("threshold", json()).dump(),
                                     now_ind.value("threshold", json()).dump(), advice));
  }
}

}  // namespace leefkaart::series
