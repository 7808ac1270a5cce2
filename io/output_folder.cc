#include "io/output_folder.h"

#include <unistd.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "io/atomic_file.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

std::mutex& CreatedMutex() {
  static std::mutex m;
  return m;
}
std::vector<fs::path>& Created() {
  static std::vector<fs::path> created;
  return created;
}

[[noreturn]] void Refuse(const fs::path& dir, const std::string& why) {
  throw std::invalid_argument("output folder " + dir.string() + ": " + why);
}

}  // namespace

bool OutputFolder::IsClaimable(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  if (!fs::is_directory(dir, ec)) return false;
  if (fs::exists(dir / kMarker, ec)) return true;
  return fs::is_empty(dir, ec) && !ec;
}

void OutputFolder::Mark(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / kMarker, ec)) return;
  try {
    WriteFileAtomically(dir / kMarker, "");
  } catch (const std::exception& e) {
    Refuse(dir, e.what());
  }
}

void OutputFolder::Claim(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) Refuse(dir, "exists and is not a folder");
    if (!force && !IsClaimable(dir)) {
      Refuse(dir, "folder is not empty and was not made by nrc (no " + std::string(kMarker) +
                      " marker); use --force to write into it anyway");
    }
  } else {
    // Every folder created here is nrc's: marked, and remembered (deepest first).
    std::vector<fs::path> created;
    for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      created.push_back(p);
      if (p == p.parent_path()) break;
    }
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec)) Refuse(dir, "cannot create it" + (ec ? ": " + ec.message() : std::string()));
    for (std::size_t i = 1; i < created.size(); ++i) Mark(created[i]);
    std::lock_guard<std::mutex> lock(CreatedMutex());
    Created().insert(Created().end(), created.begin(), created.end());
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) Refuse(dir, "folder is not writable");
  Mark(dir);
}

void OutputFolder::RemoveCreatedIfEmpty() {
  std::lock_guard<std::mutex> lock(CreatedMutex());
  for (const auto& dir : Created()) {
    std::error_code ec;
    bool only_marker = true;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.path().filename() != kMarker) only_marker = false;
    }
    if (ec || !only_marker) continue;
    fs::remove(dir / kMarker, ec);
    fs::remove(dir, ec);
  }
  Created().clear();
}

}  // namespace nrc
