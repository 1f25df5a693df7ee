#pragma once
// Reading one table of a TOML file strictly: every value checked, and unknown
// (usually misspelled) keys reported with their line and a suggestion. Shared
// by the config and the [programme] reader.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace leefkaart::config {

class TomlReader {
 public:
  // `lines`, when given, records the line of every key read (full name → line), so that a
  // later check of the data can still name the config line.
  TomlReader(const toml::table& t, std::string file, std::string prefix, std::map<std::string, int>* lines = nullptr)
      : t_(t), file_(std::move(file)), prefix_(std::move(prefix)), lines_(lines) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    const toml::node* n = t_.get(key);
    const int line = n ? static_cast<int>(n->source().begin.line) : static_cast<int>(t_.source().begin.line);
    throw InputError({file_, fmt::format("line {}", line), full(key)}, problem);
  }

  int line() const { return static_cast<int>(t_.source().begin.line); }
  const toml::node* raw(const std::string& key) {
    used_.insert(key);
    const toml::node* n = t_.get(key);
    if (n && lines_) (*lines_)[full(key)] = line_of(key);
    return n;
  }
  int line_of(const std::string& key) const {
    const toml::node* n = t_.get(key);
    return static_cast<int>(n ? n->source().begin.line : t_.source().begin.line);
  }
  bool has(const std::string& key) {
    used_.insert(key);
    return t_.contains(key);
  }

  std::optional<std::string> opt_string(const std::string& key) {
    const toml::node* n = raw(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail(key, fmt::format("must be a text value in quotes, found a {}", type_name(*n)));
    return n->as_string()->get();
  }
  std::string string(const std::string& key, const std::string& fallback) { return opt_string(key).value_or(fallback); }
  std::string required_string(const std::string& key) {
    auto v = opt_string(key);
    if (!v) fail(key, "is required");
    return *v;
  }

  std::optional<double> opt_number(const std::string& key) {
    const toml::node* n = raw(key);
    if (!n) return std::nullopt;
    if (auto* i = n->as_integer()) return static_cast<double>(i->get());
    if (auto* f = n->as_floating_point()) {
      // TOML allows nan and inf; no setting means either, and both pass every comparison a check makes.
      if (!std::isfinite(f->get())) fail(key, fmt::format("must be a finite number, found {}", f->get()));
      return f->get();
    }
    fail(key, fmt::format("must be a number, found a {}", type_name(*n)));
  }
  double number(const std::string& key, double fallback) { return opt_number(key).value_or(fallback); }
  // A number in [lo, hi]; `meaning` says why, e.g. "a share of a cell".
  double number_in(const std::string& key, double fallback, double lo, double hi, const std::string& meaning) {
    const double v = number(key, fallback);
    if (v < lo || v > hi) fail(key, fmt::format("{:g} is out of range: {} lies between {:g} and {:g}", v, meaning, lo, hi));
    return v;
  }
  // A whole number in [lo, hi], checked before it becomes an int (a larger
  // double cast to int is undefined behaviour).
  std::optional<int> opt_int(const std::string& key, int lo, int hi, const std::string& meaning) {
    const auto v = opt_number(key);
    if (!v) return std::nullopt;
    if (*v < lo || *v > hi) fail(key, fmt::format("{:g} is out of range: {} lies between {} and {}", *v, meaning, lo, hi));
    if (*v != std::floor(*v)) fail(key, fmt::format("must be a whole number, found {:g}", *v));
    return static_cast<int>(*v);
  }
  // `[min, max]`: two finite numbers, min below max.
  std::optional<std::pair<double, double>> opt_range(const std::string& key) {
    const toml::node* n = raw(key);
    if (!n) return std::nullopt;
    const toml::array* arr = n->as_array();
    const char* form = "must be [min, max], two numbers, e.g. range = [0, 100]";
    if (!arr || arr->size() != 2 || !(*arr)[0].is_number() || !(*arr)[1].is_number()) fail(key, form);
    const double lo = *(*arr)[0].value<double>(), hi = *(*arr)[1].value<double>();
    if (!std::isfinite(lo) || !std::isfinite(hi)) fail(key, "must hold two finite numbers (no nan or inf)");
    if (!(lo < hi)) fail(key, fmt::format("[{:g}, {:g}]: the minimum must be below the maximum", lo, hi));
    return std::make_pair(lo, hi);
  }

  std::optional<bool> opt_bool(const std::string& key) {
    const toml::node* n = raw(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) fail(key, fmt::format("must be true or false, found a {}", type_name(*n)));
    return n->as_boolean()->get();
  }

  // `example` shows a valid list in the message, e.g. "[\".\", \"x\"]".
  std::optional<std::vector<std::string>> opt_strings(const std::string& key, const std::string& example = "[\".\", \"x\"]") {
    const toml::node* n = raw(key);
    if (!n) return std::nullopt;
    const toml::array* arr = n->as_array();
    if (!arr) fail(key, "must be a list of text values, e.g. " + example);
    std::vector<std::string> out;
    for (const auto& el : *arr) {
      if (!el.is_string()) fail(key, "must contain only text values in quotes, e.g. " + example);
      out.push_back(el.as_string()->get());
    }
    return out;
  }
  std::vector<std::string> required_strings(const std::string& key, const std::string& example) {
    auto v = opt_strings(key, example);
    if (!v || v->empty()) fail(key, "is required: a list of at least one value, e.g. " + example);
    return *v;
  }
  // A whole number in [lo, hi] read from a list element of `key`.
  int whole_number(const std::string& key, double v, int lo, int hi, const std::string& meaning) const {
    if (v != std::floor(v)) fail(key, fmt::format("must be a whole number, found {:g}", v));
    if (v < lo || v > hi) fail(key, fmt::format("{:g} is out of range: {} lies between {} and {}", v, meaning, lo, hi));
    return static_cast<int>(v);
  }

  const toml::table* opt_table(const std::string& key, const std::string& example = "") {
    const toml::node* n = raw(key);
    if (!n) return nullptr;
    if (!n->is_table())
      fail(key, fmt::format("must be a table{}, found a {}", example.empty() ? "" : ", e.g. " + example, type_name(*n)));
    return n->as_table();
  }

  template <typename E>
  E choice(const std::string& key, E fallback, const std::vector<std::pair<std::string, E>>& options) {
    auto v = opt_string(key);
    if (!v) return fallback;
    std::vector<std::string> names;
    for (const auto& [name, value] : options) {
      if (*v == name) return value;
      names.push_back(name);
    }
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "\"" : ", \"") + n + "\"";
    fail(key, fmt::format("\"{}\" is not one of {}{}", *v, list, did_you_mean(*v, names)));
  }

  void finish() const {
    std::vector<std::string> known(used_.begin(), used_.end());
    for (const auto& [k, node] : t_) {
      const std::string key(k.str());
      if (used_.count(key)) continue;
      throw InputError({file_, fmt::format("line {}", node.source().begin.line), full(key)},
                       "unknown key" + did_you_mean(key, known));
    }
  }

  std::string full(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }
  const std::string& file() const { return file_; }

 private:
  static std::string type_name(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string: return "text";
      case toml::node_type::integer: return "whole number";
      case toml::node_type::floating_point: return "number";
      case toml::node_type::boolean: return "true/false";
      case toml::node_type::array: return "list";
      case toml::node_type::table: return "table";
      default: return "date/time";
    }
  }
  const toml::table& t_;
  std::string file_, prefix_;
  std::map<std::string, int>* lines_;
  std::set<std::string> used_;
};


}  // namespace leefkaart::config
