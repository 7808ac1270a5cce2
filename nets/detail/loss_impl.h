// Definitions of nets/loss.h templates.
#ifndef NRC_NETS_DETAIL_LOSS_IMPL_H_
#define NRC_NETS_DETAIL_LOSS_IMPL_H_

#include "nets/detail/elementary.h"
#include "nets/loss.h"

namespace nrc {
namespace detail {
// Column-wise softmax, max-shifted.
template <class T>
Matrix<T> Softmax(const ConstMatrixRef<T>& F) {
  Matrix<T> P(F.rows(), F.cols());
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    const T m = F.col(i).maxCoeff();
    T sum(0);
    for (Eigen::Index k = 0; k < F.rows(); ++k) {
      P(k, i) = Exp(T(F(k, i) - m));
      sum += P(k, i);
    }
    P.col(i) /= sum;
  }
  return P;
}
}  // namespace detail

template <class T>
LossEvaluation<T> Loss::Evaluate(const ConstMatrixRef<T>& F, const std::vector<int>& labels) const {
  const Eigen::Index N = F.cols();
  LossEvaluation<T> out;
  out.per_sample.resize(N);
  if (kind_ == LossKind::kMse) {
    out.delta = F;
    for (Eigen::Index i = 0; i < N; ++i) {
      out.delta(labels[i], i) -= T(1);
      out.per_sample(i) = out.delta.col(i).squaredNorm() / 2;
    }
  } else {
    out.delta = detail::Softmax(F);
    for (Eigen::Index i = 0; i < N; ++i) {
      const T m = F.col(i).maxCoeff();
      T sum(0);
      for (Eigen::Index k = 0; k < F.rows(); ++k) sum += detail::Exp(T(F(k, i) - m));
      out.per_sample(i) = m + detail::Log(sum) - F(labels[i], i);
      out.delta(labels[i], i) -= T(1);
    }
  }
  out.mean = N > 0 ? T(out.per_sample.sum() / T(N)) : T(0);
  return out;
}

template <class T>
Matrix<T> Loss::DeltaTangent(const ConstMatrixRef<T>& F, const ConstMatrixRef<T>& dF) const {
  if (kind_ == LossKind::kMse) return dF;
  const Matrix<T> P = detail::Softmax(F);
  Matrix<T> out(dF.rows(), dF.cols());
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    const T pdf = P.col(i).dot(dF.col(i));
    out.col(i) = (P.col(i).array() * (dF.col(i).array() - pdf)).matrix();
  }
  return out;
}

}  // namespace nrc

#endif  // NRC_NETS_DETAIL_LOSS_IMPL_H_
