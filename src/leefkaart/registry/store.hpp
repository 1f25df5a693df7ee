#pragma once
// A team's working register: one SQLite file per project, kept behind this
// wrapper (no sqlite3 type outside store.cpp). The file is opened with WAL (a
// reader never blocks a writer) and foreign keys on; its schema grows by an
// ordered list of migrations, each applied in one transaction, and a store
// made by a newer leefkaart is refused rather than half understood. Every
// write is one transaction.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace leefkaart::registry {

// One step of the schema. Versions count 1, 2, 3 … in the list's order; a
// migration that has been released is never changed, only followed by another.
struct Migration {
  int version = 0;
  std::string_view what;  // for the schema_version table: what it added
  std::string_view sql;   // one or more statements
};

// The register's own migrations (questions.cpp's tables and their successors).
std::span<const Migration> register_migrations();

// A prepared statement. Indices of bind() count from 1, of the columns from 0.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, long long value);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);  // NULL for nullopt
  Statement& bind_real(int index, double value);  // not an overload of bind: bind(i, 5) stays unambiguous
  Statement& bind_optional_real(int index, const std::optional<double>& value);  // NULL for nullopt
  Statement& bind_blob(int index, std::string_view bytes);
  bool step();  // true while there is a row; throws on an error
  void reset();  // to run again: back to the start, bindings cleared
  int columns() const;
  std::string column_name(int col) const;
  bool is_null(int col) const;
  std::string text(int col) const;
  std::optional<std::string> optional_text(int col) const;
  long long integer(int col) const;
  double real(int col) const;
  std::optional<double> optional_real(int col) const;
  std::string blob(int col) const;
  enum class Type { Null, Integer, Real, Text, Blob };
  Type type(int col) const;  // of the value in this row

 private:
  friend class Store;
  Statement(sqlite3_stmt* stmt, std::string file);
  sqlite3_stmt* stmt_;
  std::string file_;
};

enum class OpenMode { CreateIfMissing, MustExist };

class Store {
 public:
  // Opens the store, creating it when allowed, and applies the migrations it
  // lacks. Throws InputError naming the file when it is missing (MustExist), is
  // not a leefkaart register, or has a newer schema version than `migrations`.
  static Store open(const std::filesystem::path& file, OpenMode mode = OpenMode::CreateIfMissing,
                    std::span<const Migration> migrations = register_migrations());
  Store(Store&& other) noexcept;
  Store& operator=(Store&&) = delete;
  ~Store();

  const std::filesystem::path& file() const { return file_; }
  int version() const;              // the highest migration applied
  int known_version() const { return known_version_; }

  // Runs `body` as one write transaction (BEGIN IMMEDIATE … COMMIT): all of it
  // is stored, or, when it throws, none of it.
  void write(const std::function<void()>& body);
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);

  // A consistent copy of the whole store (sqlite3 backup API), written beside
  // `to` and renamed onto it; an existing `to` is replaced only when it is a
  // leefkaart register itself.
  void backup(const std::filesystem::path& to);
  // Replaces this store with the register in `from`: refused (InputError, the
  // store untouched) unless `from` is an undamaged leefkaart register of a
  // version this program knows. The copy is written beside the store and renamed
  // onto it, so a kill leaves the old store or the new one; then it is reopened
  // (and migrated when `from` is older).
  void restore(const std::filesystem::path& from);

 private:
  Store(sqlite3* db, std::filesystem::path file, std::span<const Migration> migrations);
  void close();
  sqlite3* db_;
  std::filesystem::path file_;
  std::span<const Migration> migrations_;
  int known_version_ = 0;
};

// Every table's rows in rowid order, each value as text (NULL as nullopt), by
// table name: to compare two stores whole (backup checks, tests).
using TableRows = std::vector<std::vector<std::optional<std::string>>>;
std::map<std::string, TableRows> dump_tables(Store& store);

}  // namespace leefkaart::registry
