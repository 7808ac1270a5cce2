#include "training/detail/kronecker_factors.h"

#include <stdexcept>

#include "nets/mlp.h"
#include "numerics/parallel.h"
#include "numerics/products.h"

namespace nrc {
namespace detail {
namespace {

// This block's (unscaled) sums of zt zt^T and g g^T, layer by layer.
std::vector<KroneckerFactorPair> BlockSums(const MlpSpec& spec, const MlpParameters<double>& theta,
                                           const MlpEvaluation<double>& ev, int c, int n, bool skip_first_input) {
  const int L = spec.depth();
  const int K = spec.num_classes();
  std::vector<KroneckerFactorPair> out(static_cast<size_t>(L));
  std::vector<Matrix<double>> S1(static_cast<size_t>(L));
  for (int l = 1; l <= L; ++l) {
    KroneckerFactorPair& f = out[static_cast<size_t>(l - 1)];
    const auto Z = ev.Z[l - 1].middleCols(c, n);
    const int d = spec.widths[l - 1];
    const int da = d + (spec.has_bias(l) ? 1 : 0);
    f.S = Matrix<double>::Zero(spec.widths[l], spec.widths[l]);
    if (l < L) {
      S1[static_cast<size_t>(l)] =
          spec.activation.Derivative<double>(ev.A[l].middleCols(c, n), ev.Z[l].middleCols(c, n));
    }
    if (l == 1 && skip_first_input) continue;
    f.A = Matrix<double>::Zero(da, da);
    Matrix<double> ZZ = Matrix<double>::Zero(d, d);
    ZZ.selfadjointView<Eigen::Lower>().rankUpdate(Z);  // half the flops of Z Z^T
    f.A.topLeftCorner(d, d) = ZZ.selfadjointView<Eigen::Lower>();
    if (da > d) {
      const Vector<double> s = Z.rowwise().sum();
      f.A.block(0, d, d, 1) = s;
      f.A.block(d, 0, 1, d) = s.transpose();
      f.A(d, d) = n;
    }
  }
  const Matrix<double> F = ev.A[L].middleCols(c, n);
  for (int k = 0; k < K; ++k) {
    Matrix<double> G = spec.loss.HessianFactorColumn(F, k);
    for (int l = L;; --l) {
      out[static_cast<size_t>(l - 1)].S.selfadjointView<Eigen::Lower>().rankUpdate(G);
      if (l == 1) break;
      Matrix<double> back(spec.widths[l - 1], n);
      ProductAtBInto<double>(theta.W[l], G, back);
      G = S1[static_cast<size_t>(l - 1)].cwiseProduct(back);
    }
  }
  return out;
}

}  // namespace

std::vector<KroneckerFactorPair> ComputeKroneckerFactors(const MlpSpec& spec, const MlpParameters<double>& theta,
                                                         const Matrix<double>& X, const std::vector<int>& labels,
                                                         bool skip_first_input) {
  if (X.cols() == 0) throw std::invalid_argument("Kronecker factors: no samples");
  const MlpEvaluation<double> ev = Evaluate(spec, theta, X, labels, EvaluationLevel::kObjective);
  const int N = static_cast<int>(X.cols());
  const SampleBlocks blocks(N);
  std::vector<std::vector<KroneckerFactorPair>> sums(static_cast<size_t>(blocks.count()));
  ParallelFor(blocks.count(), [&](int first, int last) {
    for (int b = first; b < last; ++b) {
      sums[static_cast<size_t>(b)] = BlockSums(spec, theta, ev, blocks.Begin(b), blocks.Size(b), skip_first_input);
    }
  });
  std::vector<KroneckerFactorPair> out = std::move(sums[0]);
  for (size_t b = 1; b < sums.size(); ++b) {
    for (size_t l = 0; l < out.size(); ++l) {
      out[l].A += sums[b][l].A;
      out[l].S += sums[b][l].S;
    }
    sums[b].clear();
  }
  for (auto& f : out) {
    f.A /= N;
    const Matrix<double> full = f.S.selfadjointView<Eigen::Lower>();  // rankUpdate filled the lower triangle
    f.S = full / N;
  }
  return out;
}

}  // namespace detail
}  // namespace nrc
