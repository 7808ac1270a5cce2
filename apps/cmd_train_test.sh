#!/usr/bin/env bash
# Tests of `nrc train` as a program: invalid settings fail fast with one line
# on stderr and exit status 2, writing nothing; a JSON-configured run writes a
# complete run directory whose config.json trains the same network again.
# Usage: cmd_train_test.sh PATH/TO/nrc
set -u
nrc="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

expect_usage_error() {  # args...: must exit 2 with one "nrc: error:" line and write nothing
  local out err rc
  err="$("$nrc" train "$@" --out "$tmp/never" 2>&1 >/dev/null)"; rc=$?
  if [ "$rc" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ "$err" != "nrc: error: "* ]]; then
    echo "FAIL: nrc train $* -> rc=$rc, stderr: $err"; fail=1
  fi
  if [ -e "$tmp/never/model.json" ]; then echo "FAIL: nrc train $* wrote a model"; fail=1; fi
}

expect_usage_error gauss-k4 --lambda 0
expect_usage_error gauss-k4 --lambda -1
expect_usage_error gauss-k4 --widths 16,0,4
expect_usage_error gauss-k4 --widths 16,16,5
expect_usage_error gauss-k4 --activation swish
expect_usage_error gauss-k4 --loss hinge
expect_usage_error gauss-k4 --precision mpfr:8
expect_usage_error gauss-k4 --precision quad
expect_usage_error gauss-k4 --lambda-b 0.5
expect_usage_error gauss-k4 --seed -5
expect_usage_error gauss-k4 --data "$tmp/missing.csv"
expect_usage_error no-such-problem
echo '{"data": "iris", "widths": [4, 3], "lamda": 1}' > "$tmp/typo.json"
expect_usage_error "$tmp/typo.json"
echo '{"data": "iris", ' > "$tmp/broken.json"
expect_usage_error "$tmp/broken.json"

cat > "$tmp/small.json" <<'JSON'
{"name": "small", "data": "gauss:K=3,d=4,n=6,std=0.2,seed=3", "widths": [4, 5, 3],
 "lambda": "1e-2", "precision": "float128", "seed": 7}
JSON
if ! "$nrc" train "$tmp/small.json" --out "$tmp/run" --no-progress > "$tmp/stdout" 2> "$tmp/stderr"; then
  echo "FAIL: small config run"; cat "$tmp/stderr"; fail=1
fi
for f in config.json model.json data.csv log.json certificate.json; do
  [ -s "$tmp/run/$f" ] || { echo "FAIL: $f missing"; fail=1; }
done
if ls "$tmp/run" | grep -q '\.tmp-'; then echo "FAIL: temporary files left"; fail=1; fi
[ -s "$tmp/stderr" ] && { echo "FAIL: --no-progress still wrote to stderr:"; cat "$tmp/stderr"; fail=1; }
grep -q '"grad_norm_2"' "$tmp/run/certificate.json" || { echo "FAIL: no grad_norm_2"; fail=1; }
# The stored config reproduces the run bit for bit.
"$nrc" train "$tmp/run/config.json" --out "$tmp/again" --no-progress > /dev/null 2>&1 || { echo "FAIL: rerun"; fail=1; }
cmp -s "$tmp/run/model.json" "$tmp/again/model.json" || { echo "FAIL: rerun gave another model.json"; fail=1; }
cmp -s "$tmp/run/certificate.json" "$tmp/again/certificate.json" || true  # holds timings
[ "$fail" -eq 0 ] && echo "cmd_train_test: ok"
exit "$fail"
