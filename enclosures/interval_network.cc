#include "enclosures/interval_network.h"

#include <stdexcept>

#include "enclosures/detail/activation_enclosures.h"

namespace nrc {

bool IntervalNetwork::Supports(const MlpSpec& spec, std::string* why) {
  return detail::ActivationSupported(spec.activation, why);
}

void IntervalNetwork::EncloseParameters(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                        const Dataset& data, std::vector<IntervalMatrix>* W,
                                        std::vector<IntervalMatrix>* b) {
  std::string why;
  if (!Supports(spec, &why)) throw std::invalid_argument(why);
  if (static_cast<int>(parameters.size()) != spec.NumParameters())
    throw std::invalid_argument("interval network: parameter count does not match the architecture");
  if (data.dim() != spec.widths.front() || data.num_classes != spec.num_classes())
    throw std::invalid_argument("interval network: data shape does not match the architecture");
  EncloseParameters(spec, parameters, W, b);
}

IntervalNetwork IntervalNetwork::Build(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                       const Dataset& data) {
  IntervalNetwork n;
  EncloseParameters(spec, parameters, data, &n.W, &n.b);
  // lambda, lambda_b and the data are the exact binary doubles every precision
  // uses (nets/mlp_spec.h; data.csv's "%.17g" values round-trip to them).
  n.SetSetting(spec, data);
  const int L = n.L, N = n.N, K = n.K;
  std::vector<IntervalMatrix> S1;
  const IntervalMatrix F = Forward(spec, n.W, n.b, IntervalMatrix::FromDoubles(data.X), &n.Z, &S1);
  // delta_L = grad_f loss.
  n.Delta.resize(L + 1);
  IntervalMatrix D(K, N);
  for (int s = 0; s < N; ++s) {
    const int c = data.labels[static_cast<size_t>(s)];
    if (spec.loss.kind() == LossKind::kMse) {
      for (int i = 0; i < K; ++i) D(i, s) = i == c ? F(i, s) - Interval(1.0) : F(i, s);
    } else {
      std::vector<Interval> f(static_cast<size_t>(K));
      for (int i = 0; i < K; ++i) f[static_cast<size_t>(i)] = F(i, s);
      const std::vector<Interval> d = detail::EncloseSoftmaxSignal(f, c);
      for (int i = 0; i < K; ++i) D(i, s) = d[static_cast<size_t>(i)];
    }
  }
  n.Delta[L] = std::move(D);
  for (int l = L - 1; l >= 1; --l) {
    IntervalMatrix B = n.W[l + 1].Transpose() * n.Delta[l + 1];
    for (int i = 0; i < B.rows(); ++i)
      for (int s = 0; s < N; ++s) B(i, s) *= S1[l](i, s);
    n.Delta[l] = std::move(B);
  }
  // Gradients.
  const Interval inv_n = Interval(1.0) / Interval(static_cast<double>(N));
  n.ResizeGradients();
  Interval sq;
  for (int l = 1; l <= L; ++l) {
    n.G[l] = n.WeightGradient(l, inv_n);
    n.gb[l] = IntervalMatrix(n.Delta[l].rows(), 1);
    n.S[l] = IntervalMatrix(n.Delta[l].rows(), K);
    for (int i = 0; i < n.Delta[l].rows(); ++i) {
      Interval sum;
      for (int s = 0; s < N; ++s) {
        sum += n.Delta[l](i, s);
        n.S[l](i, data.labels[static_cast<size_t>(s)]) += n.Delta[l](i, s);
      }
      if (spec.has_bias(l)) n.gb[l](i, 0) = inv_n * sum + n.lambda_b * n.b[l](i, 0);
    }
    for (int i = 0; i < n.G[l].rows(); ++i)
      for (int j = 0; j < n.G[l].cols(); ++j) sq += Sqr(n.G[l](i, j));
    if (spec.has_bias(l))
      for (int i = 0; i < n.gb[l].rows(); ++i) sq += Sqr(n.gb[l](i, 0));
  }
  n.grad_norm = Sqrt(sq);
  // Class statistics of Z_k.
  const std::vector<int> counts = data.ClassCounts();
  n.E.resize(L);
  n.mu.resize(L);
  for (int kk = 0; kk < L; ++kk) {
    const IntervalMatrix& Zk = n.Z[kk];
    IntervalMatrix mu(Zk.rows(), K);
    for (int i = 0; i < Zk.rows(); ++i)
      for (int s = 0; s < N; ++s) mu(i, data.labels[static_cast<size_t>(s)]) += Zk(i, s);
    for (int c = 0; c < K; ++c) {
      const Interval inv_c = Interval(1.0) / Interval(static_cast<double>(counts[static_cast<size_t>(c)]));
      for (int i = 0; i < Zk.rows(); ++i) mu(i, c) *= inv_c;
    }
    IntervalMatrix E(Zk.rows(), N);
    for (int i = 0; i < Zk.rows(); ++i)
      for (int s = 0; s < N; ++s) E(i, s) = Zk(i, s) - mu(i, data.labels[static_cast<size_t>(s)]);
    n.mu[kk] = std::move(mu);
    n.E[kk] = std::move(E);
  }
  return n;
}

void IntervalNetwork::EncloseParameters(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                        std::vector<IntervalMatrix>* W, std::vector<IntervalMatrix>* b) {
  const int L = spec.depth();
  if (static_cast<int>(parameters.size()) != spec.NumParameters())
    throw std::invalid_argument("interval network: parameter count does not match the architecture");
  W->assign(L + 1, IntervalMatrix());
  b->assign(L + 1, IntervalMatrix());
  size_t k = 0;
  for (int l = 1; l <= L; ++l) {
    const int rows = spec.widths[l], cols = spec.widths[l - 1];
    (*W)[l] = IntervalMatrix(rows, cols);
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) (*W)[l](i, j) = Interval::FromText(parameters[k++]);
    (*b)[l] = IntervalMatrix(rows, 1);
    if (spec.has_bias(l))
      for (int i = 0; i < rows; ++i) (*b)[l](i, 0) = Interval::FromText(parameters[k++]);
  }
}

IntervalMatrix IntervalNetwork::Forward(const MlpSpec& spec, const std::vector<IntervalMatrix>& W,
                                        const std::vector<IntervalMatrix>& b, IntervalMatrix Z0,
                                        std::vector<IntervalMatrix>* Z, std::vector<IntervalMatrix>* S1) {
  const int L = spec.depth(), N = Z0.cols();
  Z->assign(L, IntervalMatrix());
  if (S1) S1->assign(L, IntervalMatrix());
  (*Z)[0] = std::move(Z0);
  for (int l = 1; l <= L; ++l) {
    IntervalMatrix A = W[l] * (*Z)[l - 1];
    for (int i = 0; i < A.rows(); ++i)
      for (int s = 0; s < N; ++s) A(i, s) += b[l](i, 0);
    if (l == L) return A;
    (*Z)[l] = IntervalMatrix(A.rows(), N);
    IntervalMatrix ds(A.rows(), N);
    for (int i = 0; i < A.rows(); ++i)
      for (int s = 0; s < N; ++s) detail::EncloseActivation(spec.activation, A(i, s), &(*Z)[l](i, s), &ds(i, s));
    if (S1) (*S1)[l] = std::move(ds);
  }
  return IntervalMatrix();
}

IntervalMatrix IntervalNetwork::SignalTimesDeviations(int l) const {
  return (Interval(1.0) / Interval(static_cast<double>(N))) * (Delta[l] * E[l - 1].Transpose());
}

}  // namespace nrc
