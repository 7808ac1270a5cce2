#include "proofs-check/compression_proof.h"

#include <cmath>
#include <stdexcept>

#include "enclosures/interval_network.h"
#include "nets/activation.h"
#include "numerics/enclosures.h"

namespace nrc {
namespace {

void CheckShapes(const MlpSpec& spec, const LowRankFactors& f) {
  const int L = spec.depth();
  if (static_cast<int>(f.U.size()) != L + 1 || static_cast<int>(f.Vt.size()) != L + 1)
    throw std::invalid_argument("compression: " + std::to_string(f.U.size() - 1) + " factor layers for a network of depth " +
                                std::to_string(L));
  for (int l = 1; l <= L; ++l) {
    const auto& U = f.U[static_cast<std::size_t>(l)];
    const auto& Vt = f.Vt[static_cast<std::size_t>(l)];
    if (U.rows() != spec.widths[l] || Vt.cols() != spec.widths[l - 1] || U.cols() != Vt.rows())
      throw std::invalid_argument("compression: layer " + std::to_string(l) + " factors are " +
                                  std::to_string(U.rows()) + "x" + std::to_string(U.cols()) + " and " +
                                  std::to_string(Vt.rows()) + "x" + std::to_string(Vt.cols()) + ", W_" +
                                  std::to_string(l) + " is " + std::to_string(spec.widths[l]) + "x" +
                                  std::to_string(spec.widths[l - 1]));
  }
}

// Is F_c - F_k > threshold for every k != c (every point of the enclosures)?
bool SeparatedBy(const IntervalMatrix& F, int i, int c, const Interval& threshold) {
  for (int k = 0; k < F.rows(); ++k)
    if (k != c && !CertainlyLess(threshold, F(c, i) - F(k, i))) return false;
  return true;
}

}  // namespace

Interval CompressionProof::SpectralNorm(const IntervalMatrix& a) {
  if (a.rows() == 0 || a.cols() == 0) return Interval(0.0);
  const SingularValueEnclosure s = EncloseSingularValues(a);
  if (s.ok && !s.sigma.empty() && s.sigma[0].IsFinite()) return s.sigma[0];
  return Interval(0.0, SpectralNormUpper(a));
}

IntervalMatrix CompressionProof::Product(const LowRankFactors& f, int l) {
  return IntervalMatrix::FromDoubles(f.U[static_cast<std::size_t>(l)]) * f.Vt[static_cast<std::size_t>(l)];
}

long long LowRankFactors::StoredWeights() const {
  long long n = 0;
  for (std::size_t l = 1; l < U.size(); ++l) n += static_cast<long long>(U[l].cols()) * (U[l].rows() + Vt[l].cols());
  return n;
}

void CompressionProof::EncloseLayerNorms(const std::vector<IntervalMatrix>& W, const LowRankFactors& factors,
                                         std::vector<Interval>* eps, std::vector<Interval>* norm_Wt) {
  const int L = static_cast<int>(W.size()) - 1;
  eps->assign(static_cast<std::size_t>(L + 1), Interval());
  norm_Wt->assign(static_cast<std::size_t>(L + 1), Interval());
  for (int l = 1; l <= L; ++l) {
    const IntervalMatrix Wt = Product(factors, l);
    (*eps)[static_cast<std::size_t>(l)] = SpectralNorm(W[static_cast<std::size_t>(l)] - Wt);
    (*norm_Wt)[static_cast<std::size_t>(l)] = SpectralNorm(Wt);
  }
}

CompressionForward CompressionProof::EncloseOriginal(const MlpSpec& spec, const std::vector<IntervalMatrix>& W,
                                                     const std::vector<IntervalMatrix>& b, const Eigen::MatrixXd& X) {
  const int L = spec.depth();
  CompressionForward fwd;
  std::vector<IntervalMatrix> Z;
  fwd.F = IntervalNetwork::Forward(spec, W, b, IntervalMatrix::FromDoubles(X), &Z);
  fwd.z_norm.assign(static_cast<std::size_t>(L + 1), {});
  for (int l = 1; l <= L; ++l) fwd.z_norm[static_cast<std::size_t>(l)] = ColumnNorms(Z[static_cast<std::size_t>(l - 1)]);
  return fwd;
}

IntervalMatrix CompressionProof::EncloseOutputs(const MlpSpec& spec, const std::vector<IntervalMatrix>& Wt,
                                                const std::vector<IntervalMatrix>& b, const Eigen::MatrixXd& X) {
  std::vector<IntervalMatrix> Z;
  return IntervalNetwork::Forward(spec, Wt, b, IntervalMatrix::FromDoubles(X), &Z);
}

CompressionForward CompressionProof::Enclose(const MlpSpec& spec, const std::vector<IntervalMatrix>& W,
                                             const std::vector<IntervalMatrix>& b, const LowRankFactors& factors,
                                             const Eigen::MatrixXd& X) {
  CheckShapes(spec, factors);
  CompressionForward fwd = EncloseOriginal(spec, W, b, X);
  std::vector<IntervalMatrix> Wt(static_cast<std::size_t>(spec.depth() + 1));
  for (int l = 1; l <= spec.depth(); ++l) Wt[static_cast<std::size_t>(l)] = Product(factors, l);
  fwd.Ft = EncloseOutputs(spec, Wt, b, X);
  return fwd;
}

CompressionProof CompressionProof::FromForward(const MlpSpec& spec, const std::vector<Interval>& eps,
                                               const std::vector<Interval>& norm_Wt, const CompressionForward& fwd) {
  CompressionProof p;
  p.bits = IntervalPrecisionBits();
  p.eps = eps;
  p.norm_Wt = norm_Wt;
  const int L = spec.depth(), N = fwd.F.cols();
  const Interval lip(spec.activation.Lipschitz<double>());  // exact for the interval path's activations
  const Interval root2 = Sqrt(Interval(2.0));
  p.bound.assign(static_cast<std::size_t>(N), Interval());
  for (int l = 1; l <= L; ++l) {
    const auto& z = fwd.z_norm[static_cast<std::size_t>(l)];
    for (int i = 0; i < N; ++i) {
      Interval& e = p.bound[static_cast<std::size_t>(i)];
      e = norm_Wt[static_cast<std::size_t>(l)] * e + eps[static_cast<std::size_t>(l)] * z[static_cast<std::size_t>(i)];
      if (l < L) e = lip * e;
    }
  }
  p.observed = ColumnNorms(fwd.Ft - fwd.F);
  p.predicted.assign(static_cast<std::size_t>(N), -1);
  p.kept.assign(static_cast<std::size_t>(N), 0);
  double worst = -1;
  for (int i = 0; i < N; ++i) {
    const std::size_t s = static_cast<std::size_t>(i);
    int c = 0;
    for (int k = 1; k < fwd.F.rows(); ++k)
      if (fwd.F(k, i).Mid() > fwd.F(c, i).Mid()) c = k;
    if (SeparatedBy(fwd.F, i, c, Interval(0.0))) p.predicted[s] = c;
    if (p.predicted[s] >= 0 && SeparatedBy(fwd.F, i, c, root2 * p.bound[s])) {
      p.kept[s] = 1;
      ++p.kept_count;
    }
    if (CertainlyLessEqual(p.observed[s], p.bound[s])) ++p.held_samples;
    if (CertainlyLess(p.bound[s], p.observed[s])) ++p.violated_samples;
    const double lo = p.bound[s].Lower(), ratio = lo > 0 ? p.observed[s].Upper() / lo : HUGE_VAL;
    if (ratio > worst || p.worst_sample < 0) {
      worst = ratio;
      p.worst_sample = i;
    }
  }
  return p;
}

CompressionProof CompressionProof::Prove(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                         const LowRankFactors& factors, const Eigen::MatrixXd& X, int bits) {
  std::string why;
  if (!IntervalNetwork::Supports(spec, &why)) throw std::invalid_argument(why);
  CheckShapes(spec, factors);
  ScopedIntervalPrecision guard(bits);
  std::vector<IntervalMatrix> W, b;
  IntervalNetwork::EncloseParameters(spec, parameters, &W, &b);
  std::vector<Interval> eps, norm_Wt;
  EncloseLayerNorms(W, factors, &eps, &norm_Wt);
  return FromForward(spec, eps, norm_Wt, Enclose(spec, W, b, factors, X));
}

}  // namespace nrc
