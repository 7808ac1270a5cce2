#include "io/json_reader.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "io/quoted.h"

namespace nrc {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    (void)JsonReader::Parse(text, "t.json");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(JsonReaderTest, ReadsOrdinaryJson) {
  const auto j = JsonReader::Parse(R"({"a": [1, {"b": 2}], "c": {"b": 3}})", "t");
  EXPECT_EQ(j["a"][1]["b"], 2);
  EXPECT_EQ(j["c"]["b"], 3);  // the same key in two different objects is fine
  const auto o = JsonReader::ParseOrdered(R"({"z": 1, "a": 2})", "t");
  EXPECT_EQ(o.begin().key(), "z");
}

// Issue 11: a duplicate key silently took the last value.
TEST(JsonReaderTest, DuplicateKeyIsAnError) {
  EXPECT_NE(ErrorOf(R"({"lambda": 1e-3, "lambda": 1e-2})").find("t.json: duplicate key 'lambda'"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"x": [{"k": 1, "k": 2}]})").find("duplicate key 'k'"), std::string::npos);
  EXPECT_THROW(JsonReader::ParseOrdered(R"({"a": {"b": 1, "b": 1}})", "t"), std::invalid_argument);
}

// Issue 11: a sweep config nested 100000 levels deep overflowed the stack.
TEST(JsonReaderTest, DeepNestingIsAClearError) {
  const int n = 100000;
  const std::string deep = std::string(n, '[') + std::string(n, ']');
  EXPECT_NE(ErrorOf(deep).find("nested deeper than 64 levels"), std::string::npos);
  const std::string deep_objects = [&] {
    std::string s;
    for (int i = 0; i < n; ++i) s += "{\"a\":";
    s += "1";
    s += std::string(n, '}');
    return s;
  }();
  EXPECT_NE(ErrorOf(deep_objects).find("nested deeper"), std::string::npos);
  // The limit itself is accepted: 64 levels.
  const int ok = JsonReader::kMaxDepth;
  EXPECT_NO_THROW(JsonReader::Parse(std::string(ok, '[') + std::string(ok, ']'), "t"));
  EXPECT_THROW(JsonReader::Parse(std::string(ok + 1, '[') + std::string(ok + 1, ']'), "t"), std::invalid_argument);
}

TEST(JsonReaderTest, SyntaxErrorsAreOneShortLine) {
  const std::string e = ErrorOf("{\"a\": \"" + std::string(1 << 20, 'x'));
  EXPECT_NE(e.find("t.json: not valid JSON"), std::string::npos);
  EXPECT_LT(e.size(), 300u);
  EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(QuotedTest, CutsLongValuesAndControlCharacters) {
  EXPECT_EQ(Quoted("abc"), "'abc'");
  EXPECT_EQ(Quoted(std::string(1 << 20, 'x')), "'" + std::string(kMaxQuoted, 'x') + "...'");
  EXPECT_EQ(CutForMessage("a\nb"), "a?b");
  // A two-byte UTF-8 character straddling the cut is dropped whole.
  const std::string s = std::string(kMaxQuoted - 1, 'x') + "\xc3\xa9" + "yy";
  EXPECT_EQ(CutForMessage(s), std::string(kMaxQuoted - 1, 'x') + "...");
}

}  // namespace
}  // namespace nrc
