#pragma once
// The register's words, labels and limits, from schema/register.json: the one
// place they are written, shared with the server and the web app. The JSON's
// order is kept, so lists of words read as the JSON lists them.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace leefkaart::registry::register_schema {

const nlohmann::ordered_json& schema();

// The names of the vocab lists ("intervention_status", "domain" …).
std::vector<std::string> vocab_lists();
// The words of vocab[list], as stored; std::out_of_range for an unknown list.
std::vector<std::string> vocab_words(const std::string& list);
bool in_vocab(const std::string& list, const std::string& word);
// A word's label in "nl" or "en"; the word itself when it has none.
std::string label(const std::string& list, const std::string& word, const std::string& lang = "nl");
// "'a', 'b' or 'c'": the words of a list for a message.
std::string words_for_message(const std::string& list);

// limits.<key> as a number ("photo_bytes", "body_bytes").
std::int64_t limit(const std::string& key);
std::vector<std::string> photo_types();
// api.<key> ("token_header", "stories" …).
std::string api(const std::string& key);
// The bundle's format name and version.
std::string bundle_format();
int bundle_version();

}  // namespace leefkaart::registry::register_schema
