// nrc/training/trainer.h
//
// Train: trains one configured problem (training/train_config.h) to tight
// stationarity along the precision ladder, in process, and returns everything
// a run directory holds (training/run_directory.h writes it).
//
// The ladder (StageLog entries, in this order):
//   1. "lbfgs"         double, Ceres L-BFGS + Wolfe line search from the
//                      Glorot-uniform initialisation RandomInit(spec, seed),
//                      until ||grad J||_2 <= lbfgs.gradient_tolerance (or its
//                      iteration / time budget);
//   2. "newton-dense"  double, saddle-free Newton when P <=
//                      newton.max_eigen_parameters: the exact dense Hessian
//                      (DenseHessian<double>, exact R-operator columns)
//                      eigen-decomposed at every step, d = -(|H| + damping
//                      ||g|| I)^+ g, line search (training/newton_stage.h),
//                      to the double floor. Otherwise
//      "newton-cg"     double, Newton-CG with exact Hessian-vector products,
//                      preconditioned by a shifted Cholesky factor of the
//                      dense Hessian in float (rebuilt when CG stalls) when P <=
//                      newton.max_dense_parameters, else unpreconditioned;
//   3. "polish"        one stage per precision of the ladder (config
//                      "ladder"; default: the target precision when it is not
//                      double): Newton-CG with gradients and Hessian-vector
//                      products in that precision, preconditioned by the
//                      double Hessian at the end of stage 2 (|H|^+ or its
//                      shifted Cholesky factor, built once; none when P >
//                      newton.max_dense_parameters), to that precision's
//                      floor. The parameters pass from stage to stage as
//                      exact decimal strings (training/parameter_strings.h:
//                      each stage starts at exactly the previous one's point).
//   Then the certificate (training/stationarity_certificate.h) in MPFR at the
//   last precision's bits + 64.
//
// Same config, same result: every stage is deterministic (single-threaded
// Eigen/Ceres, seeded initialisation, deterministic data sources), so two runs
// give bit-identical parameters (log.json's timings aside).
//
// Side effect: TuneAllocatorForBatchMatrices() (numerics/allocator.h) for the
// process (batch matrices reused from the heap instead of page-faulted in
// anew at every evaluation: 2.6x faster L-BFGS on digits).
//
// Errors: std::invalid_argument (one line) for an invalid config or data that
// does not fit it (widths[0] != d or widths.back() != K), DataError for
// unreadable data; nothing is written by Train itself.
#ifndef NRC_TRAINING_TRAINER_H_
#define NRC_TRAINING_TRAINER_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/standardize.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"
#include "training/parameter_strings.h"
#include "training/stage_log.h"
#include "training/stationarity_certificate.h"
#include "training/train_config.h"

namespace nrc {

struct TrainOptions {
  bool progress = false;     // a progress line on stderr (training/progress_line.h)
  bool certificate = true;   // compute the certificate (skip only in tests)
};

struct TrainResult {
  TrainConfig config;
  MlpSpec spec;
  Dataset data;                      // as trained on (after standardisation)
  bool standardized = false;
  Standardization standardization;   // when standardized
  Precision precision;               // of the final parameters (last stage)
  std::vector<std::string> parameters;  // Flatten order, exact decimal expansions
  std::vector<StageLog> stages;
  StationarityCertificate certificate;  // when TrainOptions::certificate
  double seconds = 0;      // wall time, certificate included
  double cpu_seconds = 0;  // process CPU time (single-threaded)
  // Where the starting point came from when it is not the seeded
  // initialisation (nrc import, nrc polish: source, parameter movement);
  // written into log.json as "origin" when not null.
  nlohmann::json origin;

  // The final parameters in T (exact when T has at least `precision`'s bits).
  template <class T>
  MlpParameters<T> Parameters() const {
    return ParseParameters<T>(spec, parameters);
  }
};

// The data of a config: LoadDataSource(config.data, K), standardised when
// config.standardize (the map stored in *standardization if not null), and
// checked against config.widths.
Dataset LoadTrainingData(const TrainConfig& config, Standardization* standardization);

TrainResult Train(const TrainConfig& config, const TrainOptions& options = {});

// Newton from a given point (`nrc polish`): stage 2 in double when
// parameters_precision has at most double's bits (an imported or double-level
// point), then config's polishing ladder and the certificate, exactly as in
// Train after stage 1 -- no L-BFGS, no initialisation: the parameters
// (MlpParameters::Flatten order, round-tripping at parameters_precision) are
// the start. config supplies the stage settings and the ladder and is stored
// in the result; spec and data are the network and the data as they are (no
// data is loaded, nothing standardised). Never worse than the start: with the
// certificate on, ||grad J||_2 at the start and at the polished point are
// compared in MPFR and the start is kept (stage "keep-start") when polishing
// ended higher. Throws std::invalid_argument for a spec that does not fit the
// data or parameters that do not fit the spec.
TrainResult PolishFrom(const TrainConfig& config, const MlpSpec& spec, const Dataset& data,
                       const std::vector<std::string>& parameters, const Precision& parameters_precision,
                       const TrainOptions& options = {});

}  // namespace nrc

#endif  // NRC_TRAINING_TRAINER_H_
