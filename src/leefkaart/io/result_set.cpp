#include "io/result_set.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "core/errors.hpp"
#include "io/checksum.hpp"

namespace leefkaart::io {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kStagingMark = ".leefkaart-staging-";

fs::path normalised(const fs::path& p) {
  fs::path out = fs::absolute(p).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();  // "out/utrecht/" names the folder too
  return out;
}

std::string staging_prefix(const fs::path& out_dir) { return "." + out_dir.filename().string() + kStagingMark; }

bool is_leefkaart_manifest(const fs::path& manifest) {
  std::ifstream in(manifest);
  if (!in) return false;
  const json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.value("tool", "") == "leefkaart";
}

// Tests slow the commit down to kill a run inside it; nobody else sets this.
void pause_for_tests() {
  if (const char* ms = std::getenv("LEEFKAART_TEST_COMMIT_PAUSE_MS"))
    std::this_thread::sleep_for(std::chrono::milliseconds(std::strtol(ms, nullptr, 10)));
}

// A staging folder's lock file is held (flock) by its run for the run's whole
// life; a lock nobody holds belongs to a run that died.
void remove_dead_staging(const fs::path& out_dir) {
  const std::string prefix = staging_prefix(out_dir);
  std::error_code ec;
  std::vector<fs::path> locks;
  for (const auto& e : fs::directory_iterator(out_dir.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".lock")) locks.push_back(e.path());
  }
  for (const auto& lock : locks) {
    const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      fs::path staging = lock;
      staging.replace_extension();
      const auto removed = fs::remove_all(staging, ec);
      fs::remove(lock, ec);
      spdlog::info("removed {} ({} files) left by an earlier run that did not finish", staging.string(), removed);
    }
    ::close(fd);
  }
  // Folders of the old layout (staging inside the output folder, named by pid).
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(kStagingMark)) continue;
    const long pid = std::strtol(name.c_str() + std::strlen(kStagingMark), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
}

void write_text_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Makes `staging` the folder at `out_dir` in one step; `staging` then holds the old set (if any).
void swap_into_place(const fs::path& staging, const fs::path& out_dir) {
  if (::rename(staging.c_str(), out_dir.c_str()) == 0) return;  // no earlier set (or an empty folder)
  if (errno != ENOTEMPTY && errno != EEXIST)
    throw std::runtime_error(fmt::format("cannot move the results into {}: {}", out_dir.string(), std::strerror(errno)));
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out_dir.c_str(), RENAME_EXCHANGE) == 0) return;
  if (errno != EINVAL && errno != ENOSYS)
    throw std::runtime_error(fmt::format("cannot exchange the results with {}: {}", out_dir.string(), std::strerror(errno)));
  // A file system without RENAME_EXCHANGE: two renames, with a moment in
  // which the folder is absent (never mixed).
  const fs::path old = staging.string() + ".old";
  fs::rename(out_dir, old);
  fs::rename(staging, out_dir);
  fs::rename(old, staging);
}

}  // namespace

void check_output_folder(const fs::path& out) {
  const fs::path out_dir = normalised(out);
  std::error_code ec;
  if (!fs::exists(out_dir, ec)) return;
  if (!fs::is_directory(out_dir, ec))
    throw InputError({out.string(), "", "--out"}, "exists and is not a folder");
  if (fs::is_empty(out_dir, ec)) return;
  if (is_leefkaart_manifest(out_dir / kManifestFile)) return;
  throw InputError({out.string(), "", "--out"},
                   "the folder holds files that are not a leefkaart result (it has no leefkaart manifest.json); "
                   "leefkaart replaces its output folder whole, so give a new or empty folder");
}

ResultSetWriter::ResultSetWriter(fs::path out_dir) : out_dir_(normalised(out_dir)) {
  check_output_folder(out_dir_);
  if (std::ifstream in(out_dir_ / kManifestFile); in) {
    const json old = json::parse(in, nullptr, false);
    if (old.is_object())
      spdlog::info("the new results replace the whole earlier set in {} (`leefkaart {}` of {})", out_dir_.string(),
                   old.value("command", "?"), old.value("created_utc", "?"));
  }
  fs::create_directories(out_dir_.parent_path());
  remove_dead_staging(out_dir_);
  std::random_device rd;
  const std::string id = fmt::format("{}-{:08x}", ::getpid(), rd());
  staging_ = out_dir_.parent_path() / (staging_prefix(out_dir_) + id);
  lock_path_ = staging_.string() + ".lock";
  lock_fd_ = ::open(lock_path_.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX) != 0)
    throw std::runtime_error(fmt::format("cannot create {}: {}", lock_path_.string(), std::strerror(errno)));
  fs::create_directory(staging_);
}

ResultSetWriter::~ResultSetWriter() {
  std::error_code ec;
  fs::remove_all(staging_, ec);  // after commit(): the old set
  fs::remove(lock_path_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

fs::path ResultSetWriter::staged(const std::string& file_name) {
  files_.push_back(file_name);
  // A file in a sub-folder ("wielen/…") gets its folder.
  const fs::path p = staging_ / file_name;
  if (p.parent_path() != staging_) fs::create_directories(p.parent_path());
  return p;
}

void ResultSetWriter::commit(json manifest) {
  for (const auto& f : files_)
    if (!fs::is_regular_file(staging_ / f)) throw std::runtime_error("the run did not write " + f);
  // Every file in the folder is listed, including any a library wrote beside its own.
  manifest[kManifestFilesKey] = file_checksums(staging_);
  write_text_file(staging_ / kManifestFile, manifest.dump(2) + "\n");
  pause_for_tests();
  swap_into_place(staging_, out_dir_);
  committed_ = true;
  pause_for_tests();
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

json file_checksums(const fs::path& dir) {
  json files = json::object();
  // Files in sub-folders are listed by their path relative to the set ("wielen/a.svg").
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().lexically_relative(dir).generic_string();
    if (name == kManifestFile || !e.is_regular_file()) continue;
    files[name] = {{"sha256", sha256_file(e.path().string())}, {"bytes", e.file_size()}};
  }
  return files;
}

std::vector<std::string> result_set_problems(const fs::path& dir) {
  std::vector<std::string> problems;
  std::ifstream in(dir / kManifestFile);
  if (!in) return {"no manifest.json"};
  const json manifest = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) return {"manifest.json is not valid JSON"};
  if (!manifest.contains(kManifestFilesKey) || !manifest[kManifestFilesKey].is_object())
    return {"manifest.json lists no files (made by an older leefkaart)"};
  std::set<std::string> listed;
  for (const auto& [name, entry] : manifest[kManifestFilesKey].items()) {
    listed.insert(name);
    const fs::path p = dir / name;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
      problems.push_back(name + " is missing");
    } else if (fs::file_size(p, ec) != entry.value("bytes", std::uintmax_t{0}) ||
               sha256_file(p.string()) != entry.value("sha256", "")) {
      problems.push_back(name + " differs from its checksum in the manifest");
    }
  }
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_directory()) continue;  // a sub-folder's files are listed one by one
    const std::string name = e.path().lexically_relative(dir).generic_string();
    if (name != kManifestFile && !listed.count(name)) problems.push_back(name + " is not listed in the manifest");
  }
  return problems;
}

}  // namespace leefkaart::io
