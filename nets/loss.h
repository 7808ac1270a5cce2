// nrc/nets/loss.h
//
// The data losses of the spec ("Setting"), per sample, with their gradients
// delta_{L,i} = grad_f loss(f(x_i), y_i) and the tangent of those gradients
// (for exact Hessian-vector products):
//   MSE: loss_i = (1/2)||f_i - e_{c(i)}||^2,  delta_{L,i} = f_i - e_{c(i)}  (one-hot targets);
//   CE:  loss_i = logsumexp(f_i) - f_{i,c(i)},  delta_{L,i} = softmax(f_i) - e_{c(i)},
//        evaluated with the max-shifted log-sum-exp so no exp overflows.
// Error model: a few ulps per entry of the working precision (no error control).
#ifndef NRC_NETS_LOSS_H_
#define NRC_NETS_LOSS_H_

#include <string>
#include <vector>

#include "numerics/matrix_ref.h"
#include "numerics/scalar.h"

namespace nrc {

enum class LossKind { kMse, kCrossEntropy };

template <class T>
struct LossEvaluation {
  Vector<T> per_sample;  // loss_i, i = 1..N
  Matrix<T> delta;       // K x N, column i = delta_{L,i}
  T mean;                // J_data = (1/N) sum_i loss_i
};

class Loss {
 public:
  Loss() = default;
  explicit Loss(LossKind kind) : kind_(kind) {}
  // "mse" or "ce" (also "cross_entropy"); throws std::invalid_argument otherwise.
  static Loss Parse(const std::string& name);
  std::string Name() const { return kind_ == LossKind::kMse ? "mse" : "ce"; }
  LossKind kind() const { return kind_; }

  // F is K x N (network outputs), labels[i] in 0..K-1.
  template <class T>
  LossEvaluation<T> Evaluate(const ConstMatrixRef<T>& F, const std::vector<int>& labels) const;
  // d/dt delta_L(F + t dF) at t = 0: dF for MSE, (diag(p) - p p^T) dF per column for CE.
  template <class T>
  Matrix<T> DeltaTangent(const ConstMatrixRef<T>& F, const ConstMatrixRef<T>& dF) const;
  // Column k (k = 0..K-1) of a factor C_i of the loss Hessian with respect to
  // the output, H_i = C_i C_i^T, for every sample i (K x N, column i = c_{k,i}):
  //   MSE: H_i = I, c_{k,i} = e_k;
  //   CE:  H_i = diag(p_i) - p_i p_i^T, c_{k,i} = sqrt(p_{k,i}) (e_k - p_i), p_i = softmax(f_i)
  // (sum_k c_k c_k^T = diag(p) - 2 p p^T + (sum_k p_k) p p^T, sum_k p_k = 1).
  // In double (the Kronecker-factored preconditioner's use); throws
  // std::invalid_argument for k out of range.
  Matrix<double> HessianFactorColumn(const Matrix<double>& F, int k) const;

  bool operator==(const Loss& o) const { return kind_ == o.kind_; }

 private:
  LossKind kind_ = LossKind::kMse;
};

#define NRC_LOSS_EXTERN(T)                                                                              \
  extern template LossEvaluation<T> Loss::Evaluate<T>(const ConstMatrixRef<T>&, const std::vector<int>&) const; \
  extern template Matrix<T> Loss::DeltaTangent<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&) const;
NRC_FOR_EACH_SCALAR(NRC_LOSS_EXTERN)
#undef NRC_LOSS_EXTERN

}  // namespace nrc

#endif  // NRC_NETS_LOSS_H_
