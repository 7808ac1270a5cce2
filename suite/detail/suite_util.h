// Internals of nrc_suite shared by the runners and campaigns.
#ifndef NRC_SUITE_DETAIL_SUITE_UTIL_H_
#define NRC_SUITE_DETAIL_SUITE_UTIL_H_

#include <cstdint>
#include <filesystem>
#include <string>

namespace nrc::suite_detail {

// splitmix64: the seed stream of campaigns (fixed by its definition, so a
// campaign seed replays the same case seeds everywhere).
std::uint64_t SplitMix64(std::uint64_t* state);

// The file's text (io/input_file.h), or "" when it does not exist (a child
// process that wrote nothing).
std::string ReadTextIfExists(const std::filesystem::path& file);

// "42s", "3m05s" (at least 60 s), or "4.2 s" when `tenths`.
std::string Duration(double seconds, bool tenths = false);

}  // namespace nrc::suite_detail

#endif  // NRC_SUITE_DETAIL_SUITE_UTIL_H_
