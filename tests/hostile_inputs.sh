#!/usr/bin/env bash
# The table of malformed, tampered and hostile inputs (issues 11 and 20;
# the issue-20 cases are in tests/hostile_inputs_round2.sh), driven end to end
# through the nrc program. Every case must give either a clear error -- exit
# status 2 and exactly one line "nrc: error: ..." on stderr -- or the correct
# result (checked by the case), within 20 s (timeout: a hang or a crash fails
# the case). Files of the user next to the output folders must be unchanged at
# the end. Prints the table as Markdown (tests/hostile_inputs.md is its
# output) and exits 1 if any case fails. docs/hostile-inputs.md explains it.
# Usage: hostile_inputs.sh PATH/TO/nrc [TABLE.md]
set -u
nrc="$1"
table="${2:-/dev/stdout}"
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
n=0
rows=()

row() {  # class, input, result, ok
  n=$((n + 1))
  local mark="ok"
  [ "$4" -eq 1 ] || { mark="**FAIL**"; fail=1; }
  local result="${3//|/\\|}"
  rows+=("| $n | $1 | $2 | ${result:0:160} | $mark |")
}

# Every try runs under a 20 s limit: a hang is exit 124 (or 137), a crash a
# signal (exit > 128): both fail the case.
# (through bash -c so that the exported shell functions below work too).
limit() { timeout -k 2 20 bash -c '"$@"' _ "$@"; }

# error CLASS INPUT CMD...: must exit 2 with one "nrc: error:" line on stderr.
error() {
  local class="$1" input="$2"; shift 2
  local err rc ok=1
  err="$(limit "$@" 2>&1 >/dev/null)"; rc=$?
  if [ "$rc" -ne 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ "$err" != "nrc: error: "* ]]; then ok=0; fi
  if [ -n "${want:-}" ] && ! printf '%s\n' "$err" | grep -Eq -- "$want"; then ok=0; fi
  want=""
  row "$class" "$input" "exit $rc: ${err//$tmp\//}" "$ok"
}

# result CLASS INPUT PATTERN CMD...: must exit 0 with PATTERN (grep -E) in stdout+stderr.
result() {
  local class="$1" input="$2" pattern="$3"; shift 3
  local out rc ok=1
  out="$(limit "$@" 2>&1)"; rc=$?
  if [ "$rc" -ne 0 ] || ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then ok=0; fi
  local shown
  shown="$(printf '%s\n' "$out" | grep -E -m1 -- "$pattern" || printf '%s\n' "$out" | tail -1)"
  row "$class" "$input" "exit $rc: ${shown//$tmp\//}" "$ok"
}

csv() { printf "$2" > "$tmp/$1"; echo "$tmp/$1"; }
summary() { "$nrc" data summary --data "$1"; }
# Shell functions run under `timeout` through bash: export what they use.
export nrc
export -f summary

# Files of the user that no command may change: their checksums are compared
# at the end (0 files changed outside what nrc made).
mkdir -p "$tmp/user"
for f in notes.txt model.json data.csv; do echo "user's own $f" > "$tmp/user/$f"; done
user_sums="$(cd "$tmp/user" && sha256sum * | sort)"

# ---------------------------------------------------------------- CSV files
error csv "empty file" summary "$(csv empty.csv '')"
error csv "only blank lines" summary "$(csv blank.csv '\n \n\n')"
error csv "header, no samples" summary "$(csv header.csv '2,1,a,b\n')"
error csv "ragged row (too few fields)" summary "$(csv short.csv '1,2,0\n3,1\n')"
error csv "ragged row (too many fields)" summary "$(csv long.csv '1,2,0\n3,4,5,1\n')"
error csv "non-numeric feature" summary "$(csv alpha.csv '1,2,0\n3,x,1\n')"
error csv "non-numeric label" summary "$(csv alpha_label.csv '1,2,0\n3,4,b\n')"
error csv "NaN feature" summary "$(csv nan.csv '1,nan,0\n3,4,1\n')"
error csv "Inf feature" summary "$(csv inf.csv '1,inf,0\n3,4,1\n')"
error csv "overflowing feature 1e999" summary "$(csv overflow.csv '1,1e999,0\n3,4,1\n')"
error csv "label 1.5" summary "$(csv frac.csv '1,2,0\n3,4,1.5\n')"
error csv "negative label" summary "$(csv neg.csv '1,2,0\n3,4,-1\n')"
error csv "label 1e12" summary "$(csv huge_label.csv '1,2,0\n3,4,1e12\n')"
error csv "label beyond the header's classes" summary "$(csv beyond.csv '2,2,a,b\n1,2,0\n3,4,2\n')"
error csv "class with no samples (labels 0 and 2)" summary "$(csv gap.csv '1,2,0\n3,4,2\n')"
error csv "header N disagrees with the body" summary "$(csv hn.csv '3,2,a,b\n1,2,0\n3,4,1\n')"
error csv "header d disagrees with the body" summary "$(csv hd.csv '2,3,a,b\n1,2,0\n3,4,1\n')"
error csv "duplicate class names" summary "$(csv dup.csv '2,2,a,a\n1,2,0\n3,4,1\n')"
error csv "empty class name" summary "$(csv emptyname.csv '2,2,a,\n1,2,0\n3,4,1\n')"
error csv "one column" summary "$(csv onecol.csv '1\n2\n')"
error csv "semicolon separators" summary "$(csv semi.csv '1;2;0\n3;4;1\n')"
error csv "quoted fields" summary "$(csv quoted.csv '"1","2",0\n3,4,1\n')"
error csv "NUL byte in a field" summary "$(csv nul.csv '1,2\0000,0\n3,4,1\n')"
# Fixed pseudo-random bytes (the same table every run; perl-base is in every Debian).
perl -e 'srand(1); print map { chr(int(rand(256))) } 1 .. 4096' > "$tmp/random.bin"
error csv "4 KiB of random bytes" summary "$tmp/random.bin"
printf '1,2,0\n3,4,1\n' | gzip > "$tmp/whole.csv.gz"; head -c 20 "$tmp/whole.csv.gz" > "$tmp/cut.csv.gz"
error csv "truncated gzip" summary "$tmp/cut.csv.gz"
error csv "blank line inside the data" summary "$(csv blankin.csv '1,2,0\n\n3,4,1\n')"
error csv "UTF-16 byte-order mark" summary "$(csv bom16.csv '\377\3761,2,0\n3,4,1\n')"
error csv "missing file" summary "$tmp/missing.csv"
mkdir -p "$tmp/adir.csv"
error csv "a directory instead of a file" summary "$tmp/adir.csv"
awk 'BEGIN { for (i = 0; i < 200000; i++) printf ","; print "" }' > "$tmp/commas.csv"
error csv "a line of 200000 commas" summary "$tmp/commas.csv"
result csv "UTF-8 byte-order mark (4 rows)" '^N +4$' summary "$(csv bom8.csv '\357\273\2771,2,0\n3,4,1\n5,6,0\n7,8,1\n')"
result csv "CRLF line ends" '^N +2$' summary "$(csv crlf.csv '1,2,0\r\n3,4,1\r\n')"
result csv "hex-float feature 0x1p3 (= 8)" '^N +2$' summary "$(csv hex.csv '0x1p3,2,0\n3,4,1\n')"
result csv "subnormal feature 4.9e-324" '^N +2$' summary "$(csv sub.csv '4.9e-324,2,0\n3,4,1\n')"
result csv "label -0 (class 0)" 'per class +0:2 1:1' summary "$(csv negzero.csv '1,2,-0\n3,4,1\n5,6,0\n')"
result csv "blanks around fields, trailing blank lines" '^N +2$' summary "$(csv blanks.csv ' 1 ,\t2, 0\n3,4,1\n\n\n')"

# ------------------------------------------------------ training settings
train() { "$nrc" train "$@" --no-progress; }
export -f train
cfg() { printf '%s\n' "$2" > "$tmp/$1"; echo "$tmp/$1"; }
small='"data": "gauss:K=3,d=3,n=4,std=0.2,seed=3", "widths": [3, 4, 3], "precision": "double"'
error config "lambda = 0" train "$(cfg l0.json "{$small, \"lambda\": 0}")" --out "$tmp/o1"
error config "lambda < 0" train "$(cfg lneg.json "{$small, \"lambda\": -1e-3}")" --out "$tmp/o1"
error config "lambda = \"nan\"" train "$(cfg lnan.json "{$small, \"lambda\": \"nan\"}")" --out "$tmp/o1"
error config "lambda_b neither 0 nor lambda" train "$(cfg lb.json "{$small, \"lambda_b\": 0.5}")" --out "$tmp/o1"
error config "widths empty" train "$(cfg w0.json '{"data": "iris", "widths": []}')" --out "$tmp/o1"
error config "a zero width" train "$(cfg wz.json '{"data": "iris", "widths": [4, 0, 3]}')" --out "$tmp/o1"
error config "K of the widths != K of the data" train "$(cfg wk.json '{"data": "iris", "widths": [4, 8, 4]}')" --out "$tmp/o1"
error config "d_0 != features of the data" train "$(cfg wd.json '{"data": "iris", "widths": [5, 8, 3]}')" --out "$tmp/o1"
error config "unknown activation" train "$(cfg act.json "{$small, \"activation\": \"swish\"}")" --out "$tmp/o1"
error config "unknown key (typo)" train "$(cfg typo.json "{$small, \"lamda\": 1e-3}")" --out "$tmp/o1"
error config "precision mpfr:1" train "$(cfg p1.json '{"data": "iris", "widths": [4, 3], "precision": "mpfr:1"}')" --out "$tmp/o1"
error config "precision mpfr:99999999" train "$(cfg p9.json '{"data": "iris", "widths": [4, 3], "precision": "mpfr:99999999"}')" --out "$tmp/o1"
error config "negative seed" train "$(cfg seed.json "{$small, \"seed\": -3}")" --out "$tmp/o1"
error config "seed 1e30" train "$(cfg seed2.json "{$small, \"seed\": 1e30}")" --out "$tmp/o1"
error config "data file missing" train "$(cfg miss.json "{\"data\": \"$tmp/nope.csv\", \"widths\": [2, 2]}")" --out "$tmp/o1"
error config "JSON syntax error" train "$(cfg broken.json '{"data": "iris", ')" --out "$tmp/o1"
error config "JSON array instead of object" train "$(cfg arr.json '[1, 2, 3]')" --out "$tmp/o1"
error config "one class (K = 1) Gaussian data" train gauss-k4 --data 'gauss:K=1,d=4,n=5,std=0.1,seed=1' --widths 4,4,1 --out "$tmp/o1"
error config "one class (K = 1) CSV" train gauss-k4 --data "$(csv k1.csv '1,2,0\n3,4,0\n5,6,0\n')" --widths 2,4,1 --out "$tmp/o1"
[ -e "$tmp/o1" ] && ok=0 || ok=1
row config "failed runs leave no --out folder (the 19 above, --out o1)" "o1 $( [ -e "$tmp/o1" ] && echo exists || echo absent)" "$ok"

# --------------------------------------------------------- output folders
mkdir -p "$tmp/mine"; echo '{"my": "own model"}' > "$tmp/mine/model.json"
error out "--out: a non-empty folder nrc did not make (train)" train "$(cfg ok.json "{$small}")" --out "$tmp/mine"
grep -q 'own model' "$tmp/mine/model.json" && ok=1 || ok=0
row out "... the user's model.json afterwards" "$(cat "$tmp/mine/model.json")" "$ok"
echo x > "$tmp/afile"
error out "--out: an existing file" train "$tmp/ok.json" --out "$tmp/afile"
error out "--out: below a file" train "$tmp/ok.json" --out "$tmp/afile/run"
cfg sweep.json "{\"name\": \"t\", \"config\": {$small}}" > /dev/null
error out "--out: a foreign folder (sweep)" "$nrc" sweep "$tmp/sweep.json" --out "$tmp/mine" --no-pdf -q
result out "--out: a foreign folder with --force (train)" 'wrote' train "$tmp/ok.json" --out "$tmp/mine" --force

# ----------------------------------------------------- tampered run dirs
train "$tmp/ok.json" --out "$tmp/runA" > /dev/null 2>&1
train "$(cfg ok2.json '{"data": "gauss:K=3,d=3,n=4,std=0.2,seed=4", "widths": [3, 4, 3], "precision": "double", "seed": 2}')" --out "$tmp/runB" > /dev/null 2>&1
fresh() { rm -rf "$tmp/t"; cp -r "$tmp/runA" "$tmp/t"; }
jq_edit() {  # file python-expression-on-j
  python3 - "$1" "$2" <<'PY'
import json, sys
p, expr = sys.argv[1], sys.argv[2]
j = json.load(open(p))
exec(expr)
open(p, "w").write(json.dumps(j, indent=2))
PY
}
reseal() {  # recompute a file's "sha256" seal as nrc does (canonical dump, sorted keys)
  python3 - "$1" <<'PY'
import json, sys, hashlib
p = sys.argv[1]
j = json.load(open(p))
j.pop("sha256", None)
canon = json.dumps(j, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
j["sha256"] = hashlib.sha256(canon.encode()).hexdigest()
open(p, "w").write(json.dumps(j, indent=2))
PY
}
check() { "$nrc" check "$1" --no-write; }
report() { "$nrc" report "$1" --out "$tmp/rep" --no-pdf -q; }
export tmp
export -f check report
result run "pristine run directory (control)" 'holds|violated' check "$tmp/runA"
fresh
jq_edit "$tmp/t/model.json" 'w=j["layers"][0]["W"][0][0]; i=next(k for k,c in enumerate(w) if c in "123456789" and k>2); j["layers"][0]["W"][0][0]=w[:i]+str((int(w[i])+1)%10)+w[i+1:]'
want='model.json: content does not match its run_id'
error run "one digit of a W entry (check)" check "$tmp/t"
error run "one digit of a W entry (report)" report "$tmp/t"
fresh; jq_edit "$tmp/t/model.json" 'j["lambda"]="2e-3"'
error run "lambda in model.json disagrees with config.json" check "$tmp/t"
fresh; jq_edit "$tmp/t/config.json" 'j["lambda"]=2e-3'
error run "lambda edited in config.json" check "$tmp/t"
fresh; jq_edit "$tmp/t/certificate.json" 'j["grad_norm_2"]="1e-300"'
error run "certificate grad_norm_2 = 1e-300" report "$tmp/t"
reseal "$tmp/t/certificate.json"
want='grad_norm_2 is 1e-300, but the stored network gives'
error run "certificate grad_norm_2 = 1e-300, seal recomputed" report "$tmp/t"
fresh; jq_edit "$tmp/t/certificate.json" 'j["layers"][0]["stationarity_share"]="0"'; reseal "$tmp/t/certificate.json"
want='stationarity_share is 0, but the stored network gives'
error run "certificate stationarity share 0, seal recomputed" check "$tmp/t"
fresh; sed -i '1s/[1-8]/9/' "$tmp/t/data.csv"
error run "one digit of data.csv" check "$tmp/t"
fresh; sed -i '2d' "$tmp/t/data.csv"
error run "a row of data.csv deleted" check "$tmp/t"
fresh; cp "$tmp/runB/model.json" "$tmp/t/model.json"
error run "model.json swapped in from another run" check "$tmp/t"
fresh; cp "$tmp/runB/certificate.json" "$tmp/t/certificate.json"
error run "certificate.json swapped in from another run" report "$tmp/t"
fresh; cp "$tmp/runB/data.csv" "$tmp/t/data.csv"
error run "data.csv swapped in from another run" check "$tmp/t"
fresh; rm "$tmp/t/certificate.json"
error run "certificate.json deleted" report "$tmp/t"
fresh; rm "$tmp/t/log.json"
error run "log.json deleted" check "$tmp/t"
fresh; rm "$tmp/t/config.json"
error run "config.json deleted" check "$tmp/t"
fresh; head -c 100 "$tmp/runA/model.json" > "$tmp/t/model.json"
error run "model.json truncated" check "$tmp/t"
fresh; echo 'not json' > "$tmp/t/model.json"
error run "model.json not JSON" check "$tmp/t"
fresh; jq_edit "$tmp/t/model.json" 'j["format"]="nrc-model/1"'
error run "model.json of the old format nrc-model/1" check "$tmp/t"
fresh; jq_edit "$tmp/t/model.json" 'j["run_id"]="0"*64'; jq_edit "$tmp/t/config.json" 'j["run_id"]="0"*64'
jq_edit "$tmp/t/log.json" 'j["run_id"]="0"*64'; jq_edit "$tmp/t/certificate.json" 'j["run_id"]="0"*64'
reseal "$tmp/t/log.json"; reseal "$tmp/t/certificate.json"
want='content does not match|another run'
error run "run_id replaced consistently in every file" check "$tmp/t"
fresh; jq_edit "$tmp/t/log.json" 'j["total_seconds"]=0.001'
error run "log.json timing edited" check "$tmp/t"
fresh; jq_edit "$tmp/t/model.json" 'j["data"]["K"]=1'
error run "K edited to 1 in model.json" check "$tmp/t"
error run "a run directory that does not exist" check "$tmp/nothing"
fresh
result run "check --no-write writes no check.json" 'not written' check "$tmp/t"
[ -e "$tmp/t/check.json" ] && ok=0 || ok=1
row run "... and check.json is absent afterwards" "$( [ -e "$tmp/t/check.json" ] && echo present || echo absent)" "$ok"

# ------------------------------------------------- sweeps and their reuse
"$nrc" sweep "$tmp/sweep.json" --out "$tmp/sw" --no-pdf -q > "$tmp/sw1.txt" 2>&1
result sweep "second run of the same sweep (control)" '1 reused' "$nrc" sweep "$tmp/sweep.json" --out "$tmp/sw" --no-pdf -q
jq_edit "$tmp/sw/runs/t/model.json" 'w=j["layers"][0]["W"][0][0]; i=next(k for k,c in enumerate(w) if c in "123456789" and k>2); j["layers"][0]["W"][0][0]=w[:i]+str((int(w[i])+1)%10)+w[i+1:]'
result sweep "rerun after a point's model.json was edited: retrained, not reused" '1 run, 0 reused' "$nrc" sweep "$tmp/sweep.json" --out "$tmp/sw" --no-pdf -q
jq_edit "$tmp/sw/runs/t/analysis.json" 'j["N"]=j["N"]+1'
result sweep "rerun after analysis.json was edited: recomputed" '1 run, 0 reused' "$nrc" sweep "$tmp/sweep.json" --out "$tmp/sw" --no-pdf -q
error sweep "unknown key in a sweep configuration" "$nrc" sweep "$(cfg sk.json "{\"name\": \"t\", \"config\": {$small}, \"gird\": {}}")" --out "$tmp/sw2" --no-pdf -q
error sweep "sweep configuration is not JSON" "$nrc" sweep "$(cfg sj.json '{"name": ')" --out "$tmp/sw2" --no-pdf -q
mkdir -p "$tmp/mine2"; echo notes > "$tmp/mine2/notes.txt"
error sweep "--out of report: a foreign folder" "$nrc" report "$tmp/runA" --out "$tmp/mine2" --no-pdf -q < /dev/null
mkdir -p "$tmp/mine3"; echo keep > "$tmp/mine3/main.tex"
error sweep "report --out into a folder holding the user's main.tex" "$nrc" report "$tmp/runA" --out "$tmp/mine3" --no-pdf -q

# ------------------------------------------ issue 20: hostile inputs, round 2
. "$(dirname "$0")/hostile_inputs_round2.sh"

now_sums="$(cd "$tmp/user" && sha256sum * | sort)"
[ "$now_sums" = "$user_sums" ] && ok=1 || ok=0
row files "the user's files next to every --out after all cases" "$( [ "$ok" -eq 1 ] && echo unchanged || echo CHANGED)" "$ok"

{
  echo "| # | class | input | result | |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "$n inputs, $( [ "$fail" -eq 0 ] && echo "every one a clear error or the correct result" || echo "SOME FAILED" )."
} > "$table"
exit "$fail"
