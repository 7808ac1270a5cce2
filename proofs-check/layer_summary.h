// nrc/proofs-check/layer_summary.h
//
// One row of `nrc check`'s layer table: the observed distances to rank K of
// W_l and every bound of the chain T3 -> T5 -> T8 (theory/t8.h), T12 and T13
// beside T3 (with the class each dropped on a free-bias layer), T9's best
// earlier layer, T10's K-1 bound, the numerical rank (T4), and the spectra
// sigma_j(W_l), sigma_j(R_l) the reports plot (T4: sigma_{K+j}(W_l) <=
// sigma_j(R_l)), all rounded to double for reporting (the verdicts were
// decided in the working precision).
// JSON: ToJson writes, FromJson reads back (NaN and infinities as the strings
// "nan", "inf", "-inf"); FromJson throws std::runtime_error naming a missing or
// mistyped key.
#ifndef NRC_PROOFS_CHECK_LAYER_SUMMARY_H_
#define NRC_PROOFS_CHECK_LAYER_SUMMARY_H_

#include <nlohmann/json.hpp>

#include <vector>

namespace nrc {

struct LayerSummary {
  int layer = 0;
  int rows = 0, cols = 0;           // d_l, d_{l-1}
  double sigma_k1 = 0;              // sigma_{K+1}(W_l) = spectral dist_K
  double tail = 0;                  // Frobenius dist_K
  double grad_norm_F = 0;           // ||G_l||_F
  double t3_spectral = 0, t12_spectral = 0, t13_spectral = 0;
  double t3 = 0, t12 = 0, t13 = 0, t5 = 0, t8 = 0, t8_tcv = 0, t9 = 0;  // Frobenius bounds
  int t12_dropped_class = -1;       // c* of spectral T12 (0-based label; -1: none, no free bias)
  int t13_dropped_class = -1;       // c* of spectral T13 (0-based label; -1: none)
  int t13_rank = 0;                 // r = rank of spectral T13's projector
  int t9_best_k = -1;
  double grad_share = 0;            // (||G_l||_F / lambda) / T8
  double dist_k_minus_1 = 0, t10 = 0;  // Frobenius dist_{K-1}(W_l) and T10's bound
  int numerical_rank = 0;           // #{sigma_j(W_l) > threshold}
  double rank_threshold = 0;
  double v = 0, tcv = 0, nc1 = 0;   // of Z_{l-1}
  std::vector<double> sigma_W;      // sigma_1(W_l) >= ... (min(d_l, d_{l-1}) values)
  std::vector<double> sigma_R;      // sigma_1(R_l) >= ... (T2's R_l)

  nlohmann::ordered_json ToJson() const;
  static LayerSummary FromJson(const nlohmann::json& j);
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_LAYER_SUMMARY_H_
