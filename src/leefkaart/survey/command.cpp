#include "survey/command.hpp"

#include "registry/command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "core/option_range.hpp"
#include "registry/records.hpp"
#include "registry/store.hpp"
#include "survey/forms.hpp"

namespace leefkaart::survey {
namespace fs = std::filesystem;
namespace {

std::string count(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", dutch::number(static_cast<double>(n), 0), n == 1 ? one : many);
}

}  // namespace

std::string import_command(const std::string& store, const std::string& file, const ImportOptions& options) {
  check_option_file("FORMULIEREN", file);
  if (options.kenmerken) check_option_file("--kenmerken", *options.kenmerken);
  std::error_code ec;
  if (!fs::is_directory(fs::absolute(store).parent_path(), ec))
    throw InputError({"", "--store", ""}, fmt::format("map niet gevonden: '{}'", fs::absolute(store).parent_path().string()));

  KnownAreas areas;
  if (options.build) {
    const auto known = registry::known_names_from_output(*options.build);
    for (const auto& code : known.areas)
      if (code.starts_with("BU") || code.starts_with("WK")) areas.codes.insert(code);  // forms are about buurten and wijken
    areas.source = known.source;
  }
  if (fs::exists(store, ec)) {
    auto s = registry::Store::open(store, registry::OpenMode::MustExist);
    areas.named = stored_named_areas(s);
  }
  ReadOptions read;
  read.allow_mixed_sets = options.allow_mixed_sets;
  if (options.kenmerken) read.declared_values = *options.kenmerken;
  // The whole file is read and checked before the store is opened.
  const auto forms = read_forms(file, areas, read);

  registry::with_new_store_undone_on_failure(store, [&] {
    auto s = registry::Store::open(store);
    insert_forms(s, forms);
  });

  std::map<std::pair<std::string, std::string>, std::pair<std::size_t, int>> per_area;  // (area, round) → forms, people
  for (const Form& f : forms) {
    auto& [n, people] = per_area[{f.area, f.round}];
    ++n;
    people += f.people;
  }
  std::string out = fmt::format("{} ingelezen uit {} in {}:\n", count(forms.size(), "formulier", "formulieren"), file, store);
  for (const auto& [key, value] : per_area)
    out += fmt::format("  {}, ronde {}: {} ({})\n", key.first, key.second, count(value.first, "formulier", "formulieren"),
                       count(static_cast<std::size_t>(value.second), "persoon", "personen"));
  return out;
}

}  // namespace leefkaart::survey
