#pragma once
// `leefkaart serve`: the web app and a small read-only JSON/GeoJSON API over
// the outputs of one `leefkaart build`, `access`, `series` or `sorting` run.
#include <functional>
#include <string>
#include <vector>

namespace leefkaart::server {

struct ServeOptions {
  std::string out_dir;             // a leefkaart build
  std::string host = "127.0.0.1";  // loopback only unless asked otherwise
  int port = 8080;                 // 1-65535; 0: any free port (the URL given to on_ready names it)
  std::string web_dir;             // the built web app (web/dist); empty: find it beside the binary
  double cache_mb = 256;           // layers cut to asked fields, least recently used dropped first
  int connections_per_client = 32; // connections one address may keep open (a browser uses 6)
  int threads = 64;                // connections served at once
  double request_seconds = 10;     // a request line and its headers must arrive within this (and its body)
  std::string store;               // the register (a SQLite file); empty: no register API
  std::string indicator_map;       // a TOML [koppeling] of theme → indicators for the survey; empty: schema/survey.json's
  std::string access_token;        // asked of every request when host is not loopback; empty: a random one
};

// Every option in range; throws InputError naming the option.
void validate(const ServeOptions& opts);

// What a served folder holds: a `leefkaart build` (the gezondheidskaart), a
// `leefkaart access` run (distances to facilities) or a `leefkaart series`
// (the map year by year; its names are in schema/series.json) or a
// `leefkaart sorting` monitor (buurten over years; schema/sorting.json).
struct ServedDir {
  std::string kind;                 // "build", "access", "series" or "sorting"
  std::vector<std::string> layers;  // served under /api/layers/
  std::string paint_layer = "cells"; // the layer the first paint draws (a sorting monitor's buurten)
  std::string paint_field;          // that layer's property the first paint colours by
  std::vector<std::string> basemap; // roads, water, …: from the run's OSM extract, if it had one
  bool tiles = false;               // a build's vector tiles (schema/build.json "tiles"), served under /tiles/
  bool cells_from_tiles = false;    // tiles and no cells GeoJSON: the app draws the cells from the tiles
};

// Reads out_dir's manifest; throws InputError naming what is missing.
ServedDir inspect_served_dir(const std::string& out_dir);

// Serves until stop() is called (the CLI wires Ctrl-C to it). `on_ready` gets
// the URL, with the port really bound; on a host other machines can reach it
// ends in ?toegang=TOKEN, the access token every request must carry.
void serve(const ServeOptions& opts, const std::function<void(const std::string& url)>& on_ready);
void stop();

}  // namespace leefkaart::server
