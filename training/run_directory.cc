#include "training/run_directory.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "datasets/csv_reader.h"
#include "io/atomic_file.h"
#include "training/parameter_strings.h"
#include "training/trainer.h"

namespace nrc {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kConfigFormat = "nrc-config/1";
constexpr const char* kModelFormat = "nrc-model/1";
constexpr const char* kLogFormat = "nrc-log/1";

std::string Fnv1a64(const std::string& bytes, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The exact decimal value of a double (every binary double is a finite
// decimal; glibc prints it exactly), without trailing zeros.
std::string ExactDecimal(double x) {
  char buf[1200];
  std::snprintf(buf, sizeof buf, "%.800e", x);
  std::string s(buf);
  const auto e = s.find('e');
  std::string mant = s.substr(0, e), expo = s.substr(e);
  while (!mant.empty() && mant.back() == '0') mant.pop_back();
  if (!mant.empty() && mant.back() == '.') mant.pop_back();
  return mant + expo;
}

bool NameIsHeaderSafe(const std::string& name) {
  if (name.empty() || name.find_first_of(",\r\n\"") != std::string::npos) return false;
  char* end = nullptr;
  std::strtod(name.c_str(), &end);
  return *end != '\0';  // not a number: the CSV reader recognises the header line
}

std::string DataCsv(const Dataset& d) {
  std::string out;
  bool header = !d.class_names.empty() && static_cast<int>(d.class_names.size()) == d.num_classes;
  for (const auto& n : d.class_names) header = header && NameIsHeaderSafe(n);
  if (header) {
    out += std::to_string(d.size()) + "," + std::to_string(d.dim());
    for (const auto& n : d.class_names) out += "," + n;
    out += "\n";
  }
  char buf[40];
  for (int i = 0; i < d.size(); ++i) {
    for (int k = 0; k < d.dim(); ++k) {
      std::snprintf(buf, sizeof buf, "%.17g,", d.X(k, i));
      out += buf;
    }
    out += std::to_string(d.labels[i]) + "\n";
  }
  return out;
}

json ModelJson(const TrainResult& r, const std::string& run_id, const std::string& data_hash) {
  const MlpSpec& s = r.spec;
  json layers = json::array();
  std::size_t k = 0;
  for (int l = 1; l <= s.depth(); ++l) {
    const int rows = s.widths[l], cols = s.widths[l - 1];
    std::vector<std::vector<std::string>> W(rows, std::vector<std::string>(cols));
    for (int j = 0; j < cols; ++j)
      for (int i = 0; i < rows; ++i) W[i][j] = r.parameters[k++];  // Flatten: column-major
    json layer = {{"layer", l}, {"W", W}};
    if (s.has_bias(l)) {
      std::vector<std::string> b(r.parameters.begin() + k, r.parameters.begin() + k + rows);
      k += rows;
      layer["b"] = b;
    } else {
      layer["b"] = nullptr;
    }
    layers.push_back(layer);
  }
  json standardization = nullptr;
  if (r.standardized) {
    std::vector<std::string> shift, scale;
    for (int i = 0; i < r.standardization.size(); ++i) {
      shift.push_back(ToDecimalString(r.standardization.shift(i)));
      scale.push_back(ToDecimalString(r.standardization.scale(i)));
    }
    standardization = {{"shift", shift}, {"scale", scale}};
  }
  return {{"format", kModelFormat},
          {"run_id", run_id},
          {"name", r.config.name},
          {"widths", s.widths},
          {"activation", s.activation.Name()},
          {"loss", s.loss.Name()},
          {"bias", s.bias},
          {"lambda", ToDecimalString(s.lambda)},
          {"lambda_exact", ExactDecimal(s.lambda)},
          {"lambda_b", ToDecimalString(s.lambda_b)},
          {"lambda_b_exact", ExactDecimal(s.lambda_b)},
          {"precision", r.precision.ToString()},
          {"precision_bits", r.precision.WorkingBits()},
          {"decimal_digits", WithScalar(r.precision, [](auto zero) { return ScalarTraits<decltype(zero)>::DecimalDigits(); })},
          {"num_parameters", s.NumParameters()},
          {"layers", layers},
          {"data",
           {{"file", "data.csv"},
            {"fnv1a64", data_hash},
            {"source", r.config.data},
            {"N", r.data.size()},
            {"d", r.data.dim()},
            {"K", r.data.num_classes},
            {"class_names", r.data.class_names},
            {"standardized", r.standardized},
            {"standardization", standardization}}}};
}

[[noreturn]] void LoadError(const fs::path& dir, const std::string& file, const std::string& problem) {
  throw std::runtime_error("run directory " + dir.string() + ": " + file + ": " + problem);
}

json ReadJson(const fs::path& dir, const std::string& file, bool required) {
  const fs::path p = dir / file;
  std::error_code ec;
  if (!fs::exists(p, ec)) {
    if (required) LoadError(dir, file, "missing");
    return json();
  }
  std::string text;
  try {
    text = ReadWholeFile(p);
  } catch (const std::exception& e) {
    LoadError(dir, file, e.what());
  }
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    LoadError(dir, file, std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace

void WriteRunDirectory(const fs::path& dir, const TrainResult& r) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot write " + dir.string() + ": " + ec.message());
  if (!fs::is_directory(dir)) throw std::runtime_error("cannot write " + dir.string() + ": not a directory");

  json config = r.config.ToJson();
  std::string id_source = config.dump();
  for (const auto& p : r.parameters) id_source += "," + p;
  const std::string run_id = Fnv1a64(id_source);
  config["format"] = kConfigFormat;
  config["run_id"] = run_id;

  const std::string csv = DataCsv(r.data);
  const std::string data_hash = Fnv1a64(csv);
  json log = {{"format", kLogFormat}, {"run_id", run_id}, {"total_seconds", r.seconds}, {"total_cpu_seconds", r.cpu_seconds}};
  log["stages"] = json::array();
  for (const auto& s : r.stages) log["stages"].push_back(s.ToJson());
  if (!r.origin.is_null()) log["origin"] = r.origin;

  WriteFileAtomically(dir / "data.csv", csv);
  WriteFileAtomically(dir / "config.json", config.dump(2) + "\n");
  WriteFileAtomically(dir / "model.json", ModelJson(r, run_id, data_hash).dump(2) + "\n");
  WriteFileAtomically(dir / "log.json", log.dump(2) + "\n");
  if (!r.certificate.grad_norm_2.empty()) {
    json cert = r.certificate.ToJson();
    cert["run_id"] = run_id;
    WriteFileAtomically(dir / "certificate.json", cert.dump(2) + "\n");
  } else {
    fs::remove(dir / "certificate.json", ec);  // a stale one would belong to another run
  }
}

RunDirectory RunDirectory::Load(const fs::path& dir) {
  RunDirectory rd;
  rd.path = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("run directory " + dir.string() + ": not a directory");
  rd.config = ReadJson(dir, "config.json", true);
  rd.model = ReadJson(dir, "model.json", true);
  rd.certificate = ReadJson(dir, "certificate.json", false);
  rd.log = ReadJson(dir, "log.json", false);

  const json& m = rd.model;
  try {
    if (m.at("format").get<std::string>() != kModelFormat) LoadError(dir, "model.json", "unknown format");
    if (rd.config.at("format").get<std::string>() != kConfigFormat) LoadError(dir, "config.json", "unknown format");
    rd.run_id = m.at("run_id").get<std::string>();
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  }
  auto same_run = [&](const json& j, const std::string& file) {
    if (j.is_null()) return;
    if (!j.is_object() || !j.contains("run_id") || !j["run_id"].is_string() ||
        j["run_id"].get<std::string>() != rd.run_id) {
      LoadError(dir, file, "belongs to another run than model.json (run_id differs: interrupted write?)");
    }
  };
  same_run(rd.config, "config.json");
  same_run(rd.certificate, "certificate.json");
  same_run(rd.log, "log.json");

  std::string data_hash;
  int N = 0, d = 0, K = 0;
  try {
    rd.spec.widths = m.at("widths").get<std::vector<int>>();
    rd.spec.activation = Activation::Parse(m.at("activation").get<std::string>());
    rd.spec.loss = Loss::Parse(m.at("loss").get<std::string>());
    rd.spec.bias = m.at("bias").get<std::vector<bool>>();
    rd.spec.lambda = ParseDecimal<double>(m.at("lambda").get<std::string>());
    rd.spec.lambda_b = ParseDecimal<double>(m.at("lambda_b").get<std::string>());
    rd.spec.Validate();
    rd.precision = Precision::Parse(m.at("precision").get<std::string>());
    const json& layers = m.at("layers");
    if (!layers.is_array() || static_cast<int>(layers.size()) != rd.spec.depth()) {
      LoadError(dir, "model.json", "'layers' must list " + std::to_string(rd.spec.depth()) + " layers");
    }
    for (int l = 1; l <= rd.spec.depth(); ++l) {
      const json& layer = layers[l - 1];
      const auto W = layer.at("W").get<std::vector<std::vector<std::string>>>();
      const int rows = rd.spec.widths[l], cols = rd.spec.widths[l - 1];
      if (static_cast<int>(W.size()) != rows) LoadError(dir, "model.json", "layer " + std::to_string(l) + ": W has the wrong number of rows");
      for (const auto& row : W) {
        if (static_cast<int>(row.size()) != cols) LoadError(dir, "model.json", "layer " + std::to_string(l) + ": W has a row of the wrong length");
      }
      for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i) rd.parameters.push_back(W[i][j]);
      if (rd.spec.has_bias(l)) {
        const auto b = layer.at("b").get<std::vector<std::string>>();
        if (static_cast<int>(b.size()) != rows) LoadError(dir, "model.json", "layer " + std::to_string(l) + ": b has the wrong length");
        rd.parameters.insert(rd.parameters.end(), b.begin(), b.end());
      } else if (layer.contains("b") && !layer["b"].is_null()) {
        LoadError(dir, "model.json", "layer " + std::to_string(l) + " has a bias but the network says it has none");
      }
    }
    const json& dj = m.at("data");
    data_hash = dj.at("fnv1a64").get<std::string>();
    N = dj.at("N").get<int>();
    d = dj.at("d").get<int>();
    K = dj.at("K").get<int>();
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  } catch (const std::invalid_argument& e) {
    LoadError(dir, "model.json", e.what());
  }
  try {
    (void)ParseParameters<double>(rd.spec, rd.parameters);  // every string is a finite number
  } catch (const std::invalid_argument& e) {
    LoadError(dir, "model.json", e.what());
  }

  std::string csv;
  try {
    csv = ReadWholeFile(dir / "data.csv");
  } catch (const std::exception& e) {
    LoadError(dir, "data.csv", e.what());
  }
  if (Fnv1a64(csv) != data_hash) LoadError(dir, "data.csv", "does not match the hash in model.json (interrupted write or edited file?)");
  CsvOptions co;
  co.expected_classes = K;
  try {
    rd.data = ReadCsvDataset((dir / "data.csv").string(), co);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("run directory: ") + e.what());
  }
  if (rd.data.size() != N || rd.data.dim() != d || rd.data.num_classes != K || d != rd.spec.widths.front() ||
      K != rd.spec.num_classes()) {
    LoadError(dir, "data.csv", "shape does not match model.json");
  }
  return rd;
}

template <class T>
MlpParameters<T> RunDirectory::Parameters() const {
  return ParseParameters<T>(spec, parameters);
}

#define NRC_RUN_DIRECTORY_INSTANTIATE(T) template MlpParameters<T> RunDirectory::Parameters<T>() const;
NRC_FOR_EACH_SCALAR(NRC_RUN_DIRECTORY_INSTANTIATE)

}  // namespace nrc
