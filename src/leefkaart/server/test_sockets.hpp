#pragma once
// For the server's tests and its load benchmark: raw loopback connections, so
// that a client can be slow on purpose or come from another address.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

namespace leefkaart::testing {

// A TCP connection to 127.0.0.1:port from `from` (any 127.x.y.z works on
// Linux loopback, like clients on other machines); -1 when refused.
inline int connect_from(int port, const char* from = "127.0.0.1") {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from, &local.sin_addr);
  bind(s, reinterpret_cast<sockaddr*>(&local), sizeof local);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(s);
    return -1;
  }
  return s;
}

}  // namespace leefkaart::testing
