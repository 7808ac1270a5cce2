// Tests for numerics/norms.h. Errors are in units of eps of the scalar under
// test; references are computed in MPFR at >= 2 Bits(T) + 16 bits from exact
// lifts, so they add no error of their own.
#include "numerics/norms.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "numerics/detail/test_util.h"
#include "numerics/precision.h"
#include "numerics/products.h"
#include "numerics/svd.h"

namespace nrc::testing_util {
namespace {

template <class T>
class NormsTest : public AllScalarsTest<T> {};
TYPED_TEST_SUITE(NormsTest, AllScalars);

// A = U diag(3, 1.5, 1, 0.5, 0.25) V^T with U, V orthonormal (from a 2x-bit
// SVD of a random matrix), rounded to T. ||A||_2 = 3 up to the rounding of
// the entries (<= eps/2 ||A||_F); SpectralNorm adds at most the SVD's
// 4 max(m,n) eps ||A||_2. Checked also against power iteration on A^T A,
// run at high precision on the rounded matrix (gap 0.25 per step, 400 steps).
TYPED_TEST(NormsTest, SpectralNormMatchesKnownValueAndPowerIteration) {
  using T = TypeParam;
  const Eigen::Index m = 8, n = 5;
  const double k = 4.0 * 8 + 2;  // SVD bound + rounding of the entries
  Matrix<T> A;
  {
    ScopedMpfrPrecision hi(ReferenceBits<T>());
    const Svd<Mpfr> basis = ComputeSvd(Lift(RandomMatrix<T>(m, n, 4242)), SvdMethod::kJacobi);
    Matrix<Mpfr> us = basis.u;
    const double s[] = {3, 1.5, 1, 0.5, 0.25};
    for (int j = 0; j < n; ++j) us.col(j) *= Mpfr(s[j]);
    A = Round<T>(ProductABt(us, basis.v));
  }
  const T norm = SpectralNorm(A);
  ScopedMpfrPrecision hi(ReferenceBits<T>());
  const Mpfr err_known = abs(RoundedCast<Mpfr>(norm) - Mpfr(3)) / Mpfr(3);
  EXPECT_LE(InEps<T>(err_known), k) << Show(A);
  const Matrix<Mpfr> a = Lift(A);
  Matrix<Mpfr> x = Matrix<Mpfr>::Ones(n, 1);
  Mpfr lambda(0);
  for (int it = 0; it < 400; ++it) {
    const Matrix<Mpfr> y = ProductAtB(a, Product(a, x));
    lambda = FrobeniusMp(y) / FrobeniusMp(x);
    x = y / FrobeniusMp(y);
  }
  const Mpfr power = sqrt(lambda);
  const Mpfr err_power = abs(RoundedCast<Mpfr>(norm) - power) / power;
  EXPECT_LE(InEps<T>(err_power), 4.0 * 8) << Show(A);
  std::cout << "[" << ScalarTraits<T>::Name() << "] spectral norm: vs 3 " << InEps<T>(err_known)
            << " eps, vs power iteration " << InEps<T>(err_power) << " eps\n";
}

TYPED_TEST(NormsTest, FrobeniusMatchesSumOfSquares) {
  using T = TypeParam;
  double worst = 0;
  for (const auto& sh : std::vector<std::pair<int, int>>{{1, 1}, {3, 4}, {17, 9}, {50, 40}}) {
    const Matrix<T> A = RandomMatrix<T>(sh.first, sh.second, 7 * sh.first + sh.second);
    const T f = FrobeniusNorm(A);
    const Vector<T> v = Eigen::Map<const Vector<T>>(A.data(), A.size());
    EXPECT_EQ(FrobeniusNorm(v), f);
    ScopedMpfrPrecision hi(ReferenceBits<T>());
    const Mpfr ref = FrobeniusMp(Lift(A));
    const double e = InEps<T>(Mpfr(abs(RoundedCast<Mpfr>(f) - ref) / ref));
    const double bound = A.size() + 2.0;  // the header's (mn + 2) eps
    EXPECT_LE(e, bound) << sh.first << "x" << sh.second;
    worst = std::max(worst, e);
  }
  std::cout << "[" << ScalarTraits<T>::Name() << "] Frobenius: worst relative error " << worst << " eps\n";
  EXPECT_EQ(FrobeniusNorm(Matrix<T>(0, 3)), T(0));
  EXPECT_EQ(FrobeniusNorm(Matrix<T>::Zero(2, 3).eval()), T(0));
}

// Entries near the overflow (underflow) threshold: a plain sum of squares
// would overflow (underflow to 0); the scaled one is finite and accurate.
TYPED_TEST(NormsTest, FrobeniusAndSpectralAreOverflowSafe) {
  using T = TypeParam;
  const int big = std::is_same_v<T, Mpfr> ? 100000 : std::numeric_limits<T>::max_exponent - 4;
  const int small = std::is_same_v<T, Mpfr> ? -100000 : std::numeric_limits<T>::min_exponent + 4;
  for (int e : {big, small}) {
    const Matrix<T> A = RandomMatrix<T>(6, 7, 5, e);
    const T f = FrobeniusNorm(A);
    ASSERT_TRUE(IsFinite(f)) << "2^" << e;
    ASSERT_GT(f, T(0)) << "2^" << e;
    const T s = SpectralNorm(A);
    ASSERT_TRUE(IsFinite(s)) << "2^" << e;
    ScopedMpfrPrecision hi(ReferenceBits<T>());
    const Mpfr ref = FrobeniusMp(Lift(A));
    EXPECT_LE(InEps<T>(Mpfr(abs(RoundedCast<Mpfr>(f) - ref) / ref)), 44) << "2^" << e;
    const Mpfr sref = SingularValues(Lift(A), SvdMethod::kJacobi)(0);
    EXPECT_LE(InEps<T>(Mpfr(abs(RoundedCast<Mpfr>(s) - sref) / sref)), 4 * 7) << "2^" << e;
  }
}

TEST(NormsDouble, FrobeniusOfEntries1e200) {
  const Matrix<double> A = Matrix<double>::Constant(3, 4, 1e200);
  const double f = FrobeniusNorm(A);
  EXPECT_NEAR(f / (1e200 * std::sqrt(12.0)), 1.0, 4 * std::numeric_limits<double>::epsilon());
  EXPECT_FALSE(std::isfinite(A.squaredNorm()));  // what the scaling avoids
  EXPECT_NEAR(SpectralNorm(A) / (1e200 * std::sqrt(12.0)), 1.0, 40 * std::numeric_limits<double>::epsilon());
}

// Eckart-Young-Mirsky: the distance to rank k equals ||A - A_k|| for the
// truncated SVD A_k = U_k S_k V_k^T (evaluated at high precision from the
// computed factors); they differ by the SVD's backward error, <= 4 max(m,n)
// eps ||A||_F.
TYPED_TEST(NormsTest, DistToRankEqualsTruncatedSvdResidual) {
  using T = TypeParam;
  const int m = 9, n = 7;
  const Matrix<T> A = RandomMatrix<T>(m, n, 2024);
  const Svd<T> s = ComputeSvd(A, SvdMethod::kJacobi);
  const double k = 4.0 * m;
  double worst = 0;
  for (int r = 0; r <= n + 1; ++r) {
    const T d2 = DistToRank(s.sigma, r, Norm::kSpectral);
    const T dF = DistToRank(s.sigma, r, Norm::kFrobenius);
    ScopedMpfrPrecision hi(ReferenceBits<T>());
    const Matrix<Mpfr> a = Lift(A);
    const int rr = std::min(r, n);
    Matrix<Mpfr> uk = Lift(Matrix<T>(s.u.leftCols(rr)));
    const Matrix<Mpfr> vk = Lift(Matrix<T>(s.v.leftCols(rr)));
    for (int j = 0; j < rr; ++j) uk.col(j) *= RoundedCast<Mpfr>(s.sigma(j));
    const Matrix<Mpfr> resid = a - ProductABt(uk, vk);
    const Mpfr na = FrobeniusMp(a);
    const Mpfr refF = FrobeniusMp(resid);
    const Mpfr ref2 = resid.size() ? SpectralNorm(resid) : Mpfr(0);
    const double eF = InEps<T>(Mpfr(abs(RoundedCast<Mpfr>(dF) - refF) / na));
    const double e2 = InEps<T>(Mpfr(abs(RoundedCast<Mpfr>(d2) - ref2) / na));
    EXPECT_LE(eF, k) << "k=" << r << " A = " << Show(A);
    EXPECT_LE(e2, k) << "k=" << r << " A = " << Show(A);
    worst = std::max({worst, eF, e2});
    if (r >= n) {
      EXPECT_EQ(d2, T(0));
      EXPECT_EQ(dF, T(0));
    }
  }
  std::cout << "[" << ScalarTraits<T>::Name() << "] DistToRank vs ||A - A_k||: worst " << worst
            << " eps ||A||_F (allowed " << k << ")\n";
}

TYPED_TEST(NormsTest, DistToRankAndNumericalRankOnGivenValues) {
  using T = TypeParam;
  Vector<T> sigma(5);
  sigma << T(4), T(3), T(2), T(1), T(0);
  EXPECT_EQ(DistToRank(sigma, 0, Norm::kSpectral), T(4));
  EXPECT_EQ(DistToRank(sigma, 2, Norm::kSpectral), T(2));
  // sqrt(2^2 + 1^2 + 0^2) = sqrt(5)
  using std::sqrt;
  using std::abs;
  EXPECT_LE(abs(DistToRank(sigma, 2, Norm::kFrobenius) - T(sqrt(T(5)))), T(4) * ScalarTraits<T>::Epsilon());
  EXPECT_EQ(DistToRank(sigma, 3, Norm::kFrobenius), T(1));
  EXPECT_EQ(DistToRank(sigma, 5, Norm::kFrobenius), T(0));
  EXPECT_EQ(DistToRank(sigma, 50, Norm::kSpectral), T(0));
  EXPECT_EQ(NumericalRank(sigma, T(2)), 2);  // strict: sigma_j > t
  EXPECT_EQ(NumericalRank(sigma, T(0)), 4);
  EXPECT_EQ(NumericalRank(sigma, T(10)), 0);
  EXPECT_EQ(NumericalRank(Vector<T>(0), T(1)), 0);
  EXPECT_THROW(DistToRank(sigma, -1, Norm::kSpectral), std::invalid_argument);
  EXPECT_THROW(NumericalRank(sigma, T(-1)), std::invalid_argument);
  Vector<T> unsorted = sigma;
  unsorted(3) = T(5);
  EXPECT_THROW(DistToRank(unsorted, 1, Norm::kFrobenius), std::invalid_argument);
  Vector<T> negative = sigma;
  negative(4) = T(-1);
  EXPECT_THROW(NumericalRank(negative, T(1)), std::invalid_argument);
}

TEST(Norms, Names) {
  EXPECT_STREQ(NormName(Norm::kSpectral), "spectral");
  EXPECT_STREQ(NormName(Norm::kFrobenius), "frobenius");
}

// Property: Frobenius tail of the singular values equals the Frobenius norm
// when k = 0 (sum sigma_j^2 = ||A||_F^2), and DistToRank is non-increasing in k.
RC_GTEST_PROP(NormsProperty, TailIdentitiesInDouble, ()) {
  const int m = *UniformInt(1, 12);
  const int n = *UniformInt(1, 12);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  RC_LOG() << m << "x" << n << " matrix seed=" << seed << "\n";
  const Matrix<double> A = RandomMatrix<double>(m, n, seed);
  const Vector<double> s = SingularValues(A, SvdMethod::kJacobi);
  const double f = FrobeniusNorm(A);
  RC_ASSERT(std::abs(DistToRank(s, 0, Norm::kFrobenius) - f) <= 4.0 * std::max(m, n) * 2.3e-16 * f);
  for (int k = 1; k <= std::min(m, n); ++k) {
    RC_ASSERT(DistToRank(s, k, Norm::kFrobenius) <= DistToRank(s, k - 1, Norm::kFrobenius));
    RC_ASSERT(DistToRank(s, k, Norm::kSpectral) <= DistToRank(s, k, Norm::kFrobenius));
  }
}

}  // namespace
}  // namespace nrc::testing_util
