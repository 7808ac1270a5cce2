// nrc/datasets/npy_header.cc
#include "datasets/npy_header.h"

#include <cstdint>
#include <stdexcept>

namespace nrc {
namespace {

[[noreturn]] void Bad(const std::string& problem) { throw std::invalid_argument("npy header: " + problem); }

// A recursive-descent reader of the one dict grammar numpy writes.
class DictParser {
 public:
  explicit DictParser(std::string_view text) : s_(text) {}

  NpyHeader Run() {
    NpyHeader h;
    bool have_descr = false, have_order = false, have_shape = false;
    Blanks();
    Expect('{');
    for (;;) {
      Blanks();
      if (Peek() == '}') break;
      const std::string key = String("a key");
      Blanks();
      Expect(':');
      Blanks();
      bool* seen = nullptr;
      if (key == "descr") {
        seen = &have_descr;
        h.descr = String("the descr value");
      } else if (key == "fortran_order") {
        seen = &have_order;
        h.fortran_order = Bool();
      } else if (key == "shape") {
        seen = &have_shape;
        h.shape = Tuple();
      } else {
        Bad("unknown key '" + Printable(key) + "' (expected descr, fortran_order, shape)");
      }
      if (*seen) Bad("key '" + key + "' twice");
      *seen = true;
      Blanks();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() != '}') Bad(Here("',' or '}'"));
    }
    ++pos_;  // '}'
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    if (pos_ + 1 != s_.size() || s_[pos_] != '\n') Bad("the dict must be followed only by spaces and one '\\n'");
    if (!have_descr || !have_order || !have_shape) {
      Bad(std::string("missing key '") + (!have_descr ? "descr" : !have_order ? "fortran_order" : "shape") + "'");
    }
    return h;
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void Blanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  std::string Here(const std::string& wanted) const {
    return "expected " + wanted + " at byte " + std::to_string(pos_) + " of the dict" +
           (pos_ < s_.size() ? ", found '" + Printable(std::string(1, s_[pos_])) + "'" : ", found its end");
  }
  static std::string Printable(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
  }
  void Expect(char c) {
    if (Peek() != c) Bad(Here(std::string("'") + c + "'"));
    ++pos_;
  }
  std::string String(const char* what) {
    const char quote = Peek();
    if (quote != '\'' && quote != '"') Bad(Here(std::string("a quoted string (") + what + ")"));
    const std::size_t end = s_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) Bad("unterminated string");
    std::string out(s_.substr(pos_ + 1, end - pos_ - 1));
    for (char c : out) {
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        Bad("string with an escape or a non-printable byte");
      }
    }
    pos_ = end + 1;
    return out;
  }
  bool Bool() {
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    Bad(Here("True or False (fortran_order)"));
  }
  std::uint64_t Integer() {
    if (Peek() < '0' || Peek() > '9') Bad(Here("a non-negative integer (shape)"));
    std::uint64_t v = 0;
    while (Peek() >= '0' && Peek() <= '9') {
      const unsigned digit = static_cast<unsigned>(Peek() - '0');
      if (v > (std::uint64_t{1} << 63) / 10) Bad("shape dimension of 2^63 or more");
      v = v * 10 + digit;
      if (v >= (std::uint64_t{1} << 63)) Bad("shape dimension of 2^63 or more");
      ++pos_;
    }
    return v;
  }
  std::vector<std::uint64_t> Tuple() {
    Expect('(');
    std::vector<std::uint64_t> dims;
    bool trailing_comma = false;
    for (;;) {
      Blanks();
      if (Peek() == ')') break;
      dims.push_back(Integer());
      if (dims.size() > 32) Bad("more than 32 dimensions");
      Blanks();
      trailing_comma = Peek() == ',';
      if (trailing_comma) {
        ++pos_;
        continue;
      }
      if (Peek() != ')') Bad(Here("',' or ')' in the shape"));
    }
    ++pos_;
    if (dims.size() == 1 && !trailing_comma) Bad("shape (N) is not a tuple in Python: write (N,)");
    return dims;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

std::string PythonTuple(const std::vector<std::uint64_t>& shape) {
  std::string out = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) out += (k ? ", " : "") + std::to_string(shape[k]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

NpyHeader NpyHeader::Parse(std::string_view dict) { return DictParser(dict).Run(); }

std::uint64_t NpyHeader::Count() const {
  std::uint64_t n = 1;
  for (std::uint64_t d : shape) {
    if (d != 0 && n > UINT64_MAX / d) Bad("the shape's element count overflows 64 bits");
    n *= d;
  }
  return n;
}

int NpyHeader::ItemSize(const std::string& descr) {
  if (descr == "<f8" || descr == "<i8") return 8;
  if (descr == "<i4") return 4;
  if (descr == "|u1" || descr == "<u1") return 1;
  return 0;
}

std::string NpyHeader::Serialize() const {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                     ", 'shape': " + PythonTuple(shape) + ", }";
  // magic (6) + version (2) + length (2) + dict + padding + "\n" = k * 64.
  const std::size_t used = kMagic.size() + 4 + dict.size() + 1;
  dict.append((64 - used % 64) % 64, ' ');
  dict += '\n';
  if (dict.size() > 65535) Bad("header longer than 65535 bytes");
  std::string out(kMagic);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict;
}

}  // namespace nrc
