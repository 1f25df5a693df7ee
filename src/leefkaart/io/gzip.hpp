#pragma once
// gzip (zlib, level 6) of a whole buffer in memory: the vector tiles as they
// are stored, and what `serve` sends to a client that accepts gzip.
#include <string>

namespace leefkaart::io {

// The gzip stream of `data`; empty when zlib fails.
std::string gzip(const std::string& data);

}  // namespace leefkaart::io
