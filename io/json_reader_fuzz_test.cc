// Parser fuzzing of JsonReader (io/json_reader.h), the one JSON reader of nrc
// (issue 20): mutated texts (tests/support/text_mutator.h) plus nesting up to
// 100000 levels and repeated keys either parse -- to a value no deeper than
// kMaxDepth, without a repeated key, that reads back to itself -- or fail with
// a one-line std::invalid_argument naming the text. Never a crash (deep
// nesting used to overflow the stack in nlohmann's recursive destructor and
// dump), never an other exception. Run under ASan + UBSan by tools/sanitize.
// ctest: json_reader_fuzz_test (label property, 200 inputs) and
// json_reader_fuzz_long (label fuzz, 1e6 inputs).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

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
  try {
    const nlohmann::json j = JsonReader::Parse(text, "fuzz.json");
    RC_CLASSIFY(true, "parsed");
    RC_ASSERT(Depth(j) <= JsonReader::kMaxDepth);
    // What was read reads back to itself (no key was dropped or merged).
    RC_ASSERT(JsonReader::Parse(j.dump(), "again") == j);
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "refused");
    const std::string what = e.what();
    RC_ASSERT(what.rfind("fuzz.json: ", 0) == 0);
    RC_ASSERT(what.find('\n') == std::string::npos);
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
