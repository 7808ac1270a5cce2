// Issue 2 speed targets: one full-batch loss + gradient evaluation on digits
// (64-32-32-10 tanh, N = 1797) in double, float128 and MPFR-256, against the
// machine's own matrix-multiply floor for the same flops; and the SVD of a
// 64 x 64 matrix in every scalar type.
//
// The "GEMM floor" benchmark runs exactly the products that one gradient
// evaluation performs (forward W_l Z_{l-1}, backward W_{l+1}^T Delta_{l+1} and
// Delta_l Z_{l-1}^T) with Eigen's double GEMM and nothing else; the ratio
// gradient / floor is printed as a counter. Counters: flops = the products'
// floating-point operations, GFLOPs = achieved rate. The dense double
// Hessian of digits on 1 and 2 threads (NRC_THREADS) in wall time.
//
// Issue 18 (both cores): BM_ThreadedGradient / BM_ThreadedHessianVector run
// one loss + gradient evaluation / one Hessian-vector product on
// state.range(1) threads (wall time), for problem state.range(0): 0 = digits
// (64-32-32-10, N = 1797), 1 = 784-64-64-10 tanh MSE lambda 1e-3 with N = 2000
// (the data source in the environment variable NRC_BENCH_DATA, e.g. a CSV that
// tools/bench_vs_pytorch.py writes from Fashion-MNIST; by default synthetic
// Gaussian clusters gauss:K=10,d=784,n=200,std=0.3,seed=1). BM_GemmFloor(p)
// runs the gradient's products alone for problem p. The single-scalar
// benchmarks above run on one thread (NRC_THREADS=1).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>

#include "datasets/data_source.h"
#include "nets/mlp.h"
#include "numerics/allocator.h"
#include "numerics/precision.h"
#include "numerics/svd.h"

namespace nrc {
namespace {

const MlpSpec& DigitsSpec() {
  static const MlpSpec spec =
      MlpSpec::Uniform({64, 32, 32, 10}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-3, 0.0);
  return spec;
}
const Dataset& Digits() {
  static const Dataset d = LoadDataSource("digits");
  return d;
}
const MlpSpec& WideSpec() {
  static const MlpSpec spec =
      MlpSpec::Uniform({784, 64, 64, 10}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-3, 0.0);
  return spec;
}
const Dataset& WideData() {
  static const Dataset d = [] {
    const char* env = std::getenv("NRC_BENCH_DATA");
    return LoadDataSource(env && *env ? env : "gauss:K=10,d=784,n=200,std=0.3,seed=1", 10);
  }();
  return d;
}
// Problem 0: digits; problem 1: 784-64-64-10 on N = 2000.
const MlpSpec& BenchSpec(int problem) { return problem == 0 ? DigitsSpec() : WideSpec(); }
const Dataset& BenchData(int problem) { return problem == 0 ? Digits() : WideData(); }

void SetThreads(long threads) { ::setenv("NRC_THREADS", std::to_string(threads).c_str(), 1); }

// Flops of the products in one gradient evaluation (2 per multiply-add).
double GradientProductFlops(const MlpSpec& spec, int N) {
  double f = 0;
  for (int l = 1; l <= spec.depth(); ++l) {
    const double dd = double(spec.widths[l]) * spec.widths[l - 1];
    f += 2 * dd * N;                   // forward W_l Z_{l-1}
    f += 2 * dd * N;                   // Delta_l Z_{l-1}^T
    if (l < spec.depth()) f += 2 * double(spec.widths[l + 1]) * spec.widths[l] * N;  // W_{l+1}^T Delta_{l+1}
  }
  return f;
}

template <class T>
void BM_DigitsGradient(benchmark::State& state) {
  SetThreads(1);
  const Matrix<T> X = Digits().Features<T>();
  const auto theta = MlpParameters<double>::RandomInit(DigitsSpec(), 1).template Cast<T>();
  for (auto _ : state) {
    auto ev = Evaluate(DigitsSpec(), theta, X, Digits().labels);
    benchmark::DoNotOptimize(ev.gradient.W[1].data());
  }
  const double flops = GradientProductFlops(DigitsSpec(), Digits().size());
  state.counters["flops"] = flops;
  state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_DigitsGradient_Mpfr256(benchmark::State& state) {
  ScopedMpfrPrecision guard(256);
  BM_DigitsGradient<Mpfr>(state);
  state.SetLabel(ScalarTraits<Mpfr>::Name());
}

// The dense Hessian of digits (P = 3466 Hessian-vector products), on
// state.range(0) threads (NRC_THREADS): in double the certificate's inertia,
// in float Newton-CG's preconditioner (rebuilt 8-10 times), the dominant
// costs of training digits. Wall time (UseRealTime): CPU time would add up
// the threads.
template <class T>
void BM_DigitsDenseHessian(benchmark::State& state) {
  const std::string threads = std::to_string(state.range(0));
  ::setenv("NRC_THREADS", threads.c_str(), 1);
  const Matrix<T> X = Digits().Features<T>();
  const auto theta = MlpParameters<double>::RandomInit(DigitsSpec(), 1).Cast<T>();
  for (auto _ : state) {
    const Matrix<T> H = DenseHessian<T>(DigitsSpec(), theta, X, Digits().labels);
    benchmark::DoNotOptimize(H.data());
  }
  ::unsetenv("NRC_THREADS");
}

void GemmFloor(benchmark::State& state, const MlpSpec& spec, int N) {
  std::mt19937_64 rng(3);
  auto random = [&](int r, int c) {
    Matrix<double> M(r, c);
    for (Eigen::Index k = 0; k < M.size(); ++k) M(k) = double(rng() % 1000) / 1000.0;
    return M;
  };
  std::vector<Matrix<double>> W(spec.depth() + 1), Z(spec.depth() + 1), D(spec.depth() + 1), out(3 * spec.depth() + 3);
  for (int l = 1; l <= spec.depth(); ++l) {
    W[l] = random(spec.widths[l], spec.widths[l - 1]);
    Z[l - 1] = random(spec.widths[l - 1], N);
    D[l] = random(spec.widths[l], N);
  }
  for (auto _ : state) {
    for (int l = 1; l <= spec.depth(); ++l) {
      out[3 * l].noalias() = W[l] * Z[l - 1];
      out[3 * l + 1].noalias() = D[l] * Z[l - 1].transpose();
      if (l < spec.depth()) out[3 * l + 2].noalias() = W[l + 1].transpose() * D[l + 1];
    }
    benchmark::DoNotOptimize(out[3].data());
  }
  const double flops = GradientProductFlops(spec, N);
  state.counters["flops"] = flops;
  state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
void BM_DigitsGemmFloor(benchmark::State& state) { GemmFloor(state, DigitsSpec(), Digits().size()); }
void BM_GemmFloor(benchmark::State& state) {
  const int p = static_cast<int>(state.range(0));
  GemmFloor(state, BenchSpec(p), BenchData(p).size());
}

// Problem state.range(0) in T on state.range(1) threads (NRC_THREADS, unset
// again when the benchmark ends).
template <class T>
struct ThreadedSetup {
  explicit ThreadedSetup(const benchmark::State& state)
      : p(static_cast<int>(state.range(0))),
        spec(BenchSpec(p)),
        data(BenchData(p)),
        X((SetThreads(state.range(1)), data.Features<T>())),
        theta(MlpParameters<double>::RandomInit(spec, 1).template Cast<T>()) {}
  ~ThreadedSetup() { ::unsetenv("NRC_THREADS"); }
  int p;
  const MlpSpec& spec;
  const Dataset& data;
  Matrix<T> X;
  MlpParameters<T> theta;
};

template <class T>
void BM_ThreadedGradient(benchmark::State& state) {
  const ThreadedSetup<T> s(state);
  for (auto _ : state) {
    auto ev = Evaluate(s.spec, s.theta, s.X, s.data.labels);
    benchmark::DoNotOptimize(ev.gradient.W[1].data());
  }
  const double flops = GradientProductFlops(s.spec, s.data.size());
  state.counters["GFLOPs"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

template <class T>
void BM_ThreadedHessianVector(benchmark::State& state) {
  const ThreadedSetup<T> s(state);
  const auto v = MlpParameters<double>::RandomInit(s.spec, 2).template Cast<T>();
  const auto at = Evaluate(s.spec, s.theta, s.X, s.data.labels, EvaluationLevel::kCurvature);
  for (auto _ : state) {
    auto hv = HessianVectorProduct(s.spec, s.theta, s.X, s.data.labels, at, v);
    benchmark::DoNotOptimize(hv.W[1].data());
  }
}

template <class T>
void BM_Svd64(benchmark::State& state) {
  const SvdMethod method = state.range(0) == 0 ? SvdMethod::kJacobi : SvdMethod::kBidiagonalDC;
  std::mt19937_64 rng(5);
  Matrix<T> A(64, 64);
  for (Eigen::Index k = 0; k < A.size(); ++k) A(k) = RoundedCast<T>(double(rng() % 20001) / 10000.0 - 1.0);
  for (auto _ : state) {
    auto svd = ComputeSvd(A, method);
    benchmark::DoNotOptimize(svd.sigma.data());
  }
  state.SetLabel(std::string(ScalarTraits<T>::Name()) + " " + SvdMethodName(method));
}
void BM_Svd64_Mpfr256(benchmark::State& state) {
  ScopedMpfrPrecision guard(256);
  BM_Svd64<Mpfr>(state);
}

BENCHMARK(BM_DigitsGemmFloor)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GemmFloor)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_ThreadedGradient, double)->ArgsProduct({{0, 1}, {1, 2}})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_ThreadedGradient, float)->ArgsProduct({{0, 1}, {1, 2}})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_ThreadedHessianVector, double)->ArgsProduct({{0, 1}, {1, 2}})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_DigitsDenseHessian, double)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK_TEMPLATE(BM_DigitsDenseHessian, float)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK_TEMPLATE(BM_DigitsGradient, double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_DigitsGradient, float)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_DigitsGradient, long double)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_DigitsGradient, Float128)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DigitsGradient_Mpfr256)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_TEMPLATE(BM_Svd64, float)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Svd64, double)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Svd64, long double)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Svd64, Float128)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Svd64_Mpfr256)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace nrc

int main(int argc, char** argv) {
  nrc::TuneAllocatorForBatchMatrices();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
