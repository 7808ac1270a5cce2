// nrc/proofs-check/check_network.h
//
// CheckNetwork<T>: evaluates every statement of theorems.md that holds at every
// parameter point (T1-T10, T12, T13) on every layer of a network, in the working
// precision T, and returns a verdict record per (statement, layer, norm) plus a
// summary row per layer with the spectra the reports need
// (proofs-check/check_report.h, proofs-check/layer_summary.h):
//   T1 frobenius; T2 frobenius; T3 spectral, frobenius; T4 sv, rank;
//   T5 frobenius; T6 per-sample (l < L); T7 mse|ce (layer L); T8 frobenius;
//   T9 frobenius (each l), V and TCV (each embedding m = 1..L-1);
//   T10 spectral, frobenius; T12 spectral, frobenius; T13 spectral, frobenius
//   (T12 and T13 share one SignalProjection per layer).
// Non-applicable checks (T4 sv when min(d_l, d_{l-1}) <= K, T6 at l = L) are
// left out. T11 is a phenomenon, measured by sweeps, not a verdict.
//
// Input: a network (spec), its parameters in T (a run directory stores the
// exact decimal expansions of the trained values, training/parameter_strings.h,
// so in a precision at least the training's they are the stored network
// exactly; in a lower one they are rounded and the verdicts are about the
// rounded network), and the data set (its
// double features are converted with Dataset::Features<T>, exact except for
// float). Hypotheses: those of theory/network_context.h.
// Error model: each verdict's (theory/error_model.h); a verdict in a low
// precision says "undecided" rather than guess.
#ifndef NRC_PROOFS_CHECK_CHECK_NETWORK_H_
#define NRC_PROOFS_CHECK_CHECK_NETWORK_H_

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "proofs-check/check_report.h"
#include "theory/statement_result.h"

namespace nrc {

struct CheckOptions {
  // T4's numerical-rank threshold for layer l is rank_threshold * ||W_l||_2.
  double rank_threshold = 1e-3;
};

template <class T>
CheckReport CheckNetwork(const MlpSpec& spec, const MlpParameters<T>& theta, const Dataset& data,
                         const CheckOptions& options = {});

// The verdict record of one evaluated statement (observed/bound/ratio/error of
// its headline, outcome over all links, the terms as slack).
template <class T>
Verdict MakeVerdict(const StatementResult<T>& r, const std::string& precision, double grad_norm);

#define NRC_CHECK_NETWORK_EXTERN_(T)                                                                  \
  extern template CheckReport CheckNetwork<T>(const MlpSpec&, const MlpParameters<T>&, const Dataset&, \
                                              const CheckOptions&);                                    \
  extern template Verdict MakeVerdict<T>(const StatementResult<T>&, const std::string&, double);
NRC_FOR_EACH_SCALAR(NRC_CHECK_NETWORK_EXTERN_)
#undef NRC_CHECK_NETWORK_EXTERN_

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_CHECK_NETWORK_H_
