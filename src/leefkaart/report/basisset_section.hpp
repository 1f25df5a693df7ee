#pragma once
// The overview's section on RIVM's Basisset Gezonde Leefomgeving: which of its
// entries this map measures (by which indicator and source) and which it does
// not, and why. Read from the build's manifest, as the rest of the report.
#include <string>

#include "basisset/basisset.hpp"

namespace leefkaart::report {

std::string basisset_html(const basisset::Coverage& coverage);

}  // namespace leefkaart::report
