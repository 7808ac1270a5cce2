// nrc/io/quoted.h
//
// Quoting a user's value in a one-line error message. A value can be anything
// the user passed -- a 50 MB JSON field, a line with control characters -- so
// it is cut to kMaxQuoted characters (then "...") and control characters are
// shown as '?': the message stays one short line whatever the input.
#ifndef NRC_IO_QUOTED_H_
#define NRC_IO_QUOTED_H_

#include <cstddef>
#include <string>

namespace nrc {

constexpr std::size_t kMaxQuoted = 60;

// The text cut to at most `max` characters ("..." appended when cut),
// control characters replaced by '?'.
std::string CutForMessage(const std::string& text, std::size_t max = kMaxQuoted);
// CutForMessage(text) in single quotes: 'text' or 'first 60 characters...'.
std::string Quoted(const std::string& text);

}  // namespace nrc

#endif  // NRC_IO_QUOTED_H_
