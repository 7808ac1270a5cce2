#include "suite/detail/suite_util.h"

#include <cstdio>
#include <system_error>

#include "io/input_file.h"

namespace nrc::suite_detail {

std::uint64_t SplitMix64(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string ReadTextIfExists(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return "";
  return ReadInputFile(file, InputKind::kText);
}

std::string Duration(double seconds, bool tenths) {
  char buf[32];
  const int s = static_cast<int>(seconds + 0.5);
  if (s >= 60) std::snprintf(buf, sizeof buf, "%dm%02ds", s / 60, s % 60);
  else if (tenths) std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  else std::snprintf(buf, sizeof buf, "%ds", s);
  return buf;
}

}  // namespace nrc::suite_detail
