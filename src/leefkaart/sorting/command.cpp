#include "sorting/command.hpp"

#include <spdlog/spdlog.h>

#include "config/data_dir.hpp"
#include "io/result_set.hpp"
#include "sorting/compute.hpp"
#include "sorting/outputs.hpp"
#include "sorting/region.hpp"
#include "sorting/spec.hpp"

namespace leefkaart::sorting {

namespace {

std::vector<Values> read_snapshots(const Spec& spec, Region& region) {
  std::vector<Values> out;
  for (const auto& s : spec.snapshots) out.push_back(read_values(s.source, 0, region, s.name));
  return out;
}

}  // namespace

void run_command(const CommandOptions& opts) {
  const auto data = config::find_data_dir(opts.data_dir, opts.config_path);
  const Spec spec = read_spec(opts.config_path, data.path);
  io::check_output_folder(opts.out_dir);
  Region region = read_region(spec);
  assign_zones(spec, region);
  mark_focus(spec, region);
  const auto groups = compute_groups(spec, region);
  const auto snapshots = read_snapshots(spec, region);
  const auto units = compute_units(region, groups);
  const auto hotspots = compute_hotspots(spec, region, groups);
  const auto early = compute_early_warning(spec, region, groups);
  write_outputs({spec, region, groups, snapshots, units, hotspots, early}, opts.out_dir);
}

}  // namespace leefkaart::sorting
