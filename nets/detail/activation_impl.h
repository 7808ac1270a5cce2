// Definitions of nets/activation.h templates (instantiated per scalar in
// nets/detail/instantiate_*.cc).
#ifndef NRC_NETS_DETAIL_ACTIVATION_IMPL_H_
#define NRC_NETS_DETAIL_ACTIVATION_IMPL_H_

#include <algorithm>

#include "nets/activation.h"
#include "nets/detail/elementary.h"

namespace nrc {
namespace detail {

// sup |s'| at a smooth interior maximum: Newton on s''(x) = 0 from x0, where
// s1, s2, s3 are s', s'', s''' (closed forms below). Returns s'(x*)
// inflated by 16 eps (relative): s'(x) differs from its maximum by
// O((x - x*)^2), far below that margin once Newton has converged.
template <class T, class S1, class S2, class S3>
T SmoothLipschitz(double x0, S1 s1, S2 s2, S3 s3) {
  T x(x0);
  for (int it = 0; it < 200; ++it) {
    const T step = s2(x) / s3(x);
    x -= step;
    if (Abs(step) <= ScalarTraits<T>::Epsilon() * 4) break;
  }
  return s1(x) * (T(1) + ScalarTraits<T>::Epsilon() * 16);
}

// tanh in double, vectorised: tanh x = e / (e + 2) with e = expm1(2x), and
// expm1 by Kahan's trick expm1(y) = (u - 1) y / log u, u = exp(y), using
// Eigen's SIMD exp and log (std::tanh is scalar and dominated the double
// gradient). |x| is clamped at 20, where tanh rounds to +-1 in double. Error:
// a few ulps (exp, log, Kahan's correction and two divisions; measured in
// nets/mlp_test.cc against MPFR).
inline Matrix<double> VectorTanh(const Matrix<double>& A) {
  const Eigen::ArrayXXd y = 2.0 * A.array().max(-20.0).min(20.0);
  const Eigen::ArrayXXd u = y.exp();
  const Eigen::ArrayXXd log_u = u.log();  // a separate SIMD pass: inside select() it would be scalar
  const Eigen::ArrayXXd ratio = (u - 1.0) * y / log_u;
  const Eigen::ArrayXXd e = (u == 1.0).select(y, ratio);
  return (e / (e + 2.0)).matrix();
}

}  // namespace detail

template <class T>
T Activation::Lipschitz() const {
  using detail::NormalCdf;
  using detail::NormalPdf;
  using detail::Sigmoid;
  switch (kind_) {
    case ActivationKind::kTanh:
    case ActivationKind::kSoftplus:
    case ActivationKind::kIdentity:
    case ActivationKind::kRelu:
      return T(1);
    case ActivationKind::kSigmoid:
      return T(1) / T(4);
    case ActivationKind::kLeakyRelu:
      return T(std::max(1.0, std::abs(slope_)));
    case ActivationKind::kGelu:
      // s' = Phi + x phi, s'' = phi (2 - x^2), s''' = phi (x^3 - 4x); max at sqrt 2.
      return detail::SmoothLipschitz<T>(
          1.4, [](const T& x) { return T(NormalCdf(x) + x * NormalPdf(x)); },
          [](const T& x) { return T(NormalPdf(x) * (T(2) - x * x)); },
          [](const T& x) { return T(NormalPdf(x) * (x * x * x - T(4) * x)); });
    case ActivationKind::kSilu:
      // With p = sigmoid(x), q = p(1-p): s' = p + x q, s'' = q (2 + x(1-2p)),
      // s''' = q ((1-2p)(2 + x(1-2p)) + (1-2p) - 2 x q).
      return detail::SmoothLipschitz<T>(
          2.4, [](const T& x) { const T p = Sigmoid(x); return T(p + x * p * (T(1) - p)); },
          [](const T& x) {
            const T p = Sigmoid(x);
            const T q = p * (T(1) - p);
            return T(q * (T(2) + x * (T(1) - T(2) * p)));
          },
          [](const T& x) {
            const T p = Sigmoid(x);
            const T q = p * (T(1) - p);
            const T r = T(1) - T(2) * p;
            return T(q * (r * (T(2) + x * r) + r - T(2) * x * q));
          });
  }
  return T(1);
}

template <class T>
Matrix<T> Activation::Apply(const Matrix<T>& A) const {
  const T slope(slope_);
  switch (kind_) {
    case ActivationKind::kTanh:
      if constexpr (std::is_same_v<T, double>) return detail::VectorTanh(A);
      else if constexpr (std::is_same_v<T, float>) return A.array().tanh().matrix();
      else return A.unaryExpr([](const T& x) { return detail::Tanh(x); });
    case ActivationKind::kSigmoid:
      return A.unaryExpr([](const T& x) { return detail::Sigmoid(x); });
    case ActivationKind::kSoftplus:
      return A.unaryExpr([](const T& x) { return detail::Softplus(x); });
    case ActivationKind::kIdentity:
      return A;
    case ActivationKind::kLeakyRelu:
      return A.unaryExpr([&slope](const T& x) { return x > 0 ? x : T(slope * x); });
    case ActivationKind::kRelu:
      return A.unaryExpr([](const T& x) { return x > 0 ? x : T(0); });
    case ActivationKind::kGelu:
      return A.unaryExpr([](const T& x) { return T(x * detail::NormalCdf(x)); });
    case ActivationKind::kSilu:
      return A.unaryExpr([](const T& x) { return T(x * detail::Sigmoid(x)); });
  }
  return A;
}

template <class T>
Matrix<T> Activation::Derivative(const Matrix<T>& A, const Matrix<T>& Z) const {
  const T slope(slope_);
  switch (kind_) {
    case ActivationKind::kTanh:
      return (T(1) - Z.array().square()).matrix();
    case ActivationKind::kSigmoid:
      return (Z.array() * (T(1) - Z.array())).matrix();
    case ActivationKind::kSoftplus:
      return A.unaryExpr([](const T& x) { return detail::Sigmoid(x); });
    case ActivationKind::kIdentity:
      return Matrix<T>::Ones(A.rows(), A.cols());
    case ActivationKind::kLeakyRelu:
      return A.unaryExpr([&slope](const T& x) { return x > 0 ? T(1) : slope; });
    case ActivationKind::kRelu:
      return A.unaryExpr([](const T& x) { return x > 0 ? T(1) : T(0); });
    case ActivationKind::kGelu:
      return A.unaryExpr([](const T& x) { return T(detail::NormalCdf(x) + x * detail::NormalPdf(x)); });
    case ActivationKind::kSilu:
      return A.unaryExpr([](const T& x) {
        const T p = detail::Sigmoid(x);
        return T(p + x * p * (T(1) - p));
      });
  }
  return A;
}

template <class T>
Matrix<T> Activation::SecondDerivative(const Matrix<T>& A, const Matrix<T>& Z, const Matrix<T>& S1) const {
  switch (kind_) {
    case ActivationKind::kTanh:  // -2 t (1 - t^2)
      return (T(-2) * Z.array() * S1.array()).matrix();
    case ActivationKind::kSigmoid:  // p(1-p)(1-2p)
      return (S1.array() * (T(1) - T(2) * Z.array())).matrix();
    case ActivationKind::kSoftplus:  // p(1-p) with p = s'
      return (S1.array() * (T(1) - S1.array())).matrix();
    case ActivationKind::kIdentity:
    case ActivationKind::kLeakyRelu:
    case ActivationKind::kRelu:
      return Matrix<T>::Zero(A.rows(), A.cols());
    case ActivationKind::kGelu:
      return A.unaryExpr([](const T& x) { return T(detail::NormalPdf(x) * (T(2) - x * x)); });
    case ActivationKind::kSilu:
      return A.unaryExpr([](const T& x) {
        const T p = detail::Sigmoid(x);
        return T(p * (T(1) - p) * (T(2) + x * (T(1) - T(2) * p)));
      });
  }
  return A;
}

}  // namespace nrc

#endif  // NRC_NETS_DETAIL_ACTIVATION_IMPL_H_
