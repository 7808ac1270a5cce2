// nrc/numerics/class_statistics.h
//
// Class statistics of an embedding matrix (theorems.md, "Setting"), for every
// scalar in NRC_FOR_EACH_SCALAR.
//
// Input: Z, d x N, column i is the embedding z_i of sample i; labels[i] in
// {0, ..., K-1} is the class c(i) of sample i (0-based: theorems.md writes
// 1..K); K >= 1 classes, each with at least one sample.
//
// Output (all exact formulas below, evaluated in T):
//   counts[c]     n_c = #{i : c(i) = c}
//   means         d x K, column c is mu_c = (1/n_c) sum_{c(i)=c} z_i
//   global_mean   mu_G = (1/N) sum_i z_i (summed directly from Z, not from the
//                 class means, so sum_c n_c (mu_c - mu_G) = 0 is a check)
//   deviations    E = Z - M, d x N, e_i = z_i - mu_{c(i)}
//   sample_means  M = [mu_{c(1)} ... mu_{c(N)}], d x N, only when
//                 options.sample_means is true (else 0 x 0)
//   tcv           TCV = sum_i ||e_i||_2 (each norm overflow-safe)
//   v             V = ||E||_F^2 / N (the within-class scatter trace tr S_W)
//   nc1           NC1 = tr(S_W S_B^+) / K with
//                   S_W = E E^T / N,
//                   S_B = sum_c (n_c/N) (mu_c - mu_G)(mu_c - mu_G)^T.
//                 Weighting: S_B weights each class by its frequency n_c/N
//                 (the between-class part of the total covariance,
//                 S_T = S_W + S_B exactly). With balanced classes this is
//                 Papyan-Han-Donoho's (1/K) sum_c (mu_c - mu_G)(...)^T.
//                 Pseudo-inverse: S_B = B B^T with B = [sqrt(n_c/N)(mu_c - mu_G)]_c
//                 (d x K); from the Jacobi SVD B = U S V^T (never forming S_B,
//                 so no squaring of its condition number),
//                   NC1 = (1/(K N)) sum_{j <= r} (||E^T u_j|| / s_j)^2,
//                 keeping the r singular values s_j > between_threshold =
//                   (max(d, K) + N) eps max(s_1, max_i ||z_i||).
//                 The threshold is the rounding level of the computed
//                 centred means (summation of up to N terms of size
//                 max_i ||z_i||): directions of S_B below it are noise. With
//                 K classes rank S_B <= K - 1, so the null direction that
//                 sum_c n_c (mu_c - mu_G) = 0 creates is always dropped.
//                 If all class means coincide (r = 0), S_B^+ = 0 and NC1 = 0:
//                 check between_rank before reading NC1 as "collapsed".
//   between_rank  r, and between_threshold as above.
//
// Accuracy: means, mu_G, E carry the rounding of summation (relative to
// max ||z_i||, at most N eps); TCV and V relative error O((N + d) eps) with
// respect to sum ||e_i|| and ||E||_F^2, i.e. *absolute* with respect to the
// scale of Z when E is much smaller than Z (collapse): E then carries about
// eps * max ||z_i|| of noise per entry. Use Mpfr when that matters.
//
// Mpfr: Boost 1.74 arithmetic keeps the largest operand precision, so the
// results carry max(current default precision, precision of Z's entries).
//
// Throws std::invalid_argument, with a one-line message, if labels.size() != N,
// K < 1, a label is outside [0, K), a class has no sample, or Z has a
// non-finite entry.
#ifndef NRC_NUMERICS_CLASS_STATISTICS_H_
#define NRC_NUMERICS_CLASS_STATISTICS_H_

#include <vector>

#include "numerics/scalar.h"

namespace nrc {

struct ClassStatisticsOptions {
  bool sample_means = false;  // also return M (d x N)
};

template <class T>
struct ClassStatistics {
  int num_classes = 0;      // K
  std::vector<int> counts;  // n_c, size K
  Matrix<T> means;          // d x K
  Vector<T> global_mean;    // d
  Matrix<T> deviations;     // E, d x N
  Matrix<T> sample_means;   // M, d x N if requested, else empty
  T tcv = T(0);
  T v = T(0);
  T nc1 = T(0);
  int between_rank = 0;
  T between_threshold = T(0);
};

template <class T>
ClassStatistics<T> ComputeClassStatistics(const Matrix<T>& Z, const std::vector<int>& labels, int K,
                                          const ClassStatisticsOptions& options = {});

#define NRC_CLASS_STATISTICS_EXTERN_(T)                                                         \
  extern template ClassStatistics<T> ComputeClassStatistics<T>(const Matrix<T>&,              \
                                                               const std::vector<int>&, int, \
                                                               const ClassStatisticsOptions&);
NRC_FOR_EACH_SCALAR(NRC_CLASS_STATISTICS_EXTERN_)
#undef NRC_CLASS_STATISTICS_EXTERN_

}  // namespace nrc

#endif  // NRC_NUMERICS_CLASS_STATISTICS_H_
