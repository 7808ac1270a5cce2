// nrc/suite/shard_spec.h
//
// ShardSpec: one shard I of N of a sweep (`nrc sweep CONFIG --shard I/N`), so
// that a sweep's points can be spread over independent jobs -- a Slurm job
// array (examples/slurm-array.sh), GNU parallel, several machines -- that all
// write into one shared output folder, after which `nrc sweep CONFIG --merge`
// writes the one report (byte-identical to an unsharded run: the report
// depends on the points' analyses only, suite/suite_job.h).
//
// Assignment (Assign): deterministic, a function of the expanded point list
// alone (so every shard, started anywhere with the same configuration and
// options, computes the same partition): the points in decreasing order of
// their estimated cost (SuitePoint::Cost; ties: configuration order) each go
// to the shard with the smallest total cost so far (ties: the lowest shard
// number) -- the "longest processing time first" rule, which keeps the shards'
// wall times close. Every point belongs to exactly one shard; a shard may be
// empty when N exceeds the number of points.
//
// I is 1-based (1 <= I <= N), matching `sbatch --array=1-N` and
// SLURM_ARRAY_TASK_ID. Parse accepts "I/N" only and throws
// std::invalid_argument("--shard: ...") for anything else (0, I > N, N < 1,
// junk, N above 100000).
#ifndef NRC_SUITE_SHARD_SPEC_H_
#define NRC_SUITE_SHARD_SPEC_H_

#include <string>
#include <vector>

#include "suite/suite_point.h"

namespace nrc {

struct ShardSpec {
  int index = 1;  // I, 1..count
  int count = 1;  // N; 1 = the whole sweep

  static ShardSpec Parse(const std::string& text);
  std::string ToString() const;  // "I/N"
  bool whole() const { return count == 1; }

  // shard[i] in 1..count for every point (see the header comment).
  static std::vector<int> Assign(const std::vector<SuitePoint>& points, int count);
  // The points of this shard, in their configuration order.
  std::vector<SuitePoint> Select(const std::vector<SuitePoint>& points) const;
};

}  // namespace nrc

#endif  // NRC_SUITE_SHARD_SPEC_H_
