#!/bin/sh
# `nrc check` end to end: train gauss-k4 to the double level, check it in
# double and in MPFR (every verdict holds, JSON records carry the documented
# keys), and the exit status 2 for a directory that is not a run.
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
echo "nrc check CLI: ok"
