#include "survey/survey_schema.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "survey/survey_schema_json.hpp"

namespace leefkaart::survey {

const nlohmann::ordered_json& schema() {
  static const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(kSurveySchemaJson);
  return parsed;
}

const Theme* ThemeSet::theme(const std::string& code) const {
  for (const auto& t : themes)
    if (t.code == code) return &t;
  return nullptr;
}

namespace {

ThemeSet parse_set(const std::string& id, const nlohmann::ordered_json& j) {
  ThemeSet set;
  set.id = id;
  set.nl = j.at("nl").get<std::string>();
  set.en = j.at("en").get<std::string>();
  set.scale = {j.at("scale").at("min").get<int>(), j.at("scale").at("max").get<int>()};
  for (const auto& t : j.at("themes")) {
    Theme theme{t.at("code").get<std::string>(), t.at("nl").get<std::string>(), t.at("en").get<std::string>(), {}};
    for (const auto& [variant, question] : t.at("question").items())
      theme.questions.emplace_back(variant, question.get<std::string>());
    set.themes.push_back(std::move(theme));
  }
  return set;
}

}  // namespace

std::vector<ThemeSet> theme_sets() {
  std::vector<ThemeSet> out;
  for (const auto& [id, j] : schema().at("theme_sets").items()) out.push_back(parse_set(id, j));
  return out;
}

std::optional<ThemeSet> theme_set(const std::string& id) {
  const auto& sets = schema().at("theme_sets");
  if (!sets.contains(id)) return std::nullopt;
  return parse_set(id, sets.at(id));
}

std::vector<std::string> vocab_words(const std::string& list) {
  std::vector<std::string> out;
  for (const auto& [word, labels] : schema().at("vocab").at(list).items()) out.push_back(word);
  return out;
}

bool in_vocab(const std::string& list, const std::string& word) {
  const auto& vocab = schema().at("vocab");
  return vocab.contains(list) && vocab.at(list).contains(word);
}

std::string label(const std::string& list, const std::string& word, const std::string& lang) {
  if (!in_vocab(list, word)) return word;
  const auto& labels = schema().at("vocab").at(list).at(word);
  return labels.contains(lang) ? labels.at(lang).get<std::string>() : word;
}

std::vector<std::pair<std::string, std::string>> group_attributes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [column, list] : schema().at("group_attributes").items())
    if (column != "about") out.emplace_back(column, list.get<std::string>());
  return out;
}

int default_min_group() { return schema().at("wheels").at("min_group").get<int>(); }

std::string hidden_reason(int min_group, int people) {
  return fmt::format(fmt::runtime(schema().at("wheels").at("hidden_reason").get<std::string>()),
                     fmt::arg("min", min_group), fmt::arg("n", people));
}

std::string none_text() { return schema().at("wheels").at("none").get<std::string>(); }

std::string output_field(const std::string& key, const std::string& theme) {
  auto pattern = schema().at("outputs").at("fields").at(key).get<std::string>();
  const std::string slot = "{theme}";
  if (const auto at = pattern.find(slot); at != std::string::npos) pattern.replace(at, slot.size(), theme);
  return pattern;
}

std::string output_name(const std::string& key) { return schema().at("outputs").at(key).get<std::string>(); }

std::string api(const std::string& key) { return schema().at("api").at(key).get<std::string>(); }

}  // namespace leefkaart::survey
