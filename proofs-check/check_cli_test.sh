#!/bin/sh
# `nrc check` end to end: train gauss-k4 to the double level, check it in
# double and in MPFR (every verdict holds, JSON records carry the documented
# keys), and the exit status 2 for a directory that is not a run and for a
# rank threshold that is not a finite number > 0 (exit status 1 on a violated
# verdict: apps/cmd_check_test.cc).
# Usage: check_cli_test.sh PATH/TO/nrc
set -eu
nrc="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$nrc" train gauss-k4 --precision double --out "$dir/run" > "$dir/train.log" 2>&1
"$nrc" check "$dir/run" > "$dir/table.txt"
grep -q "sigma_K+1" "$dir/table.txt"
grep -q " 0 violated" "$dir/table.txt"
test -s "$dir/run/check.json"
"$nrc" check "$dir/run" --precision double --json > "$dir/double.json"
for key in statement layer norm observed bound ratio verdict precision grad_norm error_estimate slack; do
  grep -q "\"$key\"" "$dir/double.json"
done
if grep -q '"violated"' "$dir/double.json"; then echo "violated verdict in double"; exit 1; fi
status=0
"$nrc" check "$dir/no-such-run" > /dev/null 2>&1 || status=$?
test "$status" -eq 2
status=0
"$nrc" check "$dir/run" --precision mpfr:7 > /dev/null 2>&1 || status=$?
test "$status" -eq 2
# T4's rank threshold must be finite and > 0: one-line error, exit status 2.
for t in 0 -1 nan inf; do
  status=0
  "$nrc" check "$dir/run" --precision double --rank-threshold "$t" > /dev/null 2> "$dir/err.txt" || status=$?
  test "$status" -eq 2
  test "$(wc -l < "$dir/err.txt")" -eq 1
  grep -q "^nrc: error: .*rank-threshold" "$dir/err.txt"
done
echo "nrc check CLI: ok"
