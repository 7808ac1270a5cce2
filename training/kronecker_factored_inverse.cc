#include "training/kronecker_factored_inverse.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

#include "training/detail/kronecker_factors.h"

namespace nrc {
namespace {

// Eigen-decomposition of a symmetric positive semi-definite factor, with
// eigenvalues below 0 (rounding) set to 0.
void Decompose(const Matrix<double>& M, Matrix<double>* U, Vector<double>* d) {
  Eigen::SelfAdjointEigenSolver<Matrix<double>> es(M);
  if (es.info() != Eigen::Success) throw std::invalid_argument("KroneckerFactoredInverse: eigensolver failed");
  *U = es.eigenvectors();
  *d = es.eigenvalues().cwiseMax(0.0);
}

}  // namespace

KroneckerFactoredInverse::KroneckerFactoredInverse(const MlpSpec& spec, const MlpParameters<double>& theta,
                                                   const Matrix<double>& X, const std::vector<int>& labels,
                                                   const KroneckerFactoredInverseOptions& options) {
  spec.Validate();
  if (!(options.damping >= 0) || !std::isfinite(options.damping)) {
    throw std::invalid_argument("KroneckerFactoredInverse: damping must be finite and >= 0");
  }
  if (!X.allFinite()) throw std::invalid_argument("KroneckerFactoredInverse: the data are not finite");
  for (int l = 1; l <= theta.depth(); ++l) {
    if (!theta.W[static_cast<size_t>(l)].allFinite() || !theta.b[static_cast<size_t>(l)].allFinite()) {
      throw std::invalid_argument("KroneckerFactoredInverse: the parameters of layer " + std::to_string(l) +
                                  " are not finite");
    }
  }
  const KroneckerFactoredInverse* reuse = options.reuse_input_factor;
  if (reuse != nullptr && (reuse->layers_.size() != static_cast<size_t>(spec.depth()) ||
                           reuse->layers_[0].A.rows() != spec.widths[0] + (spec.has_bias(1) ? 1 : 0))) {
    throw std::invalid_argument("KroneckerFactoredInverse: reuse_input_factor is for another network");
  }
  std::vector<detail::KroneckerFactorPair> factors =
      detail::ComputeKroneckerFactors(spec, theta, X, labels, /*skip_first_input=*/reuse != nullptr);
  shift_ = spec.lambda + options.damping;
  size_ = spec.NumParameters();
  for (int l = 1; l <= spec.depth(); ++l) {
    detail::KroneckerFactorPair& f = factors[static_cast<size_t>(l - 1)];
    if (!f.A.allFinite() || !f.S.allFinite()) {  // (an empty, reused A is finite)
      throw std::invalid_argument("KroneckerFactoredInverse: the factors of layer " + std::to_string(l) +
                                  " are not finite");
    }
    Layer layer;
    layer.rows = spec.widths[static_cast<size_t>(l)];
    layer.cols = spec.widths[static_cast<size_t>(l - 1)];
    layer.bias = spec.has_bias(l);
    if (l == 1 && reuse != nullptr) {
      layer.A = reuse->layers_[0].A;
      layer.UA = reuse->layers_[0].UA;
      layer.dA = reuse->layers_[0].dA;
    } else {
      Decompose(f.A, &layer.UA, &layer.dA);
      layer.A = std::move(f.A);
    }
    Decompose(f.S, &layer.US, &layer.dS);
    layer.S = std::move(f.S);
    layers_.push_back(std::move(layer));
  }
}

Vector<double> KroneckerFactoredInverse::Apply(const Vector<double>& r, double damping) const {
  if (r.size() != size_) {
    throw std::invalid_argument("KroneckerFactoredInverse::Apply: vector of size " + std::to_string(r.size()) +
                                ", preconditioner of size " + std::to_string(size_));
  }
  if (!(damping >= 0)) throw std::invalid_argument("KroneckerFactoredInverse::Apply: negative damping");
  Vector<double> z(size_);
  Eigen::Index at = 0;
  for (const Layer& y : layers_) {
    const int cols = y.cols + (y.bias ? 1 : 0);
    Matrix<double> R(y.rows, cols);
    R.leftCols(y.cols) = Eigen::Map<const Matrix<double>>(r.data() + at, y.rows, y.cols);
    if (y.bias) R.col(y.cols) = r.segment(at + Eigen::Index(y.rows) * y.cols, y.rows);
    Matrix<double> Q = y.US.transpose() * R * y.UA;
    Q.array() /= ((y.dS * y.dA.transpose()).array() + (shift_ + damping));
    const Matrix<double> out = y.US * Q * y.UA.transpose();
    Eigen::Map<Matrix<double>>(z.data() + at, y.rows, y.cols) = out.leftCols(y.cols);
    if (y.bias) z.segment(at + Eigen::Index(y.rows) * y.cols, y.rows) = out.col(y.cols);
    at += Eigen::Index(y.rows) * cols;
  }
  return z;
}

std::string KroneckerFactoredInverse::Describe() const {
  double lo = 1e300, hi = 0;
  for (const Layer& y : layers_) {
    const double top = y.dS.maxCoeff() * y.dA.maxCoeff();
    hi = std::max(hi, top);
    lo = std::min(lo, y.dS.minCoeff() * y.dA.minCoeff());
  }
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "K-FAC (A kron S + %.2g I)^-1, %d layers, %d parameters, Kronecker eigenvalues in [%.2g, %.2g]",
                shift_, static_cast<int>(layers_.size()), size_, lo, hi);
  return buf;
}

}  // namespace nrc
