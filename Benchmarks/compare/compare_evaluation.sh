#!/usr/bin/env bash
# What a held-out evaluation costs next to training and scoring alone, on the generated
# 200k-customer benchmark data (Benchmarks/EVALUATION.md).
#
#   evaluate: whitespot evaluate ORDERS --cutoff 2024-07-01 (ingest, split, fit on the 75 % of
#             lines before the cutoff, popularity, segment-penetration, matrix factorisation and
#             blend rankings of every evaluated customer, metrics)
#   train + score: whitespot train ORDERS (all lines) + whitespot score --ranking-only --top 10
#             (all customers) — the production job an evaluation is compared with.
# Same hyper-parameters (64 factors, 15 iterations, CG 3 steps, 2 threads), same run, medians of N.
#
# Usage (from the package root, after `swift build -c release`):
#   Benchmarks/compare/compare_evaluation.sh [repeats=3] [workdir=/tmp/whitespot-eval-bench]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-3}
work=${2:-/tmp/whitespot-eval-bench}
bin=.build/release/whitespot
mkdir -p "$work"
orders=$work/orders-6m.csv
[[ -f $orders ]] || "$bin" generate --customers 200000 --products 20000 --lines 6000000 --out "$orders"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

measure() {  # name, command...: appends "seconds peakKB" to $work/<name>.times
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.one" "$@" > /dev/null 2> "$work/$name.err"
  cat "$work/$name.one" >> "$work/$name.times"
}
rm -f "$work"/*.times
for r in $(seq "$repeats"); do
  echo "repeat $r/$repeats" >&2
  measure evaluate "$bin" evaluate "$orders" --cutoff 2024-07-01 --threads 2 --timings
  cp "$work/evaluate.err" "$work/evaluate-stages-$r.txt"
  measure train "$bin" train "$orders" --model "$work/model.safetensors" --threads 2
  measure score "$bin" score "$orders" --model "$work/model.safetensors" --top 10 --ranking-only --threads 2 --out "$work/scores.csv"
done
python3 - "$work" <<'PY'
import statistics, sys
work = sys.argv[1]
def load(name):
    rows = [tuple(map(float, l.split())) for l in open(f"{work}/{name}.times")]
    return statistics.median(r[0] for r in rows), max(r[1] for r in rows) / 1024
e, t, s = load("evaluate"), load("train"), load("score")
print(f"evaluate       median {e[0]:7.1f} s   peak {e[1]:6.0f} MB")
print(f"train          median {t[0]:7.1f} s   peak {t[1]:6.0f} MB")
print(f"score          median {s[0]:7.1f} s   peak {s[1]:6.0f} MB")
print(f"train + score  median {t[0] + s[0]:7.1f} s")
print(f"evaluate / (train + score) = {e[0] / (t[0] + s[0]):.2f}")
PY
echo "stage timings of the last evaluate run:"; cat "$work/evaluate-stages-$repeats.txt"
