// Tests for numerics/enclosures.h: the enclosures contain the values computed
// independently in MPFR at 400 bits (nrc's Jacobi SVD; norms directly), on
// random matrices at random interval precisions, including rank-deficient
// ones; the Miyajima enclosure of sigma_1 agrees with SpectralNormUpper (two
// independent ways); a verified inverse contains the exact inverse.
#include "numerics/enclosures.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <random>

#include "numerics/detail/test_util.h"
#include "numerics/precision.h"
#include "numerics/svd.h"

namespace nrc {
namespace {

using testing_util::UniformInt;

bool Contains(const Interval& a, const Mpfr& x) { return mpfi_is_inside_fr(x.backend().data(), a.get()) > 0; }

// A random m x n double matrix of rank <= r (r >= min(m, n): full rank), entries O(1).
Eigen::MatrixXd RandomRankMatrix(int m, int n, int r, unsigned seed) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> nd;
  Eigen::MatrixXd a(m, r), b(r, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < r; ++j) a(i, j) = nd(g);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < n; ++j) b(i, j) = nd(g);
  return a * b;  // rounded: rank exactly <= r only up to rounding, so the check uses MPFR on this double matrix
}

Matrix<Mpfr> ToMpfr(const Eigen::MatrixXd& a) {
  Matrix<Mpfr> m(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) m(i, j) = Mpfr(a(i, j));
  return m;
}

RC_GTEST_PROP(EnclosuresProperty, SingularValueEnclosuresContainMpfrValues, ()) {
  const int m = *UniformInt(1, 12), n = *UniformInt(1, 12);
  const int r = *UniformInt(1, std::min(m, n) + 1);
  const int bits = *UniformInt(53, 300);
  const bool high = *rc::gen::arbitrary<bool>();
  const unsigned seed = *rc::gen::arbitrary<unsigned>();
  RC_CLASSIFY(r < std::min(m, n), "rank deficient");
  RC_CLASSIFY(high, "MPFR SVD");
  const Eigen::MatrixXd a = RandomRankMatrix(m, n, r, seed);
  ScopedIntervalPrecision p(bits);
  const SingularValueEnclosure e = EncloseSingularValues(IntervalMatrix::FromDoubles(a), high ? bits : 53);
  RC_ASSERT(e.ok);
  ScopedMpfrPrecision ref(400);
  const Vector<Mpfr> s = SingularValues(ToMpfr(a), SvdMethod::kJacobi);
  RC_ASSERT(static_cast<int>(e.sigma.size()) == s.size());
  for (int i = 0; i < s.size(); ++i) {
    RC_ASSERT(Contains(e.sigma[static_cast<size_t>(i)], s(i)));
    // Not vacuous: the width is a few units of the SVD's precision times sigma_1
    // (+ 2^-bits; the endpoints are read as doubles, rounded outward: 2 ulps of double).
    const double width = e.sigma[static_cast<size_t>(i)].Upper() - e.sigma[static_cast<size_t>(i)].Lower();
    const double unit = std::ldexp(1.0, -(high ? std::min(bits, 52) : 53) + 12);
    RC_ASSERT(width <= unit * (1 + ToDouble(s(0))) + std::ldexp(1.0, -bits + 16) * (1 + ToDouble(s(0))));
  }
  // dist_r: the tail is at rounding level for rank-r products.
  const Interval tail = TailNorm(e.sigma, r, true);
  Mpfr t2 = 0;
  for (int i = r; i < s.size(); ++i) t2 += s(i) * s(i);
  RC_ASSERT(Contains(tail, Mpfr(sqrt(t2))));
  // Two ways to bound ||A||_2: the Miyajima lower end never exceeds SpectralNormUpper.
  RC_ASSERT(e.sigma[0].Lower() <= SpectralNormUpper(IntervalMatrix::FromDoubles(a)));
  RC_ASSERT(Contains(FrobeniusNorm(IntervalMatrix::FromDoubles(a)), Mpfr(ToMpfr(a).norm())));
}

// Interval inputs: the enclosure holds for every point matrix in the box, in
// particular for its corners.
TEST(EnclosuresTest, SingularValuesOfAnIntervalMatrixContainThoseOfItsPoints) {
  const Eigen::MatrixXd a = RandomRankMatrix(6, 4, 4, 7);
  IntervalMatrix box(6, 4);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j) box(i, j) = Interval(a(i, j) - 1e-6, a(i, j) + 1e-6);
  const SingularValueEnclosure e = EncloseSingularValues(box);
  ASSERT_TRUE(e.ok);
  Eigen::MatrixXd corner = a;
  corner.array() += 1e-6;
  ScopedMpfrPrecision ref(200);
  for (const Eigen::MatrixXd& pnt : {a, corner}) {
    const Vector<Mpfr> s = SingularValues(ToMpfr(pnt), SvdMethod::kJacobi);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(Contains(e.sigma[static_cast<size_t>(i)], s(i))) << i;
  }
  EXPECT_GE(e.e, 1e-6);  // the box's radius is part of e
}

TEST(EnclosuresTest, VerifiedInverseContainsTheInverse) {
  Eigen::MatrixXd g(3, 3);
  g << 4, 1, 0.5, 1, 3, 0.25, 0.5, 0.25, 2;
  IntervalMatrix inv;
  ASSERT_TRUE(EncloseInverse(IntervalMatrix::FromDoubles(g), &inv));
  // G * inv contains I (for the exact inverse, G G^{-1} = I exactly).
  const IntervalMatrix prod = IntervalMatrix::FromDoubles(g) * inv;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      EXPECT_TRUE(mpfi_is_inside_d(i == j ? 1.0 : 0.0, prod(i, j).get()) > 0);
      EXPECT_LT(inv(i, j).Upper() - inv(i, j).Lower(), 1e-12);
    }
  // A singular matrix is never "verified".
  Eigen::MatrixXd s(2, 2);
  s << 1, 2, 2, 4;
  EXPECT_FALSE(EncloseInverse(IntervalMatrix::FromDoubles(s), &inv));
}

}  // namespace
}  // namespace nrc
