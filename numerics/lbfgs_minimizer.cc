#include "numerics/lbfgs_minimizer.h"

#include <ceres/gradient_problem.h>
#include <ceres/gradient_problem_solver.h>
#include <ceres/iteration_callback.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nrc {

const char* MinimizerTerminationName(MinimizerTermination t) {
  switch (t) {
    case MinimizerTermination::kConverged: return "converged";
    case MinimizerTermination::kMaxIterations: return "max_iterations";
    case MinimizerTermination::kTimeLimit: return "time_limit";
    case MinimizerTermination::kStoppedByCallback: return "stopped_by_callback";
    case MinimizerTermination::kNoProgress: return "no_progress";
  }
  return "?";
}

namespace {

// The points evaluated most recently, with the exact Euclidean norm of their
// gradient. Ceres' IterationSummary::gradient_norm is ||x - Plus(x, -g)||,
// which loses the low bits of g when |g| << |x| (about eps |x| / |g|
// relative): the stopping test and the reports use these norms instead.
struct EvaluationCache {
  static constexpr int kSize = 8;
  struct Entry {
    Vector<double> x;
    double value = 0;
    double gradient_norm_2 = 0;
  };
  Entry entries[kSize];
  int next = 0;
  int filled = 0;
  void Add(const double* x, int n, double value, const double* g) {
    Entry& e = entries[next];
    e.x = Eigen::Map<const Vector<double>>(x, n);
    e.value = value;
    e.gradient_norm_2 = Eigen::Map<const Vector<double>>(g, n).norm();
    next = (next + 1) % kSize;
    if (filled < kSize) ++filled;
  }
  const Entry* Find(const Vector<double>& x) const {
    for (int k = 0; k < filled; ++k) {
      const Entry& e = entries[(next - 1 - k + kSize) % kSize];
      if (e.x.size() == x.size() && e.x == x) return &e;
    }
    return nullptr;
  }
};

// Ceres' GradientProblem takes ownership of its FirstOrderFunction, so this
// adapter is heap-allocated and only borrows the caller's function.
class CeresAdapter : public ceres::FirstOrderFunction {
 public:
  CeresAdapter(DifferentiableFunction* f, int* evaluations, EvaluationCache* cache)
      : f_(f), evaluations_(evaluations), cache_(cache) {}
  bool Evaluate(const double* x, double* cost, double* gradient) const override {
    ++*evaluations_;
    if (!f_->Evaluate(x, cost, gradient)) return false;
    if (!std::isfinite(*cost)) return false;
    if (gradient != nullptr) {
      for (int i = 0; i < f_->NumParameters(); ++i)
        if (!std::isfinite(gradient[i])) return false;
      cache_->Add(x, f_->NumParameters(), *cost, gradient);
    }
    return true;
  }
  int NumParameters() const override { return f_->NumParameters(); }

 private:
  DifferentiableFunction* f_;
  int* evaluations_;
  EvaluationCache* cache_;
};

// Runs after every iteration; with update_state_every_iteration Ceres has
// written the current point into *x, whose exact gradient norm is looked up
// in the cache (or evaluated: rare, counted).
class StopTest : public ceres::IterationCallback {
 public:
  StopTest(const MinimizerOptions& options, const Vector<double>* x, CeresAdapter* f, const EvaluationCache* cache)
      : options_(options), x_(x), f_(f), cache_(cache) {}
  ceres::CallbackReturnType operator()(const ceres::IterationSummary& s) override {
    if (!s.step_is_valid && s.iteration > 0) return ceres::SOLVER_CONTINUE;
    const EvaluationCache::Entry* e = cache_->Find(*x_);
    double value = s.cost, norm = s.gradient_norm;
    if (e != nullptr) {
      value = e->value;
      norm = e->gradient_norm_2;
    } else {
      Vector<double> g(x_->size());
      if (f_->Evaluate(x_->data(), &value, g.data())) norm = g.norm();
    }
    if (options_.callback) {
      MinimizerProgress p;
      p.iteration = s.iteration;
      p.value = value;
      p.gradient_norm_2 = norm;
      p.seconds = s.cumulative_time_in_seconds;
      if (!options_.callback(p)) {
        stopped_by_callback = true;
        return ceres::SOLVER_TERMINATE_SUCCESSFULLY;
      }
    }
    if (norm <= options_.gradient_tolerance) {
      converged = true;
      return ceres::SOLVER_TERMINATE_SUCCESSFULLY;
    }
    return ceres::SOLVER_CONTINUE;
  }
  bool converged = false;
  bool stopped_by_callback = false;

 private:
  const MinimizerOptions& options_;
  const Vector<double>* x_;
  CeresAdapter* f_;
  const EvaluationCache* cache_;
};

}  // namespace

LbfgsMinimizer::LbfgsMinimizer(const LbfgsOptions& options) : options_(options) {
  if (options_.memory < 1) throw std::invalid_argument("L-BFGS memory must be >= 1");
}

MinimizerSummary LbfgsMinimizer::Minimize(DifferentiableFunction& f, Vector<double>* x,
                                          const MinimizerOptions& options) const {
  const auto start = std::chrono::steady_clock::now();
  const int n = f.NumParameters();
  if (x == nullptr || x->size() != n) {
    throw std::invalid_argument("L-BFGS: start point has the wrong size (function has " + std::to_string(n) +
                                " parameters)");
  }
  if (options.max_iterations < 0 || !(options.max_seconds > 0) || !(options.gradient_tolerance >= 0)) {
    throw std::invalid_argument("L-BFGS: max_iterations must be >= 0, max_seconds > 0, gradient_tolerance >= 0");
  }
  MinimizerSummary out;
  int evaluations = 0;
  EvaluationCache cache;
  CeresAdapter probe(&f, &evaluations, &cache);
  auto exact = [&](const Vector<double>& at, double* value, double* norm) {
    if (const EvaluationCache::Entry* e = cache.Find(at)) {
      *value = e->value;
      *norm = e->gradient_norm_2;
      return true;
    }
    Vector<double> g(n);
    if (!probe.Evaluate(at.data(), value, g.data())) return false;
    *norm = g.norm();
    return true;
  };
  if (!exact(*x, &out.initial_value, &out.initial_gradient_norm_2)) {
    throw std::invalid_argument("L-BFGS: the function cannot be evaluated at the start point");
  }
  out.final_value = out.initial_value;
  out.final_gradient_norm_2 = out.initial_gradient_norm_2;

  ceres::GradientProblemSolver::Options o;
  o.line_search_direction_type = ceres::LBFGS;
  o.line_search_type = ceres::WOLFE;
  o.max_lbfgs_rank = options_.memory;
  o.use_approximate_eigenvalue_bfgs_scaling = options_.approximate_eigenvalue_scaling;
  o.max_num_iterations = options.max_iterations;
  o.max_solver_time_in_seconds = options.max_seconds;
  o.function_tolerance = 0;
  o.parameter_tolerance = 0;
  o.gradient_tolerance = 0;
  o.logging_type = ceres::SILENT;
  o.minimizer_progress_to_stdout = false;
  o.update_state_every_iteration = true;
  Vector<double> work = *x;
  StopTest stop(options, &work, &probe, &cache);
  o.callbacks.push_back(&stop);
  std::string why;
  if (!o.IsValid(&why)) throw std::invalid_argument("L-BFGS: bad Ceres options: " + why);

  ceres::GradientProblem problem(new CeresAdapter(&f, &evaluations, &cache));  // owns the adapter
  ceres::GradientProblemSolver::Summary summary;
  ceres::Solve(o, problem, work.data(), &summary);

  out.iterations = summary.iterations.empty() ? 0 : static_cast<int>(summary.iterations.size()) - 1;
  out.message = summary.message;
  double value = 0, norm = 0;
  if (summary.IsSolutionUsable() && exact(work, &value, &norm) && value <= out.initial_value) {
    *x = work;
    out.final_value = value;
    out.final_gradient_norm_2 = norm;
  } else {
    out.iterations = 0;
  }
  if (stop.stopped_by_callback) {
    out.termination = MinimizerTermination::kStoppedByCallback;
  } else if (out.final_gradient_norm_2 <= options.gradient_tolerance) {
    // Also when Ceres ended on its own test (a gradient below half an ulp of
    // x, "Gradient tolerance reached") before the callback saw the point.
    out.termination = MinimizerTermination::kConverged;
  } else if (summary.termination_type == ceres::NO_CONVERGENCE) {
    out.termination = out.iterations >= options.max_iterations ? MinimizerTermination::kMaxIterations
                                                                : MinimizerTermination::kTimeLimit;
  } else {
    out.termination = MinimizerTermination::kNoProgress;
  }
  out.evaluations = evaluations;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace nrc
