#include "proofs-check/interval_network.h"

#include <stdexcept>

namespace nrc {
namespace {

// s(a) and s'(a) enclosures for the supported activations.
void Activate(const Activation& act, const Interval& a, Interval* s, Interval* ds) {
  const Interval one(1.0);
  switch (act.kind()) {
    case ActivationKind::kTanh: {
      *s = Tanh(a);
      *ds = one - Sqr(*s);  // 1 - tanh^2: {1 - t^2 : t in Tanh(a)} contains s'(a)
      return;
    }
    case ActivationKind::kSigmoid: {
      *s = one / (one + Exp(-a));
      *ds = *s * (one - *s);
      return;
    }
    case ActivationKind::kSoftplus: {
      *s = Log1p(Exp(a));
      *ds = one / (one + Exp(-a));
      return;
    }
    case ActivationKind::kIdentity: {
      *s = a;
      *ds = one;
      return;
    }
    case ActivationKind::kLeakyRelu: {
      const Interval slope = Interval::AroundDouble(act.leaky_slope());
      const double lo = a.Lower(), hi = a.Upper();
      if (lo > 0) {
        *s = a;
        *ds = one;
      } else if (hi < 0) {
        *s = slope * a;
        *ds = slope;
      } else {  // a straddles 0: s is monotone, s'(0) = 0 by the spec's convention
        *s = Hull(slope * a, Max0(a));
        *ds = Hull(Hull(slope, one), Interval(0.0));
      }
      return;
    }
    default: break;
  }
  throw std::invalid_argument("activation " + act.Name() + " is not supported by the interval path");
}

}  // namespace

bool IntervalNetwork::Supports(const MlpSpec& spec, std::string* why) {
  switch (spec.activation.kind()) {
    case ActivationKind::kTanh:
    case ActivationKind::kSigmoid:
    case ActivationKind::kSoftplus:
    case ActivationKind::kIdentity:
    case ActivationKind::kLeakyRelu: return true;
    default: break;
  }
  if (why) *why = "activation " + spec.activation.Name() + " is not supported by the interval path";
  return false;
}

IntervalNetwork IntervalNetwork::Build(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                       const Dataset& data) {
  std::string why;
  if (!Supports(spec, &why)) throw std::invalid_argument(why);
  if (static_cast<int>(parameters.size()) != spec.NumParameters())
    throw std::invalid_argument("interval network: parameter count does not match the architecture");
  if (data.dim() != spec.widths.front() || data.num_classes != spec.num_classes())
    throw std::invalid_argument("interval network: data shape does not match the architecture");
  IntervalNetwork n;
  n.spec = spec;
  n.L = spec.depth();
  n.K = spec.num_classes();
  n.N = data.size();
  n.labels = data.labels;
  // lambda, lambda_b and the data are the exact binary doubles every precision
  // uses (nets/mlp_spec.h; data.csv's "%.17g" values round-trip to them).
  n.lambda = Interval(spec.lambda);
  n.lambda_b = Interval(spec.lambda_b);
  const int L = n.L, N = n.N, K = n.K;
  EncloseParameters(spec, parameters, &n.W, &n.b);
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
      // softmax(f) with a shift m (any constant gives the same exact value).
      double m = F(0, s).Mid();
      for (int i = 1; i < K; ++i) m = std::max(m, F(i, s).Mid());
      Interval total;
      std::vector<Interval> e(static_cast<size_t>(K));
      for (int i = 0; i < K; ++i) {
        e[static_cast<size_t>(i)] = Exp(F(i, s) - Interval(m));
        total += e[static_cast<size_t>(i)];
      }
      for (int i = 0; i < K; ++i) {
        D(i, s) = e[static_cast<size_t>(i)] / total;
        if (i == c) D(i, s) -= Interval(1.0);
      }
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
  n.G.resize(L + 1);
  n.gb.resize(L + 1);
  n.S.resize(L + 1);
  Interval sq;
  for (int l = 1; l <= L; ++l) {
    n.G[l] = inv_n * (n.Delta[l] * n.Z[l - 1].Transpose()) + n.lambda * n.W[l];
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
      for (int s = 0; s < N; ++s) Activate(spec.activation, A(i, s), &(*Z)[l](i, s), &ds(i, s));
    if (S1) (*S1)[l] = std::move(ds);
  }
  return IntervalMatrix();
}

IntervalMatrix IntervalNetwork::SignalTimesDeviations(int l) const {
  return (Interval(1.0) / Interval(static_cast<double>(N))) * (Delta[l] * E[l - 1].Transpose());
}

}  // namespace nrc
