// proofs-check: verdict records, JSON round trip, tables, and CheckNetwork on
// small networks in every precision (no verdict violated; MPFR decides
// everything it is asked except exact degeneracies; lower precisions may say
// undecided but never violated).
#include "proofs-check/check_network.h"

#include <gtest/gtest.h>

#include <sstream>

#include "numerics/precision.h"
#include "proofs-check/verdict_table.h"
#include "tests/support/random_problem.h"

namespace nrc {
namespace {

testing::RandomProblem SmallProblem(bool bias, const char* loss) {
  const auto spec = MlpSpec::Uniform({5, 7, 6, 3}, Activation::Parse("tanh"), Loss::Parse(loss), bias, 1e-2, 0.0);
  return testing::MakeRandomProblem(spec, 12, 42, 1.0, 1.0);
}

TEST(Verdict, JsonRoundTripKeepsEveryField) {
  Verdict v;
  v.statement = "T3";
  v.layer = 2;
  v.norm = "frobenius";
  v.observed = 0.25;
  v.bound = 0.5;
  v.ratio = 0.5;
  v.verdict = Outcome::kUndecided;
  v.precision = "double";
  v.grad_norm = 1e-9;
  v.error_estimate = 1e-13;
  v.slack = {{"grad_term", 0.125}, {"cluster_term", HUGE_VAL}};
  v.note = "worst j = 1";
  const auto j = v.ToJson();
  for (const char* key : {"statement", "layer", "norm", "observed", "bound", "ratio", "verdict", "precision",
                          "grad_norm", "error_estimate", "slack"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["verdict"], "undecided");
  const Verdict w = Verdict::FromJson(nlohmann::json::parse(j.dump()));
  EXPECT_EQ(w.statement, v.statement);
  EXPECT_EQ(w.layer, v.layer);
  EXPECT_EQ(w.norm, v.norm);
  EXPECT_EQ(w.observed, v.observed);
  EXPECT_EQ(w.verdict, v.verdict);
  EXPECT_EQ(w.Slack("grad_term"), 0.125);
  EXPECT_EQ(w.Slack("cluster_term"), HUGE_VAL);
  EXPECT_EQ(w.note, v.note);
  EXPECT_THROW(Verdict::FromJson(nlohmann::json::object()), std::invalid_argument);
  EXPECT_THROW(ParseOutcome("maybe"), std::invalid_argument);
}

TEST(CheckNetwork, MpfrDecidesEveryVerdictOnARandomNetwork) {
  for (bool bias : {false, true}) {
    for (const char* loss : {"mse", "ce"}) {
      const auto prob = SmallProblem(bias, loss);
      ScopedMpfrPrecision guard(256);
      const auto rep = CheckNetwork<Mpfr>(prob.spec, prob.theta.Cast<Mpfr>(), prob.data);
      EXPECT_EQ(rep.Count(Outcome::kViolated), 0);
      EXPECT_EQ(rep.Count(Outcome::kUndecided), 0) << prob.Describe();
      for (const auto& v : rep.verdicts) EXPECT_EQ(v.verdict, Outcome::kHolds) << v.ToJson().dump();
      // Every statement is present for every layer where it applies.
      for (int l = 1; l <= 3; ++l) {
        for (const char* s : {"T1", "T2", "T5", "T8", "T9"}) EXPECT_NO_THROW(rep.Find(s, l, "frobenius"));
        for (const char* s : {"T3", "T10", "T12", "T13"}) {
          EXPECT_NO_THROW(rep.Find(s, l, "spectral"));
          EXPECT_NO_THROW(rep.Find(s, l, "frobenius"));
        }
        EXPECT_NO_THROW(rep.Find("T4", l, "rank"));
      }
      EXPECT_NO_THROW(rep.Find("T4", 1, "sv"));  // 7 x 5, K = 3
      EXPECT_THROW(rep.Find("T4", 3, "sv"), std::out_of_range);  // 3 x 6: rank <= K
      EXPECT_NO_THROW(rep.Find("T6", 1, "per-sample"));
      EXPECT_NO_THROW(rep.Find("T7", 3, loss));
      EXPECT_NO_THROW(rep.Find("T9", 1, "V"));
      EXPECT_NO_THROW(rep.Find("T9", 2, "TCV"));
      ASSERT_EQ(rep.layers.size(), 3u);
      EXPECT_GT(rep.grad_norm, 0);
      EXPECT_EQ(rep.precision, "mpfr" + std::to_string(ScalarTraits<Mpfr>::Bits()));
    }
  }
}

TEST(CheckNetwork, EveryPrecisionAgreesWithMpfrOrSaysUndecided) {
  const auto prob = SmallProblem(true, "mse");
  CheckReport ref;
  {
    ScopedMpfrPrecision guard(256);
    ref = CheckNetwork<Mpfr>(prob.spec, prob.theta.Cast<Mpfr>(), prob.data);
  }
  auto compare = [&](const CheckReport& rep) {
    ASSERT_EQ(rep.verdicts.size(), ref.verdicts.size());
    EXPECT_EQ(rep.Count(Outcome::kViolated), 0) << rep.precision;
    for (std::size_t k = 0; k < rep.verdicts.size(); ++k) {
      EXPECT_EQ(rep.verdicts[k].statement, ref.verdicts[k].statement);
      EXPECT_NE(rep.verdicts[k].verdict, Outcome::kViolated) << rep.verdicts[k].ToJson().dump();
    }
  };
  compare(CheckNetwork<double>(prob.spec, prob.theta, prob.data));
  compare(CheckNetwork<long double>(prob.spec, prob.theta.Cast<long double>(), prob.data));
  compare(CheckNetwork<Float128>(prob.spec, prob.theta.Cast<Float128>(), prob.data));
  // float rounds the data and parameters: a different problem, still no violation.
  const auto rf = CheckNetwork<float>(prob.spec, prob.theta.Cast<float>(), prob.data);
  EXPECT_EQ(rf.Count(Outcome::kViolated), 0);
}

// The layer rows carry what reports need (spectra, T13 and the dropped class)
// and read back from their JSON (the reader sits beside the writer).
TEST(LayerSummary, CarriesSpectraAndRoundTripsThroughJson) {
  const auto prob = SmallProblem(true, "mse");
  const auto rep = CheckNetwork<double>(prob.spec, prob.theta, prob.data);
  for (const auto& row : rep.layers) {
    EXPECT_EQ(static_cast<int>(row.sigma_W.size()), std::min(row.rows, row.cols));
    EXPECT_EQ(row.sigma_R.size(), row.sigma_W.size());
    EXPECT_LE(row.t13_spectral, row.t12_spectral * (1 + 1e-12));
    EXPECT_GE(row.t13_dropped_class, 0);  // free biases (lambda_b = 0): one class dropped
    const LayerSummary back = LayerSummary::FromJson(nlohmann::json::parse(row.ToJson().dump()));
    EXPECT_EQ(back.ToJson().dump(), row.ToJson().dump());
  }
  EXPECT_THROW(LayerSummary::FromJson(nlohmann::json::object()), std::runtime_error);
}

TEST(VerdictTable, PrintsEveryVerdictAndTheChain) {
  const auto prob = SmallProblem(true, "mse");
  const auto rep = CheckNetwork<double>(prob.spec, prob.theta, prob.data);
  std::ostringstream layers, verdicts;
  PrintLayerTable(layers, rep);
  PrintVerdictTable(verdicts, rep);
  EXPECT_NE(layers.str().find("sigma_K+1"), std::string::npos);
  EXPECT_NE(layers.str().find("T8/T5"), std::string::npos);
  std::size_t lines = 0;
  for (char c : verdicts.str()) lines += c == '\n';
  EXPECT_EQ(lines, rep.verdicts.size() + 2);
  const auto j = rep.VerdictsJson();
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j.size(), rep.verdicts.size());
}

}  // namespace
}  // namespace nrc
