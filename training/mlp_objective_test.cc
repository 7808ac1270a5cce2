// MlpObjective (training/mlp_objective.h): the float objective is the double
// one evaluated in float -- close to it within float's rounding, and
// genuinely float (it differs from the double values). And the trainer's
// float L-BFGS phase (lbfgs.float_until, training/train_config.h): a float
// stage first, then the double stage to its own tolerance; no float stage
// when float_until is 0 or not above the double tolerance.
#include "training/mlp_objective.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "datasets/data_source.h"
#include "nets/mlp_parameters.h"
#include "training/train_config.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TrainConfig Config(double float_until) {
  TrainConfig c = TrainConfig::FromJson(nlohmann::json{{"name", "k4"},
                                                       {"data", "gauss:K=4,d=16,n=50,std=0.1,seed=1"},
                                                       {"widths", {16, 16, 16, 4}},
                                                       {"precision", "double"}});
  c.lbfgs.float_until = float_until;
  return c;
}

TEST(MlpObjectiveTest, FloatEvaluationIsTheDoubleOneToFloatRounding) {
  const TrainConfig c = Config(0);
  const MlpSpec spec = c.Spec();
  const Dataset data = LoadDataSource(c.data);
  MlpObjective in_double(spec, data), in_float(spec, data, EvaluationScalar::kFloat);
  const int P = in_double.NumParameters();
  ASSERT_EQ(in_float.NumParameters(), P);
  // At the seeded initialisation, ||grad J|| ~ 3: no cancellation to speak of.
  const Vector<double> x = MlpParameters<double>::RandomInit(spec, 1).Flatten();
  double jd = 0, jf = 0;
  Vector<double> gd(P), gf(P);
  ASSERT_TRUE(in_double.Evaluate(x.data(), &jd, gd.data()));
  ASSERT_TRUE(in_float.Evaluate(x.data(), &jf, gf.data()));
  // Bound: every product and sum is a float dot product or sample sum, of
  // length at most w_max + N = 16 + 200; Higham's gamma_n = n u per
  // operation, over the L = 3 layers forward and back plus rounding x to
  // float: (2 L (w_max + N) + 1) u_float relative to ||g||, a worst case
  // (observed: 4.3 u_float, 300x below it).
  const double u = std::numeric_limits<float>::epsilon() / 2;
  const double bound = (2.0 * 3 * (16 + 200) + 1) * u;
  const double gerr = (gf - gd).norm() / gd.norm();
  const double jerr = std::abs(jf - jd) / std::abs(jd);
  EXPECT_LT(gerr, bound) << "relative gradient error " << gerr << " (" << gerr / u << " u_float)";
  EXPECT_LT(jerr, bound) << "relative objective error " << jerr;
  // Negative control: the float objective really is float (a double
  // evaluation would agree to ~1e-16).
  EXPECT_GT(gerr, 100 * std::numeric_limits<double>::epsilon()) << "the float path ran in double";
}

TEST(FloatLbfgsPhaseTest, FloatStageThenDoubleStageToItsTolerance) {
  TrainOptions options;
  options.progress = false;
  options.certificate = false;
  const TrainResult r = Train(Config(1e-2), options);
  ASSERT_GE(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[0].name, "lbfgs-float");
  EXPECT_EQ(r.stages[0].precision, "float");
  EXPECT_EQ(r.stages[0].precision_bits, 24);
  // It ended at its tolerance (or, never here, at the float floor).
  EXPECT_LE(r.stages[0].grad_norm_end_value, 1e-2) << r.stages[0].message;
  EXPECT_EQ(r.stages[1].name, "lbfgs");
  EXPECT_EQ(r.stages[1].precision, "double");
  EXPECT_LE(r.stages[1].grad_norm_end_value, r.config.lbfgs.gradient_tolerance) << r.stages[1].message;
  EXPECT_LT(r.stages.back().grad_norm_end_value, 1e-14) << "the Newton stage reaches the double floor";
}

TEST(FloatLbfgsPhaseTest, NoFloatStageWhenOffOrBelowTheDoubleTolerance) {
  TrainOptions options;
  options.progress = false;
  options.certificate = false;
  for (double float_until : {0.0, 1e-7, 1e-9}) {  // gradient_tolerance is 1e-7
    TrainConfig c = Config(float_until);
    c.newton.max_iterations = 0;
    const TrainResult r = Train(c, options);
    ASSERT_FALSE(r.stages.empty());
    EXPECT_EQ(r.stages[0].name, "lbfgs") << "float_until " << float_until;
  }
}

TEST(FloatLbfgsPhaseTest, ConfigRefusesABadFloatUntil) {
  for (double bad : {-1.0, std::numeric_limits<double>::infinity(), std::nan("")}) {
    TrainConfig c = Config(bad);
    EXPECT_THROW(c.Validate(), std::invalid_argument) << bad;
  }
  nlohmann::json j = Config(1e-3).ToJson();
  EXPECT_EQ(TrainConfig::FromJson(j).lbfgs.float_until, 1e-3) << "read back from JSON";
}

}  // namespace
}  // namespace nrc
