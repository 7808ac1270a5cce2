// training/config_field.h: every field accepts its JSON form and its text
// (command-line) form alike and rejects the same values with one short line.
#include "training/config_field.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace nrc {
namespace {

using Json = nlohmann::json;

template <class F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_LT(m.size(), 300u) << m.substr(0, 300);
    return m;
  }
  return "";
}

TEST(ConfigFieldTest, LambdaAndLambdaB) {
  EXPECT_EQ(ConfigField::Lambda(Json(1e-3), "l"), 1e-3);
  EXPECT_EQ(ConfigField::Lambda(Json("1e-3"), "l"), 1e-3);
  for (const Json& bad : {Json(0.0), Json(-1.0), Json("nan"), Json("inf"), Json("x"), Json(true), Json("")}) {
    EXPECT_NE(ErrorOf([&] { ConfigField::Lambda(bad, "--lambda"); }).rfind("--lambda ", 0), std::string::npos)
        << bad.dump();
  }
  EXPECT_FALSE(ConfigField::LambdaB(Json("lambda"), "b").has_value());
  EXPECT_EQ(ConfigField::LambdaB(Json("0"), "b").value(), 0.0);
  EXPECT_EQ(ConfigField::LambdaB(Json(0.5), "b").value(), 0.5);  // 0 or lambda: checked with the network
  EXPECT_NE(ErrorOf([] { ConfigField::LambdaB(Json(-1), "b"); }), "");
}

TEST(ConfigFieldTest, SeedIsUnsigned64BitNeverClamped) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(ConfigField::Seed(Json(max), "s"), max);
  EXPECT_EQ(ConfigField::Seed(Json(std::to_string(max)), "s"), max);
  EXPECT_EQ(ConfigField::Seed(Json(7), "s"), 7u);
  EXPECT_EQ(ConfigField::Seed(Json(7.0), "s"), 7u);
  EXPECT_NE(ErrorOf([] { ConfigField::Seed(Json("18446744073709551616"), "--seed"); }).find("--seed is out of range"),
            std::string::npos);
  for (const Json& bad : {Json(-1), Json("-1"), Json(1.5), Json(1e20), Json("1e3"), Json(""), Json("x"), Json(false)}) {
    EXPECT_NE(ErrorOf([&] { ConfigField::Seed(bad, "--seed"); }).find("--seed"), std::string::npos) << bad.dump();
  }
}

TEST(ConfigFieldTest, WidthsAndLadderFromListsOrText) {
  EXPECT_EQ(ConfigField::Widths(Json("16,16,4"), "w"), (std::vector<int>{16, 16, 4}));
  EXPECT_EQ(ConfigField::Widths(Json::array({16, 16, 4}), "w"), (std::vector<int>{16, 16, 4}));
  for (const Json& bad : {Json("16,0,4"), Json("16,,4"), Json("16"), Json("16,x"), Json::array({3, -1}),
                          Json::array({3, 2.5}), Json(4), Json::array({3, 10000001})}) {
    EXPECT_NE(ErrorOf([&] { ConfigField::Widths(bad, "--widths"); }), "") << bad.dump();
  }
  EXPECT_EQ(ConfigField::Ladder(Json("float128,mpfr:256"), "l"), (std::vector<std::string>{"float128", "mpfr:256"}));
  EXPECT_EQ(ConfigField::Ladder(Json::array({"auto"}), "l"), (std::vector<std::string>{"auto"}));
  EXPECT_NE(ErrorOf([] { ConfigField::Ladder(Json("float128,quad"), "--ladder"); }).find("unknown precision 'quad'"),
            std::string::npos);
}

TEST(ConfigFieldTest, NamesAndPrecisions) {
  EXPECT_EQ(ConfigField::ActivationOf(Json("gelu"), "a").Name(), "gelu");
  EXPECT_EQ(ConfigField::LossOf(Json("ce"), "l").Name(), "ce");
  EXPECT_EQ(ConfigField::TrainPrecision(Json("auto"), "p"), "auto");
  EXPECT_EQ(ConfigField::CheckPrecision(Json("mpfr:256"), "p"), "mpfr:256");
  EXPECT_NE(ErrorOf([] { ConfigField::CheckPrecision(Json("auto"), "--check-precision"); }), "");
  EXPECT_NE(ErrorOf([] { ConfigField::ActivationOf(Json("swish"), "--activation"); }).find("--activation: unknown"),
            std::string::npos);
  // A huge value is quoted cut.
  const std::string huge(1 << 20, 'x');
  EXPECT_NE(ErrorOf([&] { ConfigField::ActivationOf(Json(huge), "a"); }).find("xxx...'"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { ConfigField::Lambda(Json(huge), "l"); }).find("xxx...'"), std::string::npos);
}

// Issue 11: --rank-threshold nan was accepted by nrc check (and reported T4
// violated), -1 was accepted by nrc check but rejected in a sweep config.
TEST(ConfigFieldTest, RankThresholdIsFiniteAndInTheOpenUnitInterval) {
  EXPECT_EQ(ConfigField::RankThreshold(Json("1e-3"), "t"), 1e-3);
  EXPECT_EQ(ConfigField::RankThreshold(Json(0.5), "t"), 0.5);
  for (const Json& bad : {Json("nan"), Json("-1"), Json(-1), Json(0), Json(1), Json("inf"), Json(std::nan(""))}) {
    EXPECT_NE(ErrorOf([&] { ConfigField::RankThreshold(bad, "--rank-threshold"); }).rfind("--rank-threshold ", 0),
              std::string::npos)
        << bad.dump();
  }
}

TEST(ConfigFieldTest, SplitCommasKeepsEmptyItems) {
  EXPECT_EQ(ConfigField::SplitCommas(""), std::vector<std::string>{});
  EXPECT_EQ(ConfigField::SplitCommas("a"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(ConfigField::SplitCommas("a,,b,"), (std::vector<std::string>{"a", "", "b", ""}));
}

}  // namespace
}  // namespace nrc
