// nrc/tests/support/text_mutator.h
//
// RapidCheck generators for parser fuzzing (issue 11): GenMutatedText(seeds)
// picks one of the seed texts and applies 1..8 random edits -- a byte
// replaced, inserted or deleted, a range deleted or duplicated, or a token
// inserted from a dictionary of the inputs that break parsers (separators,
// quotes and brackets, huge / NaN / Inf / hex / negative-zero numbers, a
// UTF-8 or UTF-16 byte-order mark, NUL, CR LF, very long digit strings).
// Shrinking removes edits, so a failure shrinks towards the seed.
#ifndef NRC_TESTS_SUPPORT_TEXT_MUTATOR_H_
#define NRC_TESTS_SUPPORT_TEXT_MUTATOR_H_

#include <rapidcheck.h>

#include <ostream>
#include <string>
#include <vector>

namespace nrc::test {

struct TextEdit {
  int kind = 0;           // 0 replace byte, 1 insert byte, 2 delete byte, 3 delete range, 4 duplicate range, 5 insert token
  std::size_t at = 0;     // position (modulo the current length)
  std::size_t length = 0; // range length / token index
  char byte = 0;
};

inline std::ostream& operator<<(std::ostream& os, const TextEdit& e) {
  return os << "{kind " << e.kind << ", at " << e.at << ", length " << e.length << ", byte " << int(e.byte) << "}";
}

inline const std::vector<std::string>& FuzzTokens() {
  static const std::vector<std::string> tokens = {
      ",", "\n", "\r\n", "\"", "{", "}", "[", "]", ":", "-", "e", ".", " ", "\t", "null", "true", "false",
      "1e999", "-1e999", "nan", "NaN", "inf", "-inf", "0x1p3", "-0", "1e-400", "99999999999999999999",
      "2147483648", "-2147483649", "\xEF\xBB\xBF", "\xFF\xFE", std::string(1, '\0'), "\\u0000", "\\", "1.5",
      std::string(400, '9'), "\"format\"", "\"run_id\"", "\"widths\"", "[]", "{}", "\"\"", "0", "1", "-1"};
  return tokens;
}

inline std::string ApplyEdits(std::string text, const std::vector<TextEdit>& edits) {
  const auto& tokens = FuzzTokens();
  for (const TextEdit& e : edits) {
    const std::size_t n = text.size();
    const std::size_t at = n == 0 ? 0 : e.at % (n + 1);
    switch (e.kind) {
      case 0:
        if (at < n) text[at] = e.byte;
        break;
      case 1: text.insert(at, 1, e.byte); break;
      case 2:
        if (at < n) text.erase(at, 1);
        break;
      case 3: text.erase(at, std::min(e.length % 64, n - std::min(at, n))); break;
      case 4: {
        const std::string piece = text.substr(at, e.length % 64);
        text.insert(at, piece);
        break;
      }
      default: text.insert(at, tokens[e.length % tokens.size()]); break;
    }
  }
  return text;
}

inline rc::Gen<TextEdit> GenTextEdit() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 6), rc::gen::arbitrary<std::size_t>(),
                                     rc::gen::inRange<std::size_t>(0, 1000), rc::gen::arbitrary<char>()),
                      [](const std::tuple<int, std::size_t, std::size_t, char>& t) {
                        TextEdit e;
                        std::tie(e.kind, e.at, e.length, e.byte) = t;
                        return e;
                      });
}

// A seed text with 1..8 edits applied (the seed index and edits are what shrinks).
inline std::string GenMutatedText(const std::vector<std::string>& seeds) {
  const std::size_t k = *rc::gen::inRange<std::size_t>(0, seeds.size());
  const auto edits = *rc::gen::resize(8, rc::gen::nonEmpty(rc::gen::container<std::vector<TextEdit>>(GenTextEdit())));
  return ApplyEdits(seeds[k], edits);
}

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_TEXT_MUTATOR_H_
