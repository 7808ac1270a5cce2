# tests/hostile_inputs_round2.sh: the cases of issue 20 (hostile inputs, round
# 2), sourced by tests/hostile_inputs.sh (its helpers: error, result, row,
# want, cfg, csv, train, check, $tmp, $nrc). Classes: crash (inputs that made
# nrc crash), hang (inputs that blocked or grew memory without limit), silent
# (inputs that gave a silently wrong answer), unclear (inputs answered with an
# internal message), files (inputs aimed at the user's files).

# --------------------------------------------- every file reader, every file
# A FIFO without a writer, a device, a directory, a missing file, a file over
# its kind's size cap (sparse: nothing is written), nesting 100000 deep,
# duplicate keys, an empty file, random bytes: through every reader of nrc.
mkfifo "$tmp/fifo"
truncate -s 17M "$tmp/big17m.json"
truncate -s 17G "$tmp/big17g.csv"
truncate -s 1100M "$tmp/big1100m.json"
python3 -c "print('{\"a\": ' * 100000 + '1' + '}' * 100000)" > "$tmp/deep.json"
python3 -c "print('[' * 100000 + ']' * 100000)" > "$tmp/deeparr.json"
printf '{"data": "iris", "data": "digits"}\n' > "$tmp/dupkey.json"
: > "$tmp/empty.file"
perl -e 'srand(2); print map { chr(int(rand(256))) } 1 .. 2048' > "$tmp/random2.bin"
mkdir -p "$tmp/adir"
hostile_files=(
  "fifo without writer|$tmp/fifo"
  "/dev/zero|/dev/zero"
  "/dev/urandom|/dev/urandom"
  "a directory|$tmp/adir"
  "a missing file|$tmp/none.json"
  "17 MiB sparse file|$tmp/big17m.json"
  "1100 MiB sparse file|$tmp/big1100m.json"
  "17 GiB sparse file|$tmp/big17g.csv"
  "object nesting 100000 deep|$tmp/deep.json"
  "array nesting 100000 deep|$tmp/deeparr.json"
  "duplicate keys|$tmp/dupkey.json"
  "empty file|$tmp/empty.file"
  "2 KiB random bytes|$tmp/random2.bin"
)
# Puts FILE at DIR/NAME: a symbolic link to it (a device, a FIFO: the reader
# sees what is behind the link) or nothing for a missing file.
place() {  # DIR NAME FILE
  rm -rf "${1:?}/$2"
  if [ -e "$3" ] || [ -p "$3" ]; then ln -s "$3" "$1/$2"; fi
}
train gauss-k4 --data 'gauss:K=3,d=3,n=4,std=0.2,seed=3' --widths 3,4,3 --precision double --out "$tmp/runH" > /dev/null 2>&1
printf '{"name": "h", "config": {"data": "gauss:K=3,d=3,n=4,std=0.2,seed=3", "widths": [3, 4, 3], "precision": "double"}}\n' > "$tmp/hsweep.json"
for entry in "${hostile_files[@]}"; do
  label="${entry%%|*}" file="${entry#*|}"
  class=hang
  case "$label" in *nesting*|*duplicate*|*empty*|*random*) class=crash ;; esac
  error "$class" "$label as data summary --data" summary "$file"
  error "$class" "$label as the train configuration" train "$file" --out "$tmp/o2"
  error "$class" "$label as polish --stages" "$nrc" polish "$tmp/runH" --out "$tmp/o2" --stages "$file" --no-progress
  error "$class" "$label as train --data" train gauss-k4 --data "$file" --widths 4,4,3 --out "$tmp/o2"
  error "$class" "$label as the sweep configuration" "$nrc" sweep "$file" --out "$tmp/o2" --no-pdf -q
  error "$class" "$label as fuzz --data" "$nrc" fuzz --data "$file" --minutes 0.01 --out "$tmp/o2"
  mkdir -p "$tmp/ex"; place "$tmp/ex" export.json "$file"; printf '1,2,0\n3,4,1\n' > "$tmp/ex/data.csv"
  error "$class" "$label as export.json (import)" "$nrc" import "$tmp/ex" --out "$tmp/o2"
  rm -rf "$tmp/hr"; cp -r "$tmp/runH" "$tmp/hr"; place "$tmp/hr" model.json "$file"
  error "$class" "$label as a run's model.json (check)" check "$tmp/hr"
  rm -rf "$tmp/hr"; cp -r "$tmp/runH" "$tmp/hr"; place "$tmp/hr" log.json "$file"
  error "$class" "$label as a run's log.json (polish)" "$nrc" polish "$tmp/hr" --out "$tmp/o2" --no-progress
done
[ -e "$tmp/o2" ] && ok=0 || ok=1
row files "failed commands above leave no --out folder (o2)" "o2 $( [ -e "$tmp/o2" ] && echo exists || echo absent)" "$ok"

# ------------------------------------------------------ empty option values
# An empty value (`--seed ''`, an unset $SHARD) is an error, never "absent".
want='empty value'
for opt in --data --widths --activation --loss --lambda --lambda-b --precision --ladder --name --seed --out; do
  want='empty value'; error silent "train $opt ''" train gauss-k4 "$opt" ''
done
for opt in --out --jobs --shard; do
  want='empty value'; error silent "sweep $opt ''" "$nrc" sweep "$tmp/hsweep.json" "$opt" '' --no-pdf -q
done
want='empty value'; error silent "sweep ''" "$nrc" sweep ''
for opt in --precision --rank-threshold --proof-bits; do
  want='empty value'; error silent "check $opt ''" "$nrc" check "$tmp/runH" "$opt" '' --no-write
done
want='empty value'; error silent "check ''" "$nrc" check ''
for opt in --out --jobs --data --lambda --seed --widths --check-precision --rank-threshold; do
  want='empty value'; error silent "verify $opt ''" "$nrc" verify "$opt" '' --no-pdf -q
done
for opt in --minutes --seed --build-dir --out --jobs --cases --label --filter; do
  want='empty value'; error silent "fuzz $opt ''" "$nrc" fuzz "$opt" ''
done
want='empty value'; error silent "report --out ''" "$nrc" report "$tmp/runH" --out '' --no-pdf -q
want='empty value'; error silent "report ''" "$nrc" report '' --no-pdf -q
want='empty value'; error silent "import ''" "$nrc" import '' --out "$tmp/o3"
want='empty value'; error silent "import --out ''" "$nrc" import "$tmp/ex" --out ''
want='empty value'; error silent "import --name ''" "$nrc" import "$tmp/ex" --out "$tmp/o3" --name ''
for opt in --out --precision --name; do
  want='empty value'; error silent "polish $opt ''" "$nrc" polish "$tmp/runH" "$opt" '' --no-progress
done
want='empty value'; error silent "_point ''" "$nrc" _point ''
want='empty value'; error silent "data summary --data ''" "$nrc" data summary --data ''
want='empty value'; error silent "data summary --classes ''" "$nrc" data summary --data iris --classes ''

# --------------------------------------------------- extreme numbers, limits
tr() { train gauss-k4 --data 'gauss:K=3,d=3,n=4,std=0.2,seed=3' --widths 3,4,3 --precision double --out "$tmp/o4" "$@"; }
export -f tr
for v in 1e308 1e7 1000001 inf -inf nan NaN -0 0 1e-400 0x1p2000 '1 ' 1e-3x 0.1,0.1 '1e-3;rm' 0,1; do
  error unclear "train --lambda '$v'" tr --lambda "$v"
done
for v in 4,1000000,1000000,3 4,100000,100000,3 '4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,99999,99999,3' \
         4,0,3 4,-1,3 4,1e6,3 '4,,3' 4,4.5,3 4,2147483648,3 3 '[3,4,3]' 3,4,3,; do
  want=''; error unclear "train --widths '$v'" train gauss-k4 --data 'gauss:K=3,d=4,n=4,std=0.2,seed=3' --widths "$v" --out "$tmp/o4"
done
want='limit of 10000000 parameters'
error unclear "--widths 4,1000000,1000000,3: the limit in the message" train gauss-k4 --widths 4,1000000,1000000,3 --out "$tmp/o4"
for v in -1 18446744073709551616 1.5 1e3 0x10 ' 7' abc; do
  error silent "train --seed '$v'" tr --seed "$v"
done
for v in 'gauss:K=3,K=4' 'gauss:d=3,d=3' 'gauss:std=1e300' 'gauss:center=1e300' 'gauss:std=-1' 'gauss:K=100000000,n=100000000' \
         'gauss:n=1e9' 'gauss:K=0' 'gauss:K=1.5' 'gauss:seed=-1' 'gauss:Q=1' 'gauss:K' 'gauss:std=nan' 'gaussian' 'gauss;K=3'; do
  error silent "data summary --data '$v'" summary "$v"
done
want='given twice'
error silent "gauss:K=3,K=4 names which K?" summary 'gauss:K=3,K=4'
want='larger in magnitude than 1e\+12'
error unclear "CSV feature 1e200 (extreme features)" summary "$(csv ext.csv '1e200,2,0\n3,4,1\n')"
want='std and center'
error unclear "gauss std 1e200 (extreme std)" train gauss-k4 --data 'gauss:K=3,d=3,n=4,std=1e200,seed=3' --widths 3,4,3 --out "$tmp/o4"
for v in inf nan 1e300 -1 0 10081 1e-320x ' '; do
  error silent "fuzz --minutes '$v'" "$nrc" fuzz --minutes "$v" --out "$tmp/o4"
done
for v in float double mpfr:24 mpfr:30 mpfr:1 mpfr:0 quad 'mpfr:256 ' longdouble,float128; do
  error silent "polish --precision $v on a double run" "$nrc" polish "$tmp/runH" --out "$tmp/o4" --precision "$v" --no-progress
done
for v in 0 1 -1 1.5 nan x; do
  error unclear "check --rank-threshold '$v'" "$nrc" check "$tmp/runH" --rank-threshold "$v" --no-write
done
for v in float16 mpfr:1 mpfr:99999999 automatic; do
  error unclear "check --precision '$v'" "$nrc" check "$tmp/runH" --precision "$v" --no-write
done
for v in 0 -1 2/1 1/0 a/b 3/2 '1 /2' 1/2/3 999999999999/1000000000000; do
  error silent "sweep --shard '$v'" "$nrc" sweep "$tmp/hsweep.json" --out "$tmp/o4" --shard "$v" --no-pdf -q
done
for v in 0 -1 257 1.5 x; do
  error unclear "sweep --jobs '$v'" "$nrc" sweep "$tmp/hsweep.json" --out "$tmp/o4" --jobs "$v" --no-pdf -q
done
[ -e "$tmp/o4" ] && ok=0 || ok=1
row files "failed commands above leave no --out folder (o4)" "o4 $( [ -e "$tmp/o4" ] && echo exists || echo absent)" "$ok"

# ------------------------------------------------------ sweep configurations
sw() { cfg "$1" "$2" > /dev/null; "$nrc" sweep "$tmp/$1" --out "$tmp/o5" --no-pdf -q; }
export -f sw cfg
base='"data": "gauss:K=3,d=3,n=4,std=0.2,seed=3", "widths": [3, 4, 3], "precision": "double"'
want='duplicate key'; error silent "sweep: lambda given twice in config" sw s1.json "{\"name\": \"t\", \"config\": {$base, \"lambda\": 0.1, \"lambda\": 0.2}}"
want='duplicate key .lambda.'; error unclear "sweep: duplicate lambda is blamed on lambda" sw s2.json "{\"name\": \"t\", \"config\": {$base, \"lambda_b\": 0, \"lambda\": 0.1, \"lambda\": 0.2}}"
want='repeated grid values'; error silent "sweep: grid lambda [0.1, 0.1]" sw s3.json "{\"name\": \"t\", \"config\": {$base}, \"grid\": {\"lambda\": [0.1, 0.1]}}"
for g in '{"lambda": []}' '{"lambda": [0]}' '{"lambda": [1e308]}' '{"lambda": ["x"]}' '{"lambda": 0.1}' '{"width": [0]}' '{"width": [1e9]}' \
         '{"depth": [100000]}' '{"seed": [-1]}' '{"activation": ["swish"]}' '{"loss": [1]}' '{"bias": ["yes"]}' '{"precision": ["mpfr:1"]}' \
         '{"std": [1e300]}' '{"data": ["/dev/zero"]}' '{"data": ["'"$tmp"'/fifo"]}' '{"colour": [1]}' '{"lambda": [[[[1]]]]}'; do
  error silent "sweep grid $g" sw s4.json "{\"name\": \"t\", \"config\": {$base}, \"grid\": $g}"
done
for c in '{"name": ""}' '{"name": "a/b"}' '{"name": "t", "config": []}' '{"name": "t", "config": {"widths": "x"}}' '{"name": "t", "problem": "nope"}' \
         '{"name": "t", "problem": "/dev/zero"}' '{"name": "t", "problem": "'"$tmp"'/fifo"}' '[]' '1' 'null' '"s"' '{}x'; do
  error silent "sweep config $c" sw s5.json "$c"
done
[ -e "$tmp/o5" ] && ok=0 || ok=1
row files "failed sweeps above leave no --out folder (o5)" "o5 $( [ -e "$tmp/o5" ] && echo exists || echo absent)" "$ok"

# ---------------------------------------------------------- CSV, round 2
# A typo in the first data row was read as a header: one sample silently lost.
want='line 1|:1:'
error silent "CSV first row '0.1,0.2x,0' (typo)" summary "$(csv t1.csv '0.1,0.2x,0\n0.3,0.4,1\n0.5,0.6,0\n')"
error silent "CSV first row label '0a'" summary "$(csv t2.csv '0.1,0.2,0a\n0.3,0.4,1\n0.5,0.6,0\n')"
error silent "CSV first row with a leading no-break space" summary "$(csv t3.csv '\302\2400.1,0.2,0\n0.3,0.4,1\n')"
error silent "CSV first row after two byte-order marks" summary "$(csv t4.csv '\357\273\277\357\273\2770.1,0.2,0\n0.3,0.4,1\n')"
error silent "CSV first row 'x,0.2,0'" summary "$(csv t5.csv 'x,0.2,0\n0.3,0.4,1\n')"
error silent "CSV header N,d with a typo '2,1x,a,b'" summary "$(csv t6.csv '2,1x,a,b\n1,0\n2,1\n')"
error silent "CSV first row '1,2,O' (letter O)" summary "$(csv t7.csv '1,2,O\n3,4,1\n')"
error silent "CSV first row with a tab-separated field" summary "$(csv t8.csv '1\t2,3,0\n3,4,5,1\n')"
result silent "CSV column-name header 'x,y,label' (3 rows)" '^N +3$' summary "$(csv h1.csv 'x,y,label\n1,2,0\n3,4,1\n5,6,0\n')"
result silent "CSV header '3,2,setosa,versicolor' (3 rows)" '^N +3$' summary "$(csv h2.csv '3,2,setosa,versicolor\n1,2,0\n3,4,1\n5,6,0\n')"
result silent "CSV without header, 6 rows: N = 6" '^N +6$' summary "$(csv h3.csv '0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,0\n0.7,0.8,1\n0.9,1.0,0\n1.1,1.2,1\n')"
for v in '1e13' '-1e300' '1.8e308' '1e12x' '0x1p50' '--1' '+-1' '1e' '.' '-' '1..2' '١' 'ZERO' 'true'; do
  error silent "CSV feature '$v'" summary "$(csv f.csv "0.1,0.2,0\n$v,0.4,1\n")"
done
for v in 1e10 2147483647 0.5 -0.5 '1 2' 0x1.8 '' nan inf 1e-400x; do
  error silent "CSV label '$v'" summary "$(csv l.csv "0.1,0.2,0\n0.3,0.4,$v\n")"
done
gzip -c "$tmp/random2.bin" > "$tmp/rnd.csv.gz"
error crash "gzip of random bytes" summary "$tmp/rnd.csv.gz"
head -c 100000000 /dev/zero | gzip -c > "$tmp/zeros.csv.gz"
error hang "gzip of 100 MB of NUL bytes (one endless line)" summary "$tmp/zeros.csv.gz"

# ------------------------------------------------------------------- import
# A valid export folder (2-3-2 tanh, biases, mse), then one change each.
export_dir() {  # NAME PYTHON-EXPRESSION-ON-j [CSV]
  mkdir -p "$tmp/$1"
  printf "${3:-0.5,1,0\n-0.25,0.125,1\n1,-3,0\n2,0.1,1\n}" > "$tmp/$1/data.csv"
  python3 - "$tmp/$1/export.json" "$2" <<'PY'
import json, sys
j = {"format": "nrc-export/1", "name": "tiny", "producer": "test", "loss": "mse",
     "lambda": "0.001", "lambda_b": "0.001",
     "regularization": {"weight_decay": "0.001", "bias_weight_decay": "0.001", "reduction": "spec",
                        "data_loss_scale": "1", "rule": "r", "optimizer": "SGD"},
     "modules": [{"index": 0, "type": "Linear", "in_features": 2, "out_features": 3,
                  "weight": [["0.1", "-0.3"], ["1.25", "0.5"], ["-0.5", "0.25"]], "bias": ["0.01", "-0.02", "0.03"]},
                 {"index": 1, "type": "Tanh"},
                 {"index": 2, "type": "Linear", "in_features": 3, "out_features": 2,
                  "weight": [["0.7", "-0.6", "0.5"], ["0.4", "0.3", "-0.2"]], "bias": ["0.0", "-0.0"]}],
     "data": {"file": "data.csv", "N": 4, "d": 2, "K": 2}}
exec(sys.argv[2])
text = j if isinstance(j, str) else json.dumps(j, indent=1)
open(sys.argv[1], "w").write(text)
PY
  echo "$tmp/$1"
}
imp() { rm -rf "$tmp/imp"; "$nrc" import "$1" --out "$tmp/imp"; }
export -f imp
result silent "import: a valid export folder (control)" 'wrote|imported' imp "$(export_dir e0 'pass')"
want='unknown key .Bias.'; error silent "import: 'Bias' instead of 'bias'" imp "$(export_dir e1 'j["modules"][0]["Bias"]=j["modules"][0].pop("bias")')"
want='unknown key'; error silent "import: unknown top-level key" imp "$(export_dir e2 'j["lamda"]="0.1"')"
want='unknown key'; error silent "import: unknown key in data" imp "$(export_dir e3 'j["data"]["n"]=4')"
want='unknown key'; error silent "import: unknown key in regularization" imp "$(export_dir e4 'j["regularization"]["wd"]=1')"
want='unknown key'; error silent "import: unknown key on an activation" imp "$(export_dir e5 'j["modules"][1]["inplace"]=True')"
want='contradicts'; error silent "import: regularization weight_decay 0.01 vs lambda 0.001" imp "$(export_dir e6 'j["regularization"]["weight_decay"]="0.01"')"
want='contradicts'; error silent "import: reduction sum (c = 2N = 8) vs lambda = wd" imp "$(export_dir e7 'j["regularization"]["reduction"]="sum"')"
want='data_loss_scale'; error silent "import: data_loss_scale 3 vs reduction spec" imp "$(export_dir e8 'j["regularization"]["data_loss_scale"]="3"')"
want='lambda_b'; error silent "import: bias_weight_decay 0 vs lambda_b = lambda" imp "$(export_dir e9 'j["regularization"]["bias_weight_decay"]=None')"
want='reduction'; error silent "import: reduction 'avg'" imp "$(export_dir e10 'j["regularization"]["reduction"]="avg"')"
want='nested deeper than 64'; error crash "import: regularization.optimizer nested 65 deep" imp "$(export_dir e11 'v=1
for _ in range(65): v={"a": v}
j["regularization"]["optimizer"]=v')"
want='must be a string, a number or null'; error crash "import: regularization.optimizer nested 60 deep (not copied to log.json)" imp "$(export_dir e11b 'v=1
for _ in range(60): v={"a": v}
j["regularization"]["optimizer"]=v')"
want='nested deeper'; error crash "import: regularization.optimizer nested 100000 deep" imp "$(export_dir e12 'j = json.dumps(j)[:-1] + ", \"x\": " + "[" * 100000 + "]" * 100000 + "}"')"
want='duplicate key'; error silent "import: duplicate key 'lambda'" imp "$(export_dir e13 'j = json.dumps(j)[:-1] + ", \"lambda\": \"0.5\"}"')"
want='at least 2 classes'; error silent "import: K = 1 (out_features 1)" imp "$(export_dir e14 'j["modules"][2]["out_features"]=1; j["modules"][2]["weight"]=j["modules"][2]["weight"][:1]; j["modules"][2]["bias"]=["0"]; j["data"]["K"]=1' '0.5,1,0\n-0.25,0.125,0\n')"
want='lambda must be'; error silent "import: lambda 1e308" imp "$(export_dir e15 'j["lambda"]="1e308"; j["lambda_b"]="1e308"; del j["regularization"]')"
want='lambda must be'; error silent "import: lambda 1e7" imp "$(export_dir e16 'j["lambda"]="1e7"; j["lambda_b"]="1e7"; del j["regularization"]')"
want='1000000'; error unclear "import: in_features 10^9 (the limit is 10^6)" imp "$(export_dir e17 'j["modules"][0]["in_features"]=10**9')"
for expr in 'j["lambda"]="nan"' 'j["lambda"]="-1"' 'j["lambda"]=None' 'del j["lambda"]' 'j["lambda_b"]="0.5"' 'j["loss"]="hinge"' \
            'j["format"]="nrc-export/3"' 'j["name"]=7' 'j["name"]=""' 'j["producer"]={"a":1}' 'j["modules"]=[]' 'j["modules"]={}' \
            'j["modules"][1]["type"]="Conv2d"' 'j["modules"][0]["weight"][0]=["0.1"]' 'j["modules"][0]["weight"][1][1]="nan"' \
            'j["modules"][0]["weight"][1][1]="1e999"' 'j["modules"][0]["bias"]=["1","2"]' 'j["modules"][2]["bias"]=None' \
            'j["modules"][0]["out_features"]=4' 'j["modules"].append({"type":"Tanh"})' 'j["modules"].insert(0,{"type":"Tanh"})' \
            'j["modules"][1]["type"]="GELU"; j["modules"][1]["approximate"]="tanh"' 'j["modules"][1]["type"]="Softplus"; j["modules"][1]["beta"]="2"' \
            'j["data"]["file"]="../x.csv"' 'j["data"]["file"]="/dev/zero"' 'j["data"]["N"]=5' 'j["data"]["K"]=3' 'j["data"]=[]' \
            'j["regularization"]=[]' 'j["regularization"]["weight_decay"]="-1"' 'j["regularization"]["optimizer"]=[1]' \
            'j = "[" * 70 + "]" * 70' 'j = "{}"' 'j = "\xef\xbb\xbf{}"'; do
  error silent "import: $expr" imp "$(export_dir ex "$expr")"
  rm -rf "$tmp/ex"
done
result silent "import: a module index of 10000 characters (a free label)" 'wrote|imported' imp "$(export_dir e22 'j["modules"][0]["index"]="x"*10000')"
result silent "data summary --data 'gauss:K=3,,d=4,' (empty items skipped)" '^d +4$' summary 'gauss:K=3,,d=4,'
want='not finite in double'; error unclear "import: a weight 1e300 (the objective overflows)" imp "$(export_dir e23 'j["modules"][0]["weight"][0][0]="1e300"')"
want='not finite in double'; error unclear "import: weights 1e200 in two layers" imp "$(export_dir e24 'j["modules"][0]["weight"][0][0]="1e200"; j["modules"][2]["weight"][0][2]="1e200"')"
error silent "import: data.csv with a typo in row 1" imp "$(export_dir e18 'pass' '0.5,1x,0\n-0.25,0.125,1\n1,-3,0\n2,0.1,1\n')"
error silent "import: data.csv with 3 rows for N = 4" imp "$(export_dir e19 'pass' '0.5,1,0\n-0.25,0.125,1\n1,-3,0\n')"
mkdir -p "$tmp/e20"; printf '1,2,0\n' > "$tmp/e20/data.csv"; ln -s "$tmp/fifo" "$tmp/e20/export.json"
error hang "import: export.json a link to a FIFO" imp "$tmp/e20"
mkdir -p "$tmp/e21"; cp "$tmp/e0/export.json" "$tmp/e21/"; ln -s /dev/zero "$tmp/e21/data.csv"
error hang "import: data.csv a link to /dev/zero" imp "$tmp/e21"

# ---------------------------------------- polish: never worse, never lower
result silent "polish a double run to mpfr:128 (control)" 'wrote' "$nrc" polish "$tmp/runH" --out "$tmp/pol" --precision mpfr:128 --no-progress
python3 - "$tmp/runH/certificate.json" "$tmp/pol/certificate.json" <<'PY' && ok=1 || ok=0
import json, sys
from decimal import Decimal
a = Decimal(json.load(open(sys.argv[1]))["grad_norm_2"]); b = Decimal(json.load(open(sys.argv[2]))["grad_norm_2"])
sys.exit(0 if b <= a else 1)
PY
row silent "... polished ||grad J||_2 <= the start's" "$(grep -o '"grad_norm_2": "[^"]*' "$tmp/pol/certificate.json" | head -c 60)" "$ok"
want='fewer than'; error silent "polish --precision float refused (help excludes it)" "$nrc" polish "$tmp/pol" --out "$tmp/o6" --precision float --no-progress
want='fewer than'; error silent "polish --precision mpfr:64 on an mpfr:128 run" "$nrc" polish "$tmp/pol" --out "$tmp/o6" --precision mpfr:64 --no-progress
want='RUN_DIR itself'; error files "polish --out RUN_DIR" "$nrc" polish "$tmp/runH" --out "$tmp/runH" --no-progress
# polish --stages: stage sections only, each value validated as in a configuration.
printf '{"data": "iris"}\n' > "$tmp/stages-data.json"
printf '{"newton": {"negative_curvature": "sideways"}}\n' > "$tmp/stages-bad.json"
printf '{"newton": 3}\n' > "$tmp/stages-notobj.json"
printf '{"lbfgs": {"gradient_tolerance": 1}, "newton": {"max_iterations": 0}, "polish": {"max_iterations": 0}}\n' > "$tmp/stages-ok.json"
want='not a stage section'; error silent "polish --stages with a data key" "$nrc" polish "$tmp/runH" --out "$tmp/o7" --stages "$tmp/stages-data.json" --no-progress
want='newton.negative_curvature'; error silent "polish --stages with a bad value" "$nrc" polish "$tmp/runH" --out "$tmp/o7" --stages "$tmp/stages-bad.json" --no-progress
want='is not an object'; error silent "polish --stages with a section not an object" "$nrc" polish "$tmp/runH" --out "$tmp/o7" --stages "$tmp/stages-notobj.json" --no-progress
result silent "polish --stages (control)" 'wrote' "$nrc" polish "$tmp/runH" --out "$tmp/pol-st" --precision mpfr:128 --stages "$tmp/stages-ok.json" --no-progress
grep -q '"max_iterations": 0' "$tmp/pol-st/config.json" && ok=1 || ok=0
row silent "... its config.json has the --stages settings" "$(grep -c '"max_iterations": 0' "$tmp/pol-st/config.json")" "$ok"

# ------------------------------------------------ cached analysis, resealed
"$nrc" sweep "$tmp/hsweep.json" --out "$tmp/hsw" --no-pdf -q > /dev/null 2>&1
python3 - "$tmp/hsw/runs/h/analysis.json" <<'PY'
import json, sys, hashlib
p = sys.argv[1]
j = json.load(open(p))
for v in j["verdicts"]:
    if v["verdict"] == "holds" and v["bound"] > 0:
        v["observed"] = v["bound"] * 9.17e12; v["ratio"] = 9.17e12
        break
j.pop("sha256", None)
j["sha256"] = hashlib.sha256(json.dumps(j, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
open(p, "w").write(json.dumps(j, indent=1))
PY
result silent "sweep rerun: analysis.json with a 'holds' of ratio 9.17e12, resealed: recomputed" '1 run, 0 reused|0 reused' \
  "$nrc" sweep "$tmp/hsweep.json" --out "$tmp/hsw" --no-pdf -q
grep -q '9.17e+12\|9170000000000' "$tmp/hsw/runs/h/analysis.json" && ok=0 || ok=1
row silent "... the contradicting verdict is gone from analysis.json" "$( [ "$ok" -eq 1 ] && echo gone || echo still-there)" "$ok"

# ------------------------------------------- merge, verify, report: files
want='not finished'; error silent "sweep --merge with no finished point" "$nrc" sweep "$tmp/hsweep.json" --merge --out "$tmp/o7" --no-pdf -q
result silent "sweep --merge of a finished sweep (control)" 'report|everything' "$nrc" sweep "$tmp/hsweep.json" --merge --out "$tmp/hsw" --no-pdf -q
rm -f "$tmp/hsw/runs/h/model.json"; ln -s "$tmp/fifo" "$tmp/hsw/runs/h/model.json"
error hang "sweep --merge: a point's model.json a link to a FIFO" "$nrc" sweep "$tmp/hsweep.json" --merge --out "$tmp/hsw" --no-pdf -q
rm -f "$tmp/hsw/runs/h/model.json"; ln -s /dev/zero "$tmp/hsw/runs/h/model.json"
error hang "sweep --merge: a point's model.json a link to /dev/zero" "$nrc" sweep "$tmp/hsweep.json" --merge --out "$tmp/hsw" --no-pdf -q
for f in "$tmp/fifo" /dev/zero "$tmp/big17g.csv" "$tmp/deep.json"; do
  error hang "verify --data ${f##*/}" "$nrc" verify --data "$f" --out "$tmp/o7" --no-pdf -q
  error hang "report on ${f##*/}" "$nrc" report "$f" --out "$tmp/o7" --no-pdf -q
done
error silent "report on a folder without runs" "$nrc" report "$tmp/adir" --out "$tmp/o7" --no-pdf -q
want='empty value'; error silent "sweep --merge --out ''" "$nrc" sweep "$tmp/hsweep.json" --merge --out '' --no-pdf -q
rm -rf "$tmp/rH"; cp -r "$tmp/runH" "$tmp/rH"; rm -f "$tmp/rH/analysis.json"; ln -s "$tmp/fifo" "$tmp/rH/analysis.json"
result hang "report: a run's cached analysis.json a link to a FIFO (recomputed)" 'report|wrote' "$nrc" report "$tmp/rH" --out "$tmp/rep7" --no-pdf
[ -e "$tmp/o7" ] && ok=0 || ok=1
row files "failed commands above leave no --out folder (o7)" "o7 $( [ -e "$tmp/o7" ] && echo exists || echo absent)" "$ok"
