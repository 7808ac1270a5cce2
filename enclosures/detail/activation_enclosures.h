// nrc/enclosures/detail/activation_enclosures.h
//
// Enclosures of the activation s, its derivative s' and the cross-entropy
// signal softmax(f) - e_c, shared by the two proof engines (the MPFI
// IntervalNetwork and the midpoint-radius MidradNetwork): one definition of
// each formula, so the engines differ only in their arithmetic.
//  - Interval: MPFI (outward rounding; MPFR's correctly rounded functions):
//      tanh: s = tanh(a), s' = 1 - s^2 over that enclosure;
//      sigmoid: s = 1 / (1 + exp(-a)), s' = s (1 - s);
//      softplus: s = log1p(exp(a)), s' = 1 / (1 + exp(-a));
//      identity; leaky ReLU and ReLU (s'(0) = 0 by the spec's convention: on
//      an interval straddling 0, s' is the hull of the one-sided values and 0).
//  - MidradMatrix: tanh by numerics/midrad_matrix.h's Tanh (tabulated Taylor
//    polynomials with a rigorous error bound, Lip = 1: no MPFR call per entry),
//    the others per entry through the Interval version at 53 bits (MPFR's
//    correctly rounded functions, outward) and back to the midpoint-radius hull.
// GELU and SiLU are not supported (ActivationSupported says why).
#ifndef NRC_ENCLOSURES_DETAIL_ACTIVATION_ENCLOSURES_H_
#define NRC_ENCLOSURES_DETAIL_ACTIVATION_ENCLOSURES_H_

#include <string>
#include <vector>

#include "nets/activation.h"
#include "numerics/interval.h"
#include "numerics/midrad_matrix.h"

namespace nrc {
namespace detail {

bool ActivationSupported(const Activation& act, std::string* why = nullptr);

// s(a) and s'(a) for every a in the interval (throws std::invalid_argument
// for an unsupported activation).
void EncloseActivation(const Activation& act, const Interval& a, Interval* s, Interval* ds);
void EncloseActivation(const Activation& act, const MidradMatrix& a, MidradMatrix* s, MidradMatrix* ds);

// delta = softmax(f) - e_c for every f in the box (f: the K outputs of one
// sample, c its label). The shift by the largest midpoint leaves the exact
// value unchanged and keeps exp in range.
std::vector<Interval> EncloseSoftmaxSignal(const std::vector<Interval>& f, int c);
// The cross-entropy loss log(sum_j exp(f_j)) - f_c over the same box, with
// the same shift m: log(sum_j exp(f_j - m)) + m - f_c.
Interval EncloseCrossEntropy(const std::vector<Interval>& f, int c);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_ENCLOSURES_DETAIL_ACTIVATION_ENCLOSURES_H_
