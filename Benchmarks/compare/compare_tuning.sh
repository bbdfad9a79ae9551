#!/usr/bin/env bash
# Tuning cost on Online Retail II (issue 10): `evaluate --tune` with a base binary and a new one,
# alternating, RUNS runs each (default 2); prints each run's tuning seconds (the "tuning" stage of
# --timings), the chosen setting and the delivered list's test ndcg@10, then the medians and their
# ratio (target: new ≤ 2 × base).
# Usage (from the package root): Benchmarks/compare/compare_tuning.sh BASE_BIN NEW_BIN [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$1 new=$2 runs=${3:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(evaluate ../shared/data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv
  --columns 'customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice,name=Description'
  --exclude-products 'POST,M,m,DOT,C2,C3,D,ADJUST,ADJUST2,BANK CHARGES,S,AMAZONFEE,B,TEST001,TEST002'
  --cutoff 2010-10-01 --tune --timings --json)
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A seconds=([base]="" [new]="")
for run in $(seq "$runs"); do
  for which in base new; do
    bin=$base
    [ "$which" = new ] && bin=$new
    OPENBLAS_CORETYPE=SkylakeX "$bin" "${args[@]}" > "$out/$which.json" 2> "$out/$which.err"
    t=$(awk '/tuning: [0-9.]+ s$/ {print $(NF-1)}' "$out/$which.err")
    seconds[$which]+="$t "
    python3 - "$out/$which.json" "$which" "$run" "$t" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tuning"]; chosen = t["trials"][t["chosen"]]["parameters"]
keep = ("family", "factors", "regularization", "alpha", "halfLifeDays", "ensembleWeight", "ease.regularization", "ease.halfLifeDays", "blend", "segments", "penetrationWindowDays")
setting = " ".join(f"{n}={v}" for n, v in chosen.items() if n in keep)
ndcg = next(m["ndcg"] for m in d["methods"] if m["method"] == "delivered list")
print(f"run {sys.argv[3]} {sys.argv[2]}: tuning {sys.argv[4]} s, {len(t['trials'])} settings, chosen {setting}, test ndcg@10 {ndcg:.4f}")
PY
  done
done
b=$(median ${seconds[base]}) n=$(median ${seconds[new]})
echo "median tuning: base $b s, new $n s"
python3 -c "print(f'ratio new/base: {$n/$b:.2f} (target ≤ 2)')"
