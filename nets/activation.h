// nrc/nets/activation.h
//
// Entrywise activation functions s of the spec ("Setting"): their values, first
// and second derivatives (the second is needed for exact Hessian-vector
// products), and Lipschitz constants Lip(s) = sup |s'| used by T6, T8 and T9.
//
// Conventions. ReLU-type functions are differentiable only almost everywhere:
// nrc uses s'(0) = 0 for ReLU and s'(0) = slope for leaky ReLU (the left
// derivative), and s'' = 0 everywhere for both; the spec's bounds only use
// sup |s'|, which these conventions respect.
//
// Error model. Values are the scalar type's own elementary functions (tanh,
// exp, log1p, erf), each within a few ulps for built-in types and correctly
// rounded for MPFR. Lipschitz constants for GELU and SiLU are computed in the
// working precision by Newton's method on s'' = 0 and then inflated by a
// relative 16 epsilon, so they are upper bounds of the true sup |s'| up to that
// margin; the others are exact (1, 1/4, max(1, |slope|)).
#ifndef NRC_NETS_ACTIVATION_H_
#define NRC_NETS_ACTIVATION_H_

#include <string>
#include <vector>

#include "numerics/matrix_ref.h"
#include "numerics/scalar.h"

namespace nrc {

enum class ActivationKind { kTanh, kSigmoid, kSoftplus, kIdentity, kLeakyRelu, kRelu, kGelu, kSilu };

class Activation {
 public:
  Activation() = default;
  explicit Activation(ActivationKind kind, double leaky_slope = 0.01) : kind_(kind), slope_(leaky_slope) {}

  // Accepts "tanh", "sigmoid", "softplus", "identity", "relu", "gelu", "silu",
  // "leaky_relu" (slope 0.01) and "leaky_relu:SLOPE". Throws
  // std::invalid_argument("unknown activation 'x' (expected ...)") otherwise.
  static Activation Parse(const std::string& name);
  static std::vector<std::string> Names();
  // Inverse of Parse.
  std::string Name() const;
  ActivationKind kind() const { return kind_; }
  double leaky_slope() const { return slope_; }

  // Lip(s) = sup_x |s'(x)| in the working precision (see the error model).
  template <class T>
  T Lipschitz() const;

  // Z = s(A) entrywise.
  template <class T>
  Matrix<T> Apply(const ConstMatrixRef<T>& A) const;
  // s'(A) entrywise; Z must be Apply(A) (tanh, sigmoid and softplus reuse it).
  template <class T>
  Matrix<T> Derivative(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& Z) const;
  // s''(A) entrywise; Z = Apply(A), S1 = Derivative(A, Z).
  template <class T>
  Matrix<T> SecondDerivative(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& Z, const ConstMatrixRef<T>& S1) const;

  bool operator==(const Activation& o) const { return kind_ == o.kind_ && slope_ == o.slope_; }

 private:
  ActivationKind kind_ = ActivationKind::kTanh;
  double slope_ = 0.01;
};

#define NRC_ACTIVATION_EXTERN(T)                                                                  \
  extern template T Activation::Lipschitz<T>() const;                                             \
  extern template Matrix<T> Activation::Apply<T>(const ConstMatrixRef<T>&) const;                         \
  extern template Matrix<T> Activation::Derivative<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&) const; \
  extern template Matrix<T> Activation::SecondDerivative<T>(const ConstMatrixRef<T>&, const ConstMatrixRef<T>&, \
                                                            const ConstMatrixRef<T>&) const;
NRC_FOR_EACH_SCALAR(NRC_ACTIVATION_EXTERN)
#undef NRC_ACTIVATION_EXTERN

}  // namespace nrc

#endif  // NRC_NETS_ACTIVATION_H_
