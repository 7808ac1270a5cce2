// nrc/tests/support/tiny_sweep.h
//
// TinySweepConfig: the configuration of a sweep of tiny points -- Gaussian
// clusters K = 3, d = 5, n = 8, a 5-6-6-3 network in float128, a few seconds
// a point -- over the within-class std {0.05, 0.5} and the lambdas
// `lambda_grid` (a JSON array), for tests of the sweep machinery through the
// nrc program (resume, shards).
#ifndef NRC_TESTS_SUPPORT_TINY_SWEEP_H_
#define NRC_TESTS_SUPPORT_TINY_SWEEP_H_

#include <string>

namespace nrc::test {

inline std::string TinySweepConfig(const std::string& name, const std::string& lambda_grid) {
  return R"({
  "name": ")" + name + R"(",
  "config": {"data": "gauss:K=3,d=5,n=8,std=0.1,seed=3", "widths": [5, 6, 6, 3], "precision": "float128"},
  "grid": {"std": [0.05, 0.5], "lambda": )" + lambda_grid + R"(}
})";
}

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_TINY_SWEEP_H_
