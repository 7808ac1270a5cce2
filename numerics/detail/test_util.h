// Internals for the numerics tests only: random matrices and exact lifts to
// high-precision MPFR for reference computations. The numerics tests live in
// namespace nrc::testing_util (inside an anonymous namespace), so they name
// these helpers without a using-declaration each.
#ifndef NRC_NUMERICS_DETAIL_TEST_UTIL_H_
#define NRC_NUMERICS_DETAIL_TEST_UTIL_H_

#include <Eigen/QR>

#include <algorithm>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "numerics/precision.h"
#include "numerics/scalar.h"

namespace nrc {
namespace testing_util {

using AllScalars = ::testing::Types<float, double, long double, Float128, Mpfr>;

// Uniform integer in [lo, hi) for RapidCheck properties. (rc::gen::inRange
// alone scales with RapidCheck's size parameter, so most cases would be tiny:
// measured 40% empty shapes and almost no dimension above 3.)
inline rc::Gen<int> UniformInt(int lo, int hi) { return rc::gen::resize(100, rc::gen::inRange(lo, hi)); }

// MPFR precision the typed tests run Mpfr at.
constexpr int kTestMpfrBits = 128;

// The fixture of the tests typed over AllScalars: each test runs under a
// ScopedMpfrPrecision(kTestMpfrBits), so that Mpfr as TypeParam means Mpfr at
// kTestMpfrBits (a test may nest a higher guard for its reference).
template <class T>
class AllScalarsTest : public ::testing::Test {
 private:
  ScopedMpfrPrecision guard_{kTestMpfrBits};
};

// Bits for a reference computation for scalar T: at least twice T's, so the
// reference's own rounding is negligible (< eps_T^2 relative).
template <class T>
int ReferenceBits() {
  return 2 * ScalarTraits<T>::Bits() + 16;
}

// eps of T as the tests use it: for Mpfr at kTestMpfrBits (whatever guard is
// active when this is called), as an exact Mpfr power of two.
template <class T>
Mpfr TestEps() {
  if constexpr (std::is_same_v<T, Mpfr>) {
    Mpfr e;
    mpfr_set_ui_2exp(e.backend().data(), 1, 1 - ScopedMpfrPrecision::ReachableBits(kTestMpfrBits), MPFR_RNDN);
    return e;
  } else {
    return RoundedCast<Mpfr>(ScalarTraits<T>::Epsilon());
  }
}
// x / eps_T as a double.
template <class T>
double InEps(const Mpfr& x) {
  return ToDouble(Mpfr(x / TestEps<T>()));
}

// Entries N(0,1) rounded to T, times 2^scale_exponent in T (deterministic in
// seed).
template <class T>
Matrix<T> RandomMatrix(Eigen::Index m, Eigen::Index n, std::uint64_t seed, int scale_exponent = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Matrix<T> A(m, n);
  using std::ldexp;
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < m; ++i) A(i, j) = T(ldexp(RoundedCast<T>(normal(rng)), scale_exponent));
  return A;
}

// Q diag(mu) Q^T for a random orthogonal Q (the Q factor of a matrix of N(0,1)
// entries; deterministic in seed), with Q stored in *Q_out when given.
inline Matrix<double> WithSpectrum(const Vector<double>& mu, std::uint64_t seed, Matrix<double>* Q_out = nullptr) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  const int n = static_cast<int>(mu.size());
  Matrix<double> A(n, n);
  for (int i = 0; i < A.size(); ++i) A.data()[i] = normal(rng);
  const Matrix<double> Q = Eigen::HouseholderQR<Matrix<double>>(A).householderQ();
  if (Q_out != nullptr) *Q_out = Q;
  return Q * mu.asDiagonal() * Q.transpose();
}

// Entrywise RoundedCast<To> of a matrix or vector.
template <class To, class From, int Rows, int Cols>
Eigen::Matrix<To, Rows, Cols> RoundEntries(const Eigen::Matrix<From, Rows, Cols>& A) {
  return A.unaryExpr([](const From& x) { return RoundedCast<To>(x); });
}
// Exact lift of a T matrix or vector into Mpfr (call under a guard of >= Bits(T) bits).
template <class T, int Rows, int Cols>
Eigen::Matrix<Mpfr, Rows, Cols> Lift(const Eigen::Matrix<T, Rows, Cols>& A) {
  return RoundEntries<Mpfr>(A);
}
template <class T>
Matrix<T> Round(const Matrix<Mpfr>& A) {
  return RoundEntries<T>(A);
}

// Frobenius norm of an Mpfr matrix (plain sum of squares: no overflow in MPFR).
inline Mpfr FrobeniusMp(const Matrix<Mpfr>& A) {
  Mpfr s(0);
  for (Eigen::Index t = 0; t < A.size(); ++t) s += A.data()[t] * A.data()[t];
  return sqrt(s);
}

// A short printable form of a matrix (for failure messages).
template <class T>
std::string Show(const Matrix<T>& A, int max_entries = 36) {
  std::ostringstream os;
  os << A.rows() << "x" << A.cols() << " [";
  int shown = 0;
  for (Eigen::Index i = 0; i < A.rows() && shown < max_entries; ++i) {
    os << (i ? "; " : "");
    for (Eigen::Index j = 0; j < A.cols() && shown < max_entries; ++j, ++shown) {
      os << (j ? " " : "") << ToDouble(A(i, j));
    }
  }
  if (shown < A.size()) os << " ...";
  os << "]";
  return os.str();
}

}  // namespace testing_util
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_TEST_UTIL_H_
