#pragma once
// The register's routes of `leefkaart serve --store FILE` (paths and field
// names in schema/register.json "api"). Reads answer whoever may read the map,
// and give stories only as the public sees them: publishable ones, never a
// point at precision "buurt". Writes are screened before their body is read:
// only from the app's own origin, with the session token in the
// X-Leefkaart-Token header, within the size limits; each is one transaction.
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "registry/records.hpp"
#include "registry/store.hpp"

namespace leefkaart::server {

// The served build's buurten and wijken as the conversation prompts and the
// coverage view need them (names, worse-than-threshold per indicator).
struct ServedAreas;

class RegisterApi {
 public:
  // `store_file` empty: no register; its paths answer 404 saying how to open
  // one. Otherwise the store is opened (created when missing) and the area
  // codes and indicators of `out_dir` are read to check records against.
  RegisterApi(const std::string& store_file, const std::filesystem::path& out_dir);

  // From the server's pre-routing handler: answers (and returns true) a
  // register request that may not go on: no register, a write from another
  // origin, without the session token, of the wrong type or too large.
  bool screen(const httplib::Request& req, httplib::Response& res) const;
  // The largest body a request may have (httplib's payload limit).
  std::size_t max_body() const;
  void install(httplib::Server& svr);

  const std::string& session_token() const { return session_; }

 private:
  struct Open {
    registry::Store store;
    registry::KnownNames known;
    std::shared_ptr<const ServedAreas> areas;
  };
  std::unique_ptr<Open> open_;
  std::mutex mutex_;  // one connection: one request at a time uses it
  std::string session_;  // 256 random bits, new for every process
  std::size_t body_bytes_, photo_bytes_;
};

}  // namespace leefkaart::server
