// nrc/numerics/minimizer.h
//
// The optimiser interface: unconstrained minimisation of a smooth function
// f: R^n -> R, given its value and gradient in double.
//
//   DifferentiableFunction  what is minimised. Evaluate(x, &f, grad) writes
//                           f(x) and, when grad is not null, grad f(x)
//                           (n entries). It returns false when f is not
//                           defined at x (a non-finite value or gradient);
//                           a minimiser then treats x as infinitely bad and
//                           shortens its step.
//   Minimizer               an algorithm. Minimize(f, &x, options) starts at
//                           x and overwrites it with the last accepted point
//                           (a point where f was evaluated successfully and
//                           that is no worse than the start). It never throws
//                           for a difficult function: the summary says why it
//                           stopped. It throws std::invalid_argument for bad
//                           options or a start point of the wrong size or at
//                           which f cannot be evaluated.
//
// Stopping (whichever comes first): ||grad f(x)||_2 <= gradient_tolerance
// (kConverged; the Euclidean norm, not Ceres' max-norm), max_iterations
// accepted steps (kMaxIterations), max_seconds of wall time (kTimeLimit), the
// callback returning false (kStoppedByCallback), or no further progress
// possible in floating point, e.g. a line search that finds no decrease
// (kNoProgress: the normal end of a first-order method run past its rounding
// floor; the point is still usable).
//
// Implementations: numerics/lbfgs_minimizer.h (Ceres L-BFGS, Wolfe line
// search). Second-order stages (saddle-free Newton) need the Hessian and live
// in training/, built on numerics/saddle_free_inverse.h.
#ifndef NRC_NUMERICS_MINIMIZER_H_
#define NRC_NUMERICS_MINIMIZER_H_

#include <functional>
#include <string>

#include "numerics/scalar.h"

namespace nrc {

class DifferentiableFunction {
 public:
  virtual ~DifferentiableFunction() = default;
  virtual int NumParameters() const = 0;
  virtual bool Evaluate(const double* x, double* value, double* gradient) = 0;
};

// Reported to the callback after every accepted step (iteration 0 = start).
struct MinimizerProgress {
  int iteration = 0;
  double value = 0;
  double gradient_norm_2 = 0;
  double seconds = 0;  // wall time since Minimize started
};

struct MinimizerOptions {
  int max_iterations = 10000;
  double max_seconds = 1e9;
  double gradient_tolerance = 0;  // on ||grad f||_2; 0 = never converge on it
  // Return false to stop (kStoppedByCallback). May be empty.
  std::function<bool(const MinimizerProgress&)> callback;
};

enum class MinimizerTermination {
  kConverged,
  kMaxIterations,
  kTimeLimit,
  kStoppedByCallback,
  kNoProgress,
};

// "converged", "max_iterations", "time_limit", "stopped_by_callback", "no_progress".
const char* MinimizerTerminationName(MinimizerTermination t);

struct MinimizerSummary {
  MinimizerTermination termination = MinimizerTermination::kNoProgress;
  std::string message;      // the algorithm's own one-line account
  int iterations = 0;       // accepted steps
  int evaluations = 0;      // calls of DifferentiableFunction::Evaluate
  double initial_value = 0;
  double final_value = 0;
  double initial_gradient_norm_2 = 0;
  double final_gradient_norm_2 = 0;
  double seconds = 0;
};

class Minimizer {
 public:
  virtual ~Minimizer() = default;
  // A short name for logs, e.g. "lbfgs".
  virtual std::string Name() const = 0;
  virtual MinimizerSummary Minimize(DifferentiableFunction& f, Vector<double>* x,
                                    const MinimizerOptions& options) const = 0;
};

}  // namespace nrc

#endif  // NRC_NUMERICS_MINIMIZER_H_
