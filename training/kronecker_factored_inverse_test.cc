// Unit tests for training/kronecker_factored_inverse.h: Apply against the
// explicitly formed block-diagonal Kronecker matrix, inverted by LDL^T, with
// the factors computed a second, independent way (per sample, explicit
// Jacobians, the loss Hessian itself rather than its factor); symmetry and
// positive definiteness; errors; and a negative control (S_l from the wrong
// layer) that the comparison must catch.
#include "training/kronecker_factored_inverse.h"

#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace nrc {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

struct Problem {
  MlpSpec spec;
  MlpParameters<double> theta;
  Matrix<double> X;
  std::vector<int> labels;
};

// A tanh network (equal hidden widths, so the negative control can swap S_1
// and S_2) on N = 9 Gaussian samples.
Problem Tiny(LossKind loss, bool bias) {
  Problem p;
  p.spec = MlpSpec::Uniform({3, 4, 4, 3}, Activation::Parse("tanh"), Loss(loss), bias, 1e-2, 0.0);
  p.theta = MlpParameters<double>::RandomInit(p.spec, 5);
  std::mt19937_64 rng(11);
  std::normal_distribution<double> gauss(0.0, 1.0);
  p.X = Matrix<double>::NullaryExpr(3, 9, [&]() { return gauss(rng); });
  for (int i = 0; i < 9; ++i) p.labels.push_back(i % 3);
  return p;
}

// The factors, per sample: A_l = mean zt zt^T, S_l = mean J_l^T H J_l with
// J_l = d f / d a_l = J_{l+1} W_{l+1} diag(1 - z_l^2) (tanh) and H the loss
// Hessian (I for MSE, diag(p) - p p^T for CE).
void ReferenceFactors(const Problem& p, std::vector<Matrix<double>>* A, std::vector<Matrix<double>>* S) {
  const int L = p.spec.depth();
  const int N = static_cast<int>(p.X.cols());
  A->assign(L + 1, Matrix<double>());
  S->assign(L + 1, Matrix<double>());
  for (int l = 1; l <= L; ++l) {
    const int da = p.spec.widths[l - 1] + (p.spec.has_bias(l) ? 1 : 0);
    (*A)[l] = Matrix<double>::Zero(da, da);
    (*S)[l] = Matrix<double>::Zero(p.spec.widths[l], p.spec.widths[l]);
  }
  for (int i = 0; i < N; ++i) {
    std::vector<Vector<double>> z(L);
    z[0] = p.X.col(i);
    Vector<double> f;
    for (int l = 1; l <= L; ++l) {
      Vector<double> a = p.theta.W[l] * z[l - 1];
      if (p.spec.has_bias(l)) a += p.theta.b[l];
      if (l < L) z[l] = a.unaryExpr([](double x) { return std::tanh(x); });
      else f = a;
      Vector<double> zt(z[l - 1].size() + (p.spec.has_bias(l) ? 1 : 0));
      zt.head(z[l - 1].size()) = z[l - 1];
      if (p.spec.has_bias(l)) zt(zt.size() - 1) = 1;
      (*A)[l] += zt * zt.transpose() / N;
    }
    const int K = static_cast<int>(f.size());
    Matrix<double> H = Matrix<double>::Identity(K, K);
    if (p.spec.loss.kind() == LossKind::kCrossEntropy) {
      Vector<double> e = (f.array() - f.maxCoeff()).exp();
      const Vector<double> q = e / e.sum();
      H = Matrix<double>(q.asDiagonal()) - q * q.transpose();
    }
    Matrix<double> J = Matrix<double>::Identity(K, K);
    for (int l = L; l >= 1; --l) {
      (*S)[l] += J.transpose() * H * J / N;
      if (l > 1) J = J * p.theta.W[l] * (1 - z[l - 1].array().square()).matrix().asDiagonal();
    }
  }
}

// The block-diagonal matrix diag_l(A_l kron S_l + shift I) in the flat order
// (W_l column-major, then b_l), with S_l taken from layer s_of[l].
Matrix<double> KroneckerMatrix(const Problem& p, const std::vector<Matrix<double>>& A,
                               const std::vector<Matrix<double>>& S, const std::vector<int>& s_of, double shift) {
  const int P = p.spec.NumParameters();
  Matrix<double> M = Matrix<double>::Zero(P, P);
  int at = 0;
  for (int l = 1; l <= p.spec.depth(); ++l) {
    const Matrix<double>& a = A[l];
    const Matrix<double>& s = S[s_of[l]];
    const int n = static_cast<int>(a.rows() * s.rows());
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      for (Eigen::Index j = 0; j < a.cols(); ++j) M.block(at + i * s.rows(), at + j * s.rows(), s.rows(), s.rows()) = a(i, j) * s;
    }
    M.block(at, at, n, n) += shift * Matrix<double>::Identity(n, n);
    at += n;
  }
  return M;
}

// The columns M e_j of the preconditioner.
Matrix<double> Columns(const KroneckerFactoredInverse& M, double damping) {
  const int P = M.size();
  Matrix<double> out(P, P);
  for (int j = 0; j < P; ++j) out.col(j) = M.Apply(Vector<double>::Unit(P, j), damping);
  return out;
}

// Both sides invert the same symmetric positive definite matrix by backward
// stable methods (symmetric QR eigensolver, LDL^T): each is within a small
// multiple of n eps kappa of the exact inverse (Higham 2002, ch. 10; Golub &
// Van Loan 8.3); 16 n eps kappa ||B^-1|| with kappa = ||B|| / shift.
double Bound(const Matrix<double>& B, double shift) {
  const double norm = B.selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
  return 16.0 * B.rows() * kEps * (norm / shift) / shift;
}

void ExpectMatchesExplicitInverse(LossKind loss, bool bias) {
  const Problem p = Tiny(loss, bias);
  const double mu = 0.01, damping = 0.02;
  const KroneckerFactoredInverse M(p.spec, p.theta, p.X, p.labels, {mu});
  std::vector<Matrix<double>> A, S;
  ReferenceFactors(p, &A, &S);
  const double shift = p.spec.lambda + mu + damping;
  const Matrix<double> B = KroneckerMatrix(p, A, S, {0, 1, 2, 3}, shift);
  const Matrix<double> reference = B.ldlt().solve(Matrix<double>::Identity(B.rows(), B.cols()));
  const Matrix<double> got = Columns(M, damping);
  const double observed = (got - reference).cwiseAbs().maxCoeff();
  const double bound = Bound(B, shift);
  ::testing::Test::RecordProperty("observed", std::to_string(observed));
  EXPECT_LE(observed, bound) << "observed " << observed << ", bound " << bound << ", ratio " << observed / bound;
  // Symmetric positive definite: M = M^T to the same bound, eigenvalues
  // >= 1 / (||B|| (1 + tolerance)) > 0.
  EXPECT_LE((got - got.transpose()).cwiseAbs().maxCoeff(), bound);
  const Matrix<double> sym = (got + got.transpose()) / 2;
  EXPECT_GT(sym.selfadjointView<Eigen::Lower>().eigenvalues().minCoeff(), 0.0);
  // Negative control: S_1 and S_2 exchanged (same shape): a genuinely
  // different matrix, which the same comparison must reject.
  const Matrix<double> wrong = KroneckerMatrix(p, A, S, {0, 2, 1, 3}, shift)
                                   .ldlt()
                                   .solve(Matrix<double>::Identity(B.rows(), B.cols()));
  const double control = (got - wrong).cwiseAbs().maxCoeff();
  EXPECT_GT(control, 1e3 * bound) << "control " << control << ", bound " << bound;
}

TEST(KroneckerFactoredInverse, MatchesTheExplicitKroneckerInverseMse) { ExpectMatchesExplicitInverse(LossKind::kMse, true); }
TEST(KroneckerFactoredInverse, MatchesTheExplicitKroneckerInverseCrossEntropy) {
  ExpectMatchesExplicitInverse(LossKind::kCrossEntropy, true);
}
TEST(KroneckerFactoredInverse, MatchesTheExplicitKroneckerInverseWithoutBiases) {
  ExpectMatchesExplicitInverse(LossKind::kCrossEntropy, false);
}

TEST(KroneckerFactoredInverse, FactorsAreTheSecondMoments) {
  const Problem p = Tiny(LossKind::kCrossEntropy, true);
  const KroneckerFactoredInverse M(p.spec, p.theta, p.X, p.labels);
  std::vector<Matrix<double>> A, S;
  ReferenceFactors(p, &A, &S);
  for (int l = 1; l <= p.spec.depth(); ++l) {
    // Sums of N = 9 products of entries of size <= ~3: 64 N eps relative.
    EXPECT_LE((M.InputFactor(l) - A[l]).cwiseAbs().maxCoeff(), 64 * 9 * kEps * A[l].cwiseAbs().maxCoeff()) << l;
    EXPECT_LE((M.OutputFactor(l) - S[l]).cwiseAbs().maxCoeff(), 64 * 9 * kEps * S[l].cwiseAbs().maxCoeff()) << l;
  }
  EXPECT_NE(M.Describe().find("K-FAC"), std::string::npos);
  EXPECT_FALSE(M.indefinite());
}

TEST(KroneckerFactoredInverse, ReusedInputFactorGivesTheSameBits) {
  const Problem p = Tiny(LossKind::kMse, true);
  const KroneckerFactoredInverse first(p.spec, MlpParameters<double>::RandomInit(p.spec, 9), p.X, p.labels);
  KroneckerFactoredInverseOptions o;
  o.reuse_input_factor = &first;
  const KroneckerFactoredInverse reused(p.spec, p.theta, p.X, p.labels, o);
  const KroneckerFactoredInverse fresh(p.spec, p.theta, p.X, p.labels);
  const Vector<double> r = Vector<double>::LinSpaced(fresh.size(), -1, 2);
  EXPECT_EQ(reused.Apply(r), fresh.Apply(r));  // A_1 depends on X only
  // Control: the other layers are not reused (first's Apply differs).
  EXPECT_NE(first.Apply(r), fresh.Apply(r));
  const Problem other = Tiny(LossKind::kMse, false);
  o.reuse_input_factor = &first;
  EXPECT_THROW(KroneckerFactoredInverse(other.spec, other.theta, other.X, other.labels, o), std::invalid_argument);
}

TEST(KroneckerFactoredInverse, Errors) {
  const Problem p = Tiny(LossKind::kMse, true);
  const KroneckerFactoredInverse M(p.spec, p.theta, p.X, p.labels);
  EXPECT_THROW(M.Apply(Vector<double>::Ones(M.size() + 1)), std::invalid_argument);
  EXPECT_THROW(M.Apply(Vector<double>::Ones(M.size()), -1.0), std::invalid_argument);
  EXPECT_THROW(KroneckerFactoredInverse(p.spec, p.theta, p.X, p.labels, {-1.0}), std::invalid_argument);
  MlpParameters<double> nan = p.theta;
  nan.W[2](1, 1) = std::nan("");
  EXPECT_THROW(KroneckerFactoredInverse(p.spec, nan, p.X, p.labels), std::invalid_argument);
  MlpParameters<double> wrong = p.theta;
  wrong.W[2] = Matrix<double>::Zero(5, 4);
  EXPECT_THROW(KroneckerFactoredInverse(p.spec, wrong, p.X, p.labels), std::invalid_argument);
  EXPECT_THROW(KroneckerFactoredInverse(p.spec, p.theta, Matrix<double>::Zero(2, 9), p.labels), std::invalid_argument);
  EXPECT_THROW(KroneckerFactoredInverse(p.spec, p.theta, Matrix<double>(3, 0), {}), std::invalid_argument);
}

}  // namespace
}  // namespace nrc
