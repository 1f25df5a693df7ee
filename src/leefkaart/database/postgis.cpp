#include "database/postgis.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/errors.hpp"
#include "io/build_schema.hpp"
#include "io/crs.hpp"
#include "io/ogr_layer.hpp"

namespace leefkaart::database {
using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxIdentifier = 63;  // PostgreSQL cuts longer names

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Location where(const Target& t) { return {"--to " + t.shown, "", ""}; }

// GDAL's last message on one line, with the URL shown without its password should the driver repeat it.
std::string last_error(const Target& t) {
  std::string msg = CPLGetLastErrorMsg();
  for (std::size_t p; (p = msg.find(t.url)) != std::string::npos;) msg.replace(p, t.url.size(), t.shown);
  std::string line;
  for (char c : msg) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c != ' ' || (!line.empty() && line.back() != ' ')) line += c;
  }
  msg = line;
  while (!msg.empty() && msg.back() == ' ') msg.pop_back();
  if (msg.rfind("PQconnectdb failed. ", 0) == 0) msg.erase(0, 20);  // GDAL's own words; libpq's follow
  return msg.empty() ? "no reason given" : msg;
}

Dataset connect(const Target& t) {
  GDALAllRegister();
  // An address that does not answer fails within seconds instead of the system's minutes.
  std::string url = t.url;
  if (url.find("connect_timeout=") == std::string::npos)
    url += std::string(url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=10";
  const char* const drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  // GDAL's PG: prefix passes a libpq URL on as it is.
  Dataset ds(static_cast<GDALDataset*>(
      GDALOpenEx(("PG:" + url).c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
  if (!ds) throw InputError(where(t), "cannot connect to the database: " + last_error(t));
  return ds;
}

// The first column of a query's rows, as text.
std::vector<std::string> column(GDALDataset* ds, const std::string& sql, const Target& t) {
  CPLErrorReset();
  OGRLayer* rows = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!rows) {
    if (CPLGetLastErrorType() >= CE_Failure) throw std::runtime_error(fmt::format("{}: {}: {}", t.shown, sql, last_error(t)));
    return {};
  }
  std::vector<std::string> out;
  for (auto& feature : *rows) out.push_back(feature->GetFieldAsString(0));
  ds->ReleaseResultSet(rows);
  return out;
}

void execute(GDALDataset* ds, const std::string& sql, const Target& t) {
  CPLErrorReset();
  if (OGRLayer* rows = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr)) ds->ReleaseResultSet(rows);
  if (CPLGetLastErrorType() >= CE_Failure) throw std::runtime_error(fmt::format("{}: {}: {}", t.shown, sql, last_error(t)));
}

// leefkaart never adds the extension itself: that needs rights a team's role should not have.
void check_postgis(GDALDataset* ds, const Target& t) {
  if (!column(ds, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'", t).empty()) return;
  const std::vector<std::string> db = column(ds, "SELECT current_database()", t);
  const std::string name = db.empty() ? "?" : db.front();
  const bool installed = !column(ds, "SELECT name FROM pg_available_extensions WHERE name = 'postgis'", t).empty();
  throw InputError(where(t), fmt::format("the database \"{}\" has no PostGIS extension{}. leefkaart does not add it: a database "
                                         "administrator must run, in that database: CREATE EXTENSION postgis;",
                                         name, installed ? "" : ", and the server has no PostGIS to add (on Debian: install "
                                                                "postgresql-15-postgis-3 on the server first)"));
}

void check_schema_absent(GDALDataset* ds, const Target& t) {
  // The name holds only a-z, 0-9 and _ (make_target), so it can stand in the SQL as it is.
  if (column(ds, "SELECT nspname FROM pg_namespace WHERE nspname = '" + t.schema + "'", t).empty()) return;
  throw InputError({"--to " + t.shown, "", "--schema"},
                   fmt::format("the schema \"{}\" already exists. Every run writes into a new schema and never changes an "
                               "existing one: give another --schema, or leave --schema out for a new name from the output "
                               "folder and the time",
                               t.schema));
}

// Tests kill a run while its transaction is open; nobody else sets this.
void pause_for_tests() {
  if (const char* ms = std::getenv("LEEFKAART_TEST_DATABASE_PAUSE_MS"))
    std::this_thread::sleep_for(std::chrono::milliseconds(std::strtol(ms, nullptr, 10)));
}

OGRLayer* create_table(GDALDataset* ds, const Target& t, const std::string& name, const std::string& description,
                       const OGRSpatialReference* srs, OGRwkbGeometryType type) {
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "SCHEMA", t.schema.c_str());
  opts = CSLSetNameValue(opts, "LAUNDER", "NO");  // the GeoPackage's names as they are
  opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
  opts = CSLSetNameValue(opts, "FID", "fid");
  opts = CSLSetNameValue(opts, "DESCRIPTION", description.c_str());
  CPLErrorReset();
  OGRLayer* out = ds->CreateLayer(name.c_str(), const_cast<OGRSpatialReference*>(srs), type, opts);
  CSLDestroy(opts);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot create the table {}.{}: {}", t.shown, t.schema, name, last_error(t)));
  return out;
}

void write_set(GDALDataset* ds, const Target& t, const std::vector<const io::LayerData*>& layers, const json& manifest) {
  for (const io::LayerData* l : layers)
    for (const auto& f : l->fields)
      if (f.name.size() > kMaxIdentifier)
        throw std::runtime_error(fmt::format("{}: the field {} of layer {} is longer than the {} characters PostgreSQL keeps",
                                             t.shown, f.name, l->name, kMaxIdentifier));
  CPLErrorReset();
  if (ds->StartTransaction(TRUE) != OGRERR_NONE)
    throw std::runtime_error(fmt::format("{}: cannot start a transaction: {}", t.shown, last_error(t)));
  try {
    check_schema_absent(ds, t);  // again, now inside the transaction
    execute(ds, "CREATE SCHEMA " + t.schema, t);
    for (const io::LayerData* l : layers) {
      const auto srs = io::working_srs(l->epsg);
      const OGRwkbGeometryType type = io::geometry_type_of(*l);
      io::fill_layer(create_table(ds, t, l->name, l->description, type == wkbNone ? nullptr : srs.get(), type), *l, nullptr);
    }
    const json& names = io::build_schema::schema().at("database");
    const std::string table = names.at("manifest_table"), field = names.at("manifest_column");
    OGRLayer* m = create_table(ds, t, table, "leefkaart manifest of this run (as manifest.json, without the files' checksums)",
                               nullptr, wkbNone);
    OGRFieldDefn json_field(field.c_str(), OFTString);
    json_field.SetSubType(OFSTJSON);
    if (m->CreateField(&json_field) != OGRERR_NONE)
      throw std::runtime_error(fmt::format("{}: cannot create {}.{}.{}: {}", t.shown, t.schema, table, field, last_error(t)));
    OGRFeature row(m->GetLayerDefn());
    row.SetField(0, manifest.dump().c_str());
    if (m->CreateFeature(&row) != OGRERR_NONE)
      throw std::runtime_error(fmt::format("{}: cannot write {}.{}: {}", t.shown, t.schema, table, last_error(t)));
    pause_for_tests();
    CPLErrorReset();
    if (ds->CommitTransaction() != OGRERR_NONE)
      throw std::runtime_error(fmt::format("{}: cannot commit: {}", t.shown, last_error(t)));
  } catch (...) {
    ds->RollbackTransaction();
    throw;
  }
}

}  // namespace

void check_target(const Target& target) {
  Dataset ds = connect(target);
  check_postgis(ds.get(), target);
  check_schema_absent(ds.get(), target);
}

void commit_together(io::ResultSetWriter& stage, const std::optional<Target>& target,
                     const std::vector<const io::LayerData*>& layers, json manifest) {
  if (!target) return stage.commit(std::move(manifest));
  const auto t0 = std::chrono::steady_clock::now();
  json tables = json::array();
  for (const io::LayerData* l : layers) tables.push_back(l->name);
  manifest[io::build_schema::manifest_key("database")] = {{"url", target->shown}, {"schema", target->schema}, {"tables", tables}};
  Dataset ds = connect(*target);
  check_postgis(ds.get(), *target);
  try {
    write_set(ds.get(), *target, layers, manifest);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + "; the transaction was rolled back: nothing was written, in the database "
                             "or in the output folder");
  }
  spdlog::info("wrote {} tables into the schema {} of {} in {:.1f} s", layers.size() + 1, target->schema, target->shown,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  try {
    stage.commit(std::move(manifest));
  } catch (...) {
    // The folder could not take the set after the database did: take the schema out again, so neither has it.
    try {
      execute(ds.get(), "DROP SCHEMA " + target->schema + " CASCADE", *target);
    } catch (const std::exception& e) {
      spdlog::error("the output folder was not written, and the schema {} could not be dropped again ({}): drop it by hand",
                    target->schema, e.what());
    }
    throw;
  }
}

}  // namespace leefkaart::database
