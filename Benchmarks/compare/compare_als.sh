#!/usr/bin/env bash
# Training benchmark (issue 3, Performance): `whitespot train` against implicit==0.7.3 on the same
# generated orders, 64 factors, 15 iterations, CG with 3 steps, same regularisation and
# confidences; implicit with BLAS limited to 1 thread (threadpoolctl), as it recommends.
# Prints medians of REPS runs and ratios measured in the same run, then held-out precision@10.
# Not part of CI. Run from anywhere after `swift build -c release`; results: Benchmarks/TRAINING.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/release/whitespot}
DATA=${DATA:-/tmp/whitespot-bench}
REPS=${REPS:-3}
CONFIGS=${CONFIGS:-"6000000:2 6000000:1 3000000:2 1500000:2"}
CUTOFF=${CUTOFF:-2024-10-01}   # generated dates span 2023-01-01 .. 2024-12-31: the last quarter
COMMON=(--factors 64 --iterations 15 --regularization 0.01 --alpha 1.0 --cg-steps 3)
PY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/compare/implicit_als.py"
mkdir -p "$DATA"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
RESULTS="$DATA/training-results.jsonl"
: > "$RESULTS"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for config in $CONFIGS; do
    lines=${config%%:*}
    orders="$DATA/orders-$lines.csv"
    if [ ! -f "$orders" ]; then
        "$BIN" generate --customers 200000 --products 20000 --lines "$lines" --seed 1 --out "$orders"
    fi
done

for config in $CONFIGS; do
    lines=${config%%:*}; threads=${config##*:}
    orders="$DATA/orders-$lines.csv"
    for rep in $(seq "$REPS"); do
        /usr/bin/time -f "%M" -o "$OUT/rss" "$BIN" train "$orders" --model "$OUT/model.safetensors" \
            "${COMMON[@]}" --threads "$threads" --json > "$OUT/ours.json"
        python3 - "$OUT/ours.json" "$OUT/rss" "$lines" "$threads" >> "$RESULTS" <<'PY'
import json, statistics, sys
s = json.load(open(sys.argv[1])); rss = int(open(sys.argv[2]).read().split()[-1])
print(json.dumps({"tool": "whitespot", "lines": int(sys.argv[3]), "threads": int(sys.argv[4]), "pairs": s["pairs"],
                  "seconds_per_iteration": statistics.median(s["iterationSeconds"]), "fit_seconds": s["fitSeconds"],
                  "ingest_seconds": s["ingestSeconds"], "peak_rss_mb": rss / 1024}))
PY
        $PY fit "$orders" "${COMMON[@]}" --threads "$threads" \
            | python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d['lines']=$lines; print(json.dumps(d))" >> "$RESULTS"
        tail -2 "$RESULTS"
    done
done

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("\n| lines | threads | pairs | whitespot s/iter | implicit s/iter | ratio | whitespot fit s | implicit fit s | whitespot peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|")
keys = sorted({(r["lines"], r["threads"]) for r in rows}, key=lambda k: (-k[0], -k[1]))
for lines, threads in keys:
    ours = [r for r in rows if r["tool"] == "whitespot" and (r["lines"], r["threads"]) == (lines, threads)]
    imp = [r for r in rows if r["tool"] == "implicit" and (r["lines"], r["threads"]) == (lines, threads)]
    med = lambda rs, k: statistics.median(r[k] for r in rs)
    ratios = statistics.median(o["seconds_per_iteration"] / i["seconds_per_iteration"] for o, i in zip(ours, imp))
    print(f"| {lines:,} | {threads} | {ours[0]['pairs']:,} | {med(ours, 'seconds_per_iteration'):.3f} | "
          f"{med(imp, 'seconds_per_iteration'):.3f} | {ratios:.2f} | {med(ours, 'fit_seconds'):.1f} | "
          f"{med(imp, 'fit_seconds'):.1f} | {med(ours, 'peak_rss_mb'):.0f} |")
PY

echo
echo "== held-out precision@10, cutoff $CUTOFF, 6M lines, 2 threads"
orders="$DATA/orders-6000000.csv"
[ -f "$orders" ] || "$BIN" generate --customers 200000 --products 20000 --lines 6000000 --seed 1 --out "$orders"
$PY quality "$orders" --cutoff "$CUTOFF" --train-csv "$OUT/train.csv"
"$BIN" train "$OUT/train.csv" --model "$OUT/train-model.safetensors" "${COMMON[@]}" --threads 2 --json > /dev/null
$PY quality "$orders" --cutoff "$CUTOFF" --ours "$OUT/train-model.safetensors" "${COMMON[@]}" --threads 2
