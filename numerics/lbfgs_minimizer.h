// nrc/numerics/lbfgs_minimizer.h
//
// LbfgsMinimizer: limited-memory BFGS with a Wolfe line search, by Ceres'
// ceres::GradientProblemSolver (Ceres 2.1), behind the Minimizer interface of
// numerics/minimizer.h.
//
// Ceres settings used: line_search_direction_type = LBFGS, line_search_type =
// WOLFE (strong Wolfe conditions, sufficient decrease 1e-4, curvature 0.9),
// max_lbfgs_rank = options.memory, approximate-eigenvalue initial scaling as
// configured, logging silent. Ceres' own convergence tests are switched off
// (function, parameter and gradient tolerances 0: its gradient_tolerance is an
// absolute max-norm and its function_tolerance is relative, neither is what nrc
// states); the Euclidean gradient test of MinimizerOptions is applied by an
// iteration callback instead. Ceres ending with FAILURE after at least one
// step (typically "line search failed" at the rounding floor) is reported as
// kNoProgress, with the point it reached; a FAILURE before any accepted step
// is reported the same way, with x unchanged.
//
// Measured (measured-facts.md): on a 16-16-16-4 tanh MLP with weight decay,
// L-BFGS descends quickly to ||grad||_inf ~ 1e-9 and then crawls (the Hessian
// has eigenvalues from ~1e-6 to ~3 plus exact zeros): use it as the first
// stage and hand over to a Newton method.
//
// Thread safety: Minimize() is const and keeps no state between calls.
#ifndef NRC_NUMERICS_LBFGS_MINIMIZER_H_
#define NRC_NUMERICS_LBFGS_MINIMIZER_H_

#include "numerics/minimizer.h"

namespace nrc {

struct LbfgsOptions {
  int memory = 20;                       // L-BFGS rank (stored pairs), >= 1
  bool approximate_eigenvalue_scaling = true;  // Ceres' use_approximate_eigenvalue_bfgs_scaling
};

class LbfgsMinimizer : public Minimizer {
 public:
  explicit LbfgsMinimizer(const LbfgsOptions& options = {});
  std::string Name() const override { return "lbfgs"; }
  MinimizerSummary Minimize(DifferentiableFunction& f, Vector<double>* x,
                            const MinimizerOptions& options) const override;

 private:
  LbfgsOptions options_;
};

}  // namespace nrc

#endif  // NRC_NUMERICS_LBFGS_MINIMIZER_H_
