// The corruption campaign (issue 11): run directories are mutated at random --
// one digit changed, one JSON field changed (also "forged": the file's seal
// recomputed after the edit), one file swapped in from another run, a file
// deleted or truncated -- and every mutation must be either rejected (a
// one-line error) or recomputed; what is shown (a reused analysis, a
// recomputed analysis, the verified certificate) must be exactly what the
// pristine directory gives. Never stale.
//
// ctest: corruption_campaign_test (label property, 200 mutations) and
// corruption_campaign_long (label fuzz, RC_PARAMS max_success=20000).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "io/atomic_file.h"
#include "reports/run_analysis.h"
#include "suite/point_worker.h"
#include "suite/suite_point.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kFiles[] = {"config.json", "model.json", "data.csv", "certificate.json", "log.json", "analysis.json"};

struct Pristine {
  fs::path root, a, b;  // two runs of the same problem (seeds 1 and 2), analysed
  SuitePoint point;     // run a's point
  std::string analysis;  // RunAnalysis::ToJson().dump() of run a
  std::string certificate_grad_norm;
};

TrainConfig Tiny(std::uint64_t seed) {
  TrainConfig c;
  c.name = "tiny";
  c.data = "gauss:K=3,d=4,n=6,std=0.2,seed=3";
  c.widths = {4, 5, 3};
  c.precision = "mpfr:128";
  c.seed = seed;
  return c;
}

const Pristine& Runs() {
  static const Pristine p = [] {
    Pristine p;
    p.root = fs::temp_directory_path() / ("nrc_corruption_" + std::to_string(::getpid()));
    fs::remove_all(p.root);
    p.a = p.root / "a";
    p.b = p.root / "b";
    p.point.name = "tiny";
    p.point.relative_dir = "a";
    p.point.config = Tiny(1);
    p.point.analysis.precision = "mpfr:256";
    for (const auto& [dir, seed] : {std::pair<fs::path, int>{p.a, 1}, {p.b, 2}}) {
      WriteRunDirectory(dir, Train(Tiny(seed)));
      const RunAnalysis analysis = RunAnalysis::Analyze(RunDirectory::Load(dir), p.point.analysis);
      analysis.Save(dir);
      if (seed == 1) p.analysis = analysis.ToJson().dump();
    }
    p.certificate_grad_norm = RunDirectory::Load(p.a).certificate.at("grad_norm_2").get<std::string>();
    return p;
  }();
  return p;
}

// Every leaf of a JSON document, as a JSON pointer.
void Leaves(const json& j, const json::json_pointer& at, std::vector<json::json_pointer>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) Leaves(it.value(), at / it.key(), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) Leaves(j[i], at / i, out);
  } else {
    out->push_back(at);
  }
}

// A different value of the same kind.
json Changed(const json& v, int how) {
  if (v.is_boolean()) return !v.get<bool>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<long long>() + 1 + how;
  if (v.is_number_float()) return v.get<double>() * (1 + 1e-12 * (how + 1)) + (v.get<double>() == 0 ? 1e-300 : 0);
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.empty()) return "x";
    const std::size_t k = static_cast<std::size_t>(how) % s.size();
    s[k] = s[k] == '1' ? '2' : '1';
    return s;
  }
  return 1;  // null
}

enum class Kind { kDigit, kField, kForgedField, kSwap, kDelete, kTruncate };
const char* KindName(Kind k) {
  switch (k) {
    case Kind::kDigit: return "one digit";
    case Kind::kField: return "one field";
    case Kind::kForgedField: return "one field, re-sealed";
    case Kind::kSwap: return "file swapped between runs";
    case Kind::kDelete: return "file deleted";
    case Kind::kTruncate: return "file truncated";
  }
  return "?";
}

// Applies the mutation; false when it does not apply (e.g. no digit in the file).
bool Mutate(const fs::path& dir, Kind kind, const std::string& file, std::size_t pick, int how, std::string* field) {
  const fs::path path = dir / file;
  std::string text = ReadWholeFile(path);
  switch (kind) {
    case Kind::kDigit: {
      std::vector<std::size_t> digits;
      for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] >= '0' && text[i] <= '9') digits.push_back(i);
      if (digits.empty()) return false;
      char& c = text[digits[pick % digits.size()]];
      c = static_cast<char>('0' + (c - '0' + 1 + how % 9) % 10);
      break;
    }
    case Kind::kField:
    case Kind::kForgedField: {
      if (file == "data.csv") return false;
      json j = json::parse(text);
      std::vector<json::json_pointer> leaves;
      Leaves(j, json::json_pointer(), &leaves);
      if (leaves.empty()) return false;
      const auto& at = leaves[pick % leaves.size()];
      *field = at.to_string();
      j[at] = Changed(j[at], how);
      if (kind == Kind::kForgedField && j.contains("sha256")) j["sha256"] = RunDirectory::Seal(j);
      text = j.dump(2);
      break;
    }
    case Kind::kSwap:
      text = ReadWholeFile(Runs().b / file);
      break;
    case Kind::kDelete:
      fs::remove(path);
      return true;
    case Kind::kTruncate:
      text.resize(pick % (text.size() + 1) / 2);
      break;
  }
  WriteFileAtomically(path, text);
  return true;
}

RC_GTEST_PROP(CorruptionCampaign, EveryMutationIsRejectedOrRecomputedNeverShownStale, ()) {
  const Pristine& p = Runs();
  const Kind kind = static_cast<Kind>(*rc::gen::inRange(0, 6));
  // Forgery (the seal recomputed after the edit) is tried on certificate.json,
  // which nrc recomputes; an unkeyed hash cannot stop a forger elsewhere.
  const std::string file = kind == Kind::kForgedField ? "certificate.json" : kFiles[*rc::gen::inRange(0, 6)];
  const std::size_t pick = *rc::gen::inRange<std::size_t>(0, 1u << 30);
  const int how = *rc::gen::inRange(0, 1000);
  const fs::path dir = p.root / ("case_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(p.a, dir, fs::copy_options::recursive);
  std::string field;
  RC_PRE(Mutate(dir, kind, file, pick, how, &field));
  RC_CLASSIFY(true, std::string(KindName(kind)) + " in " + file);

  std::string outcome;
  try {
    const RunDirectory run = RunDirectory::Load(dir);
    RunAnalysis shown;
    if (PointWorker::IsFinished(p.point, dir, &shown)) {
      outcome = "reused (verified unchanged)";
    } else {
      bool computed = false;
      shown = RunAnalysis::LoadOrAnalyze(run, p.point.analysis, &computed);
      outcome = computed ? "recomputed" : "cached";
    }
    // Whatever is shown is what the pristine run gives. The one accepted
    // forgery: the certificate's Hessian section and timings, which are
    // covered by the seal only and never reported as bounds.
    RC_ASSERT(run.VerifiedCertificate().grad_norm_2 == p.certificate_grad_norm);
    if (kind == Kind::kForgedField) {
      RC_ASSERT(field.rfind("/hessian", 0) == 0 || field == "/seconds" || field == "/sha256");
    }
    RC_ASSERT(shown.ToJson().dump() == p.analysis);
  } catch (const std::runtime_error& e) {
    outcome = "rejected";
    RC_ASSERT(std::string(e.what()).find('\n') == std::string::npos);
  }
  RC_CLASSIFY(true, outcome);
  fs::remove_all(dir);
}

// Negative control: the campaign's checks do see an unmutated directory as
// reusable, so "rejected" above is not an artefact of the harness.
TEST(CorruptionCampaign, PristineDirectoryIsReused) {
  const Pristine& p = Runs();
  RunAnalysis shown;
  ASSERT_TRUE(PointWorker::IsFinished(p.point, p.a, &shown));
  EXPECT_EQ(shown.ToJson().dump(), p.analysis);
}

// Regression (issue 11): after a point's model.json was edited, a rerun of the
// sweep reported "reused" and kept the stale analysis.
TEST(CorruptionCampaign, EditedModelIsNotReused) {
  const Pristine& p = Runs();
  const fs::path dir = p.root / "edited";
  fs::remove_all(dir);
  fs::copy(p.a, dir, fs::copy_options::recursive);
  json m = json::parse(ReadWholeFile(dir / "model.json"));
  std::string w = m["layers"][0]["W"][0][0].get<std::string>();
  w[w.find_first_of("123456789", 3)] = '0';
  m["layers"][0]["W"][0][0] = w;
  WriteFileAtomically(dir / "model.json", m.dump(2));
  RunAnalysis shown;
  EXPECT_FALSE(PointWorker::IsFinished(p.point, dir, &shown));
  EXPECT_THROW(RunDirectory::Load(dir), std::runtime_error);
}

}  // namespace
}  // namespace nrc
