#include "registry/area_records.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace leefkaart::registry {
namespace {

std::optional<std::string> first_in(const std::vector<std::string>& chain, const std::vector<std::string>& areas) {
  for (const auto& c : chain)
    if (std::find(areas.begin(), areas.end(), c) != areas.end()) return c;
  return std::nullopt;
}

}  // namespace

QuestionLinks question_links(Store& store, const std::string& nr) {
  QuestionLinks links;
  const auto read = [&](std::string_view sql, std::vector<std::string>& into) {
    auto st = store.prepare(sql);
    st.bind(1, nr);
    while (st.step()) into.push_back(st.text(0));
  };
  read("SELECT l.area_code FROM question_area l JOIN learning_question q ON q.id = l.question_id WHERE q.nr = ? "
       "ORDER BY l.rowid",
       links.areas);
  read("SELECT i.code FROM question_intervention l JOIN learning_question q ON q.id = l.question_id "
       "JOIN intervention i ON i.id = l.intervention_id WHERE q.nr = ? ORDER BY l.rowid",
       links.interventions);
  read("SELECT l.indicator FROM question_indicator l JOIN learning_question q ON q.id = l.question_id WHERE q.nr = ? "
       "ORDER BY l.rowid",
       links.indicators);
  return links;
}

AreaRecords records_for_area(Store& store, const std::vector<std::string>& chain) {
  AreaRecords out;
  std::map<std::string, std::string> intervention_through;  // code → area
  for (Intervention& it : list_interventions(store)) {
    if (auto through = first_in(chain, it.areas)) {
      intervention_through[it.code] = *through;
      out.interventions.push_back({std::move(it), *through});
    }
  }
  std::set<std::string> questions;
  for (Question& q : list_questions(store)) {
    const QuestionLinks links = question_links(store, q.nr);
    std::optional<std::string> through = first_in(chain, links.areas);
    for (const auto& code : links.interventions)
      if (!through && intervention_through.count(code)) through = intervention_through.at(code);
    if (!through) continue;
    questions.insert(q.nr);
    out.questions.push_back({std::move(q), *through});
  }
  for (Cycle& c : list_cycles(store)) {
    const bool about_here =
        std::any_of(c.questions.begin(), c.questions.end(), [&](const auto& nr) { return questions.count(nr) > 0; }) ||
        std::any_of(c.interventions.begin(), c.interventions.end(),
                    [&](const auto& code) { return intervention_through.count(code) > 0; });
    if (about_here) out.cycles.push_back(std::move(c));
  }
  for (Story& s : list_stories(store, Audience::Public))
    if (std::find(chain.begin(), chain.end(), s.area_code) != chain.end()) out.stories.push_back(std::move(s));
  return out;
}

}  // namespace leefkaart::registry
