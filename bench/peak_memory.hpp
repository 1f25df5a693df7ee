#pragma once
#include <sys/resource.h>

// Peak resident memory of this process so far, in MiB (Linux reports KiB).
inline double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

#include <fstream>
#include <string>
#include <sys/types.h>

// Peak and current resident memory of another process (VmHWM, VmRSS), in MiB.
inline double status_mb_of(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
  return 0;
}
inline double peak_rss_mb_of(pid_t pid) { return status_mb_of(pid, "VmHWM"); }
inline double rss_mb_of(pid_t pid) { return status_mb_of(pid, "VmRSS"); }
