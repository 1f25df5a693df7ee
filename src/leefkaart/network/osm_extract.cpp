#include "network/osm_extract.hpp"

#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>

#include <filesystem>

#include "core/errors.hpp"

namespace leefkaart::network {
namespace {

using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<Index>;

constexpr std::array<Mode, 3> kModes{Mode::Walk, Mode::Bike, Mode::Car};

class Collector : public osmium::handler::Handler {
 public:
  Collector(Extract& out, const std::vector<Category>& categories, const ProfileOptions& opts)
      : out_(out), categories_(categories), opts_(opts) {}

  void node(const osmium::Node& n) {
    if (n.tags().empty()) return;
    for (Mode m : kModes)
      if (node_blocks(m, n.tags())) out_.blocked[static_cast<int>(m)].insert(n.id());
    if (!n.location().valid()) return;
    for (std::size_t c = 0; c < categories_.size(); ++c) {
      if (categories_[c].area || !matches(categories_[c], n.tags())) continue;
      RawFacility f;
      f.category = c;
      f.osm_type = 'n';
      f.osm_id = n.id();
      f.name = n.tags().get_value_by_key("name", "");
      f.point = {n.location().lon(), n.location().lat()};
      out_.facilities.push_back(std::move(f));
    }
  }

  void way(const osmium::Way& w) {
    ++out_.ways_read;
    const auto& nodes = w.nodes();
    if (nodes.size() < 2) return;
    bool routable = false;
    for (Mode m : kModes) {
      Passage p = way_passage(m, w.tags(), opts_);
      if (!p.any()) continue;
      routable = true;
      auto& edges = out_.edges[static_cast<int>(m)];
      for (std::size_t i = 1; i < nodes.size(); ++i)
        if (nodes[i - 1].ref() != nodes[i].ref()) edges.push_back({nodes[i - 1].ref(), nodes[i].ref(), p});
    }
    if (!routable) return;
    for (const auto& nr : nodes) {
      if (!nr.location().valid()) continue;  // node missing from the extract: its edges are dropped later
      const LonLat ll{nr.location().lon(), nr.location().lat()};
      out_.nodes.emplace(nr.ref(), ll);
      out_.lon_min = std::min(out_.lon_min, ll.lon);
      out_.lon_max = std::max(out_.lon_max, ll.lon);
      out_.lat_min = std::min(out_.lat_min, ll.lat);
      out_.lat_max = std::max(out_.lat_max, ll.lat);
    }
  }

  void area(const osmium::Area& a) {
    for (std::size_t c = 0; c < categories_.size(); ++c) {
      if (!matches(categories_[c], a.tags())) continue;
      RawFacility f;
      f.category = c;
      f.osm_type = a.from_way() ? 'w' : 'r';
      f.osm_id = a.orig_id();
      f.name = a.tags().get_value_by_key("name", "");
      for (const auto& outer : a.outer_rings()) {
        RawFacility::Ring ring;
        for (const auto& nr : outer) ring.outer.push_back({nr.location().lon(), nr.location().lat()});
        for (const auto& inner : a.inner_rings(outer)) {
          std::vector<LonLat> hole;
          for (const auto& nr : inner) hole.push_back({nr.location().lon(), nr.location().lat()});
          ring.inner.push_back(std::move(hole));
        }
        f.rings.push_back(std::move(ring));
      }
      if (!f.rings.empty()) out_.facilities.push_back(std::move(f));
    }
  }

 private:
  Extract& out_;
  const std::vector<Category>& categories_;
  const ProfileOptions& opts_;
};

}  // namespace

Extract read_extract(const std::string& path, const std::vector<Category>& categories, const ProfileOptions& opts) {
  if (!std::filesystem::exists(path)) throw InputError({path, "", ""}, "file not found");
  Extract out;
  out.file = path;
  try {
    osmium::io::File input{path};
    // Areas (closed ways and multipolygons) only for facility tags: parks, or a school drawn as an outline.
    osmium::TagsFilter filter{false};
    for (const auto& c : categories)
      for (const auto& r : c.any_of) {
        if (r.value == "*") filter.add_rule(true, osmium::TagMatcher{r.key});
        else filter.add_rule(true, osmium::TagMatcher{r.key, r.value});
      }
    osmium::area::Assembler::config_type assembler_config;
    osmium::area::MultipolygonManager<osmium::area::Assembler> mp_manager{assembler_config, filter};
    osmium::relations::read_relations(input, mp_manager);

    Index index;
    LocationHandler locations{index};
    locations.ignore_errors();  // extracts cut at a border reference nodes they lack
    Collector collector(out, categories, opts);
    // Metadata (user, timestamp, version) is never used: skip decoding it.
    osmium::io::Reader reader{input, osmium::osm_entity_bits::nwr, osmium::io::read_meta::no};
    osmium::apply(reader, locations, collector, mp_manager.handler([&collector](osmium::memory::Buffer&& buffer) {
                    osmium::apply(buffer, collector);
                  }));
    reader.close();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError({path, "", ""}, std::string("not a readable OpenStreetMap file (truncated, damaged or another "
                                                 "format): ") + e.what());
  }
  if (out.nodes.empty()) throw InputError({path, "", ""}, "the extract contains no routable ways");
  return out;
}

}  // namespace leefkaart::network
