// Definitions of nets/mlp.h templates.
#ifndef NRC_NETS_DETAIL_MLP_IMPL_H_
#define NRC_NETS_DETAIL_MLP_IMPL_H_

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

// Matrices of the given row counts (index from..rows.size()-1) and N columns.
template <class T>
std::vector<Matrix<T>> BatchMatrices(const std::vector<int>& rows, int from, int to, Eigen::Index N) {
  std::vector<Matrix<T>> out(static_cast<size_t>(to) + 1);
  for (int l = from; l <= to; ++l) out[static_cast<size_t>(l)].resize(rows[static_cast<size_t>(l)], N);
  return out;
}

// The per-block partial sums of a gradient-shaped quantity, added in block
// order (the fixed reduction that makes results independent of the threads),
// then scaled: out_l = (sum_b sums[b]_l) / N + decay * base_l.
template <class T>
MlpParameters<T> ReduceBlockSums(const MlpSpec& spec, const std::vector<MlpParameters<T>>& sums, const T& N,
                                 const MlpParameters<T>& base) {
  const int L = spec.depth();
  const T lambda(spec.lambda), lambda_b(spec.lambda_b);
  MlpParameters<T> out;
  out.W.resize(L + 1);
  out.b.resize(L + 1);
  for (int l = 1; l <= L; ++l) {
    Matrix<T> W = sums[0].W[l];
    for (size_t b = 1; b < sums.size(); ++b) W += sums[b].W[l];
    out.W[l] = W / N + lambda * base.W[l];
    if (spec.has_bias(l)) {
      Vector<T> g = sums[0].b[l];
      for (size_t b = 1; b < sums.size(); ++b) g += sums[b].b[l];
      out.b[l] = g / N + lambda_b * base.b[l];
    } else {
      out.b[l] = Vector<T>(0);
    }
  }
  return out;
}

// Runs block(b, first, size, sums[b]) for every block of SampleBlocks(N) on
// ParallelThreads() threads; sums gets one entry per block.
template <class T, class Block>
std::vector<MlpParameters<T>> ForEachSampleBlock(const MlpSpec& spec, Eigen::Index N, Block&& block) {
  const SampleBlocks blocks(static_cast<int>(N));
  std::vector<MlpParameters<T>> sums(static_cast<size_t>(blocks.count()));
  for (auto& s : sums) {
    s.W.resize(spec.depth() + 1);
    s.b.resize(spec.depth() + 1);
  }
  ParallelFor(blocks.count(), [&](int first, int last) {
    for (int b = first; b < last; ++b) block(blocks.Begin(b), blocks.Size(b), sums[static_cast<size_t>(b)]);
  });
  return sums;
}

// The forward pass of the samples [c, c + n) into the column blocks of ev's
// matrices, with their per-sample losses; returns the loss gradients delta_L.
template <class T>
Matrix<T> ForwardBlock(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                       const std::vector<int>& labels, int c, int n, MlpEvaluation<T>& ev) {
  const int L = spec.depth();
  ev.Z[0].middleCols(c, n) = X.middleCols(c, n);
  for (int l = 1; l <= L; ++l) {
    auto A = ev.A[l].middleCols(c, n);
    ProductInto<T>(theta.W[l], ev.Z[l - 1].middleCols(c, n), A);
    if (theta.b[l].size() > 0) A.colwise() += theta.b[l];
    if (l < L) ev.Z[l].middleCols(c, n) = spec.activation.Apply<T>(A);
  }
  const std::vector<int> block_labels(labels.begin() + c, labels.begin() + c + n);
  LossEvaluation<T> loss = spec.loss.Evaluate<T>(ev.A[L].middleCols(c, n), block_labels);
  ev.per_sample_loss.segment(c, n) = loss.per_sample;
  return std::move(loss.delta);
}

// The backward pass of the samples [c, c + n) (delta_L given) into ev's column
// blocks, and this block's sums sum_i delta_{l,i} z_{l-1,i}^T, sum_i delta_{l,i}.
template <class T>
void BackwardBlock(const MlpSpec& spec, const MlpParameters<T>& theta, Matrix<T> delta_L, int c, int n,
                   bool curvature, MlpEvaluation<T>& ev, MlpParameters<T>& sums) {
  const int L = spec.depth();
  ev.Delta[L].middleCols(c, n) = std::move(delta_L);
  for (int l = L - 1; l >= 1; --l) {
    auto A = ev.A[l].middleCols(c, n);
    auto Z = ev.Z[l].middleCols(c, n);
    auto S1 = ev.S1[l].middleCols(c, n);
    auto D = ev.Delta[l].middleCols(c, n);
    S1 = spec.activation.Derivative<T>(A, Z);
    ProductAtBInto<T>(theta.W[l + 1], ev.Delta[l + 1].middleCols(c, n), D);  // W_{l+1}^T Delta_{l+1}
    if (curvature) {
      ev.S2Back[l].middleCols(c, n) = spec.activation.SecondDerivative<T>(A, Z, S1).cwiseProduct(D);
    }
    D.array() *= S1.array();
  }
  for (int l = 1; l <= L; ++l) {
    sums.W[l].resize(spec.widths[l], spec.widths[l - 1]);
    ProductABtInto<T>(ev.Delta[l].middleCols(c, n), ev.Z[l - 1].middleCols(c, n), sums.W[l]);
    if (spec.has_bias(l)) sums.b[l] = ev.Delta[l].middleCols(c, n).rowwise().sum();
  }
}

}  // namespace detail

template <class T>
MlpEvaluation<T> Evaluate(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                          const std::vector<int>& labels, EvaluationLevel level) {
  detail::CheckShapes(spec, theta, X, labels);
  const int L = spec.depth();
  const Eigen::Index N = X.cols();
  const bool gradient = level != EvaluationLevel::kObjective;
  const bool curvature = level == EvaluationLevel::kCurvature;
  MlpEvaluation<T> ev;
  ev.A = detail::BatchMatrices<T>(spec.widths, 1, L, N);
  ev.Z = detail::BatchMatrices<T>(spec.widths, 0, L - 1, N);
  ev.S1.resize(L);
  ev.per_sample_loss.resize(N);
  if (gradient) {
    ev.S1 = detail::BatchMatrices<T>(spec.widths, 1, L - 1, N);
    ev.Delta = detail::BatchMatrices<T>(spec.widths, 1, L, N);
    if (curvature) ev.S2Back = detail::BatchMatrices<T>(spec.widths, 1, L - 1, N);
  }
  const auto sums = detail::ForEachSampleBlock<T>(spec, N, [&](int c, int n, MlpParameters<T>& block_sums) {
    Matrix<T> delta_L = detail::ForwardBlock(spec, theta, X, labels, c, n, ev);
    if (gradient) detail::BackwardBlock(spec, theta, std::move(delta_L), c, n, curvature, ev, block_sums);
  });
  const T NT(static_cast<int>(N));
  ev.data_loss = N > 0 ? T(ev.per_sample_loss.sum() / NT) : T(0);
  T penalty_w(0), penalty_b(0);
  for (int l = 1; l <= L; ++l) {
    penalty_w += theta.W[l].squaredNorm();
    penalty_b += theta.b[l].squaredNorm();
  }
  ev.objective = ev.data_loss + T(spec.lambda) * penalty_w / 2 + T(spec.lambda_b) * penalty_b / 2;
  if (gradient) ev.gradient = detail::ReduceBlockSums(spec, sums, NT, theta);
  return ev;
}

namespace detail {

// This block's share of H v: sums_l = sum_i (dDelta_{l,i} z_{l-1,i}^T +
// delta_{l,i} dz_{l-1,i}^T) and sum_i dDelta_{l,i} for the samples [c, c + n).
// gauss_newton: the share of G v instead, without the terms that carry
// delta_l (delta_{l,i} dz_{l-1,i}^T, dW_l^T delta_l and s''(a) (W_l^T delta_l)):
// dDelta_{l-1} = s'(A) .* (W_l^T dDelta_l), a linear backward pass of H_out dF.
template <class T>
void HessianVectorProductBlock(const MlpSpec& spec, const MlpParameters<T>& theta, const MlpEvaluation<T>& at,
                               const MlpParameters<T>& v, int c, int n, bool gauss_newton, MlpParameters<T>& sums) {
  const int L = spec.depth();
  // Forward tangents dA_l, dZ_l (dZ_0 = 0: the data do not move).
  std::vector<Matrix<T>> dA(L + 1), dZ(L);
  for (int l = 1; l <= L; ++l) {
    dA[l].resize(spec.widths[l], n);
    ProductInto<T>(v.W[l], at.Z[l - 1].middleCols(c, n), dA[l]);
    if (v.b[l].size() > 0) dA[l].colwise() += v.b[l];
    if (l > 1) ProductInto<T>(theta.W[l], dZ[l - 1], dA[l], ProductUpdate::kAdd);
    if (l < L) dZ[l] = at.S1[l].middleCols(c, n).cwiseProduct(dA[l]);
  }
  // Backward tangents dDelta_l, from l = L down, each used for layer l's sums.
  Matrix<T> dDelta = spec.loss.DeltaTangent<T>(at.A[L].middleCols(c, n), dA[L]);
  for (int l = L; l >= 1; --l) {
    sums.W[l].resize(spec.widths[l], spec.widths[l - 1]);
    ProductABtInto<T>(dDelta, at.Z[l - 1].middleCols(c, n), sums.W[l]);
    if (l > 1 && !gauss_newton) {
      ProductABtInto<T>(at.Delta[l].middleCols(c, n), dZ[l - 1], sums.W[l], ProductUpdate::kAdd);
    }
    if (spec.has_bias(l)) sums.b[l] = dDelta.rowwise().sum();
    if (l == 1) break;
    if (gauss_newton) {
      Matrix<T> back(spec.widths[l - 1], n);
      ProductAtBInto<T>(theta.W[l], dDelta, back);
      dDelta = at.S1[l - 1].middleCols(c, n).cwiseProduct(back);
      continue;
    }
    // dDelta_{l-1} = s''(A) .* dA .* (W_l^T Delta_l) + s'(A) .* (dW_l^T Delta_l + W_l^T dDelta_l).
    Matrix<T> dback(spec.widths[l - 1], n);
    ProductAtBInto<T>(v.W[l], at.Delta[l].middleCols(c, n), dback);
    ProductAtBInto<T>(theta.W[l], dDelta, dback, ProductUpdate::kAdd);
    Matrix<T> curvature;
    if (!at.S2Back.empty()) {
      curvature = at.S2Back[l - 1].middleCols(c, n);
    } else {
      curvature.resize(spec.widths[l - 1], n);
      ProductAtBInto<T>(theta.W[l], at.Delta[l].middleCols(c, n), curvature);
      curvature.array() *= spec.activation
                               .template SecondDerivative<T>(at.A[l - 1].middleCols(c, n),
                                                             at.Z[l - 1].middleCols(c, n),
                                                             at.S1[l - 1].middleCols(c, n))
                               .array();
    }
    dDelta = curvature.cwiseProduct(dA[l - 1]) + at.S1[l - 1].middleCols(c, n).cwiseProduct(dback);
  }
}

// H v (gauss_newton false) or G v: the block shares, reduced in block order.
template <class T>
MlpParameters<T> CurvatureVectorProduct(const char* who, const MlpSpec& spec, const MlpParameters<T>& theta,
                                        const Matrix<T>& X, const MlpEvaluation<T>& at, const MlpParameters<T>& v,
                                        bool gauss_newton) {
  if (at.Delta.empty()) throw std::invalid_argument(std::string(who) + " needs an evaluation at level kGradient or kCurvature");
  const auto sums = ForEachSampleBlock<T>(spec, X.cols(), [&](int c, int n, MlpParameters<T>& block_sums) {
    HessianVectorProductBlock(spec, theta, at, v, c, n, gauss_newton, block_sums);
  });
  return ReduceBlockSums(spec, sums, T(static_cast<int>(X.cols())), v);
}

}  // namespace detail

template <class T>
MlpParameters<T> HessianVectorProduct(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                      const std::vector<int>& labels, const MlpEvaluation<T>& at,
                                      const MlpParameters<T>& v) {
  return detail::CurvatureVectorProduct("HessianVectorProduct", spec, theta, X, at, v, /*gauss_newton=*/false);
}

template <class T>
MlpParameters<T> GaussNewtonVectorProduct(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                          const std::vector<int>& labels, const MlpEvaluation<T>& at,
                                          const MlpParameters<T>& v) {
  return detail::CurvatureVectorProduct("GaussNewtonVectorProduct", spec, theta, X, at, v, /*gauss_newton=*/true);
}

template <class T>
Matrix<T> DenseHessian(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                       const std::vector<int>& labels) {
  const MlpEvaluation<T> at = Evaluate(spec, theta, X, labels, EvaluationLevel::kCurvature);
  const int P = spec.NumParameters();
  Matrix<T> H(P, P);
  // Column j is the product with the unit vector e_j, independent of every
  // other column (and run serially inside the loop): the result does not
  // depend on how columns are split.
  ParallelFor(
      P,
      [&](int first, int last) {
        Vector<T> e = Vector<T>::Zero(P);
        for (int j = first; j < last; ++j) {
          e(j) = T(1);
          H.col(j) =
              HessianVectorProduct(spec, theta, X, labels, at, MlpParameters<T>::Unflatten(spec, e)).Flatten();
          e(j) = T(0);
        }
      },
      /*min_per_thread=*/64);
  return (H + H.transpose()) / T(2);
}

}  // namespace nrc

#endif  // NRC_NETS_DETAIL_MLP_IMPL_H_
