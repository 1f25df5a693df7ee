#pragma once
// The stapelkaart stage of `leefkaart build` (after score_study): the stack of
// the 100 m cells, its fields on the cells and area layers, the coarse
// comparison layer (RIVM's Stapeltool works on 1 km hexagons) and the
// manifest's "stack". The arithmetic is stack/stack.hpp's.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/output.hpp"
#include "stack/stack.hpp"
#include "study/stages.hpp"

namespace leefkaart::study {

struct StackRun {
  std::vector<stack::Input> fine_inputs;  // point into the IndicatorRun's columns
  std::vector<bool> basis;                 // inhabited, residents known, not suppressed
  stack::Result fine;
  // The coarse layer: hexagons of [stack] coarse_size on the same RD origin;
  // each fine cell belongs to the one its centre lies in.
  grid::GridSpec coarse_spec;
  std::vector<grid::HexId> coarse_cells;   // every hexagon holding a fine cell
  std::vector<double> coarse_residents;
  std::vector<stack::Column> coarse_values;  // per input, in fine_inputs order
  std::vector<bool> coarse_kept;             // at least privacy_min_residents residents
  stack::Result coarse;
};

// nullopt when the config has no [stack]. `run` must outlive the result.
std::optional<StackRun> stack_study(const Study& s, const IndicatorRun& run, const Residents& residents,
                                    const Scoring& scoring);

// The stack fields (schema stack.cell_fields) appended to the cells layer (rows in cell order).
void add_stack_cell_fields(io::LayerData& cells, const StackRun& st);
// The stack fields (schema stack.area_fields) appended to a level's layer (rows in level order).
void add_stack_area_fields(io::LayerData& layer, const StackRun& st, const Level& level, const transfer::Overlay& ov,
                           const Residents& residents, const config::Config& cfg);
// The coarse layer (schema stack.coarse_layer): the kept hexagons with residents, values and stack.
io::LayerData stack_coarse_layer(const StackRun& st, const config::Config& cfg);
// The manifest's "stack".
nlohmann::json stack_json(const StackRun& st, const config::Config& cfg, const Residents& residents);

}  // namespace leefkaart::study
