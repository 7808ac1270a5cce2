// Definitions of training/newton_stage.h (included only by the per-scalar
// units training/detail/newton_stage_<scalar>.cc).
//
// The stage is built from named parts (Ceres' style): the stop rules
// (NewtonStage::StopRule: converged, max_iterations, time_limit, and after a
// step stagnated), the preconditioner choice (CurrentPreconditioner), the step
// (NewtonDirection: -M g or truncated preconditioned CG,
// numerics/conjugate_gradients.h) and its acceptance (AcceptStep: the
// backtracking line search with ClassifyTrial's test, ExtendAlongNegative-
// Curvature), and the bookkeeping of the best point (RecordStep).
#ifndef NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_
#define NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "nets/mlp.h"
#include "numerics/conjugate_gradients.h"
#include "numerics/minimum_residual.h"
#include "numerics/norms.h"
#include "numerics/saddle_free_inverse.h"
#include "numerics/shifted_cholesky_inverse.h"
#include "training/detail/short_decimal.h"
#include "training/kronecker_factored_inverse.h"
#include "training/newton_stage.h"

namespace nrc {
namespace detail {

// z = M r with M applied in double to r / max|r_i| (so neither underflow nor
// the double exponent range limits what T can carry), rescaled in T.
template <class T>
Vector<T> ApplyPreconditioner(const SymmetricPreconditioner* M, const Vector<T>& r, double damping = 0) {
  if (M == nullptr) return r;
  const T s = r.cwiseAbs().maxCoeff();
  if (!(s > T(0))) return Vector<T>::Zero(r.size());
  const Vector<double> rd = r.unaryExpr([&s](const T& x) { return RoundedCast<double>(T(x / s)); });
  const Vector<double> zd = M->Apply(rd, damping);
  return zd.unaryExpr([&s](double x) { return T(RoundedCast<T>(x) * s); });
}

// v / max|v_i| rounded to double (the scale a curvature pair may drop).
template <class T>
Vector<double> ScaledToDouble(const Vector<T>& v, const T& s) {
  return v.unaryExpr([&s](const T& x) { return RoundedCast<double>(T(x / s)); });
}

// The iterate: parameters, their evaluation, gradient and its 2-norm.
template <class T>
struct NewtonPoint {
  MlpParameters<T> theta;
  MlpEvaluation<T> ev;
  Vector<T> g;
  T gnorm;
};

// The step direction and what CG said about it.
template <class T>
struct NewtonDirectionResult {
  Vector<T> d;
  bool cg_missed_tolerance = false;  // CG stopped before its relative residual
  bool negative_curvature = false;   // CG met p^T H p <= 0
  int cg_iterations = 0;
};

// The acceptance test of one trial point theta + t d (see newton_stage.h 4.).
enum class TrialVerdict { kClearDecrease, kEndGame, kRejected };

template <class T>
TrialVerdict ClassifyTrial(const T& dJ, const T& J_rounding, const T& t, const T& slope, const T& gnorm_trial,
                           const T& gnorm) {
  using std::abs;
  if (dJ < -J_rounding && dJ <= T(1e-4) * t * slope) return TrialVerdict::kClearDecrease;
  if (abs(dJ) <= J_rounding && gnorm_trial < gnorm) return TrialVerdict::kEndGame;
  return TrialVerdict::kRejected;
}

// An estimate (no error control) of the rounding level of ||grad J||_2 as
// Evaluate computes it: (N + d_max + 8) eps_T times the 2-norm of the
// gradient's absolute summands, |Delta_l| |Z_{l-1}|^T / N + lambda |W_l| and
// |Delta_l| 1 / N + lambda_b |b_l| (the first-order bound of a sum of N
// products, Higham (2002) Lemma 3.5, widened by the depth of the forward
// and backward products that make Delta_l and Z_{l-1}). A ||grad J||_2 well
// above it is not the floor of T: steps that stop halving it there are slow
// convergence (an ill-conditioned minimum), not rounding.
template <class T>
T ApproxGradientRoundingLevel(const MlpSpec& spec, const MlpParameters<T>& theta, const MlpEvaluation<T>& ev) {
  using std::sqrt;
  const int L = spec.depth();
  const Eigen::Index N = ev.Z[0].cols();
  int d_max = 0;
  for (int w : spec.widths) d_max = std::max(d_max, w);
  T sum_squares(0);
  for (int l = 1; l <= L; ++l) {
    const Matrix<T> absDelta = ev.Delta[l].cwiseAbs();
    const Matrix<T> G = (absDelta * ev.Z[l - 1].cwiseAbs().transpose()) / T(N) + T(spec.lambda) * theta.W[l].cwiseAbs();
    sum_squares += G.squaredNorm();
    if (spec.has_bias(l)) {
      const Vector<T> g = absDelta.rowwise().sum() / T(N) + T(spec.lambda_b) * theta.b[l].cwiseAbs();
      sum_squares += g.squaredNorm();
    }
  }
  return T(double(N + d_max + 8)) * ScalarTraits<T>::Epsilon() * sqrt(sum_squares);
}

template <class T>
class NewtonStage {
 public:
  NewtonStage(const MlpSpec& spec, const Dataset& data, const SymmetricPreconditioner* preconditioner,
              const NewtonStageOptions& opt)
      : spec_(spec), labels_(data.labels), data_(data), given_(preconditioner), opt_(opt) {
    CheckInput();
    X_ = data.Features<T>();
    J_rounding_factor_ = T(8) * T(data.size()) * ScalarTraits<T>::Epsilon();
    log_.name = opt.name;
    log_.precision = opt.precision_name.empty() ? ScalarTraits<T>::Name() : opt.precision_name;
    log_.precision_bits = ScalarTraits<T>::Bits();
    log_.method = Method();
    log_.termination = "max_iterations";
  }

  StageLog Run(MlpParameters<T>* theta);

 private:
  using Clock = std::chrono::steady_clock;
  double Elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  void CheckInput() const;
  std::string Method() const;
  NewtonPoint<T> EvaluateAt(MlpParameters<T> theta);
  void Progress(const std::string& extra, bool force = false);

  // Stop rules checked before every step, in this order (nullptr: go on).
  bool Converged() const { return here_.gnorm <= T(opt_.gradient_tolerance); }
  bool IterationLimitReached() const { return log_.iterations >= opt_.max_iterations; }
  bool TimeLimitReached() const { return Elapsed() > opt_.max_seconds; }
  const char* StopRule() const {
    if (Converged()) return "converged";
    if (IterationLimitReached()) return "max_iterations";
    if (TimeLimitReached()) return "time_limit";
    return nullptr;
  }
  // Stop rules checked after every step: the rounding floor of T
  // (stagnation_limit steps in a row that did not halve ||g||, at a ||g|| within
  // 16 x ApproxGradientRoundingLevel), or slow convergence above it
  // (stall_limit such steps in a row). Stagnated computes rounding_level_
  // for here_ once stagnation_limit is reached, so Stalled (stall_limit >=
  // stagnation_limit, checked after it) finds it computed.
  bool Stagnated();
  bool Stalled() const { return stagnant_ >= opt_.stall_limit; }
  // Matrix-free stages only (no dense or fixed preconditioner, whose CG
  // solves are accurate until the floor): a step that stalled (an end-game
  // step that did not halve ||g||) while CG missed its tolerance says
  // nothing about the floor: the solve was too short. Doubles the CG budget (up to kMaxCgGrowth x max_cg_iterations),
  // does not count the step as stagnant, and returns true; false otherwise.
  bool TruncationStalled(const NewtonDirectionResult<T>& dir);
  static constexpr int kMaxCgGrowth = 16;

  const SymmetricPreconditioner* CurrentPreconditioner();
  NewtonDirectionResult<T> NewtonDirection(const SymmetricPreconditioner* M);
  void FeedLimitedMemory(const std::vector<std::pair<Vector<double>, Vector<double>>>& pairs);
  bool AcceptStep(const Vector<T>& d, bool leaving_saddle);
  // kGaussNewton: the product (G + mu I) v, and the Levenberg-Marquardt
  // update of mu from the step just accepted (J_before, the model's
  // decrease g^T d and curvature d^T G d, the accepted t).
  Vector<T> CurvatureProduct(const Vector<T>& v, bool damped);
  void UpdateLevenbergMarquardt(const T& J_before, const T& slope, const T& dGd);
  bool GaussNewton() const { return opt_.curvature == NewtonCurvature::kGaussNewton; }
  void ExtendAlongNegativeCurvature(const Vector<T>& x, const Vector<T>& d, T* t, NewtonPoint<T>* trial);
  void RecordStep(NewtonPoint<T> next, bool clear_decrease);
  void Finish(MlpParameters<T>* theta);

  const MlpSpec& spec_;
  const std::vector<int>& labels_;
  const Dataset& data_;
  const SymmetricPreconditioner* given_;
  const NewtonStageOptions& opt_;
  Matrix<T> X_;
  T J_rounding_factor_;
  StageLog log_;
  const Clock::time_point start_ = Clock::now();
  const double cpu_start_ = CpuSeconds();
  NewtonPoint<T> here_, best_;
  int stagnant_ = 0;
  std::unique_ptr<SymmetricPreconditioner> owned_;
  std::string last_preconditioner_;
  bool cg_missed_ = false;
  int cg_total_ = 0, cg_max_ = 0, negative_curvature_steps_ = 0;
  int cg_budget_ = 0;  // CG iterations allowed this step (TruncationStalled doubles it)
  double mu_ = 0;      // kGaussNewton: the Levenberg-Marquardt damping
  T last_t_ = T(0);    // the step length AcceptStep accepted
  bool last_step_stalled_ = false;
  T rounding_level_ = T(-1);  // ApproxGradientRoundingLevel at here_ (-1: not computed)
  int next_milestone_ = -4;  // ||g|| <= 1e-4, 1e-6, ..., 1e-12: when first reached
  std::string milestones_;
};

template <class T>
void NewtonStage<T>::CheckInput() const {
  spec_.Validate();
  const int P = spec_.NumParameters();
  if (given_ != nullptr && given_->size() != P) {
    throw std::invalid_argument("RunNewtonStage: preconditioner is for " + std::to_string(given_->size()) +
                                " parameters, network has " + std::to_string(P));
  }
  if (opt_.limited_memory != nullptr && opt_.limited_memory->size() != P) {
    throw std::invalid_argument("RunNewtonStage: limited-memory preconditioner is for " +
                                std::to_string(opt_.limited_memory->size()) + " parameters, network has " +
                                std::to_string(P));
  }
  if (opt_.curvature == NewtonCurvature::kGaussNewton && (!(opt_.initial_mu > 0) || opt_.max_cg_iterations == 0)) {
    throw std::invalid_argument("RunNewtonStage: Gauss-Newton needs initial_mu > 0 and CG");
  }
  if (opt_.max_iterations < 0 || opt_.max_cg_iterations < 0 || opt_.stagnation_limit < 1 || opt_.stall_limit < opt_.stagnation_limit ||
      !(opt_.max_seconds > 0) || !(opt_.gradient_tolerance >= 0) || !(opt_.cg_tolerance >= 0)) {
    throw std::invalid_argument("RunNewtonStage: bad options");
  }
}

template <class T>
std::string NewtonStage<T>::Method() const {
  std::string m = opt_.max_cg_iterations == 0 ? "Newton, step -M g"
                  : GaussNewton()
                      ? "Gauss-Newton-CG (Hessian-free) with exact Gauss-Newton-vector products, Levenberg-Marquardt mu"
                      : "Newton-CG with exact Hessian-vector products";
  m += opt_.dense == DensePreconditioner::kEigen ? ", M = |H|^+ (eigen-decomposed dense double Hessian"
       : opt_.dense == DensePreconditioner::kCholesky
           ? std::string(", M = (H + sigma I)^-1 (Cholesky of the dense ") + (opt_.float_hessian ? "float" : "double") +
                 " Hessian"
       : opt_.dense == DensePreconditioner::kKroneckerFactored
           ? std::string(", M = K-FAC (A kron S + (lambda + mu) I)^-1 per layer (Gauss-Newton Kronecker factors")
       : given_ != nullptr                ? ", M fixed: " + given_->Describe()
       : opt_.limited_memory != nullptr ? ", M = L-BFGS from the CG pairs (at most " +
                                              std::to_string(opt_.limited_memory->max_pairs()) + ")"
                                        : ", no preconditioner";
  if (opt_.dense != DensePreconditioner::kNone) {
    m += opt_.rebuild_every_step ? ", rebuilt every step)" : opt_.rebuild_when_cg_stalls ? ", rebuilt when CG stalls)" : ")";
  }
  char buf[96];
  if (opt_.damping_factor > 0 && opt_.max_cg_iterations == 0) {
    std::snprintf(buf, sizeof buf, ", damping %.2g ||g||", opt_.damping_factor);
    m += buf;
  }
  if (opt_.max_cg_iterations > 0) {
    std::snprintf(buf, sizeof buf, "; CG <= %d steps to relative residual %.1e", opt_.max_cg_iterations,
                  opt_.cg_tolerance);
    m += buf;
  }
  return m + "; line search on J, then on ||grad J|| within rounding of J";
}

template <class T>
NewtonPoint<T> NewtonStage<T>::EvaluateAt(MlpParameters<T> theta) {
  ++log_.gradient_evaluations;
  NewtonPoint<T> p;
  p.ev = Evaluate(spec_, theta, X_, labels_, EvaluationLevel::kGradient);
  p.theta = std::move(theta);
  p.g = p.ev.gradient.Flatten();
  p.gnorm = FrobeniusNorm(p.g);
  return p;
}

template <class T>
void NewtonStage<T>::Progress(const std::string& extra, bool force) {
  if (opt_.progress == nullptr) return;
  char buf[200];
  std::snprintf(buf, sizeof buf, "%s [%s] step %d  |grad J| %s  %.1f s", log_.name.c_str(), log_.precision.c_str(),
                log_.iterations, ShortDecimal(here_.gnorm).c_str(), Elapsed());
  std::string line = buf;
  if (GaussNewton()) {
    std::snprintf(buf, sizeof buf, "  mu %.1e  CG %d", mu_, cg_total_);
    line += buf;
  }
  opt_.progress->Update(line + extra, force);
}

// The preconditioner of this step: a dense one built now when due (first
// step, every step, or after CG missed its tolerance, as configured), else the
// one built last, else the one passed in, else the limited-memory one, else
// none.
template <class T>
const SymmetricPreconditioner* NewtonStage<T>::CurrentPreconditioner() {
  const bool build = opt_.dense != DensePreconditioner::kNone &&
                     ((owned_ == nullptr && given_ == nullptr) || opt_.rebuild_every_step ||
                      (opt_.rebuild_when_cg_stalls && cg_missed_));
  if (build && opt_.dense == DensePreconditioner::kKroneckerFactored) {
    Progress("  (K-FAC factors)", true);
    KroneckerFactoredInverseOptions ko;  // layer 1's input factor depends on the data only
    ko.reuse_input_factor = dynamic_cast<const KroneckerFactoredInverse*>(owned_.get());
    owned_ = std::make_unique<KroneckerFactoredInverse>(spec_, here_.theta.template Cast<double>(), data_.X, labels_, ko);
    last_preconditioner_ = owned_->Describe();
  } else if (build) {
    Progress("  (dense Hessian)", true);
    const MlpParameters<T>& th = here_.theta;
    const Matrix<double> H =
        opt_.dense == DensePreconditioner::kCholesky && opt_.float_hessian
            ? Matrix<double>(
                  DenseHessian<float>(spec_, th.template Cast<float>(), data_.Features<float>(), labels_)
                      .template cast<double>())
            : DenseHessian<double>(spec_, th.template Cast<double>(), data_.X, labels_);
    if (opt_.dense == DensePreconditioner::kEigen) {
      owned_ = std::make_unique<SaddleFreeInverse>(H, opt_.eigen_options);
    } else {
      owned_ = std::make_unique<ShiftedCholeskyInverse>(H, opt_.cholesky_options);
    }
    ++log_.dense_hessians;
    last_preconditioner_ = owned_->Describe();
  }
  if (owned_ != nullptr) return owned_.get();
  if (given_ != nullptr) return given_;
  if (opt_.limited_memory != nullptr) last_preconditioner_ = opt_.limited_memory->Describe();
  return opt_.limited_memory;
}

// The step direction: d = -M g (max_cg_iterations = 0, damped), else
// truncated preconditioned CG on H d = -g with exact Hessian-vector products
// in T. CG's curvature pairs (p, H p) feed the limited-memory preconditioner
// after the solve. On negative curvature at the first CG step (no iterate
// yet), or when the preconditioner breaks down at once, d = -M g: a descent
// direction of J since M is positive (semi-)definite.
template <class T>
NewtonDirectionResult<T> NewtonStage<T>::NewtonDirection(const SymmetricPreconditioner* M) {
  NewtonDirectionResult<T> out;
  const Vector<T> minus_g = -here_.g;
  if (opt_.max_cg_iterations == 0) {
    out.d = ApplyPreconditioner(M, minus_g, opt_.damping_factor * ToDouble(here_.gnorm));
    return out;
  }
  const int keep = opt_.limited_memory != nullptr ? opt_.limited_memory->max_pairs() : 0;
  std::vector<std::pair<Vector<double>, Vector<double>>> pairs;
  auto hv = [&](const Vector<T>& v) { return CurvatureProduct(v, /*damped=*/true); };
  const double damping = GaussNewton() ? mu_ : 0.0;
  auto apply_M = [&](const Vector<T>& r) { return ApplyPreconditioner(M, r, damping); };
  auto observe = [&](const Vector<T>& p, const Vector<T>& Hp) {
    Progress("  CG " + std::to_string(log_.hessian_vector_products));
    if (keep == 0) return;
    const T s = p.cwiseAbs().maxCoeff();
    if (!(s > T(0))) return;
    pairs.emplace_back(ScaledToDouble(p, s), ScaledToDouble(Hp, s));
    if (static_cast<int>(pairs.size()) > keep) pairs.erase(pairs.begin());
  };
  CgOptions co;
  co.max_iterations = cg_budget_;
  co.relative_tolerance = opt_.cg_tolerance;
  CgResult<T> cg = opt_.target == NewtonTarget::kStationaryPoint
                       ? MinimumResidual<T>(hv, apply_M, minus_g, co, observe)
                       : ConjugateGradients<T>(hv, apply_M, minus_g, co, observe);
  FeedLimitedMemory(pairs);
  out.cg_iterations = cg.iterations;
  out.cg_missed_tolerance = cg.termination != CgTermination::kConverged;
  out.negative_curvature = cg.termination == CgTermination::kNegativeCurvature;
  const bool no_iterate = cg.termination == CgTermination::kPreconditionerBreakdown
                              ? cg.iterations == 0
                              : out.negative_curvature && cg.iterations == 1;
  out.d = no_iterate ? ApplyPreconditioner(M, minus_g, damping) : std::move(cg.x);
  if (out.negative_curvature && opt_.negative_curvature_step == NegativeCurvatureStep::kIterateAndDirection) {
    using std::abs;
    using std::sqrt;
    const T p2 = cg.direction.squaredNorm();
    if (p2 > T(0)) {
      const T tau = abs(cg.curvature) / (p2 * sqrt(p2));
      // p descends the model from x_k (see NegativeCurvatureStep); from -M g
      // (no iterate) take the sign that descends J.
      const T sign = no_iterate && here_.g.dot(cg.direction) > T(0) ? T(-1) : T(1);
      if (tau > T(0) && IsFinite(tau)) out.d += sign * tau * cg.direction;
    }
  }
  return out;
}

template <class T>
Vector<T> NewtonStage<T>::CurvatureProduct(const Vector<T>& v, bool damped) {
  ++log_.hessian_vector_products;
  const MlpParameters<T> vp = MlpParameters<T>::Unflatten(spec_, v);
  if (!GaussNewton()) return HessianVectorProduct(spec_, here_.theta, X_, labels_, here_.ev, vp).Flatten();
  Vector<T> Gv = GaussNewtonVectorProduct(spec_, here_.theta, X_, labels_, here_.ev, vp).Flatten();
  if (damped) Gv += T(mu_) * v;
  return Gv;
}

// rho = actual / predicted decrease of J for the accepted t d, the model
// t g^T d + t^2 d^T G d / 2 (undamped G); mu grows by 3/2 when rho < 1/4
// and shrinks by 2/3 when rho > 3/4 (Martens 2010, section 4.1), within
// [1e-12, 1e12] times the initial mu.
template <class T>
void NewtonStage<T>::UpdateLevenbergMarquardt(const T& J_before, const T& slope, const T& dGd) {
  const T predicted = last_t_ * slope + last_t_ * last_t_ * dGd / 2;
  const double rho = predicted < T(0) ? ToDouble(T((here_.ev.objective - J_before) / predicted)) : 0.0;
  if (rho < 0.25) mu_ *= 1.5;
  if (rho > 0.75) mu_ *= 2.0 / 3.0;
  mu_ = std::min(std::max(mu_, 1e-12 * opt_.initial_mu), 1e12 * opt_.initial_mu);
}

template <class T>
void NewtonStage<T>::FeedLimitedMemory(const std::vector<std::pair<Vector<double>, Vector<double>>>& pairs) {
  if (opt_.limited_memory == nullptr) return;
  for (const auto& [s, y] : pairs) {
    if (s.allFinite() && y.allFinite()) opt_.limited_memory->AddPair(s, y);
  }
}

// Step acceptance: backtracking t = 1, 1/2, ..., 2^-30 on theta + t d with
// ClassifyTrial; on the first acceptance the point moves (RecordStep).
// Returns false when no trial passes (the rounding floor of T).
template <class T>
bool NewtonStage<T>::AcceptStep(const Vector<T>& d, bool leaving_saddle) {
  using std::abs;
  const T J = here_.ev.objective;
  const T slope = here_.g.dot(d);
  const T J_rounding = J_rounding_factor_ * abs(J);
  const Vector<T> x = here_.theta.Flatten();
  T t(1);
  for (int bt = 0; bt <= 30; ++bt, t /= 2) {
    NewtonPoint<T> trial = EvaluateAt(MlpParameters<T>::Unflatten(spec_, Vector<T>(x + t * d)));
    if (!IsFinite(trial.ev.objective) || !IsFinite(trial.gnorm)) continue;
    if (opt_.target == NewtonTarget::kStationaryPoint) {  // a line search on ||g|| alone
      if (!(trial.gnorm <= (1 - T(1e-4) * t) * here_.gnorm)) {
        Progress("  line search t = 2^-" + std::to_string(bt + 1));
        continue;
      }
      last_t_ = t;
      RecordStep(std::move(trial), /*clear_decrease=*/true);
      return true;
    }
    const T dJ = trial.ev.objective - J;
    const TrialVerdict v = ClassifyTrial(dJ, J_rounding, t, slope, trial.gnorm, here_.gnorm);
    if (v == TrialVerdict::kRejected) {
      Progress("  line search t = 2^-" + std::to_string(bt + 1));
      continue;
    }
    const bool decrease = v == TrialVerdict::kClearDecrease;
    if (decrease && bt == 0 && leaving_saddle) ExtendAlongNegativeCurvature(x, d, &t, &trial);
    last_t_ = t;
    RecordStep(std::move(trial), decrease);
    return true;
  }
  return false;
}

// Leaving a saddle: along negative curvature the saddle-free step only
// doubles the distance to the saddle, so while J keeps falling clearly try
// twice the step (at most 2^10).
template <class T>
void NewtonStage<T>::ExtendAlongNegativeCurvature(const Vector<T>& x, const Vector<T>& d, T* t,
                                                  NewtonPoint<T>* trial) {
  using std::abs;
  const T J_rounding = J_rounding_factor_ * abs(here_.ev.objective);
  T J_best = trial->ev.objective;
  for (int ex = 0; ex < 10; ++ex) {
    const T t2 = 2 * *t;
    NewtonPoint<T> next = EvaluateAt(MlpParameters<T>::Unflatten(spec_, Vector<T>(x + t2 * d)));
    if (!IsFinite(next.ev.objective) || !(next.ev.objective < J_best - J_rounding)) break;
    if (!IsFinite(next.gnorm)) break;
    *t = t2;
    J_best = next.ev.objective;
    *trial = std::move(next);
  }
}

template <class T>
bool NewtonStage<T>::Stagnated() {
  if (stagnant_ < opt_.stagnation_limit) return false;
  if (rounding_level_ < T(0)) rounding_level_ = ApproxGradientRoundingLevel(spec_, here_.theta, here_.ev);
  return here_.gnorm <= T(16) * rounding_level_;
}

template <class T>
bool NewtonStage<T>::TruncationStalled(const NewtonDirectionResult<T>& dir) {
  const int cap = kMaxCgGrowth * opt_.max_cg_iterations;
  // Dense preconditioners make CG accurate until the floor; a K-FAC one is
  // an approximation, so its solves may need a larger budget.
  const bool matrix_free = given_ == nullptr && (owned_ == nullptr || opt_.dense == DensePreconditioner::kKroneckerFactored);
  if (!matrix_free || !last_step_stalled_ || !dir.cg_missed_tolerance || dir.negative_curvature || cg_budget_ >= cap) {
    return false;
  }
  cg_budget_ = std::min(cap, 2 * cg_budget_);
  --stagnant_;
  Progress("  (CG budget " + std::to_string(cg_budget_) + ")", true);
  return true;
}

// Moves to `next`. A clear decrease of J is progress whatever ||g|| does
// (escaping a saddle raises it); only end-game steps can stagnate. The best
// point is the one with the smallest ||g|| among the end-game iterates after
// the last clear decrease of J (earlier ones have a larger J: they may sit
// near a saddle the stage has left).
template <class T>
void NewtonStage<T>::RecordStep(NewtonPoint<T> next, bool clear_decrease) {
  ++log_.iterations;
  last_step_stalled_ = !clear_decrease && next.gnorm > here_.gnorm / 2;
  stagnant_ = last_step_stalled_ ? stagnant_ + 1 : 0;
  here_ = std::move(next);
  rounding_level_ = T(-1);
  log_.history.push_back(ShortDecimal(here_.gnorm));
  while (next_milestone_ >= -12 && here_.gnorm <= T(std::pow(10.0, next_milestone_))) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s1e%d at %.1f s", milestones_.empty() ? "" : ", ", next_milestone_, Elapsed());
    milestones_ += buf;
    next_milestone_ -= 2;
  }
  if (clear_decrease || here_.gnorm < best_.gnorm) best_ = here_;
}

template <class T>
StageLog NewtonStage<T>::Run(MlpParameters<T>* theta) {
  if (theta == nullptr) throw std::invalid_argument("RunNewtonStage: no parameters");
  here_ = EvaluateAt(*theta);
  if (!IsFinite(here_.ev.objective)) throw std::runtime_error("RunNewtonStage: objective is not finite at the start");
  log_.grad_norm_start = ToDecimalString(here_.gnorm);
  log_.grad_norm_start_value = ToDouble(here_.gnorm);
  log_.history.push_back(ShortDecimal(here_.gnorm));
  best_ = here_;
  while (next_milestone_ >= -12 && here_.gnorm <= T(std::pow(10.0, next_milestone_))) next_milestone_ -= 2;
  last_preconditioner_ = given_ != nullptr ? given_->Describe() : "none";
  cg_budget_ = opt_.max_cg_iterations;
  mu_ = opt_.initial_mu;
  Progress("", true);
  for (;;) {
    if (const char* rule = StopRule()) {
      log_.termination = rule;
      break;
    }
    const SymmetricPreconditioner* M = CurrentPreconditioner();
    const NewtonDirectionResult<T> dir = NewtonDirection(M);
    // A CG solve that ran out of iterations triggers a rebuild (when so
    // configured); negative curvature does not: it says the point moved,
    // not that the factor went stale. Measured on digits from the L-BFGS end
    // point (||grad J|| = 1e-7): rebuilding on negative curvature too took 16
    // dense float Hessians and 93 CPU s to reach 3.7e-16; rebuilding only
    // after CG ran out of iterations, 2 Hessians and 19 CPU s to 3.3e-16.
    cg_missed_ = dir.cg_missed_tolerance && !dir.negative_curvature;
    cg_total_ += dir.cg_iterations;
    cg_max_ = std::max(cg_max_, dir.cg_iterations);
    negative_curvature_steps_ += dir.negative_curvature;
    const bool leaving_saddle = (M != nullptr && M->indefinite()) || dir.negative_curvature;
    const T J_before = here_.ev.objective;
    const T slope = here_.g.dot(dir.d);
    const T dGd = GaussNewton() ? T(dir.d.dot(CurvatureProduct(dir.d, /*damped=*/false))) : T(0);
    const bool accepted = AcceptStep(dir.d, leaving_saddle);
    if (accepted && GaussNewton()) UpdateLevenbergMarquardt(J_before, slope, dGd);
    if (accepted && TruncationStalled(dir)) continue;
    if (!accepted) {
      log_.termination = "line_search_failed";
      log_.message = "no step along the Newton direction decreases J or, within rounding of J, ||grad J||: rounding floor";
      break;
    }
    Progress("");
    if (Stagnated()) {
      log_.termination = "stagnated";
      log_.message = std::to_string(stagnant_) + " consecutive end-game steps did not halve ||grad J||, within 16 x " +
                     "its rounding level " + ShortDecimal(rounding_level_) + ": rounding floor";
      break;
    }
    if (Stalled()) {
      log_.termination = "stalled";
      log_.message = std::to_string(stagnant_) + " consecutive end-game steps did not halve ||grad J||, above 16 x " +
                     "its rounding level " + ShortDecimal(rounding_level_) +
                     ": slow convergence (an ill-conditioned minimum; a dense preconditioner may help)";
      break;
    }
  }
  Finish(theta);
  return log_;
}

template <class T>
void NewtonStage<T>::Finish(MlpParameters<T>* theta) {
  *theta = std::move(best_.theta);
  std::string& m = log_.message;
  m += std::string(m.empty() ? "" : "; ") + "last preconditioner: " + last_preconditioner_;
  if (opt_.max_cg_iterations > 0 && log_.iterations > 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "; CG steps per Newton step: mean %.1f, max %d; negative curvature in %d",
                  static_cast<double>(cg_total_) / std::max(1, log_.iterations), cg_max_, negative_curvature_steps_);
    m += buf;
  }
  if (GaussNewton()) m += "; final mu " + ShortDecimal(T(mu_));
  if (!milestones_.empty()) m += "; ||grad J||_2 <= " + milestones_;
  log_.grad_norm_end = ToDecimalString(best_.gnorm);
  log_.grad_norm_end_value = ToDouble(best_.gnorm);
  log_.objective_end = ToDecimalString(best_.ev.objective);
  log_.seconds = Elapsed();
  log_.cpu_seconds = CpuSeconds() - cpu_start_;
  here_.gnorm = best_.gnorm;
  Progress("  done (" + log_.termination + "): " + m, true);
  if (opt_.progress != nullptr) opt_.progress->Finish();
}

}  // namespace detail

template <class T>
StageLog RunNewtonStage(const MlpSpec& spec, const Dataset& data, MlpParameters<T>* theta,
                        const SymmetricPreconditioner* preconditioner, const NewtonStageOptions& opt) {
  return detail::NewtonStage<T>(spec, data, preconditioner, opt).Run(theta);
}

}  // namespace nrc

#define NRC_INSTANTIATE_NEWTON_STAGE(T)                                                                   \
  namespace nrc {                                                                                        \
  template StageLog RunNewtonStage<T>(const MlpSpec&, const Dataset&, MlpParameters<T>*,                 \
                                      const SymmetricPreconditioner*, const NewtonStageOptions&);        \
  }

#endif  // NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_
