// Tests for numerics/scalar.h and numerics/precision.h.
#include "numerics/scalar.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "numerics/precision.h"

namespace nrc {
namespace {

template <class T>
class ScalarTraitsTest : public ::testing::Test {};
using AllScalars = ::testing::Types<float, double, long double, Float128, Mpfr>;
TYPED_TEST_SUITE(ScalarTraitsTest, AllScalars);

TYPED_TEST(ScalarTraitsTest, EpsilonIsTheGapAboveOne) {
  using T = TypeParam;
  ScopedMpfrPrecision guard(200);
  const T one(1);
  const T eps = ScalarTraits<T>::Epsilon();
  EXPECT_GT(one + eps, one);
  EXPECT_EQ(one + eps / 2, one) << ScalarTraits<T>::Name();  // ties to even
}

TYPED_TEST(ScalarTraitsTest, DecimalStringRoundTripsExactly) {
  using T = TypeParam;
  ScopedMpfrPrecision guard(200);
  // 1/3 and pi-like values are not short decimals: the round trip is a real test.
  const T third = T(1) / T(3);
  const T x = third * T(7) - T(1) / T(1024);
  EXPECT_EQ(ParseDecimal<T>(ToDecimalString(x)), x) << ToDecimalString(x);
  EXPECT_EQ(ParseDecimal<T>(ToDecimalString(T(-third))), T(-third));
}

// The hexadecimal text is the exact value: read back in MPFR at more bits
// than any scalar has, it equals the value converted exactly.
TYPED_TEST(ScalarTraitsTest, ExactHexStringIsTheExactValue) {
  using T = TypeParam;
  ScopedMpfrPrecision guard(200);
  const T x = T(1) / T(3) * T(-7);
  const std::string hex = ToExactHexString(x);
  ScopedMpfrPrecision wide(400);
  Mpfr back;
  ASSERT_EQ(mpfr_set_str(back.backend().data(), hex.c_str(), 16, MPFR_RNDN), 0) << hex;
  EXPECT_EQ(back, ExactCast<Mpfr>(x)) << hex;
}

TYPED_TEST(ScalarTraitsTest, ParseRejectsGarbage) {
  using T = TypeParam;
  EXPECT_THROW(ParseDecimal<T>("1.5x"), std::invalid_argument);
  EXPECT_THROW(ParseDecimal<T>(""), std::invalid_argument);
  EXPECT_THROW(ParseDecimal<T>("nan"), std::invalid_argument);
  EXPECT_THROW(ParseDecimal<T>("inf"), std::invalid_argument);
}

TEST(ScalarConversion, UpcastsAreExact) {
  ScopedMpfrPrecision guard(113);
  const float f = 1.0f / 3.0f;
  const double d = 1.0 / 3.0;
  const long double ld = 1.0L / 3.0L;
  const Float128 q = Float128(1) / 3;
  EXPECT_EQ(ExactCast<double>(f), static_cast<double>(f));
  EXPECT_EQ(ExactCast<Mpfr>(f), Mpfr(static_cast<double>(f)));
  EXPECT_EQ(ExactCast<Mpfr>(d), Mpfr(d));
  EXPECT_EQ(RoundedCast<long double>(ExactCast<Mpfr>(ld)), ld);
  EXPECT_EQ(RoundedCast<Float128>(ExactCast<Mpfr>(q)), q);
  EXPECT_EQ(ExactCast<Float128>(d), Float128(d));
}

TEST(ScalarConversion, DowncastThatLosesBitsThrows) {
  ScopedMpfrPrecision guard(200);
  const Mpfr third = Mpfr(1) / 3;
  EXPECT_THROW(ExactCast<double>(third), std::domain_error);
  EXPECT_THROW(ExactCast<Float128>(third), std::domain_error);
  EXPECT_NO_THROW(ExactCast<double>(Mpfr(0.375)));
}

TEST(ScalarConversion, RoundedDowncastIsCorrectlyRounded) {
  ScopedMpfrPrecision guard(300);
  const Mpfr third = Mpfr(1) / 3;
  EXPECT_EQ(RoundedCast<double>(third), 1.0 / 3.0);
  EXPECT_EQ(RoundedCast<float>(third), 1.0f / 3.0f);
  EXPECT_EQ(RoundedCast<Float128>(third), Float128(1) / 3);
}

TEST(Precision, ParsesEveryForm) {
  EXPECT_EQ(Precision::Parse("double").kind, ScalarKind::kDouble);
  EXPECT_EQ(Precision::Parse("float128").kind, ScalarKind::kFloat128);
  const Precision p = Precision::Parse("mpfr:256");
  EXPECT_EQ(p.kind, ScalarKind::kMpfr);
  EXPECT_EQ(p.mpfr_bits, 256);
  EXPECT_EQ(p.ToString(), "mpfr:256");
  EXPECT_GE(p.WorkingBits(), 256);
  for (const char* bad : {"mpfr:", "mpfr:12", "mpfr:999999999", "quad", "mpfr:-5", ""}) {
    EXPECT_THROW(Precision::Parse(bad), std::invalid_argument) << bad;
  }
}

TEST(Precision, GuardSetsAtLeastTheRequestedBitsAndRestores) {
  const int before = ScalarTraits<Mpfr>::Bits();
  {
    ScopedMpfrPrecision guard(256);
    EXPECT_GE(ScalarTraits<Mpfr>::Bits(), 256);
    EXPECT_EQ(ScalarTraits<Mpfr>::Bits(), guard.bits());
    EXPECT_LE(guard.bits(), 256 + 4);  // at most one decimal digit (3.33 bits) above
  }
  EXPECT_EQ(ScalarTraits<Mpfr>::Bits(), before);
}

RC_GTEST_PROP(Precision, ReachableBitsIsTheSmallestAtLeastRequested, ()) {
  const int bits = *rc::gen::inRange(24, 5000);
  const int got = ScopedMpfrPrecision::ReachableBits(bits);
  RC_ASSERT(got >= bits);
  RC_ASSERT(got <= bits + 4);
}

}  // namespace
}  // namespace nrc
