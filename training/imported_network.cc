#include "training/imported_network.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <system_error>

#include "datasets/csv_reader.h"
#include "io/input_file.h"
#include "io/json_reader.h"
#include "nets/mlp_parameters.h"
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
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1000000) {
    Fail(label + ": " + key + " = " + Str(v) + " must be an integer >= 1");
  }
  return static_cast<int>(v.get<long long>());
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

const char* kSupported =
    "nrc imports Linear layers and the activations Tanh, Sigmoid, Softplus, ReLU, LeakyReLU, GELU, SiLU, Identity";

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
  if (!j.contains("format") || Str(j["format"]) != kFormat) {
    Fail("'format' must be \"" + std::string(kFormat) + "\" (written by tools/nrc_export.py), got " +
         (j.contains("format") ? Str(j["format"]) : std::string("none")));
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const char* kKeys[] = {"format", "name", "producer", "loss", "lambda", "lambda_b", "regularization",
                                  "modules", "data"};
    bool known = false;
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) Fail("unknown key '" + it.key() + "'");
  }
  net.name = j.contains("name") ? Str(j["name"]) : "imported";
  if (net.name.empty()) Fail("'name' is empty");

  Loss loss;
  try {
    loss = Loss::Parse(j.contains("loss") ? Str(j["loss"]) : std::string("(missing)"));
  } catch (const std::invalid_argument& e) {
    Fail(std::string("loss: ") + e.what());
  }
  if (!j.contains("lambda")) Fail("'lambda' missing");
  const double lambda = ParseFinite(j["lambda"], "lambda");
  const double lambda_b = j.contains("lambda_b") ? ParseFinite(j["lambda_b"], "lambda_b") : 0.0;
  if (j.contains("regularization") && !j["regularization"].is_object()) Fail("'regularization' must be an object");

  if (!j.contains("modules") || !j["modules"].is_array() || j["modules"].empty()) {
    Fail("'modules' must be a non-empty list (the torch.nn.Sequential's modules)");
  }
  std::vector<int> widths;
  std::vector<Matrix<double>> W;
  std::vector<Vector<double>> b;
  std::string activation, activation_label, previous_label, last_linear_label, bias_label;
  bool previous_linear = false;
  int biased = -1;  // unknown yet; then 0 or 1
  const json& modules = j["modules"];
  for (std::size_t pos = 0; pos < modules.size(); ++pos) {
    const json& m = modules[pos];
    if (!m.is_object() || !m.contains("type") || !m["type"].is_string()) {
      Fail("modules[" + std::to_string(pos) + "] must be an object with a \"type\"");
    }
    const std::string type = m["type"].get<std::string>();
    const std::string label =
        "module " + (m.contains("index") ? Str(m["index"]) : std::to_string(pos)) + " (" + type + ")";
    if (type == "Linear") {
      if (previous_linear) {
        Fail(label + ": follows " + previous_label + " without an activation in between");
      }
      const int in = ParseCount(m, "in_features", label), out = ParseCount(m, "out_features", label);
      if (widths.empty()) {
        widths.push_back(in);
      } else if (in != widths.back()) {
        Fail(label + ": in_features = " + std::to_string(in) + " but " + last_linear_label + " has out_features = " +
             std::to_string(widths.back()));
      }
      widths.push_back(out);
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
      const bool has_bias = m.contains("bias") && !m["bias"].is_null();
      if (biased < 0) {
        biased = has_bias;
        bias_label = label;
      } else if (has_bias != (biased == 1)) {
        Fail(label + (has_bias ? ": has a bias but " : ": has no bias but ") + bias_label +
             (biased ? " has one" : " has none") + " (nrc networks have a bias on every layer or on none)");
      }
      Vector<double> bias;
      if (has_bias) {
        const json& bj = m["bias"];
        if (!bj.is_array() || static_cast<int>(bj.size()) != out) {
          Fail(label + ": bias must hold out_features = " + std::to_string(out) + " entries, got " +
               (bj.is_array() ? std::to_string(bj.size()) : std::string("no list")));
        }
        bias.resize(out);
        for (int r = 0; r < out; ++r) bias(r) = ParseFinite(bj[r], label + ": bias[" + std::to_string(r) + "]");
      }
      W.push_back(std::move(w));
      b.push_back(std::move(bias));
      last_linear_label = label;
      previous_linear = true;
    } else {
      const std::string name = ActivationName(m, type, label);
      if (name.empty()) Fail(label + ": unsupported module type (" + kSupported + ")");
      if (pos == 0) Fail(label + ": the network must start with a Linear layer");
      if (!previous_linear) Fail(label + ": follows " + previous_label + ": two activations in a row");
      if (activation.empty()) {
        activation = name;
        activation_label = label;
      } else if (name != activation) {
        Fail(label + ": nrc networks use one activation throughout, but " + activation_label + " is " + activation);
      }
      previous_linear = false;
    }
    previous_label = label;
  }
  if (!previous_linear) {
    Fail(previous_label + ": the network must end with a Linear layer (f = a_L: no activation or softmax after it; " +
         "the loss applies its own)");
  }
  try {
    net.spec = MlpSpec::Uniform(widths, Activation::Parse(activation.empty() ? "identity" : activation), loss,
                                biased == 1, lambda, lambda_b);
    net.spec.Validate();
  } catch (const std::invalid_argument& e) {
    Fail(e.what());
  }

  // The data, checked against the network.
  const json dj = j.contains("data") ? j["data"] : json::object();
  if (!dj.is_object()) Fail("'data' must be an object");
  const std::string file = dj.contains("file") ? Str(dj["file"]) : std::string("data.csv");
  if (file.empty() || file.find('/') != std::string::npos) Fail("data.file = '" + file + "' must be a file name in the export folder");
  CsvOptions co;
  co.expected_classes = net.spec.num_classes();
  net.data = ReadCsvDataset((dir / file).string(), co);  // DataError names file, line and column
  if (net.data.dim() != widths.front()) {
    throw std::invalid_argument(file + ": " + std::to_string(net.data.dim()) + " features per sample, but the first Linear layer has in_features = " +
                                std::to_string(widths.front()));
  }
  const auto check = [&](const char* key, int actual) {
    if (dj.contains(key) && (!dj[key].is_number_integer() || dj[key].get<long long>() != actual)) {
      Fail(std::string("data.") + key + " = " + Str(dj[key]) + " but " + file + " has " + std::to_string(actual));
    }
  };
  check("N", net.data.size());
  check("d", net.data.dim());
  check("K", net.data.num_classes);

  MlpParameters<double> theta = MlpParameters<double>::Zeros(net.spec);
  for (int l = 1; l <= net.spec.depth(); ++l) {
    theta.W[l] = W[l - 1];
    if (net.spec.has_bias(l)) theta.b[l] = b[l - 1];
  }
  net.parameters = FormatParameters(theta);
  return net;
}

TrainResult ImportedNetwork::ToTrainResult(const std::string& data_source) const {
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
  s.message = "export folder " + dir.string() + "; ||grad J||_2 evaluated in MPFR at " +
              std::to_string(r.certificate.bits) + " bits";
  s.history = {AbbreviateDecimal(r.certificate.grad_norm_2)};
  r.stages = {s};

  std::error_code ec;
  const fs::path absolute = fs::absolute(dir, ec);
  r.origin = {{"imported_from", (ec ? dir : absolute).lexically_normal().string()},
              {"format", kFormat},
              {"producer", producer},
              {"regularization", export_json.contains("regularization") ? export_json["regularization"] : json()}};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_seconds = detail::CpuSeconds() - cpu_start;
  return r;
}

}  // namespace nrc
