#include "network/facility_points.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "geom/lines.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::network {
namespace {

// read_vector, with a hint for a layer without CRS that fits this command (not a config key).
io::VectorData read_layer(const std::string& path, const io::VectorReadOptions& opts) {
  try {
    return io::read_vector(path, opts);
  } catch (const InputError& e) {
    if (e.problem().rfind("the data has no coordinate reference system", 0) != 0) throw;
    throw InputError(e.location(), "the layer has no coordinate reference system; give the facilities layer a CRS (in QGIS: Layer → Assign projection, then save)" );
  }
}

}  // namespace


FacilityPoints read_facility_points(const std::string& path, const std::vector<Category>& categories,
                                    const FacilityPointsOptions& opts) {
  io::VectorReadOptions vopts;
  vopts.layer = opts.layer;
  vopts.target_epsg = opts.target_epsg;
  vopts.fields = {opts.category_field};
  if (!opts.name_field.empty()) vopts.fields.push_back(opts.name_field);
  io::VectorData data = read_layer(path, vopts);
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
