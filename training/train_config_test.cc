// Unit tests for training/train_config.h and training/reference_problems.h:
// JSON round trip, defaults, and one clear error per invalid setting.
#include "training/train_config.h"

#include <gtest/gtest.h>

#include "datasets/data_error.h"
#include "training/reference_problems.h"
#include "training/trainer.h"

namespace nrc {
namespace {

using nlohmann::json;

json Minimal() { return {{"data", "gauss:K=2,d=3,n=4,std=0.1,seed=2"}, {"widths", {3, 5, 2}}}; }

// The message of the std::invalid_argument that FromJson throws.
std::string ErrorOf(const json& j) {
  try {
    TrainConfig::FromJson(j);
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.find('\n'), std::string::npos) << "multi-line message: " << m;
    return m;
  }
  return "(no error)";
}

TEST(TrainConfig, DefaultsAndRoundTrip) {
  const TrainConfig c = TrainConfig::FromJson(Minimal());
  EXPECT_EQ(c.name, "custom");
  EXPECT_EQ(c.activation.Name(), "tanh");
  EXPECT_EQ(c.loss.Name(), "mse");
  EXPECT_TRUE(c.bias);
  EXPECT_EQ(c.lambda, 1e-3);
  EXPECT_EQ(c.lambda_b, 0.0);
  EXPECT_EQ(c.seed, 1u);
  // "auto": a small network is polished to mpfr:256.
  EXPECT_EQ(c.TargetPrecision().ToString(), "mpfr:256");
  ASSERT_EQ(c.PolishLadder().size(), 1u);
  // ToJson -> FromJson is the identity on every key.
  const TrainConfig d = TrainConfig::FromJson(c.ToJson());
  EXPECT_EQ(d.ToJson(), c.ToJson());
  // lambda as a decimal string is the nearest double, as a number is.
  json j = Minimal();
  j["lambda"] = "1e-3";
  EXPECT_EQ(TrainConfig::FromJson(j).lambda, 1e-3);
  // A run directory's config.json (with format and run_id) is accepted.
  j = c.ToJson();
  j["format"] = "nrc-config/1";
  j["run_id"] = "0123";
  EXPECT_EQ(TrainConfig::FromJson(j).ToJson(), c.ToJson());
}

TEST(TrainConfig, LadderAndPrecision) {
  json j = Minimal();
  j["precision"] = "double";
  EXPECT_TRUE(TrainConfig::FromJson(j).PolishLadder().empty());
  j["precision"] = "mpfr:300";
  j["ladder"] = {"float128", "mpfr:300"};
  const auto ladder = TrainConfig::FromJson(j).PolishLadder();
  ASSERT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder[0].ToString(), "float128");
  // A big network defaults to double.
  json big = {{"data", "digits"}, {"widths", {64, 32, 32, 10}}};
  EXPECT_EQ(TrainConfig::FromJson(big).TargetPrecision().ToString(), "double");
}

TEST(TrainConfig, EveryInvalidSettingFailsWithOneLineNamingIt) {
  auto with = [](const std::string& key, const json& value) {
    json j = Minimal();
    j[key] = value;
    return j;
  };
  EXPECT_NE(ErrorOf(with("lambda", 0.0)).find("'lambda' must be a number > 0"), std::string::npos);
  EXPECT_NE(ErrorOf(with("lambda", -1.0)).find("lambda"), std::string::npos);
  EXPECT_NE(ErrorOf(with("lambda", "abc")).find("'lambda' is not a number"), std::string::npos);
  EXPECT_NE(ErrorOf(with("lambda_b", 0.5)).find("lambda_b must be 0 or lambda"), std::string::npos);
  EXPECT_NE(ErrorOf(with("widths", json::array({3, 0, 2}))).find("'widths' must be an integer from 1 to"), std::string::npos);
  EXPECT_NE(ErrorOf(with("widths", json::array({3}))).find("widths"), std::string::npos);
  EXPECT_NE(ErrorOf(with("activation", "swish")).find("unknown activation 'swish'"), std::string::npos);
  EXPECT_NE(ErrorOf(with("loss", "hinge")).find("hinge"), std::string::npos);
  EXPECT_NE(ErrorOf(with("precision", "mpfr:10")).find("out of range"), std::string::npos);
  EXPECT_NE(ErrorOf(with("precision", "quad")).find("unknown precision 'quad'"), std::string::npos);
  EXPECT_NE(ErrorOf(with("ladder", json::array({"float128"}))).find("must end with the target precision"),
            std::string::npos);
  EXPECT_NE(ErrorOf(with("seed", -3)).find("'seed'"), std::string::npos);
  EXPECT_NE(ErrorOf(with("bias", "yes")).find("'bias' must be true or false"), std::string::npos);
  EXPECT_NE(ErrorOf(with("lamda", 1.0)).find("'lamda' is not a known key"), std::string::npos);
  EXPECT_NE(ErrorOf(with("lbfgs", {{"max_seconds", 0}})).find("lbfgs.max_seconds"), std::string::npos);
  EXPECT_NE(ErrorOf(with("newton", {{"cg_tolerance", -1}})).find("newton.cg_tolerance"), std::string::npos);
  EXPECT_NE(ErrorOf(with("newton", {{"preconditioner", "kfc"}})).find("\"kfac\""), std::string::npos);
  EXPECT_NE(ErrorOf(with("newton", {{"mu", 0}})).find("newton.mu"), std::string::npos);
  EXPECT_NE(ErrorOf(with("newton", {{"gauss_newton_until", -1}})).find("newton.gauss_newton_until"), std::string::npos);
  // The K-FAC settings are accepted and round-trip.
  const TrainConfig k = TrainConfig::FromJson(with("newton", {{"preconditioner", "kfac"}, {"gauss_newton_until", 1e-6}, {"mu", 0.5}}));
  EXPECT_EQ(k.newton.preconditioner, "kfac");
  EXPECT_EQ(TrainConfig::FromJson(k.ToJson()).newton.mu, 0.5);
  EXPECT_EQ(TrainConfig::FromJson(k.ToJson()).newton.gauss_newton_until, 1e-6);
  EXPECT_NE(ErrorOf(with("polish", {{"speed", 1}})).find("'polish.speed' is not a known key"), std::string::npos);
  EXPECT_NE(ErrorOf(with("name", "a/b")).find("'name'"), std::string::npos);
  json no_data = Minimal();
  no_data.erase("data");
  EXPECT_NE(ErrorOf(no_data).find("'data' is required"), std::string::npos);
  EXPECT_NE(ErrorOf(json::array()).find("must be a JSON object"), std::string::npos);
}

TEST(TrainConfig, DataMustFitTheWidths) {
  json j = Minimal();
  j["widths"] = {4, 5, 2};
  try {
    LoadTrainingData(TrainConfig::FromJson(j), nullptr);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("d_0 = 4 but data"), std::string::npos) << e.what();
  }
  j["widths"] = {3, 5, 3};
  EXPECT_THROW(LoadTrainingData(TrainConfig::FromJson(j), nullptr), std::invalid_argument);
  j["widths"] = {3, 5, 2};
  j["data"] = "/nonexistent/file.csv";
  EXPECT_THROW(LoadTrainingData(TrainConfig::FromJson(j), nullptr), DataError);
}

TEST(ReferenceProblems, AllValidAndTheirDataFits) {
  for (const auto& name : ReferenceProblemNames()) {
    const TrainConfig c = ReferenceProblem(name);
    EXPECT_EQ(c.name, name);
    EXPECT_NO_THROW(c.Validate()) << name;
    EXPECT_NO_THROW(LoadTrainingData(c, nullptr)) << name;
    EXPECT_TRUE(IsReferenceProblem(name));
  }
  EXPECT_FALSE(ReferenceProblem("gauss-k4-nobias").bias);
  EXPECT_EQ(ReferenceProblem("gauss-k4-ce").loss.Name(), "ce");
  EXPECT_EQ(ReferenceProblem("digits").TargetPrecision().ToString(), "double");
  EXPECT_EQ(ReferenceProblem("iris").Spec().NumParameters(), 4 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3);
  EXPECT_THROW(ReferenceProblem("mnist"), std::invalid_argument);
}

// Issue 11: the seed is an unsigned 64-bit integer; too large values are an
// error in JSON as on the command line (nrc train clamped them), never clamped.
TEST(TrainConfig, SeedIsAnUnsigned64BitInteger) {
  json j = Minimal();
  j["seed"] = 18446744073709551615ull;
  EXPECT_EQ(TrainConfig::FromJson(j).seed, 18446744073709551615ull);
  EXPECT_EQ(TrainConfig::FromJson(TrainConfig::FromJson(j).ToJson()).seed, 18446744073709551615ull);
  j["seed"] = "18446744073709551615";  // the text form (what a flag gives)
  EXPECT_EQ(TrainConfig::FromJson(j).seed, 18446744073709551615ull);
  j = Minimal();
  j["seed"] = json::parse("99999999999999999999");
  EXPECT_NE(ErrorOf(j).find("'seed' must be an integer from 0 to 18446744073709551615"), std::string::npos) << ErrorOf(j);
  j["seed"] = "99999999999999999999";
  EXPECT_NE(ErrorOf(j).find("'seed' is out of range"), std::string::npos) << ErrorOf(j);
  j["seed"] = 1.5;
  EXPECT_NE(ErrorOf(j).find("'seed'"), std::string::npos);
}

// Issue 9: "lambda_b": "lambda" (what --lambda-b lambda means on every command)
// follows lambda.
TEST(TrainConfig, LambdaBMayBeTheWordLambda) {
  json j = Minimal();
  j["lambda"] = 0.02;
  j["lambda_b"] = "lambda";
  EXPECT_EQ(TrainConfig::FromJson(j).lambda_b, 0.02);
  j["lambda_b"] = "lambdas";
  EXPECT_NE(ErrorOf(j).find("'lambda_b' is not a number: 'lambdas'"), std::string::npos) << ErrorOf(j);
}

// Issue 11: an error quoting a user's value cuts it (a 50 MB field was repeated whole).
TEST(TrainConfig, ErrorsCutLongValues) {
  const std::string huge(1 << 20, 'x');
  for (const char* key : {"lambda", "activation", "loss", "precision", "seed"}) {
    json j = Minimal();
    j[key] = huge;
    const std::string e = ErrorOf(j);
    EXPECT_LT(e.size(), 400u) << key;
    EXPECT_NE(e.find("xxx..."), std::string::npos) << key << ": " << e.substr(0, 400);
  }
  json j = Minimal();
  j[huge] = 1;
  EXPECT_LT(ErrorOf(j).size(), 400u);
}

}  // namespace
}  // namespace nrc
