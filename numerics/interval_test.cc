// Tests for numerics/interval.h: every operation encloses the exact result
// (references in MPFR at 1000 bits, far beyond the interval precision), and
// comparisons of overlapping intervals are "not certain" instead of throwing.
#include "numerics/interval.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "numerics/detail/test_util.h"

namespace nrc {
namespace {

using testing_util::UniformInt;

// x (an MPFR number) lies in a.
bool Contains(const Interval& a, mpfr_srcptr x) { return mpfi_is_inside_fr(x, a.get()) > 0; }

TEST(IntervalTest, DecimalEnclosureContainsTheDecimalValue) {
  ScopedIntervalPrecision p(64);
  const Interval a = Interval::FromDecimal("0.1");
  mpfr_t tenth;
  mpfr_init2(tenth, 1000);
  mpfr_set_ui(tenth, 1, MPFR_RNDN);
  mpfr_div_ui(tenth, tenth, 10, MPFR_RNDN);  // 1/10 to 1000 bits, not exact either: check the distance instead
  EXPECT_TRUE(Contains(a, tenth));
  EXPECT_LT(a.Lower(), a.Upper());  // 1/10 is not binary: the enclosure has width
  // The double 0.1 is above 1/10 and is not in a 64-bit enclosure of 1/10.
  EXPECT_FALSE(CertainlyLess(Interval(0.1), a));
  mpfr_clear(tenth);
  EXPECT_THROW(Interval::FromDecimal("x1"), std::invalid_argument);
  EXPECT_THROW(Interval::FromDecimal("inf"), std::invalid_argument);
}

TEST(IntervalTest, AroundDoubleContainsThePrintedDecimal) {
  const double x = 0.1 + 0.2;  // 0.30000000000000004
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  ScopedIntervalPrecision p(256);
  const Interval d = Interval::FromDecimal(buf), a = Interval::AroundDouble(x);
  EXPECT_TRUE(mpfi_is_inside(d.get(), a.get()) > 0);
}

TEST(IntervalTest, OverlapIsNeverCertainAndNeverThrows) {
  const Interval a(1.0, 2.0), b(1.5, 3.0), c(2.5, 4.0);
  EXPECT_FALSE(CertainlyLess(a, b));
  EXPECT_FALSE(CertainlyLess(b, a));
  EXPECT_TRUE(CertainlyLess(a, c));
  EXPECT_FALSE(CertainlyLess(a, Interval(2.0)));
  EXPECT_TRUE(CertainlyLessEqual(a, Interval(2.0)));
}

TEST(IntervalTest, Max0AndSqrtOfStraddlingInterval) {
  const Interval a(-1.0, 4.0);
  EXPECT_EQ(Max0(a).Lower(), 0.0);
  EXPECT_EQ(Sqrt(a).Upper(), 2.0);
  EXPECT_EQ(Sqrt(a).Lower(), 0.0);
}

TEST(IntervalTest, MinAndMaxOfOverlappingIntervals) {
  const Interval a(1.0, 5.0), b(2.0, 3.0);
  EXPECT_EQ(Min(a, b).Lower(), 1.0);
  EXPECT_EQ(Min(a, b).Upper(), 3.0);
  EXPECT_EQ(Max(a, b).Lower(), 2.0);
  EXPECT_EQ(Max(a, b).Upper(), 5.0);
}

TEST(IntervalTest, IntersectionOfOverlappingAndOfDisjointIntervals) {
  const Interval a(1.0, 5.0), b(2.0, 7.0);
  EXPECT_EQ(Intersection(a, b).Lower(), 2.0);
  EXPECT_EQ(Intersection(a, b).Upper(), 5.0);
  EXPECT_EQ(Intersection(a, Interval(5.0)).Lower(), 5.0);  // a common end point
  EXPECT_THROW(Intersection(a, Interval(6.0, 7.0)), std::logic_error);
}

// Random operands, random interval precision: the enclosure of an expression
// contains the value computed at 1000 bits from the same point operands.
RC_GTEST_PROP(IntervalProperty, ExpressionsEncloseHighPrecisionValues, ()) {
  const int bits = *UniformInt(24, 400);
  const int ia = *rc::gen::inRange(-100000, 100000), ib = *rc::gen::inRange(1, 100000);
  const double a = ia / 997.0, b = ib / 1013.0;
  RC_CLASSIFY(bits < 64, "below double");
  ScopedIntervalPrecision p(bits);
  const Interval x(a), y(b);
  const Interval r = Tanh(x * y) + Exp(-Sqr(x) / y) - Sqrt(y) * Log1p(y);
  mpfr_t X, Y, t, u;
  for (auto* v : {&X, &Y, &t, &u}) mpfr_init2(*v, 1000);
  mpfr_set_d(X, a, MPFR_RNDN);
  mpfr_set_d(Y, b, MPFR_RNDN);
  mpfr_mul(t, X, Y, MPFR_RNDN);
  mpfr_tanh(t, t, MPFR_RNDN);
  mpfr_sqr(u, X, MPFR_RNDN);
  mpfr_div(u, u, Y, MPFR_RNDN);
  mpfr_neg(u, u, MPFR_RNDN);
  mpfr_exp(u, u, MPFR_RNDN);
  mpfr_add(t, t, u, MPFR_RNDN);
  mpfr_log1p(u, Y, MPFR_RNDN);
  mpfr_t s;
  mpfr_init2(s, 1000);
  mpfr_sqrt(s, Y, MPFR_RNDN);
  mpfr_mul(u, u, s, MPFR_RNDN);
  mpfr_sub(t, t, u, MPFR_RNDN);
  RC_ASSERT(Contains(r, t));
  // Not vacuous: the width is of the order of the precision (the endpoints are
  // read as doubles, rounded outward: that adds up to 2 ulps of double).
  RC_ASSERT(r.Upper() - r.Lower() <= std::ldexp(1.0, std::max(-bits, -52) + 12) * (1 + std::fabs(r.Mid())));
  for (auto* v : {&X, &Y, &t, &u, &s}) mpfr_clear(*v);
}

}  // namespace
}  // namespace nrc
