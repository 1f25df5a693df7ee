#include "network/line_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "core/errors.hpp"
#include "geom/lines.hpp"
#include "io/vector_source.hpp"

namespace leefkaart::network {

io::VectorData read_layer_with_crs_hint(const std::string& path, const io::VectorReadOptions& opts, const std::string& what) {
  try {
    return io::read_vector(path, opts);
  } catch (const InputError& e) {
    if (e.problem().rfind("the data has no coordinate reference system", 0) != 0) throw;
    throw InputError(e.location(), "the layer has no coordinate reference system; give the " + what +
                                       " a CRS (in QGIS: Layer → Assign projection, then save), e.g. EPSG:28992");
  }
}

namespace {



std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// osmnx writes the classes of merged OSM ways as a Python list's text,
// "['unclassified', 'residential']": each listed value counts.
std::vector<std::string> class_values(const std::string& raw) {
  const std::string v = trim(raw);
  if (v.size() < 2 || v.front() != '[' || v.back() != ']') return {v};
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start < v.size() - 1) {
    std::size_t comma = v.find(',', start);
    if (comma == std::string::npos || comma > v.size() - 1) comma = v.size() - 1;
    std::string item = trim(v.substr(start, comma - start));
    if (item.size() >= 2 && (item.front() == '\'' || item.front() == '"') && item.back() == item.front())
      item = item.substr(1, item.size() - 2);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& set, const std::string& v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "\"" : ", \"") + v + "\"";
  return out.empty() ? "(none)" : out;
}

// A positive, finite number, or nullopt for an empty value; InputError otherwise.
std::optional<double> positive_number(const std::string& raw, const Location& where, const char* what) {
  const std::string v = trim(raw);
  if (v.empty()) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0')
    throw InputError(where, fmt::format("\"{}\" is not a number ({})", v, what));
  if (!std::isfinite(x) || x <= 0)
    throw InputError(where, fmt::format("{} must be a positive number, found \"{}\"", what, v));
  return x;
}

// End points joined within the tolerance: a hash grid of tolerance-sized cells,
// each point compared with the nodes of its own and the 8 neighbouring cells.
class NodeSnapper {
 public:
  NodeSnapper(double tolerance, Graph& g, std::size_t& merged) : tol_(tolerance), g_(g), merged_(merged) {}
  std::uint32_t node_of(geom::Point p) {
    const long long cx = static_cast<long long>(std::floor(p.x / tol_)), cy = static_cast<long long>(std::floor(p.y / tol_));
    std::int64_t best = -1;
    double best_d = tol_;
    for (long long dx = -1; dx <= 1; ++dx)
      for (long long dy = -1; dy <= 1; ++dy) {
        auto it = cells_.find(key(cx + dx, cy + dy));
        if (it == cells_.end()) continue;
        for (std::uint32_t n : it->second) {
          const double d = std::hypot(g_.xy[n].x - p.x, g_.xy[n].y - p.y);
          if (d <= best_d) {
            best_d = d;
            best = n;
          }
        }
      }
    if (best >= 0) {
      if (best_d > 0) ++merged_;
      return static_cast<std::uint32_t>(best);
    }
    const auto n = static_cast<std::uint32_t>(g_.xy.size());
    g_.xy.push_back(p);
    cells_[key(cx, cy)].push_back(n);
    return n;
  }

 private:
  static std::uint64_t key(long long x, long long y) {
    return (static_cast<std::uint64_t>(x) << 32) ^ (static_cast<std::uint64_t>(y) & 0xffffffffULL);
  }
  double tol_;
  Graph& g_;
  std::size_t& merged_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells_;
};

double polyline_length(const std::vector<geom::Point>& pts) {
  double total = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) total += std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
  return total;
}

}  // namespace

double default_speed_kmh(Mode m) { return m == Mode::Walk ? 5.0 : m == Mode::Bike ? 15.0 : 30.0; }

LineNetwork read_line_network(const std::string& path, const LineMapping& m, Mode mode, double default_speed,
                              int target_epsg) {
  const auto& classes = m.classes[static_cast<int>(mode)];
  if (!m.class_field.empty() && !classes)
    throw InputError({path, "", m.class_field},
                     fmt::format("the road-layer mapping names no {} classes: list the values of {} that {} may use",
                                 to_string(mode), m.class_field, to_string(mode)));
  io::VectorReadOptions vopts;
  vopts.layer = m.layer;
  vopts.target_epsg = target_epsg;
  // Fields in a fixed order; -1 where the mapping leaves one out.
  int class_i = -1, oneway_i = -1, speed_i = -1, length_i = -1;
  auto want = [&](const std::string& f, int& idx) {
    if (f.empty()) return;
    idx = static_cast<int>(vopts.fields.size());
    vopts.fields.push_back(f);
  };
  want(m.class_field, class_i);
  want(m.oneway_field, oneway_i);
  if (mode == Mode::Car) want(m.speed_field, speed_i);
  want(m.length_field, length_i);
  io::VectorData data = read_layer_with_crs_hint(path, vopts, "road layer");

  LineNetwork out;
  out.source_crs = data.source_crs;
  Graph& g = out.graph;
  g.mode = mode;
  NodeSnapper snapper(m.snap_tolerance_m, g, out.endpoints_merged);
  for (const auto& f : data.features) {
    ++out.lines_read;
    const std::string label = fmt::format("feature {}", f.fid);
    const auto parts = geom::line_parts(f.geom.get());
    if (!parts)
      throw InputError({path, label, "geometry"},
                       "expected a line (LineString or MultiLineString), found a " + geom::type_name(f.geom.get()) +
                           ": the road network must be a line layer");
    if (class_i >= 0) {
      const auto values = class_values(f.values[class_i]);
      const bool usable = std::any_of(values.begin(), values.end(), [&](const auto& v) { return contains(*classes, v); });
      if (!usable) {
        ++out.left_out_by_class[trim(f.values[class_i])];
        continue;
      }
    }
    Passage passage{true, true};
    if (oneway_i >= 0 && mode != Mode::Walk) {
      const std::string v = trim(f.values[oneway_i]);
      if (contains(m.oneway_forward, v)) passage = {true, false};
      else if (contains(m.oneway_backward, v)) passage = {false, true};
      else if (!contains(m.oneway_both, v))
        throw InputError({path, label, m.oneway_field},
                         fmt::format("one-way value \"{}\" is not in the mapping (along the line: {}; against it: {}; "
                                     "both ways: {})",
                                     v, quoted_list(m.oneway_forward), quoted_list(m.oneway_backward),
                                     quoted_list(m.oneway_both)));
    }
    double speed = 0;
    if (speed_i >= 0) {
      if (auto s = positive_number(f.values[speed_i], {path, label, m.speed_field}, "the speed in km/h")) {
        speed = *s;
        out.has_speeds = true;
      }
    }
    std::optional<double> given_length;
    if (length_i >= 0) given_length = positive_number(f.values[length_i], {path, label, m.length_field}, "the length in metres");
    for (const auto& pts : *parts) {
      if (pts.size() < 2) continue;
      const std::uint32_t u = snapper.node_of(pts.front()), v = snapper.node_of(pts.back());
      if (u == v) {
        ++out.self_loops;
        continue;
      }
      Segment s{u, v, 0.0, passage.forward, passage.backward};
      // A given length holds for the whole feature: only a single-part line can use it.
      s.length = given_length && parts->size() == 1 ? *given_length : polyline_length(pts);
      if (s.length <= 0) s.length = std::hypot(g.xy[u].x - g.xy[v].x, g.xy[u].y - g.xy[v].y);
      // With a speed field every line gets a speed (an empty value: the run's); without one, none (time = distance / speed).
      if (speed_i >= 0) s.speed_kmh = speed > 0 ? speed : default_speed;
      g.segments.push_back(s);
    }
    ++out.lines_used;
  }
  out.nodes_before_pruning = g.xy.size();
  g.osm_id.assign(g.xy.size(), 0);
  finish_graph(g);
  return out;
}

}  // namespace leefkaart::network
