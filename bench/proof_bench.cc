// Issue 17 speed targets for the fast proof engine (midpoint-radius double,
// numerics/midrad_matrix.h), side by side with what it verifies:
//   BM_Gradient<plain>       one loss + gradient evaluation in double (nets/mlp.h)
//   BM_Gradient<enclosure>   the rigorous enclosure of the same gradient and
//                            of everything the claims need (MidradNetwork: forward
//                            and backward pass, G_l, g_l, S_l, class statistics,
//                            ||grad J||), from exact double weights
//                            784-256-256-10 tanh MSE, N = 2000 random inputs in
//                            [0, 1] (Fashion-MNIST's shape); target <= 5x plain.
//   BM_Svd256x784<plain>     the double SVD (Eigen BDCSVD, with U and V)
//   BM_Svd256x784<verified>  Miyajima enclosures of all 256 singular values from
//                            that SVD (numerics/midrad_enclosures.h); target <= 4x.
//                            Counters: relative widths of sigma_1 and sigma_256
//                            (target: sigma_1 to 1e-12 or better).
//   BM_ProveRun<engine>      ProveVerdicts on the run directory NRC_BENCH_RUN (e.g.
//                            a digits run of the default suite), fast engine with
//                            MPFI fallback vs MPFI alone; the floating check
//                            (mpfr:256, as nrc check's default) runs once, untimed;
//                            ||grad J|| checked against the certificate as nrc check does.
//                            Skipped without NRC_BENCH_RUN.
//   BM_Certificate<engine>   the stationarity certificate (training/
//                            stationarity_certificate.h, no Hessian) of the
//                            784-256-256-10 network above at N = 200 inputs:
//                            the fast engine's enclosures (midrad53) vs the MPFR
//                            reference (two MPFR gradients and an MPFI enclosure
//                            at 128 bits). Counter: grad_rel_radius (fast).
//   BM_Certificate<fast, 2000> the fast certificate at N = 2000 (the MPFR one
//                            scales linearly in N: 10x its N = 200 time).
// Run: build/bench/proof_bench --benchmark_min_time=1 (under load the ratios
// are what matter). Gradient and Svd report wall time, the CPU time of the
// whole process and main_cpu_ms (the calling thread's CPU: on a loaded
// machine a proxy of the idle wall time); NRC_THREADS sets the threads of
// both sides.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "enclosures/midrad_network.h"
#include "nets/mlp.h"
#include "numerics/allocator.h"
#include "numerics/midrad_enclosures.h"
#include "numerics/precision.h"
#include "numerics/svd.h"
#include "proofs-check/check_network.h"
#include "proofs-check/interval_proof.h"
#include "training/run_directory.h"
#include "training/stationarity_certificate.h"

namespace nrc {
namespace {

// As nrc's main: batch matrices reused from the heap, not fresh mmap()s.
const bool allocator_tuned = (TuneAllocatorForBatchMatrices(), true);

const MlpSpec& WideSpec() {
  static const MlpSpec spec =
      MlpSpec::Uniform({784, 256, 256, 10}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-3, 0.0);
  return spec;
}

const Dataset& WideData() {
  static const Dataset d = [] {
    Dataset data;
    const int N = 2000;
    std::mt19937_64 g(17);
    std::uniform_real_distribution<double> u(0, 1);
    data.X.resize(784, N);
    for (int j = 0; j < N; ++j)
      for (int i = 0; i < 784; ++i) data.X(i, j) = u(g);
    data.num_classes = 10;
    for (int j = 0; j < N; ++j) data.labels.push_back(j % 10);
    return data;
  }();
  return d;
}

enum Variant { kPlain, kRigorous };

// CPU seconds of the calling thread so far.
double MainThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Counter main_cpu_ms: the benchmark thread's CPU per iteration since start.
// With NRC_THREADS = 2 the calling thread runs one share of every parallel
// loop and everything serial, so on a loaded machine this is a proxy of the
// wall time an idle machine would show.
void SetMainThreadCpu(benchmark::State& state, double start) {
  if (state.iterations() > 0)
    state.counters["main_cpu_ms"] = 1e3 * (MainThreadCpuSeconds() - start) / static_cast<double>(state.iterations());
}

template <Variant V>
void BM_Gradient(benchmark::State& state) {
  const MlpParameters<double> theta = MlpParameters<double>::RandomInit(WideSpec(), 1);
  const Dataset& data = WideData();
  std::vector<MidradMatrix> W(theta.W.size()), b(theta.b.size());
  for (size_t l = 1; l < theta.W.size(); ++l) {
    W[l] = MidradMatrix::FromDoubles(theta.W[l]);
    b[l] = MidradMatrix::FromDoubles(theta.b[l]);
  }
  double width = 0;
  const double main_cpu = MainThreadCpuSeconds();
  for (auto _ : state) {
    if (V == kPlain) {
      auto ev = Evaluate(WideSpec(), theta, data.X, data.labels);
      benchmark::DoNotOptimize(ev.gradient.W[1].data());
    } else {
      const MidradNetwork net = MidradNetwork::FromEnclosedParameters(WideSpec(), W, b, data);
      width = net.G[1].MaxWidth();
      benchmark::DoNotOptimize(net.G[1].mid().data());
    }
  }
  SetMainThreadCpu(state, main_cpu);
  if (V == kRigorous) state.counters["G1_max_width"] = width;
}

template <Variant V>
void BM_Svd256x784(benchmark::State& state) {
  std::mt19937_64 g(5);
  std::normal_distribution<double> n;
  Eigen::MatrixXd a(256, 784);
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) a(i, j) = n(g) / 28;
  const MidradMatrix m = MidradMatrix::FromDoubles(a);
  SingularValueEnclosure e;
  const double main_cpu = MainThreadCpuSeconds();
  for (auto _ : state) {
    if (V == kPlain) {
      const Svd<double> svd = ComputeSvd<double>(a, SvdMethod::kBidiagonalDC);
      benchmark::DoNotOptimize(svd.u.data());
    } else {
      e = EncloseSingularValues(m);
      benchmark::DoNotOptimize(e.sigma.data());
    }
  }
  SetMainThreadCpu(state, main_cpu);
  if (V == kRigorous && e.ok) {
    auto rel = [](const Interval& s) { return (s.Upper() - s.Lower()) / s.Lower(); };
    state.counters["rel_width_sigma1"] = rel(e.sigma.front());
    state.counters["rel_width_sigma256"] = rel(e.sigma.back());
    state.counters["e"] = e.e;
    state.counters["f"] = e.f;
    state.counters["g"] = e.g;
    state.counters["sigma1"] = e.sigma.front().Lower();
  }
}

template <ProofEngine E>
void BM_ProveRun(benchmark::State& state) {
  const char* dir = std::getenv("NRC_BENCH_RUN");
  if (!dir) {
    state.SkipWithError("set NRC_BENCH_RUN to a run directory");
    return;
  }
  const RunDirectory run = RunDirectory::Load(dir);
  CheckReport base;
  {
    ScopedMpfrPrecision p(256);
    base = CheckNetwork<Mpfr>(run.spec, run.Parameters<Mpfr>(), run.data);
  }
  ProofOptions o;
  o.engine = E;
  if (!run.certificate.is_null())  // as nrc check: ||grad J|| against the certificate's claim
    o.stationarity_claim = StationarityCertificate::FromJson(run.certificate).grad_norm_2_value;
  IntervalProofSummary s;
  for (auto _ : state) {
    CheckReport rep = base;
    s = ProveVerdicts(run.spec, run.parameters, run.data, DefaultProofBits(run.precision), &rep, o);
  }
  state.counters["proven"] = s.proven;
  state.counters["claims"] = s.attempted;
  state.counters["fallbacks"] = s.fallbacks;
}

// The first n samples of WideData, the parameters of RandomInit(seed 1) as exact strings.
template <CertificateEngine E>
void BM_Certificate(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Dataset data = WideData();
  data.X = data.X.leftCols(n).eval();
  data.labels.resize(static_cast<size_t>(n));
  std::vector<std::string> parameters;
  for (const double x : MlpParameters<double>::RandomInit(WideSpec(), 1).Flatten()) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    parameters.push_back(buf);
  }
  CertificateOptions o;
  o.engine = E;
  o.hessian = false;
  o.parameters_precision = Precision::Parse("double");
  StationarityCertificate c;
  for (auto _ : state) c = ComputeCertificate(WideSpec(), data, parameters, o);
  if (c.enclosure) {
    const Interval& g = c.enclosure->grad_norm_2;
    state.counters["grad_rel_radius"] = (g.Upper() - g.Lower()) / 2 / g.Lower();
  }
}

}  // namespace

BENCHMARK_TEMPLATE(BM_Certificate, CertificateEngine::kFast)->Arg(200)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Certificate, CertificateEngine::kMpfr)->Arg(200)->Unit(benchmark::kSecond)->Iterations(1);
// Wall time (both use NRC_THREADS threads) and the CPU time of the whole
// process (every thread), so a loaded machine shows in the second column.
BENCHMARK_TEMPLATE(BM_Gradient, kPlain)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_TEMPLATE(BM_Gradient, kRigorous)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_TEMPLATE(BM_Svd256x784, kPlain)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_TEMPLATE(BM_Svd256x784, kRigorous)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK_TEMPLATE(BM_ProveRun, ProofEngine::kFast)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK_TEMPLATE(BM_ProveRun, ProofEngine::kMpfi)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace nrc

BENCHMARK_MAIN();
