#include "training/imported_network.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "datasets/csv_reader.h"
#include "datasets/npy_reader.h"
#include "io/input_file.h"
#include "io/json_reader.h"
#include "io/quoted.h"
#include "nets/mlp.h"
#include "nets/mlp_parameters.h"
#include "training/config_field.h"
#include "training/detail/short_decimal.h"
#include "training/parameter_strings.h"
#include "training/stationarity_certificate.h"

namespace nrc {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

[[noreturn]] void Fail(const std::string& what) { throw std::invalid_argument("export.json: " + what); }

std::string Str(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A finite double from a decimal string (correctly rounded) or a JSON number.
double ParseFinite(const json& v, const std::string& where) {
  if (v.is_number()) {
    const double x = v.get<double>();
    if (std::isfinite(x)) return x;
  } else if (v.is_string()) {
    try {
      return ParseDecimal<double>(v.get<std::string>());
    } catch (const std::invalid_argument&) {
    }
  }
  Fail(where + " = '" + Str(v) + "' is not a finite number");
}

int ParseCount(const json& m, const char* key, const std::string& label) {
  if (!m.contains(key)) Fail(label + ": '" + key + "' missing");
  const json& v = m[key];
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > ConfigField::kMaxWidth) {
    Fail(label + ": " + key + " = " + CutForMessage(Str(v), 40) + " must be an integer 1.." +
         std::to_string(ConfigField::kMaxWidth) + " (nrc's largest width)");
  }
  return static_cast<int>(v.get<long long>());
}

std::string Number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string Text(const json& v, const std::string& key) {
  if (!v.is_string()) Fail("'" + key + "' must be a string, got " + CutForMessage(v.dump(), 40));
  return v.get<std::string>();
}

// Every key of an object is one the format knows: a misspelled "Bias" would
// otherwise import a network without its biases.
void CheckKeys(const json& object, const std::string& label, const std::set<std::string>& known) {
  const std::string where = label.empty() ? "" : label + ": ";
  if (!object.is_object()) Fail(where + "must be a JSON object");
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (known.count(it.key())) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    Fail(where + "unknown key " + Quoted(it.key()) + " (expected one of " + list + ")");
  }
}

std::set<std::string> ModuleKeys(const std::string& type) {
  if (type == "Linear") return {"index", "type", "in_features", "out_features", "weight", "bias"};
  if (type == "LeakyReLU") return {"index", "type", "negative_slope"};
  if (type == "GELU") return {"index", "type", "approximate"};
  if (type == "Softplus") return {"index", "type", "beta", "threshold"};
  return {"index", "type"};
}

// "regularization" (how lambda was derived, kept in log.json): the keys
// tools/nrc_export.py writes, each a scalar (so nothing deep is copied).
void CheckRegularizationFields(const json& r) {
  CheckKeys(r, "regularization",
            {"weight_decay", "bias_weight_decay", "reduction", "data_loss_scale", "rule", "optimizer"});
  for (auto it = r.begin(); it != r.end(); ++it) {
    if (!it.value().is_string() && !it.value().is_number() && !it.value().is_null()) {
      Fail("regularization." + it.key() + " must be a string, a number or null, got " +
           CutForMessage(it.value().dump(), 40));
    }
  }
  if (r.contains("reduction") && !r["reduction"].is_null()) {
    const std::string red = Str(r["reduction"]);
    if (red != "spec" && red != "mean" && red != "sum") {
      Fail("regularization.reduction = " + Quoted(red) + " must be spec, mean or sum");
    }
  }
}

// The data-loss scale c of tools/nrc_export.py (torch's data loss = c x the
// spec's), as numerator / denominator.
std::pair<double, double> DataLossScale(const std::string& loss, const std::string& reduction, int K, long N) {
  if (reduction == "spec") return {1, 1};
  if (loss == "mse") return reduction == "mean" ? std::pair<double, double>{2, K} : std::pair<double, double>{2.0 * N, 1};
  return reduction == "mean" ? std::pair<double, double>{1, 1} : std::pair<double, double>{double(N), 1};
}

// A regularization block that contradicts lambda / lambda_b is an error: the
// run would claim a weight decay it was not trained with.
void CheckRegularizationAgainstLambda(const json& r, const Loss& loss, const MlpSpec& spec, long N) {
  if (!r.contains("weight_decay") || r["weight_decay"].is_null()) return;
  const double wd = ParseFinite(r["weight_decay"], "regularization.weight_decay");
  if (!(wd > 0)) Fail("regularization.weight_decay = " + Str(r["weight_decay"]) + " must be > 0");
  const std::string reduction = r.contains("reduction") && !r["reduction"].is_null() ? Str(r["reduction"]) : "spec";
  const auto [num, den] = DataLossScale(loss.Name(), reduction, spec.num_classes(), N);
  // lambda = wd / c, correctly rounded by the exporter: within 2 units in the
  // last place of the quotient computed here in long double.
  const long double expected = static_cast<long double>(wd) * den / num;
  const double tolerance = 4 * std::numeric_limits<double>::epsilon() * static_cast<double>(expected);
  if (!(std::fabs(static_cast<long double>(spec.lambda) - expected) <= tolerance)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "lambda = %.17g contradicts regularization: weight_decay %.17g / c = %.17Lg", spec.lambda,
                  wd, expected);
    Fail(std::string(buf) + " (reduction " + reduction + ", data-loss scale c = " + Number(num / den) + ")");
  }
  if (r.contains("data_loss_scale") && !r["data_loss_scale"].is_null()) {
    // Python writes the Fraction c as "P" or "P/Q": compare values.
    const std::string stated = Str(r["data_loss_scale"]);
    const auto slash = stated.find('/');
    double value = std::nan("");
    try {
      value = slash == std::string::npos ? ParseDecimal<double>(stated)
                                         : ParseDecimal<double>(stated.substr(0, slash)) /
                                               ParseDecimal<double>(stated.substr(slash + 1));
    } catch (const std::invalid_argument&) {
    }
    if (!(std::fabs(value - num / den) <= 4 * std::numeric_limits<double>::epsilon() * (num / den))) {
      Fail("regularization.data_loss_scale = " + Quoted(stated) + " but loss " + loss.Name() + " with reduction " +
           reduction + " (N = " + std::to_string(N) + ", K = " + std::to_string(spec.num_classes()) + ") gives " +
           Number(num / den));
    }
  }
  if (r.contains("bias_weight_decay") && spec.any_bias()) {
    const json& bj = r["bias_weight_decay"];
    const double bwd = bj.is_null() ? 0.0 : ParseFinite(bj, "regularization.bias_weight_decay");
    const double lambda_b_expected = bwd == 0 ? 0.0 : spec.lambda;
    if (spec.lambda_b != lambda_b_expected) {
      Fail("lambda_b = " + Number(spec.lambda_b) + " contradicts regularization.bias_weight_decay = " + Str(bj) +
           " (decayed biases give lambda_b = lambda, undecayed ones 0)");
    }
  }
}

// nrc's name of a supported torch activation module, or "" for an
// unsupported type (throws for a supported type with unsupported settings).
std::string ActivationName(const json& m, const std::string& type, const std::string& label) {
  if (type == "Tanh") return "tanh";
  if (type == "Sigmoid") return "sigmoid";
  if (type == "ReLU") return "relu";
  if (type == "SiLU") return "silu";
  if (type == "Identity") return "identity";
  if (type == "LeakyReLU") {
    const double slope = m.contains("negative_slope") ? ParseFinite(m["negative_slope"], label + ": negative_slope") : 0.01;
    char buf[48];
    std::snprintf(buf, sizeof buf, "leaky_relu:%.17g", slope);
    return buf;
  }
  if (type == "GELU") {
    const std::string approximate = m.value("approximate", std::string("none"));
    if (approximate != "none") {
      Fail(label + ": approximate = '" + approximate + "' unsupported (nrc's GELU is x Phi(x) with erf: approximate='none')");
    }
    return "gelu";
  }
  if (type == "Softplus") {
    const double beta = m.contains("beta") ? ParseFinite(m["beta"], label + ": beta") : 1.0;
    if (beta != 1.0) Fail(label + ": beta = " + Str(m["beta"]) + " unsupported (nrc's softplus is log(1 + e^x), beta = 1)");
    return "softplus";
  }
  return "";
}

// A file name in the export folder (no folder part), for the .npy files of
// format 2.
fs::path ExportFile(const fs::path& dir, const json& v, const std::string& where) {
  const std::string name = Str(v);
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    Fail(where + " = " + Quoted(CutForMessage(name, 60)) + " must be a file name in the export folder");
  }
  return dir / name;
}

// A float64 .npy file of the given shape ((rows, cols), or (rows,) when
// cols = 0), every value finite; returned with the file's rows as columns.
Matrix<double> NpyValues(const fs::path& file, const std::string& where, int rows, int cols) {
  NpyHeader h;
  Matrix<double> m;
  try {
    m = ReadNpyDoubles(file.string(), NpyOptions{}, &h);
  } catch (const DataError& e) {
    Fail(where + ": " + e.what());
  }
  const std::vector<std::uint64_t> want = cols == 0 ? std::vector<std::uint64_t>{std::uint64_t(rows)}
                                                    : std::vector<std::uint64_t>{std::uint64_t(rows), std::uint64_t(cols)};
  if (h.shape != want) {
    std::string got;
    for (std::uint64_t n : h.shape) got += (got.empty() ? "" : ", ") + std::to_string(n);
    Fail(where + ": " + file.filename().string() + " has shape (" + got + "), expected (" + std::to_string(rows) +
         (cols == 0 ? "," : ", " + std::to_string(cols)) + ")");
  }
  return m;
}

// W (out x in) of a Linear module: "weight" is out_features lists of
// in_features decimal strings, or (format 2) the name of an (out, in) float64
// .npy file.
Matrix<double> LinearWeight(const fs::path& dir, const json& m, const std::string& label, int out, int in) {
  if (m.contains("weight") && m["weight"].is_string()) {
    return NpyValues(ExportFile(dir, m["weight"], label + ": weight"), label + ": weight", out, in).transpose();
  }
  if (!m.contains("weight") || !m["weight"].is_array() || static_cast<int>(m["weight"].size()) != out) {
    Fail(label + ": weight must be a list of out_features = " + std::to_string(out) + " rows, got " +
         (m.contains("weight") && m["weight"].is_array() ? std::to_string(m["weight"].size()) + " rows"
                                                          : std::string("no list")));
  }
  Matrix<double> w(out, in);
  for (int r = 0; r < out; ++r) {
    const json& row = m["weight"][r];
    if (!row.is_array() || static_cast<int>(row.size()) != in) {
      Fail(label + ": weight[" + std::to_string(r) + "] must hold in_features = " + std::to_string(in) +
           " entries, got " + (row.is_array() ? std::to_string(row.size()) : std::string("no list")));
    }
    for (int c = 0; c < in; ++c) {
      w(r, c) = ParseFinite(row[c], label + ": weight[" + std::to_string(r) + "][" + std::to_string(c) + "]");
    }
  }
  return w;
}

// b (out) of a Linear module: out_features decimal strings or an (out,) .npy file.
Vector<double> LinearBias(const fs::path& dir, const json& bj, const std::string& label, int out) {
  if (bj.is_string()) return NpyValues(ExportFile(dir, bj, label + ": bias"), label + ": bias", out, 0).col(0);
  if (!bj.is_array() || static_cast<int>(bj.size()) != out) {
    Fail(label + ": bias must hold out_features = " + std::to_string(out) + " entries, got " +
         (bj.is_array() ? std::to_string(bj.size()) : std::string("no list")));
  }
  Vector<double> bias(out);
  for (int r = 0; r < out; ++r) bias(r) = ParseFinite(bj[r], label + ": bias[" + std::to_string(r) + "]");
  return bias;
}

const char* kSupported =
    "nrc imports Linear layers and the activations Tanh, Sigmoid, Softplus, ReLU, LeakyReLU, GELU, SiLU, Identity";

// The Linear layers and the one activation of export.json's "modules".
struct ExportedLayers {
  std::vector<int> widths;
  std::vector<Matrix<double>> W;
  std::vector<Vector<double>> b;
  std::string activation;  // "" when there is a single Linear layer
  bool biased = false;
};

ExportedLayers ParseModules(const fs::path& dir, const json& modules) {
  if (!modules.is_array() || modules.empty()) {
    Fail("'modules' must be a non-empty list (the torch.nn.Sequential's modules)");
  }
  ExportedLayers layers;
  std::string activation_label, previous_label, last_linear_label, bias_label;
  bool previous_linear = false;
  int biased = -1;  // unknown yet; then 0 or 1
  for (std::size_t pos = 0; pos < modules.size(); ++pos) {
    const json& m = modules[pos];
    if (!m.is_object() || !m.contains("type") || !m["type"].is_string()) {
      Fail("modules[" + std::to_string(pos) + "] must be an object with a \"type\"");
    }
    const std::string type = m["type"].get<std::string>();
    const std::string label =
        "module " + (m.contains("index") ? CutForMessage(Str(m["index"]), 20) : std::to_string(pos)) + " (" +
        CutForMessage(type, 40) + ")";
    CheckKeys(m, label, ModuleKeys(type));
    if (type == "Linear") {
      if (previous_linear) {
        Fail(label + ": follows " + previous_label + " without an activation in between");
      }
      const int in = ParseCount(m, "in_features", label), out = ParseCount(m, "out_features", label);
      std::vector<int>& widths = layers.widths;
      if (widths.empty()) {
        widths.push_back(in);
      } else if (in != widths.back()) {
        Fail(label + ": in_features = " + std::to_string(in) + " but " + last_linear_label + " has out_features = " +
             std::to_string(widths.back()));
      }
      widths.push_back(out);
      Matrix<double> w = LinearWeight(dir, m, label, out, in);
      const bool has_bias = m.contains("bias") && !m["bias"].is_null();
      if (biased < 0) {
        biased = has_bias;
        bias_label = label;
      } else if (has_bias != (biased == 1)) {
        Fail(label + (has_bias ? ": has a bias but " : ": has no bias but ") + bias_label +
             (biased ? " has one" : " has none") + " (nrc networks have a bias on every layer or on none)");
      }
      Vector<double> bias = has_bias ? LinearBias(dir, m["bias"], label, out) : Vector<double>();
      layers.W.push_back(std::move(w));
      layers.b.push_back(std::move(bias));
      last_linear_label = label;
      previous_linear = true;
    } else {
      const std::string name = ActivationName(m, type, label);
      if (name.empty()) Fail(label + ": unsupported module type (" + kSupported + ")");
      if (pos == 0) Fail(label + ": the network must start with a Linear layer");
      if (!previous_linear) Fail(label + ": follows " + previous_label + ": two activations in a row");
      if (layers.activation.empty()) {
        layers.activation = name;
        activation_label = label;
      } else if (name != layers.activation) {
        Fail(label + ": nrc networks use one activation throughout, but " + activation_label + " is " +
             layers.activation);
      }
      previous_linear = false;
    }
    previous_label = label;
  }
  if (!previous_linear) {
    Fail(previous_label + ": the network must end with a Linear layer (f = a_L: no activation or softmax after it; " +
         "the loss applies its own)");
  }
  layers.biased = biased == 1;
  return layers;
}

// export.json's "data" (data.csv, or data.npy + labels.npy), checked against
// the network's K and input width d0.
Dataset LoadExportData(const fs::path& dir, const json& dj, int K, int d0) {
  if (!dj.is_object()) Fail("'data' must be an object");
  CheckKeys(dj, "data", {"file", "labels_file", "class_names", "N", "d", "K"});
  const std::string file = dj.contains("file") ? Str(dj["file"]) : std::string("data.csv");
  if (file.empty() || file.find('/') != std::string::npos) Fail("data.file = '" + file + "' must be a file name in the export folder");
  Dataset data;
  if (dj.contains("labels_file")) {  // format 2: data.npy (N, d) float64 + labels.npy (N,) integers
    const fs::path labels = ExportFile(dir, dj["labels_file"], "data.labels_file");
    data = ReadNpyDataset((dir / file).string(), labels.string(), K);  // DataError names the file
    if (dj.contains("class_names")) {
      const json& names = dj["class_names"];
      if (!names.is_array() || static_cast<int>(names.size()) != K) {
        Fail("data.class_names must list K = " + std::to_string(K) + " names");
      }
      for (const json& name : names) data.class_names.push_back(Text(name, "data.class_names"));
    }
  } else {
    CsvOptions co;
    co.expected_classes = K;
    data = ReadCsvDataset((dir / file).string(), co);  // DataError names file, line and column
  }
  if (data.dim() != d0) {
    throw std::invalid_argument(file + ": " + std::to_string(data.dim()) + " features per sample, but the first Linear layer has in_features = " +
                                std::to_string(d0));
  }
  const auto check = [&](const char* key, int actual) {
    if (dj.contains(key) && (!dj[key].is_number_integer() || dj[key].get<long long>() != actual)) {
      Fail(std::string("data.") + key + " = " + Str(dj[key]) + " but " + file + " has " + std::to_string(actual));
    }
  };
  check("N", data.size());
  check("d", data.dim());
  check("K", data.num_classes);
  return data;
}

// Every check runs at least in double: weights (or data) for which the
// objective or its gradient overflow there are outside nrc's domain -- a
// domain error naming the input, not an internal message later.
void RequireFiniteInDouble(const MlpSpec& spec, const MlpParameters<double>& theta, const Dataset& data) {
  const MlpEvaluation<double> ev = Evaluate(spec, theta, data.X, data.labels);
  bool finite = std::isfinite(ev.objective);
  for (int l = 1; l <= spec.depth(); ++l) {
    finite = finite && ev.gradient.W[l].allFinite() && (!spec.has_bias(l) || ev.gradient.b[l].allFinite());
  }
  if (finite) return;
  double largest = 0;
  for (int l = 1; l <= spec.depth(); ++l) largest = std::max(largest, theta.W[l].cwiseAbs().maxCoeff());
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3g", largest);
  Fail(std::string("the objective or its gradient is not finite in double at these weights (largest |weight| ") +
       buf + ", lambda " + Number(spec.lambda) + "): outside nrc's domain (every check runs at least in double)");
}

}  // namespace

ImportedNetwork ImportedNetwork::Load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::invalid_argument("export folder " + dir.string() + ": not a directory");
  ImportedNetwork net;
  net.dir = dir;
  std::string text;
  try {
    text = ReadInputFile(dir / "export.json", InputKind::kRunRecord);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("export.json: ") + e.what());
  }
  // Nesting limit and unique keys (io/json_reader.h); the message starts "export.json: ".
  net.export_json = JsonReader::Parse(text, "export.json");
  const json& j = net.export_json;
  if (!j.is_object()) Fail("not a JSON object");
  if (!j.contains("format") || (Str(j["format"]) != kFormat && Str(j["format"]) != kFormatCsv)) {
    Fail("'format' must be \"" + std::string(kFormat) + "\" or \"" + kFormatCsv + "\" (written by tools/nrc_export.py), got " +
         (j.contains("format") ? Str(j["format"]) : std::string("none")));
  }
  CheckKeys(j, "", {"format", "name", "producer", "loss", "lambda", "lambda_b", "regularization", "modules", "data"});
  net.name = j.contains("name") ? Text(j["name"], "name") : "imported";
  if (net.name.empty()) Fail("'name' is empty");
  if (j.contains("producer")) (void)Text(j["producer"], "producer");

  Loss loss;
  try {
    loss = Loss::Parse(j.contains("loss") ? Str(j["loss"]) : std::string("(missing)"));
  } catch (const std::invalid_argument& e) {
    Fail(std::string("loss: ") + e.what());
  }
  if (!j.contains("lambda")) Fail("'lambda' missing");
  const double lambda = ParseFinite(j["lambda"], "lambda");
  const double lambda_b = j.contains("lambda_b") ? ParseFinite(j["lambda_b"], "lambda_b") : 0.0;
  if (j.contains("regularization")) CheckRegularizationFields(j["regularization"]);

  if (!j.contains("modules")) Fail("'modules' must be a non-empty list (the torch.nn.Sequential's modules)");
  const ExportedLayers layers = ParseModules(dir, j["modules"]);
  try {
    net.spec = MlpSpec::Uniform(layers.widths,
                                Activation::Parse(layers.activation.empty() ? "identity" : layers.activation), loss,
                                layers.biased, lambda, lambda_b);
    net.spec.Validate();
  } catch (const std::invalid_argument& e) {
    Fail(e.what());
  }
  if (net.spec.num_classes() < 2) {
    Fail("the last Linear layer has out_features = " + std::to_string(net.spec.num_classes()) +
         ": K = 1 class; the theory needs at least 2 classes");
  }
  net.data = LoadExportData(dir, j.contains("data") ? j["data"] : json::object(), net.spec.num_classes(),
                            layers.widths.front());
  if (j.contains("regularization")) CheckRegularizationAgainstLambda(j["regularization"], loss, net.spec, net.data.size());

  MlpParameters<double> theta = MlpParameters<double>::Zeros(net.spec);
  for (int l = 1; l <= net.spec.depth(); ++l) {
    theta.W[l] = layers.W[l - 1];
    if (net.spec.has_bias(l)) theta.b[l] = layers.b[l - 1];
  }
  RequireFiniteInDouble(net.spec, theta, net.data);
  net.parameters = FormatParameters(theta);
  return net;
}

TrainResult ImportedNetwork::ToTrainResult(const std::string& data_source, ProgressLine* progress,
                                           int lanczos_steps) const {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = detail::CpuSeconds();
  TrainResult r;
  r.config.name = name;
  r.config.data = data_source;
  r.config.standardize = false;
  r.config.widths = spec.widths;
  r.config.activation = spec.activation;
  r.config.loss = spec.loss;
  r.config.bias = spec.any_bias();
  r.config.lambda = spec.lambda;
  r.config.lambda_b = spec.lambda_b;
  r.config.precision = "double";
  r.config.Validate();
  r.spec = spec;
  r.data = data;
  r.precision = Precision::Parse("double");
  r.parameters = parameters;

  CertificateOptions co;
  co.parameters_precision = r.precision;
  co.max_eigen_parameters = r.config.newton.max_eigen_parameters;
  co.max_dense_parameters = r.config.newton.max_dense_parameters;
  co.progress = progress;
  if (lanczos_steps >= 0) {
    co.lanczos_steps = lanczos_steps;
    co.lanczos_budget = 0;
    co.hessian = lanczos_steps > 0 || spec.NumParameters() <= co.max_dense_parameters;
  }
  r.certificate = ComputeCertificate(spec, data, parameters, co);

  const std::string producer = export_json.contains("producer") ? Str(export_json["producer"]) : "an outside tool";
  StageLog s;
  s.name = "import";
  s.method = "imported from " + producer + " (trained outside nrc; no stage ran here)";
  s.precision = "double";
  s.precision_bits = ScalarTraits<double>::Bits();
  s.seconds = r.certificate.seconds;
  s.cpu_seconds = detail::CpuSeconds() - cpu_start;
  s.grad_norm_start = s.grad_norm_end = r.certificate.grad_norm_2;
  s.grad_norm_start_value = s.grad_norm_end_value = r.certificate.grad_norm_2_value;
  s.objective_end = r.certificate.objective;
  s.termination = "imported";
  s.message = "export folder " + dir.string() + "; ||grad J||_2 " +
              (r.certificate.engine == "midrad53" ? std::string("enclosed in midpoint-radius double (fast engine)")
                                                   : "evaluated in MPFR at " + std::to_string(r.certificate.bits) + " bits");
  s.history = {AbbreviateDecimal(r.certificate.grad_norm_2)};
  r.stages = {s};

  std::error_code ec;
  const fs::path absolute = fs::absolute(dir, ec);
  r.origin = {{"imported_from", (ec ? dir : absolute).lexically_normal().string()},
              {"format", Str(export_json["format"])},
              {"producer", producer},
              {"regularization", export_json.contains("regularization") ? export_json["regularization"] : json()}};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_seconds = detail::CpuSeconds() - cpu_start;
  return r;
}

}  // namespace nrc
