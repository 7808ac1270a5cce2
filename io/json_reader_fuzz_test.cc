// Parser fuzzing of JsonReader (io/json_reader.h), the one JSON reader of nrc
// (issue 20): mutated texts (tests/support/text_mutator.h) plus nesting up to
// 100000 levels and repeated keys either parse -- to a value no deeper than
// kMaxDepth, without a repeated key, that reads back to itself -- or fail with
// a one-line std::invalid_argument naming the text. Never a crash (deep
// nesting used to overflow the stack in nlohmann's recursive destructor and
// dump), never an other exception. Run under ASan + UBSan by tools/sanitize.
// Differential oracle: on every text shallow enough for nlohmann's recursive
// copy and compare (at most kPlainBrackets '[' and '{'), nlohmann's own parser
// without the reader's checks must agree -- an accepted text gives the same
// value with as many keys as the text names, a text refused as "not valid
// JSON" is refused by nlohmann too, a refused repeated key is one, and a
// refused depth is one. ctest: json_reader_fuzz_test (label property, 200
// inputs) and json_reader_fuzz_long (label fuzz, 1e6 inputs).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "io/json_reader.h"
#include "tests/support/text_mutator.h"

namespace nrc {
namespace {

int Depth(const nlohmann::json& j) {
  int deepest = 0;
  if (j.is_structured()) {
    for (const auto& v : j) deepest = std::max(deepest, Depth(v));
    return deepest + 1;
  }
  return 0;
}

// Number of members of every object in J (what survives of the keys).
std::size_t Members(const nlohmann::json& j) {
  std::size_t n = j.is_object() ? j.size() : 0;
  if (j.is_structured()) {
    for (const auto& v : j) n += Members(v);
  }
  return n;
}

// nlohmann's parser alone (repeated keys: the last wins), and the number of
// keys the text names (key events), on texts with at most kPlainBrackets
// '[' and '{' (its recursive copy, compare and destructor stay shallow).
constexpr std::ptrdiff_t kPlainBrackets = 2000;
struct Plain {
  nlohmann::json value;  // discarded if nlohmann refuses the text
  std::size_t keys = 0;
};
Plain PlainParse(const std::string& text) {
  Plain p;
  auto count = [&p](int, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (event == nlohmann::json::parse_event_t::key) ++p.keys;
    return true;
  };
  p.value = nlohmann::json::parse(text, count, /*allow_exceptions=*/false);
  return p;
}

const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = {
      R"({"name": "t", "config": {"data": "iris", "widths": [4, 8, 3], "lambda": 0.001}, "grid": {"lambda": [0.1, 0.2]}})",
      R"({"format": "nrc-export/1", "lambda": "0.001", "modules": [{"type": "Linear", "weight": [["0.1"]]}]})",
      R"([1, 2.5, -0.0, 1e308, "x", null, true, {"a": {"b": [[]]}}])",
      R"({"a": 1, "a": 2})",
      R"("\ud800\udc00 \u0000")"};
  return seeds;
}

// Nesting around a mutated text: "[" or "{\"k\":" DEPTH times.
std::string Nest(const std::string& inner, int depth, bool objects) {
  std::string s;
  s.reserve(inner.size() + 6 * static_cast<std::size_t>(depth));
  for (int i = 0; i < depth; ++i) s += objects ? "{\"k\":" : "[";
  s += inner;
  for (int i = 0; i < depth; ++i) s += objects ? '}' : ']';
  return s;
}

RC_GTEST_PROP(JsonReaderFuzz, MutatedTextParsesBoundedOrFailsWithOneLine, ()) {
  // Structured edits (valid JSON with hostile values) half of the time, text
  // edits (mostly broken syntax) the other half.
  std::string text = *rc::gen::arbitrary<bool>() ? test::GenMutatedJson(Seeds()) : test::GenMutatedText(Seeds());
  const int depth = *rc::gen::element(0, 0, 1, 30, JsonReader::kMaxDepth - 1, JsonReader::kMaxDepth,
                                      JsonReader::kMaxDepth + 1, 1000, 100000);
  if (depth > 0) text = Nest(text, depth, *rc::gen::arbitrary<bool>());
  RC_CLASSIFY(depth > JsonReader::kMaxDepth, "nested beyond the limit");
  const bool shallow = std::count_if(text.begin(), text.end(), [](char c) { return c == '[' || c == '{'; }) <= kPlainBrackets;
  RC_CLASSIFY(shallow, "compared with nlohmann alone");
  try {
    const nlohmann::json j = JsonReader::Parse(text, "fuzz.json");
    RC_CLASSIFY(true, "parsed");
    RC_ASSERT(Depth(j) <= JsonReader::kMaxDepth);
    // What was read reads back to itself.
    RC_ASSERT(JsonReader::Parse(j.dump(), "again") == j);
    if (shallow) {  // the same value as nlohmann's, and no key dropped or merged
      const Plain plain = PlainParse(text);
      RC_ASSERT(!plain.value.is_discarded());
      RC_ASSERT(plain.value == j);
      RC_ASSERT(plain.keys == Members(j));
    }
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "refused");
    const std::string what = e.what();
    RC_ASSERT(what.rfind("fuzz.json: ", 0) == 0);
    RC_ASSERT(what.find('\n') == std::string::npos);
    if (!shallow) return;
    const Plain plain = PlainParse(text);
    if (what.find(": not valid JSON: ") != std::string::npos) {
      RC_ASSERT(plain.value.is_discarded());
    } else if (what.find(": duplicate key ") != std::string::npos) {
      // (nlohmann may refuse a later part of the text the reader never reached)
      RC_ASSERT(plain.value.is_discarded() || plain.keys > Members(plain.value));
    } else {
      RC_ASSERT(what.find(": nested deeper than ") != std::string::npos);
      RC_ASSERT(plain.value.is_discarded() || Depth(plain.value) > JsonReader::kMaxDepth);
    }
  }
}

// A key repeated at any depth is refused, whatever the values.
RC_GTEST_PROP(JsonReaderFuzz, RepeatedKeysAreRefusedAtAnyDepth, ()) {
  const int depth = *rc::gen::inRange(0, JsonReader::kMaxDepth - 2);
  const std::string key = *rc::gen::element<std::string>("a", "lambda", "", "\\u0061");
  const std::string object = "{\"" + key + "\": 1, \"b\": 2, \"" + key + "\": 1}";
  try {
    (void)JsonReader::Parse(Nest(object, depth, *rc::gen::arbitrary<bool>()), "dup.json");
    RC_FAIL("a repeated key was accepted");
  } catch (const std::invalid_argument& e) {
    RC_ASSERT(std::string(e.what()).find("duplicate key") != std::string::npos);
  }
}

}  // namespace
}  // namespace nrc
