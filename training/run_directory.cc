#include "training/run_directory.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "datasets/csv_reader.h"
#include "datasets/data_source.h"
#include "datasets/npy_reader.h"
#include "datasets/npy_writer.h"
#include "datasets/standardize.h"
#include "io/atomic_file.h"
#include "io/json_reader.h"
#include "io/content_hash.h"
#include "io/input_file.h"
#include "io/output_folder.h"
#include "training/parameter_strings.h"
#include "training/trainer.h"

namespace nrc {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kConfigFormat = "nrc-config/1";
constexpr const char* kModelFormat = "nrc-model/2";        // data in data.csv
constexpr const char* kModelFormatBinary = "nrc-model/3";  // data.npy + labels.npy, or the source by name
constexpr const char* kLogFormat = "nrc-log/1";

// The content hash of a run: config.json and model.json without "run_id",
// canonical (sorted keys), and data.csv's bytes.
std::string ContentId(json config, json model, const std::string& csv) {
  config.erase("run_id");
  model.erase("run_id");
  return Sha256Hex("nrc-run/2\n" + config.dump() + "\n" + model.dump() + "\n" + csv);
}

// run_id of a format-3 run: model.json's data "sha256" binds the data.
std::string BinaryContentId(json config, json model) {
  config.erase("run_id");
  model.erase("run_id");
  return Sha256Hex("nrc-run/3\n" + config.dump() + "\n" + model.dump());
}

enum class Storage { kCsv, kNpy, kSource };

Storage StorageFor(const std::string& source, const Dataset& d) {
  if (static_cast<std::int64_t>(d.size()) * d.dim() <= kRunDataCsvMaxValues) return Storage::kCsv;
  return IsBuiltInSource(source) ? Storage::kSource : Storage::kNpy;
}

json WithoutRunId(json j) {
  j.erase("run_id");
  return j;
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
  for (int i = 0; i < d.size(); ++i) {
    for (int k = 0; k < d.dim(); ++k) out += ToExactDecimalString(d.X(k, i)) + ",";
    out += std::to_string(d.labels[i]) + "\n";
  }
  return out;
}

json ModelJson(const TrainResult& r, const std::string& config_hash, const std::string& data_hash) {
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
          {"config_sha256", config_hash},
          {"name", r.config.name},
          {"widths", s.widths},
          {"activation", s.activation.Name()},
          {"loss", s.loss.Name()},
          {"bias", s.bias},
          {"lambda", ToDecimalString(s.lambda)},
          {"lambda_exact", ToExactDecimalString(s.lambda)},
          {"lambda_b", ToDecimalString(s.lambda_b)},
          {"lambda_b_exact", ToExactDecimalString(s.lambda_b)},
          {"precision", r.precision.ToString()},
          {"precision_bits", r.precision.WorkingBits()},
          {"parameter_strings", "exact"},
          {"certificate", !r.certificate.grad_norm_2.empty()},
          {"num_parameters", s.NumParameters()},
          {"layers", layers},
          {"data",
           {{"file", "data.csv"},
            {"sha256", data_hash},
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
    text = ReadInputFile(p, InputKind::kRunRecord);
  } catch (const std::exception& e) {
    LoadError(dir, file, e.what());
  }
  try {
    // Unique keys and a nesting limit, like every JSON nrc reads (io/json_reader.h).
    return JsonReader::Parse(text, file);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("run directory " + dir.string() + ": " + e.what());
  }
}

// Format 2: data.csv's bytes against model.json's data sha256 and the run_id,
// before any of it is interpreted.
void VerifyCsvContent(const fs::path& dir, const RunDirectory& rd) {
  std::string csv;
  try {
    csv = ReadInputFile(dir / "data.csv", InputKind::kCsvData);
  } catch (const std::exception& e) {
    LoadError(dir, "data.csv", e.what());
  }
  try {
    if (Sha256Hex(csv) != rd.model.at("data").at("sha256").get<std::string>()) {
      LoadError(dir, "data.csv", "does not match its sha256 in model.json (interrupted write or edited file?)");
    }
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  }
  if (ContentId(rd.config, rd.model, csv) != rd.run_id) {
    LoadError(dir, "model.json", "content does not match its run_id (edited or corrupted file?)");
  }
}

Dataset LoadCsvData(const fs::path& dir, int K) {
  CsvOptions co;
  co.expected_classes = K;
  try {
    return ReadCsvDataset((dir / "data.csv").string(), co);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("run directory: ") + e.what());
  }
}

// Format 3: data.npy + labels.npy, or the named source loaded again (and
// standardised again: the same bits), checked against model.json's data
// sha256 (the canonical .npy bytes, datasets/npy_writer.h).
Dataset LoadBinaryData(const fs::path& dir, const json& m, int K) {
  std::string storage, source, sha256;
  bool standardized = false;
  std::vector<std::string> class_names;
  try {
    const json& dj = m.at("data");
    storage = dj.at("storage").get<std::string>();
    source = dj.at("source").get<std::string>();
    sha256 = dj.at("sha256").get<std::string>();
    standardized = dj.at("standardized").get<bool>();
    class_names = dj.at("class_names").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  }
  if (storage != "npy" && storage != "source") {
    LoadError(dir, "model.json", "data storage '" + storage + "' unknown (npy or source)");
  }
  Dataset data;
  std::string file;
  try {
    if (storage == "npy") {
      file = "data.npy";
      data = ReadNpyDataset((dir / "data.npy").string(), (dir / "labels.npy").string(), K);
    } else {
      file = "data source " + source;
      data = LoadDataSource(source, K);
      if (standardized) StandardizeFeatures(&data);
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("run directory " + dir.string() + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("run directory " + dir.string() + ": " + e.what());
  }
  if (DatasetNpySha256(data) != sha256) {
    LoadError(dir, storage == "npy" ? "data.npy/labels.npy" : file,
              "does not match its sha256 in model.json (interrupted write, edited file or another version of the data)");
  }
  data.class_names = class_names;
  return data;
}

}  // namespace

std::string RunDataFileName(const std::string& source, const Dataset& data) {
  switch (StorageFor(source, data)) {
    case Storage::kCsv: return "data.csv";
    case Storage::kNpy: return "data.npy";
    case Storage::kSource: break;
  }
  return "";
}

std::string RunDirectory::Seal(const json& j) {
  json c = j;
  if (c.is_object()) c.erase("sha256");
  return Sha256Hex(c.dump());
}

void WriteRunDirectory(const fs::path& dir, const TrainResult& r) {
  CreateFolders(dir);       // no link followed below a claimed folder (io/atomic_file.h)
  OutputFolder::Mark(dir);  // unless claimed with --force: marked when the command succeeds

  json config = r.config.ToJson();
  config["format"] = kConfigFormat;
  const Storage storage = StorageFor(r.config.data, r.data);
  const std::string csv = storage == Storage::kCsv ? DataCsv(r.data) : std::string();
  json model = ModelJson(r, Sha256Hex(WithoutRunId(config).dump()),
                         storage == Storage::kCsv ? Sha256Hex(csv) : DatasetNpySha256(r.data));
  if (storage != Storage::kCsv) {
    model["format"] = kModelFormatBinary;
    json& data = model["data"];
    data["storage"] = storage == Storage::kNpy ? "npy" : "source";
    data["file"] = storage == Storage::kNpy ? json("data.npy") : json(nullptr);
    data["labels_file"] = storage == Storage::kNpy ? json("labels.npy") : json(nullptr);
  }
  const std::string run_id = storage == Storage::kCsv ? ContentId(config, model, csv) : BinaryContentId(config, model);
  config["run_id"] = run_id;
  model["run_id"] = run_id;

  json log = {{"format", kLogFormat}, {"run_id", run_id}, {"total_seconds", r.seconds}, {"total_cpu_seconds", r.cpu_seconds}};
  log["stages"] = json::array();
  for (const auto& s : r.stages) log["stages"].push_back(s.ToJson());
  if (!r.origin.is_null()) log["origin"] = r.origin;
  log["sha256"] = RunDirectory::Seal(log);

  // Data first, then the files that name it; data files of another storage
  // (an earlier run in this folder) are removed.
  for (const char* file : {"data.csv", "data.npy", "labels.npy"}) {
    const bool mine = (storage == Storage::kCsv && std::string(file) == "data.csv") ||
                      (storage == Storage::kNpy && std::string(file) != "data.csv");
    if (!mine) RemoveFile(dir / file);
  }
  if (storage == Storage::kCsv) WriteFileAtomically(dir / "data.csv", csv);
  if (storage == Storage::kNpy) {
    WriteFileAtomically(dir / "data.npy", NpyFeaturesBytes(r.data));
    WriteFileAtomically(dir / "labels.npy", NpyLabelsBytes(r.data));
  }
  WriteFileAtomically(dir / "config.json", config.dump(2) + "\n");
  WriteFileAtomically(dir / "model.json", model.dump(2) + "\n");
  WriteFileAtomically(dir / "log.json", log.dump(2) + "\n");
  if (!r.certificate.grad_norm_2.empty()) {
    json cert = r.certificate.ToJson();
    cert["run_id"] = run_id;
    cert["sha256"] = RunDirectory::Seal(cert);
    WriteFileAtomically(dir / "certificate.json", cert.dump(2) + "\n");
  } else {
    RemoveFile(dir / "certificate.json");  // a stale one would belong to another run
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
  rd.log = ReadJson(dir, "log.json", true);

  const json& m = rd.model;
  try {
    const std::string format = m.at("format").get<std::string>();
    if (format == "nrc-model/1") {
      LoadError(dir, "model.json", "format nrc-model/1 (written by an older nrc, without content hashes): train it again");
    }
    if (format != kModelFormat && format != kModelFormatBinary) LoadError(dir, "model.json", "unknown format");
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
  try {
    if (m.at("certificate").get<bool>() != !rd.certificate.is_null()) {
      LoadError(dir, "certificate.json", rd.certificate.is_null() ? "missing (model.json says the run has one)"
                                                                   : "present, but model.json says the run has none");
    }
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  }
  same_run(rd.config, "config.json");
  same_run(rd.certificate, "certificate.json");
  same_run(rd.log, "log.json");
  auto sealed = [&](const json& j, const std::string& file) {
    if (j.is_null()) return;
    if (!j.contains("sha256") || !j["sha256"].is_string() || j["sha256"].get<std::string>() != Seal(j)) {
      LoadError(dir, file, "content does not match its sha256 seal (edited or corrupted file?)");
    }
  };
  sealed(rd.certificate, "certificate.json");
  sealed(rd.log, "log.json");
  try {
    if (m.at("config_sha256").get<std::string>() != Sha256Hex(WithoutRunId(rd.config).dump())) {
      LoadError(dir, "config.json", "content does not match config_sha256 in model.json (edited or corrupted file?)");
    }
  } catch (const json::exception& e) {
    LoadError(dir, "model.json", e.what());
  }

  const bool binary = m.at("format").get<std::string>() == kModelFormatBinary;
  if (!binary) VerifyCsvContent(dir, rd);
  if (binary && BinaryContentId(rd.config, rd.model) != rd.run_id) {
    LoadError(dir, "model.json", "content does not match its run_id (edited or corrupted file?)");
  }

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

  if (K < 2) {
    LoadError(dir, "model.json", "K = " + std::to_string(K) + " class" + (K == 1 ? "" : "es") +
                                     ": the theory needs at least 2 classes");
  }
  rd.data = binary ? LoadBinaryData(dir, m, K) : LoadCsvData(dir, K);
  if (rd.data.size() != N || rd.data.dim() != d || rd.data.num_classes != K || d != rd.spec.widths.front() ||
      K != rd.spec.num_classes()) {
    LoadError(dir, binary ? "data" : "data.csv", "shape does not match model.json");
  }
  return rd;
}

template <class T>
MlpParameters<T> RunDirectory::Parameters() const {
  return ParseParameters<T>(spec, parameters);
}

StationarityCertificate RunDirectory::VerifiedCertificate(bool* present) const {
  if (present != nullptr) *present = !certificate.is_null();
  if (certificate.is_null()) return StationarityCertificate();
  const std::string where = "run directory " + path.string() + ": certificate.json: ";
  StationarityCertificate stored;
  try {
    stored = StationarityCertificate::FromJson(certificate);
  } catch (const std::exception& e) {
    throw std::runtime_error(where + e.what());
  }
  if (stored.parameters_precision != precision.ToString()) {
    throw std::runtime_error(where + "parameters_precision is '" + stored.parameters_precision + "', model.json says '" +
                             precision.ToString() + "'");
  }
  if (stored.bits < 2 || stored.bits > 1 << 16) throw std::runtime_error(where + "precision_bits out of range");
  StationarityCertificate c;
  try {
    c = ComputeCertificate(spec, data, parameters, RecomputeOptions(stored, precision));
  } catch (const std::exception& e) {
    throw std::runtime_error(where + e.what());
  }
  CheckSameCertificate(stored, c, where);
  c.hessian = stored.hessian;
  c.seconds = stored.seconds;
  return c;
}

namespace {

bool SameData(const Dataset& a, const Dataset& b) {
  return a.num_classes == b.num_classes && a.labels == b.labels && a.X.rows() == b.X.rows() &&
         a.X.cols() == b.X.cols() && std::equal(a.X.data(), a.X.data() + a.X.size(), b.X.data());
}

}  // namespace

StationarityCertificate RunDirectory::CertificateOfTraining(const TrainResult& trained, bool* present) const {
  if (certificate.is_null() || trained.certificate.grad_norm_2.empty() || parameters != trained.parameters ||
      spec.Describe() != trained.spec.Describe() || spec.widths != trained.spec.widths ||
      spec.lambda != trained.spec.lambda || spec.lambda_b != trained.spec.lambda_b ||
      precision.ToString() != trained.precision.ToString() || !SameData(data, trained.data)) {
    return VerifiedCertificate(present);
  }
  nlohmann::json stored = certificate;
  stored.erase("run_id");
  stored.erase("sha256");
  if (stored != trained.certificate.ToJson()) return VerifiedCertificate(present);
  if (present != nullptr) *present = true;
  return trained.certificate;
}

#define NRC_RUN_DIRECTORY_INSTANTIATE(T) template MlpParameters<T> RunDirectory::Parameters<T>() const;
NRC_FOR_EACH_SCALAR(NRC_RUN_DIRECTORY_INSTANTIATE)

}  // namespace nrc
