// nrc/proofs-check/stored_network_check.h
//
// CheckRunDirectory: the whole check of a stored network, as `nrc check` and
// the suite's analyses run it:
//   1. every statement in the working precision (CheckNetwork, parameters
//      parsed from model.json's decimal strings);
//   2. undecided verdicts resolve themselves where they can: when any verdict
//      is undecided, the network is checked again at RecheckPrecision(working)
//      (MPFR at 4x the bits + 1: mpfr:256 -> mpfr:1025) and every undecided
//      verdict that the higher precision decides takes that decision, with
//      Verdict::decided_at set (e.g. "mpfr1025") and a note; report.recheck_note
//      says how many were re-checked and decided;
//   3. interval proofs (proofs-check/interval_proof.h; options.proof_engine,
//      the fast engine with MPFI fallback by default) at DefaultProofBits(the
//      training precision's bits) or options.proof_bits: verdicts proven
//      on the exact stored network become "proven" and carry their enclosures;
//      report.grad_norm_2_upper is a rigorous upper bound of ||grad J||_2.
// The MPFR precision is process-global: each step runs under its own
// ScopedMpfrPrecision and restores the previous one.
// Errors: std::invalid_argument for a bad precision; the check's own errors.
#ifndef NRC_PROOFS_CHECK_STORED_NETWORK_CHECK_H_
#define NRC_PROOFS_CHECK_STORED_NETWORK_CHECK_H_

#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/interval_proof.h"
#include "training/run_directory.h"

namespace nrc {

struct StoredCheckOptions {
  CheckOptions check;
  bool recheck_undecided = true;
  bool prove = true;
  int proof_bits = 0;  // 0: DefaultProofBits(training bits)
  // kFast (default): midpoint-radius double enclosures with MPFI fallback for
  // what they leave open; kMpfi: MPFI only (proofs-check/interval_proof.h).
  ProofEngine proof_engine = ProofEngine::kFast;
};

// mpfr:(4 b + 1) for mpfr:b; mpfr:(4 w + 1) for the hardware types (w their bits).
Precision RecheckPrecision(const Precision& working);

CheckReport CheckRunDirectory(const RunDirectory& run, const Precision& working, const StoredCheckOptions& options);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_STORED_NETWORK_CHECK_H_
