// nrc/training/newton_stage.h
//
// RunNewtonStage<T>: second-order stationarity polishing of an MLP objective J
// (nets/mlp.h) in the working precision T, for every T in NRC_FOR_EACH_SCALAR.
//
// Each iteration, at the current theta (all in T unless said otherwise):
//  1. g = grad J(theta) (Evaluate<T>);
//  2. a preconditioner M ~ |H|^{-1} (numerics/symmetric_preconditioner.h):
//     the one passed in (built once from the double Hessian at the stage's
//     start: the mixed-precision scheme), or one the stage builds from
//     DenseHessian<double> at theta rounded to double (or DenseHessian<float>
//     at theta rounded to float, options.float_hessian: about half the cost;
//     CG still solves with exact products, so only the number of CG steps
//     and rebuilds can change) (options.dense: the
//     eigen-decomposed |H|^+ or a shifted Cholesky factor; at the first step,
//     then every step or after a CG solve that ran out of iterations
//     (not on negative curvature), as configured); or options.limited_memory (an L-BFGS inverse built from
//     the curvature pairs (p, H p) of the previous CG solves,
//     numerics/limited_memory_preconditioner.h: never a P x P matrix; the
//     stage adds every CG solve's last pairs to it, and the caller may hand
//     the same object to the next stage); or options.dense =
//     kKroneckerFactored: a KroneckerFactoredInverse built here at theta
//     rounded to double (training/kronecker_factored_inverse.h: never a
//     P x P matrix; CG's budget may grow as on the matrix-free path); or none
//     (identity). Priority: built here > passed in > limited_memory > none;
//  3. a direction d solving H d = -g, H the exact Hessian at theta in T
//     (options.curvature = kGaussNewton: H is replaced by G + mu I, G the
//     Gauss-Newton matrix, see NewtonCurvature, and M gets damping mu):
//       max_cg_iterations = 0:  d = -M g (with the eigen M at theta: the
//                               saddle-free Newton step -|H|^+ g, damped to
//                               -(|H| + damping_factor ||g|| I)^+ g);
//       otherwise preconditioned conjugate gradients
//       (numerics/conjugate_gradients.h) on H d = -g, H applied
//       by HessianVectorProduct<T> (exact R-operator), M applied in double to
//       the residual divided (in T) by its largest entry and scaled back in T
//       afterwards (so that residuals of 1e-300 and below neither underflow
//       nor lose relative accuracy in double), stopping when
//       ||r||_2 <= cg_tolerance ||g||_2 or after max_cg_iterations; on
//       negative curvature p^T H p <= 0 CG stops with its current iterate
//       (or d = -M g if that is the first one: a descent direction for J;
//       truncated Newton, Nocedal & Wright Alg. 7.1);
//  4. a backtracking line search (t = 1, 1/2, ..., 2^-30) on theta + t d:
//     accepted when J decreases by more than its rounding level
//     R_J = 8 N eps_T |J| with the Armijo condition
//     J(theta + t d) <= J + 1e-4 t g^T d, or, when the change of J is within
//     +-R_J (J cannot tell the points apart any more: the end game), when
//     ||grad J||_2 decreases. A step that passes neither is halved. When M
//     saw negative curvature (M indefinite, or CG met p^T H p <= 0) and
//     t = 1 decreased J, t = 2, 4, ... (up to
//     2^10) are tried while J keeps falling clearly: along negative
//     curvature the saddle-free step only doubles the distance to the saddle.
//
// Stops (termination in the log): ||g||_2 <= gradient_tolerance
// ("converged"); stagnation_limit consecutive end-game steps (accepted on
// ||g||, not on a clear decrease of J) that did not halve ||g||_2, ending at
// a ||g||_2 within 16 times its rounding level (an estimate:
// detail::ApproxGradientRoundingLevel, about (N + d_max) eps_T times the
// norm of the gradient's absolute summands) ("stagnated": the rounding
// floor of T); stall_limit such steps above that level ("stalled": slow
// convergence, e.g. a nearly singular Hessian with a matrix-free
// preconditioner, not the floor); no acceptable step
// ("line_search_failed": also the floor); max_iterations; max_seconds
// ("time_limit"). The log's message ends with the last preconditioner and,
// for Newton-CG, the CG steps per Newton step (mean, max) and how many steps
// met negative curvature. Progress (options.progress): a line after every
// step, and during CG and the line search (rate-limited by ProgressLine), so
// a long solve is never silent. On return *theta is the iterate with the smallest ||g||_2
// among those since the last clear decrease of J (a saddle-free step that
// leaves a saddle lowers J and may raise ||g||: points before it are not
// candidates).
//
// Errors: std::invalid_argument for shapes that do not match (spec, data,
// theta, preconditioner size) or bad options; a non-finite objective at the
// start throws std::runtime_error. MPFR runs at the current default precision
// (set a ScopedMpfrPrecision first); the data is converted exactly
// (Dataset::Features<T>, lossy only for float).
#ifndef NRC_TRAINING_NEWTON_STAGE_H_
#define NRC_TRAINING_NEWTON_STAGE_H_

#include <string>

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/limited_memory_preconditioner.h"
#include "numerics/saddle_free_inverse.h"
#include "numerics/shifted_cholesky_inverse.h"
#include "numerics/symmetric_preconditioner.h"
#include "training/progress_line.h"
#include "training/stage_log.h"

namespace nrc {

// Which preconditioner the stage builds itself from DenseHessian<double> at
// theta rounded to double.
enum class DensePreconditioner {
  kNone,      // none built: use the one passed in (or the identity)
  kEigen,     // SaddleFreeInverse: |H|^+ (P up to ~2000)
  kCholesky,  // ShiftedCholeskyInverse: (H + sigma I)^-1 (P up to ~6000)
  // KroneckerFactoredInverse (training/kronecker_factored_inverse.h): not
  // dense, per-layer Kronecker factors of the Gauss-Newton blocks, built in
  // double at theta rounded to double (any P)
  kKroneckerFactored,
};

// What CG's products multiply by.
enum class NewtonCurvature {
  kHessian,      // the exact Hessian H (HessianVectorProduct)
  // The Gauss-Newton matrix G (GaussNewtonVectorProduct, positive
  // semi-definite) plus mu I, mu adapted by Levenberg-Marquardt's rule on the
  // reduction ratio rho = (J(theta + d) - J) / (g^T d + d^T G d / 2) of each
  // accepted step (Martens 2010): mu *= 3/2 when rho < 1/4, mu *= 2/3 when
  // rho > 3/4. CG never meets negative curvature; the preconditioner gets
  // `damping` = mu (a K-FAC one adds it to its shift). Hessian-free
  // optimisation for the non-convex phase far from a minimum.
  kGaussNewton,
};

// What a CG solve that meets negative curvature (p^T H p <= 0 after k >= 1
// steps) returns as the step direction.
enum class NegativeCurvatureStep {
  kIterate,    // CG's last iterate x_k (Nocedal-Wright's truncated Newton; -M g when k = 0)
  // x_k + tau p with tau = |p^T H p| / ||p||_2^3 (p scaled to the length of
  // the magnitude of its Rayleigh quotient, Royer and Wright 2018): p is a
  // descent direction of CG's quadratic model at x_k (the residual r_k has
  // r_k^T p > 0, and the curvature is <= 0), so the model falls along it
  // without bound and the line search (with ExtendAlongNegativeCurvature)
  // picks the length on J itself.
  kIterateAndDirection,
};

// What the stage looks for.
enum class NewtonTarget {
  // A minimum of J: CG on H d = -g (negative curvature handled as above) and
  // a line search that accepts a clear decrease of J (or, within J's
  // rounding, of ||g||).
  kMinimum,
  // A stationary point of any index (grad J = 0; a saddle too): Newton on
  // the gradient, d from MINRES (numerics/minimum_residual.h) on H d = -g,
  // whatever H's inertia, and a line search on ||g||_2 alone (accepts
  // ||g(theta + t d)|| <= (1 - 1e-4 t) ||g||). Near a non-degenerate
  // stationary point this is Newton's quadratic convergence; J may rise.
  // The preconditioner must be positive (semi-)definite (K-FAC, Cholesky,
  // |H|^+). The stage ends at the floor when no step lowers ||g||
  // (line_search_failed), or at its limits.
  kStationaryPoint,
};

struct NewtonStageOptions {
  std::string name = "newton";   // StageLog::name
  std::string precision_name;    // StageLog::precision (default: ScalarTraits<T>::Name())
  int max_iterations = 50;
  double max_seconds = 1e9;
  double gradient_tolerance = 0;
  DensePreconditioner dense = DensePreconditioner::kNone;
  bool rebuild_every_step = false;      // else built once, at the first step,
  bool rebuild_when_cg_stalls = false;  // and again after a CG solve that ran out of iterations
  bool float_hessian = false;           // kCholesky: the dense Hessian in float (see 2. above)
  SaddleFreeInverseOptions eigen_options;
  ShiftedCholeskyInverseOptions cholesky_options;
  // Damping of the first (or only) preconditioned direction:
  // d0 = -(|H| + damping_factor ||g||_2 I)^+ g (regularised Newton; 0 = none).
  double damping_factor = 0;
  int max_cg_iterations = 20;
  double cg_tolerance = 1e-4;
  NewtonCurvature curvature = NewtonCurvature::kHessian;
  NegativeCurvatureStep negative_curvature_step = NegativeCurvatureStep::kIterate;
  NewtonTarget target = NewtonTarget::kMinimum;
  double initial_mu = 1e-3;  // kGaussNewton: the first Levenberg-Marquardt damping mu (> 0)
  int stagnation_limit = 2;
  int stall_limit = 12;  // >= stagnation_limit
  ProgressLine* progress = nullptr;  // may be null
  // Limited-memory preconditioner updated by this stage with its CG pairs
  // (and used when no dense or fixed one is); may be null. Not owned.
  LimitedMemoryPreconditioner* limited_memory = nullptr;
};

template <class T>
StageLog RunNewtonStage(const MlpSpec& spec, const Dataset& data, MlpParameters<T>* theta,
                        const SymmetricPreconditioner* preconditioner, const NewtonStageOptions& options);

#define NRC_NEWTON_STAGE_EXTERN(T)                                                                   \
  extern template StageLog RunNewtonStage<T>(const MlpSpec&, const Dataset&, MlpParameters<T>*,     \
                                             const SymmetricPreconditioner*, const NewtonStageOptions&);
NRC_FOR_EACH_SCALAR(NRC_NEWTON_STAGE_EXTERN)
#undef NRC_NEWTON_STAGE_EXTERN

}  // namespace nrc

#endif  // NRC_TRAINING_NEWTON_STAGE_H_
