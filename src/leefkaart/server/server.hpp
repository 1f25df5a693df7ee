#pragma once
// `leefkaart serve`: the web app and a small read-only JSON/GeoJSON API over
// the outputs of one `leefkaart build`.
#include <functional>
#include <string>

namespace leefkaart::server {

struct ServeOptions {
  std::string out_dir;             // a leefkaart build
  std::string host = "127.0.0.1";  // loopback only unless asked otherwise
  int port = 8080;
  std::string web_dir;             // the built web app (web/dist); empty: find it beside the binary
};

// Checks that out_dir holds a leefkaart build; throws InputError naming what is missing.
void check_build_dir(const std::string& out_dir);

// Serves until stop() is called (the CLI wires Ctrl-C to it). `on_ready` gets the URL.
void serve(const ServeOptions& opts, const std::function<void(const std::string& url)>& on_ready);
void stop();

}  // namespace leefkaart::server
