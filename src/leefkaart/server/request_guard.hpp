#pragma once
// Who may read and who may write. The server listens on this machine only
// unless --host says otherwise; then every request must carry the access
// token printed at start. Writes must come from the app's own page: the
// browser tells where a request comes from (Origin, Sec-Fetch-Site) and a page
// of another site can neither set the session token header nor read the token.
#include <httplib.h>

#include <optional>
#include <string>

namespace leefkaart::server {

// An error answer: {"error": message, "field": field (when given), "status"}.
void send_error(httplib::Response& res, int status, const std::string& message, const std::string& field = "");

// 32 random bytes from the system's generator, as 64 hex digits.
std::string random_token();

// Equal, in a time that does not depend on where they differ.
bool same_token(const std::string& given, const std::string& expected);

// True for an address only this machine can reach: 127.x.y.z, ::1, localhost.
bool is_loopback_host(const std::string& host);

// Why a request may not come from where it says it comes from, or nothing:
// an Origin other than the server's own (http:// + its Host header), or a
// Sec-Fetch-Site of "cross-site" or "same-site". A request without either
// header (curl, the CLI) is not a browser page of another site.
std::optional<std::string> foreign_origin(const httplib::Request& req);

// A server on loopback answers only requests whose Host names loopback: a
// page of another site whose name was made to point at 127.0.0.1 (DNS
// rebinding) sends its own name as Host.
bool loopback_host_header(const httplib::Request& req);

// A request's media type, lower case, without parameters ("application/json").
std::string media_type(const httplib::Request& req);

// A JSON answer of the register or the survey: they change while the page is
// open and hold a team's work, so never cached, and never sniffed as another type.
void send_json_text(httplib::Response& res, const std::string& json_text, int status = 200);

// Refuses (413, answered into `res`, true returned) a body whose stated
// Content-Length is not a number or is over `limit` bytes, before it is read.
bool refuse_oversized(const httplib::Request& req, httplib::Response& res, std::size_t limit);

// A path template of a schema ("/api/survey/area/{code}") as a route pattern:
// each {slot} matches one path segment.
std::string route_pattern(const std::string& path_template);

// The gate of every write: refused (403, answered into `res`, true returned)
// unless it comes from the app's own page and carries the session token in the
// register's header. `what` ends the Dutch refusal: "… Alleen de kaart zelf mag {what}."
bool refuse_foreign_write(const httplib::Request& req, httplib::Response& res, const std::string& session,
                          const std::string& what);

// The access token of a server reachable from other machines: given once as
// ?toegang=TOKEN (answered with a cookie and a redirect to the same URL without
// it), then sent by the browser as the cookie; or as the header
// X-Leefkaart-Toegang (scripts).
struct AccessGate {
  std::string token;  // empty: open (loopback)
  static constexpr const char* kParam = "toegang";
  static constexpr const char* kCookie = "leefkaart_toegang";
  static constexpr const char* kHeader = "X-Leefkaart-Toegang";
  // True when the request may go on; otherwise `res` holds the answer (401 or
  // the redirect that sets the cookie).
  bool admit(const httplib::Request& req, httplib::Response& res) const;
};

}  // namespace leefkaart::server
