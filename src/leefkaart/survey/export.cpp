#include "survey/export.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <set>

#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/csv.hpp"
#include "io/result_set.hpp"
#include "io/svg_png.hpp"
#include "io/vector_source.hpp"
#include "registry/store.hpp"
#include "survey/wheel_svg.hpp"

namespace leefkaart::survey {
namespace fs = std::filesystem;
namespace bs = io::build_schema;

namespace {

// Every theme code in the order the sets list them (the sets share their codes).
std::vector<std::string> theme_codes() {
  std::vector<std::string> out;
  for (const auto& set : theme_sets())
    for (const auto& t : set.themes)
      if (std::find(out.begin(), out.end(), t.code) == out.end()) out.push_back(t.code);
  return out;
}

std::string area_name(const Areas& areas, const std::string& code) {
  const auto it = areas.find(code);
  return it == areas.end() || it->second.name.empty() ? code : it->second.name;
}

std::string sanitise(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '-';
  return out;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

Areas build_areas(const fs::path& build_dir) {
  const auto problems = io::result_set_problems(build_dir);
  if (!problems.empty()) throw InputError({build_dir.string(), "", "--build"}, "no complete leefkaart build: " + problems.front());
  const fs::path gpkg = build_dir / bs::schema().at("geopackage").get<std::string>();
  Areas out;
  for (const std::string level : {"buurten", "wijken"}) {
    io::VectorReadOptions opts;
    opts.layer = bs::layer(level);
    opts.fields = {bs::area_field("code"), bs::area_field("name"), bs::area_field("mean_score")};
    opts.polygons_only = true;
    io::VectorData data = io::read_vector(gpkg.string(), opts);
    for (auto& f : data.features) {
      AreaInfo a;
      a.name = f.values[1];
      a.geom = std::move(f.geom);
      try {
        if (!f.values[2].empty()) a.mean_score = std::stod(f.values[2]);
      } catch (const std::exception&) {
        throw InputError({gpkg.string(), fmt::format("layer '{}', feature {}", opts.layer, f.fid), opts.fields[2]}, "is not a number");
      }
      out[f.values[0]] = std::move(a);
    }
  }
  return out;
}

void add_form_areas(Areas& areas, const std::vector<Form>& forms) {
  for (const Form& f : forms) {
    if (!f.area_wkt) continue;
    auto& a = areas[f.area];
    if (a.geom) continue;  // the build's polygon, or an earlier form's
    if (a.name.empty()) a.name = f.area;
    a.geom = geom::from_wkt(*f.area_wkt);
  }
}

std::string wheel_file_name(const Wheel& w) {
  std::string name = output_name("wheel_file");
  const std::string group = w.group.attribute.empty() ? "iedereen" : w.group.attribute + "-" + w.group.value;
  for (const auto& [slot, value] : {std::pair<std::string, std::string>{"{area}", w.area}, {"{round}", w.round}, {"{group}", group}})
    if (const auto at = name.find(slot); at != std::string::npos) name.replace(at, slot.size(), value);
  return sanitise(name);
}

io::LayerData beleving_layer(const std::vector<Wheel>& wheels, const Areas& areas) {
  io::LayerData layer;
  layer.name = output_name("layer");
  layer.description =
      "Leefplekmeter: per gebied en ronde het wiel van iedereen; per thema gemiddelde (_gem), standaardafwijking (_sd) en "
      "aantal antwoorden (_n). Een wiel van te weinig mensen is niet getoond: dan zijn de cijfers leeg en staat de reden erbij.";
  using io::FieldType;
  layer.fields = {{output_field("area"), FieldType::String},      {output_field("area_name"), FieldType::String},
                  {output_field("round"), FieldType::String},     {output_field("theme_set"), FieldType::String},
                  {output_field("rescaled"), FieldType::Integer}, {output_field("forms"), FieldType::Integer},
                  {output_field("people"), FieldType::Integer},   {output_field("hidden"), FieldType::String}};
  const auto codes = theme_codes();
  for (const auto& code : codes) {
    const std::string label = theme_sets().front().theme(code) ? theme_sets().front().theme(code)->nl : code;
    layer.fields.push_back({output_field("mean", code), FieldType::Real, label + ": gemiddelde"});
    layer.fields.push_back({output_field("sd", code), FieldType::Real, label + ": standaardafwijking"});
    layer.fields.push_back({output_field("n", code), FieldType::Integer, label + ": aantal antwoorden"});
  }
  for (const Wheel& w : wheels) {
    if (!w.group.attribute.empty()) continue;
    std::vector<io::Value> row{w.area, area_name(areas, w.area), w.round, w.theme_set, static_cast<long long>(w.rescaled),
                               static_cast<long long>(w.forms), static_cast<long long>(w.people)};
    row.push_back(w.hidden_reason ? io::Value{*w.hidden_reason} : io::Value{});
    for (const auto& code : codes) {
      const auto t = std::find_if(w.themes.begin(), w.themes.end(), [&](const ThemeSpread& s) { return s.theme == code; });
      if (w.hidden_reason || t == w.themes.end()) {
        row.insert(row.end(), {io::Value{}, io::Value{}, io::Value{}});
        continue;
      }
      row.push_back(t->mean ? io::Value{*t->mean} : io::Value{});
      row.push_back(t->sd ? io::Value{*t->sd} : io::Value{});
      row.push_back(static_cast<long long>(t->n));
    }
    layer.rows.push_back(std::move(row));
    const auto a = areas.find(w.area);
    layer.geometries.push_back(a != areas.end() && a->second.geom ? geom::clone(a->second.geom.get()) : geom::Geom{});
  }
  return layer;
}

std::vector<PriorityRow> priority(const std::vector<Wheel>& wheels, const Areas& areas) {
  // The latest round per area (rounds compare as text, as the wheels name them).
  std::map<std::string, const Wheel*> latest;
  for (const Wheel& w : wheels) {
    if (!w.group.attribute.empty()) continue;
    auto& slot = latest[w.area];
    if (!slot || slot->round < w.round) slot = &w;
  }
  std::vector<PriorityRow> rows;
  for (const auto& [code, w] : latest) {
    PriorityRow r;
    r.area = code;
    r.name = area_name(areas, code);
    r.round = w->round;
    r.theme_set = w->theme_set;
    if (const auto a = areas.find(code); a != areas.end()) r.mean_score = a->second.mean_score;
    r.forms = w->forms;
    r.people = w->people;
    r.hidden_reason = w->hidden_reason;
    if (!w->hidden_reason) {
      std::vector<std::pair<std::string, double>> means;
      for (const auto& t : w->themes)
        if (t.mean) means.emplace_back(t.theme, *t.mean);
      std::stable_sort(means.begin(), means.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      if (means.size() > 3) means.resize(3);
      r.lowest = means;
      if (!means.empty() && w->scale.max > w->scale.min) {
        double sum = 0;
        for (const auto& m : means) sum += (m.second - w->scale.min) / (w->scale.max - w->scale.min);
        r.judgement = sum / static_cast<double>(means.size());
      }
    }
    rows.push_back(std::move(r));
  }
  // Ranks: 1 for the lowest judgement and for the highest mean hexagon score.
  std::vector<std::size_t> judged;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].judgement) judged.push_back(i);
  std::vector<std::size_t> sum(rows.size(), 0);
  auto by_j = judged;
  std::stable_sort(by_j.begin(), by_j.end(), [&](auto a, auto b) { return *rows[a].judgement < *rows[b].judgement; });
  for (std::size_t i = 0; i < by_j.size(); ++i) sum[by_j[i]] += i + 1;
  auto by_s = judged;
  std::stable_sort(by_s.begin(), by_s.end(), [&](auto a, auto b) {
    const auto &x = rows[a].mean_score, &y = rows[b].mean_score;
    if (x.has_value() != y.has_value()) return x.has_value();
    return x && *x > *y;
  });
  // Without a build every area ranks equal on score: the judgement alone decides.
  for (std::size_t i = 0; i < by_s.size(); ++i) sum[by_s[i]] += rows[by_s[i]].mean_score ? i + 1 : by_s.size() + 1;
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const PriorityRow &x = rows[a], &y = rows[b];
    if (x.judgement.has_value() != y.judgement.has_value()) return x.judgement.has_value();
    if (!x.judgement) return x.area < y.area;
    if (sum[a] != sum[b]) return sum[a] < sum[b];
    if (*x.judgement != *y.judgement) return *x.judgement < *y.judgement;
    return x.area < y.area;
  });
  std::vector<PriorityRow> sorted;
  for (std::size_t i : order) {
    sorted.push_back(std::move(rows[i]));
    sorted.back().place = static_cast<int>(sorted.size());
  }
  return sorted;
}

std::string priority_csv(const std::vector<PriorityRow>& rows) {
  constexpr auto d = io::CsvDialect::Plain;
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += io::csv_separator(d);
      io::append_csv_field(out, cells[i], d);
    }
    out += "\n";
  };
  std::vector<std::string> head{"plaats", output_field("area"), output_field("area_name"), output_field("round"),
                                bs::area_field("mean_score")};
  for (int k = 1; k <= 3; ++k) {
    head.push_back(fmt::format("laagste_{}", k));
    head.push_back(fmt::format("laagste_{}_gem", k));
  }
  for (const char* k : {"forms", "people", "hidden"}) head.push_back(output_field(k));
  line(head);
  for (const auto& r : rows) {
    std::vector<std::string> cells{std::to_string(r.place), r.area, r.name, r.round,
                                   r.mean_score ? io::csv_number(*r.mean_score, d) : ""};
    const auto set = theme_set(r.theme_set);
    for (std::size_t k = 0; k < 3; ++k) {
      if (k < r.lowest.size()) {
        const Theme* t = set ? set->theme(r.lowest[k].first) : nullptr;
        cells.push_back(t ? t->nl : r.lowest[k].first);
        cells.push_back(io::csv_number(r.lowest[k].second, d));
      } else {
        cells.insert(cells.end(), {"", ""});
      }
    }
    cells.push_back(std::to_string(r.forms));
    cells.push_back(std::to_string(r.people));
    cells.push_back(r.hidden_reason.value_or(""));
    line(cells);
  }
  return out;
}

std::string wheels_command(const WheelsOptions& o) {
  io::check_output_folder(o.out_dir);  // before the work, not after it
  if (o.wheel.rescale_to && !theme_set(*o.wheel.rescale_to))
    throw InputError({"", "", "--herschaal"}, fmt::format("'{}' is no theme set", *o.wheel.rescale_to));
  auto store = registry::Store::open(o.store, registry::OpenMode::MustExist);
  const std::vector<Form> forms = load_forms(store);
  // Everything is computed before a file is staged: a refused wheel writes nothing.
  const std::vector<Wheel> wheels = all_wheels(forms, o.wheel);
  Areas areas = o.build_dir ? build_areas(*o.build_dir) : Areas{};
  add_form_areas(areas, forms);
  const io::LayerData layer = beleving_layer(wheels, areas);
  const auto rows = priority(wheels, areas);

  io::ResultSetWriter stage(o.out_dir);
  const std::string dir = output_name("wheels_dir");
  std::set<std::string> names;
  std::size_t hidden = 0;
  std::vector<std::string> outputs;
  for (const Wheel& w : wheels) {
    std::string base = wheel_file_name(w);
    // Two groups may sanitise to one name: number the later ones.
    for (int k = 2; names.count(base); ++k) base = wheel_file_name(w) + "-" + std::to_string(k);
    names.insert(base);
    const std::string svg = wheel_svg(w, area_name(areas, w.area));
    write_text(stage.staged(dir + "/" + base + ".svg"), svg);
    io::svg_to_png(svg, stage.staged(dir + "/" + base + ".png"));
    if (w.hidden_reason) ++hidden;
  }
  io::write_geopackage(stage.staged(output_name("gpkg")), {&layer});
  write_text(stage.staged(output_name("priority_csv")), priority_csv(rows));
  std::set<std::string> area_codes, rounds, without;
  for (const Wheel& w : wheels) {
    area_codes.insert(w.area);
    rounds.insert(w.round);
  }
  for (const auto& code : area_codes)
    if (const auto a = areas.find(code); a == areas.end() || !a->second.geom) without.insert(code);
  nlohmann::json manifest = {{"tool", "leefkaart"},
                             {"command", "survey wheels"},
                             {"created_utc", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)))},
                             {"store", fs::absolute(o.store).lexically_normal().string()},
                             {"build", o.build_dir ? nlohmann::json(fs::absolute(*o.build_dir).lexically_normal().string()) : nlohmann::json()},
                             {"rescale_to", o.wheel.rescale_to ? nlohmann::json(*o.wheel.rescale_to) : nlohmann::json()},
                             {"min_group", o.wheel.min_group},
                             {"forms", forms.size()},
                             {"wheels", wheels.size()}};
  stage.commit(std::move(manifest));

  std::string summary = fmt::format("leefkaart wrote {} wheels ({} hidden: too few people) of {} forms, {} areas and {} rounds to {}\n",
                                    wheels.size(), hidden, forms.size(), area_codes.size(), rounds.size(), o.out_dir.string());
  summary += fmt::format("  {}/: SVG and PNG per wheel; {}: layer '{}', {} rows; {}: {} areas\n", dir, output_name("gpkg"),
                         output_name("layer"), layer.rows.size(), output_name("priority_csv"), rows.size());
  if (!without.empty()) {
    summary += fmt::format("  {} areas have no polygon in {} (", without.size(), output_name("gpkg"));
    std::size_t k = 0;
    for (const auto& c : without) summary += (k++ ? ", " : "") + c;
    summary += o.build_dir ? "): not in the build, and their forms give no gebied_wkt\n"
                           : "): give --build DIR for the polygons of buurten and wijken\n";
  }
  return summary;
}

}  // namespace leefkaart::survey
