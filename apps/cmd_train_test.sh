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
expect_usage_error                               # neither a problem nor --data
expect_usage_error "gauss:K=3,d=4,n=6,std=0.2,seed=3" --data iris   # data named twice
expect_usage_error iris --lambda 1e-3,1e-2        # a list makes a sweep, not a run
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

# A problem named by its data alone is `--data` (issue 18's
# `nrc train fashion-mnist --n 10000 --widths ...`): the same network and
# defaults as with --data, so the two model.json files are the same bytes.
small_data="gauss:K=3,d=4,n=6,std=0.2,seed=3"
"$nrc" train "$small_data" --widths 4,5,3 --precision double --out "$tmp/by-name" --no-progress > /dev/null 2>&1 ||
  { echo "FAIL: nrc train $small_data"; fail=1; }
"$nrc" train --data "$small_data" --widths 4,5,3 --precision double --out "$tmp/by-data" --no-progress > /dev/null 2>&1 ||
  { echo "FAIL: nrc train --data $small_data"; fail=1; }
cmp -s "$tmp/by-name/model.json" "$tmp/by-data/model.json" || { echo "FAIL: data as problem != --data"; fail=1; }
grep -q '"standardize": true' "$tmp/by-name/config.json" || { echo "FAIL: data as problem not standardised as --data"; fail=1; }

# Issue 20: a failed `train --out userdir --force` left the .nrc marker, so a
# later run without --force overwrote the user's files. The marker is only
# written when the command succeeded. (The failure here: a folder named
# log.json in the user's folder, so that the last write fails.)
mkdir -p "$tmp/userdir/log.json"
echo "the user's notes" > "$tmp/userdir/notes.txt"
err="$("$nrc" train "$tmp/small.json" --out "$tmp/userdir" --force --no-progress 2>&1 >/dev/null)"; rc=$?
if [ "$rc" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
  echo "FAIL: forced train into a folder with a log.json folder: rc=$rc, stderr: $err"; fail=1
fi
[ -e "$tmp/userdir/.nrc" ] && { echo "FAIL: a failed forced train left the .nrc marker"; fail=1; }
if ls -A "$tmp/userdir" | grep -q '^\.nrc'; then echo "FAIL: claim files left: $(ls -A "$tmp/userdir")"; fail=1; fi
err="$("$nrc" train "$tmp/small.json" --out "$tmp/userdir" --no-progress 2>&1 >/dev/null)"; rc=$?
if [ "$rc" -ne 2 ] || [[ "$err" != *"not made by nrc"* ]]; then
  echo "FAIL: after a failed forced train, a run without --force was not refused: rc=$rc, stderr: $err"; fail=1
fi
[ "$(cat "$tmp/userdir/notes.txt")" = "the user's notes" ] || { echo "FAIL: the user's notes changed"; fail=1; }
rmdir "$tmp/userdir/log.json"
"$nrc" train "$tmp/small.json" --out "$tmp/userdir" --force --no-progress > /dev/null 2>&1 || { echo "FAIL: forced train"; fail=1; }
[ -e "$tmp/userdir/.nrc" ] || { echo "FAIL: a succeeded forced train left no .nrc marker"; fail=1; }

# A symbolic link inside the run folder is refused, never followed.
mkdir -p "$tmp/elsewhere"
echo "the user's model" > "$tmp/elsewhere/model.json"
ln -s "$tmp/elsewhere/model.json" "$tmp/again/model.json.link" && mv -T "$tmp/again/model.json.link" "$tmp/again/model.json"
err="$("$nrc" train "$tmp/small.json" --out "$tmp/again" --no-progress 2>&1 >/dev/null)"; rc=$?
if [ "$rc" -ne 2 ] || [[ "$err" != *"is a symbolic link inside an nrc output folder"* ]] ||
   [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
  echo "FAIL: a link as model.json in the run folder: rc=$rc, stderr: $err"; fail=1
fi
[ "$(cat "$tmp/elsewhere/model.json")" = "the user's model" ] || { echo "FAIL: wrote through the link"; fail=1; }
[ "$fail" -eq 0 ] && echo "cmd_train_test: ok"
exit "$fail"
