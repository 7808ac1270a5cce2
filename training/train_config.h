// nrc/training/train_config.h
//
// TrainConfig: one training problem, as `nrc train` reads it from a JSON file
// (or builds it from a reference-problem name, training/reference_problems.h)
// and as config.json of a run directory stores it.
//
// JSON keys (all optional except "data" and "widths"; unknown keys are an
// error, so a typo never silently falls back to a default):
//   "name"          string, default "custom": names the run in logs and reports
//   "data"          data source, datasets/data_source.h: "iris", "digits",
//                   "gauss:K=4,d=16,n=50,std=0.1,seed=1" or a CSV path
//   "standardize"   bool, default false: per-feature zero mean / unit std
//                   (datasets/standardize.h) before training
//   "widths"        [d_0, d_1, ..., d_L]: d_0 must equal the data dimension and
//                   d_L the number of classes K (checked when the data is loaded)
//   "activation"    nets/activation.h names, default "tanh"
//   "loss"          "mse" or "ce", default "mse"
//   "bias"          bool, default true: every layer has a bias b_l
//   "lambda"        number > 0 (or a decimal string), default 1e-3; the double
//                   nearest to it is used in every precision
//   "lambda_b"      0 or lambda, default 0 (free biases)
//   "seed"          integer >= 0, default 1: Glorot-uniform initialisation
//                   (nets/mlp_parameters.h RandomInit)
//   "precision"     the last stage of the ladder: "float", "double",
//                   "longdouble", "float128", "mpfr:BITS" (24..100000) or
//                   "auto" (default): "mpfr:256" when the network has at most
//                   newton.max_eigen_parameters parameters, else "double"
//   "ladder"        optional list of precisions for the polishing stages after
//                   the double stages, ending with "precision"; default
//                   [precision] (nothing when precision is "double"). E.g.
//                   ["float128", "mpfr:256"] polishes in float128 first.
//   "lbfgs"         {"max_iterations": 20000, "max_seconds": 600,
//                    "gradient_tolerance": 1e-7, "memory": 20, "float_until": 0}
//                   stage 1, Ceres L-BFGS in double, until ||grad J||_2 <=
//                   gradient_tolerance (then Newton takes over); with
//                   float_until > gradient_tolerance it is preceded by the
//                   same L-BFGS on J evaluated in float, until ||grad J||_2 <=
//                   float_until (0: no float phase)
//   "newton"        {"max_iterations": 100, "max_seconds": 600,
//                    "max_eigen_parameters": 2000, "max_dense_parameters": 6000,
//                    "max_cg_iterations": 100, "cg_tolerance": 1e-4,
//                    "damping": 1, "preconditioner": "auto",
//                    "lbfgs_pairs": 20, "gauss_newton_until": 0, "mu": 1e-3,
//                    "negative_curvature": "iterate", "target": "minimum"}
//                   stage 2 in double, by "preconditioner" and the number
//                   of parameters P:
//                   P <= max_eigen_parameters ("auto", "dense"): saddle-free
//                     Newton, the exact dense Hessian eigen-decomposed at
//                     every step, step -(|H| + damping ||g|| I)^+ g;
//                   P <= max_dense_parameters ("auto", "dense"): Newton-CG
//                     with exact Hessian-vector products, preconditioned by
//                     a shifted Cholesky factor of the dense Hessian in float
//                     (rebuilt when CG runs out of iterations);
//                   otherwise ("auto" beyond max_dense_parameters, "kfac"
//                     always): Newton-CG preconditioned by the per-layer
//                     Kronecker-factored Gauss-Newton blocks
//                     (training/kronecker_factored_inverse.h, rebuilt every
//                     step; no P x P matrix), after an optional
//                     Gauss-Newton-CG phase (Levenberg-Marquardt damping,
//                     first mu = "mu") until ||grad J||_2 <=
//                     gauss_newton_until (0: none; measured not to pay,
//                     docs/training.md);
//                   "lbfgs" ("dense" beyond max_dense_parameters): Newton-CG
//                     preconditioned by L-BFGS from CG's own curvature pairs
//                     (the last lbfgs_pairs; no P x P matrix;
//                     numerics/limited_memory_preconditioner.h);
//                   "none": Newton-CG without preconditioner.
//                   Beyond max_dense_parameters `nrc polish` runs the L-BFGS
//                   stage first (until lbfgs.gradient_tolerance).
//                   CG: at most max_cg_iterations per step, relative residual
//                   cg_tolerance; when it meets negative curvature the step
//                   is its last iterate ("iterate") or that plus a multiple
//                   of the negative-curvature direction ("direction",
//                   training/newton_stage.h NegativeCurvatureStep).
//                   "target": "minimum" looks for a minimum of J;
//                   "stationary" for the nearest stationary point of any
//                   index (MINRES on H d = -g, a line search on ||grad J||;
//                   NewtonTarget), also in the polishing stages
//   "polish"        {"max_iterations": 40, "max_seconds": 3600,
//                    "max_cg_iterations": 20, "cg_tolerance": 1e-4}
//                   stages 3.. in the ladder's precisions: Newton-CG with
//                   gradients and Hessian-vector products in that precision,
//                   preconditioned by the double Hessian at the end of stage
//                   2 (eigen-decomposed, or its shifted Cholesky factor, by
//                   P as above; none beyond max_dense_parameters)
//   "format", "run_id"  written into a run directory's config.json; accepted
//                   and ignored on input ("format" must be "nrc-config/1")
//
// Time limits are safety nets only: a run that hits one depends on the
// machine's speed and load (the log says "time_limit"); iteration limits and
// tolerances keep runs reproducible (same config, same bits).
//
// Every count must be >= 0 (>= 1 for memory), every time > 0, every tolerance
// finite and >= 0. Validate() checks all of this plus the network (MlpSpec::
// Validate: widths >= 1, lambda > 0, lambda_b in {0, lambda}) and throws
// std::invalid_argument with a one-line message naming the key.
#ifndef NRC_TRAINING_TRAIN_CONFIG_H_
#define NRC_TRAINING_TRAIN_CONFIG_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "nets/mlp_spec.h"
#include "numerics/precision.h"

namespace nrc {

struct LbfgsStageConfig {
  int max_iterations = 20000;
  double max_seconds = 600;
  double gradient_tolerance = 1e-7;
  int memory = 20;
  double float_until = 0;  // float phase first, until ||grad J||_2 <= this (0: none)
};

struct NewtonStageConfig {
  int max_iterations = 100;
  double max_seconds = 600;
  int max_eigen_parameters = 2000;
  int max_dense_parameters = 6000;
  int max_cg_iterations = 100;
  double cg_tolerance = 1e-4;
  double damping = 1.0;
  std::string preconditioner = "auto";
  int lbfgs_pairs = 20;
  double gauss_newton_until = 0;     // "kfac": Gauss-Newton phase until ||grad J||_2 <= this (0: none)
  double mu = 1e-3;                  // "kfac": its first Levenberg-Marquardt damping
  std::string negative_curvature = "iterate";  // "iterate" or "direction" (NegativeCurvatureStep)
  std::string target = "minimum";              // "minimum" or "stationary" (NewtonTarget)
};

struct PolishStageConfig {
  int max_iterations = 40;
  double max_seconds = 3600;
  int max_cg_iterations = 20;
  double cg_tolerance = 1e-4;
};

struct TrainConfig {
  std::string name = "custom";
  std::string data;
  bool standardize = false;
  std::vector<int> widths;
  Activation activation;
  Loss loss;
  bool bias = true;
  double lambda = 1e-3;
  double lambda_b = 0.0;
  std::uint64_t seed = 1;
  std::string precision = "auto";
  std::vector<std::string> ladder;  // empty: [precision]
  LbfgsStageConfig lbfgs;
  NewtonStageConfig newton;
  PolishStageConfig polish;

  // Throws std::invalid_argument("config: ...") naming the offending key.
  static TrainConfig FromJson(const nlohmann::json& j);
  // Every key, with defaults filled in ("precision" and "ladder" as given).
  nlohmann::json ToJson() const;
  // See the header comment; does not load the data.
  void Validate() const;

  MlpSpec Spec() const;
  // "precision" with "auto" resolved.
  Precision TargetPrecision() const;
  // The polishing precisions after the double stages (resolved ladder).
  std::vector<Precision> PolishLadder() const;
};

}  // namespace nrc

#endif  // NRC_TRAINING_TRAIN_CONFIG_H_
