#include "network/facility_points.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "geom/lines.hpp"
#include "io/vector_source.hpp"
#include "network/line_network.hpp"

namespace leefkaart::network {


FacilityPoints read_facility_points(const std::string& path, const std::vector<Category>& categories,
                                    const FacilityPointsOptions& opts) {
  io::VectorReadOptions vopts;
  vopts.layer = opts.layer;
  vopts.target_epsg = opts.target_epsg;
  vopts.fields = {opts.category_field};
  if (!opts.name_field.empty()) vopts.fields.push_back(opts.name_field);
  io::VectorData data = read_layer_with_crs_hint(path, vopts, "facilities layer");
  FacilityPoints out;
  for (auto& f : data.features) {
    const std::string label = fmt::format("feature {}", f.fid);
    if (GEOSGeomTypeId_r(geom::context(), f.geom.get()) != GEOS_POINT)
      throw InputError({path, label, "geometry"}, "expected a point, found a " + geom::type_name(f.geom.get()));
    const std::string& value = f.values[0];
    std::size_t k = 0;
    while (k < categories.size() && categories[k].name != value) ++k;
    if (k == categories.size()) {
      ++out.other_values[value];
      continue;
    }
    FacilityPlace p;
    p.category = k;
    p.geom = std::move(f.geom);
    p.id = fmt::format("{}", f.fid);
    p.name = opts.name_field.empty() ? "" : f.values[1];
    out.places.push_back(std::move(p));
  }
  if (out.places.empty()) {
    std::string names;
    for (const auto& c : categories) names += (names.empty() ? "" : ", ") + c.name;
    throw InputError({path, "", opts.category_field},
                     "no point names a category of this run (" + names + ")");
  }
  return out;
}

}  // namespace leefkaart::network
