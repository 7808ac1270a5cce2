// newton_bench: the Newton step without a dense Hessian (issue 18) on a
// mid-size network, 784-64-64-10 tanh MSE (55,050 parameters), lambda = 1e-3,
// on gauss:K=10,d=784,n=100,std=0.5,seed=1 (N = 1000), in double:
//   BM_HessianVectorProduct   one exact Hessian-vector product (the unit of
//                             Newton-CG's cost);
//   BM_NewtonCgStep/<kind>    one accepted Newton-CG step (CG to relative
//                             residual 1e-4, at most 100 products, then the
//                             line search) from a fixed L-BFGS point, with no
//                             preconditioner (0), the L-BFGS-from-CG-pairs
//                             one warmed by two earlier steps (1), or the
//                             K-FAC one built at the point (2, its build
//                             included). Counters: hvp = products per step,
//                             gnorm_ratio = ||g|| after / before;
//   BM_KroneckerFactoredBuild one KroneckerFactoredInverse (forward pass, K
//                             backward passes, the factors, their
//                             eigen-decompositions);
//   BM_KroneckerFactoredRebuild the same with layer 1's input factor reused
//                             (as the Newton stage rebuilds it);
//   BM_KroneckerFactoredApply one application of it;
//   BM_GaussNewtonStep        one accepted Gauss-Newton-CG step (K-FAC,
//                             Levenberg-Marquardt mu = 1e-3).
// Setup (L-BFGS from the seeded initialisation, 300 iterations) runs once,
// outside the timed loop. Run: build/bench/newton_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include "datasets/data_source.h"
#include "nets/mlp.h"
#include "numerics/allocator.h"
#include "numerics/lbfgs_minimizer.h"
#include "numerics/limited_memory_preconditioner.h"
#include "training/mlp_objective.h"
#include "training/kronecker_factored_inverse.h"
#include "training/newton_stage.h"

namespace nrc {
namespace {

struct MidSize {
  MlpSpec spec;
  Dataset data;
  MlpParameters<double> theta;
};

const MidSize& Problem() {
  static const MidSize p = [] {
    TuneAllocatorForBatchMatrices();
    MidSize m;
    m.data = LoadDataSource("gauss:K=10,d=784,n=100,std=0.5,seed=1");
    m.spec = MlpSpec::Uniform({784, 64, 64, 10}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-3, 0.0);
    Vector<double> x = MlpParameters<double>::RandomInit(m.spec, 1).Flatten();
    MlpObjective f(m.spec, m.data);
    MinimizerOptions o;
    o.max_iterations = 300;
    LbfgsMinimizer().Minimize(f, &x, o);
    m.theta = MlpParameters<double>::Unflatten(m.spec, x);
    return m;
  }();
  return p;
}

void BM_HessianVectorProduct(benchmark::State& state) {
  const MidSize& p = Problem();
  const MlpEvaluation<double> at = Evaluate(p.spec, p.theta, p.data.X, p.data.labels);
  const MlpParameters<double> v = MlpParameters<double>::RandomInit(p.spec, 7);
  for (auto _ : state) {
    benchmark::DoNotOptimize(HessianVectorProduct(p.spec, p.theta, p.data.X, p.data.labels, at, v));
  }
}
BENCHMARK(BM_HessianVectorProduct)->Unit(benchmark::kMillisecond);

void BM_NewtonCgStep(benchmark::State& state) {
  const MidSize& p = Problem();
  const bool limited_memory = state.range(0) == 1;
  NewtonStageOptions o;
  if (state.range(0) == 2) {
    o.dense = DensePreconditioner::kKroneckerFactored;
    o.rebuild_every_step = true;
  }
  o.max_cg_iterations = 100;
  o.cg_tolerance = 1e-4;
  LimitedMemoryPreconditioner lm(p.spec.NumParameters(), 20);
  MlpParameters<double> start = p.theta;
  if (limited_memory) {  // warm the preconditioner with two steps
    o.limited_memory = &lm;
    o.max_iterations = 2;
    RunNewtonStage<double>(p.spec, p.data, &start, nullptr, o);
  }
  o.max_iterations = 1;
  StageLog log;
  for (auto _ : state) {
    state.PauseTiming();
    MlpParameters<double> theta = start;
    LimitedMemoryPreconditioner fixed = lm;  // the same preconditioner every iteration
    o.limited_memory = limited_memory ? &fixed : nullptr;
    state.ResumeTiming();
    log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
  }
  state.counters["hvp"] = log.hessian_vector_products;
  state.counters["gnorm_ratio"] = log.grad_norm_end_value / log.grad_norm_start_value;
}
BENCHMARK(BM_NewtonCgStep)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_KroneckerFactoredBuild(benchmark::State& state) {
  const MidSize& p = Problem();
  for (auto _ : state) {
    benchmark::DoNotOptimize(KroneckerFactoredInverse(p.spec, p.theta, p.data.X, p.data.labels));
  }
}
BENCHMARK(BM_KroneckerFactoredBuild)->Unit(benchmark::kMillisecond);

// A rebuild as the Newton stage makes it: layer 1's input factor (data only)
// and its eigen-decomposition taken from the previous preconditioner.
void BM_KroneckerFactoredRebuild(benchmark::State& state) {
  const MidSize& p = Problem();
  const KroneckerFactoredInverse previous(p.spec, p.theta, p.data.X, p.data.labels);
  KroneckerFactoredInverseOptions o;
  o.reuse_input_factor = &previous;
  for (auto _ : state) {
    benchmark::DoNotOptimize(KroneckerFactoredInverse(p.spec, p.theta, p.data.X, p.data.labels, o));
  }
}
BENCHMARK(BM_KroneckerFactoredRebuild)->Unit(benchmark::kMillisecond);

void BM_KroneckerFactoredApply(benchmark::State& state) {
  const MidSize& p = Problem();
  const KroneckerFactoredInverse M(p.spec, p.theta, p.data.X, p.data.labels);
  const Vector<double> r = MlpParameters<double>::RandomInit(p.spec, 7).Flatten();
  for (auto _ : state) benchmark::DoNotOptimize(M.Apply(r));
}
BENCHMARK(BM_KroneckerFactoredApply)->Unit(benchmark::kMillisecond);

void BM_GaussNewtonStep(benchmark::State& state) {
  const MidSize& p = Problem();
  NewtonStageOptions o;
  o.max_cg_iterations = 100;
  o.cg_tolerance = 1e-4;
  o.curvature = NewtonCurvature::kGaussNewton;
  o.dense = DensePreconditioner::kKroneckerFactored;
  o.max_iterations = 1;
  StageLog log;
  for (auto _ : state) {
    MlpParameters<double> theta = p.theta;
    log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
  }
  state.counters["gnvp"] = log.hessian_vector_products;
  state.counters["gnorm_ratio"] = log.grad_norm_end_value / log.grad_norm_start_value;
}
BENCHMARK(BM_GaussNewtonStep)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace nrc

BENCHMARK_MAIN();
