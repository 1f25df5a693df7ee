#include "registry/register_schema.hpp"

#include <fmt/format.h>

#include "registry/register_schema_json.hpp"

namespace leefkaart::registry::register_schema {

const nlohmann::ordered_json& schema() {
  static const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(kRegisterSchemaJson);
  return parsed;
}

std::vector<std::string> vocab_lists() {
  std::vector<std::string> out;
  for (const auto& [list, words] : schema().at("vocab").items()) out.push_back(list);
  return out;
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

std::string words_for_message(const std::string& list) {
  const auto words = vocab_words(list);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += fmt::format("'{}'", words[i]);
  }
  return out;
}

std::int64_t limit(const std::string& key) { return schema().at("limits").at(key).get<std::int64_t>(); }

std::vector<std::string> photo_types() { return schema().at("limits").at("photo_types").get<std::vector<std::string>>(); }

std::string api(const std::string& key) { return schema().at("api").at(key).get<std::string>(); }

std::string bundle_format() { return schema().at("bundle").at("format").get<std::string>(); }
int bundle_version() { return schema().at("bundle").at("version").get<int>(); }

}  // namespace leefkaart::registry::register_schema
