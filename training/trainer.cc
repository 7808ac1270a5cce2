#include "training/trainer.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "datasets/data_source.h"
#include "nets/mlp.h"
#include "numerics/allocator.h"
#include "numerics/lbfgs_minimizer.h"
#include "numerics/limited_memory_preconditioner.h"
#include "numerics/saddle_free_inverse.h"
#include "numerics/shifted_cholesky_inverse.h"
#include "training/mlp_objective.h"
#include "training/kronecker_factored_inverse.h"
#include "training/newton_stage.h"
#include "training/detail/short_decimal.h"
#include "training/progress_line.h"

namespace nrc {
namespace {

using Clock = std::chrono::steady_clock;

std::string Short(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3e", x);
  return buf;
}

StageLog RunLbfgsStage(const TrainConfig& config, const MlpSpec& spec, const Dataset& data,
                       MlpParameters<double>* theta, ProgressLine* progress,
                       EvaluationScalar scalar = EvaluationScalar::kDouble) {
  const bool in_float = scalar == EvaluationScalar::kFloat;
  MlpObjective objective(spec, data, scalar);
  LbfgsOptions lo;
  lo.memory = config.lbfgs.memory;
  const LbfgsMinimizer minimizer(lo);
  MinimizerOptions mo;
  mo.max_iterations = config.lbfgs.max_iterations;
  mo.max_seconds = config.lbfgs.max_seconds;
  mo.gradient_tolerance = in_float ? config.lbfgs.float_until : config.lbfgs.gradient_tolerance;
  StageLog log;
  log.name = in_float ? "lbfgs-float" : "lbfgs";
  log.precision = in_float ? "float" : "double";
  log.precision_bits = in_float ? ScalarTraits<float>::Bits() : ScalarTraits<double>::Bits();
  char method[200];
  std::snprintf(method, sizeof method,
                "Ceres L-BFGS (rank %d), Wolfe line search, %suntil ||grad J||_2 <= %.1e", lo.memory,
                in_float ? "J and its gradient evaluated in float, " : "", mo.gradient_tolerance);
  log.method = method;
  int next_record = 0;
  mo.callback = [&](const MinimizerProgress& p) {
    if (p.iteration >= next_record) {  // log-spaced history: 0, 1, 2, 4, 8, ...
      log.history.push_back(Short(p.gradient_norm_2));
      next_record = next_record == 0 ? 1 : 2 * next_record;
    }
    if (progress != nullptr) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "lbfgs [%s] iteration %d  |grad J| %.3e  %.1f s", log.precision.c_str(),
                    p.iteration, p.gradient_norm_2, p.seconds);
      progress->Update(buf);
    }
    return true;
  };
  Vector<double> x = theta->Flatten();
  const double cpu_start = detail::CpuSeconds();
  const MinimizerSummary s = minimizer.Minimize(objective, &x, mo);
  if (progress != nullptr) progress->Finish();
  *theta = MlpParameters<double>::Unflatten(spec, x);
  log.iterations = s.iterations;
  log.gradient_evaluations = s.evaluations;
  log.seconds = s.seconds;
  log.cpu_seconds = detail::CpuSeconds() - cpu_start;
  log.grad_norm_start = ToDecimalString(s.initial_gradient_norm_2);
  log.grad_norm_start_value = s.initial_gradient_norm_2;
  log.grad_norm_end = ToDecimalString(s.final_gradient_norm_2);
  log.grad_norm_end_value = s.final_gradient_norm_2;
  log.objective_end = ToDecimalString(s.final_value);
  log.termination = MinimizerTerminationName(s.termination);
  log.message = s.message;
  if (log.history.empty() || log.history.back() != Short(s.final_gradient_norm_2)) {
    log.history.push_back(Short(s.final_gradient_norm_2));
  }
  return log;
}


// Stage 1: L-BFGS in float while ||grad J||_2 > lbfgs.float_until (when that
// is > 0), then in double to lbfgs.gradient_tolerance. The float phase ends
// at its tolerance, at its limits or at the float rounding floor (its line
// search fails); the double phase starts a fresh L-BFGS history there.
void RunLbfgsStages(const TrainConfig& config, const MlpSpec& spec, const Dataset& data,
                    MlpParameters<double>* theta, ProgressLine* progress, std::vector<StageLog>* stages) {
  if (config.lbfgs.float_until > config.lbfgs.gradient_tolerance) {
    stages->push_back(RunLbfgsStage(config, spec, data, theta, progress, EvaluationScalar::kFloat));
  }
  stages->push_back(RunLbfgsStage(config, spec, data, theta, progress));
}


// How the Newton stages precondition CG (config newton.preconditioner and P).
enum class NewtonKind {
  kDenseEigen,     // saddle-free Newton on the eigen-decomposed dense Hessian
  kDenseCholesky,  // Newton-CG, shifted Cholesky factor of the dense float Hessian
  kLimitedMemory,  // Newton-CG, L-BFGS from the CG pairs (no P x P matrix)
  kKronecker,      // Gauss-Newton-CG then Newton-CG, K-FAC preconditioner (no P x P matrix)
  kNone,           // Newton-CG without preconditioner
};

NewtonKind ChooseNewton(const NewtonStageConfig& c, int P) {
  if (c.preconditioner == "none") return NewtonKind::kNone;
  if (c.preconditioner == "lbfgs") return NewtonKind::kLimitedMemory;
  if (c.preconditioner == "kfac") return NewtonKind::kKronecker;
  // "auto" and "dense": the eigen-decomposed dense Hessian up to
  // max_eigen_parameters (the reference problems' pinned path), the
  // Cholesky-preconditioned Newton-CG up to max_dense_parameters, matrix-free
  // beyond. Measured on digits (P = 3466, docs/training.md): at a minimum
  // whose Hessian has an eigenvalue of 4e-8 (lambda = 1e-3, ||H|| = 11), the
  // L-BFGS-preconditioned CG needs its full budget every step and ||grad J||
  // crawls from 2.6e-8 to 4.8e-10 in 50 steps (242 CPU s); the Cholesky one
  // reaches 2.2e-16 in 14 steps, 69 products (6 CPU s).
  if (P <= c.max_eigen_parameters) return NewtonKind::kDenseEigen;
  if (P <= c.max_dense_parameters) return NewtonKind::kDenseCholesky;
  // Beyond: "auto" takes K-FAC, "dense" the L-BFGS-from-CG-pairs
  // preconditioner. Measured with the thresholds lowered (docs/figures.md):
  // on digits' ill-conditioned minimum K-FAC reached 3.8e-16 in 26 steps,
  // 12307 products, 36 CPU s, the L-BFGS one the same floor in 51 steps,
  // 22700 products, 66 CPU s; on gauss-k4 (well conditioned) the L-BFGS one
  // needed 1834 products against 2324 (0.2 CPU s either way).
  return c.preconditioner == "dense" ? NewtonKind::kLimitedMemory : NewtonKind::kKronecker;
}

NewtonTarget Target(const TrainConfig& config) {
  return config.newton.target == "stationary" ? NewtonTarget::kStationaryPoint : NewtonTarget::kMinimum;
}

bool IsDense(NewtonKind k) { return k == NewtonKind::kDenseEigen || k == NewtonKind::kDenseCholesky; }

// Stage 2a (K-FAC kind, when ||grad J||_2 > newton.gauss_newton_until):
// Gauss-Newton-CG with Levenberg-Marquardt damping and the K-FAC
// preconditioner (rebuilt every step) until ||grad J||_2 <=
// gauss_newton_until; it shares stage 2's iteration and time limits.
void RunGaussNewton(const TrainConfig& config, ProgressLine* pl, MlpParameters<double>* theta, TrainResult* r) {
  NewtonStageOptions o;
  o.name = "newton-gn";
  o.precision_name = "double";
  o.max_iterations = config.newton.max_iterations;
  o.max_seconds = config.newton.max_seconds;
  o.gradient_tolerance = config.newton.gauss_newton_until;
  o.progress = pl;
  o.max_cg_iterations = config.newton.max_cg_iterations;
  o.cg_tolerance = config.newton.cg_tolerance;
  o.curvature = NewtonCurvature::kGaussNewton;
  o.initial_mu = config.newton.mu;
  o.dense = DensePreconditioner::kKroneckerFactored;
  o.rebuild_every_step = true;
  r->stages.push_back(RunNewtonStage<double>(r->spec, r->data, theta, nullptr, o));
}

// Stage 2: Newton in double from r->parameters rounded to double.
void RunDoubleNewton(const TrainConfig& config, NewtonKind kind, ProgressLine* pl,
                     LimitedMemoryPreconditioner* limited_memory, TrainResult* r) {
  MlpParameters<double> theta = ParseParameters<double>(r->spec, r->parameters);
  if (kind == NewtonKind::kKronecker && config.newton.gauss_newton_until > 0) {
    RunGaussNewton(config, pl, &theta, r);
  }
  NewtonStageOptions o;
  o.name = kind == NewtonKind::kDenseEigen ? "newton-dense" : "newton-cg";
  o.precision_name = "double";
  o.max_iterations = config.newton.max_iterations;
  o.max_seconds = config.newton.max_seconds;
  o.progress = pl;
  o.max_cg_iterations = config.newton.max_cg_iterations;
  o.cg_tolerance = config.newton.cg_tolerance;
  o.limited_memory = limited_memory;
  o.negative_curvature_step = config.newton.negative_curvature == "direction"
                                  ? NegativeCurvatureStep::kIterateAndDirection
                                  : NegativeCurvatureStep::kIterate;
  o.target = Target(config);
  if (kind == NewtonKind::kDenseEigen) {
    o.dense = DensePreconditioner::kEigen;
    o.rebuild_every_step = true;
    // Saddle-free Newton -|H|^+ g looks for a minimum; towards a stationary
    // point MINRES solves H d = -g with |H|^+ as its preconditioner.
    if (o.target == NewtonTarget::kMinimum) o.max_cg_iterations = 0;
    o.damping_factor = config.newton.damping;
  } else if (kind == NewtonKind::kDenseCholesky) {
    o.dense = DensePreconditioner::kCholesky;
    o.rebuild_when_cg_stalls = true;
    // The preconditioner only: a float Hessian halves each rebuild (digits:
    // Newton-CG 123 -> 73 CPU s, same floor, 3.5e-16; measured 2026-12-02).
    o.float_hessian = true;
  } else if (kind == NewtonKind::kKronecker) {
    o.dense = DensePreconditioner::kKroneckerFactored;
    o.rebuild_every_step = true;
  }
  r->stages.push_back(RunNewtonStage<double>(r->spec, r->data, &theta, nullptr, o));
  r->precision = Precision::Parse("double");
  r->parameters = FormatParameters(theta);
}

// The fixed preconditioner of the polishing stages: the double Hessian at
// the end of stage 2 (built once), eigen-decomposed or Cholesky-factored, or
// the K-FAC one there; null for the other matrix-free kinds.
std::unique_ptr<SymmetricPreconditioner> PolishPreconditioner(NewtonKind kind, ProgressLine* pl, const TrainResult& r) {
  if (kind == NewtonKind::kKronecker) {
    if (pl != nullptr) pl->Update("preconditioner: K-FAC factors", true);
    const MlpParameters<double> theta = ParseParameters<double>(r.spec, r.parameters);
    auto M = std::make_unique<KroneckerFactoredInverse>(r.spec, theta, r.data.X, r.data.labels);
    if (pl != nullptr) pl->Finish();
    return M;
  }
  if (!IsDense(kind)) return nullptr;
  if (pl != nullptr) pl->Update("preconditioner: dense double Hessian", true);
  const MlpParameters<double> theta = ParseParameters<double>(r.spec, r.parameters);
  const Matrix<double> H = DenseHessian<double>(r.spec, theta, r.data.X, r.data.labels);
  std::unique_ptr<SymmetricPreconditioner> M;
  if (kind == NewtonKind::kDenseEigen) {
    M = std::make_unique<SaddleFreeInverse>(H);
  } else {
    M = std::make_unique<ShiftedCholeskyInverse>(H);
  }
  if (pl != nullptr) pl->Finish();
  return M;
}

// Stage 2 (when double_newton), stage 3 (the polishing ladder of config) and
// the certificate, continuing from r->parameters at r->precision; appends to
// r->stages. The limited-memory preconditioner passes from stage to stage.
void RunNewtonLadder(const TrainConfig& config, bool double_newton, const TrainOptions& options, ProgressLine* pl,
                     TrainResult* result) {
  TrainResult& r = *result;
  const int P = r.spec.NumParameters();
  const NewtonKind kind = ChooseNewton(config.newton, P);
  LimitedMemoryPreconditioner limited_memory(P, config.newton.lbfgs_pairs);
  LimitedMemoryPreconditioner* lm = kind == NewtonKind::kLimitedMemory ? &limited_memory : nullptr;
  if (double_newton) RunDoubleNewton(config, kind, pl, lm, &r);

  const std::vector<Precision> ladder = config.PolishLadder();
  const std::unique_ptr<SymmetricPreconditioner> preconditioner =
      ladder.empty() ? nullptr : PolishPreconditioner(kind, pl, r);
  for (const Precision& p : ladder) {
    WithScalar(p, [&](auto zero) {
      using T = decltype(zero);
      MlpParameters<T> th = ParseParameters<T>(r.spec, r.parameters);
      NewtonStageOptions o;
      o.name = "polish";
      o.precision_name = p.ToString();
      o.max_iterations = config.polish.max_iterations;
      o.max_seconds = config.polish.max_seconds;
      o.max_cg_iterations = IsDense(kind) ? config.polish.max_cg_iterations : config.newton.max_cg_iterations;
      o.cg_tolerance = config.polish.cg_tolerance;
      o.progress = pl;
      o.limited_memory = lm;
      o.target = Target(config);
      r.stages.push_back(RunNewtonStage<T>(r.spec, r.data, &th, preconditioner.get(), o));
      r.parameters = FormatParameters(th);
      return 0;
    });
    r.precision = p;
  }

  if (options.certificate) {
    CertificateOptions co;
    co.parameters_precision = r.precision;
    co.max_eigen_parameters = config.newton.max_eigen_parameters;
    co.max_dense_parameters = config.newton.max_dense_parameters;
    co.progress = pl;
    r.certificate = ComputeCertificate(r.spec, r.data, r.parameters, co);
    if (pl != nullptr) pl->Finish();
  }
}

}  // namespace

Dataset LoadTrainingData(const TrainConfig& config, Standardization* standardization) {
  const int K = config.widths.empty() ? 0 : config.widths.back();
  Dataset data = LoadDataSource(config.data, K);
  if (data.num_classes < 2) {
    // One class: rank K - 1 = 0 (T10) and the class statistics degenerate.
    throw std::invalid_argument("data '" + config.data + "' has K = " + std::to_string(data.num_classes) +
                                " class; nrc needs at least 2 classes");
  }
  if (config.standardize) {
    Standardization s = StandardizeFeatures(&data);
    if (standardization != nullptr) *standardization = std::move(s);
  }
  if (config.widths.front() != data.dim()) {
    throw std::invalid_argument("config: widths start with d_0 = " + std::to_string(config.widths.front()) +
                                " but data '" + config.data + "' has " + std::to_string(data.dim()) + " features");
  }
  if (data.num_classes != K) {
    throw std::invalid_argument("config: widths end with K = " + std::to_string(K) + " but data '" + config.data +
                                "' has " + std::to_string(data.num_classes) + " classes");
  }
  return data;
}

TrainResult Train(const TrainConfig& config, const TrainOptions& options) {
  const auto start = Clock::now();
  const double cpu_start = detail::CpuSeconds();
  config.Validate();
  // Heap reuse for the batch matrices (numerics/allocator.h): 2.6 ms -> 1.0 ms
  // per L-BFGS iteration on digits. Idempotent; for in-process callers too.
  TuneAllocatorForBatchMatrices();
  TrainResult r;
  r.config = config;
  r.spec = config.Spec();
  r.data = LoadTrainingData(config, &r.standardization);
  r.standardized = config.standardize;
  ProgressLine progress(options.progress);
  ProgressLine* pl = options.progress ? &progress : nullptr;

  // Stage 1, in double, from the seeded initialisation; then the rest.
  MlpParameters<double> theta = MlpParameters<double>::RandomInit(r.spec, config.seed);
  RunLbfgsStages(config, r.spec, r.data, &theta, pl, &r.stages);
  r.precision = Precision::Parse("double");
  r.parameters = FormatParameters(theta);
  RunNewtonLadder(config, /*double_newton=*/true, options, pl, &r);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.cpu_seconds = detail::CpuSeconds() - cpu_start;
  return r;
}

}  // namespace nrc

namespace nrc {
namespace {

// Polishing never returns a point worse than its start: ||grad J||_2 at the
// start, in the certificate's MPFR bits (no Hessian). When the ladder ended
// higher, the start is kept with its own certificate, and a stage "keep-start"
// records both norms.
void KeepTheBetterPoint(const TrainConfig& config, const std::vector<std::string>& start,
                        const Precision& start_precision, TrainResult* r) {
  CertificateOptions co;
  co.parameters_precision = start_precision;
  // The polished point's MPFR bits (0, the default, when its certificate came
  // from the fast engine: its 53 bits are no MPFR precision for a fallback).
  co.bits = r->certificate.engine == "mpfr" ? r->certificate.bits : 0;
  co.hessian = false;
  const StationarityCertificate at_start = ComputeCertificate(r->spec, r->data, start, co);
  if (!(r->certificate.grad_norm_2_value > at_start.grad_norm_2_value)) return;
  StageLog s;
  s.name = "keep-start";
  s.method = "compare ||grad J||_2 at the start (" + at_start.engine + ", " + std::to_string(at_start.bits) +
             " bits) and at the polished point (" + r->certificate.engine + ", " + std::to_string(r->certificate.bits) +
             " bits)";
  s.precision = start_precision.ToString();
  s.precision_bits = start_precision.WorkingBits();
  s.grad_norm_start = r->certificate.grad_norm_2;
  s.grad_norm_start_value = r->certificate.grad_norm_2_value;
  s.grad_norm_end = at_start.grad_norm_2;
  s.grad_norm_end_value = at_start.grad_norm_2_value;
  s.termination = "kept_start";
  s.message = "the polished point had ||grad J||_2 = " + AbbreviateDecimal(r->certificate.grad_norm_2) + " > " +
              AbbreviateDecimal(at_start.grad_norm_2) + " at the start: the start is returned";
  s.history = {AbbreviateDecimal(r->certificate.grad_norm_2), AbbreviateDecimal(at_start.grad_norm_2)};
  r->stages.push_back(s);
  r->parameters = start;
  r->precision = start_precision;
  co.hessian = true;
  co.max_eigen_parameters = config.newton.max_eigen_parameters;
  co.max_dense_parameters = config.newton.max_dense_parameters;
  r->certificate = ComputeCertificate(r->spec, r->data, r->parameters, co);
}

}  // namespace

TrainResult PolishFrom(const TrainConfig& config, const MlpSpec& spec, const Dataset& data,
                       const std::vector<std::string>& parameters, const Precision& parameters_precision,
                       const TrainOptions& options) {
  const auto start = Clock::now();
  const double cpu_start = detail::CpuSeconds();
  config.Validate();
  spec.Validate();
  if (spec.widths.front() != data.dim() || spec.num_classes() != data.num_classes) {
    throw std::invalid_argument("polish: the network " + spec.Describe() + " does not fit the data (d = " +
                                std::to_string(data.dim()) + ", K = " + std::to_string(data.num_classes) + ")");
  }
  (void)ParseParameters<double>(spec, parameters);  // the count and every entry finite
  TuneAllocatorForBatchMatrices();
  TrainResult r;
  r.config = config;
  r.spec = spec;
  r.data = data;
  r.precision = parameters_precision;
  r.parameters = parameters;
  ProgressLine progress(options.progress);
  ProgressLine* pl = options.progress ? &progress : nullptr;
  const bool double_level = parameters_precision.WorkingBits() <= ScalarTraits<double>::Bits();
  // Beyond max_dense_parameters, far from a minimum, Newton-CG (any matrix-
  // free preconditioner) and Gauss-Newton-CG were measured no faster than
  // L-BFGS (docs/training.md): the L-BFGS stage of nrc train runs first, up
  // to lbfgs.gradient_tolerance (it ends at once when the start is below).
  if (double_level && !IsDense(ChooseNewton(config.newton, spec.NumParameters()))) {
    MlpParameters<double> theta = ParseParameters<double>(spec, parameters);
    RunLbfgsStages(config, spec, data, &theta, pl, &r.stages);
    r.parameters = FormatParameters(theta);
    r.precision = Precision::Parse("double");
  }
  RunNewtonLadder(config, double_level, options, pl, &r);
  if (options.certificate) KeepTheBetterPoint(config, parameters, parameters_precision, &r);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.cpu_seconds = detail::CpuSeconds() - cpu_start;
  return r;
}

}  // namespace nrc
