// Verdict::Contradiction (proofs-check/verdict.h): a stored verdict that its
// own numbers contradict -- how an edited and resealed analysis.json is
// recognised (issue 20: a ratio of 9.17e+12 was printed next to "holds").
#include "proofs-check/verdict.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace nrc {
namespace {

Verdict Holds(double observed, double bound, double error) {
  Verdict v;
  v.statement = "T3";
  v.layer = 1;
  v.norm = "spectral";
  v.observed = observed;
  v.bound = bound;
  v.ratio = observed / bound;
  v.error_estimate = error;
  v.verdict = Outcome::kHolds;
  return v;
}

TEST(VerdictContradictionTest, AConsistentVerdictHasNone) {
  EXPECT_EQ(Holds(0.5, 1.0, 1e-16).Contradiction(), "");
  // An identity within its error estimate (ratio = |observed - bound| / error).
  Verdict identity = Holds(1.0 + 1e-15, 1.0, 2e-15);
  identity.ratio = 0.5;
  EXPECT_EQ(identity.Contradiction(), "");
  // Rounding both sides to double: equal doubles still hold.
  EXPECT_EQ(Holds(1.0, 1.0, 0).Contradiction(), "");
}

TEST(VerdictContradictionTest, HoldsNextToObservedAboveBoundIsOne) {
  const Verdict v = Holds(9.17e12, 1.0, 1e-16);
  EXPECT_NE(v.Contradiction().find("observed > bound + error estimate"), std::string::npos) << v.Contradiction();
  Verdict ratio_only = Holds(0.5, 1.0, 1e-16);
  ratio_only.ratio = 9.17e12;  // only the ratio edited
  EXPECT_NE(ratio_only.Contradiction().find("ratio"), std::string::npos);
}

TEST(VerdictContradictionTest, HoldsNextToNaNOrInfinityIsOne) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_NE(Holds(nan, 1.0, 0).Contradiction(), "");
  EXPECT_NE(Holds(0.5, inf, 0).Contradiction(), "");
  EXPECT_NE(Holds(0.5, 1.0, nan).Contradiction(), "");
  EXPECT_NE(Holds(0.5, 1.0, -1).Contradiction(), "");
}

TEST(VerdictContradictionTest, ProvenNeedsDisjointEnclosures) {
  Verdict v = Holds(0.5, 1.0, 1e-16);
  v.verdict = Outcome::kProven;
  EXPECT_NE(v.Contradiction().find("without an enclosure"), std::string::npos);
  v.enclosure = VerdictEnclosure{0.49, 0.51, 0.99, 1.01, 128};
  EXPECT_EQ(v.Contradiction(), "");
  v.enclosure = VerdictEnclosure{0.49, 1.0, 0.99, 1.01, 128};
  EXPECT_NE(v.Contradiction().find("overlap"), std::string::npos);
}

TEST(VerdictContradictionTest, UndecidedAndViolatedClaimNothing) {
  Verdict v = Holds(9.17e12, 1.0, 0);
  v.verdict = Outcome::kViolated;
  EXPECT_EQ(v.Contradiction(), "");
  v.verdict = Outcome::kUndecided;
  v.observed = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(v.Contradiction(), "");
}

}  // namespace
}  // namespace nrc
