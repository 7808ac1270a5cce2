// Inequality::Decide (theory/inequality.h): a comparison the numbers cannot
// support is never decided -- NaN or infinite sides or error, a negative
// error, an error estimate at least the size of what is compared (float with
// large N), and a maker's pre-decided verdict on NaN numbers are "undecided".
#include "theory/inequality.h"

#include <gtest/gtest.h>

#include <limits>

#include "numerics/precision.h"
#include "theory/error_model.h"

namespace nrc {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Outcome LessEqual(double lhs, double rhs, double error) {
  return Inequality<double>::LessEqual("a", lhs, "b", rhs, error).Decide();
}
Outcome Equal(double lhs, double rhs, double error, double scale = 0) {
  return Inequality<double>::Equal("a", lhs, "b", rhs, error, scale).Decide();
}

TEST(InequalityDecide, ResolvedComparisonsAreDecided) {
  EXPECT_EQ(LessEqual(1, 2, 0.1), Outcome::kHolds);
  EXPECT_EQ(LessEqual(2, 1, 0.1), Outcome::kViolated);
  EXPECT_EQ(LessEqual(1, 1.05, 0.1), Outcome::kUndecided);
  EXPECT_EQ(Equal(1, 1 + 1e-12, 1e-10), Outcome::kHolds);
  EXPECT_EQ(Equal(1, 1.5, 1e-10), Outcome::kViolated);
  EXPECT_EQ(Equal(0, 0, 0), Outcome::kHolds);  // exact: no error to speak of
  EXPECT_EQ(LessEqual(0, 1, 0), Outcome::kHolds);
}

TEST(InequalityDecide, NanOrInfIsNeverDecided) {
  for (double bad : {kNaN, kInf, -kInf}) {
    EXPECT_EQ(LessEqual(bad, 1, 0.1), Outcome::kUndecided) << bad;
    EXPECT_EQ(LessEqual(1, bad, 0.1), Outcome::kUndecided) << bad;
    EXPECT_EQ(LessEqual(1, 2, bad), Outcome::kUndecided) << bad;
    EXPECT_EQ(Equal(bad, 1, 0.1), Outcome::kUndecided) << bad;
    EXPECT_EQ(Equal(1, bad, 0.1), Outcome::kUndecided) << bad;
    EXPECT_EQ(Equal(1, 1, bad), Outcome::kUndecided) << bad;
    EXPECT_EQ(Equal(1e-20, 0, 1e-10, bad), Outcome::kUndecided) << bad;
  }
}

TEST(InequalityDecide, NegativeErrorIsNeverDecided) {
  EXPECT_EQ(LessEqual(1, 2, -0.1), Outcome::kUndecided);
  EXPECT_EQ(Equal(1, 1, -0.1), Outcome::kUndecided);
}

// An error estimate at least the size of the quantities compared: no digit of
// either side is known, so an identity cannot "hold" (it did: |lhs - rhs| <= error).
TEST(InequalityDecide, ErrorAsLargeAsTheQuantitiesIsUndecided) {
  EXPECT_EQ(Equal(1, 1.5, 2), Outcome::kUndecided);
  EXPECT_EQ(Equal(1, 1.5, 1.5), Outcome::kUndecided);
  EXPECT_EQ(Equal(1, 1, 1e300), Outcome::kUndecided);
  EXPECT_EQ(LessEqual(1, 1.5, 1e300), Outcome::kUndecided);
  EXPECT_EQ(LessEqual(-1, 1, 1.5), Outcome::kUndecided);  // margin 2 > error, but no digit is known
  EXPECT_EQ(LessEqual(1, -1, 1.5), Outcome::kUndecided);
  // A residual identity "x = 0" is about the terms that cancel in x (scale):
  // resolved while the error is below them, unresolved once it is not.
  EXPECT_EQ(Equal(1e-20, 0, 1e-10, 1.0), Outcome::kHolds);
  EXPECT_EQ(Equal(1e-5, 0, 1e-10, 1.0), Outcome::kViolated);
  EXPECT_EQ(Equal(1e-20, 0, 1e-10), Outcome::kUndecided);  // no scale: the error exceeds both sides
  EXPECT_EQ(Equal(1e-20, 0, 2.0, 1.0), Outcome::kUndecided);
}

// Float with many samples: the error model's factor kSafety D eps exceeds 1,
// so every estimate exceeds the quantities it was computed from.
TEST(InequalityDecide, FloatWithLargeNIsUndecided) {
  const auto model = ErrorModel<float>::For(3, 100000, 10);
  ASSERT_GT(ErrorModel<float>::kSafety * model.dims * model.eps, 1.0f);
  const float a = 1.0f, b = 1.25f, s = 3.0f;
  EXPECT_EQ(Inequality<float>::Equal("a", a, "b", b, model.Estimate(a, b)).Decide(), Outcome::kUndecided);
  EXPECT_EQ(Inequality<float>::Equal("r", 1e-3f, "0", 0.0f, model.Estimate(1e-3f, 0.0f, s), s).Decide(),
            Outcome::kUndecided);
  const auto small = ErrorModel<float>::For(3, 100, 10);  // factor ~2e-3: resolved
  EXPECT_EQ(Inequality<float>::Equal("a", a, "b", a, small.Estimate(a, a)).Decide(), Outcome::kHolds);
  EXPECT_EQ(Inequality<float>::Equal("a", a, "b", b, small.Estimate(a, b)).Decide(), Outcome::kViolated);
}

// A verdict decided by the maker (T4's interval counts, exact structural
// zeros) is returned only when the numbers it is about are finite.
TEST(InequalityDecide, PreDecidedVerdictNeedsFiniteNumbers) {
  auto q = Inequality<double>::LessEqual("dist_K", 0, "x", 1, 1e-10);
  q.decided = Outcome::kHolds;
  EXPECT_EQ(q.Decide(), Outcome::kHolds);
  for (double bad : {kNaN, kInf}) {
    auto r = q;
    r.rhs = bad;
    EXPECT_EQ(r.Decide(), Outcome::kUndecided) << bad;
    r = q;
    r.error = bad;
    EXPECT_EQ(r.Decide(), Outcome::kUndecided) << bad;
    r = q;
    r.lhs = bad;
    EXPECT_EQ(r.Decide(), Outcome::kUndecided) << bad;
  }
}

TEST(InequalityDecide, MpfrMarginsBelowDoubleResolutionAreDecided) {
  ScopedMpfrPrecision guard(256);
  const Mpfr one(1), tiny = Mpfr(1) / Mpfr("1e40");
  EXPECT_EQ(Inequality<Mpfr>::LessEqual("a", one, "b", Mpfr(one + tiny), Mpfr(tiny / 10)).Decide(), Outcome::kHolds);
  EXPECT_EQ(Inequality<Mpfr>::Equal("a", one, "b", Mpfr(one + tiny), Mpfr(tiny / 10)).Decide(), Outcome::kViolated);
  auto nan = Inequality<Mpfr>::Equal("a", one, "b", Mpfr(std::numeric_limits<double>::quiet_NaN()), Mpfr(1));
  EXPECT_EQ(nan.Decide(), Outcome::kUndecided);
}

}  // namespace
}  // namespace nrc
