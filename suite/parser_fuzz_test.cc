// Parser fuzzing of nrc's JSON readers (issue 11): mutated texts
// (tests/support/text_mutator.h: structured JSON edits, then text edits) of a
// training configuration
// (TrainConfig::FromJson), a sweep configuration (SweepConfig::Load and
// Expand) and of each file of a run directory (RunDirectory::Load) either
// read or fail with one line (std::invalid_argument / std::runtime_error; the
// JSON syntax error of nlohmann::json::parse for the bare configuration) --
// never a crash, a hang or an other exception. A training configuration that
// reads must also write and read back to itself (round-trip oracle); the
// sweep and run-directory properties check only "reads or one line". Run under ASan + UBSan by
// tools/sanitize. ctest: parser_fuzz_test (label property, 200 inputs per
// property) and parser_fuzz_long (label fuzz, 1e6 inputs per property).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/atomic_file.h"
#include "suite/sweep_config.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_mutator.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/train_config.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

fs::path Scratch() {
  static const fs::path dir = test::FreshProcessTempDir("nrc_parser_fuzz_");
  return dir;
}

void ExpectOneLine(const std::exception& e) {
  const std::string what = e.what();
  RC_ASSERT(!what.empty());
  RC_ASSERT(what.find('\n') == std::string::npos);
}

RC_GTEST_PROP(ParserFuzz, TrainConfigReadsOrFailsWithOneLine, ()) {
  static const std::vector<std::string> seeds = [] {
    std::vector<std::string> s;
    for (const auto& name : ReferenceProblemNames()) s.push_back(ReferenceProblem(name).ToJson().dump(2));
    return s;
  }();
  const std::string text = test::GenMutatedJson(seeds);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    RC_CLASSIFY(true, "not JSON");
    return;
  }
  try {
    const TrainConfig c = TrainConfig::FromJson(j);
    c.Validate();
    RC_CLASSIFY(true, "read");
    // Round-trip oracle: what was read writes and reads back to itself (no
    // field lost or changed between FromJson and ToJson).
    const nlohmann::json written = c.ToJson();
    nlohmann::json again;
    try {  // (outside the refusal below: a config written by nrc must read back)
      again = TrainConfig::FromJson(written).ToJson();
    } catch (const std::exception& e) {
      RC_FAIL(std::string("a configuration that was read does not read back: ") + e.what());
    }
    RC_ASSERT(again == written);
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "invalid_argument");
    ExpectOneLine(e);
  }
}

RC_GTEST_PROP(ParserFuzz, SweepConfigReadsOrFailsWithOneLine, ()) {
  static const std::string seed = ReadWholeFile(fs::path(NRC_SOURCE_DIR) / "examples" / "sweep-lambda-width.json");
  const fs::path file = Scratch() / "sweep.json";
  WriteFileAtomically(file, test::GenMutatedJson({seed}));
  try {
    const SweepConfig c = SweepConfig::Load(file);
    RC_CLASSIFY(true, "read");
    (void)c.Expand();
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "invalid_argument");
    ExpectOneLine(e);
  }
}

// One file of a small run directory mutated: Load verifies every byte before
// interpreting it, so this mostly exercises the hash checks; the forged
// variant (hashes recomputed after the edit) reaches the parsers behind them.
RC_GTEST_PROP(ParserFuzz, RunDirectoryLoadsOrFailsWithOneLine, ()) {
  static const fs::path pristine = [] {
    const fs::path d = Scratch() / "pristine";
    TrainConfig c;
    c.name = "tiny";
    c.data = "gauss:K=3,d=3,n=4,std=0.2,seed=3";
    c.widths = {3, 4, 3};
    c.precision = "double";
    WriteRunDirectory(d, Train(c));
    return d;
  }();
  static const char* const files[] = {"config.json", "model.json", "data.csv", "certificate.json", "log.json"};
  const std::string file = files[*rc::gen::inRange(0, 5)];
  const fs::path dir = Scratch() / "case";
  fs::remove_all(dir);
  fs::copy(pristine, dir, fs::copy_options::recursive);
  const std::string original = ReadWholeFile(pristine / file);
  std::string text = file == "data.csv" ? test::GenMutatedText({original}) : test::GenMutatedJson({original});
  const bool forge = *rc::gen::arbitrary<bool>();
  if (forge) {
    // Recompute what Load checks, so that the mutated content gets parsed.
    try {
      if (file == "certificate.json" || file == "log.json") {
        nlohmann::json j = nlohmann::json::parse(text);
        if (j.is_object()) j["sha256"] = RunDirectory::Seal(j);
        text = j.dump(2);
      }
    } catch (const nlohmann::json::exception&) {
    }
  }
  WriteFileAtomically(dir / file, text);
  RC_CLASSIFY(forge, "forged");
  try {
    const RunDirectory run = RunDirectory::Load(dir);
    (void)run.VerifiedCertificate();
    RC_CLASSIFY(true, "read");
  } catch (const std::runtime_error& e) {
    RC_CLASSIFY(true, "runtime_error");
    ExpectOneLine(e);
  }
}

}  // namespace
}  // namespace nrc
