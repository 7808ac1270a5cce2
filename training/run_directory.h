// nrc/training/run_directory.h
//
// A run directory, written by `nrc train` (and by every suite point) and read
// by `nrc check`, `nrc report`, the suites' reuse logic and any outside tool.
// Layout (documented in docs/run-directories.md):
//   .nrc              empty marker: nrc made this folder (io/output_folder.h)
//   config.json       the problem as configured (data source, architecture,
//                     lambda, seed, precision ladder): a TrainConfig JSON
//                     (training/train_config.h) plus "format" and "run_id";
//                     `nrc train DIR/config.json` repeats the run
//   model.json        architecture, activation, loss, lambda, lambda_b, the
//                     precision of the last stage, and every parameter as the
//                     EXACT decimal expansion of its binary value
//                     (training/parameter_strings.h)
//   data.csv          the data trained on (after any standardisation), in the
//                     data/README.md CSV format, every value the exact decimal
//                     expansion of its double -- when the data have at most
//                     kRunDataCsvMaxValues = 2^18 values (N x d); larger data:
//   data.npy,         the same values in binary (datasets/npy_writer.h:
//   labels.npy        (N, d) '<f8' and (N,) '<i8'), exact, 8 bytes a value;
//                     or, for a built-in source (fashion-mnist..., iris,
//                     digits, gauss:...; datasets/data_source.h
//                     IsBuiltInSource), no data file at all: model.json names
//                     the source and the SHA-256 of its content, and Load
//                     loads (and standardises) it again
//   certificate.json  the stationarity certificate ("grad_norm_2" at top level,
//                     per-layer entries), computed in MPFR
//                     (training/stationarity_certificate.h)
//   log.json          per-stage log (iterations, time, gradient norm); for a
//                     run that did not start from the seeded initialisation
//                     (nrc import, nrc polish) also "origin": where its
//                     starting point came from and how far polishing moved it
//
// The stored network. The network a run directory stands for is exactly what
// model.json and data.csv say: the decimal parameter strings and data values
// are the binary values trained on, written out exactly, so reading them at
// any precision >= the training precision gives that point itself. The
// certificate and every check are statements about this point.
//
// Integrity. run_id = SHA-256 (io/content_hash.h) over the canonical content
// (nlohmann::json::dump(), keys sorted) of config.json and model.json, each
// without "run_id", and the bytes of data.csv (format nrc-model/2; in
// nrc-model/3 the data enter through model.json's data "sha256"); model.json
// also records "config_sha256" and data "sha256" (of data.csv's bytes; for
// nrc-model/3 of the canonical .npy bytes of the data, DatasetNpySha256,
// whether stored or referred to) so that a mismatch names its file.
// certificate.json and log.json carry the run_id and their own "sha256" seal
// (Seal: SHA-256 over the file's canonical content without "sha256").
// Load recomputes all of these and rejects, with one line naming the file, a
// directory in which any byte of content changed, a file of another run was
// copied in, or a write was interrupted. These hashes are unkeyed: they catch
// edits and corruption, not a forger who recomputes them; what nrc reports is
// therefore recomputed from the stored network (VerifiedCertificate).
//
// model.json, "format": "nrc-model/2" (data in data.csv) or "nrc-model/3"
// (data.npy + labels.npy, or a source by name); both are read:
//   "run_id", "config_sha256", "name", "widths": [d_0..d_L], "activation",
//   "loss", "bias": [bool per layer], "lambda", "lambda_b" (round-trip decimal
//   strings), "lambda_exact", "lambda_b_exact" (the exact decimal values of
//   the doubles), "precision" ("double", "mpfr:256", ...), "precision_bits",
//   "parameter_strings": "exact", "certificate" (whether certificate.json
//   belongs to the run: a missing one is an error), "num_parameters",
//   "layers": [{"layer": l, "W": [[row 1 of W_l], ...] (d_l lists of d_{l-1}
//              strings: W[i][j] = W_l(i, j)), "b": [d_l strings] or null}],
//   "data": {"file": "data.csv", "sha256": hex, "source", "N", "d", "K",
//            "class_names", "standardized",
//            "standardization": {"shift": [...], "scale": [...]} or null};
//            nrc-model/3 adds "storage": "npy" ("file": "data.npy",
//            "labels_file": "labels.npy") or "source" ("file" and
//            "labels_file" null: the data are "source", standardised again
//            when "standardized").
#ifndef NRC_TRAINING_RUN_DIRECTORY_H_
#define NRC_TRAINING_RUN_DIRECTORY_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"
#include "training/stationarity_certificate.h"

namespace nrc {

struct TrainResult;

// Data of at most this many values (N x d) are stored as data.csv.
constexpr std::int64_t kRunDataCsvMaxValues = std::int64_t{1} << 18;

// The data file a run directory will hold for this data from this source:
// "data.csv", "data.npy" (labels.npy beside it) or "" (referred to by name).
std::string RunDataFileName(const std::string& source, const Dataset& data);

struct RunDirectory {
  std::filesystem::path path;
  MlpSpec spec;
  Dataset data;
  Precision precision;       // precision of the last training stage
  nlohmann::json config;     // config.json
  nlohmann::json model;      // model.json
  nlohmann::json certificate;  // certificate.json (empty if absent)
  nlohmann::json log;          // log.json (empty if absent)
  std::string run_id;
  std::vector<std::string> parameters;  // MlpParameters::Flatten order

  // Reads and validates a run directory (formats, shapes, K >= 2, every hash
  // and seal above); throws std::runtime_error with a one-line message naming
  // the file and the problem.
  static RunDirectory Load(const std::filesystem::path& dir);

  // The certificate, recomputed at the stored point (ComputeCertificate with
  // the stored engine and precision_bits, without the Hessian:
  // RecomputeOptions) and compared with certificate.json by
  // CheckSameCertificate (mpfr: every number the same string; midrad53: every
  // number consistent with the recomputed enclosure). Returns the
  // recomputed certificate (with the stored Hessian section, which is covered
  // by the seal only: it is a double-precision diagnostic, never reported as
  // a bound). *present (if not null) is set to whether the run has a
  // certificate; without one, returns an empty certificate. Throws
  // std::runtime_error("... certificate.json: grad_norm_2 is X, but the
  // stored network gives Y ...") on any difference.
  StationarityCertificate VerifiedCertificate(bool* present = nullptr) const;

  // VerifiedCertificate's result for the run that `trained` is, without
  // recomputing it: `trained.certificate` itself, when this directory holds
  // exactly trained's network and data (the run WriteRunDirectory(path,
  // trained) wrote, read back by Load, in the same process -- nrc verify's
  // worker). The recomputation would repeat the same deterministic
  // computation (ComputeCertificate) on the same parameter strings and data
  // and give the same strings (what CheckSameCertificate requires), so this
  // is VerifiedCertificate's answer at none of its cost (digits: two MPFR
  // gradients and an MPFI network, ~4 CPU s). "Exactly" is checked: the
  // spec, the parameter strings, the data bit for bit, the precision, and
  // certificate.json (without run_id and sha256) equal to
  // trained.certificate.ToJson(); on any difference (the directory changed
  // after it was written) it is VerifiedCertificate(), recomputed.
  // *present as for VerifiedCertificate.
  StationarityCertificate CertificateOfTraining(const TrainResult& trained, bool* present = nullptr) const;

  // SHA-256 over j's canonical content without its "sha256" key.
  static std::string Seal(const nlohmann::json& j);

  // The stored parameters parsed in T (correctly rounded; exact whenever T has
  // at least the bits of `precision`).
  template <class T>
  MlpParameters<T> Parameters() const;
};

// Writes result into dir (created if missing, and marked as nrc's; other
// files in it are left alone, except data files of another storage):
// data.csv or data.npy + labels.npy or none, config.json, model.json, log.json,
// then certificate.json (only when the result has one). Throws std::runtime_error("cannot write
// ...") if a file cannot be written; each file is then either complete or
// untouched, and Load reports the mixed directory.
void WriteRunDirectory(const std::filesystem::path& dir, const TrainResult& result);

}  // namespace nrc

#endif  // NRC_TRAINING_RUN_DIRECTORY_H_
