#!/usr/bin/env bash
# examples/sweep-fashion-mnist-lambda.json (docs/sweeps.md, "Fashion-MNIST:
# the paper's experiment on real images"):
#   1. the configuration parses into its four lambda points (--print-points);
#   2. a tiny version of the same sweep (the example's configuration with
#      --data fashion-mnist --n 20 --widths 784,12,12,10) trains, analyses and
#      writes the report's sweep section: the lambda series' figure of
#      sigma_{K+1}(W_l) with the T13, T12 and T3 bounds against lambda
#      (figures/lambda-01.tex, one group plot per layer whose shape allows
#      rank > K, here layers 1 and 2) and the rank figure (figures/rank-01.tex,
#      one curve per layer), each with a coordinate at every lambda of the
#      grid, both \input by main.tex; the series is in data/series.csv.
# Exit 77 (skipped) without Debian's dataset-fashion-mnist.
# Usage: fashion_mnist_sweep_test.sh PATH/TO/nrc SOURCE_DIR
set -u
nrc="$1"
config="$2/examples/sweep-fashion-mnist-lambda.json"
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || { echo "SKIP: dataset-fashion-mnist not installed"; exit 77; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$nrc" sweep "$config" --print-points --out "$dir/p" > "$dir/points.txt" 2>&1 || die "--print-points: $(cat "$dir/points.txt")"
[ "$(grep -c '^fashion-mnist-lambda\[lambda=' "$dir/points.txt")" -eq 4 ] || die "expected 4 lambda points: $(cat "$dir/points.txt")"
grep -q 'data.*fashion-mnist@n=1000' "$config" || die "the example's data is not a 1000-image subset"

"$nrc" sweep "$config" --data fashion-mnist --n 20 --widths 784,12,12,10 --no-pdf --out "$dir/s" > "$dir/sweep.txt" 2>&1 ||
  die "tiny sweep: $(tail -5 "$dir/sweep.txt")"
rep="$dir/s/report"
for f in main.tex figures/lambda-01.tex figures/rank-01.tex data/series.csv; do
  test -s "$rep/$f" || die "missing report/$f"
done
grep -q 'input{figures/lambda-01}' "$rep/main.tex" || die "main.tex does not include the bounds figure"
grep -q 'input{figures/rank-01}' "$rep/main.tex" || die "main.tex does not include the rank figure"
grep -q 'Sweeps: the phenomenon T11' "$rep/main.tex" || die "no sweep section"
[ "$(grep -c 'nextgroupplot' "$rep/figures/lambda-01.tex")" -eq 2 ] || die "bounds figure: expected layers 1 and 2"
grep -q 'addlegendentry{T13 bound}' "$rep/figures/lambda-01.tex" || die "bounds figure without T13"
[ "$(grep -c 'addlegendentry{layer' "$rep/figures/rank-01.tex")" -eq 3 ] || die "rank figure: expected 3 layers"
for x in 3.000000e-03 1.000000e-02 3.000000e-02 1.000000e-01; do
  grep -q "($x," "$rep/figures/rank-01.tex" || die "rank figure: no point at lambda = $x"
done
exit $fail
