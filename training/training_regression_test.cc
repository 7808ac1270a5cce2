// Regression test (label `training`): the gauss-k4 reference problem, and its
// bias-free variant that the theorem tests use, trained to the double level
// (L-BFGS + saddle-free Newton, no polishing), with the certificate checked.
// About 2 s per problem; the MPFR levels are in bench/training_bench.
#include <gtest/gtest.h>

#include "training/reference_problems.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TrainResult TrainToDouble(const std::string& name) {
  TrainConfig c = ReferenceProblem(name);
  c.precision = "double";
  return Train(c);
}

void CheckCertificate(const TrainResult& r) {
  const StationarityCertificate& c = r.certificate;
  // Issue 3: ||grad J||_2 <= 1e-14 at the double level (the floor measured
  // on this problem is ~1e-16: two orders of margin).
  EXPECT_LE(c.grad_norm_2_value, 1e-14) << r.config.name;
  // The certificate's own rounding (MPFR at max(53 + 64, 128) = 128 bits) is far below.
  EXPECT_LT(std::strtod(c.grad_norm_2_error.c_str(), nullptr), 1e-30);
  EXPECT_EQ(c.bits, 128);
  EXPECT_EQ(c.num_parameters, r.spec.NumParameters());
  ASSERT_EQ(static_cast<int>(c.layers.size()), r.spec.depth());
  // Stationarity share = ||G_l|| / (||G_l|| + signal): ~1e-13 measured;
  // 1e-10 flags a regression of the training, 1e-6 is the bar.
  for (const auto& l : c.layers) EXPECT_LT(l.stationarity_share_value, 1e-10) << "layer " << l.layer;
  // A minimum, not a saddle: no eigenvalue below -P eps ||H||.
  ASSERT_TRUE(c.hessian.available);
  EXPECT_EQ(c.hessian.num_negative, 0);
  ASSERT_FALSE(r.stages.empty());
  EXPECT_EQ(r.stages[0].name, "lbfgs");
  EXPECT_EQ(r.stages[1].name, "newton-dense");
  EXPECT_EQ(r.precision.ToString(), "double");
}

TEST(TrainingRegression, GaussK4ToDouble) {
  const TrainResult r = TrainToDouble("gauss-k4");
  CheckCertificate(r);
  // The minimum found from seed 1 (recorded; J differs between local minima
  // in the 4th-6th digit, rounding moves it in the 15th). A change here means
  // the data generator, the initialisation, the optimiser path or the build's
  // floating-point contraction changed: the portable default build
  // (NRC_NATIVE=OFF, no FMA) reaches 2.6003857414e-3, the -march=native build
  // of earlier versions another minimum, 2.6003900712e-3.
  EXPECT_NEAR(std::strtod(r.certificate.objective.c_str(), nullptr), 2.6003857414008758e-03, 1e-12);
  // Free biases with lambda_b = 0: the mean back-propagated signal m_l = g_l
  // vanishes with the gradient (T10's premise).
  for (const auto& l : r.certificate.layers) EXPECT_LT(std::strtod(l.mean_signal_norm.c_str(), nullptr), 1e-14);
  // Same config, same bits.
  const TrainResult again = TrainToDouble("gauss-k4");
  EXPECT_EQ(again.parameters, r.parameters);
}

TEST(TrainingRegression, GaussK4NoBiasToDouble) {
  const TrainResult r = TrainToDouble("gauss-k4-nobias");
  CheckCertificate(r);
  for (const auto& l : r.certificate.layers) EXPECT_FALSE(l.has_bias);
}

}  // namespace
}  // namespace nrc
