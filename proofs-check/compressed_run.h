// nrc/proofs-check/compressed_run.h
//
// Low-rank compression of a stored network (`nrc compress`, spec T14) and the
// compressed run directory it writes.
//
// The compressed network f~ replaces each W_l by W~_l = U_l Vt_l, where U_l
// (d_l x r_l) and Vt_l (r_l x d_{l-1}) are double matrices taken as EXACT real
// numbers; biases, activation, loss and data are the source's. A compressed
// run directory is an ordinary run directory (training/run_directory.h) whose
// model.json holds the exact decimal expansion of every entry of U_l Vt_l
// (computed in MPFR with enough bits to be exact: ExactProductBits) -- so
// `nrc check`, `nrc report` and tools/nrc_export.py read it as the dense
// network it is -- plus compression.json:
//   "format": "nrc-compression/1", "run_id" (the compressed run's),
//   "source": {"path", "run_id"}, "rank_mode": "uniform" | "per-layer" |
//   "auto", "tolerance" (auto only, else null), "ranks": [r_1..r_L],
//   "layers": [{"layer", "rank", "U": [d_l rows of r_l exact decimal strings],
//               "Vt": [r_l rows of d_{l-1} strings]}],
//   "parameters": {"before", "after"} (weights + biases; after = sum r_l
//   (d_l + d_{l-1}) + biases), "product_bits",
//   "summary": what `nrc compress` measured and proved (CompressionSummary),
//   "sha256": RunDirectory::Seal of the file.
// Load verifies the seal and that run_id is the run's.
#ifndef NRC_PROOFS_CHECK_COMPRESSED_RUN_H_
#define NRC_PROOFS_CHECK_COMPRESSED_RUN_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "nets/mlp_parameters.h"
#include "proofs-check/compression_proof.h"
#include "training/run_directory.h"

namespace nrc {

// The rank-r_l truncations of theta's W_l (ranks[l], l = 1..L, clipped to
// min(d_l, d_{l-1})): Jacobi SVD in double, U_l = U_r diag(sigma_r) and Vt_l =
// V_r^T rounded to double, entries below 2^-100 max|entry| of their factor set
// to 0 (bounds ExactProductBits; the stored factors define W~).
LowRankFactors TruncatedFactors(const MlpParameters<double>& theta, const std::vector<int>& ranks);

// `--rank auto`: per layer the smallest r whose enclosure of sigma_{r+1}(W_l)
// (numerics/enclosures.h, on the exact stored W_l) is certainly below
// tolerance * sigma_1(W_l) (upper end < tolerance x lower end of sigma_1);
// min(d_l, d_{l-1}) when none is. Index 0 unused.
std::vector<int> AutoRanks(const MlpSpec& spec, const std::vector<std::string>& parameters, double tolerance);

// Bits with which every entry of U Vt, summed in MPFR, is exact (>= 64).
int ExactProductBits(const LowRankFactors& factors);

// The compressed network's parameters in Flatten order: exact decimal
// strings of U_l Vt_l, and the source's bias strings unchanged.
std::vector<std::string> CompressedParameters(const MlpSpec& spec, const std::vector<std::string>& source,
                                              const LowRankFactors& factors, int bits);

// Weights + biases of the dense network, and of the factored one.
long long DenseParameterCount(const MlpSpec& spec);
long long FactoredParameterCount(const MlpSpec& spec, const LowRankFactors& factors);

struct CompressedRun {
  nlohmann::json content;  // compression.json
  std::filesystem::path source_path;
  std::string source_run_id;
  std::vector<int> ranks;  // 1..L (index 0 unused)
  LowRankFactors factors;

  static bool Present(const RunDirectory& run);
  // Throws std::runtime_error naming compression.json and the problem.
  static CompressedRun Load(const RunDirectory& run);
  // Writes dir/compression.json (atomically, sealed, with run_id).
  static void Write(const std::filesystem::path& dir, const std::string& run_id, nlohmann::json content);
  // The "layers" array of compression.json for these factors.
  static nlohmann::json LayersJson(const LowRankFactors& factors);
  // The source run directory, loaded and checked against source_run_id.
  RunDirectory LoadSource() const;
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSED_RUN_H_
