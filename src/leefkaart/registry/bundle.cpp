#include "registry/bundle.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/files.hpp"
#include "registry/register_schema.hpp"

namespace leefkaart::registry {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

// What a story may show outside the store: publishable ones only, without a
// photo, and at "buurt" precision without coordinates.
constexpr std::string_view kStoryRows =
    "SELECT id, date, area_code, CASE WHEN precision = 'buurt' THEN NULL ELSE x END AS x, "
    "CASE WHEN precision = 'buurt' THEN NULL ELSE y END AS y, precision, source, text, NULL AS photo, consent, "
    "publishable, author_role, created, source_file FROM story WHERE publishable = 1 ORDER BY id";
constexpr std::string_view kStoryThemeRows =
    "SELECT story_theme.* FROM story_theme JOIN story ON story.id = story_theme.story_id "
    "WHERE story.publishable = 1 ORDER BY story_theme.rowid";

std::string rows_query(const std::string& table) {
  if (table == "story") return std::string(kStoryRows);
  if (table == "story_theme") return std::string(kStoryThemeRows);
  return fmt::format("SELECT * FROM \"{}\" ORDER BY rowid", table);
}

json value_of(const Statement& rows, int col) {
  switch (rows.type(col)) {
    case Statement::Type::Integer: return rows.integer(col);
    case Statement::Type::Real: return rows.real(col);
    case Statement::Type::Text: return rows.text(col);
    case Statement::Type::Null: return nullptr;
    case Statement::Type::Blob: break;
  }
  throw std::logic_error("registry bundle: a BLOB in a bundled table");
}

struct Column {
  std::string name;
  bool primary_id = false;  // an INTEGER PRIMARY KEY "id": given anew when importing beside other records
};
struct ForeignKey {
  std::string column, parent;
};
struct Table {
  std::vector<Column> columns;
  std::vector<ForeignKey> keys;
};

Table describe(Store& store, const std::string& table) {
  Table t;
  auto info = store.prepare(fmt::format("PRAGMA table_info(\"{}\")", table));
  while (info.step())
    t.columns.push_back({info.text(1), info.text(1) == "id" && info.integer(5) == 1});
  auto keys = store.prepare(fmt::format("PRAGMA foreign_key_list(\"{}\")", table));
  while (keys.step()) t.keys.push_back({keys.text(3), keys.text(2)});
  return t;
}

bool register_is_empty(Store& store) {
  for (const auto& table : bundle_tables()) {
    auto any = store.prepare(fmt::format("SELECT 1 FROM \"{}\" LIMIT 1", table));
    if (any.step()) return false;
  }
  return true;
}

void bind_value(Statement& st, int index, const json& v, const Location& where) {
  if (v.is_null()) st.bind_null(index);
  else if (v.is_string()) st.bind(index, v.get<std::string>());
  else if (v.is_boolean()) st.bind(index, v.get<bool>() ? 1LL : 0LL);
  else if (v.is_number_integer()) st.bind(index, v.get<long long>());
  else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw InputError(where, "not a finite number");
    st.bind_real(index, d);
  } else {
    throw InputError(where, "a text, a number or null is expected here, not a list or an object");
  }
}

}  // namespace

const std::vector<std::string>& bundle_tables() {
  static const std::vector<std::string> tables{
      "theme",        "learning_question",     "question_status",    "intervention",
      "intervention_area", "intervention_indicator", "assumption",    "question_area",
      "question_intervention", "question_indicator", "cycle_entry",   "cycle_question",
      "cycle_intervention",    "note",               "story",         "story_theme"};
  return tables;
}

const std::vector<ExcludedTable>& bundle_excluded_tables() {
  static const std::vector<ExcludedTable> tables{
      {"schema_version", "the store's own history; the bundle says its schema version once"},
      {"photo", "photos may show people and places; they stay in the store and its backups"},
      {"survey_form", "Leefplekmeter forms travel as their form files (survey import) or in a backup; their free text may be unpublishable"},
      {"survey_answer", "Leefplekmeter forms travel as their form files (survey import) or in a backup; their free text may be unpublishable"},
      {"survey_attribute", "Leefplekmeter forms travel as their form files (survey import) or in a backup; their free text may be unpublishable"},
  };
  return tables;
}

json export_bundle(Store& store, const std::string& exported) {
  json tables = json::object();
  for (const auto& table : bundle_tables()) {
    json rows = json::array();
    auto st = store.prepare(rows_query(table));
    while (st.step()) {
      json row = json::object();
      for (int c = 0; c < st.columns(); ++c) row[st.column_name(c)] = value_of(st, c);
      rows.push_back(std::move(row));
    }
    tables[table] = std::move(rows);
  }
  return json{{"format", register_schema::bundle_format()},
              {"version", register_schema::bundle_version()},
              {"schema_version", store.version()},
              {"exported", exported},
              {"tables", std::move(tables)}};
}

BundleImport import_bundle(Store& store, const json& bundle, const std::string& file) {
  const auto field = [&](const char* name) -> const json& {
    if (!bundle.is_object() || !bundle.contains(name))
      throw InputError({file, "", name}, "missing: not a leefkaart register bundle");
    return bundle.at(name);
  };
  if (field("format") != register_schema::bundle_format())
    throw InputError({file, "", "format"},
                     fmt::format("is not \"{}\": not a leefkaart register bundle", register_schema::bundle_format()));
  const json& version = field("version");
  if (!version.is_number_integer() || version.get<int>() < 1)
    throw InputError({file, "", "version"}, "is not a whole number from 1 on");
  if (version.get<int>() > register_schema::bundle_version())
    throw InputError({file, "", "version"},
                     fmt::format("bundle format {} is newer than this leefkaart reads ({}): update leefkaart",
                                 version.get<int>(), register_schema::bundle_version()));
  const json& schema_version = field("schema_version");
  if (!schema_version.is_number_integer() || schema_version.get<int>() < 1)
    throw InputError({file, "", "schema_version"}, "is not a whole number from 1 on");
  if (schema_version.get<int>() > store.known_version())
    throw InputError({file, "", "schema_version"},
                     fmt::format("the bundle comes from a newer register (schema {}; this leefkaart knows up to {}): "
                                 "update leefkaart",
                                 schema_version.get<int>(), store.known_version()));
  const json& tables = field("tables");
  if (!tables.is_object()) throw InputError({file, "", "tables"}, "is not an object of tables");
  const auto& known = bundle_tables();
  for (const auto& [name, rows] : tables.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw InputError({file, "tables", name}, fmt::format("not a table a bundle carries ({})", fmt::join(known, ", ")));
    if (!rows.is_array()) throw InputError({file, "tables", name}, "is not a list of rows");
  }

  BundleImport result;
  store.write([&] {
    result.kept_ids = register_is_empty(store);
    // Old id → new id per table, for the links of rows added beside other records.
    std::map<std::string, std::map<long long, long long>> new_ids;
    for (const auto& table : known) {
      if (!tables.contains(table)) continue;
      const Table shape = describe(store, table);
      const json& rows = tables.at(table);
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string where = fmt::format("{}[{}]", table, r);
        const json& row = rows[r];
        if (!row.is_object()) throw InputError({file, where, ""}, "is not an object of column values");
        for (const auto& [column, value] : row.items()) {
          const bool exists = std::any_of(shape.columns.begin(), shape.columns.end(),
                                          [&](const Column& c) { return c.name == column; });
          if (!exists) throw InputError({file, where, column}, fmt::format("the register's table {} has no such column", table));
        }
        std::optional<long long> old_id;
        std::vector<std::string> names;
        std::vector<json> values;
        for (const Column& c : shape.columns) {
          if (!row.contains(c.name)) continue;
          json v = row.at(c.name);
          if (c.primary_id) {
            if (!v.is_number_integer()) throw InputError({file, where, c.name}, "is not a whole number");
            old_id = v.get<long long>();
            if (!result.kept_ids) continue;
          }
          if (!result.kept_ids && v.is_number_integer()) {
            for (const ForeignKey& k : shape.keys) {
              if (k.column != c.name) continue;
              const auto& ids = new_ids[k.parent];
              const auto found = ids.find(v.get<long long>());
              if (found == ids.end())
                throw InputError({file, where, c.name},
                                 fmt::format("points to {} {}, which is not in the bundle", k.parent, v.dump()));
              v = found->second;
            }
          }
          names.push_back(c.name);
          values.push_back(std::move(v));
        }
        // A theme of the same name is the same theme in both registers.
        if (!result.kept_ids && table == "theme" && row.contains("name") && old_id) {
          auto same = store.prepare("SELECT id FROM theme WHERE name = ?");
          bind_value(same, 1, row.at("name"), {file, where, "name"});
          if (same.step()) {
            new_ids[table][*old_id] = same.integer(0);
            continue;
          }
        }
        std::string placeholders;
        for (std::size_t i = 0; i < names.size(); ++i) placeholders += i ? ", ?" : "?";
        auto insert = store.prepare(fmt::format("INSERT INTO \"{}\" (\"{}\") VALUES ({})", table,
                                                fmt::join(names, "\", \""), placeholders));
        for (std::size_t i = 0; i < names.size(); ++i) bind_value(insert, static_cast<int>(i + 1), values[i], {file, where, names[i]});
        try {
          insert.step();
        } catch (const std::runtime_error& e) {
          throw InputError({file, where, ""}, fmt::format("refused by the register: {}", e.what()));
        }
        if (old_id) {
          auto last = store.prepare("SELECT last_insert_rowid()");
          last.step();
          new_ids[table][*old_id] = last.integer(0);
        }
        ++result.rows;
      }
    }
  });
  return result;
}

json read_bundle(const fs::path& file) {
  const auto bytes = read_whole_file(file);
  if (!bytes) throw InputError({file.string(), "", ""}, "cannot read the file");
  try {
    return json::parse(*bytes);
  } catch (const json::parse_error& e) {
    throw InputError({file.string(), fmt::format("byte {}", e.byte), ""}, "not valid JSON");
  }
}

void write_bundle(const json& bundle, const fs::path& file) {
  const fs::path part = file.string() + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << bundle.dump(2) << '\n';
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(part, ec);
      throw std::runtime_error(fmt::format("{}: cannot write the bundle", file.string()));
    }
  }
  fs::rename(part, file);
}

}  // namespace leefkaart::registry
