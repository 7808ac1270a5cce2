// PolishFrom (training/trainer.h) never returns a point worse than its start
// (issue 20: `nrc polish --precision float` turned ||grad J|| = 5.6e-17 into
// 9e-8). Negative control included: polishing an mpfr:128 point in long double
// rounds it to 64 bits and genuinely ends worse -- the start must come back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "training/train_config.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TrainConfig Tiny(const std::string& precision) {
  return TrainConfig::FromJson(nlohmann::json{{"name", "tiny"},
                                              {"data", "gauss:K=3,d=3,n=4,std=0.2,seed=3"},
                                              {"widths", {3, 4, 3}},
                                              {"precision", precision},
                                              {"ladder", nlohmann::json::array()}});
}

TEST(PolishFromTest, AWorsePolishedPointGivesBackTheStart) {
  TrainOptions options;
  options.progress = false;
  const TrainResult start = Train(Tiny("mpfr:128"), options);
  ASSERT_LT(start.certificate.grad_norm_2_value, 1e-25);  // far below long double's resolution
  const TrainResult r = PolishFrom(Tiny("longdouble"), start.spec, start.data, start.parameters, start.precision, options);
  ASSERT_FALSE(r.stages.empty());
  // The long double stage itself ended above the start (the control)...
  const StageLog& keep = r.stages.back();
  ASSERT_EQ(keep.name, "keep-start") << "the long double polish did not end worse: no control";
  EXPECT_GT(keep.grad_norm_start_value, keep.grad_norm_end_value);
  // ...so the start is returned, with its own certificate.
  EXPECT_EQ(r.parameters, start.parameters);
  EXPECT_EQ(r.precision.ToString(), "mpfr:128");
  EXPECT_LE(r.certificate.grad_norm_2_value, 2 * start.certificate.grad_norm_2_value);
}

TEST(PolishFromTest, ABetterPolishedPointIsKept) {
  TrainOptions options;
  options.progress = false;
  const TrainResult start = Train(Tiny("double"), options);
  const TrainResult r = PolishFrom(Tiny("mpfr:128"), start.spec, start.data, start.parameters, start.precision, options);
  EXPECT_NE(r.stages.back().name, "keep-start");
  EXPECT_LE(r.certificate.grad_norm_2_value, start.certificate.grad_norm_2_value);
  EXPECT_EQ(r.precision.ToString(), "mpfr:128");
}

}  // namespace
}  // namespace nrc
