#pragma once
// httplib's server, made safe from slow and greedy clients. httplib gives each
// connection a worker thread for as long as it is open, so a few clients that
// send their headers a line at a time (or just keep connections open) would
// hold every worker. Here a worker is taken only for a request that has fully
// arrived: one "intake" thread watches all open connections with poll(),
// collects each request's line and headers (within a deadline), and hands a
// connection to a worker only then; after the answer the connection goes back
// to the intake. One client address may keep only so many connections
// waiting: beyond that one of its waiting ones is closed (see cut_back).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace leefkaart::server {

struct ConnectionLimits {
  int workers = 64;                                 // requests answered at once
  int per_client = 32;                              // connections one address may keep waiting
  std::size_t waiting = 2048;                       // connections kept waiting in all
  std::chrono::milliseconds request_time{10000};    // request line + headers, from their first byte
  std::chrono::milliseconds keep_alive_idle{5000};  // an open connection may wait this long for its next request
  std::chrono::milliseconds write_stall{10000};     // a client that takes no bytes this long is dropped
  std::size_t header_bytes = 16 * 1024;             // request line + headers, at most
};

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits);
  ~GuardedServer();
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // Ends keep-alive after the current request (e.g. a refused POST whose body
  // was never read). Called from a handler, on the worker's thread.
  static void close_after_this_request();

  // httplib listens with a backlog of 5: a burst of connections (a page load
  // with a slowloris going on) would be dropped by the kernel and retried by
  // the clients only after 1, 3, 7 s. Call after bind_to_port.
  void widen_backlog();

  struct Connection {
    socket_t sock;
    std::string peer;
    std::string received;  // bytes read but not yet used by a request
    std::chrono::steady_clock::time_point waiting_since, first_byte;
    std::size_t answered = 0;
  };

 private:
  // httplib calls this for every accepted socket (through the task queue set
  // in the constructor, on the accepting thread): it only hands the socket to
  // the intake. Private in httplib but virtual, so it can be replaced.
  bool process_and_close_socket(socket_t sock) override;
  void intake_loop();
  void cut_back(std::vector<Connection>& waiting) const;
  void answer(Connection c);
  void give_back(Connection c);

  ConnectionLimits limits_;
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::mutex incoming_mutex_;
  std::vector<Connection> incoming_;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread intake_;
};

}  // namespace leefkaart::server
