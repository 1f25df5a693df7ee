// `build --to`: which URLs and schema names are taken, what a schema is called
// by default, and that a password never reaches a message.
#include "database/target.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

using leefkaart::InputError;
using namespace leefkaart::database;

namespace {

const auto kNoon = std::chrono::sys_days{std::chrono::year{2026} / 12 / 5} + std::chrono::hours{7} +
                   std::chrono::minutes{29} + std::chrono::seconds{3};

// The message of make_target's refusal ("" when it takes the URL).
std::string refusal(const std::string& url, const std::string& schema = "") {
  try {
    make_target(url, schema, "out/utrecht", kNoon);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(DatabaseTarget, DefaultSchemaIsTheOutputFolderAndTheUtcTime) {
  EXPECT_EQ(default_schema("out/utrecht", kNoon), "utrecht_20261205_072903");
  EXPECT_EQ(default_schema("out/utrecht/", kNoon), "utrecht_20261205_072903");
  // Anything but a-z and 0-9 becomes one _, so the name needs no quoting in SQL.
  EXPECT_EQ(default_schema("/tmp/Den Bosch (2025)", kNoon), "den_bosch_2025_20261205_072903");
  // A name PostgreSQL would not take as it is gets a prefix.
  EXPECT_EQ(default_schema("out/2025", kNoon), "leefkaart_2025_20261205_072903");
  EXPECT_EQ(default_schema("out/pg_test", kNoon), "leefkaart_pg_test_20261205_072903");
  EXPECT_EQ(default_schema("out/---", kNoon), "leefkaart_20261205_072903");
  // PostgreSQL keeps 63 characters of a name: the time always stays whole.
  const std::string long_name = default_schema("out/" + std::string(100, 'a'), kNoon);
  EXPECT_EQ(long_name.size(), 63u);
  EXPECT_TRUE(long_name.ends_with("_20261205_072903"));
  // Every default passes the checks for --schema.
  EXPECT_EQ(make_target("postgresql:///gis", "", "/tmp/Den Bosch (2025)", kNoon).schema, "den_bosch_2025_20261205_072903");
}

TEST(DatabaseTarget, PasswordsAreLeftOutOfWhatIsShown) {
  EXPECT_EQ(without_password("postgresql://ann:geheim@db.ggd.nl:5432/gis"), "postgresql://ann@db.ggd.nl:5432/gis");
  EXPECT_EQ(without_password("postgresql://ann@db.ggd.nl/gis?password=geheim&sslmode=require"),
            "postgresql://ann@db.ggd.nl/gis?sslmode=require");
  EXPECT_EQ(without_password("postgresql://ann@db.ggd.nl/gis?sslmode=require&password=geheim"),
            "postgresql://ann@db.ggd.nl/gis?sslmode=require");
  EXPECT_EQ(without_password("postgresql://db.ggd.nl/gis?password=geheim"), "postgresql://db.ggd.nl/gis");
  EXPECT_EQ(without_password("postgresql:///gis?host=/tmp/pg"), "postgresql:///gis?host=/tmp/pg");
  const Target t = make_target("postgres://ann:geheim@db.ggd.nl/gis", "team_a", "out/utrecht", kNoon);
  EXPECT_EQ(t.url, "postgres://ann:geheim@db.ggd.nl/gis");  // the driver needs it
  EXPECT_EQ(t.shown, "postgres://ann@db.ggd.nl/gis");
  EXPECT_EQ(t.schema, "team_a");
  // Refusals name the URL, without its password.
  const std::string message = refusal("postgresql://ann:geheim@db.ggd.nl:99999/gis");
  EXPECT_NE(message.find("postgresql://ann@db.ggd.nl:99999/gis"), std::string::npos) << message;
  EXPECT_EQ(message.find("geheim"), std::string::npos) << message;
}

TEST(DatabaseTarget, UrlsThatLibpqTakesAreTaken) {
  for (const char* url : {"postgresql://ann@db.ggd.nl:5432/gis", "postgresql://db.ggd.nl/gis", "postgresql:///gis",
                          "postgresql:///gis?host=/var/run/postgresql&port=5433", "postgresql://%2Ftmp%2Fpg/gis",
                          "postgresql://[::1]:5432/gis", "postgresql://a:5432,b:5433/gis", "postgresql://db?dbname=gis"})
    EXPECT_EQ(refusal(url), "") << url;
}

TEST(DatabaseTarget, MalformedUrlsAreRefusedWithWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://db.ggd.nl/gis", "not a PostgreSQL URL"},
      {"db.ggd.nl/gis", "not a PostgreSQL URL"},
      {"postgresql://db.ggd.nl:54x2/gis", "the port \"54x2\""},
      {"postgresql://db.ggd.nl:0/gis", "from 1 to 65535"},
      {"postgresql://db.ggd.nl/", "names no database"},
      {"postgresql://db.ggd.nl", "names no database"},
      {"postgresql://db ggd.nl/gis", "space"},
      {"postgresql://db.ggd.nl/g%zzis", "hexadecimal"},
      {"postgresql://db.ggd.nl/gis?sslmode", "not NAME=VALUE"},
      {"postgresql://db.ggd.nl/gis?port=abc", "the port \"abc\""},
      {"postgresql://[::1/gis", "not closed"},
      {"postgresql://db.ggd.nl/gis#x", "fragment"},
  };
  for (const auto& [url, what] : cases) {
    const std::string message = refusal(url);
    EXPECT_NE(message.find(what), std::string::npos) << url << " -> " << message;
    EXPECT_NE(message.find("--to"), std::string::npos) << message;
  }
}

TEST(DatabaseTarget, SchemaNamesNeedNoQuoting) {
  EXPECT_EQ(refusal("postgresql:///gis", "team_a_2025"), "");
  EXPECT_NE(refusal("postgresql:///gis", "Utrecht").find("lower-case"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", "2025").find("lower-case"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", "team-a").find("only a-z, 0-9 and _"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", "a; drop table x").find("only a-z, 0-9 and _"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", "pg_temp").find("pg_"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", std::string(64, 'a')).find("longer than 63"), std::string::npos);
  EXPECT_NE(refusal("postgresql:///gis", "Utrecht").find("--schema"), std::string::npos);
}
