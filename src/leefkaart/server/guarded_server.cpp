#include "server/guarded_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace leefkaart::server {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

thread_local bool close_requested = false;

std::string address_of(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, text, sizeof text);
  else if (addr.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr, text, sizeof text);
  return text;
}

int port_of(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return 0;
}

sockaddr_storage peer_of(socket_t sock) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) addr.ss_family = AF_UNSPEC;
  return addr;
}

bool ready(socket_t sock, short events, milliseconds timeout) {
  pollfd p{sock, events, 0};
  const int ms = static_cast<int>(std::max<milliseconds::rep>(0, timeout.count()));
  int rc;
  do rc = poll(&p, 1, ms);
  while (rc < 0 && errno == EINTR);
  return rc > 0;
}

bool headers_complete(const std::string& received) {
  return received.find("\r\n\r\n") != std::string::npos || received.find("\n\n") != std::string::npos;
}

void close_socket(socket_t sock) {
  shutdown(sock, SHUT_RDWR);
  close(sock);
}

// Closes a connection whose request body was refused unread: first only our
// side, then the client's unread bytes are taken and dropped for a moment.
// Closed at once, the kernel would answer those bytes with a reset, and a
// client still sending would lose the answer (a 403 or 413) in it.
void close_refused(socket_t sock) {
  shutdown(sock, SHUT_WR);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  std::size_t dropped = 0;
  char sink[16384];
  while (dropped < 8 * 1024 * 1024) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{sock, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    const ssize_t n = recv(sock, sink, sizeof sink, MSG_DONTWAIT);
    if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) break;
    if (n > 0) dropped += static_cast<std::size_t>(n);
  }
  close(sock);
}

// A short answer for a connection closed before a worker saw it.
void answer_and_close(socket_t sock, int status, const char* reason, const std::string& message) {
  const std::string body = R"({"error":")" + message + R"(","status":)" + std::to_string(status) + "}";
  const std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                               "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body;
  send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  close_socket(sock);
}

// httplib's Stream over one connection: first the bytes the intake already
// read, then the socket. Reads give up at the deadline, writes when the client
// has taken nothing for `write_stall`.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, std::string received, Clock::time_point read_deadline, milliseconds write_stall)
      : sock_(sock), buffer_(std::move(received)), deadline_(read_deadline), write_stall_(write_stall) {}

  bool is_readable() const override { return used_ < buffer_.size() || ready(sock_, POLLIN, left()); }
  bool is_writable() const override { return ready(sock_, POLLOUT, write_stall_); }

  ssize_t read(char* ptr, size_t size) override {
    if (used_ == buffer_.size()) {
      if (!ready(sock_, POLLIN, left())) return -1;
      char chunk[4096];
      const ssize_t n = recv(sock_, chunk, sizeof chunk, 0);
      if (n <= 0) return n;
      buffer_.assign(chunk, static_cast<std::size_t>(n));
      used_ = 0;
    }
    const std::size_t n = std::min(size, buffer_.size() - used_);
    std::memcpy(ptr, buffer_.data() + used_, n);
    used_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    const auto addr = peer_of(sock_);
    ip = address_of(addr);
    port = port_of(addr);
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) addr.ss_family = AF_UNSPEC;
    ip = address_of(addr);
    port = port_of(addr);
  }

  socket_t socket() const override { return sock_; }

  // What was read past the request (a pipelined next one).
  std::string unread() const { return buffer_.substr(used_); }

 private:
  milliseconds left() const { return std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now()); }

  socket_t sock_;
  std::string buffer_;
  std::size_t used_ = 0;
  Clock::time_point deadline_;
  milliseconds write_stall_;
};

// httplib hands each accepted socket to its task queue; this one runs the
// task (our process_and_close_socket) at once, on the accepting thread.
class RunAtOnce final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

void GuardedServer::close_after_this_request() { close_requested = true; }

void GuardedServer::widen_backlog() {
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, SOMAXCONN);  // Linux takes a new backlog on a listening socket
}

GuardedServer::GuardedServer(ConnectionLimits limits)
    : limits_(limits),
      workers_(std::make_unique<httplib::ThreadPool>(static_cast<std::size_t>(std::max(1, limits.workers)))),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  new_task_queue = [] { return new RunAtOnce; };
  intake_ = std::thread([this] { intake_loop(); });
}

GuardedServer::~GuardedServer() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0) {}  // the intake also wakes every 100 ms
  intake_.join();
  workers_->shutdown();  // lets the requests being answered finish
  std::lock_guard<std::mutex> lock(incoming_mutex_);
  for (auto& c : incoming_) close_socket(c.sock);
  close(wake_fd_);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  Connection c{sock, address_of(peer_of(sock)), {}, Clock::now(), {}, 0};
  give_back(std::move(c));
  return true;
}

void GuardedServer::give_back(Connection c) {
  {
    std::lock_guard<std::mutex> lock(incoming_mutex_);
    if (stopping_) {
      close_socket(c.sock);
      return;
    }
    incoming_.push_back(std::move(c));
  }
  const std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0) {}
}

// Which waiting connection to close first: one with a request still trickling
// in (a browser sends a request in one go), then one never used, then an idle
// keep-alive one; the oldest first within each.
bool close_before(const GuardedServer::Connection& a, const GuardedServer::Connection& b) {
  auto rank = [](const GuardedServer::Connection& c) { return !c.received.empty() ? 0 : c.answered == 0 ? 1 : 2; };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  return a.waiting_since < b.waiting_since;
}

// Each address may keep `per_client` connections waiting, all addresses
// together `waiting`; beyond that, connections are closed in close_before order.
void GuardedServer::cut_back(std::vector<Connection>& waiting) const {
  std::map<std::string, std::vector<std::size_t>> by_peer;
  for (std::size_t i = 0; i < waiting.size(); ++i) by_peer[waiting[i].peer].push_back(i);
  std::vector<bool> closing(waiting.size(), false);
  auto by_order = [&](std::size_t a, std::size_t b) { return close_before(waiting[a], waiting[b]); };
  for (auto& [peer, idx] : by_peer) {
    if (idx.size() <= static_cast<std::size_t>(limits_.per_client)) continue;
    std::sort(idx.begin(), idx.end(), by_order);
    for (std::size_t k = 0; k < idx.size() - static_cast<std::size_t>(limits_.per_client); ++k) closing[idx[k]] = true;
  }
  std::size_t left = static_cast<std::size_t>(std::count(closing.begin(), closing.end(), false));
  if (left > limits_.waiting) {
    std::vector<std::size_t> all;
    for (std::size_t i = 0; i < waiting.size(); ++i)
      if (!closing[i]) all.push_back(i);
    std::sort(all.begin(), all.end(), by_order);
    for (std::size_t k = 0; k < left - limits_.waiting; ++k) closing[all[k]] = true;
  }
  std::vector<Connection> kept;
  kept.reserve(waiting.size());
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (!closing[i]) kept.push_back(std::move(waiting[i]));
    else if (by_peer[waiting[i].peer].size() > static_cast<std::size_t>(limits_.per_client))
      answer_and_close(waiting[i].sock, 429, "Too Many Requests", "too many open connections from this address");
    else
      answer_and_close(waiting[i].sock, 503, "Service Unavailable", "too many open connections");
  }
  waiting.swap(kept);
}

void GuardedServer::intake_loop() {
  std::vector<Connection> waiting;
  std::vector<pollfd> fds;
  while (!stopping_) {
    {
      std::lock_guard<std::mutex> lock(incoming_mutex_);
      for (auto& c : incoming_) {
        if (headers_complete(c.received))  // a pipelined request already here
          workers_->enqueue([this, c = std::move(c)]() mutable { answer(std::move(c)); });
        else
          waiting.push_back(std::move(c));
      }
      incoming_.clear();
    }
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    for (const auto& c : waiting) fds.push_back(pollfd{c.sock, POLLIN, 0});
    if (poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) break;
    if (fds[0].revents) {
      std::uint64_t count;
      if (::read(wake_fd_, &count, sizeof count) < 0) {}
    }
    const auto now = Clock::now();
    std::vector<Connection> still;
    still.reserve(waiting.size());
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      Connection& c = waiting[i];
      if (fds[i + 1].revents) {
        char chunk[4096];
        const ssize_t n = recv(c.sock, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
          close_socket(c.sock);  // the client went away
          continue;
        }
        if (n > 0) {
          if (c.received.empty()) c.first_byte = now;
          c.received.append(chunk, static_cast<std::size_t>(n));
        }
        if (headers_complete(c.received)) {
          workers_->enqueue([this, c = std::move(c)]() mutable { answer(std::move(c)); });
          continue;
        }
        if (c.received.size() > limits_.header_bytes) {
          answer_and_close(c.sock, 431, "Request Header Fields Too Large", "the request line and headers are too long");
          continue;
        }
      }
      if (c.received.empty() ? now - c.waiting_since > limits_.keep_alive_idle : now - c.first_byte > limits_.request_time) {
        if (c.received.empty()) close_socket(c.sock);  // an idle keep-alive connection: closing is normal
        else answer_and_close(c.sock, 408, "Request Timeout", "the request did not arrive in time");
        continue;
      }
      still.push_back(std::move(c));
    }
    waiting.swap(still);
    cut_back(waiting);  // after reading: which connections trickle a request is known now
  }
  for (auto& c : waiting) close_socket(c.sock);
}

void GuardedServer::answer(Connection c) {
  const auto start = Clock::now();
  DeadlineStream stream(c.sock, std::move(c.received), start + limits_.request_time, limits_.write_stall);
  const bool last = c.answered + 1 >= keep_alive_max_count_ || stopping_;
  bool client_closes = false;
  close_requested = false;
  const bool ok = process_request(stream, last, client_closes, nullptr);
  if (close_requested && ok) {
    close_refused(c.sock);
    return;
  }
  if (!ok || last || client_closes || close_requested) {
    close_socket(c.sock);
    return;
  }
  c.received = stream.unread();
  c.answered++;
  c.waiting_since = c.first_byte = Clock::now();
  give_back(std::move(c));
}

}  // namespace leefkaart::server
