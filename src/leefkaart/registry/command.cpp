#include "registry/command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>

#include "core/dutch.hpp"
#include "core/errors.hpp"
#include "core/option_range.hpp"
#include "registry/bundle.hpp"
#include "registry/imports.hpp"

namespace leefkaart::registry {
namespace fs = std::filesystem;
namespace {

void check_store_folder(const std::string& store) {
  const fs::path parent = fs::absolute(store).parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw InputError({"", "--store", ""}, fmt::format("folder not found: '{}'", parent.string()));
}

std::string count(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", dutch::number(static_cast<double>(n), 0), n == 1 ? one : many);
}

}  // namespace

std::string import_command(const std::string& store, const std::string& questions_csv) {
  check_option_file("--questions", questions_csv);
  check_store_folder(store);
  // The whole file is read and checked before the store is opened.
  const auto questions = read_questions_csv(questions_csv, today());
  return with_new_store_undone_on_failure(store, [&] {
    Store s = Store::open(store);
    const std::size_t n = import_questions(s, questions);
    return fmt::format("leefkaart added {} learning questions from {} to the register {}\n", n, questions_csv, store);
  });
}

std::string import_command(const std::string& store, const ImportFiles& files) {
  int given = 0;
  for (const auto* f : {&files.questions, &files.interventions, &files.stories, &files.cycles, &files.bundle}) given += !f->empty();
  if (given != 1)
    throw InputError({"", "registry import", ""},
                     "give exactly one of --questions, --interventions, --stories, --cycles or --bundle");
  if (!files.bundle.empty()) {
    if (!files.build.empty()) throw InputError({"", "--build", ""}, "a bundle is not checked against a build: leave --build out");
    check_option_file("--bundle", files.bundle);
    check_store_folder(store);
    const auto bundle = read_bundle(files.bundle);
    return with_new_store_undone_on_failure(store, [&] {
      Store s = Store::open(store);
      const BundleImport added = import_bundle(s, bundle, files.bundle);
      return fmt::format("leefkaart added {} rows from the bundle {} to the register {}{}\n", added.rows, files.bundle, store,
                         added.kept_ids ? " (an empty register: an exact copy)" : "");
    });
  }
  if (!files.questions.empty()) {
    if (!files.build.empty()) throw InputError({"", "--build", ""}, "questions are not checked against a build: leave --build out");
    return import_command(store, files.questions);
  }
  const std::string& file = !files.interventions.empty() ? files.interventions : !files.stories.empty() ? files.stories : files.cycles;
  const char* option = !files.interventions.empty() ? "--interventions" : !files.stories.empty() ? "--stories" : "--cycles";
  check_option_file(option, file);
  check_store_folder(store);
  if (files.build.empty() && files.cycles.empty())
    throw InputError({"", "--build", ""},
                     fmt::format("{} needs --build DIR: the output folder of `leefkaart build` or `series` whose areas and "
                                 "indicators the records name",
                                 option));
  // The build and the whole file are read and checked before the store is opened.
  std::optional<KnownNames> known;
  if (!files.build.empty()) known = known_names_from_output(files.build);
  const std::string created = today();
  if (!files.interventions.empty()) read_interventions(file, created);
  if (!files.stories.empty()) read_stories(file, created);
  if (!files.cycles.empty()) read_cycles(file, known ? &*known : nullptr);
  return with_new_store_undone_on_failure(store, [&] {
    Store s = Store::open(store);
    if (!files.interventions.empty())
      return fmt::format("leefkaart added {} from {} to the register {}\n",
                         count(import_interventions(s, file, *known, created), "intervention", "interventions"), file, store);
    if (!files.stories.empty())
      return fmt::format("leefkaart added {} from {} to the register {}\n",
                         count(import_stories(s, file, *known, created), "story", "stories"), file, store);
    const std::size_t n = import_cycles(s, file, known ? &*known : nullptr);
    return fmt::format("leefkaart added {} from {} to the register {}{}\n", count(n, "cycle entry", "cycle entries"), file,
                       store, known ? fmt::format(", pinned to the build in {}", files.build) : std::string());
  });
}

std::string export_command(const std::string& store, const std::string& to) {
  check_store_folder(to);
  Store s = Store::open(store, OpenMode::MustExist);
  write_bundle(export_bundle(s, today()), to);
  return fmt::format("leefkaart wrote the register {} as a bundle to {} (without stories that may not be published, "
                     "and without photos)\n",
                     store, to);
}

std::string list_command(const std::string& store) {
  Store s = Store::open(store, OpenMode::MustExist);
  return format_list(list_questions(s));
}

std::string backup_command(const std::string& store, const std::string& to) {
  check_store_folder(to);
  Store s = Store::open(store, OpenMode::MustExist);
  s.backup(to);
  return fmt::format("leefkaart copied the register {} to {}\n", store, to);
}

std::string restore_command(const std::string& store, const std::string& from) {
  check_option_file("--from", from);
  check_store_folder(store);
  return with_new_store_undone_on_failure(store, [&] {
    Store s = Store::open(store);
    s.restore(from);
    return fmt::format("leefkaart restored the register {} from {}\n", store, from);
  });
}

std::string format_list(const std::vector<Question>& questions) {
  if (questions.empty()) return "Het register heeft nog geen leervragen.\n";
  std::vector<std::pair<std::string, std::size_t>> themes;
  for (const auto& q : questions) {
    if (themes.empty() || themes.back().first != q.theme) themes.emplace_back(q.theme, 0);
    ++themes.back().second;
  }
  std::string out = fmt::format("Het register heeft {} in {}.\n", count(questions.size(), "leervraag", "leervragen"),
                                count(themes.size(), "thema", "thema's"));
  std::size_t i = 0;
  for (const auto& [theme, n] : themes) {
    out += fmt::format("\n{} ({})\n", theme, count(n, "vraag", "vragen"));
    for (std::size_t k = 0; k < n; ++k, ++i) {
      const Question& q = questions[i];
      out += fmt::format("  {}. {},\n", q.nr, q.wish);
      out += fmt::format("     {}\n", q.tension);
      out += fmt::format("     Status: {}. Ingevoerd op {}.", to_string(q.status),
                         dutch::date(q.created));
      out += q.holder ? fmt::format(" Houder: {}.\n", *q.holder) : " Nog zonder houder.\n";
    }
  }
  return out;
}

}  // namespace leefkaart::registry
