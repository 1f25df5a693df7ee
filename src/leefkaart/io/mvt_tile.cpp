#include "io/mvt_tile.hpp"

#include <protozero/pbf_writer.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace leefkaart::io::mvt {
namespace {

constexpr double kLow = -kBuffer;
constexpr double kHigh = static_cast<double>(kExtent) + kBuffer;

// Command integers (specification 4.3.1): the command id in the low 3 bits, its count above.
constexpr std::uint32_t command(std::uint32_t id, std::uint32_t count) { return (id & 0x7u) | (count << 3); }
constexpr std::uint32_t kMoveTo = 1, kLineTo = 2, kClosePath = 7;

struct Whole {
  std::int32_t x = 0, y = 0;
  bool operator==(const Whole&) const = default;
};

Whole rounded(Pixel p) { return {static_cast<std::int32_t>(std::lround(p.x)), static_cast<std::int32_t>(std::lround(p.y))}; }

bool inside_clip(const std::vector<Pixel>& ring) {
  return std::all_of(ring.begin(), ring.end(), [](Pixel p) { return p.x >= kLow && p.x <= kHigh && p.y >= kLow && p.y <= kHigh; });
}

// Sutherland–Hodgman against one edge of the clip square: the part of the
// closed ring on the kept side, with a point where it crosses the edge.
template <class Keep, class Cross>
std::vector<Pixel> clip_edge(const std::vector<Pixel>& ring, Keep keep, Cross cross) {
  std::vector<Pixel> out;
  if (ring.empty()) return out;
  Pixel prev = ring.back();
  for (const Pixel cur : ring) {
    const bool in_cur = keep(cur), in_prev = keep(prev);
    if (in_cur != in_prev) out.push_back(cross(prev, cur));
    if (in_cur) out.push_back(cur);
    prev = cur;
  }
  return out;
}

std::vector<Pixel> clipped(const std::vector<Pixel>& ring) {
  auto at_x = [](double x) {
    return [x](Pixel a, Pixel b) { return Pixel{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)}; };
  };
  auto at_y = [](double y) {
    return [y](Pixel a, Pixel b) { return Pixel{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y}; };
  };
  std::vector<Pixel> r = clip_edge(ring, [](Pixel p) { return p.x >= kLow; }, at_x(kLow));
  r = clip_edge(r, [](Pixel p) { return p.x <= kHigh; }, at_x(kHigh));
  r = clip_edge(r, [](Pixel p) { return p.y >= kLow; }, at_y(kLow));
  return clip_edge(r, [](Pixel p) { return p.y <= kHigh; }, at_y(kHigh));
}

// Twice the ring's area by the surveyor's formula in tile pixels (y down):
// positive for a ring clockwise on screen.
long long area2(const std::vector<Whole>& ring) {
  long long a = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Whole p = ring[i], q = ring[(i + 1) % ring.size()];
    a += static_cast<long long>(p.x) * q.y - static_cast<long long>(q.x) * p.y;
  }
  return a;
}

class CommandWriter {
 public:
  void move_to(const std::vector<Whole>& points) {
    out_.push_back(command(kMoveTo, static_cast<std::uint32_t>(points.size())));
    for (const Whole p : points) step(p);
  }
  void ring(const std::vector<Whole>& points) {
    out_.push_back(command(kMoveTo, 1));
    step(points.front());
    out_.push_back(command(kLineTo, static_cast<std::uint32_t>(points.size() - 1)));
    for (std::size_t i = 1; i < points.size(); ++i) step(points[i]);
    out_.push_back(command(kClosePath, 1));
  }
  std::vector<std::uint32_t> take() { return std::move(out_); }

 private:
  // Coordinates are zigzag-encoded steps from the cursor, which carries over
  // from ring to ring of the same feature.
  void step(Whole p) {
    out_.push_back(protozero::encode_zigzag32(p.x - cursor_.x));
    out_.push_back(protozero::encode_zigzag32(p.y - cursor_.y));
    cursor_ = p;
  }
  std::vector<std::uint32_t> out_;
  Whole cursor_{};
};

}  // namespace

std::vector<std::uint32_t> polygon_commands(const std::vector<Ring>& rings) {
  CommandWriter writer;
  std::vector<Whole> whole;
  bool exterior_kept = false;
  for (const Ring& ring : rings) {
    if (!ring.exterior && !exterior_kept) continue;
    const bool inside = inside_clip(ring.points);
    const std::vector<Pixel> cut = inside ? std::vector<Pixel>{} : clipped(ring.points);
    const std::vector<Pixel>& points = inside ? ring.points : cut;
    whole.clear();
    for (const Pixel p : points) {
      const Whole w = rounded(p);
      if (whole.empty() || !(w == whole.back())) whole.push_back(w);
    }
    while (whole.size() > 1 && whole.front() == whole.back()) whole.pop_back();
    const long long a = whole.size() >= 3 ? area2(whole) : 0;
    if (ring.exterior) exterior_kept = a != 0;
    if (a == 0) continue;
    if ((a > 0) != ring.exterior) std::reverse(whole.begin(), whole.end());
    writer.ring(whole);
  }
  return writer.take();
}

std::vector<std::uint32_t> point_commands(const std::vector<Pixel>& points) {
  std::vector<Whole> kept;
  for (const Pixel p : points)
    if (p.x >= kLow && p.x <= kHigh && p.y >= kLow && p.y <= kHigh) kept.push_back(rounded(p));
  if (kept.empty()) return {};
  CommandWriter writer;
  writer.move_to(kept);
  return writer.take();
}

LayerEncoder::LayerEncoder(std::string_view name, const std::vector<FieldDef>& fields) : name_(name), fields_(fields) {}

std::uint32_t LayerEncoder::value_index(const Value& v) {
  const auto next = static_cast<std::uint32_t>(values_.size());
  std::uint32_t index = next;
  if (const auto* s = std::get_if<std::string>(&v))
    index = strings_.try_emplace(std::string_view(*s), next).first->second;
  else if (const auto* i = std::get_if<long long>(&v))
    index = integers_.try_emplace(*i, next).first->second;
  else {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &std::get<double>(v), sizeof bits);
    index = reals_.try_emplace(bits, next).first->second;
  }
  if (index == next) values_.push_back(&v);
  return index;
}

void LayerEncoder::add(std::uint64_t id, GeomType type, const std::vector<std::uint32_t>& commands,
                       const std::vector<Value>& row) {
  tags_.clear();
  for (std::size_t k = 0; k < row.size() && k < fields_.size(); ++k) {
    const Value& v = row[k];
    if (std::holds_alternative<std::monostate>(v)) continue;
    if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) continue;
    tags_.push_back(static_cast<std::uint32_t>(k));
    tags_.push_back(value_index(v));
  }
  protozero::pbf_writer layer(body_);
  protozero::pbf_writer feature(layer, 2);  // Layer.features
  feature.add_uint64(1, id);
  feature.add_packed_uint32(2, tags_.begin(), tags_.end());
  feature.add_enum(3, static_cast<std::int32_t>(type));
  feature.add_packed_uint32(4, commands.begin(), commands.end());
  ++features_;
}

void LayerEncoder::append_to(std::string& tile) const {
  std::string layer_bytes;
  {
    protozero::pbf_writer head(layer_bytes);
    head.add_uint32(15, 2);  // version
    head.add_string(1, name_.data(), name_.size());
  }
  layer_bytes += body_;
  {
    protozero::pbf_writer tail(layer_bytes);
    for (const FieldDef& f : fields_) tail.add_string(3, f.name);  // keys: a tag's key is its field's position
    for (const Value* v : values_) {
      protozero::pbf_writer value(tail, 4);
      if (const auto* s = std::get_if<std::string>(v))
        value.add_string(1, *s);
      else if (const auto* i = std::get_if<long long>(v))
        value.add_int64(4, *i);
      else
        value.add_double(3, std::get<double>(*v));
    }
    tail.add_uint32(5, kExtent);
  }
  protozero::pbf_writer(tile).add_message(3, layer_bytes);
}

}  // namespace leefkaart::io::mvt
