#include "enclosures/midrad_network.h"

#include <stdexcept>

#include "enclosures/detail/activation_enclosures.h"
#include "enclosures/interval_network.h"
#include "numerics/detail/midrad_blocks.h"
#include "numerics/midrad_enclosures.h"
#include "numerics/parallel.h"

namespace nrc {
namespace {

// Y (K x N): Y(c, s) = 1 when sample s has label c (exact).
MidradMatrix OneHot(const std::vector<int>& labels, int K) {
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(K, static_cast<int>(labels.size()));
  for (size_t s = 0; s < labels.size(); ++s) y(labels[s], static_cast<int>(s)) = 1;
  return MidradMatrix::FromDoubles(y);
}

// delta_L = grad_f loss (MSE: f - y; CE: softmax(f) - y per sample in MPFI),
// and *loss_sum encloses sum_i loss_i (MSE: (1/2) ||F - Y||_F^2; CE per sample
// in MPFI at 53 bits, detail::EncloseCrossEntropy).
MidradMatrix OutputSignal(const MlpSpec& spec, const MidradMatrix& F, const MidradMatrix& Y,
                          const std::vector<int>& labels, Interval* loss_sum) {
  if (spec.loss.kind() == LossKind::kMse) {
    MidradMatrix delta = F - Y;
    *loss_sum = Interval(0.5) * Sqr(FrobeniusNorm(delta));
    return delta;
  }
  const int K = F.rows(), N = F.cols();
  ScopedIntervalPrecision bits(53);  // set here, read by the workers
  Eigen::MatrixXd m(K, N), r(K, N);
  // Per sample in MPFI, over fixed blocks of samples; the losses are summed
  // per block and the block sums in block order (the same bits for every
  // thread count).
  const SampleBlocks blocks = detail::EntrywiseColumnBlocks(K, N, detail::kMpfiEntryWork);
  std::vector<Interval> sums(static_cast<size_t>(blocks.count()));
  ParallelFor(blocks.count(), [&](int first, int last) {
    std::vector<Interval> f(static_cast<size_t>(K));
    for (int b = first; b < last; ++b) {
      Interval sum;
      for (int s = blocks.Begin(b); s < blocks.Begin(b + 1); ++s) {
        for (int i = 0; i < K; ++i) f[static_cast<size_t>(i)] = F.Entry(i, s);
        const int c = labels[static_cast<size_t>(s)];
        const std::vector<Interval> d = detail::EncloseSoftmaxSignal(f, c);
        for (int i = 0; i < K; ++i) IntervalToMidrad(d[static_cast<size_t>(i)], &m(i, s), &r(i, s));
        sum += detail::EncloseCrossEntropy(f, c);
      }
      sums[static_cast<size_t>(b)] = sum;
    }
  });
  Interval sum;
  for (const Interval& x : sums) sum += x;
  *loss_sum = sum;
  return MidradMatrix(std::move(m), std::move(r));
}

}  // namespace

MidradNetwork MidradNetwork::Build(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                   const Dataset& data) {
  std::vector<IntervalMatrix> W, b;
  ScopedIntervalPrecision bits(std::max(64, IntervalPrecisionBits()));
  IntervalNetwork::EncloseParameters(spec, parameters, data, &W, &b);
  return FromEnclosedParameters(spec, FromIntervals(W), FromIntervals(b), data);
}

std::vector<MidradMatrix> MidradNetwork::FromIntervals(const std::vector<IntervalMatrix>& m) {
  std::vector<MidradMatrix> r(m.size());
  for (size_t l = 1; l < m.size(); ++l) r[l] = MidradMatrix::FromIntervals(m[l]);
  return r;
}

MidradNetwork MidradNetwork::FromEnclosedParameters(const MlpSpec& spec, std::vector<MidradMatrix> W,
                                                    std::vector<MidradMatrix> b, const Dataset& data) {
  if (static_cast<int>(W.size()) != spec.depth() + 1 || W.size() != b.size())
    throw std::invalid_argument("midrad network: one W_l and b_l per layer (1..L)");
  MidradNetwork n;
  n.W = std::move(W);
  n.b = std::move(b);
  n.SetSetting(spec, data);
  const int L = n.L;
  const MidradMatrix Y = OneHot(data.labels, n.K);
  std::vector<MidradMatrix> S1;
  const MidradMatrix F = Forward(spec, n.W, n.b, MidradMatrix::FromDoubles(data.X), &n.Z, &S1);
  // Backward pass.
  n.Delta.resize(L + 1);
  Interval loss_sum;
  n.Delta[L] = OutputSignal(spec, F, Y, data.labels, &loss_sum);
  for (int l = L - 1; l >= 1; --l) n.Delta[l] = CwiseProduct(n.W[l + 1].Transpose() * n.Delta[l + 1], S1[l]);
  // Gradients, class sums of the signals, ||grad J||_2.
  const Interval inv_n = Interval(1.0) / Interval(static_cast<double>(n.N));
  const MidradMatrix ones = MidradMatrix::FromDoubles(Eigen::MatrixXd::Ones(n.N, 1));
  const MidradMatrix Yt = Y.Transpose();
  n.data_loss = inv_n * loss_sum;
  n.ResizeGradients();
  Interval sq;
  for (int l = 1; l <= L; ++l) {
    n.G[l] = n.WeightGradient(l, inv_n);
    n.gb[l] = spec.has_bias(l) ? inv_n * (n.Delta[l] * ones) + n.lambda_b * n.b[l] : MidradMatrix(n.W[l].rows(), 1);
    n.S[l] = n.Delta[l] * Yt;
    sq += Sqr(FrobeniusNorm(n.G[l])) + Sqr(FrobeniusNorm(n.gb[l]));
  }
  n.grad_norm = Sqrt(sq);
  // Class statistics of Z_k.
  const std::vector<int> counts = data.ClassCounts();
  std::vector<Interval> inv_counts;
  for (int c : counts) inv_counts.push_back(Interval(1.0) / Interval(static_cast<double>(c)));
  n.E.resize(L);
  n.mu.resize(L);
  for (int k = 0; k < L; ++k) {
    n.mu[k] = ScaleColumns(n.Z[k] * Yt, inv_counts);
    n.E[k] = n.Z[k] - n.mu[k].Columns(data.labels);
  }
  return n;
}

MidradMatrix MidradNetwork::Forward(const MlpSpec& spec, const std::vector<MidradMatrix>& W,
                                   const std::vector<MidradMatrix>& b, MidradMatrix Z0, std::vector<MidradMatrix>* Z,
                                   std::vector<MidradMatrix>* S1) {
  const int L = spec.depth();
  Z->assign(static_cast<std::size_t>(L), MidradMatrix());
  if (S1) S1->assign(static_cast<std::size_t>(L), MidradMatrix());
  (*Z)[0] = std::move(Z0);
  for (int l = 1; l <= L; ++l) {
    const std::size_t s = static_cast<std::size_t>(l);
    MidradMatrix A = AddToColumns(W[s] * (*Z)[s - 1], b[s]);
    if (l == L) return A;
    MidradMatrix ds;
    detail::EncloseActivation(spec.activation, A, &(*Z)[s], &ds);
    if (S1) (*S1)[s] = std::move(ds);
  }
  return MidradMatrix();
}

MidradMatrix MidradNetwork::SignalTimesDeviations(int l) const {
  return (Interval(1.0) / Interval(static_cast<double>(N))) * TimesTransposed(Delta[l], E[l - 1]);
}

}  // namespace nrc
