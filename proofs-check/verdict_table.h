// nrc/proofs-check/verdict_table.h
//
// Plain-text tables of a CheckReport, as `nrc check` prints them:
//   PrintLayerTable    one row per layer: sigma_{K+1} and the tail (observed
//                      dist_K, spectral and Frobenius), the Frobenius bounds of
//                      the chain T3 -> T5 -> T8 with T12 and T13 (and the class c* T13 dropped) beside T3, T8's TCV form,
//                      T9 (best earlier layer k), the ratios observed/bound and
//                      T5/T3, T8/T5 (what each link of the chain loses), the
//                      gradient share of T8, T10 (rank K-1), and the numerical rank;
//   PrintVerdictTable  one row per verdict: statement, layer, norm, observed,
//                      bound, ratio, verdict, error estimate, precision, the
//                      gradient norm, and the note; then the counts.
#ifndef NRC_PROOFS_CHECK_VERDICT_TABLE_H_
#define NRC_PROOFS_CHECK_VERDICT_TABLE_H_

#include <ostream>

#include "proofs-check/check_report.h"

namespace nrc {

void PrintLayerTable(std::ostream& os, const CheckReport& report);
void PrintVerdictTable(std::ostream& os, const CheckReport& report);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_VERDICT_TABLE_H_
