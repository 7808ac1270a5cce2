// nrc/training/stage_log.h
//
// StageLog: what one stage of the precision ladder did (log.json, one entry
// per stage, and the table `nrc train` prints).
//
// Gradient norms are ||grad J||_2 over all parameters, evaluated by the stage
// itself in its working precision (the certificate re-evaluates the final one
// in higher-precision MPFR); as decimal strings with the digits of that
// precision, and as doubles for tables (a double underflows to 0 only below
// 1e-308, i.e. never for the precisions nrc uses by default).
#ifndef NRC_TRAINING_STAGE_LOG_H_
#define NRC_TRAINING_STAGE_LOG_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace nrc {

struct StageLog {
  std::string name;         // "lbfgs", "newton-dense", "newton-cg", "polish"
  std::string method;       // one line: algorithm and settings
  std::string precision;    // Precision::ToString() of the working precision
  int precision_bits = 0;   // significand bits actually used
  int iterations = 0;       // accepted steps
  int gradient_evaluations = 0;
  int hessian_vector_products = 0;
  int dense_hessians = 0;   // dense Hessians built and eigen-decomposed
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // CPU time of the process (the stages are single-threaded: on a shared machine
                           // this is the load-independent cost)
  std::string grad_norm_start, grad_norm_end;  // decimal strings
  double grad_norm_start_value = 0, grad_norm_end_value = 0;
  std::string objective_end;
  std::string termination;  // "converged", "stagnated", "max_iterations", "time_limit", "line_search_failed", ...
  std::string message;      // one line of detail
  std::vector<std::string> history;  // ||grad J||_2 after each accepted step (4 significant digits), [0] = start

  nlohmann::json ToJson() const;
  static StageLog FromJson(const nlohmann::json& j);
};

// A decimal string (e.g. a 79-digit gradient norm) rounded to 4 significant
// digits for tables, "1.234e-78"; correct far outside the double range
// (1e-309 stays 1e-309, not a subnormal double). Unparsable text is returned
// unchanged.
std::string AbbreviateDecimal(const std::string& decimal);

}  // namespace nrc

#endif  // NRC_TRAINING_STAGE_LOG_H_
