// The register's store: migrations, WAL, foreign keys, one transaction per
// write, refusal of newer or foreign files, backup and restore.
#include "registry/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <fstream>

#include "core/errors.hpp"

using namespace leefkaart;
using namespace leefkaart::registry;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leefkaart_store_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string scalar(Store& s, std::string_view sql) {
  auto st = s.prepare(sql);
  EXPECT_TRUE(st.step()) << sql;
  return st.text(0);
}

bool has_table(Store& s, const std::string& name) {
  auto st = s.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  return st.step();
}

// Two steps of a made-up schema, and a third that fails halfway.
constexpr std::array kTwo{Migration{1, "notes", "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
                          Migration{2, "note authors", "ALTER TABLE note ADD COLUMN author TEXT;"}};
constexpr std::array kOne{kTwo[0]};
constexpr std::array kBrokenThird{kTwo[0], kTwo[1],
                                  Migration{3, "broken", "CREATE TABLE tag (x); INSERT INTO no_such_table VALUES (1);"}};

template <class E, class F>
E expect_throw(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e;
  }
  ADD_FAILURE() << "no exception";
  return E({}, "");
}

}  // namespace

TEST(RegistryStore, AFreshStoreHasEveryMigrationWithWalAndForeignKeys) {
  const fs::path file = fresh_dir("fresh") / "register.sqlite";
  Store s = Store::open(file);
  EXPECT_EQ(s.version(), s.known_version());
  EXPECT_EQ(s.known_version(), static_cast<int>(register_migrations().size()));
  EXPECT_EQ(scalar(s, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar(s, "PRAGMA foreign_keys"), "1");
  EXPECT_TRUE(has_table(s, "learning_question"));
  EXPECT_TRUE(has_table(s, "question_status"));
}

TEST(RegistryStore, MigrationsRunInOrderOnceEach) {
  const fs::path file = fresh_dir("order") / "r.sqlite";
  {
    Store s = Store::open(file, OpenMode::CreateIfMissing, kOne);
    EXPECT_EQ(s.version(), 1);
    s.write([&] { s.exec("INSERT INTO note (text) VALUES ('kept')"); });
  }
  Store s = Store::open(file, OpenMode::CreateIfMissing, kTwo);  // the older file gets step 2 only
  EXPECT_EQ(s.version(), 2);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM schema_version"), "2");
  EXPECT_EQ(scalar(s, "SELECT text FROM note"), "kept");
  s.write([&] { s.exec("UPDATE note SET author = 'wijkteam'"); });
  Store again = Store::open(file, OpenMode::CreateIfMissing, kTwo);
  EXPECT_EQ(scalar(again, "SELECT count(*) FROM schema_version"), "2");
}

TEST(RegistryStore, AFailedMigrationLeavesThePreviousVersionWhole) {
  const fs::path file = fresh_dir("broken") / "r.sqlite";
  EXPECT_THROW(Store::open(file, OpenMode::CreateIfMissing, kBrokenThird), std::runtime_error);
  Store s = Store::open(file, OpenMode::CreateIfMissing, kTwo);
  EXPECT_EQ(s.version(), 2);
  EXPECT_FALSE(has_table(s, "tag"));  // its first statement was rolled back with the second
}

TEST(RegistryStore, AStoreOfANewerVersionIsRefused) {
  const fs::path file = fresh_dir("newer") / "r.sqlite";
  { Store s = Store::open(file, OpenMode::CreateIfMissing, kTwo); }
  const auto e = expect_throw<InputError>([&] { Store::open(file, OpenMode::CreateIfMissing, kOne); });
  EXPECT_EQ(e.location().file, file.string());
  EXPECT_NE(e.problem().find("newer leefkaart (schema version 2; this program knows versions up to 1)"), std::string::npos)
      << e.what();
}

TEST(RegistryStore, OtherFilesAreRefusedUntouched) {
  const fs::path dir = fresh_dir("foreign");
  const fs::path text = dir / "notes.txt";
  std::ofstream(text) << "nr,thema\n";
  EXPECT_THROW(Store::open(text), InputError);
  EXPECT_EQ(fs::file_size(text), 9u);
  // Another program's SQLite file: not ours, so not turned into a register.
  const fs::path other = dir / "other.sqlite";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const auto e = expect_throw<InputError>([&] { Store::open(other); });
  EXPECT_NE(e.problem().find("not a leefkaart register"), std::string::npos) << e.what();
  EXPECT_THROW(Store::open(dir / "absent.sqlite", OpenMode::MustExist), InputError);
  EXPECT_FALSE(fs::exists(dir / "absent.sqlite"));
}

TEST(RegistryStore, AWriteIsOneTransaction) {
  const fs::path file = fresh_dir("tx") / "r.sqlite";
  Store s = Store::open(file, OpenMode::CreateIfMissing, kOne);
  EXPECT_THROW(s.write([&] {
    s.exec("INSERT INTO note (text) VALUES ('first')");
    s.exec("INSERT INTO note (text) VALUES (NULL)");  // NOT NULL fails: the first goes too
  }), std::runtime_error);
  EXPECT_EQ(scalar(s, "SELECT count(*) FROM note"), "0");
}

TEST(RegistryStore, ForeignKeysAreEnforced) {
  Store s = Store::open(fresh_dir("fk") / "r.sqlite");
  EXPECT_THROW(s.write([&] { s.exec("INSERT INTO question_status (question_id, date, status) VALUES (42, '2026-01-01', 'open')"); }),
               std::runtime_error);
}

TEST(RegistryStore, BackupThenRestoreGivesBackEveryRow) {
  const fs::path dir = fresh_dir("roundtrip");
  Store s = Store::open(dir / "r.sqlite", OpenMode::CreateIfMissing, kTwo);
  s.write([&] {
    s.exec("INSERT INTO note (text, author) VALUES ('één', 'wijkteam'), ('twee', NULL), ('drie; \"quoted\"', 'GGD')");
  });
  const auto before = dump_tables(s);
  s.backup(dir / "copy.sqlite");
  s.write([&] { s.exec("DELETE FROM note WHERE text = 'twee'; INSERT INTO note (text) VALUES ('later')"); });
  ASSERT_NE(dump_tables(s), before);
  s.restore(dir / "copy.sqlite");
  EXPECT_EQ(dump_tables(s), before);
  EXPECT_EQ(scalar(s, "PRAGMA journal_mode"), "wal");
  // The copy stays one file: reading it for the restore left nothing beside it.
  EXPECT_FALSE(fs::exists(dir / "copy.sqlite-wal"));
  EXPECT_FALSE(fs::exists(dir / "copy.sqlite-shm"));
  s.write([&] { s.exec("INSERT INTO note (text) VALUES ('after the restore')"); });
  Store reopened = Store::open(dir / "r.sqlite", OpenMode::MustExist, kTwo);
  EXPECT_EQ(scalar(reopened, "SELECT count(*) FROM note"), "4");
}

TEST(RegistryStore, RestoreRefusesWhatIsNotAKnownRegisterAndKeepsTheStore) {
  const fs::path dir = fresh_dir("refuse");
  { Store newer = Store::open(dir / "newer.sqlite", OpenMode::CreateIfMissing, kTwo); }
  std::ofstream(dir / "not.sqlite") << "SQLite format 3 is what this text says, but it is text";
  Store s = Store::open(dir / "r.sqlite", OpenMode::CreateIfMissing, kOne);
  s.write([&] { s.exec("INSERT INTO note (text) VALUES ('mine')"); });
  const auto before = dump_tables(s);
  const auto e = expect_throw<InputError>([&] { s.restore(dir / "newer.sqlite"); });
  EXPECT_NE(e.problem().find("newer leefkaart"), std::string::npos) << e.what();
  EXPECT_THROW(s.restore(dir / "not.sqlite"), InputError);
  EXPECT_THROW(s.restore(dir / "missing.sqlite"), InputError);
  EXPECT_THROW(s.restore(dir / "r.sqlite"), InputError);
  EXPECT_EQ(dump_tables(s), before);
  for (const auto& entry : fs::directory_iterator(dir))  // no half-written copy left beside it
    EXPECT_EQ(entry.path().filename().string().find(".leefkaart-"), std::string::npos) << entry.path();
}

TEST(RegistryStore, BackupReplacesOnlyARegister) {
  const fs::path dir = fresh_dir("backup_target");
  Store s = Store::open(dir / "r.sqlite");
  std::ofstream(dir / "report.txt") << "keep me";
  EXPECT_THROW(s.backup(dir / "report.txt"), InputError);
  EXPECT_EQ(fs::file_size(dir / "report.txt"), 7u);
  EXPECT_THROW(s.backup(dir / "r.sqlite"), InputError);
  s.backup(dir / "b.sqlite");
  s.backup(dir / "b.sqlite");  // an earlier backup is replaced
  Store b = Store::open(dir / "b.sqlite", OpenMode::MustExist);
  EXPECT_EQ(b.version(), b.known_version());
}
