// Unit tests for training/parameter_strings.h: the stored strings are the
// trained point itself (issue 8): read at any higher precision they give the
// same value, so the certificate evaluates the gradient at the trained point.
#include "training/parameter_strings.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "numerics/precision.h"

namespace nrc {
namespace {

MlpSpec TinySpec() {
  return MlpSpec::Uniform({3, 4, 2}, Activation(ActivationKind::kTanh), Loss(LossKind::kMse), true, 1e-3, 0.0);
}

// Regression (issue 8): 257-bit parameters were written with 79 digits, and
// the certificate read them at 321 bits -- a point ~1e-79 away from the
// trained one. Now the strings read at 321 (and 1024) bits are the 257-bit
// values exactly.
TEST(ParameterStrings, MpfrStringsReadAtHigherPrecisionAreTheTrainedPoint) {
  const MlpSpec spec = TinySpec();
  std::vector<std::string> strings;
  std::vector<Mpfr> trained;
  {
    ScopedMpfrPrecision guard(256);
    ASSERT_EQ(guard.bits(), 257);
    const MlpParameters<double> seed = MlpParameters<double>::RandomInit(spec, 5);
    Vector<Mpfr> v = seed.Flatten().cast<Mpfr>();
    for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = v(i) / 3 + Mpfr(1) / 7;  // all 257 bits in use
    strings = FormatParameters(MlpParameters<Mpfr>::Unflatten(spec, v));
    for (Eigen::Index i = 0; i < v.size(); ++i) trained.push_back(v(i));
  }
  for (int bits : {321, 1024}) {
    ScopedMpfrPrecision guard(bits);
    const Vector<Mpfr> read = ParseParameters<Mpfr>(spec, strings).Flatten();
    for (Eigen::Index i = 0; i < read.size(); ++i) {
      const Mpfr exact(trained[i]);  // exact: a wider precision holds every 257-bit number
      ASSERT_EQ(read(i), exact) << "parameter " << i << " read at " << guard.bits() << " bits: " << strings[i];
    }
  }
}

TEST(ParameterStrings, DoubleStringsAreExactDecimals) {
  EXPECT_EQ(ToExactDecimalString(0.1), "1.000000000000000055511151231257827021181583404541015625e-01");
  EXPECT_EQ(ToExactDecimalString(-2.0), "-2e+00");
  EXPECT_EQ(ToExactDecimalString(0.0), "0");
  EXPECT_EQ(ToExactDecimalString(std::ldexp(1.0, -1074)).substr(0, 12), "4.9406564584");
  EXPECT_THROW(ToExactDecimalString(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  // 0.1 read in MPFR at 1024 bits is the double 0.1, not the decimal 0.1.
  ScopedMpfrPrecision guard(1024);
  EXPECT_EQ(ParseDecimal<Mpfr>(ToExactDecimalString(0.1)), Mpfr(0.1));
  EXPECT_NE(ParseDecimal<Mpfr>("0.1"), Mpfr(0.1));
}

// Every scalar: the exact string parses back to the value in that scalar and
// in MPFR at 1024 bits (more than any scalar's bits).
template <class T>
void CheckRoundTrip(double a, double b) {
  const T x = T(a) / T(b);
  const std::string s = ToExactDecimalString(x);
  RC_ASSERT(ParseDecimal<T>(s) == x);
  ScopedMpfrPrecision guard(1024);
  RC_ASSERT(ParseDecimal<Mpfr>(s) == ExactCast<Mpfr>(x));
}

RC_GTEST_PROP(ParameterStrings, ExactInEveryScalar, ()) {
  const double a = *rc::gen::inRange(-1000000, 1000000) * std::ldexp(1.0, *rc::gen::inRange(-60, 20));
  const double b = *rc::gen::inRange(1, 1000000);
  RC_CLASSIFY(a == 0, "zero");
  CheckRoundTrip<float>(a, b);
  CheckRoundTrip<double>(a, b);
  CheckRoundTrip<long double>(a, b);
  CheckRoundTrip<Float128>(a, b);
  {
    ScopedMpfrPrecision guard(*rc::gen::inRange(64, 700));
    const Mpfr x = Mpfr(a) / Mpfr(b);
    const std::string s = ToExactDecimalString(x);
    RC_ASSERT(ParseDecimal<Mpfr>(s) == x);
    const Mpfr kept = x;
    ScopedMpfrPrecision wider(2048);
    RC_ASSERT(ParseDecimal<Mpfr>(s) == Mpfr(kept));
  }
}

}  // namespace
}  // namespace nrc
