#!/usr/bin/env bash
# Certified compression along a weight-decay sweep (docs/compress.md): a
# 16-16-16-4 tanh network on Gaussian clusters with within-class std 0.5
# (DATA; noisier than gauss-k4's 0.1, so that the rank depends on lambda)
# trained to stationarity at each lambda, then, per lambda,
#   - the rank `nrc compress --rank auto --tolerance TOL` keeps (per layer), and
#   - the smallest rank r (every layer) at which EVERY training prediction is
#     proven unchanged by T14 (margin > sqrt(2) e_L in interval arithmetic),
# with the parameters kept and the accuracy there. Larger lambda: lower
# rank, proven free of any change in the predictions.
# Usage: examples/compress-lambda-sweep.sh   (NRC, OUT, TOL, LAMBDAS, PRECISION override)
set -euo pipefail
NRC=${NRC:-build/apps/nrc} OUT=${OUT:-nrc-compress-lambda-sweep} TOL=${TOL:-1e-2}
LAMBDAS=${LAMBDAS:-"1e-4 1e-3 1e-2 3e-2 1e-1"} PRECISION=${PRECISION:-double}
DATA=${DATA:-gauss:K=4,d=16,n=50,std=0.5,seed=1}
mkdir -p "$OUT"
printf "%-8s %-14s %-22s %-16s %-10s %s\n" lambda "auto ranks" "smallest all-proven r" parameters accuracy "proven kept"
for lambda in $LAMBDAS; do
  run="$OUT/lambda-$lambda"
  [ -f "$run/model.json" ] || "$NRC" train gauss-k4 --data "$DATA" --lambda "$lambda" --precision "$PRECISION" --out "$run" \
    --no-progress > /dev/null
  "$NRC" compress "$run" --rank auto --tolerance "$TOL" --out "$run-auto" > "$run-auto.txt"
  auto=$(python3 -c "import json,sys; print(','.join(map(str, json.load(open(sys.argv[1]))['ranks'])))" "$run-auto/compression.json")
  found=""
  for r in $(seq 0 16); do
    "$NRC" compress "$run" --rank "$r" --out "$run-r$r" --force > "$run-r$r.txt"
    if grep -q "proven unchanged" "$run-r$r.txt" &&
       grep -Eq "; ([0-9]+) of \1 predictions proven unchanged" "$run-r$r.txt"; then
      found=$r
      break
    fi
  done
  if [ -z "$found" ]; then
    printf "%-8s %-14s %-22s\n" "$lambda" "$auto" "none"
    continue
  fi
  params=$(grep -o "parameters [0-9]* -> [0-9]*" "$run-r$found.txt" | sed 's/parameters //')
  acc=$(grep -o "accuracy [0-9.]* -> [0-9.]*" "$run-r$found.txt" | sed 's/accuracy //')
  kept=$(grep -o "[0-9]* of [0-9]* predictions proven unchanged" "$run-r$found.txt" | sed 's/ predictions proven unchanged//')
  printf "%-8s %-14s %-22s %-16s %-10s %s\n" "$lambda" "$auto" "$found" "$params" "$acc" "$kept"
done
