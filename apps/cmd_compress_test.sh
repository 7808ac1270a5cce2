#!/usr/bin/env bash
# `nrc compress` end to end (docs/compress.md): train gauss-k4 to the double
# level, compress it at rank K - 1 = 3 (T14 proven at every sample, every
# prediction proven unchanged, more than half the parameters removed), at
# per-layer ranks and with --rank auto; `nrc check` of the compressed run
# reports T14 proven; bad options and a tampered compression.json give one
# "nrc: error:" line and exit status 2.
# Usage: cmd_compress_test.sh PATH/TO/nrc
set -u
nrc="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$nrc" train gauss-k4 --precision double --out "$dir/run" > "$dir/train.log" 2>&1 || { echo "training failed"; exit 1; }

"$nrc" compress "$dir/run" --rank 3 --out "$dir/r3" > "$dir/r3.txt" 2>&1 || die "compress --rank 3: $(cat "$dir/r3.txt")"
grep -q "parameters 612 -> 288" "$dir/r3.txt" || die "rank 3 parameter counts: $(cat "$dir/r3.txt")"
grep -q "^T14 proven:" "$dir/r3.txt" || die "rank 3: T14 not proven"
grep -q "interval proof on the training data (midpoint-radius double): T14 proven at 200 of 200 samples; 200 of 200 predictions proven unchanged" "$dir/r3.txt" ||
  die "rank 3: not every sample proven"
# The MPFI reference engine proves the same.
"$nrc" compress "$dir/run" --rank 3 --out "$dir/r3m" --proof-engine mpfi > "$dir/r3m.txt" 2>&1 || die "--proof-engine mpfi: $(cat "$dir/r3m.txt")"
grep -q "interval proof on the training data (MPFI 128 bits): T14 proven at 200 of 200 samples; 200 of 200 predictions proven unchanged" "$dir/r3m.txt" ||
  die "rank 3, MPFI: not every sample proven"
for f in model.json config.json data.csv log.json compression.json; do
  test -s "$dir/r3/$f" || die "missing $f"
done
"$nrc" check "$dir/r3" --precision double > "$dir/check.txt" 2>&1 || die "check of the compressed run: $(tail -3 "$dir/check.txt")"
grep -q "^T14 .* proven" "$dir/check.txt" || die "check does not report T14 proven"
grep -q " 0 violated" "$dir/check.txt" || die "check: violated verdicts"

"$nrc" compress "$dir/run" --rank 4,3,3 --out "$dir/pl" > "$dir/pl.txt" 2>&1 || die "per-layer ranks"
grep -q "layer 2: rank 3" "$dir/pl.txt" || die "per-layer rank not applied"
# 16 x 16 layers: factors pay below rank 8 (16 * 16 / 32); layer 3 (4 x 16) at rank 4 never pays.
grep -q "^note:" "$dir/pl.txt" && die "a note at ranks 4,3,3 where the factors of layers 1, 2 pay: $(grep "^note:" "$dir/pl.txt")"
"$nrc" compress "$dir/run" --rank 8 --out "$dir/r8" > "$dir/r8.txt" 2>&1 || die "compress --rank 8"
grep -q "^note: layer 1 at rank 8 stores 256 numbers as factors, 256 as a dense matrix (factors pay below rank 8)" "$dir/r8.txt" ||
  die "rank 8: no note that layer 1's factors do not pay: $(cat "$dir/r8.txt")"
grep -q "^note: layer 3 at rank 4 stores 80 numbers as factors, 64 as a dense matrix (factors pay below rank 4)" "$dir/r8.txt" ||
  die "rank 8: no note for layer 3 at its full rank 4"
"$nrc" compress "$dir/run" --rank auto --tolerance 1e-2 --out "$dir/auto" > "$dir/auto.txt" 2>&1 || die "--rank auto"
grep -q "\"rank_mode\": \"auto\"" "$dir/auto/compression.json" || die "auto mode not recorded"

expect_error() {
  local want="$1"; shift
  local err rc
  err="$("$nrc" "$@" 2>&1 >/dev/null)"; rc=$?
  if [ "$rc" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ "$err" != "nrc: error: "* ]] ||
     [[ "$err" != *"$want"* ]]; then
    die "nrc $* -> rc=$rc (want 2 and '$want'), stderr: ${err:0:300}"
  fi
}
# --test-data: gauss-k4's own source is its training data: the same numbers.
"$nrc" compress "$dir/run" --rank 3 --out "$dir/t3" --test-data gauss:K=4,d=16,n=50,std=0.1,seed=1 > "$dir/t3.txt" 2>&1 ||
  die "--test-data: $(cat "$dir/t3.txt")"
grep -q "interval proof on the test data (midpoint-radius double): T14 proven at 200 of 200 samples; 200 of 200" "$dir/t3.txt" ||
  die "--test-data: test proof missing"
expect_error "has 3 classes" compress "$dir/run" --rank 3 --out "$dir/bad" --test-data iris
expect_error "2 ranks given" compress "$dir/run" --rank 3,3 --out "$dir/bad"
expect_error "is not a rank" compress "$dir/run" --rank x --out "$dir/bad"
expect_error "is not a rank" compress "$dir/run" --rank -1 --out "$dir/bad"
expect_error "is not a rank" compress "$dir/run" --rank 3,,3 --out "$dir/bad"
expect_error "exceeds min" compress "$dir/run" --rank 4,4,17 --out "$dir/bad"
expect_error "needs --tolerance" compress "$dir/run" --rank auto --out "$dir/bad"
expect_error "must be a number in (0, 1)" compress "$dir/run" --rank auto --tolerance 1 --out "$dir/bad"
expect_error "must be a number in (0, 1)" compress "$dir/run" --rank auto --tolerance nan --out "$dir/bad"
expect_error "only used with --rank auto" compress "$dir/run" --rank 3 --tolerance 0.1 --out "$dir/bad"
expect_error "is RUN_DIR itself" compress "$dir/run" --rank 3 --out "$dir/run"
expect_error "precision" compress "$dir/run" --rank 3 --precision mpfr:7 --out "$dir/bad"
expect_error "expected midrad or mpfi" compress "$dir/run" --rank 3 --proof-engine arb --out "$dir/bad"
test -e "$dir/bad" && die "a failed compress left $dir/bad"
# A tampered factor: the seal names compression.json.
python3 - "$dir/r3/compression.json" <<'EOF' || die "could not edit compression.json"
import json, sys
p = sys.argv[1]
j = json.load(open(p))
j["layers"][0]["U"][0][0] = "0.5"
json.dump(j, open(p, "w"), indent=2)
EOF
expect_error "compression.json" check "$dir/r3" --precision double --no-write

[ "$fail" -eq 0 ] && echo "nrc compress CLI: ok"
exit "$fail"
