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

#include <nlohmann/json.hpp>
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

// Structured JSON mutation: 1..4 edits of the parsed seed, each replacing a
// random value (any depth) by a hostile one, deleting a key or adding an
// unknown one; then, half of the time, text edits on the dump. Reaches the
// readers' validation instead of stopping at the JSON syntax.
inline const std::vector<nlohmann::json>& FuzzJsonValues() {
  static const std::vector<nlohmann::json> values = {
      nullptr, true, false, 0, -1, 1, 2, 3, 1.5, -0.0, 1e308, -1e308, 1e-320, 9223372036854775807LL,
      -9223372036854775807LL - 1, 18446744073709551615ULL, 2147483648LL, "", "x", "nan", "inf", "-1", "1e-3",
      "mpfr:1", "mpfr:99999999", "float128", "tanh", "gauss:K=1,d=2,n=1,std=0.1,seed=1", "iris",
      std::string(1000, 'a'), nlohmann::json::array(), nlohmann::json::object(), nlohmann::json::array({1, 2}),
      nlohmann::json::array({0}), nlohmann::json::array({4, 0, 3}), nlohmann::json::array({"x"})};
  return values;
}

inline void JsonPaths(const nlohmann::json& j, const nlohmann::json::json_pointer& at,
                      std::vector<nlohmann::json::json_pointer>* out) {
  out->push_back(at);
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) JsonPaths(it.value(), at / it.key(), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) JsonPaths(j[i], at / i, out);
  }
}

inline std::string GenMutatedJson(const std::vector<std::string>& seeds) {
  const std::size_t k = *rc::gen::inRange<std::size_t>(0, seeds.size());
  nlohmann::json j = nlohmann::json::parse(seeds[k]);
  const int edits = *rc::gen::inRange(1, 5);
  for (int e = 0; e < edits; ++e) {
    std::vector<nlohmann::json::json_pointer> paths;
    JsonPaths(j, nlohmann::json::json_pointer(), &paths);
    const auto& at = paths[*rc::gen::inRange<std::size_t>(0, paths.size())];
    const int kind = *rc::gen::inRange(0, 4);
    if (kind == 0 && !at.empty() && j[at.parent_pointer()].is_object()) {
      j[at.parent_pointer()].erase(at.back());
    } else if (kind == 1 && j[at].is_object()) {
      j[at]["unknown_key"] = 1;
    } else {
      j[at] = FuzzJsonValues()[*rc::gen::inRange<std::size_t>(0, FuzzJsonValues().size())];
    }
  }
  std::string text = j.dump(2);
  if (*rc::gen::inRange(0, 4) == 0) {
    text = ApplyEdits(text, *rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<TextEdit>>(GenTextEdit()))));
  }
  return text;
}

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_TEXT_MUTATOR_H_
