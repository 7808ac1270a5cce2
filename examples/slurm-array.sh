#!/usr/bin/env bash
# A sharded nrc sweep on a Slurm cluster: one array task per shard, every task
# writing into one shared output folder, then one merge job that writes the
# report (byte-identical to an unsharded `nrc sweep`).
#
#   examples/slurm-array.sh            on the login node: submits the array
#                                      (sbatch --array=1-SHARDS) and the merge
#                                      job (--dependency=afterok on the array)
#   inside an array task               runs shard SLURM_ARRAY_TASK_ID of
#                                      SLURM_ARRAY_TASK_COUNT (set by Slurm)
#
# Settings (environment): CONFIG (default examples/sweep-lambda-width.json),
# OUT (a folder on the shared file system, default nrc-sweep-lambda-width),
# SHARDS (default 4), NRC (the nrc binary, default build/apps/nrc). Shards
# are numbered 1..N (--shard I/N), hence --array=1-N. A shard that fails can
# be resubmitted alone (sbatch --array=I ...): finished points are kept.
#SBATCH --job-name=nrc-shard
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
#SBATCH --output=nrc-shard-%A_%a.log
set -euo pipefail
CONFIG=${CONFIG:-examples/sweep-lambda-width.json}
OUT=${OUT:-nrc-sweep-lambda-width}
SHARDS=${SHARDS:-4}
NRC=${NRC:-build/apps/nrc}

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  export CONFIG OUT SHARDS NRC
  array=$(sbatch --parsable --export=ALL --array=1-"$SHARDS" "$0")
  array=${array%%;*}  # "jobid;cluster" on federated clusters
  sbatch --parsable --export=ALL --dependency=afterok:"$array" --job-name=nrc-merge \
    --output=nrc-merge-%j.log --wrap "\"$NRC\" sweep \"$CONFIG\" --merge --out \"$OUT\" --no-pdf"
  echo "submitted shards 1..$SHARDS as job $array and the merge after it; the report goes to $OUT/report"
  exit 0
fi

exec "$NRC" sweep "$CONFIG" --shard "$SLURM_ARRAY_TASK_ID/${SLURM_ARRAY_TASK_COUNT:-$SHARDS}" --out "$OUT" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet
