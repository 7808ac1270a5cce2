// Parser fuzzing of the export reader, ImportedNetwork::Load (issue 20):
// mutated export.json texts (structured JSON edits, then text edits, plus
// deep nesting) and mutated data.csv files either import -- a valid spec with
// K >= 2, one parameter string per parameter, data that fits the network --
// or fail with one line (std::invalid_argument, or a DataError naming
// data.csv). Never a crash, a hang or an other exception. Run under ASan +
// UBSan by tools/sanitize. ctest: imported_network_fuzz_test (label property,
// 200 inputs) and imported_network_fuzz_long (label fuzz, 1e5 inputs).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>

#include "datasets/data_error.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_mutator.h"
#include "training/imported_network.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

const char* kExport = R"({
  "format": "nrc-export/1", "name": "tiny", "producer": "test", "loss": "mse",
  "lambda": "0.001", "lambda_b": "0.001",
  "regularization": {"weight_decay": "0.001", "bias_weight_decay": "0.001", "reduction": "spec",
                     "data_loss_scale": "1", "rule": "r", "optimizer": "SGD"},
  "modules": [
    {"index": 0, "type": "Linear", "in_features": 2, "out_features": 3,
     "weight": [["0.1", "-0.30000000000000004"], ["1.25", "2e-310"], ["-0.5", "0.25"]],
     "bias": ["0.01", "-0.02", "0.03"]},
    {"index": 1, "type": "LeakyReLU", "negative_slope": "0.01"},
    {"index": 2, "type": "Linear", "in_features": 3, "out_features": 2,
     "weight": [["0.7", "-0.6", "0.5"], ["0.4", "0.3", "-0.2"]], "bias": ["0.0", "-0.0"]}
  ],
  "data": {"file": "data.csv", "N": 4, "d": 2, "K": 2}
})";

const char* kCsv = "0.5,1,0\n-0.25,0.125,1\n1.0000000000000002,-3,0\n2,0.1,1\n";

void Write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

RC_GTEST_PROP(ImportedNetworkFuzz, MutatedExportImportsConsistentlyOrFailsWithOneLine, ()) {
  static const fs::path dir = test::FreshProcessTempDir("nrc_import_fuzz_");
  std::string text = test::GenMutatedJson({kExport});
  if (*rc::gen::inRange(0, 10) == 0) {  // nesting far beyond the reader's limit
    text = text.substr(0, text.size() - 2) + ", \"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  }
  const bool bad_csv = *rc::gen::inRange(0, 4) == 0;
  Write(dir / "export.json", text);
  Write(dir / "data.csv", bad_csv ? test::GenMutatedText({kCsv}) : std::string(kCsv));
  try {
    const ImportedNetwork net = ImportedNetwork::Load(dir);
    RC_CLASSIFY(true, "imported");
    bool valid = true;  // outside the catch below: an invalid spec fails the property
    try {
      net.spec.Validate();
    } catch (const std::invalid_argument&) {
      valid = false;
    }
    RC_ASSERT(valid);
    RC_ASSERT(net.spec.num_classes() >= 2);
    RC_ASSERT(static_cast<int>(net.parameters.size()) == net.spec.NumParameters());
    RC_ASSERT(net.data.dim() == net.spec.widths.front());
    RC_ASSERT(net.data.num_classes == net.spec.num_classes());
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    RC_ASSERT(std::string(e.what()).find('\n') == std::string::npos);
    RC_ASSERT(std::string(e.what()).rfind(dir.string(), 0) == 0);  // names the data file
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "refused");
    const std::string what = e.what();
    RC_ASSERT(!what.empty());
    RC_ASSERT(what.find('\n') == std::string::npos);
  }
}

}  // namespace
}  // namespace nrc
