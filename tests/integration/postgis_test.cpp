// `build --to postgresql://…` against a real PostgreSQL 15 with PostGIS 3: a
// throwaway cluster on a unix socket in a temporary folder (no TCP), started
// and stopped by each test. The round trip reads every table back through
// GDAL and compares it with the GeoPackage of the same run; the bad inputs
// and a run killed inside its transaction leave nothing, in the database or
// in the output folder.
#include <ogr_api.h>
#include <ogrsf_frmts.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.hpp"

using namespace leefkaart::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const fs::path kPgBin = "/usr/lib/postgresql/15/bin";

// The text as one shell word.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; its output (stdout and stderr) and exit code.
CliResult shell(const std::string& cmd) {
  CliResult r;
  FILE* pipe = popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.output.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A PostgreSQL cluster of its own. PostgreSQL refuses to run as root, so as
// root (this machine, CI) the cluster belongs to the `postgres` system user
// that Debian's package creates.
class Cluster {
 public:
  Cluster() {
    char tmpl[] = "/tmp/leefkaart-pg-XXXXXX";  // short: a socket path has at most 107 bytes
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    if (geteuid() == 0) {
      const passwd* pw = getpwnam("postgres");
      if (!pw) throw std::runtime_error("no postgres user: is postgresql-15 installed (scripts/setup)?");
      if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("cannot chown " + dir_.string());
      as_owner_ = "runuser -u postgres -- ";
    }
    run(bin("initdb") + " -D " + quoted((dir_ / "data").string()) + " -A trust -U postgres -E UTF8 --locale=C --no-sync");
    run(bin("pg_ctl") + " -D " + quoted((dir_ / "data").string()) + " -l " + quoted((dir_ / "log").string()) +
        " -w -t 60 -o \"-c listen_addresses='' -k " + dir_.string() + " -c fsync=off\" start");
    started_ = true;
    sql("postgres", "CREATE DATABASE gis");
    sql("gis", "CREATE EXTENSION postgis");
  }
  ~Cluster() {
    if (started_) shell(bin("pg_ctl") + " -D " + quoted((dir_ / "data").string()) + " -m immediate -w stop");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // What `--to` gets: the socket folder as host, no password (trust on the socket).
  std::string url(const std::string& database) const { return "postgresql://postgres@/" + database + "?host=" + dir_.string(); }
  // psql's unaligned output of one statement in `database`.
  std::string sql(const std::string& database, const std::string& statement) const {
    return run(bin("psql") + " -X -q -A -t -v ON_ERROR_STOP=1 -h " + dir_.string() + " -U postgres -d " + database +
               " -c " + quoted(statement));
  }
  bool has_schema(const std::string& database, const std::string& schema) const {
    return sql(database, "SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'") == "1\n";
  }
  // Schemas other than PostgreSQL's and PostGIS's own.
  std::string user_schemas(const std::string& database) const {
    return sql(database,
               "SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname NOT IN "
               "('information_schema', 'public', 'tiger', 'tiger_data', 'topology')");
  }

 private:
  std::string bin(const std::string& tool) const { return "cd " + dir_.string() + " && " + as_owner_ + (kPgBin / tool).string(); }
  std::string run(const std::string& cmd) const {
    const CliResult r = shell(cmd);
    if (r.exit_code != 0) throw std::runtime_error(cmd + " failed:\n" + r.output);
    return r.output;
  }
  fs::path dir_;
  std::string as_owner_;
  bool started_ = false;
};

fs::path utrecht_preset() { return source_dir() / "presets/utrecht.toml"; }

CliResult build_to(const fs::path& out, const std::string& url, const std::string& extra = "") {
  return run_cli("build --config " + quoted(utrecht_preset().string()) + " --out " + quoted(out.string()) + " --to " +
                 quoted(url) + " " + extra);
}

Dataset open_postgis(const std::string& url) {
  GDALAllRegister();
  const char* const drivers[] = {"PostgreSQL", nullptr};
  return Dataset(static_cast<GDALDataset*>(GDALOpenEx(("PG:" + url).c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr)));
}

// Every vertex of a geometry, parts and rings in order.
void vertices(OGRGeometryH g, std::vector<std::array<double, 2>>& out) {
  const int parts = OGR_G_GetGeometryCount(g);
  if (parts > 0) {
    for (int i = 0; i < parts; ++i) vertices(OGR_G_GetGeometryRef(g, i), out);
    return;
  }
  for (int i = 0; i < OGR_G_GetPointCount(g); ++i) out.push_back({OGR_G_GetX(g, i), OGR_G_GetY(g, i)});
}

// The table equals the GeoPackage's layer: fields (names, types, order), features, every value, geometry within 1e-6 m.
void expect_same_layer(OGRLayer* gpkg, OGRLayer* pg) {
  const std::string name = gpkg->GetName();
  OGRFeatureDefn* a = gpkg->GetLayerDefn();
  OGRFeatureDefn* b = pg->GetLayerDefn();
  ASSERT_EQ(a->GetFieldCount(), b->GetFieldCount()) << name;
  for (int i = 0; i < a->GetFieldCount(); ++i) {
    EXPECT_STREQ(a->GetFieldDefn(i)->GetNameRef(), b->GetFieldDefn(i)->GetNameRef()) << name;
    EXPECT_EQ(a->GetFieldDefn(i)->GetType(), b->GetFieldDefn(i)->GetType()) << name << "." << a->GetFieldDefn(i)->GetNameRef();
  }
  EXPECT_EQ(wkbFlatten(gpkg->GetGeomType()), wkbFlatten(pg->GetGeomType())) << name;
  if (gpkg->GetSpatialRef()) {
    ASSERT_NE(pg->GetSpatialRef(), nullptr) << name;
    EXPECT_STREQ(pg->GetSpatialRef()->GetAuthorityCode(nullptr), "28992") << name;
  }
  ASSERT_EQ(gpkg->GetFeatureCount(), pg->GetFeatureCount()) << name;
  ASSERT_GT(gpkg->GetFeatureCount(), 0) << name;
  gpkg->ResetReading();
  std::size_t values = 0;
  for (auto& f : *gpkg) {
    std::unique_ptr<OGRFeature> g(pg->GetFeature(f->GetFID()));  // the same fid, in the order written
    ASSERT_NE(g, nullptr) << name << " fid " << f->GetFID();
    for (int i = 0; i < a->GetFieldCount(); ++i, ++values) {
      const std::string where = name + " fid " + std::to_string(f->GetFID()) + " " + a->GetFieldDefn(i)->GetNameRef();
      ASSERT_EQ(f->IsFieldSetAndNotNull(i), g->IsFieldSetAndNotNull(i)) << where;
      if (!f->IsFieldSetAndNotNull(i)) continue;
      switch (a->GetFieldDefn(i)->GetType()) {
        case OFTInteger64: EXPECT_EQ(f->GetFieldAsInteger64(i), g->GetFieldAsInteger64(i)) << where; break;
        case OFTReal: EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(i), g->GetFieldAsDouble(i)) << where; break;
        default: EXPECT_STREQ(f->GetFieldAsString(i), g->GetFieldAsString(i)) << where;
      }
    }
    const OGRGeometry* ga = f->GetGeometryRef();
    const OGRGeometry* gb = g->GetGeometryRef();
    ASSERT_EQ(ga == nullptr, gb == nullptr) << name << " fid " << f->GetFID();
    if (!ga) continue;
    std::vector<std::array<double, 2>> va, vb;
    vertices(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(ga)), va);
    vertices(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(gb)), vb);
    ASSERT_EQ(va.size(), vb.size()) << name << " fid " << f->GetFID();
    for (std::size_t v = 0; v < va.size(); ++v) {
      EXPECT_NEAR(va[v][0], vb[v][0], 1e-6) << name << " fid " << f->GetFID();
      EXPECT_NEAR(va[v][1], vb[v][1], 1e-6) << name << " fid " << f->GetFID();
    }
  }
  EXPECT_GT(values, 0u);
}

}  // namespace

TEST(Postgis, BuildWritesTheGeoPackagesLayersIntoANewSchema) {
  Cluster pg;
  const fs::path out = fresh_dir_for_this_process("postgis_utrecht") / "utrecht";
  const CliResult r = build_to(out, pg.url("gis"), "--schema utrecht_test");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(pg.has_schema("gis", "utrecht_test"));

  Dataset gpkg = open_vector(out / "leefkaart.gpkg");
  Dataset db = open_postgis(pg.url("gis"));
  ASSERT_TRUE(gpkg && db);
  std::vector<std::string> compared;
  for (OGRLayer* layer : gpkg->GetLayers()) {
    // QGIS's style table: the styles stay in the GeoPackage (QGIS looks for them in the public schema).
    if (std::string(layer->GetName()) == "layer_styles") continue;
    OGRLayer* table = db->GetLayerByName(("utrecht_test." + std::string(layer->GetName())).c_str());
    ASSERT_NE(table, nullptr) << layer->GetName();
    expect_same_layer(layer, table);
    compared.push_back(layer->GetName());
  }
  for (const char* l : {"cells", "buurten", "wijken", "gemeente"})
    EXPECT_NE(std::find(compared.begin(), compared.end(), l), compared.end()) << l;

  // masking is a table without geometry (masking.csv locally): the same rows and values.
  OGRLayer* masking = db->GetLayerByName("utrecht_test.masking");
  ASSERT_NE(masking, nullptr);
  Dataset csv = open_vector(out / "masking.csv");
  ASSERT_TRUE(csv);
  OGRLayer* rows = csv->GetLayer(0);
  ASSERT_EQ(rows->GetFeatureCount(), masking->GetFeatureCount());
  ASSERT_GT(masking->GetFeatureCount(), 0);
  ASSERT_EQ(rows->GetLayerDefn()->GetFieldCount(), masking->GetLayerDefn()->GetFieldCount());
  for (auto& row : *rows) {
    std::unique_ptr<OGRFeature> m(masking->GetFeature(row->GetFID()));  // the CSV driver counts from 1 as the table
    ASSERT_NE(m, nullptr);
    for (int i = 0; i < rows->GetLayerDefn()->GetFieldCount(); ++i) {
      EXPECT_STREQ(rows->GetLayerDefn()->GetFieldDefn(i)->GetNameRef(), masking->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
      if (masking->GetLayerDefn()->GetFieldDefn(i)->GetType() == OFTString)
        EXPECT_STREQ(row->GetFieldAsString(i), m->GetFieldAsString(i));
      else  // the CSV writes 15 significant digits
        EXPECT_NEAR(row->GetFieldAsDouble(i), m->GetFieldAsDouble(i), 1e-12 * std::max(1.0, std::abs(m->GetFieldAsDouble(i))));
    }
  }

  // The manifest table: the run's manifest.json, but for the local files' checksums; both name the schema.
  std::ifstream in(out / "manifest.json");
  json local = json::parse(in);
  EXPECT_EQ(local["database"]["schema"], "utrecht_test");
  EXPECT_EQ(local["database"]["url"], pg.url("gis"));
  local.erase("files");
  const std::string stored = pg.sql("gis", "SELECT manifest FROM utrecht_test.manifest");
  EXPECT_EQ(json::parse(stored), local);

  // The schema rule: a second run into the same schema is refused, and changes nothing.
  const fs::path again = fresh_dir_for_this_process("postgis_utrecht_again") / "utrecht";
  expect_clean_failure(build_to(again, pg.url("gis"), "--schema utrecht_test"), again,
                       {"utrecht_test", "already exists", pg.url("gis")});
  EXPECT_EQ(pg.sql("gis", "SELECT count(*) FROM utrecht_test.manifest"), "1\n");
}

TEST(PostgisBadInput, UnreachableDatabase) {
  // Nothing listens on port 1 of this machine: refused at once.
  const fs::path out = fresh_dir("postgis_unreachable") / "out";
  const CliResult r = build_to(out, "postgresql://ann:geheim@127.0.0.1:1/gis");
  expect_clean_failure(r, out, {"--to postgresql://ann@127.0.0.1:1/gis", "cannot connect to the database"});
  EXPECT_EQ(r.output.find("geheim"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(PostgisBadInput, DatabaseWithoutPostgis) {
  Cluster pg;
  pg.sql("postgres", "CREATE DATABASE plain");
  const fs::path out = fresh_dir("postgis_missing") / "out";
  expect_clean_failure(build_to(out, pg.url("plain")), out,
                       {pg.url("plain"), "database \"plain\" has no PostGIS extension", "CREATE EXTENSION postgis;"});
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(pg.user_schemas("plain"), "\n");  // no schema made
  EXPECT_EQ(pg.sql("plain", "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"), "0\n");  // nor the extension
}

TEST(PostgisBadInput, ExistingSchema) {
  Cluster pg;
  pg.sql("gis", "CREATE SCHEMA team_a; CREATE TABLE team_a.notes (note text)");
  const fs::path out = fresh_dir("postgis_existing") / "out";
  expect_clean_failure(build_to(out, pg.url("gis"), "--schema team_a"), out,
                       {pg.url("gis"), "the schema \"team_a\" already exists", "--schema"});
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(pg.sql("gis", "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'team_a'"), "notes\n");
}

TEST(PostgisBadInput, MalformedUrl) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://db.ggd.nl/gis", "not a PostgreSQL URL"},
      {"postgresql://ann:geheim@db.ggd.nl:54x2/gis", "the port \"54x2\" is not a number"},
      {"postgresql://db.ggd.nl", "names no database"},
  };
  for (const auto& [url, what] : cases) {
    const fs::path out = fresh_dir("postgis_malformed") / "out";
    const CliResult r = build_to(out, url);
    expect_clean_failure(r, out, {"--to", what});
    EXPECT_EQ(r.output.find("geheim"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST(PostgisTransaction, ARunKilledWhileWritingLeavesNothing) {
  Cluster pg;
  const fs::path out = fresh_dir("postgis_killed") / "utrecht";
  const std::string url = pg.url("gis");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setenv("LEEFKAART_TEST_DATABASE_PAUSE_MS", "60000", 1);  // holds the transaction open, every table written
    const std::string config = utrecht_preset().string(), out_dir = out.string();
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(LEEFKAART_BIN, LEEFKAART_BIN, "-q", "build", "--config", config.c_str(), "--out", out_dir.c_str(), "--to",
          url.c_str(), "--schema", "killed", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the run's transaction writes its last table (the manifest; its tables are
  // invisible to other sessions until the commit, its statements are not), then kill it.
  bool inside = false;
  for (int i = 0; i < 1200 && !inside; ++i) {
    inside = pg.sql("gis", "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'gis' "
                           "AND query LIKE '%killed%manifest%'") != "0\n";
    if (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(inside) << "the run never reached its transaction";
  // The server rolled the transaction back: no schema, no table; and the folder was never written.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server notices the closed connection
  EXPECT_FALSE(pg.has_schema("gis", "killed"));
  EXPECT_EQ(pg.sql("gis", "SELECT count(*) FROM pg_tables WHERE tablename IN ('cells', 'manifest')"), "0\n");
  EXPECT_FALSE(fs::exists(out / "manifest.json"));
}
