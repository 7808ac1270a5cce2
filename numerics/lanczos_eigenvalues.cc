#include "numerics/lanczos_eigenvalues.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace nrc {
namespace {

Vector<double> Checked(const Vector<double>& w, int n) {
  if (w.size() != n || !w.allFinite()) {
    throw std::invalid_argument("LanczosEigenvalues: a product A v has the wrong size or is not finite");
  }
  return w;
}

// Two passes of classical Gram-Schmidt of w against the first m columns of V.
void Reorthogonalize(const Matrix<double>& V, int m, Vector<double>* w) {
  for (int pass = 0; pass < 2; ++pass) {
    const Vector<double> c = V.leftCols(m).transpose() * *w;
    *w -= V.leftCols(m) * c;
  }
}

}  // namespace

LanczosResult LanczosEigenvalues(const std::function<Vector<double>(const Vector<double>&)>& apply_A, int n,
                                 const LanczosOptions& options, const std::function<void(int)>& on_step) {
  if (n < 1 || options.max_steps < 1 || options.num_eigenvalues < 1) {
    throw std::invalid_argument("LanczosEigenvalues: n, max_steps and num_eigenvalues must be >= 1");
  }
  const int max_m = std::min(options.max_steps, n);
  Matrix<double> V(n, max_m);
  std::vector<double> alpha, beta;
  {
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> normal;
    Vector<double> v(n);
    for (int i = 0; i < n; ++i) v(i) = normal(rng);
    V.col(0) = v / v.norm();
  }
  LanczosResult out;
  double scale = 0;  // ~ ||A||, for the invariance test
  int m = 0;
  while (m < max_m) {
    Vector<double> w = Checked(apply_A(V.col(m)), n);
    ++out.products;
    const double a = V.col(m).dot(w);
    alpha.push_back(a);
    ++m;
    if (on_step) on_step(m);
    Reorthogonalize(V, m, &w);
    const double b = w.norm();
    scale = std::max({scale, std::abs(a), b});
    if (m == max_m) break;
    if (!(b > 64 * std::numeric_limits<double>::epsilon() * scale)) {
      out.invariant = true;
      break;
    }
    beta.push_back(b);
    V.col(m) = w / b;
  }
  out.steps = m;
  Matrix<double> T = Matrix<double>::Zero(m, m);
  for (int i = 0; i < m; ++i) T(i, i) = alpha[i];
  for (int i = 0; i + 1 < m; ++i) T(i, i + 1) = T(i + 1, i) = beta[i];
  Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(T);
  if (eig.info() != Eigen::Success) throw std::runtime_error("LanczosEigenvalues: tridiagonal eigensolver failed");
  auto residual = [&](int j) {
    const Vector<double> y = (V.leftCols(m) * eig.eigenvectors().col(j)).normalized();
    const Vector<double> Ay = Checked(apply_A(y), n);
    ++out.products;
    return (Ay - eig.eigenvalues()(j) * y).norm();
  };
  const int k = std::min(options.num_eigenvalues, m);
  for (int j = 0; j < k; ++j) {
    out.smallest.push_back(eig.eigenvalues()(j));
    out.smallest_residuals.push_back(residual(j));
  }
  out.largest = eig.eigenvalues()(m - 1);
  out.largest_residual = residual(m - 1);
  return out;
}

}  // namespace nrc
