#include "nets/loss.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nets/detail/loss_impl.h"

namespace nrc {

Loss Loss::Parse(const std::string& name) {
  if (name == "mse") return Loss(LossKind::kMse);
  if (name == "ce" || name == "cross_entropy") return Loss(LossKind::kCrossEntropy);
  throw std::invalid_argument("unknown loss '" + name + "' (expected mse or ce)");
}

Matrix<double> Loss::HessianFactorColumn(const Matrix<double>& F, int k) const {
  if (k < 0 || k >= F.rows()) {
    throw std::invalid_argument("Loss::HessianFactorColumn: column " + std::to_string(k) + " of a " +
                                std::to_string(F.rows()) + "-output loss");
  }
  Matrix<double> C = Matrix<double>::Zero(F.rows(), F.cols());
  if (kind_ == LossKind::kMse) {
    C.row(k).setOnes();
    return C;
  }
  const Matrix<double> P = detail::Softmax<double>(F);
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    C.col(i) = -std::sqrt(P(k, i)) * P.col(i);
    C(k, i) += std::sqrt(P(k, i));
  }
  return C;
}

}  // namespace nrc
