#pragma once
// The few lines a build prints at its end, in Dutch: which areas have the most
// health to gain, and why. The advisor's first question, answered on the console.
#include <cstddef>
#include <string>
#include <vector>

#include "io/output.hpp"

namespace leefkaart::study {

// The `top_n` areas of an area layer (buurten or wijken, as level_layer writes them) with the
// largest residents × score, each with its wijk, mean score and drivers; then how many areas
// have no score and why. One line per entry, no trailing newline. Areas without a score
// (privacy, missing data, uninhabited) are counted, never ranked.
std::vector<std::string> ranking_summary_nl(const io::LayerData& areas, std::size_t top_n);

}  // namespace leefkaart::study
