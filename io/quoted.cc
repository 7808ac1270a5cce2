#include "io/quoted.h"

namespace nrc {

std::string CutForMessage(const std::string& text, std::size_t max) {
  std::size_t n = text.size() > max ? max : text.size();
  // Never cut a UTF-8 sequence in two.
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  std::string out = text.substr(0, n);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (n < text.size()) out += "...";
  return out;
}

std::string Quoted(const std::string& text) { return "'" + CutForMessage(text) + "'"; }

}  // namespace nrc
