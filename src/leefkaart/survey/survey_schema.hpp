#pragma once
// The Leefplekmeter's data, from schema/survey.json: the theme sets with their
// scales, codes, labels and variant wordings, the vocab, the form file's
// columns, the wheels' rules, the theme-to-indicator map and the output names.
// Written once there, shared with the server and the web app; the JSON's order
// is kept, so themes read (and wheels are drawn) in the order the set lists them.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace leefkaart::survey {

const nlohmann::ordered_json& schema();

struct Scale {
  int min = 1;
  int max = 10;
  bool operator==(const Scale&) const = default;
};

struct Theme {
  std::string code;  // the same code in every set ("natuur_en_groen")
  std::string nl, en;
  // variant ("standaard", "b1", "jeugd") → the question as the form asks it;
  // a set need not have every variant.
  std::vector<std::pair<std::string, std::string>> questions;
};

struct ThemeSet {
  std::string id;  // "leefplekmeter-2018"
  std::string nl, en;
  Scale scale;
  std::vector<Theme> themes;  // 14, in the set's order
  const Theme* theme(const std::string& code) const;  // nullptr when the set has no such theme
};

std::vector<ThemeSet> theme_sets();
// std::nullopt for an unknown id.
std::optional<ThemeSet> theme_set(const std::string& id);

// vocab lists: "session", "respondent_kind", "role", "age_band", "gender".
std::vector<std::string> vocab_words(const std::string& list);
bool in_vocab(const std::string& list, const std::string& word);
std::string label(const std::string& list, const std::string& word, const std::string& lang = "nl");

// group_attributes: the form column ("rol", "leeftijd", "geslacht") → its vocab list.
std::vector<std::pair<std::string, std::string>> group_attributes();

int default_min_group();           // wheels.min_group
std::string hidden_reason(int min_group, int people);  // wheels.hidden_reason filled in
std::string none_text();           // wheels.none: "geen Leefplekmeter"

// outputs.fields.<key>, with {theme} filled in where the pattern has it.
std::string output_field(const std::string& key, const std::string& theme = {});
std::string output_name(const std::string& key);  // outputs.<key> ("gpkg", "layer", "priority_csv" …)
std::string api(const std::string& key);          // api.<key>

}  // namespace leefkaart::survey
