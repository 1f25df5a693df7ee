#include "study/stack_stage.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <map>
#include <unordered_map>

#include "aggregate/aggregate.hpp"
#include "core/text.hpp"
#include "io/build_schema.hpp"
#include "study/layers.hpp"

namespace leefkaart::study {
using io::FieldType;
using io::Value;
using json = nlohmann::json;
namespace schema = io::build_schema;

namespace {
Value opt(const std::optional<double>& v, int decimals = 6) { return v ? Value(round_to(*v, decimals)) : Value(); }
Value opt_int(const std::optional<int>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }
Value opt_bool(const std::optional<bool>& v) { return v ? Value(static_cast<long long>(*v)) : Value(); }

const json& stack_schema() { return schema::schema().at("stack"); }
std::string perspective_label(const std::string& p) { return stack_schema().at("perspectives").at(p).at("nl").get<std::string>(); }

// One cell's (fine or coarse) stack fields, in the order stack_fields() declares them.
std::vector<io::FieldDef> stack_fields(const stack::Result& r) {
  std::vector<io::FieldDef> f;
  for (const auto& p : r.perspectives) {
    f.push_back({schema::stack_cell_field("perspective_score", p), FieldType::Real,
                 perspective_label(p) + (r.method == config::StackMethod::Binary ? ": aantal knelpunten" : ": opgetelde score")});
    if (r.method == config::StackMethod::Continuous)
      f.push_back({schema::stack_cell_field("perspective_class", p), FieldType::Integer, perspective_label(p) + ": klasse"});
    f.push_back({schema::stack_cell_field("perspective_pressure", p), FieldType::Integer, perspective_label(p) + ": onder druk (1 = ja)"});
  }
  if (r.has_vulnerability) {
    f.push_back({schema::stack_cell_field("vulnerability_score"), FieldType::Real, "Kwetsbaarheid: score"});
    f.push_back({schema::stack_cell_field("vulnerable"), FieldType::Integer, "Kwetsbare bewoners (1 = ja)"});
  }
  f.push_back({schema::stack_cell_field("class"), FieldType::String, "Stapelklasse"});
  f.push_back({schema::stack_cell_field("koppelkans"), FieldType::Integer, "Koppelkans (1 = ja)"});
  f.push_back({schema::stack_cell_field("koppelkans_with"), FieldType::String, "Koppelkans: perspectieven onder druk"});
  return f;
}

void push_stack_values(std::vector<Value>& row, const stack::Result& r, std::size_t c) {
  for (const auto& p : r.perspectives) {
    row.push_back(opt(r.sub.at(p)[c]));
    if (r.method == config::StackMethod::Continuous) row.push_back(opt_int(r.sub_class.at(p)[c]));
    row.push_back(opt_bool(r.pressure.at(p)[c]));
  }
  if (r.has_vulnerability) {
    row.push_back(opt(r.vulnerability[c]));
    row.push_back(opt_bool(r.vulnerable[c]));
  }
  row.push_back(r.stapel_class[c] ? Value(*r.stapel_class[c]) : Value());
  row.push_back(opt_bool(r.koppelkans[c]));
  row.push_back(r.koppelkans_with[c].empty() ? Value() : Value(r.koppelkans_with[c]));
}

json ranges_json(const stack::Result& r, config::StackScaling scaling) {
  json out = json::object();
  for (const auto& [name, range] : r.ranges) {
    json e = {{"cells", range.cells}};
    e["min"] = range.cells ? json(range.min) : json();
    e["max"] = range.cells ? json(range.max) : json();
    e["basis"] = scaling == config::StackScaling::MinMax
                     ? "(value - min) / (max - min), turned around where lower is worse; 0 for every cell without spread"
                     : "(mean rank - 1) / (cells - 1) among these cells, ties sharing their mean rank, turned around where "
                       "lower is worse";
    out[name] = e;
  }
  return out;
}

json breaks_json(const stack::Result& r) {
  json out = json::object();
  for (const auto& [name, b] : r.breaks) out[name.empty() ? schema::stack_manifest_key("vulnerability") : name] = b;
  return out;
}
}  // namespace

std::optional<StackRun> stack_study(const Study& s, const IndicatorRun& run, const Residents& residents,
                                    const Scoring& scoring) {
  const config::Config& cfg = s.cfg;
  if (!cfg.stack) return std::nullopt;
  const config::StackSpec& spec = *cfg.stack;
  StackRun st;
  const std::size_t n = s.cells.size();
  st.basis.assign(n, false);
  for (std::size_t c = 0; c < n; ++c)
    st.basis[c] = residents.placed.value[c].has_value() && residents.per_cell[c] >= 0.5 && !scoring.scores.suppressed[c];
  for (const auto& col : run.columns)
    for (const auto& ind : cfg.indicators)
      if (ind.name == col.name && (!ind.perspective.empty() || ind.vulnerability))
        st.fine_inputs.push_back({col.name, ind.perspective, ind.vulnerability, col.direction, &col.value, &col.flag});
  st.fine = stack::compute(spec, spec.method, st.fine_inputs, st.basis);

  // The coarse layer: the fine cells' values, resident-weighted, stacked continuously.
  st.coarse_spec = spec.coarse;
  const grid::HexGrid coarse(spec.coarse);
  std::unordered_map<grid::HexId, std::size_t, grid::HexIdHash> index;
  std::vector<std::size_t> coarse_of(n);
  for (std::size_t c = 0; c < n; ++c) {
    const grid::HexId id = coarse.cell_of(s.grid->centre(s.cells[c]));
    auto [it, inserted] = index.emplace(id, st.coarse_cells.size());
    if (inserted) st.coarse_cells.push_back(id);
    coarse_of[c] = it->second;
  }
  const std::size_t m = st.coarse_cells.size();
  st.coarse_residents.assign(m, 0.0);
  for (std::size_t c = 0; c < n; ++c)
    if (residents.placed.value[c]) st.coarse_residents[coarse_of[c]] += residents.per_cell[c];
  st.coarse_kept.assign(m, false);
  for (std::size_t k = 0; k < m; ++k)
    st.coarse_kept[k] = st.coarse_residents[k] >= 0.5 && st.coarse_residents[k] >= cfg.privacy_min_residents;
  std::vector<double> fine_residents(n, 0.0);
  for (std::size_t c = 0; c < n; ++c)
    if (residents.placed.value[c]) fine_residents[c] = residents.per_cell[c];
  for (const auto& in : st.fine_inputs) st.coarse_values.push_back(stack::coarse_mean(*in.value, fine_residents, coarse_of, m));
  std::vector<stack::Input> coarse_inputs = st.fine_inputs;
  for (std::size_t i = 0; i < coarse_inputs.size(); ++i) {
    coarse_inputs[i].value = &st.coarse_values[i];
    coarse_inputs[i].flag = nullptr;
  }
  st.coarse = stack::compute(spec, config::StackMethod::Continuous, coarse_inputs, st.coarse_kept);
  std::size_t classed = 0;
  for (const auto& c : st.fine.stapel_class) classed += c.has_value();
  spdlog::info("stapelkaart: {} of {} inhabited cells classed; {} coarse hexagons ({} kept)", classed, st.fine.basis_cells,
               m, st.coarse.basis_cells);
  return st;
}

void add_stack_cell_fields(io::LayerData& cells, const StackRun& st) {
  for (auto& f : stack_fields(st.fine)) cells.fields.push_back(std::move(f));
  for (std::size_t c = 0; c < cells.rows.size(); ++c) push_stack_values(cells.rows[c], st.fine, c);
}

void add_stack_area_fields(io::LayerData& layer, const StackRun& st, const Level& level, const transfer::Overlay& ov,
                           const Residents& residents, const config::Config& cfg) {
  std::vector<stack::Piece> pieces;
  pieces.reserve(ov.pieces.size());
  for (std::size_t i = 0; i < ov.pieces.size(); ++i)
    pieces.push_back({ov.pieces[i].cell, level.group_of_area[ov.pieces[i].area], residents.placed.piece_amount[i]});
  const std::vector<std::string> codes = schema::stack_class_codes();
  const auto areas = stack::by_unit(st.fine, pieces, level.codes.size(), codes, cfg.privacy_min_residents);
  const stack::Result& r = st.fine;
  for (const auto& p : r.perspectives)
    layer.fields.push_back({schema::stack_area_field("perspective_score", p), FieldType::Real,
                            perspective_label(p) + ": gemiddelde (gewogen naar inwoners)"});
  if (r.has_vulnerability)
    layer.fields.push_back({schema::stack_area_field("vulnerability_score"), FieldType::Real,
                            "Kwetsbaarheid: gemiddelde (gewogen naar inwoners)"});
  layer.fields.push_back({schema::stack_area_field("class"), FieldType::String, "Stapelklasse van de meeste inwoners"});
  for (const auto& code : codes)
    layer.fields.push_back({schema::stack_area_field("share_class", code), FieldType::Real,
                            "Aandeel inwoners: " + stack_schema().at("classes").at(code).at("nl").get<std::string>()});
  layer.fields.push_back({schema::stack_area_field("share_koppelkans"), FieldType::Real, "Aandeel inwoners in een koppelkans"});
  for (std::size_t u = 0; u < layer.rows.size(); ++u) {
    const stack::AreaStack& a = areas.at(u);
    auto& row = layer.rows[u];
    for (const auto& p : r.perspectives) row.push_back(opt(a.sub.at(p), 4));
    if (r.has_vulnerability) row.push_back(opt(a.vulnerability, 4));
    row.push_back(a.main_class ? Value(*a.main_class) : Value());
    for (const auto& code : codes) row.push_back(opt(a.share_class.at(code), 4));
    row.push_back(opt(a.share_koppelkans, 4));
  }
}

io::LayerData stack_coarse_layer(const StackRun& st, const config::Config& cfg) {
  const grid::HexGrid coarse(st.coarse_spec);
  std::vector<grid::HexId> kept;
  std::vector<std::size_t> kept_index;
  for (std::size_t k = 0; k < st.coarse_cells.size(); ++k)
    if (st.coarse_kept[k]) {
      kept.push_back(st.coarse_cells[k]);
      kept_index.push_back(k);
    }
  io::LayerData layer;
  layer.name = schema::stack_coarse_layer();
  layer.description = fmt::format(
      "leefkaart stapelkaart on coarse hexagons to compare with RIVM's Stapeltool: {}; each hexagon holds the "
      "resident-weighted mean of the values of the 100 m cells whose centre lies in it, stacked continuously ({}); "
      "hexagons with fewer than {} residents are left out; area_m2 is the full hexagon",
      coarse.describe(), config::to_string(cfg.stack->scaling), cfg.privacy_min_residents);
  add_cell_base(layer, coarse, kept, nullptr);
  layer.fields.push_back({schema::cell_field("pop"), FieldType::Real, "Inwoners"});
  for (const auto& in : st.fine_inputs) {
    std::string label = in.name;
    for (const auto& ind : cfg.indicators)
      if (ind.name == in.name) label = ind.unit.empty() ? ind.label : ind.label + " (" + ind.unit + ")";
    layer.fields.push_back({schema::cell_field("value", {in.name}), FieldType::Real, label});
  }
  for (auto& f : stack_fields(st.coarse)) layer.fields.push_back(std::move(f));
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const std::size_t k = kept_index[i];
    auto& row = layer.rows[i];
    row.push_back(round_to(st.coarse_residents[k], 2));
    for (const auto& values : st.coarse_values) row.push_back(opt(values[k]));
    push_stack_values(row, st.coarse, k);
  }
  return layer;
}

json stack_json(const StackRun& st, const config::Config& cfg, const Residents& residents) {
  const config::StackSpec& spec = *cfg.stack;
  auto key = [](const std::string& k) { return schema::stack_manifest_key(k); };
  const json& ss = stack_schema();
  json out;
  out[key("method")] = config::to_string(spec.method);
  out[key("scaling")] = config::to_string(spec.scaling);
  json rule;
  if (spec.method == config::StackMethod::Binary) {
    rule = {{"pressure_flags", spec.pressure_flags},
            {"vulnerable_flags", spec.vulnerable_flags},
            {"nl", fmt::format("Een perspectief staat onder druk in een cel vanaf {} indicator(en) die boven de drempel "
                               "komen; bewoners zijn kwetsbaar vanaf {} kwetsbaarheidsindicator(en) boven de drempel.",
                               spec.pressure_flags, spec.vulnerable_flags)},
            {"en", fmt::format("A perspective is under pressure in a cell from {} flagged indicator(s); residents are "
                               "vulnerable from {} flagged vulnerability indicator(s).",
                               spec.pressure_flags, spec.vulnerable_flags)}};
  } else {
    rule = {{"quantiles", spec.quantiles},
            {"pressure_class", spec.pressure_class},
            {"vulnerable_class", spec.vulnerable_class},
            {"nl", fmt::format("Elke indicator is geschaald over de bewoonde cellen (0 = best, 1 = slechtst) en per "
                               "perspectief opgeteld; de sommen zijn verdeeld in {} even grote groepen cellen. Een "
                               "perspectief staat onder druk vanaf groep {} van {}; bewoners zijn kwetsbaar vanaf groep {} "
                               "van {}.",
                               spec.quantiles, spec.pressure_class, spec.quantiles, spec.vulnerable_class, spec.quantiles)},
            {"en", fmt::format("Each indicator is scaled over the inhabited cells (0 = best, 1 = worst) and summed per "
                               "perspective; the sums are split into {} equal groups of cells. A perspective is under "
                               "pressure from group {} of {}; residents are vulnerable from group {} of {}.",
                               spec.quantiles, spec.pressure_class, spec.quantiles, spec.vulnerable_class, spec.quantiles)}};
  }
  rule["class_nl"] = "De stapelklasse kruist druk op beschermen en op bevorderen met kwetsbare bewoners; faciliteren "
                     "heeft een eigen score en telt mee voor de koppelkansen: cellen waar twee of meer perspectieven "
                     "onder druk staan. Een cel zonder gegevens voor een perspectief krijgt daarvoor geen score en geen klasse.";
  rule["class_en"] = "The stapel class crosses pressure on protection and on promotion with vulnerable residents; "
                     "faciliteren has its own score and counts for the koppelkansen: cells where two or more perspectives "
                     "are under pressure. A cell without data for a perspective gets no score for it and no class.";
  out[key("rule")] = rule;
  json perspectives = json::object();
  for (const auto& p : config::stack_perspectives()) {
    json names = json::array();
    for (const auto& ind : cfg.indicators)
      if (ind.perspective == p) names.push_back(ind.name);
    perspectives[p] = names;
  }
  out[key("perspectives")] = perspectives;
  json vulnerable = json::array();
  for (const auto& ind : cfg.indicators)
    if (ind.vulnerability) vulnerable.push_back(ind.name);
  out[key("vulnerability")] = vulnerable;
  out[key("ranges")] = ranges_json(st.fine, spec.scaling);
  out[key("breaks")] = breaks_json(st.fine);
  // Cells and residents per class (residents rounded to 5, as the level layers).
  std::map<std::string, std::pair<std::size_t, double>> per_class;
  std::size_t koppel = 0;
  for (std::size_t c = 0; c < st.fine.stapel_class.size(); ++c) {
    if (st.fine.stapel_class[c]) {
      auto& e = per_class[*st.fine.stapel_class[c]];
      ++e.first;
      e.second += residents.per_cell[c];
    }
    koppel += st.fine.koppelkans[c].value_or(false);
  }
  json classes = json::object();
  std::size_t classed = 0;
  for (const auto& code : schema::stack_class_codes()) {
    const auto& c = ss.at("classes").at(code);
    const auto it = per_class.find(code);
    const std::size_t cells = it == per_class.end() ? 0 : it->second.first;
    classed += cells;
    classes[code] = {{"nl", c.at("nl")}, {"en", c.at("en")}, {"colour", c.at("colour")}, {"cells", cells},
                     {"residents", aggregate::round_to_5(it == per_class.end() ? 0.0 : it->second.second)}};
  }
  out[key("classes")] = classes;
  out[key("counts")] = {{"cells_basis", st.fine.basis_cells}, {"cells_classed", classed}, {"cells_koppelkans", koppel}};
  const grid::HexGrid coarse(st.coarse_spec);
  out[key("coarse")] = {{"layer", schema::stack_coarse_layer()},
                        {"method", config::to_string(config::StackMethod::Continuous)},
                        {"scaling", config::to_string(spec.scaling)},
                        {"grid", coarse.describe()},
                        {"size", st.coarse_spec.size},
                        {"size_definition", grid::to_string(st.coarse_spec.definition)},
                        {"edge_m", coarse.edge()},
                        {"cell_area_m2", coarse.cell_area()},
                        {"assignment", "each 100 m cell belongs to the hexagon its centre lies in; values are the "
                                       "resident-weighted mean of its cells with a value"},
                        {"note", "RIVM's Stapeltool works on hexagons of about 1 km; its exact size definition was not "
                                 "found, so the size is configurable ([stack] coarse_size, coarse_size_definition)"},
                        {"hexagons", st.coarse_cells.size()},
                        {"hexagons_kept", st.coarse.basis_cells},
                        {"hexagons_dropped_privacy", st.coarse_cells.size() - st.coarse.basis_cells},
                        {"min_residents", cfg.privacy_min_residents},
                        {key("ranges"), ranges_json(st.coarse, spec.scaling)},
                        {key("breaks"), breaks_json(st.coarse)}};
  out[key("neutral_text")] = ss.at("neutral_text");
  return out;
}

}  // namespace leefkaart::study
