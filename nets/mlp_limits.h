// nrc/nets/mlp_limits.h
//
// nrc's domain limits for a network, checked by MlpSpec::Validate (and by the
// option validators, training/config_field.h) before anything is allocated;
// an input beyond them is a one-line std::invalid_argument naming the limit.
//   kMaxParameters  weights and biases of one network: keeps a run's copies of
//                   theta (L-BFGS history, Newton, MPFR checks) within a few GB
//                   (`--widths 4,1000000,1000000,3` is an error, not
//                   std::bad_alloc).
//   kMaxLambda      the weight decay: (lambda/2)||W||^2 and its derivatives
//                   stay finite in every precision nrc checks, float included,
//                   for ||W||^2 up to 1e16 (larger decays drive every weight to
//                   0 anyway); lambda = 1e308 is refused instead of giving
//                   NaN stationarity shares.
#ifndef NRC_NETS_MLP_LIMITS_H_
#define NRC_NETS_MLP_LIMITS_H_

namespace nrc {

struct MlpLimits {
  static constexpr long long kMaxParameters = 10000000;
  static constexpr double kMaxLambda = 1e6;
};

}  // namespace nrc

#endif  // NRC_NETS_MLP_LIMITS_H_
