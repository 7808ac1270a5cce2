// nrc/training/imported_network.h
//
// ImportedNetwork: a network trained outside nrc (PyTorch: tools/nrc_export.py)
// with its training data, read from an export folder and validated, ready to
// become an nrc run directory (`nrc import EXPORT_DIR --out RUN_DIR`, written
// by WriteRunDirectory, training/run_directory.h, like every other run).
//
// Export folder: export.json, the data, and (format 2) weight files.
//   data.npy +   format "nrc-export/2" (tools/nrc_export.py's default): the
//   labels.npy   training inputs X (after whatever preprocessing the network
//                saw) as an (N, d) float64 array and the labels 0..K-1 as
//                an (N,) integer array (datasets/npy_reader.h): exact binary,
//                8 bytes a value;
//   data.csv     format "nrc-export/1" (both formats read both): the same in
//                the data/README.md CSV format (datasets/csv_reader.h), every
//                value a float64 written so that it parses back exactly;
//   module*.npy  format 2: the weights and biases of each Linear module,
//                (out_features, in_features) and (out_features,) float64.
//   export.json  "format": "nrc-export/2" or "nrc-export/1",
//     "name"        string (default "imported"): names the run;
//     "producer"    string, free (e.g. "tools/nrc_export.py, torch 1.13.1");
//     "loss"        "mse" (the spec's (1/2)||f - y||^2, one-hot y) or "ce";
//     "lambda", "lambda_b"   decimal strings (or numbers) in the spec's
//                   convention J = (1/N) sum_i loss_i + (lambda/2) sum ||W_l||_F^2
//                   + (lambda_b/2) sum ||b_l||^2: lambda > 0, lambda_b in
//                   {0, lambda} (the exporter converts the optimiser's
//                   weight_decay and the loss's reduction; docs/pytorch.md);
//     "regularization"  object: how lambda was derived (kept in the run's
//                   log.json "origin"); keys weight_decay, bias_weight_decay,
//                   reduction (spec, mean or sum), data_loss_scale, rule,
//                   optimizer, each a string, number or null; when weight_decay
//                   is given, lambda must be weight_decay / c (c the data-loss
//                   scale of the loss and reduction, tools/nrc_export.py; within
//                   4 ulps), data_loss_scale must be that c, and lambda_b must be
//                   lambda for decayed biases and 0 otherwise;
//     "modules"     the torch.nn.Sequential in order, each
//                   {"index": position, "type": class name, ...}:
//                   "Linear": "in_features", "out_features", "weight"
//                   (out_features rows of in_features decimal strings,
//                   weight[i][j] = W(i, j), or the name of an (out, in)
//                   float64 .npy file in the folder), "bias" (out_features
//                   strings, a .npy file name, or null);
//                   activations "Tanh", "Sigmoid", "ReLU", "SiLU",
//                   "Identity", "LeakyReLU" ("negative_slope"), "GELU"
//                   ("approximate": "none" only: nrc's GELU is the erf one),
//                   "Softplus" ("beta": 1 only; torch's "threshold" linear
//                   cut-off is ignored: nrc evaluates log(1 + e^x) exactly);
//     "data"        {"file": "data.npy", "labels_file": "labels.npy", "N",
//                   "d", "K", "class_names" (optional, K strings)} (.npy pair) or {"file": "data.csv", "N", "d",
//                   "K"} (CSV: no "labels_file").
//   The modules must read Linear (activation Linear)*: one activation type
//   throughout (nrc's networks have one), no activation after the last Linear
//   (f = a_L; cross-entropy applies its softmax itself), consecutive shapes
//   matching, biases on every Linear or on none.
//
// export.json is read through io/input_file.h and io/json_reader.h (regular
// file, at most 1 GiB, nesting <= 64 levels, no repeated key). Every key is
// one the format names (top level, modules by type, "data", "regularization"):
// an unknown key (a misspelled "Bias") is an error. The last Linear layer must
// have out_features = K >= 2; widths are at most ConfigField::kMaxWidth, the
// network at most MlpLimits::kMaxParameters parameters, lambda at most
// MlpLimits::kMaxLambda; the objective and its gradient must be finite in
// double at the imported weights (every check runs at least in double).
//
// Every weight is parsed correctly rounded to double (or read as the binary64
// it is, from .npy); the exporter writes float64 values exactly, so the imported parameters are bit-for-bit the
// trained ones (and model.json keeps them exactly: round-trip strings).
//
// Errors: Load throws std::invalid_argument with one line naming the file and
// the field, module or entry ("export.json: module 2 (Conv2d): unsupported
// module type ...", "export.json: module 0 (Linear): weight[3][1] = 'nan' is
// not a finite number", "export.json: module 2 (Linear): in_features = 6 but
// module 0 (Linear) has out_features = 8"), or a DataError naming data.csv's
// line and column (labels out of range, NaN features, ragged rows, a class
// without samples, ...).
#ifndef NRC_TRAINING_IMPORTED_NETWORK_H_
#define NRC_TRAINING_IMPORTED_NETWORK_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "training/trainer.h"

namespace nrc {

struct ImportedNetwork {
  static constexpr const char* kFormat = "nrc-export/2";     // .npy files (tools/nrc_export.py's default)
  static constexpr const char* kFormatCsv = "nrc-export/1";  // decimal strings and data.csv only

  std::filesystem::path dir;            // the export folder
  std::string name;
  MlpSpec spec;
  Dataset data;
  std::vector<std::string> parameters;  // MlpParameters::Flatten order, round-tripping in double
  nlohmann::json export_json;           // export.json as read

  static ImportedNetwork Load(const std::filesystem::path& dir);

  // The run: config (data_source as "data", precision "double", no
  // polishing ladder), the parameters in double, one StageLog "import"
  // (||grad J||_2 at the point, from the certificate: enclosed by the fast
  // engine, or MPFR where that cannot resolve it), the certificate
  // (stationarity shares), and "origin" = where it came from.
  // `progress` (may be null) shows the certificate's phases; lanczos_steps
  // >= 0 asks for that many Lanczos steps whatever the work budget
  // (CertificateOptions::lanczos_budget); -1: the defaults.
  TrainResult ToTrainResult(const std::string& data_source, ProgressLine* progress = nullptr,
                            int lanczos_steps = -1) const;
};

}  // namespace nrc

#endif  // NRC_TRAINING_IMPORTED_NETWORK_H_
