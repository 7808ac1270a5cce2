#include "reports/run_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "datasets/data_source.h"
#include "io/atomic_file.h"
#include "io/json_fields.h"
#include "io/json_reader.h"
#include "io/quoted.h"
#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/compression_check.h"
#include "proofs-check/compression_sweep.h"
#include "proofs-check/stored_network_check.h"
#include "io/json_numbers.h"
#include "training/config_field.h"
#include "training/stationarity_certificate.h"

namespace nrc {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kFormat = "nrc-analysis/3";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

json ConfigWithoutId(json config) {
  if (config.is_object()) {
    config.erase("format");
    config.erase("run_id");
  }
  return config;
}

}  // namespace

ordered_json RunAnalysis::Options::ToJson() const {
  ordered_json j;
  j["precision"] = precision;
  j["rank_threshold"] = rank_threshold;
  j["proofs"] = proofs;
  return j;
}

RunAnalysis::Options RunAnalysis::Options::FromJson(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("analysis options must be a JSON object");
  Options o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "precision") {
      o.precision = ConfigField::CheckPrecision(*it, "'precision'");
    } else if (it.key() == "rank_threshold") {
      o.rank_threshold = ConfigField::RankThreshold(*it, "'rank_threshold'");
    } else if (it.key() == "proofs") {
      if (!it->is_boolean()) throw std::invalid_argument("'proofs' must be true or false");
      o.proofs = it->get<bool>();
    } else {
      throw std::invalid_argument("unknown key " + Quoted(it.key()) + " (expected precision, rank_threshold, proofs)");
    }
  }
  o.Validate();
  return o;
}

void RunAnalysis::Options::Validate() const {
  // The validators of the command line and the JSON readers (training/config_field.h).
  (void)ConfigField::CheckPrecision(precision, "analysis precision");
  (void)ConfigField::RankThreshold(rank_threshold, "rank threshold");
}

Outcome RunAnalysis::Layer::Worst() const {
  return violated > 0 ? Outcome::kViolated
                      : (undecided > 0 ? Outcome::kUndecided : (holds > 0 || proven == 0 ? Outcome::kHolds : Outcome::kProven));
}

int RunAnalysis::Count(Outcome o) const {
  int n = 0;
  for (const auto& v : verdicts) n += v.verdict == o ? 1 : 0;
  return n;
}

int RunAnalysis::RoundingBits() const {
  int bits = check_bits;
  try {
    bits = std::min(bits, Precision::Parse(train_precision).WorkingBits());
  } catch (const std::invalid_argument&) {
  }
  return bits;
}

double RunAnalysis::RoundingLevel(int l) const {
  const Layer& layer = layers.at(l - 1);
  const double sigma1 = layer.summary.sigma_W.empty() ? 0.0 : layer.summary.sigma_W.front();
  return std::max(layer.summary.rows, layer.summary.cols) * std::ldexp(1.0, -RoundingBits()) * sigma1;
}

Outcome RunAnalysis::Worst() const {
  Outcome o = verdicts.empty() ? Outcome::kHolds : Outcome::kProven;
  for (const auto& v : verdicts) o = nrc::Worst(o, v.verdict);
  return o;
}

namespace {

// RunAnalysis's JSON form after "format", "run_id" and "options"
// (io/json_fields.h), and a layer's after its "summary".
constexpr auto kAnalysisFields = [](auto& a, auto&& field) {
  field("name", a.name);
  field("data", a.data);
  field("network", a.network);
  field("K", a.K);
  field("N", a.N);
  field("depth", a.depth);
  field("lambda", a.lambda);
  field("lambda_b", a.lambda_b);
  field("within_std", a.within_std, JsonNullIsNaN{});
  field("train_precision", a.train_precision);
  field("check_precision", a.check_precision);
  field("check_bits", a.check_bits);
  field("grad_norm_2", a.grad_norm_2, JsonNumberCodec{});
  field("grad_norm_2_upper", a.grad_norm_2_upper, JsonNumberCodec{});
  field("proof_note", a.proof_note);
  field("recheck_note", a.recheck_note);
  field("config", a.config);
};
constexpr auto kLayerFields = [](auto& l, auto&& field) {
  field("sigma_K", l.sigma_k, JsonNumberCodec{});
  field("has_sigma_K+1", l.has_sigma_k1);
  field("stationarity_share", l.stationarity_share, JsonNumberCodec{});
  field("proven", l.proven, JsonZeroIfAbsent{});
  field("holds", l.holds);
  field("undecided", l.undecided);
  field("violated", l.violated);
  field("attention", l.attention);
};

}  // namespace

ordered_json RunAnalysis::ToJson() const {
  ordered_json j;
  j["format"] = kFormat;
  j["run_id"] = run_id;
  j["options"] = options.ToJson();
  WriteJsonFields(j, *this, kAnalysisFields);
  ordered_json ls = ordered_json::array();
  for (const auto& l : layers) {
    ordered_json o;
    o["summary"] = l.summary.ToJson();
    WriteJsonFields(o, l, kLayerFields);
    ls.push_back(o);
  }
  j["layers"] = ls;
  ordered_json vs = ordered_json::array();
  for (const auto& v : verdicts) {
    // Slack terms in key order: Verdict::FromJson reads them through an
    // (ordered-by-key) nlohmann::json, so this makes the file round-trip.
    ordered_json vj = v.ToJson();
    vj["slack"] = ordered_json(json(vj["slack"]));
    vs.push_back(vj);
  }
  j["verdicts"] = vs;
  j["compression"] = compression.is_null() ? ordered_json(nullptr) : ordered_json(compression);
  return j;
}

RunAnalysis RunAnalysis::FromJson(const json& j) {
  RunAnalysis a;
  try {
    if (j.at("format").get<std::string>() != kFormat) throw std::runtime_error("unknown format (expected nrc-analysis/3)");
    a.run_id = j.at("run_id").get<std::string>();
    a.options = Options::FromJson(j.at("options"));
    ReadJsonFields(j, &a, kAnalysisFields);
    for (const auto& o : j.at("layers")) {
      Layer l;
      l.summary = LayerSummary::FromJson(o.at("summary"));
      ReadJsonFields(o, &l, kLayerFields);
      a.layers.push_back(std::move(l));
    }
    for (const auto& v : j.at("verdicts")) a.verdicts.push_back(Verdict::FromJson(v));
    a.compression = j.at("compression");
    if (!a.compression.is_null()) (void)CompressionSweep::FromJson(a.compression);  // validated here
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("analysis: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("analysis: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("analysis: ") + e.what());
  }
  if (static_cast<int>(a.layers.size()) != a.depth) throw std::runtime_error("analysis: 'layers' does not match 'depth'");
  return a;
}

RunAnalysis RunAnalysis::Analyze(const RunDirectory& run, const Options& options,
                                 const StationarityCertificate* verified) {
  options.Validate();
  const Precision p = Precision::Parse(options.precision);
  CheckOptions check_options;
  check_options.rank_threshold = options.rank_threshold;
  // One network context and one set of statements (CheckNetwork carries the
  // spectra), then the interval proofs and re-checks of undecided verdicts
  // (proofs-check/stored_network_check.h).
  StoredCheckOptions stored;
  stored.check = check_options;
  stored.prove = options.proofs;
  CheckReport report = CheckRunDirectory(run, p, stored);
  std::string compression_note;
  try {
    AppendCompressionVerdict(run, p, options.proofs, 128, &report);  // T14 for a compressed run (nrc compress)
  } catch (const std::exception& e) {  // e.g. the source run moved: the report goes on without T14
    compression_note = std::string("T14 not checked: ") + e.what();
  }

  RunAnalysis a;
  a.run_id = run.run_id;
  a.options = options;
  a.config = ConfigWithoutId(run.config);
  a.name = run.config.value("name", run.path.filename().string());
  a.data = run.config.value("data", std::string());
  a.network = run.spec.Describe();
  a.K = run.spec.num_classes();
  a.N = run.data.size();
  a.depth = run.spec.depth();
  a.lambda = run.spec.lambda;
  a.lambda_b = run.spec.lambda_b;
  a.within_std = kNaN;
  if (a.data.rfind("gauss", 0) == 0) {
    try {
      a.within_std = ParseGaussianSource(a.data).within_std;
    } catch (const std::invalid_argument&) {
    }
  }
  a.train_precision = run.precision.ToString();
  a.check_precision = report.precision;
  a.check_bits = p.WorkingBits();
  a.verdicts = report.verdicts;

  // Recomputed at the stored network and compared with certificate.json:
  // the report shows only what the stored network gives.
  bool has_cert = !run.certificate.is_null();
  const StationarityCertificate cert =
      verified != nullptr && has_cert ? *verified : run.VerifiedCertificate(&has_cert);
  a.certificate_sha256 = has_cert ? run.certificate.at("sha256").get<std::string>() : std::string();
  a.grad_norm_2 = has_cert ? cert.grad_norm_2_value : kNaN;
  a.grad_norm_2_upper = report.proof_bits > 0 ? report.grad_norm_2_upper : kNaN;
  a.proof_note = report.proof_note + (compression_note.empty() ? "" : "; " + compression_note);
  a.recheck_note = report.recheck_note;
  // The certified-compression curves (T14) where the interval path is cheap enough.
  if (options.proofs && CompressionSweep::Applicable(run)) a.compression = CompressionSweep::Compute(run).ToJson();

  for (const auto& row : report.layers) {
    Layer l;
    l.summary = row;
    const int l_index = row.layer;
    const auto& sw = row.sigma_W;
    l.sigma_k = static_cast<int>(sw.size()) >= a.K ? sw[a.K - 1] : 0.0;
    l.has_sigma_k1 = static_cast<int>(sw.size()) > a.K;
    l.stationarity_share = kNaN;
    if (has_cert) {
      for (const auto& c : cert.layers)
        if (c.layer == l_index) l.stationarity_share = c.stationarity_share_value;
    }
    for (const auto& v : report.verdicts) {
      if (v.layer != l_index) continue;
      if (v.verdict == Outcome::kHolds || v.verdict == Outcome::kProven) {
        ++(v.verdict == Outcome::kHolds ? l.holds : l.proven);
        continue;
      }
      (v.verdict == Outcome::kViolated ? l.violated : l.undecided) += 1;
      l.attention += (l.attention.empty() ? "" : "; ") + v.statement + " " + v.norm + ": " + OutcomeName(v.verdict);
    }
    a.layers.push_back(std::move(l));
  }
  return a;
}

bool RunAnalysis::LoadCached(const RunDirectory& run, const Options& options, RunAnalysis* out) {
  try {
    std::error_code ec;
    if (!std::filesystem::exists(run.path / kFileName, ec)) return false;
    const json j = JsonReader::ReadFile(run.path / kFileName);
    if (j.at("sha256").get<std::string>() != RunDirectory::Seal(j)) return false;  // edited or corrupted
    RunAnalysis a = FromJson(j);
    a.certificate_sha256 = j.at("certificate_sha256").get<std::string>();
    const std::string cert_sha = run.certificate.is_null() ? std::string() : run.certificate.at("sha256").get<std::string>();
    if (a.run_id != run.run_id || a.certificate_sha256 != cert_sha || !(a.options == options)) return false;
    // A verdict its own stored numbers contradict (edited and resealed) is not
    // reused: the analysis is computed again.
    for (const Verdict& v : a.verdicts) {
      if (!v.Contradiction().empty()) return false;
    }
    *out = std::move(a);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

RunAnalysis RunAnalysis::LoadOrAnalyze(const RunDirectory& run, const Options& options, bool* computed) {
  RunAnalysis a;
  if (LoadCached(run, options, &a)) {
    if (computed) *computed = false;
    return a;
  }
  if (computed) *computed = true;
  return Analyze(run, options);
}

void RunAnalysis::Save(const std::filesystem::path& dir) const {
  ordered_json j = ToJson();
  j["certificate_sha256"] = certificate_sha256;  // in analysis.json only: it depends on timings
  j["sha256"] = RunDirectory::Seal(json(j));
  WriteFileAtomically(dir / kFileName, j.dump(1) + "\n");
}

}  // namespace nrc
