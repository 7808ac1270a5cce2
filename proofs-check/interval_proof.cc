#include "proofs-check/interval_proof.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "enclosures/interval_network.h"
#include "enclosures/midrad_network.h"
#include "numerics/enclosures.h"
#include "proofs-check/detail/layer_enclosures.h"
#include "proofs-check/detail/statement_enclosures.h"
#include "training/stationarity_certificate.h"

namespace nrc {
namespace {

// An enclosed inequality observed <= bound (both as intervals).
struct Claim {
  std::string statement, norm;
  int layer = 0;
  Interval observed, bound;
  bool valid = false;  // false: the enclosures could not be formed (note says why)
  bool all_links = true;  // every further pair of the statement separated (T4)
  bool any_link_violated = false;
  // An identity checked on nrc's computed gradient (T1, T2): its instance is
  // that gradient, not a floating bound to compare with the enclosure.
  bool identity = false;
  // false: an identity the enclosures cannot separate (T7 with MSE); never
  // proven, never sent to another engine.
  bool provable = true;
  std::string note;
};

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

// Enclosures of the singular values of A: double SVD first; MPFR SVD at
// `bits` when requested (MPFI engine). The midpoint-radius engine has one
// pass: a double SVD verified in double.
SingularValueEnclosure Sv(const IntervalMatrix& a, bool high, int bits) {
  return EncloseSingularValues(a, high ? bits : 53);
}
SingularValueEnclosure Sv(const MidradMatrix& a, bool /*high*/, int /*bits*/) { return EncloseSingularValues(a); }

void ToEngine(IntervalMatrix m, IntervalMatrix* out) { *out = std::move(m); }
void ToEngine(const IntervalMatrix& m, MidradMatrix* out) { *out = MidradMatrix::FromIntervals(m); }

// The engine's name in notes and its precision in VerdictEnclosure::bits.
// (Takes no network: naming an engine must not build the MPFI network.)
std::string MpfiName(int bits) { return "mpfi" + std::to_string(bits); }
const char* const kMidradName = "midrad53";

// The record for (statement, layer, norm), or nullptr (const or mutable
// report alike).
template <class Report>
auto FindVerdict(Report& report, const std::string& statement, int layer, const std::string& norm)
    -> decltype(&report.verdicts.front()) {
  for (auto& v : report.verdicts)
    if (v.statement == statement && v.layer == layer && v.norm == norm) return &v;
  return nullptr;
}

// The precision of the T1/T2 gap network: at least working bits + 32 (the
// gap is resolved 2^-32 below the working precision's rounding, which its
// error estimates exceed), rounded up to whole 64-bit limbs (MPFR's cost
// steps with the limb count: 320 bits costs what 257 does, 321 a limb more),
// and at least `bits`.
int GapBits(int bits, int working_bits) { return std::max(bits, (working_bits + 32 + 63) / 64 * 64); }

// For T1 and T2: per layer, an enclosure of ||G_nrc - G_l(theta_w)||_F, with
// theta_w the point the working precision computed at (the stored decimals
// as it rounded them: report.working_parameters, exact) and G_nrc its gradient
// there (report.gradients, exact). Then the exact residuals of the identities
// with nrc's gradient are ||lambda W - G_nrc + (1/N) Delta Z^T||_F = gap and
// ||W - P - R(G_nrc)||_F = gap / lambda. The network at theta_w is enclosed
// at GapBits: resolved far below the working precision's error estimates.
// nullopt when the report carries no gradients.
template <class Net>
std::optional<std::vector<Interval>> GradientGaps(const MlpSpec& spec, const Dataset& data, const CheckReport& report,
                                                  int bits) {
  using Matrix = typename Net::Matrix;
  const int L = spec.depth();
  if (static_cast<int>(report.gradients.size()) != L ||
      static_cast<int>(report.working_parameters.size()) != spec.NumParameters())
    return std::nullopt;
  ScopedIntervalPrecision guard(GapBits(bits, report.working_bits));
  const Net working = Net::Build(spec, report.working_parameters, data);
  std::vector<Interval> gaps;
  for (int l = 1; l <= L; ++l) {
    const Matrix& G = working.G[l];
    const std::vector<std::string>& g = report.gradients[static_cast<size_t>(l - 1)];
    if (static_cast<int>(g.size()) != G.rows() * G.cols()) return std::nullopt;
    IntervalMatrix G_nrc(G.rows(), G.cols());
    for (int j = 0, k = 0; j < G.cols(); ++j)
      for (int i = 0; i < G.rows(); ++i) G_nrc(i, j) = Interval::FromText(g[static_cast<size_t>(k++)]);
    Matrix G_nrc_engine;
    ToEngine(std::move(G_nrc), &G_nrc_engine);
    gaps.push_back(FrobeniusNorm(G_nrc_engine - G));
  }
  return gaps;
}

Claim MakeClaim(const std::string& st, const std::string& norm, int l, std::optional<Interval> obs,
                std::optional<Interval> bound, std::string note) {
  Claim c;
  c.statement = st;
  c.norm = norm;
  c.layer = l;
  c.valid = obs && bound;
  if (c.valid) {
    c.observed = *obs;
    c.bound = *bound;
  }
  c.note = std::move(note);
  return c;
}

// A statement of proofs-check/detail/statement_enclosures.h as a claim: every
// link must be separated, one link separated the wrong way disproves it.
Claim FromStatement(const detail::StatementEnclosure& s) {
  Claim c = MakeClaim(s.statement, s.norm, s.layer, s.observed, s.bound, s.note);
  c.provable = s.provable;
  c.all_links = detail::LinksSeparated(s);
  c.any_link_violated = detail::SomeLinkRefuted(s);
  if (c.valid && !c.all_links) c.note += "; a link of the chain not separated";
  return c;
}

// T1, T2 on layer l (identities that test nrc's gradient code; gap: see
// GradientGaps). rank P_l <= K holds exactly (P_l = -(1/(lambda N)) [S_c]
// [mu_c]^T, a product through K columns), and its class-sum form is the same
// product.
void AddIdentityClaims(const CheckReport& report, int l, const Interval& gap, const Interval& lambda,
                       std::vector<Claim>* claims) {
  auto identity = [&](const std::string& st, const Interval& observed, const std::string& what) {
    const Verdict* v = FindVerdict(report, st, l, "frobenius");
    if (!v || !v->decided_at.empty()) return;  // re-decided at another precision: another computed gradient
    claims->push_back(MakeClaim(st, "frobenius", l, observed, Interval(v->error_estimate),
                                what + " in [" + Num(observed.Lower()) + ", " + Num(observed.Upper()) +
                                    "] <= the error estimate, with nrc's " + report.precision + " gradient"));
    claims->back().identity = true;
  };
  identity("T1", gap, "||G_nrc - G_l||_F");
  identity("T2", gap / lambda, "||G_nrc - G_l||_F / lambda");
}

template <class Net>
struct LayerProver {
  using Matrix = typename Net::Matrix;
  const Net& net;
  // Per layer, ||G_nrc - G_l(theta_w)||_F (GradientGaps); nullptr: T1/T2 not attempted.
  const std::vector<Interval>* gaps;
  int l;
  int bits;
  const CheckReport& report;
  bool high;  // MPFR SVDs at `bits` from the start (second pass)
  std::vector<Claim> claims;

  // The network-wide constants of T6-T9 (C_l, V, TCV, J_data), computed by
  // the caller once per network and pass.
  const detail::NetworkConstantsEnclosure* constants;

  SingularValueEnclosure Svd(const Matrix& m) const { return Sv(m, high, bits); }
  detail::SingularValueEncloser<Matrix> Encloser() const {
    return detail::SingularValueEncloser<Matrix>([this](const Matrix& m) { return Svd(m); });
  }
  void Add(const std::string& st, const std::string& norm, std::optional<Interval> obs, std::optional<Interval> bound,
           std::string note) {
    claims.push_back(MakeClaim(st, norm, l, std::move(obs), std::move(bound), std::move(note)));
  }

  void Run() {
    const Matrix DE = net.SignalTimesDeviations(l);
    const detail::LayerNorms n = detail::EncloseLayerNorms(net, l, DE, Encloser());
    // The observed side dist_K(W_l) of T3, T12, T13 and T4 from the same enclosures.
    SingularValueEnclosure svW;
    svW.ok = n.sigma_W.has_value();
    if (svW.ok) svW.sigma = *n.sigma_W;
    if (gaps != nullptr) AddIdentityClaims(report, l, (*gaps)[static_cast<size_t>(l - 1)], net.lambda, &claims);
    RunT5(n.t5);
    RunT3T12T13(n, DE, svW);
    RunT6ToT10(n);
    RunT4(Interval(1.0) / net.lambda * (net.G[l] - DE), std::move(svW));
  }

  // T5: x0 <= x1 <= min(x2, y), every link separated.
  void RunT5(const detail::T5ChainEnclosure& t5) {
    Add("T5", "frobenius", t5.x0, Min(t5.x2, t5.y), "");
    Claim& c = claims.back();
    c.all_links = CertainlyLessEqual(t5.x0, t5.x1) && CertainlyLessEqual(t5.x1, t5.x2) && CertainlyLessEqual(t5.x1, t5.y);
    c.any_link_violated = CertainlyLess(t5.x1, t5.x0) || CertainlyLess(t5.x2, t5.x1) || CertainlyLess(t5.y, t5.x1);
    if (!c.all_links) c.note = "a link x0 <= x1 <= min(x2, y) not separated";
  }

  // T3, T12 and T13 (minimum over the projector choices; leak with a free bias).
  void RunT3T12T13(const detail::LayerNorms& n, const Matrix& DE, const SingularValueEnclosure& svW) {
    const int K = net.K;
    const int p = std::min(net.W[l].rows(), net.W[l].cols());
    const Interval inv_lambda = Interval(1.0) / net.lambda;
    auto dist = [&](bool frob) -> std::optional<Interval> {
      if (p <= K) return Interval(0.0);
      if (!svW.ok) return std::nullopt;
      return TailNorm(svW.sigma, K, frob);
    };
    Add("T3", "spectral", dist(false), n.de_2 ? std::optional<Interval>(inv_lambda * (n.grad_2 + *n.de_2)) : std::nullopt,
        "");
    Add("T3", "frobenius", dist(true), inv_lambda * (n.grad_F + n.de_F), "");
    const detail::ProjectedBoundsEnclosure pb =
        detail::EncloseProjectedBounds(net, l, n.grad_2, n.grad_F, DE, Encloser());
    Add("T12", "spectral", dist(false), pb.t12_spectral, pb.note);
    Add("T12", "frobenius", dist(true), pb.t12_frobenius, pb.note);
    Add("T13", "spectral", dist(false), pb.t13_spectral, pb.note);
    Add("T13", "frobenius", dist(true), pb.t13_frobenius, pb.note);
  }

  // T6-T10 on the instance each floating verdict reports (its worst sample
  // or k); only where the floating check recorded the statement.
  void RunT6ToT10(const detail::LayerNorms& n) {
    const detail::NetworkConstantsEnclosure& c = *constants;
    auto recorded = [&](const char* st, const char* norm) { return FindVerdict(report, st, l, norm); };
    auto index = [&](const Verdict* v, const char* key) { return detail::IndexInNote(v->note, key); };
    if (const Verdict* v = recorded("T6", "per-sample"))
      claims.push_back(FromStatement(detail::EncloseT6(net, c, l, index(v, "worst sample "))));
    if (const Verdict* v = l == net.L ? recorded("T7", net.spec.loss.Name().c_str()) : nullptr)
      claims.push_back(FromStatement(detail::EncloseT7(net, c, index(v, "worst sample "))));
    if (recorded("T8", "frobenius")) claims.push_back(FromStatement(detail::EncloseT8(net, c, l, n)));
    if (recorded("T9", "frobenius")) claims.push_back(FromStatement(detail::EncloseT9Bound(c, l, n, net.lambda)));
    for (const bool squared : {true, false})
      if (const Verdict* v = l < net.L ? recorded("T9", squared ? "V" : "TCV") : nullptr)
        claims.push_back(FromStatement(detail::EncloseT9Propagation(c, l, squared, index(v, "tightest k = "))));
    for (const bool frob : {false, true})
      if (recorded("T10", frob ? "frobenius" : "spectral"))
        claims.push_back(FromStatement(detail::EncloseT10(net, l, frob, n)));
  }

  // T4: sigma_{K+j}(W_l) <= sigma_j(R_l) for every j, and the rank form.
  void RunT4(const Matrix& R, SingularValueEnclosure svW) {
    const int K = net.K;
    const Matrix& W = net.W[l];
    const int p = std::min(W.rows(), W.cols());
    SingularValueEnclosure svR = Sv(R, high, bits);
    if (p > K) {
      auto pairs_separate = [&](int* first_bad) {
        for (int j = 1; j <= p - K; ++j) {
          if (!CertainlyLessEqual(svW.sigma[static_cast<size_t>(K + j - 1)], svR.sigma[static_cast<size_t>(j - 1)])) {
            *first_bad = j;
            return false;
          }
        }
        return true;
      };
      int bad = 0;
      bool ok = svW.ok && svR.ok && pairs_separate(&bad);
      std::string note = high ? "MPFR SVDs at " + std::to_string(bits) + " bits" : "double SVDs";
      if (!ok && std::is_same<Matrix, IntervalMatrix>::value) {  // retry with MPFR SVDs at the interval precision
        svW = Sv(W, true, bits);
        svR = Sv(R, true, bits);
        ok = svW.ok && svR.ok && pairs_separate(&bad);
        note = "MPFR SVDs at " + std::to_string(bits) + " bits";
      }
      Claim c;
      c.statement = "T4";
      c.norm = "sv";
      c.layer = l;
      c.valid = svW.ok && svR.ok;
      if (c.valid) {
        c.observed = svW.sigma[static_cast<size_t>(K)];
        c.bound = svR.sigma[0];
        c.all_links = ok;
        for (int j = 1; j <= p - K; ++j)
          if (CertainlyLess(svR.sigma[static_cast<size_t>(j - 1)], svW.sigma[static_cast<size_t>(K + j - 1)]))
            c.any_link_violated = true;
      }
      c.note = ok ? "all " + std::to_string(p - K) + " pairs separated (" + note + ")"
                  : "pair j = " + std::to_string(bad) + " not separated (" + note + ")";
      claims.push_back(std::move(c));
    }
    // T4 rank, with the record's threshold t (a double: the statement holds for every t > 0).
    double t = 0;
    if (const Verdict* v = FindVerdict(report, "T4", l, "rank"))
      for (const auto& s : v->slack)
        if (s.first == "threshold") t = s.second;
    if (t > 0 && svW.ok && svR.ok) {
      const Interval ti(t);
      auto counts = [&](const std::vector<Interval>& s, int* lo, int* hi) {
        *lo = *hi = 0;
        for (const auto& x : s) {
          *lo += CertainlyLess(ti, x) ? 1 : 0;       // certainly > t
          *hi += CertainlyLessEqual(x, ti) ? 0 : 1;  // possibly > t
        }
      };
      int w_lo, w_hi, r_lo, r_hi;
      counts(svW.sigma, &w_lo, &w_hi);
      counts(svR.sigma, &r_lo, &r_hi);
      const int cap = p + 1;
      const Interval q = Sqr(FrobeniusNorm(R)) / Sqr(ti);
      auto capped_floor = [cap](double x) { return x >= cap ? cap : static_cast<int>(std::floor(x)); };
      const int f_lo = capped_floor(q.Lower()), f_hi = capped_floor(q.Upper());
      Claim c;
      c.statement = "T4";
      c.norm = "rank";
      c.layer = l;
      c.valid = true;
      c.observed = Interval(w_lo, w_hi);
      c.bound = Interval(K + f_lo, K + f_hi);
      // Proven needs observed.upper <= bound.lower (counts: <=, not <).
      c.all_links = w_hi <= K + r_lo && K + r_hi <= K + f_lo;
      c.any_link_violated = w_lo > K + r_hi || r_lo > f_hi;
      c.note = "counts #{sigma(W) > t} in [" + std::to_string(w_lo) + ", " + std::to_string(w_hi) +
               "], K + #{sigma(R) > t} in [" + std::to_string(K + r_lo) + ", " + std::to_string(K + r_hi) + "]";
      claims.push_back(std::move(c));
    }
  }
};


}  // namespace

int DefaultProofBits(const Precision& p) { return DefaultCertificateBits(p); }

namespace {

bool Proven(const Claim& c) { return c.valid && c.all_links && CertainlyLessEqual(c.observed, c.bound); }
bool Disproven(const Claim& c) {
  return c.valid && !c.identity && (c.any_link_violated || CertainlyLess(c.bound, c.observed));
}

// The MPFI engine, its networks built when first needed: at `bits` for the
// claims, at GapBits for the T1/T2 gaps, at 2 * bits for a
// layer the first two passes leave open.
class MpfiProver {
 public:
  MpfiProver(const MlpSpec& spec, const std::vector<std::string>& parameters, const Dataset& data, int bits,
             const CheckReport& report)
      : spec_(spec), parameters_(parameters), data_(data), bits_(bits), report_(report) {}

  const IntervalNetwork& Net() {
    if (!net_) net_ = IntervalNetwork::Build(spec_, parameters_, data_);
    return *net_;
  }

  // Every claim of layer l (with T1/T2 when with_identities and the report
  // carries gradients): double SVDs first, then MPFR SVDs at `bits`, then the
  // network at 2 * bits; *used_bits says which decided.
  std::vector<Claim> ProveLayer(int l, bool with_identities, int* used_bits) {
    const std::vector<Interval>* gaps = with_identities ? Gaps() : nullptr;
    *used_bits = bits_;
    LayerProver<IntervalNetwork> lp{Net(), gaps, l, bits_, report_, false, {}, &Constants(0)};
    lp.Run();
    auto open = [](const std::vector<Claim>& claims) {
      for (const auto& c : claims)
        if (c.provable && !Proven(c)) return true;
      return false;
    };
    // A claim the double SVDs leave open (e.g. a collapsed layer, sigma ~ 1e-76)
    // is retried with every SVD in MPFR at `bits`.
    if (!open(lp.claims)) return std::move(lp.claims);
    LayerProver<IntervalNetwork> hp{Net(), gaps, l, bits_, report_, true, {}, &Constants(1)};
    hp.Run();
    if (!open(hp.claims)) return std::move(hp.claims);
    // Still open (e.g. a pair of T4 among singular values at the decimal
    // strings' noise level, ~1e-90): the network enclosed again at twice the
    // bits (built once, for the first such layer), every SVD in MPFR there.
    ScopedIntervalPrecision fine_guard(2 * bits_);
    if (!fine_) fine_ = IntervalNetwork::Build(spec_, parameters_, data_);
    LayerProver<IntervalNetwork> fp{*fine_, gaps, l, 2 * bits_, report_, true, {}, &Constants(2)};
    fp.Run();
    *used_bits = 2 * bits_;
    return std::move(fp.claims);
  }

 // T1, T2 of layer l alone (only the network at the working point is built).
  std::vector<Claim> IdentityClaims(int l) {
    std::vector<Claim> claims;
    if (const std::vector<Interval>* gaps = Gaps())
      AddIdentityClaims(report_, l, (*gaps)[static_cast<size_t>(l - 1)], Interval(spec_.lambda), &claims);
    return claims;
  }

 private:
  // The constants of T6-T9 for pass 0 (double SVDs at `bits`), 1 (MPFR SVDs
  // at `bits`), 2 (the network at 2 * bits), computed once each.
  const detail::NetworkConstantsEnclosure& Constants(int pass) {
    std::optional<detail::NetworkConstantsEnclosure>& c = constants_[pass];
    if (!c) {
      const int b = pass == 2 ? 2 * bits_ : bits_;
      const bool high = pass > 0;
      c = detail::EncloseNetworkConstants(pass == 2 ? *fine_ : Net(),
                                          detail::SingularValueEncloser<IntervalMatrix>(
                                              [high, b](const IntervalMatrix& m) { return Sv(m, high, b); }));
    }
    return *c;
  }

  const std::vector<Interval>* Gaps() {
    if (!gaps_tried_) {
      gaps_ = GradientGaps<IntervalNetwork>(spec_, data_, report_, bits_);
      gaps_tried_ = true;
    }
    return gaps_ ? &*gaps_ : nullptr;
  }

  const MlpSpec& spec_;
  const std::vector<std::string>& parameters_;
  const Dataset& data_;
  int bits_;
  const CheckReport& report_;
  std::optional<IntervalNetwork> net_, fine_;
  std::optional<detail::NetworkConstantsEnclosure> constants_[3];
  std::optional<std::vector<Interval>> gaps_;
  bool gaps_tried_ = false;
};

// A decided claim with the engine that decided it.
struct EngineClaim {
  Claim claim;
  std::string engine;  // "midrad53" or "mpfi<bits>"
  int bits = 0;        // VerdictEnclosure::bits: 53 for midrad53
};

// Layer l in the fast engine; each claim it leaves open (neither proven nor
// disproven) re-decided by the MPFI engine when `fallback`.
std::vector<EngineClaim> ProveLayerFast(const MidradNetwork& net, const detail::NetworkConstantsEnclosure& constants,
                                        const std::vector<Interval>* gaps, int l, int bits, const CheckReport& report,
                                        bool fallback, MpfiProver* mpfi, IntervalProofSummary* sum) {
  LayerProver<MidradNetwork> fp{net, gaps, l, bits, report, false, {}, &constants};
  fp.Run();
  std::vector<EngineClaim> out;
  bool others_open = false, identities_open = false;
  for (auto& c : fp.claims) {
    const bool decided = !c.provable || Proven(c) || Disproven(c);
    others_open |= !decided && !c.identity;
    identities_open |= !decided && c.identity;
    out.push_back({std::move(c), kMidradName, 53});
  }
  if (!(others_open || identities_open) || !fallback) return out;
  // Only T1/T2 open: the gaps alone (the MPFI network at the working point);
  // otherwise the whole layer in MPFI.
  int used = GapBits(bits, report.working_bits);
  std::vector<Claim> reference =
      others_open ? mpfi->ProveLayer(l, identities_open, &used) : mpfi->IdentityClaims(l);
  for (auto& r : reference) {
    auto same = [&](const EngineClaim& e) { return e.claim.statement == r.statement && e.claim.norm == r.norm; };
    auto it = std::find_if(out.begin(), out.end(), same);
    if (it != out.end() && (!it->claim.provable || Proven(it->claim) || Disproven(it->claim)))
      continue;  // decided fast (or not provable in any engine): kept
    ++sum->fallbacks;
    EngineClaim e{std::move(r), MpfiName(used), used};
    if (it != out.end()) *it = std::move(e);
    else out.push_back(std::move(e));
  }
  return out;
}

// The record of one decided claim in the report (see interval_proof.h).
void RecordClaim(const EngineClaim& ec, CheckReport* report, IntervalProofSummary* sum) {
  const Claim& c = ec.claim;
  ++sum->attempted;
  // Every statement is "observed <= bound": proven when observed.upper <= bound.lower.
  const bool proven = Proven(c), disproven = Disproven(c);
  VerdictEnclosure en;
  if (c.valid) {
    en.observed_lower = c.observed.Lower();
    en.observed_upper = c.observed.Upper();
    en.bound_lower = c.bound.Lower();
    en.bound_upper = c.bound.Upper();
  }
  en.bits = ec.bits;
  const std::string by = " (" + ec.engine + ")";
  Verdict* v = FindVerdict(*report, c.statement, c.layer, c.norm);
  if (!v) {  // a statement the floating checks do not evaluate (yet): the interval verdict alone
    if (!c.valid) return;
    Verdict nv;
    nv.statement = c.statement;
    nv.layer = c.layer;
    nv.norm = c.norm;
    nv.observed = c.observed.Mid();
    nv.bound = c.bound.Mid();
    nv.ratio = nv.bound != 0 ? nv.observed / nv.bound : (nv.observed == 0 ? 0 : HUGE_VAL);
    nv.verdict = proven ? Outcome::kProven : (disproven ? Outcome::kViolated : Outcome::kUndecided);
    nv.precision = ec.engine;
    nv.grad_norm = report->grad_norm;
    nv.note = "interval path only; " + c.note;
    nv.enclosure = en;
    report->verdicts.push_back(nv);
    v = &report->verdicts.back();
  } else {
    const std::string prefix = v->note.empty() ? "" : "; ";
    // A proof covers the verdict only when it proves the same instance
    // (same projector choice, same bound): a floating bound outside the
    // enclosure means another instance of the statement was proven.
    const double tol = 1e-9 * std::fabs(v->bound) + v->error_estimate;
    const bool same_instance = c.identity || !(v->bound < en.bound_lower - tol || v->bound > en.bound_upper + tol);
    if (proven && !same_instance) {
      v->note += prefix + "not proven: the interval path proves another instance (bound in [" + Num(en.bound_lower) +
                 ", " + Num(en.bound_upper) + "], floating bound " + Num(v->bound) + ")" + by +
                 (c.note.empty() ? "" : ": " + c.note);
    } else if (proven && v->verdict != Outcome::kViolated) {
      v->verdict = Outcome::kProven;
      v->enclosure = en;
      v->note += prefix + "proven by " + ec.engine + (c.note.empty() ? "" : ": " + c.note);
    } else if (proven) {
      v->note += prefix + "PROVEN by intervals although violated in floating point (a bug to investigate)" + by;
    } else if (disproven) {
      v->verdict = Outcome::kViolated;
      v->enclosure = en;
      v->note += prefix + "violated by interval enclosures" + by;
    } else if (!c.provable) {
      v->note += prefix + "not proven: " + c.note;
    } else {
      v->note += prefix + "not proven at " + ec.engine + (c.note.empty() ? "" : ": " + c.note);
    }
  }
  if (v->verdict == Outcome::kProven) ++sum->proven;
  if (disproven) ++sum->disproven;
}

}  // namespace

std::string ProofEngineName(ProofEngine e) { return e == ProofEngine::kFast ? "fast" : "mpfi"; }

ProofEngine ParseProofEngine(const std::string& name) {
  if (name == "fast") return ProofEngine::kFast;
  if (name == "mpfi") return ProofEngine::kMpfi;
  throw std::invalid_argument("unknown proof engine '" + name + "' (expected fast or mpfi)");
}

IntervalProofSummary ProveVerdicts(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                   const Dataset& data, int bits, CheckReport* report, const ProofOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  IntervalProofSummary sum;
  sum.bits = bits;
  sum.engine = options.engine;
  std::string why;
  if (!IntervalNetwork::Supports(spec, &why)) {
    sum.skipped = why;
    return sum;
  }
  ScopedIntervalPrecision guard(bits);
  MpfiProver mpfi(spec, parameters, data, bits, *report);
  const bool fast = options.engine == ProofEngine::kFast;
  std::optional<MidradNetwork> fast_net;
  std::optional<std::vector<Interval>> fast_gaps;
  std::optional<detail::NetworkConstantsEnclosure> fast_constants;
  Interval grad_norm;
  if (fast) {
    fast_net = MidradNetwork::Build(spec, parameters, data);
    fast_gaps = GradientGaps<MidradNetwork>(spec, data, *report, bits);
    fast_constants = detail::EncloseNetworkConstants(
        *fast_net, detail::SingularValueEncloser<MidradMatrix>([](const MidradMatrix& m) { return Sv(m, false, 53); }));
    grad_norm = fast_net->grad_norm;
    sum.fast_grad_norm_2_upper = grad_norm.Upper();
    // ||grad J||_2 at the certificate's level is below double resolution for a
    // network trained in MPFR: that quantity alone falls back to MPFI.
    if (options.fallback && options.stationarity_claim > 0 &&
        !ProvenStationary(grad_norm.Upper(), options.stationarity_claim)) {
      grad_norm = mpfi.Net().grad_norm;
      sum.grad_norm_engine = MpfiName(bits);
    } else {
      sum.grad_norm_engine = kMidradName;
    }
  } else {
    grad_norm = mpfi.Net().grad_norm;
    sum.grad_norm_engine = MpfiName(bits);
  }
  sum.ran = true;
  sum.grad_norm_2_lower = grad_norm.Lower();
  sum.grad_norm_2_upper = grad_norm.Upper();
  for (int l = 1; l <= spec.depth(); ++l) {
    std::vector<EngineClaim> claims;
    if (fast) {
      claims = ProveLayerFast(*fast_net, *fast_constants, fast_gaps ? &*fast_gaps : nullptr, l, bits, *report,
                              options.fallback, &mpfi, &sum);
    } else {
      int used = bits;
      for (auto& c : mpfi.ProveLayer(l, true, &used)) claims.push_back({std::move(c), "mpfi" + std::to_string(used), used});
    }
    for (const auto& c : claims) RecordClaim(c, report, &sum);
  }
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sum;
}

}  // namespace nrc
