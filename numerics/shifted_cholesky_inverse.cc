#include "numerics/shifted_cholesky_inverse.h"

#include <Eigen/Cholesky>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nrc {

struct ShiftedCholeskyInverse::Factor {
  Eigen::LLT<Matrix<double>> llt;
};

ShiftedCholeskyInverse::~ShiftedCholeskyInverse() = default;

ShiftedCholeskyInverse::ShiftedCholeskyInverse(const Matrix<double>& H, const ShiftedCholeskyInverseOptions& o)
    : factor_(std::make_unique<Factor>()), n_(static_cast<int>(H.rows())) {
  if (H.rows() != H.cols()) throw std::invalid_argument("ShiftedCholeskyInverse: matrix is not square");
  if (!H.allFinite()) throw std::invalid_argument("ShiftedCholeskyInverse: matrix has a non-finite entry");
  if (!(o.relative_shift > 0) || !std::isfinite(o.relative_shift) || !(o.growth > 1) || !std::isfinite(o.growth) ||
      o.max_attempts < 1) {
    throw std::invalid_argument("ShiftedCholeskyInverse: need relative_shift > 0, growth > 1, max_attempts >= 1");
  }
  if (n_ == 0) return;
  const double s = H.diagonal().cwiseAbs().maxCoeff();
  double sigma = o.relative_shift * (s > 0 ? s : 1.0);
  for (attempts_ = 1; attempts_ <= o.max_attempts; ++attempts_, sigma *= o.growth) {
    Matrix<double> A = H;
    A.diagonal().array() += sigma;
    factor_->llt.compute(A);
    if (factor_->llt.info() == Eigen::Success && factor_->llt.matrixLLT().diagonal().allFinite() &&
        (factor_->llt.matrixLLT().diagonal().array() > 0).all()) {
      shift_ = sigma;
      return;
    }
  }
  throw std::runtime_error("ShiftedCholeskyInverse: no shift up to " + std::to_string(sigma) +
                           " makes the matrix positive definite");
}

Vector<double> ShiftedCholeskyInverse::Apply(const Vector<double>& r, double damping) const {
  if (r.size() != n_) {
    throw std::invalid_argument("ShiftedCholeskyInverse::Apply: vector has " + std::to_string(r.size()) +
                                " entries, matrix is " + std::to_string(n_) + " x " + std::to_string(n_));
  }
  if (!(damping >= 0) || !std::isfinite(damping)) {
    throw std::invalid_argument("ShiftedCholeskyInverse::Apply: damping must be finite and >= 0");
  }
  if (n_ == 0) return r;
  return factor_->llt.solve(r);
}

std::string ShiftedCholeskyInverse::Describe() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "Cholesky (H + %.1e I)^-1, %d x %d, %d attempt%s", shift_, n_, n_, attempts_,
                attempts_ == 1 ? "" : "s");
  return buf;
}

}  // namespace nrc
