#include "database/target.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cctype>

#include "core/errors.hpp"

namespace leefkaart::database {

namespace {

constexpr std::size_t kMaxIdentifier = 63;  // PostgreSQL cuts longer names (NAMEDATALEN - 1)

bool starts_with_scheme(const std::string& url, std::size_t& after) {
  for (const char* scheme : {"postgresql://", "postgres://"})
    if (url.rfind(scheme, 0) == 0) return after = std::string(scheme).size(), true;
  return false;
}

// Every % must start a two-digit hex escape.
bool escapes_valid(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '%' && (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
                        !std::isxdigit(static_cast<unsigned char>(s[i + 2]))))
      return false;
  return true;
}

bool port_valid(const std::string& p) {
  if (p.empty() || p.size() > 5) return false;
  for (char c : p)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  const long n = std::stol(p);
  return n >= 1 && n <= 65535;
}

}  // namespace

std::string without_password(const std::string& url) {
  std::string out = url;
  std::size_t after = 0;
  if (starts_with_scheme(out, after)) {
    const std::size_t end = out.find_first_of("/?", after);
    const std::size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= after) {
      const std::size_t colon = out.find(':', after);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // password=… among the query parameters
  for (std::size_t q = out.find('?'); q != std::string::npos && q < out.size();) {
    const std::size_t start = q + 1, amp = out.find('&', start);
    const std::string param = out.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (param.rfind("password=", 0) == 0) {
      out.erase(start, amp == std::string::npos ? std::string::npos : amp + 1 - start);
      if (amp == std::string::npos) {
        out.pop_back();  // the ? or & before it
        break;
      }
      q = start - 1;
    } else {
      q = amp;
    }
  }
  return out;
}

std::string default_schema(const std::filesystem::path& out_dir, std::chrono::system_clock::time_point now) {
  std::filesystem::path dir = out_dir.lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "out/utrecht/"
  std::string base;
  for (unsigned char c : dir.filename().string()) {
    const char l = static_cast<char>(std::tolower(c));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) base += l;
    else if (!base.empty() && base.back() != '_') base += '_';
  }
  while (!base.empty() && base.back() == '_') base.pop_back();
  // A name that is empty, starts with a digit or could be PostgreSQL's own (pg_…) gets a prefix.
  if (base.empty() || std::isdigit(static_cast<unsigned char>(base[0])) || base.rfind("pg", 0) == 0)
    base = "leefkaart_" + base;
  const std::string stamp = fmt::format("{:%Y%m%d_%H%M%S}", std::chrono::floor<std::chrono::seconds>(now));
  base = base.substr(0, kMaxIdentifier - 1 - stamp.size());
  while (!base.empty() && base.back() == '_') base.pop_back();
  return base + "_" + stamp;
}

Target make_target(const std::string& url, const std::string& schema, const std::filesystem::path& out_dir,
                   std::chrono::system_clock::time_point now) {
  Target t{url, without_password(url), schema.empty() ? default_schema(out_dir, now) : schema};
  auto bad = [&](const std::string& problem) { return InputError({"--to " + t.shown, "", ""}, problem); };
  std::size_t after = 0;
  if (!starts_with_scheme(url, after))
    throw bad("not a PostgreSQL URL: write postgresql://USER@HOST:PORT/DATABASE");
  for (unsigned char c : url)
    if (c <= ' ' || c == 0x7f) throw bad("the URL holds a space or control character (write it as %20)");
  if (url.find('#') != std::string::npos) throw bad("a PostgreSQL URL has no #fragment");
  if (!escapes_valid(url)) throw bad("a % must be followed by two hexadecimal digits (%2F for /)");
  const std::size_t query = url.find('?', after);
  const std::string main = url.substr(after, query == std::string::npos ? std::string::npos : query - after);
  const std::size_t slash = main.find('/');
  std::string authority = main.substr(0, slash);
  const std::string database = slash == std::string::npos ? "" : main.substr(slash + 1);
  if (database.find('/') != std::string::npos) throw bad("the database name \"" + database + "\" holds a /");
  if (const std::size_t at = authority.rfind('@'); at != std::string::npos) {
    if (at == 0 || authority[0] == ':') throw bad("the user name before @ is empty");
    authority = authority.substr(at + 1);
  }
  // host[:port], possibly several separated by commas; an IPv6 address in [ ].
  std::size_t pos = 0;
  while (pos <= authority.size() && !authority.empty()) {
    const std::size_t comma = authority.find(',', pos);
    std::string hostport = authority.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!hostport.empty() && hostport[0] == '[') {
      const std::size_t close = hostport.find(']');
      if (close == std::string::npos) throw bad("an IPv6 address opened with [ is not closed with ]");
      hostport = hostport.substr(close + 1);
      if (!hostport.empty() && hostport[0] != ':') throw bad("unexpected text after the IPv6 address");
    }
    if (const std::size_t colon = hostport.find(':'); colon != std::string::npos) {
      const std::string port = hostport.substr(colon + 1);
      if (!port_valid(port)) throw bad("the port \"" + port + "\" is not a number from 1 to 65535");
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  bool database_in_query = false;
  if (query != std::string::npos) {
    std::size_t p = query + 1;
    while (p <= url.size()) {
      const std::size_t amp = url.find('&', p);
      const std::string param = url.substr(p, amp == std::string::npos ? std::string::npos : amp - p);
      const std::size_t eq = param.find('=');
      if (eq == std::string::npos || eq == 0) throw bad("the query parameter \"" + param + "\" is not NAME=VALUE");
      const std::string key = param.substr(0, eq);
      if (key == "port" && !port_valid(param.substr(eq + 1)))
        throw bad("the port \"" + param.substr(eq + 1) + "\" is not a number from 1 to 65535");
      if (key == "dbname" && eq + 1 < param.size()) database_in_query = true;
      if (amp == std::string::npos) break;
      p = amp + 1;
    }
  }
  if (database.empty() && !database_in_query)
    throw bad("the URL names no database: write postgresql://USER@HOST:PORT/DATABASE");

  const std::string& s = t.schema;
  auto bad_schema = [&](const std::string& problem) {
    return InputError({"--to " + t.shown, "", "--schema"}, "\"" + s + "\" " + problem);
  };
  if (s.size() > kMaxIdentifier) throw bad_schema(fmt::format("is longer than {} characters", kMaxIdentifier));
  if (!(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    throw bad_schema("must start with a lower-case letter a-z or _");
  for (unsigned char c : s)
    if (!(std::islower(c) || std::isdigit(c) || c == '_'))
      throw bad_schema("may hold only a-z, 0-9 and _ (names that need no quoting in SQL)");
  if (s.rfind("pg_", 0) == 0) throw bad_schema("starts with pg_, which PostgreSQL keeps for itself");
  return t;
}

}  // namespace leefkaart::database
