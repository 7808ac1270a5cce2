#!/usr/bin/env bash
# Issue 9 item 4 and issue 11: every problem, training and analysis option is
# validated by one function per field (training/config_field.h) on every
# command and in every JSON reader, so a value is accepted or rejected alike
# by nrc train, verify, sweep, check and fuzz and in a config file; JSON
# files with duplicate keys or deep nesting, and values of any size, give one
# short "nrc: error:" line and exit status 2. Nothing here trains: accepted
# values are shown with --print-config / --print-points, or by the error that
# comes after them.
# Usage: option_validation_test.sh PATH/TO/nrc
set -u
nrc="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect_error "TEXT" args...: exit 2, one short "nrc: error:" line containing TEXT.
expect_error() {
  local want="$1"; shift
  local err rc
  err="$("$nrc" "$@" 2>&1 >/dev/null)"; rc=$?
  if [ "$rc" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ "$err" != "nrc: error: "* ]] ||
     [[ "$err" != *"$want"* ]] || [ "${#err}" -gt 400 ]; then
    echo "FAIL: nrc $* -> rc=$rc (want 2 and '$want'), stderr: ${err:0:400}"; fail=1
  fi
}
# expect_ok args...: exit 0.
expect_ok() {
  if ! "$nrc" "$@" > "$tmp/ok.out" 2> "$tmp/ok.err"; then
    echo "FAIL: nrc $* -> $(head -c 400 "$tmp/ok.err")"; fail=1
  fi
}

echo '{"problem": "gauss-k4"}' > "$tmp/sweep.json"

# --lambda-b lambda: accepted by every command (nrc train rejected it).
expect_ok verify --lambda 0.01 --lambda-b lambda --print-config
expect_ok sweep "$tmp/sweep.json" --lambda 0.01 --lambda-b lambda --print-points
# (train: past the options, the K mismatch of --widths is the error)
expect_error "expected 5" train gauss-k4 --lambda 0.01 --lambda-b lambda --widths 16,16,5 --out "$tmp/never"
expect_error "--lambda-b must be 0, lambda" train gauss-k4 --lambda-b -1 --out "$tmp/never"
expect_error "--lambda-b must be 0, lambda" verify --lambda-b -1 --print-config

# --rank-threshold: finite and in (0, 1) on every command and in JSON.
for t in nan -1 0 inf 2; do
  expect_error "--rank-threshold" check "$tmp/no-such-run" --rank-threshold "$t"
  expect_error "--rank-threshold" verify --rank-threshold "$t" --print-config
  expect_error "--rank-threshold" sweep "$tmp/sweep.json" --rank-threshold "$t" --print-points
done
echo '{"analysis": {"rank_threshold": -1}, "problem": "gauss-k4"}' > "$tmp/bad-threshold.json"
expect_error "must be a number in (0, 1)" sweep "$tmp/bad-threshold.json" --print-points
expect_error "must be a number in (0, 1)" check "$tmp/no-such-run" --rank-threshold -1
expect_error "--precision" check "$tmp/no-such-run" --precision quad

# --seed: an unsigned 64-bit integer, never clamped.
for s in 99999999999999999999 -5 1.5 x; do
  expect_error "--seed" train gauss-k4 --seed "$s" --out "$tmp/never"
  expect_error "--seed" verify --seed "$s" --print-config
  expect_error "--seed" fuzz --seed "$s" --minutes 0.01 --build-dir "$tmp"
done
expect_error "out of range" train gauss-k4 --seed 99999999999999999999 --out "$tmp/never"
echo '{"data": "iris", "widths": [4, 3], "seed": 99999999999999999999}' > "$tmp/big-seed.json"
expect_error "'seed' must be an integer from 0 to 18446744073709551615" train "$tmp/big-seed.json" --out "$tmp/never"
expect_ok verify --seed 18446744073709551615 --print-config
grep -q '18446744073709551615' "$tmp/ok.out" || { echo "FAIL: the largest seed was not kept"; fail=1; }

# Widths, activation, loss, precision: the same words on train and verify.
for cmd in "train gauss-k4 --out $tmp/never" "verify --print-config"; do
  # shellcheck disable=SC2086
  expect_error "--widths" $cmd --widths 16,x,4
  expect_error "--widths" $cmd --widths 16,0,4
  expect_error "--activation" $cmd --activation swish
  expect_error "--loss" $cmd --loss hinge
  expect_error "--precision" $cmd --precision quad
  expect_error "--ladder" $cmd --ladder float128,quad
done

# Duplicate keys and deep nesting in every JSON reader.
echo '{"data": "iris", "widths": [4, 3], "lambda": 1e-3, "lambda": 1e-2}' > "$tmp/dup.json"
expect_error "duplicate key 'lambda'" train "$tmp/dup.json" --out "$tmp/never"
echo '{"problem": "gauss-k4", "grid": {"lambda": [0.1]}, "grid": {"lambda": [0.2]}}' > "$tmp/dup-sweep.json"
expect_error "duplicate key 'grid'" sweep "$tmp/dup-sweep.json" --print-points
python3 -c 'n = 100000; print("{\"problem\": \"gauss-k4\", \"config\": " + "[" * n + "]" * n + "}")' > "$tmp/deep-sweep.json"
expect_error "nested deeper than 64 levels" sweep "$tmp/deep-sweep.json" --print-points
python3 -c 'n = 100000; print("{\"data\": \"iris\", \"widths\": " + "[" * n + "]" * n + "}")' > "$tmp/deep-train.json"
expect_error "nested deeper than 64 levels" train "$tmp/deep-train.json" --out "$tmp/never"

# A value of megabytes (issue 11: 50 MB) is quoted cut, never whole.
python3 -c 'print("{\"name\": \"" + "x" * (8 << 20) + "\", \"problem\": \"gauss-k4\"}")' > "$tmp/huge-name.json"
expect_error "xxx...' must be 1-64 letters" sweep "$tmp/huge-name.json" --print-points
python3 -c 'print("{\"data\": \"iris\", \"widths\": [4, 3], \"activation\": \"" + "x" * (8 << 20) + "\"}")' > "$tmp/huge-act.json"
expect_error "xxx...' is not an activation" train "$tmp/huge-act.json" --out "$tmp/never"

# A huge grid is refused before any folder is made.
python3 -c 'v = list(range(1, 1000)); import json; print(json.dumps({"problem": "gauss-k4", "grid": {"seed": v, "width": v}}))' > "$tmp/grid.json"
expect_error "the grid has 998001 points" sweep "$tmp/grid.json" --out "$tmp/grid-out"
[ -e "$tmp/grid-out/runs" ] && { echo "FAIL: the huge grid created folders"; fail=1; }

# --n (a class-balanced subset): validated like every count, the same on
# data summary and the problem commands; the subset lands in "data".
expect_ok data summary --data digits --n 100
grep -q "^N          100$" "$tmp/ok.out" || { echo "FAIL: data summary --n 100: $(head -c 200 "$tmp/ok.out")"; fail=1; }
expect_ok verify --data digits --n 50 --print-config
grep -q 'digits@n=50' "$tmp/ok.out" || { echo "FAIL: verify --n 50 does not put the subset into data"; fail=1; }
expect_error "--n must be an integer from 1 to 100000000" verify --data digits --n 0 --print-config
expect_error "already has a subset" verify --data digits@n=50 --n 60 --print-config
expect_error "class 0 has 178 samples, a balanced subset needs 180" data summary --data digits --n 1797
expect_error "unknown subset key 'q'" data summary --data digits@n=50,q=1
expect_error "--n: Value 0 not in range" data summary --data digits --n 0

[ "$fail" -eq 0 ] && echo "option_validation_test: ok"
exit "$fail"
