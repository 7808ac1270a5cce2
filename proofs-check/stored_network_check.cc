#include "proofs-check/stored_network_check.h"

#include <cstdio>
#include <string>

#include "proofs-check/interval_proof.h"
#include "training/stationarity_certificate.h"

namespace nrc {
namespace {

CheckReport CheckAt(const RunDirectory& run, const Precision& p, const CheckOptions& options) {
  return WithScalar(p, [&](auto zero) {
    using T = decltype(zero);
    return CheckNetwork<T>(run.spec, run.Parameters<T>(), run.data, options);
  });
}

}  // namespace

Precision RecheckPrecision(const Precision& working) {
  Precision p;
  p.kind = ScalarKind::kMpfr;
  p.mpfr_bits = 4 * (working.kind == ScalarKind::kMpfr ? working.mpfr_bits : working.WorkingBits()) + 1;
  return p;
}

CheckReport CheckRunDirectory(const RunDirectory& run, const Precision& working, const StoredCheckOptions& options) {
  CheckReport report = CheckAt(run, working, options.check);
  if (options.recheck_undecided && report.Count(Outcome::kUndecided) > 0) {
    const Precision high = RecheckPrecision(working);
    const CheckReport again = CheckAt(run, high, options.check);
    int rechecked = 0, decided = 0;
    for (auto& v : report.verdicts) {
      if (v.verdict != Outcome::kUndecided) continue;
      ++rechecked;
      for (const auto& w : again.verdicts) {
        if (w.statement != v.statement || w.layer != v.layer || w.norm != v.norm) continue;
        if (w.verdict == Outcome::kUndecided) break;
        const std::string was = v.precision;
        v = w;
        v.decided_at = again.precision;
        v.note = "undecided at " + was + "; decided at " + again.precision + (w.note.empty() ? "" : "; " + w.note);
        ++decided;
        break;
      }
    }
    report.recheck_note = std::to_string(rechecked) + " undecided at " + report.precision + " re-checked at " +
                          again.precision + ": " + std::to_string(decided) + " decided";
  }
  if (options.prove) {
    const int bits = options.proof_bits > 0 ? options.proof_bits : DefaultProofBits(run.precision);
    ProofOptions proof;
    proof.engine = options.proof_engine;
    if (!run.certificate.is_null())
      proof.stationarity_claim = StationarityCertificate::FromJson(run.certificate).grad_norm_2_value;
    const IntervalProofSummary s = ProveVerdicts(run.spec, run.parameters, run.data, bits, &report, proof);
    if (s.ran) {
      report.proof_bits = s.bits;
      report.grad_norm_2_lower = s.grad_norm_2_lower;
      report.grad_norm_2_upper = s.grad_norm_2_upper;
      char buf[300];
      // No wall time here: the note is part of check.json and the reports,
      // which must not depend on the machine's load (same run, same bytes).
      if (s.engine == ProofEngine::kFast)
        std::snprintf(buf, sizeof buf,
                      "interval proofs by midrad53 with mpfi%d fallback (%d claims): %d of %d claims proven, "
                      "%d disproven; ||grad J||_2 by %s (midrad53 upper bound %.3g)",
                      s.bits, s.fallbacks, s.proven, s.attempted, s.disproven, s.grad_norm_engine.c_str(),
                      s.fast_grad_norm_2_upper);
      else
        std::snprintf(buf, sizeof buf, "interval proofs at mpfi%d: %d of %d claims proven, %d disproven", s.bits,
                      s.proven, s.attempted, s.disproven);
      report.proof_note = buf;
    } else {
      report.proof_note = "interval proofs skipped: " + s.skipped;
    }
  }
  return report;
}

}  // namespace nrc
