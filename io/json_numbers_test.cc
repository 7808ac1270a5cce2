#include "io/json_numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace nrc {
namespace {

TEST(JsonNumbers, FiniteValuesRoundTripBitForBit) {
  // Shortest round-trip decimal output: the text read back is the same double.
  const std::vector<double> values = {0.1, -2.5e-300, 1.0 / 3.0, 6.02214076e23,
                                      std::numeric_limits<double>::denorm_min()};
  const auto text = JsonNumbers(values).dump();
  const auto back = ReadJsonNumbers(nlohmann::json::parse(text));
  ASSERT_EQ(back.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(back[i], values[i]) << "entry " << i << " of " << text;
}

TEST(JsonNumbers, NonFiniteValuesAreStringsAndComeBack) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(JsonNumber(inf), "inf");
  EXPECT_EQ(JsonNumber(-inf), "-inf");
  EXPECT_EQ(JsonNumber(std::nan("")), "nan");
  EXPECT_EQ(ReadJsonNumber(nlohmann::json("inf")), inf);
  EXPECT_EQ(ReadJsonNumber(nlohmann::json("-inf")), -inf);
  EXPECT_TRUE(std::isnan(ReadJsonNumber(nlohmann::json("nan"))));
  EXPECT_TRUE(std::isnan(ReadJsonNumber(nlohmann::json(nullptr))));
}

TEST(JsonNumbers, AnythingElseIsAnErrorNamingIt) {
  for (const char* bad : {R"("Inf")", R"("1.5")", "true", "[1]", "{}"}) {
    try {
      ReadJsonNumber(nlohmann::json::parse(bad));
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(nlohmann::json::parse(bad).dump()), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(ReadJsonNumbers(nlohmann::json::parse("1.0")), std::runtime_error);
}

}  // namespace
}  // namespace nrc
