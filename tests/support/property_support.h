// Test support for the statement property tests (theory/t*_test.cc): running
// a statement on a random problem in MPFR (256 bits) and in double, asserting
// its verdicts, and the constructions the negative controls use.
//
// Defaults: every property runs >= 200 cases. RapidCheck's own default is 100,
// so, before any property runs, "max_success=200" is added to RC_PARAMS unless
// RC_PARAMS already sets max_success (RC_PARAMS="max_success=100000" runs the
// same campaign longer, unchanged). The seed is printed (reproduce with
// RC_PARAMS="seed=...").
#ifndef NRC_TESTS_SUPPORT_PROPERTY_SUPPORT_H_
#define NRC_TESTS_SUPPORT_PROPERTY_SUPPORT_H_

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "datasets/gaussian_clusters.h"
#include "numerics/precision.h"
#include "numerics/svd.h"
#include "theory/network_context.h"
#include "theory/statement_result.h"
#include "theory/t2.h"
#include "tests/support/random_problem.h"

namespace nrc::theory_test {

constexpr int kMpfrBits = 256;

class RapidCheckDefaults : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* env = std::getenv("RC_PARAMS");
    std::string params = env ? env : "";
    if (params.find("max_success") == std::string::npos) {
      params += (params.empty() ? "" : " ") + std::string("max_success=200");
      setenv("RC_PARAMS", params.c_str(), 1);
    }
    const auto& config = rc::detail::configuration();
    std::cout << "RapidCheck seed " << config.testParams.seed << ", max_success " << config.testParams.maxSuccess
              << " (reproduce: RC_PARAMS=\"seed=" << config.testParams.seed << "\")" << std::endl;
  }
};
inline ::testing::Environment* const kRapidCheckDefaults =
    ::testing::AddGlobalTestEnvironment(new RapidCheckDefaults);

// The problems the properties run on: every shape of the ranges
// (depth 1-5, widths 1-10, K 2-6, N = K..K+12) drawn uniformly.
inline rc::Gen<testing::RandomProblem> GenProblem() {
  testing::RandomProblemOptions options;
  options.uniform_sizes = true;
  return testing::GenRandomProblem(options);
}

// Every number of a statement's evaluation, for failure messages.
template <class T>
std::string Describe(const StatementResult<T>& r) {
  std::ostringstream os;
  os.precision(17);
  os << r.statement << " layer " << r.layer << " " << r.norm << " in " << ScalarTraits<T>::Name() << ": "
     << OutcomeName(r.outcome()) << (r.note.empty() ? "" : " (" + r.note + ")") << "\n";
  auto line = [&](const Inequality<T>& q, const char* tag) {
    os << "  " << tag << " " << q.Describe() << ": " << ToDouble(q.lhs) << " vs " << ToDouble(q.rhs)
       << ", ratio " << q.Ratio() << ", error " << ToDouble(q.error) << " -> " << OutcomeName(q.Decide()) << "\n";
  };
  if (r.applicable) line(r.headline, "headline");
  for (const auto& q : r.links) line(q, "link");
  return os.str();
}

// The random problem in scalar T (exact: doubles upcast exactly).
template <class T>
NetworkContext<T> ContextFor(const testing::RandomProblem& p) {
  return NetworkContext<T>::Build(p.spec, p.theta.Cast<T>(), p.data.Features<T>(), p.data.labels);
}

// Evaluates `statements(ctx)` (a generic callable returning
// std::vector<R<T>> for R derived from StatementResult) in MPFR at kMpfrBits
// and in double (NRC_SHOW_UNDECIDED=1 prints MPFR's undecided cases). No verdict may be "violated" in either precision (in double
// the error model must absorb double's rounding); undecided verdicts are
// allowed and classified. Observed distances to low rank (functions of the
// exact parameters only) must agree between double and MPFR within double's
// error estimate.
template <class F>
void CheckInBothPrecisions(const testing::RandomProblem& prob, F&& statements) {
  RC_CLASSIFY(prob.spec.loss.kind() == LossKind::kMse, "mse");
  RC_CLASSIFY(prob.spec.any_bias(), "bias");
  RC_CLASSIFY(prob.spec.depth() >= 3, "depth>=3");
  RC_CLASSIFY(prob.spec.lambda >= 1e-2, "lambda>=1e-2");
  bool undecided_mpfr = false, undecided_double = false;
  int checked = 0;
  // Headlines whose observed side depends on the exact inputs only
  // (dist_k(W_l), computed from theta alone): double's value must lie within
  // double's error estimate of MPFR's, a direct check of the error model.
  std::vector<double> exact_input_mpfr;
  auto exact_input = [](const auto& r) { return r.applicable && r.headline.lhs_name.rfind("dist_", 0) == 0; };
  {
    ScopedMpfrPrecision guard(kMpfrBits);
    const auto ctx = ContextFor<Mpfr>(prob);
    for (const auto& r : statements(ctx)) {
      if (!r.applicable) continue;
      ++checked;
      const Outcome o = r.outcome();
      if (o == Outcome::kViolated) RC_FAIL("violated in MPFR:\n" + Describe(r) + prob.Describe());
      undecided_mpfr |= o == Outcome::kUndecided;
      if (exact_input(r)) exact_input_mpfr.push_back(ToDouble(r.headline.lhs));
      if (o == Outcome::kUndecided && std::getenv("NRC_SHOW_UNDECIDED")) std::cout << Describe(r) << prob.Describe() << "\n";
    }
  }
  std::size_t exact_inputs_seen = 0;
  {
    const auto ctx = ContextFor<double>(prob);
    for (const auto& r : statements(ctx)) {
      if (!r.applicable) continue;
      const Outcome o = r.outcome();
      if (o == Outcome::kViolated) RC_FAIL("violated in double (error model too tight?):\n" + Describe(r) +
                                           prob.Describe());
      undecided_double |= o == Outcome::kUndecided;
      if (exact_input(r)) {
        RC_ASSERT(exact_inputs_seen < exact_input_mpfr.size());
        const double m = exact_input_mpfr[exact_inputs_seen++];
        if (std::abs(r.headline.lhs - m) > r.headline.error)
          RC_FAIL("double's " + r.headline.lhs_name + " = " + std::to_string(r.headline.lhs) + " differs from MPFR's " +
                  std::to_string(m) + " by more than the error estimate " + std::to_string(r.headline.error) + "\n" +
                  Describe(r) + prob.Describe());
      }
    }
  }
  RC_CLASSIFY(checked == 0, "nothing applicable");
  RC_CLASSIFY(undecided_mpfr, "undecided in mpfr");
  RC_CLASSIFY(undecided_double, "undecided in double");
}

// The scalar of a NetworkContext<T> (T), for the generic lambdas below, which
// are called with a `const NetworkContext<T>&`: ScalarOf<decltype(ctx)>.
template <class Context>
using ScalarOf = typename std::decay_t<Context>::Scalar;

// A property checked layer by layer: CheckInBothPrecisions on `prob` (default:
// drawn from GenProblem()), whose statements, in MPFR and in double, are those
// `per_layer(ctx, l, &out)` appends for l = 1..ctx.L in that order
// (`per_layer` is generic: ctx is a const NetworkContext<T>&, out a
// std::vector<R<T>>*; it may append any number of results, including none, and
// may RC_ASSERT). Draw `prob` yourself (the first overload) to apply RC_PRE or
// RC_CLASSIFY to it, or to draw more inputs after it.
template <template <class> class R, class F>
void CheckEveryLayerInBothPrecisions(const testing::RandomProblem& prob, F&& per_layer) {
  CheckInBothPrecisions(prob, [&per_layer](const auto& ctx) {
    std::vector<R<ScalarOf<decltype(ctx)>>> out;
    for (int l = 1; l <= ctx.L; ++l) per_layer(ctx, l, &out);
    return out;
  });
}
template <template <class> class R, class F>
void CheckEveryLayerInBothPrecisions(F&& per_layer) {
  CheckEveryLayerInBothPrecisions<R>(*GenProblem(), std::forward<F>(per_layer));
}

// A statement computed from T2 in both norms: CheckEveryLayerInBothPrecisions
// with, on layer l, the statements per_norm(ctx, t2, n) for n = spectral, then
// Frobenius, where t2 = T2<T>::Compute(ctx, l) (`per_norm` is generic like
// `per_layer` and returns an R<T>).
template <template <class> class R, class F>
void CheckEveryLayerInBothNorms(const testing::RandomProblem& prob, F&& per_norm) {
  CheckEveryLayerInBothPrecisions<R>(prob, [&per_norm](const auto& ctx, int l, auto* out) {
    const auto t2 = T2<ScalarOf<decltype(ctx)>>::Compute(ctx, l);
    for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) out->push_back(per_norm(ctx, t2, n));
  });
}
template <template <class> class R, class F>
void CheckEveryLayerInBothNorms(F&& per_norm) {
  CheckEveryLayerInBothNorms<R>(*GenProblem(), std::forward<F>(per_norm));
}

// A bias-free depth-1 MSE network f(x) = W x on Gaussian clusters, at its exact
// stationary point W* = (Y X^T / N)(X X^T / N + lambda I)^{-1} (computed in
// Mpfr through the SVD of the symmetric positive definite matrix, ||G|| at
// rounding level): a "trained" network with no training, for negative controls.
struct LinearStationary {
  MlpSpec spec;
  Dataset data;
  MlpParameters<Mpfr> theta;
};
inline LinearStationary MakeLinearStationary(int K, int dim, int per_class, double within_std, double lambda,
                                             std::uint64_t seed) {
  LinearStationary s;
  s.spec = MlpSpec::Uniform({dim, K}, Activation::Parse("identity"), Loss::Parse("mse"), false, lambda, 0.0);
  GaussianClustersSpec g;
  g.num_classes = K;
  g.dim = dim;
  g.per_class = per_class;
  g.within_std = within_std;
  g.center_scale = 1.0;
  g.seed = seed;
  s.data = MakeGaussianClusters(g);
  const Matrix<Mpfr> X = s.data.Features<Mpfr>();
  const int N = s.data.size();
  Matrix<Mpfr> Y = Matrix<Mpfr>::Zero(K, N);
  for (int i = 0; i < N; ++i) Y(s.data.labels[i], i) = 1;
  Matrix<Mpfr> A = X * X.transpose() / Mpfr(N);
  for (int j = 0; j < dim; ++j) A(j, j) += Mpfr(lambda);
  const Svd<Mpfr> svd = ComputeSvd(A, SvdMethod::kJacobi);
  const Matrix<Mpfr> inv = svd.v * svd.sigma.cwiseInverse().asDiagonal() * svd.u.transpose();
  s.theta = MlpParameters<Mpfr>::Zeros(s.spec);
  s.theta.W[1] = (Y * X.transpose() / Mpfr(N)) * inv;
  return s;
}

// Inside a RapidCheck property: draws K in 2..5, dim in K..8, 2..5 samples
// per class (within-class std 1e-3), lambda in {1e-3, 1e-2, 1e-1} and a seed,
// and returns that linear stationary point. The caller holds the MPFR
// precision guard.
inline LinearStationary DrawLinearStationary() {
  const int K = *rc::gen::inRange(2, 6);
  const int dim = *rc::gen::inRange(K, 9);
  const int per_class = *rc::gen::inRange(2, 6);
  const double lambda = *rc::gen::elementOf(std::vector<double>{1e-3, 1e-2, 1e-1});
  const auto seed = *rc::gen::inRange<std::uint64_t>(0, 1000000);
  return MakeLinearStationary(K, dim, per_class, 1e-3, lambda, seed);
}

// One case of a negative control: the verdict of the statement as the spec
// states it and of its deliberately weakened version, on the same numbers.
struct ControlCase {
  Outcome statement = Outcome::kUndecided;
  Outcome weakened = Outcome::kUndecided;
  std::string details;  // the numbers, printed with a counterexample
};
// The case for one statement result and its weakened version.
template <class T>
ControlCase Compare(const StatementResult<T>& statement, const StatementResult<T>& weakened) {
  return {statement.outcome(), weakened.outcome(), "statement: " + Describe(statement) + "weakened: " + Describe(weakened)};
}
// The case for a statement and a weakened inequality built from its numbers.
template <class T>
ControlCase Compare(const StatementResult<T>& statement, const Inequality<T>& weakened) {
  StatementResult<T> w;
  w.statement = statement.statement + " (weakened)";
  w.layer = statement.layer;
  w.norm = statement.norm;
  w.headline = weakened;
  return Compare(statement, w);
}

// A negative control's cases at one problem, in MPFR at kMpfrBits:
// make(ctx, t2, &cases) for every layer (t2 = T2 of that layer).
template <class Make>
std::vector<ControlCase> MpfrCasesPerLayer(const testing::RandomProblem& prob, Make&& make) {
  ScopedMpfrPrecision guard(kMpfrBits);
  const auto ctx = ContextFor<Mpfr>(prob);
  std::vector<ControlCase> cases;
  for (int l = 1; l <= ctx.L; ++l) make(ctx, T2<Mpfr>::Compute(ctx, l), &cases);
  return cases;
}
// The same at a problem drawn from rc::gen::arbitrary<RandomProblem>().
template <class Make>
std::vector<ControlCase> MpfrCasesPerLayer(Make&& make) {
  return MpfrCasesPerLayer(*rc::gen::arbitrary<testing::RandomProblem>(), std::forward<Make>(make));
}

namespace detail {
inline std::vector<ControlCase> AsCases(ControlCase c) { return {std::move(c)}; }
inline std::vector<ControlCase> AsCases(std::vector<ControlCase> c) { return c; }
}  // namespace detail

// A negative control: `make_case` is a RapidCheck property body (no
// arguments: it draws its inputs with *gen, may discard with RC_PRE) that
// returns a ControlCase or a std::vector<ControlCase>. The control passes only
// if RapidCheck finds a genuine counterexample: a case where the statement
// holds and its weakened version is decided violated (printed, shrunk).
// Anything else that goes wrong is a test error that fails the test, never a
// find: an exception thrown by the body, an assertion failed inside it, or a
// case where the statement itself is violated (a bug or a broken hypothesis,
// not evidence that the property family can fail). Undecided verdicts are
// neither finds nor errors.
template <class MakeCase>
void ExpectCounterexample(const std::string& description, MakeCase make_case) {
  std::vector<std::string> errors;
  bool found = false;  // RapidCheck also fails when it gives up (too many discards): that is no find
  const bool passed = rc::check(description, [&] {
    std::vector<ControlCase> cases;
    try {
      cases = detail::AsCases(make_case());
    } catch (const rc::detail::CaseResult& r) {
      if (r.type == rc::detail::CaseResult::Type::Discard) throw;  // RC_PRE
      errors.push_back("the control's body failed (" + r.description + ")");
      return;
    } catch (const rc::GenerationFailure&) {
      throw;  // RapidCheck discards the case
    } catch (const std::exception& e) {
      errors.push_back(std::string("the control's body threw: ") + e.what());
      return;
    } catch (...) {
      errors.push_back("the control's body threw a non-exception");
      return;
    }
    for (const auto& c : cases) {
      if (c.statement == Outcome::kViolated) {
        errors.push_back("the statement itself is violated:\n" + c.details);
        return;
      }
    }
    for (const auto& c : cases) {
      if (c.statement == Outcome::kHolds && c.weakened == Outcome::kViolated) {
        found = true;
        RC_FAIL("counterexample: the statement holds and its weakened version is violated\n" + c.details);
      }
    }
  });
  for (std::size_t k = 0; k < errors.size() && k < 3; ++k)
    ADD_FAILURE() << "negative control '" << description << "': test error (not a counterexample): " << errors[k];
  if (errors.size() > 3) ADD_FAILURE() << errors.size() - 3 << " more test errors in '" << description << "'";
  EXPECT_TRUE(found && !passed) << "negative control '" << description
                                << "' found no counterexample: the property family cannot fail";
}

}  // namespace nrc::theory_test

#endif  // NRC_TESTS_SUPPORT_PROPERTY_SUPPORT_H_
