#include "registry/records.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "geom/geos.hpp"
#include "io/build_schema.hpp"
#include "io/checksum.hpp"
#include "io/layer_table.hpp"
#include "io/result_set.hpp"
#include "registry/questions.hpp"
#include "registry/register_schema.hpp"
#include "series/schema.hpp"

namespace leefkaart::registry {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// The Netherlands in EPSG:28992 (RD New): the bounds of the RD grid on land and
// the coastal waters. A point outside is a swapped x/y or a point in degrees.
constexpr double kMinX = 0, kMaxX = 300000, kMinY = 300000, kMaxY = 625000;

// Pixel sides above this are no photo but a decompression bomb.
constexpr std::uint32_t kMaxPixels = 20000;

Location at(const Location& where, const std::string& field) { return {where.file, where.where, field}; }

void require_text(const std::string& value, const Location& where, const std::string& field, const std::string& what) {
  if (trim(value).empty()) throw InputError(at(where, field), "empty: " + what);
}

void require_optional_text(const std::optional<std::string>& value, const Location& where, const std::string& field) {
  if (value && trim(*value).empty()) throw InputError(at(where, field), "empty: leave it out, or write something");
}

void require_date(const std::optional<std::string>& value, const Location& where, const std::string& field) {
  if (value && !is_iso_date(*value))
    throw InputError(at(where, field), fmt::format("'{}' is not a date written YYYY-MM-DD", *value));
}

void require_order(const std::optional<std::string>& start, const std::optional<std::string>& end, const Location& where,
                   const std::string& end_field, const std::string& start_field) {
  if (start && end && *end < *start)
    throw InputError(at(where, end_field), fmt::format("{} lies before {} ({})", *end, start_field, *start));
}

void require_vocab(const std::string& list, const std::string& word, const Location& where, const std::string& field) {
  if (!register_schema::in_vocab(list, word))
    throw InputError(at(where, field),
                     fmt::format("'{}' is not one of {}{}", word, register_schema::words_for_message(list),
                                 did_you_mean(word, register_schema::vocab_words(list))));
}

std::vector<std::string> as_vector(const std::set<std::string>& names) { return {names.begin(), names.end()}; }

void require_area(const std::string& code, const KnownNames& known, const Location& where, const std::string& field) {
  if (!known.areas.count(code))
    throw InputError(at(where, field), fmt::format("area '{}' is not a buurt, wijk, gemeente or cell of the build in {}{}",
                                                   code, known.source, did_you_mean(code, as_vector(known.areas))));
}

void require_indicator(const std::string& name, const KnownNames& known, const Location& where, const std::string& field) {
  if (!known.indicators.count(name))
    throw InputError(at(where, field), fmt::format("'{}' is not an indicator of the build in {} (it has: {}){}", name,
                                                   known.source, fmt::join(known.indicators, ", "),
                                                   did_you_mean(name, as_vector(known.indicators))));
}

template <class T, class Key>
void require_unique(const std::vector<T>& items, Key key, const Location& where, const std::string& field) {
  std::set<std::string> seen;
  for (const T& item : items)
    if (!seen.insert(key(item)).second)
      throw InputError(at(where, field), fmt::format("'{}' is named twice", key(item)));
}

std::string same(const std::string& s) { return s; }

// The type words are the intervention table's 0/1 columns (migration 2); a test
// checks the two agree.
std::vector<std::string> type_columns() { return register_schema::vocab_words("intervention_type"); }

void check_intervention(const Intervention& item, const KnownNames& known, const Location& where) {
  require_text(item.code, where, "code", "every intervention needs a short code of the team's own (\"I1\")");
  require_text(item.name, where, "name", "every intervention needs a name");
  if (item.areas.empty() && !item.polygon_wkt)
    throw InputError(at(where, "areas"), "no area: name at least one buurt, wijk or cell, or draw an area");
  for (const auto& code : item.areas) require_area(code, known, where, "areas");
  require_unique(item.areas, same, where, "areas");
  if (item.polygon_wkt) check_polygon_wkt(*item.polygon_wkt, at(where, "polygon_wkt"));
  require_vocab("intervention_status", item.status, where, "status");
  require_optional_text(item.stop_reason, where, "stop_reason");
  const bool stopped = item.status == "gestopt";
  if (stopped && !item.stop_reason)
    throw InputError(at(where, "stop_reason"), "a stopped intervention needs the reason it stopped");
  if (!stopped && item.stop_reason)
    throw InputError(at(where, "stop_reason"),
                     fmt::format("only a stopped intervention has a stop reason (the status is '{}')", item.status));
  require_date(item.planned_start, where, "planned_start");
  require_date(item.planned_end, where, "planned_end");
  require_date(item.actual_start, where, "actual_start");
  require_date(item.actual_end, where, "actual_end");
  require_date(item.funding_end, where, "funding_end");
  require_order(item.planned_start, item.planned_end, where, "planned_end", "the planned start");
  require_order(item.actual_start, item.actual_end, where, "actual_end", "the actual start");
  if (item.types.empty())
    throw InputError(at(where, "types"),
                     "no type: an intervention is one or more of " + register_schema::words_for_message("intervention_type"));
  for (const auto& t : item.types) require_vocab("intervention_type", t, where, "types");
  require_unique(item.types, same, where, "types");
  if (item.domain) require_vocab("domain", *item.domain, where, "domain");
  if (item.perspective) require_vocab("perspective", *item.perspective, where, "perspective");
  for (const auto& aim : item.indicators) {
    require_indicator(aim.indicator, known, where, "indicators");
    require_vocab("direction", aim.direction, where, "indicators");
  }
  require_unique(item.indicators, [](const IndicatorAim& a) { return a.indicator; }, where, "indicators");
  for (const auto& a : item.assumptions) {
    require_text(a.text, where, "assumptions", "an assumption needs its text");
    if (a.indicator) require_indicator(*a.indicator, known, where, "assumptions");
    if (a.area_code) require_area(*a.area_code, known, where, "assumptions");
  }
  if (!is_iso_date(item.created)) throw InputError(at(where, "created"), fmt::format("'{}' is not a date written YYYY-MM-DD", item.created));
}

std::optional<long long> intervention_id(Store& store, const std::string& code) {
  auto st = store.prepare("SELECT id FROM intervention WHERE code = ?");
  st.bind(1, code);
  if (!st.step()) return std::nullopt;
  return st.integer(0);
}

std::optional<long long> question_id(Store& store, const std::string& nr) {
  auto st = store.prepare("SELECT id FROM learning_question WHERE nr = ?");
  st.bind(1, nr);
  if (!st.step()) return std::nullopt;
  return st.integer(0);
}

long long require_intervention(Store& store, const std::string& code, const Location& where, const std::string& field) {
  if (auto id = intervention_id(store, code)) return *id;
  throw InputError(at(where, field), fmt::format("no intervention with code '{}' in the register", code));
}

long long require_question(Store& store, const std::string& nr, const Location& where, const std::string& field) {
  if (auto id = question_id(store, nr)) return *id;
  throw InputError(at(where, field), fmt::format("no learning question with nr '{}' in the register", nr));
}

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}
std::uint32_t be16(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1]));
}
unsigned char byte(const std::string& b, std::size_t at) { return static_cast<unsigned char>(b[at]); }

bool sane_size(std::uint32_t w, std::uint32_t h) { return w > 0 && h > 0 && w <= kMaxPixels && h <= kMaxPixels; }

// A PNG: the signature, then the IHDR chunk first with a sane size, bit depth and colour type.
bool png_header_ok(const std::string& b) {
  static const std::string kSignature("\x89PNG\r\n\x1a\n", 8);
  if (b.size() < 8 + 8 + 13 + 4 || b.compare(0, 8, kSignature) != 0) return false;
  if (be32(b, 8) != 13 || b.compare(12, 4, "IHDR") != 0) return false;
  const unsigned depth = byte(b, 24), colour = byte(b, 25);
  const bool depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
  const bool colour_ok = colour == 0 || colour == 2 || colour == 3 || colour == 4 || colour == 6;
  return sane_size(be32(b, 16), be32(b, 20)) && depth_ok && colour_ok;
}

// A JPEG: SOI, then marker segments up to a start-of-frame that gives a sane size.
bool jpeg_header_ok(const std::string& b) {
  if (b.size() < 4 || byte(b, 0) != 0xFF || byte(b, 1) != 0xD8 || byte(b, 2) != 0xFF) return false;
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (byte(b, i) != 0xFF) return false;
    const unsigned marker = byte(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) return false;
    const std::uint32_t length = be16(b, i + 2);
    if (length < 2 || i + 2 + length > b.size()) return false;
    const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) return length >= 8 && sane_size(be16(b, i + 7), be16(b, i + 5));
    i += 2 + length;
  }
  return false;
}

// 128 random bits as 32 hex digits: a photo's name says nothing of its uploader.
std::string generated_name() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", static_cast<std::uint32_t>(rd()));
  return out;
}

void check_story(const Story& item, const KnownNames& known, const Location& where) {
  require_date(item.date, where, "date");
  require_text(item.area_code, where, "area_code", "every story is about a buurt or wijk");
  require_area(item.area_code, known, where, "area_code");
  if (item.x.has_value() != item.y.has_value())
    throw InputError(at(where, item.x ? "y" : "x"), "a point needs both x and y");
  if (item.x) {
    if (!std::isfinite(*item.x) || *item.x < kMinX || *item.x > kMaxX)
      throw InputError(at(where, "x"), fmt::format("{} is not an x in the Netherlands (EPSG:28992: {:g} to {:g} metres)",
                                                   *item.x, kMinX, kMaxX));
    if (!std::isfinite(*item.y) || *item.y < kMinY || *item.y > kMaxY)
      throw InputError(at(where, "y"), fmt::format("{} is not a y in the Netherlands (EPSG:28992: {:g} to {:g} metres)",
                                                   *item.y, kMinY, kMaxY));
  }
  require_vocab("precision", item.precision, where, "precision");
  require_vocab("story_source", item.source, where, "source");
  require_text(item.text, where, "text", "a story needs its text");
  if (item.signal) require_vocab("story_signal", *item.signal, where, "signal");
  for (const auto& theme : item.themes) require_indicator(theme, known, where, "themes");
  require_unique(item.themes, same, where, "themes");
  if (item.publishable && !item.consent)
    throw InputError(at(where, "publishable"), "a story is publishable only with the teller's consent");
  require_optional_text(item.author_role, where, "author_role");
  if (!is_iso_date(item.created)) throw InputError(at(where, "created"), fmt::format("'{}' is not a date written YYYY-MM-DD", item.created));
}

// Reads the manifest of an output folder; `command` gets its "command".
json read_manifest(const fs::path& dir) {
  const fs::path file = dir / io::kManifestFile;
  std::ifstream in(file);
  if (!in) throw InputError({dir.string(), "", "--build"}, "no leefkaart build or series here: manifest.json is missing");
  json m = json::parse(in, nullptr, false);
  if (!m.is_object()) throw InputError({file.string(), "", ""}, "not valid JSON");
  return m;
}

}  // namespace

bool in_vocab(const std::string& list, const std::string& word) { return register_schema::in_vocab(list, word); }

void check_polygon_wkt(const std::string& wkt, const Location& where) {
  geom::Geom g;
  try {
    g = geom::from_wkt(wkt);
  } catch (const std::exception&) {
    throw InputError(where, "not a polygon written as WKT");
  }
  if (geom::is_empty(g.get()) || geom::area(g.get()) <= 0) throw InputError(where, "not a polygon with an area");
  if (!geom::is_valid(g.get())) throw InputError(where, "not a valid polygon: " + geom::invalid_reason(g.get()));
  const geom::Box b = geom::bounds(g.get());
  if (b.minx < kMinX || b.maxx > kMaxX || b.miny < kMinY || b.maxy > kMaxY)
    throw InputError(where, "lies outside the Netherlands in EPSG:28992 (RD New metres)");
}

KnownNames known_names_from_output(const fs::path& out_dir) {
  std::error_code ec;
  if (!fs::is_directory(out_dir, ec)) throw InputError({out_dir.string(), "", "--build"}, "folder not found");
  const json manifest = read_manifest(out_dir);
  const std::string manifest_file = (out_dir / io::kManifestFile).string();
  const std::string command = manifest.value("command", "");
  std::string gpkg_name;
  if (command == io::build_schema::schema().at("command").get<std::string>())
    gpkg_name = io::build_schema::schema().at("geopackage").get<std::string>();
  else if (command == series::schema().at("command").get<std::string>())
    gpkg_name = series::schema().at("geopackage").get<std::string>();
  else
    throw InputError({manifest_file, "", "command"},
                     fmt::format("this is the output of `leefkaart {}`, not of `leefkaart build` or `series`", command));
  // Records must point at areas of a whole build, not of a half-written or altered one.
  if (const auto problems = io::result_set_problems(out_dir); !problems.empty())
    throw InputError({out_dir.string(), "", ""}, "the output is incomplete or altered: " + problems.front());

  KnownNames known;
  known.source = out_dir.string();
  known.manifest_checksum = io::sha256_file(manifest_file);
  const std::string indicators_key = io::build_schema::manifest_key("indicators");
  const std::string name_key = io::build_schema::schema().at("indicator_keys").at("name").get<std::string>();
  if (!manifest.contains(indicators_key) || !manifest.at(indicators_key).is_array())
    throw InputError({manifest_file, "", indicators_key}, "missing in the manifest: is this the output of another leefkaart version?");
  for (const json& ind : manifest.at(indicators_key))
    if (ind.is_object() && ind.contains(name_key) && ind.at(name_key).is_string()) known.indicators.insert(ind.at(name_key).get<std::string>());

  const fs::path gpkg = out_dir / gpkg_name;
  const std::string code = io::build_schema::area_field("code");
  for (const std::string level : {"buurten", "wijken", "gemeente"})
    for (const auto& value : io::read_layer_field(gpkg, io::build_schema::layer(level), code))
      if (value && !value->empty()) known.areas.insert(*value);
  for (const auto& value : io::read_layer_field(gpkg, io::build_schema::layer("cells"), io::build_schema::cell_field("id")))
    if (value && !value->empty()) known.areas.insert(*value);
  return known;
}

Photo check_photo(std::string bytes, const Location& where) {
  const Location field = at(where, "photo");
  const auto limit = register_schema::limit("photo_bytes");
  if (bytes.empty()) throw InputError(field, "empty file: no photo");
  if (static_cast<std::int64_t>(bytes.size()) > limit)
    throw InputError(field, fmt::format("{:.1f} MB: a photo may be at most {:.1f} MB", bytes.size() / 1048576.0, limit / 1048576.0));
  std::string mime;
  if (png_header_ok(bytes))
    mime = "image/png";
  else if (jpeg_header_ok(bytes))
    mime = "image/jpeg";
  else
    throw InputError(field, "not a JPEG or PNG photo (judged by its content, not its name)");
  const auto types = register_schema::photo_types();
  if (std::find(types.begin(), types.end(), mime) == types.end())
    throw InputError(field, fmt::format("{} is not a photo type the register takes", mime));
  return Photo{mime, std::move(bytes)};
}

static void insert_intervention(Store& store, const Intervention& item, const Location& where) {
  {
    if (intervention_id(store, item.code))
      throw InputError(at(where, "code"), fmt::format("an intervention with code '{}' is in the register already", item.code));
    const auto types = type_columns();
    std::string type_cols, type_marks;
    for (const auto& t : types) {
      type_cols += fmt::format(", \"{}\"", t);
      type_marks += ", ?";
    }
    auto add = store.prepare(fmt::format(
        "INSERT INTO intervention (code, name, status, stop_reason, planned_start, planned_end, actual_start, actual_end, "
        "domain, perspective, target_group, partners, funding, funding_end, situatie, waar_naartoe, hoe, aannamen, "
        "polygon_wkt, created, source{}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{}) RETURNING id",
        type_cols, type_marks));
    add.bind(1, item.code).bind(2, item.name).bind(3, item.status).bind_optional(4, item.stop_reason);
    add.bind_optional(5, item.planned_start).bind_optional(6, item.planned_end);
    add.bind_optional(7, item.actual_start).bind_optional(8, item.actual_end);
    add.bind_optional(9, item.domain).bind_optional(10, item.perspective).bind_optional(11, item.target_group);
    add.bind_optional(12, item.partners).bind_optional(13, item.funding).bind_optional(14, item.funding_end);
    add.bind_optional(15, item.situatie).bind_optional(16, item.waar_naartoe).bind_optional(17, item.hoe);
    add.bind_optional(18, item.aannamen).bind_optional(19, item.polygon_wkt).bind(20, item.created);
    add.bind_optional(21, item.source);
    for (std::size_t i = 0; i < types.size(); ++i) {
      const bool has = std::find(item.types.begin(), item.types.end(), types[i]) != item.types.end();
      add.bind(static_cast<int>(22 + i), has ? 1LL : 0LL);
    }
    add.step();
    const long long id = add.integer(0);
    auto area = store.prepare("INSERT INTO intervention_area (intervention_id, area_code) VALUES (?, ?)");
    for (const auto& code : item.areas) {
      area.bind(1, id).bind(2, code).step();
      area.reset();
    }
    auto aim = store.prepare("INSERT INTO intervention_indicator (intervention_id, indicator, direction) VALUES (?, ?, ?)");
    for (const auto& a : item.indicators) {
      aim.bind(1, id).bind(2, a.indicator).bind(3, a.direction).step();
      aim.reset();
    }
    auto assumption = store.prepare("INSERT INTO assumption (intervention_id, text, indicator, area_code) VALUES (?, ?, ?, ?)");
    for (const auto& a : item.assumptions) {
      assumption.bind(1, id).bind(2, a.text).bind_optional(3, a.indicator).bind_optional(4, a.area_code).step();
      assumption.reset();
    }
  }
}

std::string add_intervention(Store& store, const Intervention& item, const KnownNames& known, const Location& where) {
  check_intervention(item, known, where);
  store.write([&] { insert_intervention(store, item, where); });
  return item.code;
}

std::size_t add_interventions(Store& store, const std::vector<Located<Intervention>>& items, const KnownNames& known) {
  for (const auto& [item, where] : items) check_intervention(item, known, where);
  store.write([&] {
    for (const auto& [item, where] : items) insert_intervention(store, item, where);
  });
  return items.size();
}

void set_intervention_status(Store& store, const std::string& code, const std::string& status,
                             const std::optional<std::string>& stop_reason, const std::optional<std::string>& actual_start,
                             const std::optional<std::string>& actual_end, const Location& where) {
  require_vocab("intervention_status", status, where, "status");
  require_optional_text(stop_reason, where, "stop_reason");
  if (status == "gestopt" && !stop_reason)
    throw InputError(at(where, "stop_reason"), "a stopped intervention needs the reason it stopped");
  if (status != "gestopt" && stop_reason)
    throw InputError(at(where, "stop_reason"), fmt::format("only a stopped intervention has a stop reason (the status is '{}')", status));
  require_date(actual_start, where, "actual_start");
  require_date(actual_end, where, "actual_end");
  store.write([&] {
    auto find = store.prepare("SELECT id, actual_start, actual_end FROM intervention WHERE code = ?");
    find.bind(1, code);
    if (!find.step()) throw InputError(at(where, "code"), fmt::format("no intervention with code '{}' in the register", code));
    const long long id = find.integer(0);
    // A date not given keeps the one stored: stopping keeps the start date.
    const auto start = actual_start ? actual_start : find.optional_text(1);
    const auto end = actual_end ? actual_end : find.optional_text(2);
    require_order(start, end, where, "actual_end", "the actual start");
    store.prepare("UPDATE intervention SET status = ?, stop_reason = ?, actual_start = ?, actual_end = ? WHERE id = ?")
        .bind(1, status).bind_optional(2, stop_reason).bind_optional(3, start).bind_optional(4, end).bind(5, id).step();
  });
}

// A question's links, inside a write already begun; areas and indicators checked before.
static void insert_question_links(Store& store, const std::string& nr, const std::vector<std::string>& areas,
                                  const std::vector<std::string>& interventions, const std::vector<std::string>& indicators,
                                  const Location& where) {
  const long long id = require_question(store, nr, where, "nr");
  // Links are sets: naming a link again changes nothing.
  auto area = store.prepare("INSERT OR IGNORE INTO question_area (question_id, area_code) VALUES (?, ?)");
  for (const auto& code : areas) {
    area.bind(1, id).bind(2, code).step();
    area.reset();
  }
  auto link = store.prepare("INSERT OR IGNORE INTO question_intervention (question_id, intervention_id) VALUES (?, ?)");
  for (const auto& code : interventions) {
    link.bind(1, id).bind(2, require_intervention(store, code, where, "interventions")).step();
    link.reset();
  }
  auto ind = store.prepare("INSERT OR IGNORE INTO question_indicator (question_id, indicator) VALUES (?, ?)");
  for (const auto& name : indicators) {
    ind.bind(1, id).bind(2, name).step();
    ind.reset();
  }
}

void link_question(Store& store, const std::string& nr, const std::vector<std::string>& areas,
                   const std::vector<std::string>& interventions, const std::vector<std::string>& indicators,
                   const KnownNames& known, const Location& where) {
  for (const auto& code : areas) require_area(code, known, where, "areas");
  for (const auto& name : indicators) require_indicator(name, known, where, "indicators");
  store.write([&] { insert_question_links(store, nr, areas, interventions, indicators, where); });
}

void add_question(Store& store, const Question& question, const std::vector<std::string>& areas,
                  const std::vector<std::string>& interventions, const std::vector<std::string>& indicators,
                  const KnownNames& known, const Location& where) {
  for (const auto& code : areas) require_area(code, known, where, "areas");
  for (const auto& name : indicators) require_indicator(name, known, where, "indicators");
  store.write([&] {
    auto taken = store.prepare("SELECT 1 FROM learning_question WHERE nr = ?");
    taken.bind(1, question.nr);
    if (taken.step()) throw InputError(at(where, "nr"), fmt::format("a question with nr {} is in the register already", question.nr));
    insert_questions(store, {question});
    insert_question_links(store, question.nr, areas, interventions, indicators, where);
  });
}

static void check_cycle(const Cycle& item, const Location& where) {
  require_date(item.date, where, "date");
  require_vocab("cycle_kind", item.kind, where, "kind");
  require_text(item.text, where, "text", "a cycle entry needs its text");
  require_optional_text(item.author_role, where, "author_role");
  if (item.manifest_checksum && !is_hex64(*item.manifest_checksum))
    throw InputError(at(where, "manifest_checksum"), "not a SHA-256 checksum (64 hex digits, lower case) of a build's manifest.json");
  require_optional_text(item.build_label, where, "build_label");
  require_unique(item.questions, same, where, "questions");
  require_unique(item.interventions, same, where, "interventions");
}

static std::int64_t insert_cycle(Store& store, const Cycle& item, const Location& where) {
  std::vector<long long> qs, is;
  for (const auto& nr : item.questions) qs.push_back(require_question(store, nr, where, "questions"));
  for (const auto& code : item.interventions) is.push_back(require_intervention(store, code, where, "interventions"));
  auto add = store.prepare(
      "INSERT INTO cycle_entry (date, kind, text, author_role, manifest_checksum, build_label, source) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  add.bind(1, item.date).bind(2, item.kind).bind(3, item.text).bind_optional(4, item.author_role);
  add.bind_optional(5, item.manifest_checksum).bind_optional(6, item.build_label).bind_optional(7, item.source);
  add.step();
  const std::int64_t id = add.integer(0);
  auto q = store.prepare("INSERT INTO cycle_question (cycle_id, question_id) VALUES (?, ?)");
  for (long long qid : qs) {
    q.bind(1, id).bind(2, qid).step();
    q.reset();
  }
  auto i = store.prepare("INSERT INTO cycle_intervention (cycle_id, intervention_id) VALUES (?, ?)");
  for (long long iid : is) {
    i.bind(1, id).bind(2, iid).step();
    i.reset();
  }
  return id;
}

std::int64_t add_cycle(Store& store, const Cycle& item, const Location& where) {
  check_cycle(item, where);
  std::int64_t id = 0;
  store.write([&] { id = insert_cycle(store, item, where); });
  return id;
}

std::size_t add_cycles(Store& store, const std::vector<Located<Cycle>>& items) {
  for (const auto& [item, where] : items) check_cycle(item, where);
  store.write([&] {
    for (const auto& [item, where] : items) insert_cycle(store, item, where);
  });
  return items.size();
}

std::int64_t add_note(Store& store, const Note& item, const Location& where) {
  require_vocab("note_kind", item.kind, where, "kind");
  require_text(item.text, where, "text", "a note needs its text");
  require_vocab("solve_level", item.solve_level, where, "solve_level");
  require_vocab("note_status", item.status, where, "status");
  require_date(item.date, where, "date");
  std::int64_t id = 0;
  store.write([&] {
    std::optional<long long> iid, qid;
    if (item.intervention) iid = require_intervention(store, *item.intervention, where, "intervention");
    if (item.question) qid = require_question(store, *item.question, where, "question");
    auto add = store.prepare(
        "INSERT INTO note (kind, text, solve_level, status, date, intervention_id, question_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    add.bind(1, item.kind).bind(2, item.text).bind(3, item.solve_level).bind(4, item.status).bind(5, item.date);
    iid ? add.bind(6, *iid) : add.bind_null(6);
    qid ? add.bind(7, *qid) : add.bind_null(7);
    add.step();
    id = add.integer(0);
  });
  return id;
}

static std::int64_t insert_story(Store& store, Story& item, const std::optional<Photo>& checked, const Location& where) {
  if (checked) {
    item.photo = generated_name();
    store.prepare("INSERT INTO photo (name, mime, bytes) VALUES (?, ?, ?)")
        .bind(1, *item.photo).bind(2, checked->mime).bind_blob(3, checked->bytes).step();
  } else if (item.photo) {
    auto find = store.prepare("SELECT 1 FROM photo WHERE name = ?");
    find.bind(1, *item.photo);
    if (!find.step()) throw InputError(at(where, "photo"), "no photo with this name in the register");
  }
  auto add = store.prepare(
      "INSERT INTO story (date, area_code, x, y, precision, source, text, photo, consent, publishable, author_role, "
      "created, source_file, signal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  add.bind(1, item.date).bind(2, item.area_code).bind_optional_real(3, item.x).bind_optional_real(4, item.y);
  add.bind(5, item.precision).bind(6, item.source).bind(7, item.text).bind_optional(8, item.photo);
  add.bind(9, item.consent ? 1LL : 0LL).bind(10, item.publishable ? 1LL : 0LL).bind_optional(11, item.author_role);
  add.bind(12, item.created).bind_optional(13, item.source_file).bind_optional(14, item.signal);
  add.step();
  const std::int64_t id = add.integer(0);
  auto theme = store.prepare("INSERT INTO story_theme (story_id, theme) VALUES (?, ?)");
  for (const auto& t : item.themes) {
    theme.bind(1, id).bind(2, t).step();
    theme.reset();
  }
  return id;
}

std::int64_t add_story(Store& store, Story item, const std::optional<Photo>& photo, const KnownNames& known,
                       const Location& where) {
  check_story(item, known, where);
  // A photo is checked again here: a Photo may have been made without check_photo.
  std::optional<Photo> checked;
  if (photo) checked = check_photo(photo->bytes, where);
  std::int64_t id = 0;
  store.write([&] { id = insert_story(store, item, checked, where); });
  return id;
}

std::size_t add_stories(Store& store, std::vector<Located<Story>> items, const KnownNames& known) {
  for (const auto& [item, where] : items) check_story(item, known, where);
  store.write([&] {
    for (auto& [item, where] : items) insert_story(store, item, std::nullopt, where);
  });
  return items.size();
}

std::vector<Intervention> list_interventions(Store& store) {
  const auto types = type_columns();
  std::string type_cols;
  for (const auto& t : types) type_cols += fmt::format(", \"{}\"", t);
  auto st = store.prepare(fmt::format(
      "SELECT id, code, name, status, stop_reason, planned_start, planned_end, actual_start, actual_end, domain, "
      "perspective, target_group, partners, funding, funding_end, situatie, waar_naartoe, hoe, aannamen, polygon_wkt, "
      "created, source{} FROM intervention ORDER BY id",
      type_cols));
  auto areas = store.prepare("SELECT area_code FROM intervention_area WHERE intervention_id = ? ORDER BY rowid");
  auto aims = store.prepare("SELECT indicator, direction FROM intervention_indicator WHERE intervention_id = ? ORDER BY rowid");
  auto assumptions = store.prepare("SELECT text, indicator, area_code FROM assumption WHERE intervention_id = ? ORDER BY id");
  std::vector<Intervention> out;
  while (st.step()) {
    Intervention it;
    const long long id = st.integer(0);
    it.code = st.text(1);
    it.name = st.text(2);
    it.status = st.text(3);
    it.stop_reason = st.optional_text(4);
    it.planned_start = st.optional_text(5);
    it.planned_end = st.optional_text(6);
    it.actual_start = st.optional_text(7);
    it.actual_end = st.optional_text(8);
    it.domain = st.optional_text(9);
    it.perspective = st.optional_text(10);
    it.target_group = st.optional_text(11);
    it.partners = st.optional_text(12);
    it.funding = st.optional_text(13);
    it.funding_end = st.optional_text(14);
    it.situatie = st.optional_text(15);
    it.waar_naartoe = st.optional_text(16);
    it.hoe = st.optional_text(17);
    it.aannamen = st.optional_text(18);
    it.polygon_wkt = st.optional_text(19);
    it.created = st.text(20);
    it.source = st.optional_text(21);
    for (std::size_t i = 0; i < types.size(); ++i)
      if (st.integer(static_cast<int>(22 + i)) != 0) it.types.push_back(types[i]);
    areas.bind(1, id);
    while (areas.step()) it.areas.push_back(areas.text(0));
    areas.reset();
    aims.bind(1, id);
    while (aims.step()) it.indicators.push_back({aims.text(0), aims.text(1)});
    aims.reset();
    assumptions.bind(1, id);
    while (assumptions.step()) it.assumptions.push_back({assumptions.text(0), assumptions.optional_text(1), assumptions.optional_text(2)});
    assumptions.reset();
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<Cycle> list_cycles(Store& store) {
  auto st = store.prepare(
      "SELECT id, date, kind, text, author_role, manifest_checksum, build_label, source FROM cycle_entry ORDER BY date, id");
  auto qs = store.prepare(
      "SELECT q.nr FROM cycle_question c JOIN learning_question q ON q.id = c.question_id WHERE c.cycle_id = ? ORDER BY c.rowid");
  auto is = store.prepare(
      "SELECT i.code FROM cycle_intervention c JOIN intervention i ON i.id = c.intervention_id WHERE c.cycle_id = ? "
      "ORDER BY c.rowid");
  std::vector<Cycle> out;
  while (st.step()) {
    Cycle c;
    const long long id = st.integer(0);
    c.date = st.text(1);
    c.kind = st.text(2);
    c.text = st.text(3);
    c.author_role = st.optional_text(4);
    c.manifest_checksum = st.optional_text(5);
    c.build_label = st.optional_text(6);
    c.source = st.optional_text(7);
    qs.bind(1, id);
    while (qs.step()) c.questions.push_back(qs.text(0));
    qs.reset();
    is.bind(1, id);
    while (is.step()) c.interventions.push_back(is.text(0));
    is.reset();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Note> list_notes(Store& store) {
  auto st = store.prepare(
      "SELECT n.kind, n.text, n.solve_level, n.status, n.date, i.code, q.nr FROM note n "
      "LEFT JOIN intervention i ON i.id = n.intervention_id LEFT JOIN learning_question q ON q.id = n.question_id "
      "ORDER BY n.date, n.id");
  std::vector<Note> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.optional_text(5), st.optional_text(6)});
  return out;
}

std::vector<Story> list_stories(Store& store, Audience audience) {
  // Public readers get only what may be published: the filter is in the query,
  // so no later step can forget it.
  auto st = store.prepare(std::string(
      "SELECT id, date, area_code, x, y, precision, source, text, photo, consent, publishable, author_role, created, "
      "source_file, signal FROM story") + (audience == Audience::Public ? " WHERE publishable = 1 AND consent = 1" : "") +
      " ORDER BY date, id");
  auto themes = store.prepare("SELECT theme FROM story_theme WHERE story_id = ? ORDER BY rowid");
  std::vector<Story> out;
  while (st.step()) {
    Story s;
    s.id = st.integer(0);
    s.date = st.text(1);
    s.area_code = st.text(2);
    s.x = st.optional_real(3);
    s.y = st.optional_real(4);
    s.precision = st.text(5);
    s.source = st.text(6);
    s.text = st.text(7);
    s.photo = st.optional_text(8);
    s.consent = st.integer(9) != 0;
    s.publishable = st.integer(10) != 0;
    s.author_role = st.optional_text(11);
    s.created = st.text(12);
    s.source_file = st.optional_text(13);
    s.signal = st.optional_text(14);
    // Shown at its buurt: the point itself leaves the store for no one.
    if (s.precision == "buurt") s.x = s.y = std::nullopt;
    themes.bind(1, *s.id);
    while (themes.step()) s.themes.push_back(themes.text(0));
    themes.reset();
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<Photo> read_photo(Store& store, const std::string& name, Audience audience) {
  auto st = store.prepare(std::string("SELECT mime, bytes FROM photo p WHERE name = ?") +
                          (audience == Audience::Public
                               ? " AND EXISTS (SELECT 1 FROM story s WHERE s.photo = p.name AND s.publishable = 1 AND s.consent = 1)"
                               : ""));
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return Photo{st.text(0), st.blob(1)};
}

}  // namespace leefkaart::registry
