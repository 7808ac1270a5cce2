// Unit tests for training/run_directory.h: write then Load round-trips the
// trained parameters bit for bit, the data and the certificate; a failed or
// interrupted write leaves no half-written file and is detected by Load.
#include "training/run_directory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "datasets/data_source.h"
#include "datasets/npy_writer.h"
#include "io/atomic_file.h"
#include "tests/support/temp_dir.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

TrainConfig Tiny(const std::string& precision, std::uint64_t seed = 1) {
  TrainConfig c;
  c.name = "tiny";
  c.data = "gauss:K=3,d=4,n=6,std=0.2,seed=3";
  c.widths = {4, 5, 3};
  c.precision = precision;
  c.seed = seed;
  return c;
}

class RunDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::ProcessTempPath("nrc_run_directory_test_");
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, ec);
    fs::remove_all(dir_, ec);
  }
  std::vector<std::string> TmpFiles(const fs::path& d) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(d)) {
      if (e.path().filename().string().find(".tmp-") != std::string::npos) out.push_back(e.path().string());
    }
    return out;
  }
  fs::path dir_;
};

TEST_F(RunDirectoryTest, WriteThenLoadRoundTripsParametersBitForBit) {
  ScopedMpfrPrecision guard(128);
  const TrainResult r = Train(Tiny("mpfr:128"));
  ASSERT_EQ(r.precision.ToString(), "mpfr:128");
  WriteRunDirectory(dir_ / "run", r);
  const RunDirectory rd = RunDirectory::Load(dir_ / "run");
  EXPECT_EQ(rd.precision.ToString(), "mpfr:128");
  EXPECT_EQ(rd.spec.Describe(), r.spec.Describe());
  EXPECT_EQ(rd.spec.lambda, r.spec.lambda);
  // Parameters<Mpfr> at the training precision equal the trained ones exactly.
  const MlpParameters<Mpfr> a = r.Parameters<Mpfr>(), b = rd.Parameters<Mpfr>();
  ASSERT_EQ(a.depth(), b.depth());
  for (int l = 1; l <= a.depth(); ++l) {
    for (Eigen::Index i = 0; i < a.W[l].size(); ++i) {
      EXPECT_EQ(a.W[l].data()[i], b.W[l].data()[i]) << "W" << l << " entry " << i;
      EXPECT_EQ(mpfr_get_prec(b.W[l].data()[i].backend().data()), 128);  // 128 bits are reachable exactly
    }
    for (Eigen::Index i = 0; i < a.b[l].size(); ++i) EXPECT_EQ(a.b[l](i), b.b[l](i));
  }
  // ... and the strings themselves are the ones trained.
  EXPECT_EQ(rd.parameters, r.parameters);
  // The data round-trips exactly (exact decimals), labels and all.
  ASSERT_EQ(rd.data.size(), r.data.size());
  EXPECT_TRUE((rd.data.X.array() == r.data.X.array()).all());
  EXPECT_EQ(rd.data.labels, r.data.labels);
  // The certificate is there, with the top-level gradient norm.
  EXPECT_EQ(rd.certificate.at("grad_norm_2").get<std::string>(), r.certificate.grad_norm_2);
  EXPECT_EQ(StationarityCertificate::FromJson(rd.certificate).ToJson().dump(),
            r.certificate.ToJson().dump());
  EXPECT_EQ(rd.log.at("stages").size(), r.stages.size());
  // config.json trains the same problem again.
  EXPECT_EQ(TrainConfig::FromJson(rd.config).ToJson(), r.config.ToJson());
  // model.json states lambda exactly.
  EXPECT_EQ(rd.model.at("lambda_exact").get<std::string>(),
            "1.000000000000000020816681711721685132943093776702880859375e-03");
  EXPECT_TRUE(TmpFiles(dir_ / "run").empty());
}

TEST_F(RunDirectoryTest, StandardizedDataAndDoubleParameters) {
  TrainConfig c = Tiny("double");
  c.standardize = true;
  const TrainResult r = Train(c);
  WriteRunDirectory(dir_, r);
  const RunDirectory rd = RunDirectory::Load(dir_);
  EXPECT_TRUE((rd.data.X.array() == r.data.X.array()).all());
  EXPECT_TRUE(rd.model.at("data").at("standardized").get<bool>());
  const Vector<double> a = r.Parameters<double>().Flatten(), b = rd.Parameters<double>().Flatten();
  EXPECT_TRUE((a.array() == b.array()).all());
}

TEST_F(RunDirectoryTest, FailedWriteLeavesNoHalfWrittenFileAndLoadRejectsTheMix) {
  const TrainResult first = Train(Tiny("double", 1));
  const TrainResult second = Train(Tiny("double", 2));
  WriteRunDirectory(dir_, first);
  // Make the fourth file impossible to replace: a non-empty directory in its place.
  fs::remove(dir_ / "log.json");
  fs::create_directories(dir_ / "log.json" / "blocker");
  EXPECT_THROW(WriteRunDirectory(dir_, second), std::runtime_error);
  EXPECT_TRUE(TmpFiles(dir_).empty());
  // data.csv, config.json and model.json are the second run's, complete;
  // certificate.json is still the first run's: Load refuses the mixture.
  try {
    RunDirectory::Load(dir_);
    FAIL() << "Load accepted a mixed directory";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
}

TEST_F(RunDirectoryTest, InterruptedWriteIsDetected) {
  // An interruption between two files leaves new files beside old ones:
  // simulated by copying one file of another run in.
  const TrainResult first = Train(Tiny("double", 1));
  const TrainResult second = Train(Tiny("double", 2));
  WriteRunDirectory(dir_ / "a", first);
  WriteRunDirectory(dir_ / "b", second);
  EXPECT_NO_THROW(RunDirectory::Load(dir_ / "a"));
  fs::copy_file(dir_ / "b" / "model.json", dir_ / "a" / "model.json", fs::copy_options::overwrite_existing);
  try {
    RunDirectory::Load(dir_ / "a");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("another run"), std::string::npos) << e.what();
  }
  // An edited data file is caught by its hash.
  WriteFileAtomically(dir_ / "b" / "data.csv", ReadWholeFile(dir_ / "b" / "data.csv") + "\n");
  EXPECT_THROW(RunDirectory::Load(dir_ / "b"), std::runtime_error);
  EXPECT_THROW(RunDirectory::Load(dir_ / "missing"), std::runtime_error);
}

// Loads dir and expects a one-line std::runtime_error mentioning every word.
void ExpectRejected(const fs::path& dir, const std::vector<std::string>& words) {
  try {
    const RunDirectory rd = RunDirectory::Load(dir);
    (void)rd.VerifiedCertificate();
    ADD_FAILURE() << "accepted " << dir;
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    for (const auto& w : words) EXPECT_NE(what.find(w), std::string::npos) << "'" << w << "' not in: " << what;
  }
}

nlohmann::json ReadJsonFile(const fs::path& p) { return nlohmann::json::parse(ReadWholeFile(p)); }
void WriteJsonFile(const fs::path& p, const nlohmann::json& j) { WriteFileAtomically(p, j.dump(2) + "\n"); }

// Issue 11: one digit of a W entry changed in model.json was accepted (the
// run_id was never recomputed).
TEST_F(RunDirectoryTest, OneDigitOfAWeightChangedIsRejected) {
  WriteRunDirectory(dir_, Train(Tiny("double")));
  nlohmann::json m = ReadJsonFile(dir_ / "model.json");
  std::string w = m["layers"][0]["W"][0][0].get<std::string>();
  const std::size_t k = w.find_first_of("123456789", 3);
  ASSERT_NE(k, std::string::npos);
  w[k] = w[k] == '9' ? '8' : static_cast<char>(w[k] + 1);
  m["layers"][0]["W"][0][0] = w;
  WriteJsonFile(dir_ / "model.json", m);
  ExpectRejected(dir_, {"model.json", "run_id"});
}

// Issue 11: lambda edited in model.json so that it disagrees with config.json.
TEST_F(RunDirectoryTest, LambdaEditedInModelJsonIsRejected) {
  WriteRunDirectory(dir_, Train(Tiny("double")));
  nlohmann::json m = ReadJsonFile(dir_ / "model.json");
  m["lambda"] = "2.0000000000000000e-03";
  WriteJsonFile(dir_ / "model.json", m);
  ExpectRejected(dir_, {"model.json"});
}

// Issue 11: a duplicate JSON key was silently resolved to its last value. Here
// model.json names "lambda" twice with the same value, so every hash still
// matches: only the reader can refuse it (io/json_reader.h, as every JSON nrc reads).
TEST_F(RunDirectoryTest, DuplicateKeyInModelJsonIsRejected) {
  WriteRunDirectory(dir_, Train(Tiny("double")));
  std::string text = ReadWholeFile(dir_ / "model.json");
  const std::size_t a = text.find("\n  \"lambda\":");
  ASSERT_NE(a, std::string::npos);
  const std::size_t b = text.find('\n', a + 1);
  text.insert(b, text.substr(a, b - a));
  WriteFileAtomically(dir_ / "model.json", text);
  ExpectRejected(dir_, {"model.json", "duplicate key"});
}

TEST_F(RunDirectoryTest, EditedConfigAndLogAreRejected) {
  WriteRunDirectory(dir_ / "a", Train(Tiny("double")));
  fs::copy(dir_ / "a", dir_ / "b");
  nlohmann::json c = ReadJsonFile(dir_ / "a" / "config.json");
  c["seed"] = 7;
  WriteJsonFile(dir_ / "a" / "config.json", c);
  ExpectRejected(dir_ / "a", {"config.json"});
  nlohmann::json l = ReadJsonFile(dir_ / "b" / "log.json");
  l["total_seconds"] = 0.5;
  WriteJsonFile(dir_ / "b" / "log.json", l);
  ExpectRejected(dir_ / "b", {"log.json", "sha256"});
}

// Issue 11: grad_norm_2 set to 1e-300 in certificate.json was reported as is.
// Caught by the seal; and when the forger re-seals the file, by the
// recomputation at the stored network.
TEST_F(RunDirectoryTest, EditedCertificateIsRejectedEvenWhenResealed) {
  ScopedMpfrPrecision guard(128);
  WriteRunDirectory(dir_, Train(Tiny("mpfr:128")));
  {
    const RunDirectory rd = RunDirectory::Load(dir_);
    bool present = false;
    const StationarityCertificate c = rd.VerifiedCertificate(&present);
    EXPECT_TRUE(present);
    EXPECT_EQ(c.grad_norm_2, rd.certificate.at("grad_norm_2").get<std::string>());
  }
  nlohmann::json cert = ReadJsonFile(dir_ / "certificate.json");
  cert["grad_norm_2"] = "1e-300";
  WriteJsonFile(dir_ / "certificate.json", cert);
  ExpectRejected(dir_, {"certificate.json", "sha256"});
  cert["sha256"] = RunDirectory::Seal(cert);
  WriteJsonFile(dir_ / "certificate.json", cert);
  ExpectRejected(dir_, {"certificate.json", "grad_norm_2", "1e-300", "stored network"});
}

// nrc verify's worker: the certificate the training computed is what
// VerifiedCertificate would recompute for the directory it wrote; it is used
// only when the directory holds exactly that training (another training's
// result, or a directory edited after it was written, is recomputed).
TEST_F(RunDirectoryTest, CertificateOfTrainingIsTheVerifiedCertificate) {
  ScopedMpfrPrecision guard(128);
  const TrainResult r = Train(Tiny("mpfr:128"));
  WriteRunDirectory(dir_, r);
  const RunDirectory rd = RunDirectory::Load(dir_);
  bool present = false;
  const StationarityCertificate handed = rd.CertificateOfTraining(r, &present);
  EXPECT_TRUE(present);
  const StationarityCertificate recomputed = rd.VerifiedCertificate();
  EXPECT_EQ(handed.ToJson(), recomputed.ToJson());
  EXPECT_EQ(handed.grad_norm_2_value, recomputed.grad_norm_2_value);
  EXPECT_EQ(handed.max_stationarity_share_value, recomputed.max_stationarity_share_value);
  ASSERT_EQ(handed.layers.size(), recomputed.layers.size());
  for (std::size_t i = 0; i < handed.layers.size(); ++i)
    EXPECT_EQ(handed.layers[i].stationarity_share_value, recomputed.layers[i].stationarity_share_value);

  const TrainResult other = Train(Tiny("mpfr:128", 2));
  EXPECT_EQ(rd.CertificateOfTraining(other).ToJson(), recomputed.ToJson());

  nlohmann::json cert = ReadJsonFile(dir_ / "certificate.json");
  cert["grad_norm_2"] = "1e-300";
  cert["sha256"] = RunDirectory::Seal(cert);
  WriteJsonFile(dir_ / "certificate.json", cert);
  const RunDirectory edited = RunDirectory::Load(dir_);
  try {
    (void)edited.CertificateOfTraining(r);
    ADD_FAILURE() << "an edited certificate was handed on";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("stored network"), std::string::npos) << e.what();
  }
}

// Issue 11: one-class data was accepted and ended in a false "violated".
TEST_F(RunDirectoryTest, OneClassIsAnInputError) {
  TrainConfig c = Tiny("double");
  c.data = "gauss:K=1,d=4,n=6,std=0.2,seed=3";
  c.widths = {4, 5, 1};
  try {
    (void)Train(c);
    FAIL() << "trained on one class";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at least 2 classes"), std::string::npos) << e.what();
  }
}

TEST_F(RunDirectoryTest, MarksItsFolderAsNrcs) {
  WriteRunDirectory(dir_, Train(Tiny("double")));
  EXPECT_TRUE(fs::exists(dir_ / ".nrc"));
}

TEST_F(RunDirectoryTest, UnwritableTargetThrowsOneLine) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  try {
    WriteRunDirectory(dir_ / "file" / "run", Train(Tiny("double")));
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write"), std::string::npos) << e.what();
  }
}

// Data above kRunDataCsvMaxValues: 500 samples x 600 features = 300000 values.
TrainConfig Wide(const std::string& data) {
  TrainConfig c;
  c.name = "wide";
  c.data = data;
  c.widths = {600, 2, 2};
  c.precision = "double";
  c.lbfgs.max_iterations = 3;
  c.newton.max_iterations = 0;
  return c;
}
const char* const kWideGauss = "gauss:K=2,d=600,n=250,std=0.2,seed=3";

TEST_F(RunDirectoryTest, LargeBuiltInDataIsReferredToByNameAndHash) {
  TrainConfig c = Wide(kWideGauss);
  c.standardize = true;  // Load standardises the source again: the same bits
  TrainOptions o;
  o.certificate = false;
  const TrainResult r = Train(c, o);
  EXPECT_EQ(RunDataFileName(c.data, r.data), "");
  WriteRunDirectory(dir_ / "run", r);
  for (const char* f : {"data.csv", "data.npy", "labels.npy"}) EXPECT_FALSE(fs::exists(dir_ / "run" / f)) << f;
  const RunDirectory rd = RunDirectory::Load(dir_ / "run");
  EXPECT_EQ(rd.model.at("format"), "nrc-model/3");
  EXPECT_EQ(rd.model.at("data").at("storage"), "source");
  EXPECT_EQ(rd.data.X, r.data.X);
  EXPECT_EQ(rd.data.labels, r.data.labels);
  EXPECT_EQ(rd.parameters, r.parameters);

  // Another content behind the same name (another version of the data) is refused.
  const std::string model = ReadWholeFile(dir_ / "run" / "model.json");
  const std::string sha = rd.model.at("data").at("sha256").get<std::string>();
  std::string edited = model;
  edited.replace(edited.find(sha), 64, std::string(64, '0'));
  WriteFileAtomically(dir_ / "run" / "model.json", edited);
  EXPECT_THROW(RunDirectory::Load(dir_ / "run"), std::runtime_error);  // run_id no longer matches
}

TEST_F(RunDirectoryTest, LargeFileDataIsStoredAsNpyAndSealed) {
  const Dataset g = LoadDataSource(kWideGauss);
  fs::create_directories(dir_ / "in");
  WriteFileAtomically(dir_ / "in" / "g-data.npy", NpyFeaturesBytes(g));
  WriteFileAtomically(dir_ / "in" / "g-labels.npy", NpyLabelsBytes(g));
  TrainOptions o;
  o.certificate = false;
  const TrainResult r = Train(Wide((dir_ / "in" / "g-data.npy").string()), o);
  EXPECT_EQ(RunDataFileName(r.config.data, r.data), "data.npy");
  fs::create_directories(dir_ / "run");
  WriteFileAtomically(dir_ / "run" / "data.csv", "stale");  // an earlier run's data file is removed
  WriteRunDirectory(dir_ / "run", r);
  EXPECT_FALSE(fs::exists(dir_ / "run" / "data.csv"));
  EXPECT_EQ(fs::file_size(dir_ / "run" / "data.npy"), 128u + 300000u * 8u);
  const RunDirectory rd = RunDirectory::Load(dir_ / "run");
  EXPECT_EQ(rd.model.at("data").at("storage"), "npy");
  EXPECT_EQ(rd.data.X, g.X);
  EXPECT_EQ(rd.data.labels, g.labels);
  EXPECT_EQ(DatasetNpySha256(rd.data), DatasetNpySha256(g));

  // One changed value (still a finite double) is caught by the seal.
  std::string bytes = ReadWholeFile(dir_ / "run" / "data.npy");
  bytes[200] ^= 1;
  WriteFileAtomically(dir_ / "run" / "data.npy", bytes);
  try {
    RunDirectory::Load(dir_ / "run");
    FAIL() << "a changed data.npy loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("does not match its sha256"), std::string::npos) << e.what();
  }
  fs::remove(dir_ / "run" / "labels.npy");
  EXPECT_THROW(RunDirectory::Load(dir_ / "run"), std::runtime_error);
}

}  // namespace
}  // namespace nrc
