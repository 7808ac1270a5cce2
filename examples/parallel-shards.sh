#!/usr/bin/env bash
# A sharded nrc sweep through GNU parallel (Debian package `parallel`): two
# shards at the same time into one folder, then the merge that writes the
# report -- the same report.json, byte for byte, as one `nrc sweep`. Add
# `-S host1,host2` (and a shared --out) to spread the shards over machines.
set -euo pipefail
NRC=${NRC:-build/apps/nrc} CONFIG=${CONFIG:-examples/sweep-lambda-width.json} OUT=${OUT:-nrc-sweep-lambda-width}
parallel --will-cite "$NRC" sweep "$CONFIG" --shard {}/2 --out "$OUT" --jobs 1 --quiet ::: 1 2 && "$NRC" sweep "$CONFIG" --merge --out "$OUT"
