// Tests for numerics/class_statistics.h. Tolerances are in units of eps of the
// scalar under test; references are computed with per-sample loops in MPFR at
// >= 2 Bits(T) + 16 bits from exact lifts of the inputs.
#include "numerics/class_statistics.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "numerics/detail/test_util.h"
#include "numerics/precision.h"

namespace nrc::testing_util {
namespace {

template <class T>
class ClassStatisticsTest : public AllScalarsTest<T> {};
TYPED_TEST_SUITE(ClassStatisticsTest, AllScalars);

template <class T>
double RelErrEps(const T& got, const Mpfr& ref) {
  ScopedMpfrPrecision hi(ReferenceBits<T>());
  const Mpfr g = RoundedCast<Mpfr>(got);
  return InEps<T>(Mpfr(ref == 0 ? Mpfr(abs(g)) : Mpfr(abs(g - ref) / abs(ref))));
}

// Hand-computed example, d = 2, N = 5, K = 2:
//   class 0: z = (0,0), (2,0), (1,3)  -> mu_0 = (3/3, 3/3) = (1, 1)
//   class 1: z = (4,1), (6,1)         -> mu_1 = (10/2, 2/2) = (5, 1)
//   mu_G = ((0+2+1+4+6)/5, (0+0+3+1+1)/5) = (13/5, 1) = (2.6, 1)
//   E = [(-1,-1), (1,-1), (0,2), (-1,0), (1,0)]
//   ||e_i|| = sqrt2, sqrt2, 2, 1, 1      -> TCV = 4 + 2 sqrt2
//   ||E||_F^2 = 2 + 2 + 4 + 1 + 1 = 10  -> V = 10/5 = 2
//   S_W = E E^T / 5: xx = 1+1+0+1+1 = 4, yy = 1+1+4+0+0 = 6, xy = 1-1+0+0+0 = 0
//       = diag(4/5, 6/5)
//   mu_0 - mu_G = (-1.6, 0), mu_1 - mu_G = (2.4, 0)
//   S_B = (3/5)(2.56) + (2/5)(5.76) in the (1,1) entry = 1.536 + 2.304 = diag(3.84, 0)
//   S_B^+ = diag(1/3.84, 0); tr(S_W S_B^+) = 0.8/3.84 = 5/24; NC1 = (5/24)/2 = 5/48
//   check: 3(-1.6) + 2(2.4) = 0.
TYPED_TEST(ClassStatisticsTest, HandComputedExample) {
  using T = TypeParam;
  Matrix<T> Z(2, 5);
  Z << T(0), T(2), T(1), T(4), T(6),  //
      T(0), T(0), T(3), T(1), T(1);
  const std::vector<int> labels = {0, 0, 0, 1, 1};
  const ClassStatistics<T> s = ComputeClassStatistics(Z, labels, 2, {/*sample_means=*/true});
  const T eps = ScalarTraits<T>::Epsilon();
  using std::abs;
  using std::sqrt;
  EXPECT_EQ(s.num_classes, 2);
  EXPECT_EQ(s.counts, (std::vector<int>{3, 2}));
  EXPECT_EQ(s.means(0, 0), T(1));
  EXPECT_EQ(s.means(1, 0), T(1));
  EXPECT_EQ(s.means(0, 1), T(5));
  EXPECT_EQ(s.means(1, 1), T(1));
  EXPECT_LE(abs(s.global_mean(0) - T(13) / T(5)), T(2) * eps * T(3));
  EXPECT_EQ(s.global_mean(1), T(1));
  Matrix<T> E(2, 5);
  E << T(-1), T(1), T(0), T(-1), T(1),  //
      T(-1), T(-1), T(2), T(0), T(0);
  EXPECT_TRUE(s.deviations == E);
  EXPECT_TRUE(s.sample_means + s.deviations == Z);
  EXPECT_LE(abs(s.tcv - (T(4) + T(2) * sqrt(T(2)))), T(8) * eps * s.tcv);
  EXPECT_EQ(s.v, T(2));
  EXPECT_EQ(s.between_rank, 1);
  EXPECT_LE(abs(s.nc1 - T(5) / T(48)), T(64) * eps * T(5) / T(48)) << ToDouble(s.nc1);
}

// Reference: per-sample loops at high precision, explicit S_W and S_B, and
// S_B^+ = Q (Q^T S_B Q)^{-1} Q^T with Q an orthonormal basis (Gram-Schmidt,
// twice) of span{mu_c - mu_G : c < K - 1}, which is range(S_B) for
// generic data with d >= K - 1; (K-1)x(K-1) inverse by Gauss-Jordan.
struct Reference {
  Matrix<Mpfr> means, deviations;
  Vector<Mpfr> global_mean;
  Mpfr tcv, v, nc1;
};

Matrix<Mpfr> InverseGaussJordan(Matrix<Mpfr> a) {
  const Eigen::Index n = a.rows();
  Matrix<Mpfr> inv = Matrix<Mpfr>::Identity(n, n);
  for (Eigen::Index c = 0; c < n; ++c) {
    Eigen::Index piv = c;
    for (Eigen::Index r = c + 1; r < n; ++r)
      if (abs(a(r, c)) > abs(a(piv, c))) piv = r;
    a.row(c).swap(a.row(piv));
    inv.row(c).swap(inv.row(piv));
    const Mpfr d = a(c, c);
    a.row(c) /= d;
    inv.row(c) /= d;
    for (Eigen::Index r = 0; r < n; ++r) {
      if (r == c) continue;
      const Mpfr f = a(r, c);
      a.row(r) -= f * a.row(c);
      inv.row(r) -= f * inv.row(c);
    }
  }
  return inv;
}

Reference ComputeReference(const Matrix<Mpfr>& Z, const std::vector<int>& labels, int K) {
  const Eigen::Index d = Z.rows(), N = Z.cols();
  Reference r;
  r.means = Matrix<Mpfr>::Zero(d, K);
  r.global_mean = Vector<Mpfr>::Zero(d);
  std::vector<int> n(K, 0);
  for (Eigen::Index i = 0; i < N; ++i) {
    ++n[labels[i]];
    for (Eigen::Index a = 0; a < d; ++a) {
      r.means(a, labels[i]) += Z(a, i);
      r.global_mean(a) += Z(a, i);
    }
  }
  for (int c = 0; c < K; ++c)
    for (Eigen::Index a = 0; a < d; ++a) r.means(a, c) /= n[c];
  for (Eigen::Index a = 0; a < d; ++a) r.global_mean(a) /= Mpfr(static_cast<double>(N));
  r.deviations.resize(d, N);
  r.tcv = 0;
  r.v = 0;
  for (Eigen::Index i = 0; i < N; ++i) {
    Mpfr sq(0);
    for (Eigen::Index a = 0; a < d; ++a) {
      r.deviations(a, i) = Z(a, i) - r.means(a, labels[i]);
      sq += r.deviations(a, i) * r.deviations(a, i);
    }
    r.tcv += sqrt(sq);
    r.v += sq;
  }
  r.v /= Mpfr(static_cast<double>(N));
  Matrix<Mpfr> sw = Matrix<Mpfr>::Zero(d, d), sb = Matrix<Mpfr>::Zero(d, d);
  for (Eigen::Index i = 0; i < N; ++i)
    for (Eigen::Index a = 0; a < d; ++a)
      for (Eigen::Index b = 0; b < d; ++b) sw(a, b) += r.deviations(a, i) * r.deviations(b, i) / Mpfr(static_cast<double>(N));
  for (int c = 0; c < K; ++c)
    for (Eigen::Index a = 0; a < d; ++a)
      for (Eigen::Index b = 0; b < d; ++b)
        sb(a, b) += Mpfr(n[c]) / Mpfr(static_cast<double>(N)) * (r.means(a, c) - r.global_mean(a)) *
                    (r.means(b, c) - r.global_mean(b));
  const int q = K - 1;
  Matrix<Mpfr> Q(d, q);
  for (int c = 0; c < q; ++c) {
    Vector<Mpfr> w = r.means.col(c) - r.global_mean;
    for (int pass = 0; pass < 2; ++pass)
      for (int j = 0; j < c; ++j) w -= Q.col(j) * Mpfr(Q.col(j).dot(w));
    Q.col(c) = w / Mpfr(sqrt(Mpfr(w.squaredNorm())));
  }
  const Matrix<Mpfr> wq = Matrix<Mpfr>(Q.transpose() * sw) * Q;
  const Matrix<Mpfr> bq = Matrix<Mpfr>(Q.transpose() * sb) * Q;
  r.nc1 = Mpfr(Matrix<Mpfr>(wq * InverseGaussJordan(bq)).trace()) / Mpfr(K);
  return r;
}

// N samples (the columns of Z) and their labels in 0..K-1.
template <class T>
struct LabelledSamples {
  Matrix<T> Z;
  std::vector<int> labels;
};

// Gaussian clusters: class c has mean 3 g_c (g_c ~ N(0, I)), spread `spread`.
template <class T>
LabelledSamples<T> Clusters(int d, int N, int K, std::uint64_t seed, double spread) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Matrix<double> centres(d, K);
  for (int t = 0; t < d * K; ++t) centres.data()[t] = 3 * normal(rng);
  LabelledSamples<T> c{Matrix<T>(d, N), std::vector<int>(N)};
  for (int i = 0; i < N; ++i) {
    c.labels[i] = i < K ? i : static_cast<int>(rng() % K);  // every class present
    for (int a = 0; a < d; ++a) c.Z(a, i) = RoundedCast<T>(centres(a, c.labels[i]) + spread * normal(rng));
  }
  return c;
}

TYPED_TEST(ClassStatisticsTest, MatrixFormMatchesPerSampleReference) {
  using T = TypeParam;
  struct Case {
    int d, N, K;
    double spread;
  };
  double worst_nc1 = 0, worst_tcv = 0, worst_v = 0;
  for (const Case& cs : std::vector<Case>{{6, 40, 4, 0.5}, {3, 30, 4, 1.0}, {10, 25, 3, 0.01}, {5, 12, 6, 2.0}}) {
    const auto [Z, labels] = Clusters<T>(cs.d, cs.N, cs.K, 17 * cs.d + cs.N, cs.spread);
    const ClassStatistics<T> s = ComputeClassStatistics(Z, labels, cs.K);
    const std::string where = ScalarTraits<T>::Name() + " d=" + std::to_string(cs.d) + " N=" +
                              std::to_string(cs.N) + " K=" + std::to_string(cs.K) +
                              " spread=" + std::to_string(cs.spread);
    EXPECT_EQ(s.between_rank, std::min(cs.d, cs.K - 1)) << where;
    ScopedMpfrPrecision hi(ReferenceBits<T>());
    const Reference r = ComputeReference(Lift(Z), labels, cs.K);
    // Entries: summation error, at most (N + 1) eps max|z|.
    Mpfr zmax(0);
    for (Eigen::Index t = 0; t < Z.size(); ++t) zmax = std::max(zmax, Mpfr(abs(RoundedCast<Mpfr>(Z.data()[t]))));
    const double entry_bound = cs.N + 1.0;
    const Matrix<Mpfr> dm = Lift(s.means) - r.means;
    const Matrix<Mpfr> de = Lift(s.deviations) - r.deviations;
    const Vector<Mpfr> dg = Lift(s.global_mean) - r.global_mean;
    EXPECT_LE(InEps<T>(Mpfr(dm.cwiseAbs().maxCoeff() / zmax)), entry_bound) << where;
    EXPECT_LE(InEps<T>(Mpfr(de.cwiseAbs().maxCoeff() / zmax)), entry_bound) << where;
    EXPECT_LE(InEps<T>(Mpfr(dg.cwiseAbs().maxCoeff() / zmax)), entry_bound) << where;
    // TCV, V: relative to the deviations' own size, amplified by
    // max|z| / max|e| (the deviations carry eps max|z| absolute noise).
    const double amp = ToDouble(Mpfr(zmax / r.deviations.cwiseAbs().maxCoeff()));
    const double e_tcv = RelErrEps(s.tcv, r.tcv), e_v = RelErrEps(s.v, r.v), e_nc1 = RelErrEps(s.nc1, r.nc1);
    EXPECT_LE(e_tcv, (cs.N + cs.d + 2.0) * amp) << where;
    EXPECT_LE(e_v, 2 * (cs.N + cs.d + 2.0) * amp) << where;
    // NC1 also goes through the SVD of the d x K matrix of centred means.
    EXPECT_LE(e_nc1, 16 * (cs.N + cs.d + cs.K) * amp) << where << " nc1=" << ToDouble(s.nc1)
                                                         << " ref=" << ToDouble(r.nc1);
    worst_tcv = std::max(worst_tcv, e_tcv / amp);
    worst_v = std::max(worst_v, e_v / amp);
    worst_nc1 = std::max(worst_nc1, e_nc1 / amp);
  }
  std::cout << "[" << ScalarTraits<T>::Name() << "] vs per-sample reference, relative error / (max|z|/max|e|): TCV "
            << worst_tcv << " eps, V " << worst_v << " eps, NC1 " << worst_nc1 << " eps\n";
}

TYPED_TEST(ClassStatisticsTest, Identities) {
  using T = TypeParam;
  const int d = 7, N = 50, K = 5;
  const auto [Z, labels] = Clusters<T>(d, N, K, 99, 0.7);
  const ClassStatistics<T> s = ComputeClassStatistics(Z, labels, K);
  const T eps = ScalarTraits<T>::Epsilon();
  using std::abs;
  T zmax(0);
  for (Eigen::Index t = 0; t < Z.size(); ++t) zmax = std::max(zmax, T(abs(Z.data()[t])));
  // sum_c n_c (mu_c - mu_G) = 0, up to the summation error N (N + 1) eps max|z|.
  for (int a = 0; a < d; ++a) {
    T sum(0);
    for (int c = 0; c < K; ++c) sum += T(s.counts[c]) * (s.means(a, c) - s.global_mean(a));
    EXPECT_LE(abs(sum), T(N) * T(N + 1) * eps * zmax) << "row " << a;
  }
  // V is the mean squared deviation; S_T = S_W + S_B in trace.
  T msd(0), total(0), between(0);
  for (int i = 0; i < N; ++i)
    for (int a = 0; a < d; ++a) {
      msd += s.deviations(a, i) * s.deviations(a, i);
      total += (Z(a, i) - s.global_mean(a)) * (Z(a, i) - s.global_mean(a));
    }
  msd /= T(N);
  total /= T(N);
  for (int c = 0; c < K; ++c)
    for (int a = 0; a < d; ++a)
      between += T(s.counts[c]) / T(N) * (s.means(a, c) - s.global_mean(a)) * (s.means(a, c) - s.global_mean(a));
  EXPECT_LE(abs(s.v - msd), T(2 * (N * d + 2)) * eps * msd);
  EXPECT_LE(abs(total - (s.v + between)), T(4 * (N * d + 2)) * eps * total);
}

// Shifting every sample by the same vector t changes nothing but mu_c, mu_G
// (by t). Tolerance: the deviations of the shifted data carry eps |z + t|
// absolute noise.
TYPED_TEST(ClassStatisticsTest, TranslationInvariance) {
  using T = TypeParam;
  const int d = 5, N = 30, K = 3;
  const auto [Z, labels] = Clusters<T>(d, N, K, 5, 0.8);
  const Matrix<T> t = RandomMatrix<T>(d, 1, 6, 3);  // entries ~ 8
  Matrix<T> Zs = Z;
  for (int i = 0; i < N; ++i) Zs.col(i) += t.col(0);
  const ClassStatistics<T> a = ComputeClassStatistics(Z, labels, K);
  const ClassStatistics<T> b = ComputeClassStatistics(Zs, labels, K);
  using std::abs;
  const T tol = T(100 * (N + d)) * ScalarTraits<T>::Epsilon();
  EXPECT_LE(abs(a.tcv - b.tcv), tol * a.tcv);
  EXPECT_LE(abs(a.v - b.v), tol * a.v);
  EXPECT_LE(abs(a.nc1 - b.nc1), T(10) * tol * a.nc1) << ToDouble(a.nc1) << " vs " << ToDouble(b.nc1);
  EXPECT_EQ(a.between_rank, b.between_rank);
}

// E = 0 exactly (every sample equals its integer class mean (c+1)^a, whose
// centred versions span 2 dimensions): TCV = V = NC1 = 0.
TYPED_TEST(ClassStatisticsTest, CollapsedDataHasZeroVariability) {
  using T = TypeParam;
  const int K = 3, N = 9;
  Matrix<T> Z(4, N);
  std::vector<int> labels(N);
  for (int i = 0; i < N; ++i) {
    labels[i] = i % K;
    int power = 1;
    for (int a = 0; a < 4; ++a, power *= labels[i] + 1) Z(a, i) = T(power);
  }
  const ClassStatistics<T> s = ComputeClassStatistics(Z, labels, K);
  EXPECT_TRUE(s.deviations == Matrix<T>::Zero(4, N));
  EXPECT_EQ(s.tcv, T(0));
  EXPECT_EQ(s.v, T(0));
  EXPECT_EQ(s.nc1, T(0));
  EXPECT_EQ(s.between_rank, 2);
  EXPECT_EQ(s.sample_means.size(), 0);  // not requested
}

TYPED_TEST(ClassStatisticsTest, BadInputsThrow) {
  using T = TypeParam;
  const Matrix<T> Z = RandomMatrix<T>(3, 4, 1);
  EXPECT_THROW(ComputeClassStatistics(Z, {0, 1, 0}, 2), std::invalid_argument);        // size != N
  EXPECT_THROW(ComputeClassStatistics(Z, {0, 1, 0, 2}, 2), std::invalid_argument);     // label >= K
  EXPECT_THROW(ComputeClassStatistics(Z, {0, 1, -1, 0}, 2), std::invalid_argument);    // label < 0
  EXPECT_THROW(ComputeClassStatistics(Z, {0, 0, 0, 0}, 2), std::invalid_argument);     // class 1 empty
  EXPECT_THROW(ComputeClassStatistics(Z, {0, 0, 0, 0}, 0), std::invalid_argument);     // K < 1
  Matrix<T> bad = Z;
  bad(2, 1) = std::numeric_limits<T>::quiet_NaN();
  EXPECT_THROW(ComputeClassStatistics(bad, {0, 1, 0, 1}, 2), std::invalid_argument);
  try {
    ComputeClassStatistics(Z, {0, 0, 0, 0}, 3);
    ADD_FAILURE() << "no throw";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("class 1 has no samples"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
  EXPECT_NO_THROW(ComputeClassStatistics(Z, {0, 1, 0, 1}, 2));
}

// Property (double): random clusters; the matrix form agrees with the
// per-sample reference and the class-mean identity holds.
RC_GTEST_PROP(ClassStatisticsProperty, AgreesWithReferenceInDouble, ()) {
  const int K = *UniformInt(1, 6);
  const int d = *UniformInt(K, 9);  // d >= K - 1 keeps the reference's basis valid
  const int N = *UniformInt(K, 40);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  const double spread = *rc::gen::resize(100, rc::gen::element(0.01, 0.3, 1.0, 3.0));
  RC_LOG() << "d=" << d << " N=" << N << " K=" << K << " spread=" << spread << " seed=" << seed << "\n";
  const auto [Z, labels] = Clusters<double>(d, N, K, seed, spread);
  const ClassStatistics<double> s = ComputeClassStatistics(Z, labels, K);
  ScopedMpfrPrecision hi(160);
  if (K == 1) {
    RC_ASSERT(s.nc1 == 0.0);
    RC_ASSERT(s.between_rank == 0);
    return;
  }
  const Reference r = ComputeReference(Lift(Z), labels, K);
  const double eps = std::numeric_limits<double>::epsilon();
  RC_ASSERT(std::abs(s.v - ToDouble(r.v)) <= 1e3 * (N + d) * eps * ToDouble(r.v) + 1e-300);
  RC_ASSERT(std::abs(s.tcv - ToDouble(r.tcv)) <= 1e3 * (N + d) * eps * ToDouble(r.tcv) + 1e-300);
  if (s.between_rank == K - 1) {
    RC_ASSERT(std::abs(s.nc1 - ToDouble(r.nc1)) <= 1e-8 * ToDouble(r.nc1));
  }
}

}  // namespace
}  // namespace nrc::testing_util
