#include "registry/store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "core/errors.hpp"

namespace leefkaart::registry {
namespace fs = std::filesystem;
namespace {

// PRAGMA application_id of a leefkaart register ("LKRG"): tells our file from
// any other SQLite file before a single table is read.
constexpr int kApplicationId = 0x4C4B5247;

[[noreturn]] void fail(sqlite3* db, const fs::path& file, const std::string& what) {
  const int rc = db ? sqlite3_errcode(db) : SQLITE_ERROR;
  const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
  // A file that is no database, or a damaged one, is the user's input.
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    throw InputError({file.string(), "", ""}, fmt::format("not a leefkaart register, or a damaged one (SQLite: {})", msg));
  throw std::runtime_error(fmt::format("{}: {}: {}", file.string(), what, msg));
}

void exec_on(sqlite3* db, const fs::path& file, std::string_view sql) {
  const std::string s(sql);
  if (sqlite3_exec(db, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, file, "cannot run '" + s.substr(0, 60) + "'");
}

// The first column of the first row of a query, as text; nullopt without a row.
std::optional<std::string> scalar(sqlite3* db, const fs::path& file, std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    fail(db, file, "cannot read the store");
  std::optional<std::string> out;
  const int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, file, "cannot read the store");
  return out;
}

bool starts_as_sqlite(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  if (in.gcount() == 0) return true;  // an empty file is a database SQLite has not written yet
  return in.gcount() == 16 && std::string_view(head, 16) == std::string_view("SQLite format 3\0", 16);
}

sqlite3* connect(const fs::path& file, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error(fmt::format("{}: cannot open the register: {}", file.string(), msg));
  }
  sqlite3_extended_result_codes(db, 0);
  sqlite3_busy_timeout(db, 10000);  // another writer holds the lock for one transaction at most
  return db;
}

struct Closer {
  sqlite3* db;
  ~Closer() { sqlite3_close(db); }
};

// What keeps `db` from being a leefkaart register of a version up to `known`;
// nullopt when it is one. `version` gets its schema version.
std::optional<std::string> register_problem(sqlite3* db, const fs::path& file, int known, int& version) {
  const int app = std::stoi(scalar(db, file, "PRAGMA application_id").value_or("0"));
  if (app != kApplicationId) return "not a leefkaart register (another program's SQLite file)";
  if (!scalar(db, file, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"))
    return "not a leefkaart register: it has no schema_version table";
  version = std::stoi(scalar(db, file, "SELECT max(version) FROM schema_version").value_or("0"));
  if (version > known)
    return fmt::format("made by a newer leefkaart (schema version {}; this program knows versions up to {}): "
                       "update leefkaart to open it",
                       version, known);
  return std::nullopt;
}

int known_of(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i)
    if (migrations[i].version != static_cast<int>(i) + 1)
      throw std::logic_error("registry migrations must be numbered 1, 2, 3 … in order");
  return static_cast<int>(migrations.size());
}

// Identifies the file (a fresh one becomes an empty register of version 0),
// turns WAL and foreign keys on and applies the migrations it lacks.
void prepare_schema(sqlite3* db, const fs::path& file, std::span<const Migration> migrations) {
  const int known = known_of(migrations);
  exec_on(db, file, "PRAGMA foreign_keys = ON");
  if (scalar(db, file, "PRAGMA foreign_keys") != "1") throw std::runtime_error("this SQLite has no foreign keys");
  exec_on(db, file, "BEGIN IMMEDIATE");
  try {
    const bool fresh = scalar(db, file, "PRAGMA application_id") == "0" &&
                       scalar(db, file, "SELECT count(*) FROM sqlite_master") == "0";
    if (fresh) {
      exec_on(db, file, fmt::format("PRAGMA application_id = {}", kApplicationId));
      exec_on(db, file,
              "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, what TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    int version = 0;
    if (auto problem = register_problem(db, file, known, version)) throw InputError({file.string(), "", ""}, *problem);
    exec_on(db, file, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  // Only now that the file is ours: WAL changes the file header.
  if (scalar(db, file, "PRAGMA journal_mode = WAL") != "wal")
    throw std::runtime_error(file.string() + ": the register cannot use WAL (a network drive?)");
  exec_on(db, file, "PRAGMA synchronous = FULL");  // a committed write survives a power cut too
  for (const Migration& m : migrations) {
    exec_on(db, file, "BEGIN IMMEDIATE");
    try {
      // Read inside the transaction: another process may have migrated meanwhile.
      const int version = std::stoi(scalar(db, file, "SELECT coalesce(max(version), 0) FROM schema_version").value_or("0"));
      if (version >= m.version) {
        exec_on(db, file, "COMMIT");
        continue;
      }
      if (sqlite3_exec(db, std::string(m.sql).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(db, file, fmt::format("migration {} ({})", m.version, m.what));
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db, "INSERT INTO schema_version (version, what, applied_at) VALUES (?, ?, "
                             "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", -1, &st, nullptr);
      sqlite3_bind_int(st, 1, m.version);
      sqlite3_bind_text(st, 2, m.what.data(), static_cast<int>(m.what.size()), SQLITE_TRANSIENT);
      const int rc = sqlite3_step(st);
      sqlite3_finalize(st);
      if (rc != SQLITE_DONE) fail(db, file, "cannot record the schema version");
      if (scalar(db, file, "PRAGMA foreign_key_check"))
        throw std::runtime_error(fmt::format("{}: migration {} ({}) leaves rows that point nowhere", file.string(), m.version, m.what));
      exec_on(db, file, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

// Copies the whole database `from` into a new file `to` (sqlite3 backup API).
void copy_database(sqlite3* from, const fs::path& from_file, const fs::path& to) {
  std::error_code ec;
  fs::remove(to, ec);
  sqlite3* dst = connect(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  Closer closer{dst};
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", from, "main");
  if (!b) fail(dst, to, "cannot start the copy");
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) fail(dst, from_file, "cannot copy the register");
  if (sqlite3_errcode(dst) != SQLITE_OK) fail(dst, to, "cannot write the copy");
  // A copy is one self-contained file (no -wal beside it) to archive or mail;
  // the store turns WAL on again when it opens it.
  if (scalar(dst, to, "PRAGMA journal_mode = DELETE") != "delete") fail(dst, to, "cannot finish the copy");
}

// Opens another register to read it. Read-write when allowed, because a
// read-only connection to a WAL file leaves its -wal and -shm files behind.
sqlite3* connect_to_read(const fs::path& file) {
  try {
    return connect(file, SQLITE_OPEN_READWRITE);
  } catch (const std::runtime_error&) {
    return connect(file, SQLITE_OPEN_READONLY);
  }
}

fs::path beside(const fs::path& target, const std::string& kind) {
  return target.parent_path() / fmt::format(".{}.leefkaart-{}-{}", target.filename().string(), kind, ::getpid());
}

void remove_sidecars(const fs::path& db_file) {
  std::error_code ec;
  fs::remove(db_file.string() + "-wal", ec);
  fs::remove(db_file.string() + "-shm", ec);
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

// ---- Statement

Statement::Statement(sqlite3_stmt* stmt, std::string file) : stmt_(stmt), file_(std::move(file)) {}
Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), file_(std::move(other.file_)) { other.stmt_ = nullptr; }
Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(sqlite3_db_handle(stmt_), file_, "cannot bind a value");
  return *this;
}
Statement& Statement::bind(int index, long long value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), file_, "cannot bind a value");
  return *this;
}
Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), file_, "cannot bind a value");
  return *this;
}
Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}
Statement& Statement::bind_real(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) fail(sqlite3_db_handle(stmt_), file_, "cannot bind a value");
  return *this;
}
Statement& Statement::bind_optional_real(int index, const std::optional<double>& value) {
  return value ? bind_real(index, *value) : bind_null(index);
}
Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(sqlite3_db_handle(stmt_), file_, "cannot bind a value");
  return *this;
}
bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(sqlite3_db_handle(stmt_), file_, "cannot run a statement");
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}
int Statement::columns() const { return sqlite3_column_count(stmt_); }
std::string Statement::column_name(int col) const { return sqlite3_column_name(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : "";
}
std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
long long Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::optional<double> Statement::optional_real(int col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}
std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : "";
}
Statement::Type Statement::type(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER: return Type::Integer;
    case SQLITE_FLOAT: return Type::Real;
    case SQLITE_TEXT: return Type::Text;
    case SQLITE_BLOB: return Type::Blob;
    default: return Type::Null;
  }
}

// ---- Store

Store::Store(sqlite3* db, fs::path file, std::span<const Migration> migrations)
    : db_(db), file_(std::move(file)), migrations_(migrations), known_version_(known_of(migrations)) {}
Store::Store(Store&& other) noexcept
    : db_(other.db_), file_(std::move(other.file_)), migrations_(other.migrations_), known_version_(other.known_version_) {
  other.db_ = nullptr;
}
Store::~Store() { close(); }

void Store::close() {
  sqlite3_close(db_);
  db_ = nullptr;
}

Store Store::open(const fs::path& file, OpenMode mode, std::span<const Migration> migrations) {
  std::error_code ec;
  const bool exists = fs::exists(file, ec);
  if (!exists && mode == OpenMode::MustExist)
    throw InputError({file.string(), "", ""}, "no register here (`leefkaart registry import` starts one)");
  if (exists && (!fs::is_regular_file(file, ec) || !starts_as_sqlite(file)))
    throw InputError({file.string(), "", ""}, "not a leefkaart register (not an SQLite file)");
  Store store(connect(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), file, migrations);
  prepare_schema(store.db_, file, migrations);
  return store;
}

int Store::version() const {
  return std::stoi(scalar(db_, file_, "SELECT coalesce(max(version), 0) FROM schema_version").value_or("0"));
}

void Store::exec(std::string_view sql) { exec_on(db_, file_, sql); }

Statement Store::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    fail(db_, file_, "cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
  return Statement(st, file_.string());
}

void Store::write(const std::function<void()>& body) {
  if (!sqlite3_get_autocommit(db_)) throw std::logic_error("registry: a write inside a write");
  exec("BEGIN IMMEDIATE");
  try {
    body();
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::backup(const fs::path& to) {
  if (same_file(to, file_)) throw InputError({to.string(), "", ""}, "is the register itself: back up to another file");
  std::error_code ec;
  if (fs::exists(to, ec)) {
    int version = 0;
    std::optional<std::string> problem = "not a leefkaart register (not an SQLite file)";
    if (fs::is_regular_file(to, ec) && starts_as_sqlite(to)) {
      sqlite3* other = connect_to_read(to);
      Closer closer{other};
      try {
        problem = register_problem(other, to, 1 << 30, version);
      } catch (const InputError& e) {
        problem = e.problem();
      }
    }
    if (problem) throw InputError({to.string(), "", ""}, "exists and is " + *problem + ": not replaced by the backup");
  }
  const fs::path part = beside(to, "backup");
  try {
    copy_database(db_, file_, part);
    remove_sidecars(to);  // a stale WAL of the replaced copy must not be read into the new one
    fs::rename(part, to);
  } catch (...) {
    fs::remove(part, ec);
    remove_sidecars(part);
    throw;
  }
}

void Store::restore(const fs::path& from) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) throw InputError({from.string(), "", ""}, "file not found");
  if (same_file(from, file_)) throw InputError({from.string(), "", ""}, "is the register itself");
  if (!starts_as_sqlite(from) || fs::file_size(from, ec) == 0)
    throw InputError({from.string(), "", ""}, "not a leefkaart register (not an SQLite file)");
  const fs::path part = beside(file_, "restore");
  try {
    sqlite3* src = connect_to_read(from);
    Closer closer{src};
    int version = 0;
    if (auto problem = register_problem(src, from, known_version_, version)) throw InputError({from.string(), "", ""}, *problem);
    if (scalar(src, from, "PRAGMA quick_check") != "ok")
      throw InputError({from.string(), "", ""}, "a damaged register (SQLite's quick_check fails): not restored");
    copy_database(src, from, part);
  } catch (...) {
    fs::remove(part, ec);
    remove_sidecars(part);
    throw;
  }
  // Fold the WAL into the file and close, so that no WAL of the old store
  // outlives the rename; a WAL left behind means another program has it open.
  const auto busy = scalar(db_, file_, "PRAGMA wal_checkpoint(TRUNCATE)");
  close();
  if (busy != "0" || fs::exists(file_.string() + "-wal", ec)) {
    fs::remove(part, ec);
    db_ = connect(file_, SQLITE_OPEN_READWRITE);
    prepare_schema(db_, file_, migrations_);
    throw std::runtime_error(file_.string() + ": the register is open in another program (a server?): stop it, then restore");
  }
  remove_sidecars(file_);
  fs::rename(part, file_);
  db_ = connect(file_, SQLITE_OPEN_READWRITE);
  prepare_schema(db_, file_, migrations_);
}

std::map<std::string, TableRows> dump_tables(Store& store) {
  std::vector<std::string> names;
  auto list = store.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (list.step()) names.push_back(list.text(0));
  std::map<std::string, TableRows> out;
  for (const auto& name : names) {
    auto rows = store.prepare(fmt::format("SELECT * FROM \"{}\" ORDER BY rowid", name));
    TableRows& t = out[name];
    while (rows.step()) {
      auto& row = t.emplace_back();
      for (int c = 0; c < rows.columns(); ++c) row.push_back(rows.optional_text(c));
    }
  }
  return out;
}

}  // namespace leefkaart::registry
