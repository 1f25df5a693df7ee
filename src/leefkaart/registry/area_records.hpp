#pragma once
// What the register holds for one area, as the area panel and the wijkprofiel
// show it: the interventions there, the learning questions about it (linked
// to the area or to one of those interventions), the cycles about either, and
// the publishable stories told there. An area lies in larger ones (a buurt in
// its wijk and gemeente): what is registered for those shows too, marked with
// the area it came through.
#include <string>
#include <vector>

#include "registry/questions.hpp"
#include "registry/records.hpp"

namespace leefkaart::registry {

struct QuestionLinks {
  std::vector<std::string> areas, interventions, indicators;  // area codes, intervention codes, indicator names
};
// The links of question `nr` (empty when it has none).
QuestionLinks question_links(Store& store, const std::string& nr);

template <class T>
struct Through {
  T item;
  std::string area_code;  // the area of the chain it is registered for
};

struct AreaRecords {
  std::vector<Through<Intervention>> interventions;
  std::vector<Through<Question>> questions;
  std::vector<Cycle> cycles;
  std::vector<Story> stories;  // publishable only (Audience::Public)
};

// `chain`: the area first, then the areas it lies in (BU… , WK…, GM…).
AreaRecords records_for_area(Store& store, const std::vector<std::string>& chain);

}  // namespace leefkaart::registry
