#include "server/request_guard.hpp"

#include "registry/register_schema.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace leefkaart::server {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "host:port", "[::1]:port" or "host" → the host alone, lower case.
std::string host_of(const std::string& host_header) {
  std::string h = lower(host_header);
  if (!h.empty() && h.front() == '[') {
    const auto end = h.find(']');
    return end == std::string::npos ? h : h.substr(1, end - 1);
  }
  const auto colon = h.find(':');
  return colon == std::string::npos ? h : h.substr(0, colon);
}

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> cookie_value(const httplib::Request& req, const std::string& name) {
  const std::string all = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < all.size()) {
    std::size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string part = all.substr(pos, end - pos);
    const auto first = part.find_first_not_of(' ');
    part = first == std::string::npos ? "" : part.substr(first);
    if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 && part[name.size()] == '=')
      return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

void send_error(httplib::Response& res, int status, const std::string& message, const std::string& field) {
  nlohmann::json body{{"error", message}, {"status", status}};
  if (!field.empty()) body["field"] = field;
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("the system's random generator failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool same_token(const std::string& given, const std::string& expected) {
  return !expected.empty() && given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

bool is_loopback_host(const std::string& host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

std::optional<std::string> foreign_origin(const httplib::Request& req) {
  const std::string site = lower(req.get_header_value("Sec-Fetch-Site"));
  if (site == "cross-site" || site == "same-site")
    return "een verzoek van een andere website (Sec-Fetch-Site: " + site + ")";
  if (req.has_header("Origin")) {
    const std::string origin = lower(req.get_header_value("Origin"));
    const std::string own = "http://" + lower(req.get_header_value("Host"));
    if (origin != own) return "een verzoek van een andere herkomst (" + req.get_header_value("Origin") + ")";
  }
  return std::nullopt;
}

bool loopback_host_header(const httplib::Request& req) {
  // HTTP/1.1 requires Host; an HTTP/1.0 client without one is not a browser page.
  return !req.has_header("Host") || is_loopback_host(host_of(req.get_header_value("Host")));
}

bool AccessGate::admit(const httplib::Request& req, httplib::Response& res) const {
  if (token.empty()) return true;
  if (same_token(req.get_header_value(kHeader), token)) return true;
  if (auto c = cookie_value(req, kCookie); c && same_token(*c, token)) return true;
  if (req.has_param(kParam) && same_token(req.get_param_value(kParam), token)) {
    // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it.
    res.set_header("Set-Cookie", std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    if (req.method != "GET" || req.path.rfind("/api/", 0) == 0) return true;
    // A page: the same URL without the token, so it stays out of the history and bookmarks.
    std::string query;
    for (const auto& [key, value] : req.params) {
      if (key == kParam) continue;
      query += (query.empty() ? "?" : "&") + percent_encode(key) + "=" + percent_encode(value);
    }
    res.status = 303;
    res.set_header("Location", req.path + query);
    res.set_header("Cache-Control", "no-store");
    return false;
  }
  send_error(res, 401,
             "Deze kaart vraagt een toegangscode. Open de link die leefkaart serve bij het starten liet zien "
             "(met ?toegang=…), of vraag die aan wie de kaart deelt.");
  return false;
}

bool refuse_foreign_write(const httplib::Request& req, httplib::Response& res, const std::string& session,
                          const std::string& what) {
  if (auto why = foreign_origin(req)) {
    send_error(res, 403, "Geweigerd: " + *why + ". Alleen de kaart zelf mag " + what + ".");
    return true;
  }
  const std::string header = registry::register_schema::api("token_header");
  if (!same_token(req.get_header_value(header.c_str()), session)) {
    send_error(res, 403,
               req.has_header(header.c_str())
                   ? "Geweigerd: de sessiesleutel klopt niet (is de server opnieuw gestart? Laad de pagina opnieuw)."
                   : "Geweigerd: de sessiesleutel ontbreekt (" + header + ").",
               header);
    return true;
  }
  return false;
}

std::string media_type(const httplib::Request& req) {
  std::string t = req.get_header_value("Content-Type");
  t = t.substr(0, t.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

void send_json_text(httplib::Response& res, const std::string& json_text, int status) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(json_text, "application/json");
}

bool refuse_oversized(const httplib::Request& req, httplib::Response& res, std::size_t limit) {
  if (!req.has_header("Content-Length")) return false;
  const std::string length = req.get_header_value("Content-Length");
  const bool digits = !length.empty() && length.size() < 19 &&
                      std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && std::stoull(length) <= limit) return false;
  send_error(res, 413, "Te groot: hoogstens " + std::to_string(limit / 1024) + " kB");
  return true;
}

std::string route_pattern(const std::string& path_template) {
  std::string out;
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    if (path_template[i] == '{') {
      i = path_template.find('}', i);
      out += "([^/]+)";
    } else {
      out += path_template[i];
    }
  }
  return out;
}

}  // namespace leefkaart::server
