#include "proofs-check/verdict_table.h"

#include <cstdio>
#include <string>

namespace nrc {
namespace {

std::string Fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}
std::string G(double x) { return Fmt("%10.3e", x); }
std::string R(double x) { return Fmt("%9.3g", x); }

}  // namespace

void PrintLayerTable(std::ostream& os, const CheckReport& r) {
  os << "network " << r.network << ", N = " << r.num_samples << ", precision " << r.precision
     << ", ||grad J|| = " << Fmt("%.3e", r.grad_norm) << ", J = " << Fmt("%.6g", r.objective) << "\n";
  os << "observed dist_K(W_l) and its bounds (Frobenius unless marked 2 = spectral):\n";
  os << "  l  shape   sigma_K+1  T3(2)      T12(2)     T13(2)     c*  | tail       T13        T12        T3         "
        "T5         T8         T8tcv      T9(k)         | tail/T13  tail/T12  tail/T3  T5/T3    T8/T5    grad-share | "
        "dist_K-1   T10        | rank\n";
  for (const auto& l : r.layers) {
    const double tail_t12 = l.t12 > 0 ? l.tail / l.t12 : 0, tail_t3 = l.t3 > 0 ? l.tail / l.t3 : 0;
    const double tail_t13 = l.t13 > 0 ? l.tail / l.t13 : 0;
    const double t5_t3 = l.t3 > 0 ? l.t5 / l.t3 : 0, t8_t5 = l.t5 > 0 ? l.t8 / l.t5 : 0;
    char shape[32];
    std::snprintf(shape, sizeof shape, "%dx%d", l.rows, l.cols);
    char head[48];
    std::snprintf(head, sizeof head, "%3d  %-7s ", l.layer, shape);
    os << head << G(l.sigma_k1) << " "
       << G(l.t3_spectral) << " " << G(l.t12_spectral) << " " << G(l.t13_spectral) << " "
       << (l.t13_dropped_class < 0 ? std::string(" - ") : Fmt("%3.0f", l.t13_dropped_class)) << " | " << G(l.tail)
       << " " << G(l.t13) << " " << G(l.t12) << " " << G(l.t3)
       << " " << G(l.t5) << " " << G(l.t8) << " " << G(l.t8_tcv) << " " << G(l.t9) << "(" << l.t9_best_k << ")"
       << " | " << R(tail_t13) << " " << R(tail_t12) << " " << R(tail_t3) << " " << R(t5_t3) << " " << R(t8_t5) << " "
       << Fmt("%8.1e", l.grad_share) << " | " << G(l.dist_k_minus_1) << " " << G(l.t10) << " | "
       << l.numerical_rank << " (t=" << Fmt("%.2g", l.rank_threshold) << ")\n";
  }
}

void PrintVerdictTable(std::ostream& os, const CheckReport& r) {
  os << "stmt  layer norm        observed   bound      ratio     verdict    error      precision  ||grad J||  note\n";
  for (const auto& v : r.verdicts) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-5s %5d %-10s %10.3e %10.3e %9.3g %-10s %9.2e  %-10s %9.2e  ", v.statement.c_str(),
                  v.layer, v.norm.c_str(), v.observed, v.bound, v.ratio, OutcomeName(v.verdict), v.error_estimate,
                  v.precision.c_str(), v.grad_norm);
    os << buf << v.note << "\n";
  }
  os << r.Count(Outcome::kProven) << " proven, " << r.Count(Outcome::kHolds) << " hold, "
     << r.Count(Outcome::kUndecided) << " undecided at " << r.precision << ", " << r.Count(Outcome::kViolated)
     << " violated; ||grad J|| = " << Fmt("%.3e", r.grad_norm);
  if (r.proof_bits > 0) os << " (rigorously in [" << Fmt("%.3e", r.grad_norm_2_lower) << ", " << Fmt("%.3e", r.grad_norm_2_upper) << "])";
  os << "\n";
  if (!r.recheck_note.empty()) os << r.recheck_note << "\n";
  if (!r.proof_note.empty()) os << r.proof_note << "\n";
}

}  // namespace nrc
