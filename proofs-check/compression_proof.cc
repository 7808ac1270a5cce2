#include "proofs-check/compression_proof.h"

#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "enclosures/detail/activation_enclosures.h"
#include "enclosures/interval_network.h"
#include "enclosures/midrad_network.h"
#include "nets/activation.h"
#include "numerics/enclosures.h"
#include "numerics/midrad_enclosures.h"
#include "proofs-check/compression_prover.h"

namespace nrc {

void CompressionProof::CheckFactors(const MlpSpec& spec, const LowRankFactors& f) {
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

namespace {

// Is F_c - F_k > threshold for every k != c (every point of the enclosures)?
bool SeparatedBy(const IntervalMatrix& F, int i, int c, const Interval& threshold) {
  for (int k = 0; k < F.rows(); ++k)
    if (k != c && !CertainlyLess(threshold, F(c, i) - F(k, i))) return false;
  return true;
}

// Either engine's matrices: the Miyajima enclosure of sigma_1, else [0, upper bound].
template <class M>
Interval SpectralNormOf(const M& a) {
  if (a.rows() == 0 || a.cols() == 0) return Interval(0.0);
  const SingularValueEnclosure s = EncloseSingularValues(a);
  if (s.ok && !s.sigma.empty() && s.sigma[0].IsFinite()) return s.sigma[0];
  return Interval(0.0, SpectralNormUpper(a));
}

// The engine's network for its matrix type.
template <class M>
using NetworkOf = std::conditional_t<std::is_same_v<M, MidradMatrix>, MidradNetwork, IntervalNetwork>;

// U_l Vt_l in the engine of M (CompressionProof::Product or ProductMidrad).
template <class M>
M FactorProduct(const LowRankFactors& f, int l) {
  if constexpr (std::is_same_v<M, MidradMatrix>) {
    return CompressionProof::ProductMidrad(f, l);
  } else {
    return CompressionProof::Product(f, l);
  }
}

template <class M>
void EncloseNorms(const std::vector<M>& W, const LowRankFactors& factors, std::vector<Interval>* eps,
                  std::vector<Interval>* norm_Wt) {
  const int L = static_cast<int>(W.size()) - 1;
  eps->assign(static_cast<std::size_t>(L + 1), Interval());
  norm_Wt->assign(static_cast<std::size_t>(L + 1), Interval());
  for (int l = 1; l <= L; ++l) {
    const M Wt = FactorProduct<M>(factors, l);
    (*eps)[static_cast<std::size_t>(l)] = SpectralNormOf(W[static_cast<std::size_t>(l)] - Wt);
    (*norm_Wt)[static_cast<std::size_t>(l)] = SpectralNormOf(Wt);
  }
}

IntervalMatrix AsIntervals(IntervalMatrix m) { return m; }
IntervalMatrix AsIntervals(const MidradMatrix& m) { return m.ToIntervals(); }

// The output enclosure of the network W, b (either engine's Net) on X, and
// with it the embeddings' norms ||z_{l-1}(x_i)||_2 (OriginalPass).
template <class Net, class M>
IntervalMatrix OutputPass(const MlpSpec& spec, const std::vector<M>& W, const std::vector<M>& b,
                          const Eigen::MatrixXd& X, std::vector<M>* Z = nullptr) {
  std::vector<M> scratch;
  return AsIntervals(Net::Forward(spec, W, b, M::FromDoubles(X), Z ? Z : &scratch));
}

template <class Net, class M>
CompressionForward OriginalPass(const MlpSpec& spec, const std::vector<M>& W, const std::vector<M>& b,
                                const Eigen::MatrixXd& X) {
  const int L = spec.depth();
  CompressionForward fwd;
  std::vector<M> Z;
  fwd.F = OutputPass<Net>(spec, W, b, X, &Z);
  fwd.z_norm.assign(static_cast<std::size_t>(L + 1), {});
  for (int l = 1; l <= L; ++l) fwd.z_norm[static_cast<std::size_t>(l)] = ColumnNorms(Z[static_cast<std::size_t>(l - 1)]);
  return fwd;
}

}  // namespace

const char* CompressionEngineName(CompressionEngine e) { return e == CompressionEngine::kMidrad ? "midrad" : "mpfi"; }

CompressionEngine ParseCompressionEngine(const std::string& name) {
  if (name == "midrad") return CompressionEngine::kMidrad;
  if (name == "mpfi") return CompressionEngine::kMpfi;
  throw std::invalid_argument("proof engine '" + name + "': expected midrad or mpfi");
}

Interval CompressionProof::SpectralNorm(const IntervalMatrix& a) { return SpectralNormOf(a); }
Interval CompressionProof::SpectralNorm(const MidradMatrix& a) { return SpectralNormOf(a); }

IntervalMatrix CompressionProof::Product(const LowRankFactors& f, int l) {
  return IntervalMatrix::FromDoubles(f.U[static_cast<std::size_t>(l)]) * f.Vt[static_cast<std::size_t>(l)];
}

MidradMatrix CompressionProof::ProductMidrad(const LowRankFactors& f, int l) {
  return MidradMatrix::FromDoubles(f.U[static_cast<std::size_t>(l)]) *
         MidradMatrix::FromDoubles(f.Vt[static_cast<std::size_t>(l)]);
}

long long LowRankFactors::StoredWeights() const {
  long long n = 0;
  for (std::size_t l = 1; l < U.size(); ++l) n += static_cast<long long>(U[l].cols()) * (U[l].rows() + Vt[l].cols());
  return n;
}

void CompressionProof::EncloseLayerNorms(const std::vector<IntervalMatrix>& W, const LowRankFactors& factors,
                                         std::vector<Interval>* eps, std::vector<Interval>* norm_Wt) {
  EncloseNorms(W, factors, eps, norm_Wt);
}

void CompressionProof::EncloseLayerNorms(const std::vector<MidradMatrix>& W, const LowRankFactors& factors,
                                         std::vector<Interval>* eps, std::vector<Interval>* norm_Wt) {
  EncloseNorms(W, factors, eps, norm_Wt);
}

template <class M>
CompressionForward CompressionProof::EncloseOriginal(const MlpSpec& spec, const std::vector<M>& W,
                                                     const std::vector<M>& b, const Eigen::MatrixXd& X) {
  return OriginalPass<NetworkOf<M>>(spec, W, b, X);
}

template <class M>
IntervalMatrix CompressionProof::EncloseOutputs(const MlpSpec& spec, const std::vector<M>& Wt,
                                                const std::vector<M>& b, const Eigen::MatrixXd& X) {
  return OutputPass<NetworkOf<M>>(spec, Wt, b, X);
}

template <class M>
CompressionForward CompressionProof::Enclose(const MlpSpec& spec, const std::vector<M>& W, const std::vector<M>& b,
                                             const LowRankFactors& factors, const Eigen::MatrixXd& X) {
  CheckFactors(spec, factors);
  CompressionForward fwd = EncloseOriginal(spec, W, b, X);
  std::vector<M> Wt(static_cast<std::size_t>(spec.depth() + 1));
  for (int l = 1; l <= spec.depth(); ++l) Wt[static_cast<std::size_t>(l)] = FactorProduct<M>(factors, l);
  fwd.Ft = EncloseOutputs(spec, Wt, b, X);
  return fwd;
}

#define NRC_COMPRESSION_ENGINE(M)                                                                              \
  template CompressionForward CompressionProof::EncloseOriginal<M>(const MlpSpec&, const std::vector<M>&,     \
                                                                   const std::vector<M>&, const Eigen::MatrixXd&); \
  template IntervalMatrix CompressionProof::EncloseOutputs<M>(const MlpSpec&, const std::vector<M>&,          \
                                                              const std::vector<M>&, const Eigen::MatrixXd&);  \
  template CompressionForward CompressionProof::Enclose<M>(const MlpSpec&, const std::vector<M>&,             \
                                                           const std::vector<M>&, const LowRankFactors&,       \
                                                           const Eigen::MatrixXd&);
NRC_COMPRESSION_ENGINE(IntervalMatrix)
NRC_COMPRESSION_ENGINE(MidradMatrix)
#undef NRC_COMPRESSION_ENGINE

std::vector<Interval> CompressionProof::EncloseDifferenceNorms(const MlpSpec& spec, const std::vector<MidradMatrix>& W,
                                                               const std::vector<MidradMatrix>& b,
                                                               const std::vector<MidradMatrix>& Wt,
                                                               const std::vector<MidradMatrix>& dW,
                                                               const Eigen::MatrixXd& X) {
  const int L = spec.depth();
  MidradMatrix a = MidradMatrix::FromDoubles(X);  // a_{l-1} of f (a_0 = x, exact)
  MidradMatrix E, D;                              // a~_{l-1} - a_{l-1} and D_l
  bool e_nonzero = false, d_nonzero = false;      // false: exactly 0 (no layer replaced so far), E / D unset
  for (int l = 1; l <= L; ++l) {
    const std::size_t s = static_cast<std::size_t>(l);
    // D_l = (W~_l - W_l) a_{l-1} + W~_l (a~_{l-1} - a_{l-1}).
    d_nonzero = dW[s].rows() > 0 || e_nonzero;
    if (dW[s].rows() > 0 && e_nonzero) D = dW[s] * a + Wt[s] * E;
    else if (dW[s].rows() > 0) D = dW[s] * a;
    else if (e_nonzero) D = Wt[s] * E;
    if (l == L) break;
    const MidradMatrix z = AddToColumns(W[s] * a, b[s]);
    MidradMatrix ds;
    if (d_nonzero) {  // s' on z_l + [0, 1] D_l, which contains the segment [z_l, z~_l]
      MidradMatrix s_segment;
      detail::EncloseActivation(spec.activation, z + Interval(0.0, 1.0) * D, &s_segment, &ds);
      E = CwiseProduct(ds, D);
    }
    e_nonzero = d_nonzero;
    detail::EncloseActivation(spec.activation, z, &a, &ds);
  }
  if (!d_nonzero) return std::vector<Interval>(static_cast<std::size_t>(X.cols()), Interval(0.0));
  return ColumnNorms(D);
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
  if (!fwd.difference_norm.empty()) {
    if (fwd.difference_norm.size() != p.observed.size())
      throw std::invalid_argument("compression proof: one difference enclosure per sample");
    for (std::size_t i = 0; i < p.observed.size(); ++i)
      p.observed[i] = Intersection(p.observed[i], fwd.difference_norm[i]);
  }
  p.predicted.assign(static_cast<std::size_t>(N), -1);
  p.kept.assign(static_cast<std::size_t>(N), 0);
  p.open.assign(static_cast<std::size_t>(N), 0);
  p.after_class.assign(static_cast<std::size_t>(N), 0);
  for (int i = 0; i < N; ++i) {
    const std::size_t s = static_cast<std::size_t>(i);
    for (int k = 1; k < fwd.Ft.rows(); ++k)
      if (fwd.Ft(k, i).Mid() > fwd.Ft(p.after_class[s], i).Mid()) p.after_class[s] = k;
    int c = 0;
    for (int k = 1; k < fwd.F.rows(); ++k)
      if (fwd.F(k, i).Mid() > fwd.F(c, i).Mid()) c = k;
    if (SeparatedBy(fwd.F, i, c, Interval(0.0))) p.predicted[s] = c;
    const Interval threshold = root2 * p.bound[s];
    p.kept[s] = p.predicted[s] >= 0 && SeparatedBy(fwd.F, i, c, threshold) ? 1 : 0;
    // Open: T14 neither proven nor disproven here, or the prediction neither
    // proven kept nor shown unprovable (no k with F_c - F_k <= sqrt(2) e_L
    // at every point of the enclosures), or no proven argmax.
    bool unprovable = false;
    for (int k = 0; k < fwd.F.rows(); ++k)
      unprovable |= k != c && CertainlyLessEqual(fwd.F(c, i) - fwd.F(k, i), threshold);
    const bool t14_open = !CertainlyLessEqual(p.observed[s], p.bound[s]) && !CertainlyLess(p.bound[s], p.observed[s]);
    p.open[s] = t14_open || p.predicted[s] < 0 || (!p.kept[s] && !unprovable) ? 1 : 0;
  }
  p.Recount();
  return p;
}

void CompressionProof::Recount() {
  kept_count = held_samples = violated_samples = 0;
  worst_sample = -1;
  double worst = -1;
  for (std::size_t s = 0; s < observed.size(); ++s) {
    kept_count += kept[s] ? 1 : 0;
    if (CertainlyLessEqual(observed[s], bound[s])) ++held_samples;
    if (CertainlyLess(bound[s], observed[s])) ++violated_samples;
    const double lo = bound[s].Lower(), ratio = lo > 0 ? observed[s].Upper() / lo : HUGE_VAL;
    if (ratio > worst || worst_sample < 0) {
      worst = ratio;
      worst_sample = static_cast<int>(s);
    }
  }
}

CompressionProof CompressionProof::Prove(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                         const LowRankFactors& factors, const Eigen::MatrixXd& X, int bits,
                                         CompressionEngine engine) {
  return CompressionProver(spec, parameters, X, bits, engine).Prove(factors);
}

}  // namespace nrc
