// Definitions of nets/mlp.h templates.
#ifndef NRC_NETS_DETAIL_MLP_IMPL_H_
#define NRC_NETS_DETAIL_MLP_IMPL_H_

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

#include "nets/mlp.h"
#include "numerics/parallel.h"
#include "numerics/products.h"

namespace nrc {
namespace detail {

template <class T>
void CheckShapes(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                 const std::vector<int>& labels) {
  const int L = spec.depth();
  if (X.rows() != spec.widths[0]) {
    throw std::invalid_argument("data has " + std::to_string(X.rows()) + " features, network input width is " +
                                std::to_string(spec.widths[0]));
  }
  if (static_cast<Eigen::Index>(labels.size()) != X.cols()) {
    throw std::invalid_argument("labels and samples differ in number");
  }
  for (int c : labels) {
    if (c < 0 || c >= spec.num_classes()) {
      throw std::invalid_argument("label " + std::to_string(c) + " out of range for K = " +
                                  std::to_string(spec.num_classes()));
    }
  }
  if (theta.depth() != L) throw std::invalid_argument("parameters have the wrong depth");
  for (int l = 1; l <= L; ++l) {
    if (theta.W[l].rows() != spec.widths[l] || theta.W[l].cols() != spec.widths[l - 1] ||
        theta.b[l].size() != (spec.has_bias(l) ? spec.widths[l] : 0)) {
      throw std::invalid_argument("parameters of layer " + std::to_string(l) + " do not match the network");
    }
  }
}

template <class T>
Matrix<T> Affine(const Matrix<T>& W, const Vector<T>& b, const Matrix<T>& Z) {
  Matrix<T> A = Product(W, Z);
  if (b.size() > 0) A.colwise() += b;
  return A;
}

}  // namespace detail

template <class T>
MlpEvaluation<T> Evaluate(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                          const std::vector<int>& labels, EvaluationLevel level) {
  detail::CheckShapes(spec, theta, X, labels);
  const int L = spec.depth();
  const T N(static_cast<int>(X.cols()));
  MlpEvaluation<T> ev;
  ev.A.resize(L + 1);
  ev.Z.resize(L);
  ev.S1.resize(L);
  ev.Z[0] = X;
  for (int l = 1; l <= L; ++l) {
    ev.A[l] = detail::Affine(theta.W[l], theta.b[l], ev.Z[l - 1]);
    if (l < L) ev.Z[l] = spec.activation.Apply(ev.A[l]);
  }
  LossEvaluation<T> loss = spec.loss.Evaluate(ev.A[L], labels);
  ev.per_sample_loss = std::move(loss.per_sample);
  ev.data_loss = loss.mean;
  T penalty_w(0), penalty_b(0);
  for (int l = 1; l <= L; ++l) {
    penalty_w += theta.W[l].squaredNorm();
    penalty_b += theta.b[l].squaredNorm();
  }
  ev.objective = ev.data_loss + T(spec.lambda) * penalty_w / 2 + T(spec.lambda_b) * penalty_b / 2;
  if (level == EvaluationLevel::kObjective) return ev;

  ev.Delta.resize(L + 1);
  ev.Delta[L] = std::move(loss.delta);
  for (int l = L - 1; l >= 1; --l) {
    ev.S1[l] = spec.activation.Derivative(ev.A[l], ev.Z[l]);
    ev.Delta[l] = ProductAtB(theta.W[l + 1], ev.Delta[l + 1]).cwiseProduct(ev.S1[l]);
  }
  ev.gradient.W.resize(L + 1);
  ev.gradient.b.resize(L + 1);
  const T lambda(spec.lambda), lambda_b(spec.lambda_b);
  for (int l = 1; l <= L; ++l) {
    ev.gradient.W[l] = ProductABt(ev.Delta[l], ev.Z[l - 1]) / N + lambda * theta.W[l];
    if (spec.has_bias(l)) {
      ev.gradient.b[l] = ev.Delta[l].rowwise().sum() / N + lambda_b * theta.b[l];
    } else {
      ev.gradient.b[l] = Vector<T>(0);
    }
  }
  return ev;
}

template <class T>
MlpParameters<T> HessianVectorProduct(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                      const std::vector<int>& labels, const MlpEvaluation<T>& at,
                                      const MlpParameters<T>& v) {
  const int L = spec.depth();
  const T N(static_cast<int>(X.cols()));
  // Forward tangents dA_l, dZ_l (dZ_0 = 0: the data do not move).
  std::vector<Matrix<T>> dA(L + 1), dZ(L);
  dZ[0] = Matrix<T>::Zero(X.rows(), X.cols());
  for (int l = 1; l <= L; ++l) {
    dA[l] = detail::Affine(v.W[l], v.b[l], at.Z[l - 1]);
    if (l > 1) dA[l] += Product(theta.W[l], dZ[l - 1]);
    if (l < L) dZ[l] = at.S1[l].cwiseProduct(dA[l]);
  }
  // Backward tangents dDelta_l.
  std::vector<Matrix<T>> dDelta(L + 1);
  dDelta[L] = spec.loss.DeltaTangent(at.A[L], dA[L]);
  for (int l = L - 1; l >= 1; --l) {
    const Matrix<T> back = ProductAtB(theta.W[l + 1], at.Delta[l + 1]);
    const Matrix<T> S2 = spec.activation.SecondDerivative(at.A[l], at.Z[l], at.S1[l]);
    Matrix<T> dback = ProductAtB(v.W[l + 1], at.Delta[l + 1]);
    dback += ProductAtB(theta.W[l + 1], dDelta[l + 1]);
    dDelta[l] = S2.cwiseProduct(dA[l]).cwiseProduct(back) + at.S1[l].cwiseProduct(dback);
  }
  MlpParameters<T> hv;
  hv.W.resize(L + 1);
  hv.b.resize(L + 1);
  const T lambda(spec.lambda), lambda_b(spec.lambda_b);
  for (int l = 1; l <= L; ++l) {
    Matrix<T> dG = ProductABt(dDelta[l], at.Z[l - 1]);
    if (l > 1) dG += ProductABt(at.Delta[l], dZ[l - 1]);
    hv.W[l] = dG / N + lambda * v.W[l];
    hv.b[l] = spec.has_bias(l) ? Vector<T>(dDelta[l].rowwise().sum() / N + lambda_b * v.b[l]) : Vector<T>(0);
  }
  return hv;
}

template <class T>
Matrix<T> DenseHessian(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                       const std::vector<int>& labels) {
  const MlpEvaluation<T> at = Evaluate(spec, theta, X, labels, EvaluationLevel::kGradient);
  const int P = spec.NumParameters();
  Matrix<T> H(P, P);
  // Column j is the product with the unit vector e_j, independent of every
  // other column: the result does not depend on how columns are split.
  auto columns = [&](int first, int last) {
    Vector<T> e = Vector<T>::Zero(P);
    for (int j = first; j < last; ++j) {
      e(j) = T(1);
      H.col(j) = HessianVectorProduct(spec, theta, X, labels, at, MlpParameters<T>::Unflatten(spec, e)).Flatten();
      e(j) = T(0);
    }
  };
  // Built-in floating types split the columns over ParallelThreads() threads;
  // MPFR stays on one (its default precision is per-process state).
  const int threads = std::is_floating_point<T>::value ? std::min(ParallelThreads(), std::max(1, P / 64)) : 1;
  if (threads <= 1) {
    columns(0, P);
  } else {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        try {
          columns(static_cast<int>(static_cast<long>(P) * t / threads),
                  static_cast<int>(static_cast<long>(P) * (t + 1) / threads));
        } catch (...) {
          errors[static_cast<size_t>(t)] = std::current_exception();
        }
      });
    }
    for (auto& th : pool) th.join();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
  }
  return (H + H.transpose()) / T(2);
}

}  // namespace nrc

#endif  // NRC_NETS_DETAIL_MLP_IMPL_H_
