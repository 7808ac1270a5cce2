#include "numerics/saddle_free_inverse.h"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <stdexcept>
#include <string>

namespace nrc {

SaddleFreeInverse::SaddleFreeInverse(const Matrix<double>& H, const SaddleFreeInverseOptions& options) {
  if (H.rows() != H.cols()) {
    throw std::invalid_argument("SaddleFreeInverse: matrix is " + std::to_string(H.rows()) + " x " +
                                std::to_string(H.cols()) + ", not square");
  }
  if (!H.allFinite()) throw std::invalid_argument("SaddleFreeInverse: matrix has a non-finite entry");
  if (!(options.relative_threshold >= 0) || !(options.absolute_threshold >= 0) ||
      !std::isfinite(options.relative_threshold) || !std::isfinite(options.absolute_threshold)) {
    throw std::invalid_argument("SaddleFreeInverse: thresholds must be finite and >= 0");
  }
  const int n = static_cast<int>(H.rows());
  if (n == 0) return;
  Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(H, Eigen::ComputeEigenvectors);
  if (eig.info() != Eigen::Success) throw std::runtime_error("SaddleFreeInverse: eigensolver did not converge");
  mu_ = eig.eigenvalues();
  V_ = eig.eigenvectors();
  const double scale = mu_.cwiseAbs().maxCoeff();
  threshold_ = std::max(options.absolute_threshold, options.relative_threshold * scale);
  inverse_abs_.resize(n);
  for (int j = 0; j < n; ++j) {
    const double a = std::abs(mu_(j));
    if (a > threshold_) {
      inverse_abs_(j) = 1.0 / a;
      if (mu_(j) < 0) ++num_negative_;
    } else {
      inverse_abs_(j) = 0.0;
      ++null_dimension_;
    }
  }
}

std::string SaddleFreeInverse::Describe() const {
  return "eigen |H|^+, " + std::to_string(size()) + " x " + std::to_string(size()) + ", " +
         std::to_string(null_dimension_) + " null, " + std::to_string(num_negative_) + " negative";
}

Vector<double> SaddleFreeInverse::Apply(const Vector<double>& g, double damping) const {
  if (!(damping >= 0) || !std::isfinite(damping)) {
    throw std::invalid_argument("SaddleFreeInverse::Apply: damping must be finite and >= 0");
  }
  if (g.size() != mu_.size()) {
    throw std::invalid_argument("SaddleFreeInverse::Apply: vector has " + std::to_string(g.size()) +
                                " entries, matrix is " + std::to_string(mu_.size()) + " x " +
                                std::to_string(mu_.size()));
  }
  if (g.size() == 0) return g;
  Vector<double> c = V_.transpose() * g;
  if (damping == 0) {
    c.array() *= inverse_abs_.array();
  } else {
    for (Eigen::Index j = 0; j < c.size(); ++j) {
      c(j) = inverse_abs_(j) == 0 ? 0.0 : c(j) / (std::abs(mu_(j)) + damping);
    }
  }
  return V_ * c;
}

}  // namespace nrc
