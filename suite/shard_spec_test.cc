// ShardSpec (suite/shard_spec.h): parsing of --shard I/N, and the assignment
// of points to shards (a partition, deterministic, balanced by cost).
#include "suite/shard_spec.h"

#include <gtest/gtest.h>

#include <set>

#include "suite/sweep_config.h"

namespace nrc {
namespace {

TEST(ShardSpecTest, ParsesIOverN) {
  const ShardSpec s = ShardSpec::Parse("2/5");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.ToString(), "2/5");
  EXPECT_TRUE(ShardSpec::Parse("1/1").whole());
  EXPECT_FALSE(s.whole());
}

TEST(ShardSpecTest, RejectsBadShards) {
  for (const char* bad : {"", "1", "0/2", "3/2", "1/0", "-1/2", "1/-2", "a/2", "1/b", "1/2/3", " 1/2", "1/2 ",
                          "1.5/2", "1/1000001"}) {
    try {
      (void)ShardSpec::Parse(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--shard: ", 0), 0u) << e.what();
    }
  }
}

std::vector<SuitePoint> ExamplePoints() {
  const auto j = nlohmann::ordered_json::parse(R"({
    "name": "t",
    "sweeps": [
      {"name": "a", "problem": "gauss-k4", "config": {"precision": "double"},
       "grid": {"width": [8, 16, 32], "lambda": [1e-4, 1e-3, 1e-2]}},
      {"name": "b", "config": {"data": "gauss:K=3,d=8,n=30,std=0.05,seed=2", "widths": [8, 12, 12, 3],
       "precision": "double"}, "grid": {"activation": ["tanh", "gelu"], "loss": ["mse", "ce"]}}
    ]})");
  return SweepConfig::FromJson(j, ".", "t").Expand();
}

// Every point in exactly one shard, the same assignment every time, and
// Select(I) = the points assigned to I in configuration order.
TEST(ShardSpecTest, AssignmentIsADeterministicPartition) {
  const auto points = ExamplePoints();
  ASSERT_EQ(points.size(), 13u);
  for (int n : {1, 2, 3, 5, 13, 20}) {
    const std::vector<int> a = ShardSpec::Assign(points, n);
    EXPECT_EQ(a, ShardSpec::Assign(points, n));
    std::multiset<std::string> seen;
    for (int i = 1; i <= n; ++i) {
      ShardSpec s;
      s.index = i;
      s.count = n;
      std::size_t k = 0;
      for (const auto& p : s.Select(points)) {
        seen.insert(p.name);
        while (k < points.size() && points[k].name != p.name) ++k;  // configuration order
        ASSERT_LT(k, points.size()) << p.name << " out of order in shard " << s.ToString();
        EXPECT_EQ(a[k], i);
      }
    }
    EXPECT_EQ(seen.size(), points.size()) << n << " shards";
    for (const auto& p : points) EXPECT_EQ(seen.count(p.name), 1u) << p.name << " with " << n << " shards";
  }
}

// Longest processing time first: no shard carries more than the average load
// plus the largest single point (the classic bound), and with as many shards
// as points each has one.
TEST(ShardSpecTest, AssignmentBalancesTheEstimatedCost) {
  const auto points = ExamplePoints();
  double total = 0, largest = 0;
  for (const auto& p : points) {
    total += p.Cost();
    largest = std::max(largest, p.Cost());
  }
  for (int n : {2, 3, 4}) {
    const std::vector<int> a = ShardSpec::Assign(points, n);
    std::vector<double> load(n + 1, 0.0);
    for (std::size_t i = 0; i < points.size(); ++i) load[a[i]] += points[i].Cost();
    for (int s = 1; s <= n; ++s) EXPECT_LE(load[s], total / n + largest) << "shard " << s << "/" << n;
  }
  const std::vector<int> one_each = ShardSpec::Assign(points, static_cast<int>(points.size()));
  EXPECT_EQ(std::set<int>(one_each.begin(), one_each.end()).size(), points.size());
}

}  // namespace
}  // namespace nrc
