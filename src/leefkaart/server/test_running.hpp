#pragma once
// For the server's tests: serve() on a thread, on a free port, until the
// object goes; `port` and `url()` name where it listens (0 and the error when
// it failed to start, so the tests fail on it).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "server/server.hpp"

namespace leefkaart::testing {

// serve() on a thread, on a free port; stopped when this goes.
class Running {
 public:
  explicit Running(leefkaart::server::ServeOptions opts) {
    opts.port = 0;
    thread_ = std::thread([this, opts] {
      try {
        leefkaart::server::serve(opts, [this](const std::string& url) {
          std::lock_guard<std::mutex> lock(m_);
          url_ = url;
          cv_.notify_all();
        });
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(m_);
        url_ = std::string("failed: ") + e.what();
        cv_.notify_all();
      }
    });
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait_for(lock, std::chrono::seconds(30), [&] { return !url_.empty(); });
    if (url_.rfind("http://", 0) == 0) port = std::stoi(url_.substr(url_.rfind(':') + 1));  // else 0: tests fail on it
  }
  ~Running() {
    leefkaart::server::stop();
    thread_.join();
  }
  int port = 0;
  std::string url() const { return url_; }

 private:
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  std::string url_;
};

}  // namespace leefkaart::testing
