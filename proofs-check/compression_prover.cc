#include "proofs-check/compression_prover.h"

#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "enclosures/interval_network.h"
#include "enclosures/midrad_network.h"

namespace nrc {

CompressionProver::CompressionProver(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                     const Eigen::MatrixXd& X, int bits, CompressionEngine engine)
    : spec_(spec), X_(&X), bits_(bits), engine_(engine) {
  std::string why;
  if (!IntervalNetwork::Supports(spec, &why)) throw std::invalid_argument(why);
  ScopedIntervalPrecision guard(bits_);
  IntervalNetwork::EncloseParameters(spec, parameters, &W_, &b_);
  const std::size_t L1 = static_cast<std::size_t>(spec.depth() + 1);
  norm_W_.assign(L1, std::nullopt);
  mpfi_norm_W_.assign(L1, std::nullopt);
  if (engine_ == CompressionEngine::kMpfi) {
    original_ = CompressionProof::EncloseOriginal(spec, W_, b_, X);
    return;
  }
  mW_ = MidradNetwork::FromIntervals(W_);
  mb_ = MidradNetwork::FromIntervals(b_);
  original_ = CompressionProof::EncloseOriginal(spec, mW_, mb_, X);
}

template <class M>
void CompressionProver::Replace(const std::vector<M>& W, const LowRankFactors& factors,
                                const std::vector<char>& replace, std::vector<std::optional<Interval>>* norm_W,
                                std::vector<M>* Wt, std::vector<Interval>* eps, std::vector<Interval>* norm_Wt) const {
  const int L = spec_.depth();
  *Wt = W;
  eps->assign(static_cast<std::size_t>(L + 1), Interval(0.0));
  norm_Wt->assign(static_cast<std::size_t>(L + 1), Interval(0.0));
  for (int l = 1; l <= L; ++l) {
    const std::size_t s = static_cast<std::size_t>(l);
    if (replace[s]) {
      if constexpr (std::is_same_v<M, MidradMatrix>) (*Wt)[s] = CompressionProof::ProductMidrad(factors, l);
      else (*Wt)[s] = CompressionProof::Product(factors, l);
      (*eps)[s] = CompressionProof::SpectralNorm(W[s] - (*Wt)[s]);
      (*norm_Wt)[s] = CompressionProof::SpectralNorm((*Wt)[s]);
      continue;
    }
    if (!(*norm_W)[s]) (*norm_W)[s] = CompressionProof::SpectralNorm(W[s]);
    (*norm_Wt)[s] = *(*norm_W)[s];
  }
}

namespace {

// Is eps_l's midpoint-radius enclosure resolved to 2^-20 of itself? Then W_l
// and W~_l's hulls (radius ~ulp/2 per entry) resolve W~_l - W_l as well.
bool Resolved(const Interval& eps) { return eps.Lower() > 0 && eps.Upper() - eps.Lower() <= 0x1p-20 * eps.Lower(); }

}  // namespace

std::vector<MidradMatrix> CompressionProver::Differences(const LowRankFactors& factors, const std::vector<char>& replace,
                                                         const std::vector<MidradMatrix>& Wt,
                                                         std::vector<Interval>* eps) const {
  std::vector<MidradMatrix> dW(static_cast<std::size_t>(spec_.depth() + 1));
  for (std::size_t l = 1; l < dW.size(); ++l) {
    if (!replace[l]) continue;
    if (Resolved((*eps)[l])) {
      dW[l] = Wt[l] - mW_[l];
      continue;
    }
    dW[l] = MidradMatrix::FromIntervals(CompressionProof::Product(factors, static_cast<int>(l)) - W_[l]);
    (*eps)[l] = Intersection((*eps)[l], CompressionProof::SpectralNorm(dW[l]));
  }
  return dW;
}

CompressionProof CompressionProver::ProveMidrad(const LowRankFactors& factors, const std::vector<char>& replace) const {
  std::vector<MidradMatrix> Wt;
  std::vector<Interval> eps, norm_Wt;
  Replace(mW_, factors, replace, &norm_W_, &Wt, &eps, &norm_Wt);
  original_.Ft = CompressionProof::EncloseOutputs(spec_, Wt, mb_, *X_);
  original_.difference_norm.clear();  // none yet (also after an exception in an earlier call)
  CompressionProof p = CompressionProof::FromForward(spec_, eps, norm_Wt, original_);
  std::vector<Eigen::Index> t14_open;  // neither proven nor disproven by these enclosures
  for (std::size_t s = 0; s < p.observed.size(); ++s)
    if (!CertainlyLessEqual(p.observed[s], p.bound[s]) && !CertainlyLess(p.bound[s], p.observed[s]))
      t14_open.push_back(static_cast<Eigen::Index>(s));
  if (!t14_open.empty()) {
    // Both sides of T14 resolved relative to the difference: eps_l also from
    // the accurate W~_l - W_l, and f~ - f by the difference pass.
    const std::vector<MidradMatrix> dW = Differences(factors, replace, Wt, &eps);
    const std::vector<Interval> d =
        CompressionProof::EncloseDifferenceNorms(spec_, mW_, mb_, Wt, dW, (*X_)(Eigen::all, t14_open));
    original_.difference_norm.assign(static_cast<std::size_t>(X_->cols()), Interval(0.0, HUGE_VAL));
    for (std::size_t j = 0; j < t14_open.size(); ++j)
      original_.difference_norm[static_cast<std::size_t>(t14_open[j])] = d[j];
    p = CompressionProof::FromForward(spec_, eps, norm_Wt, original_);
    original_.difference_norm.clear();
  }
  original_.Ft = IntervalMatrix();
  p.engine = CompressionEngine::kMidrad;
  return p;
}

CompressionProof CompressionProver::ProveMpfi(const LowRankFactors& factors, const std::vector<char>& replace,
                                              const std::vector<Eigen::Index>& columns) const {
  std::vector<IntervalMatrix> Wt;
  std::vector<Interval> eps, norm_Wt;
  Replace(W_, factors, replace, &mpfi_norm_W_, &Wt, &eps, &norm_Wt);
  if (engine_ == CompressionEngine::kMpfi) {  // every column: the cached original pass
    original_.Ft = CompressionProof::EncloseOutputs(spec_, Wt, b_, *X_);
    CompressionProof p = CompressionProof::FromForward(spec_, eps, norm_Wt, original_);
    original_.Ft = IntervalMatrix();
    return p;
  }
  const Eigen::MatrixXd Xo = (*X_)(Eigen::all, columns);
  if (!mpfi_original_ && 2 * columns.size() > static_cast<std::size_t>(X_->cols()))
    mpfi_original_ = CompressionProof::EncloseOriginal(spec_, W_, b_, *X_);
  CompressionForward fwd;
  if (mpfi_original_) {  // the cached columns
    const int L = spec_.depth();
    fwd.F = IntervalMatrix(mpfi_original_->F.rows(), static_cast<int>(columns.size()));
    fwd.z_norm.assign(static_cast<std::size_t>(L + 1), {});
    for (std::size_t j = 0; j < columns.size(); ++j) {
      const int c = static_cast<int>(columns[j]);
      for (int k = 0; k < fwd.F.rows(); ++k) fwd.F(k, static_cast<int>(j)) = mpfi_original_->F(k, c);
      for (int l = 1; l <= L; ++l)
        fwd.z_norm[static_cast<std::size_t>(l)].push_back(mpfi_original_->z_norm[static_cast<std::size_t>(l)][static_cast<std::size_t>(c)]);
    }
  } else {
    fwd = CompressionProof::EncloseOriginal(spec_, W_, b_, Xo);
  }
  fwd.Ft = CompressionProof::EncloseOutputs(spec_, Wt, b_, Xo);
  return CompressionProof::FromForward(spec_, eps, norm_Wt, fwd);
}

CompressionProof CompressionProver::Prove(const LowRankFactors& factors, const std::vector<char>& replace_in) const {
  CompressionProof::CheckFactors(spec_, factors);
  const std::size_t L1 = static_cast<std::size_t>(spec_.depth() + 1);
  if (!replace_in.empty() && replace_in.size() != L1)
    throw std::invalid_argument("compression: " + std::to_string(replace_in.size()) +
                                " replace flags, expected depth + 1 = " + std::to_string(L1));
  const std::vector<char> replace = replace_in.empty() ? std::vector<char>(L1, 1) : replace_in;
  ScopedIntervalPrecision guard(bits_);
  if (engine_ == CompressionEngine::kMpfi) return ProveMpfi(factors, replace, {});
  CompressionProof p = ProveMidrad(factors, replace);
  // The samples the double widths leave open, re-decided by the MPFI engine.
  std::vector<Eigen::Index> open;
  for (std::size_t s = 0; s < p.open.size(); ++s)
    if (p.open[s]) open.push_back(static_cast<Eigen::Index>(s));
  if (open.empty()) return p;
  const CompressionProof q = ProveMpfi(factors, replace, open);
  for (std::size_t j = 0; j < open.size(); ++j) {
    const std::size_t s = static_cast<std::size_t>(open[j]);
    p.bound[s] = q.bound[j];
    p.observed[s] = q.observed[j];
    p.predicted[s] = q.predicted[j];
    p.kept[s] = q.kept[j];
    p.open[s] = q.open[j];
    p.after_class[s] = q.after_class[j];
  }
  p.mpfi_samples = static_cast<int>(open.size());
  p.Recount();
  return p;
}

}  // namespace nrc
