#!/usr/bin/env bash
# The list a sales rep receives, timed (issue 9): the default `score` job (life cycle, variants,
# sales rules, reasons, deep-sells) against `--ranking-only` (the plain top-K rows) on the
# benchmark data (200k customers × 20k products, 64 factors), at --top 3 and --top 10, with
# implicit 0.7.3's `recommend` (N = top, its fastest setting: OpenBLAS single-threaded) on the same
# factors in the same run. Whole processes, RUNS runs each alternating, medians.
# Run from the package root after `swift build -c release`:
#   Benchmarks/compare/compare_score_job.sh
#   CUSTOMERS=20000 PRODUCTS=2000 LINES=600000 RUNS=1 Benchmarks/compare/compare_score_job.sh   # quick
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/compare/scoring_data.sh
TOPS=${TOPS:-"3 10"}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $CUSTOMERS customers × $PRODUCTS products, $LINES lines, k = 64, threads $THREADS, $RUNS runs"
field() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))$2)" "$1"; }
for TOP in $TOPS; do
    plain=() full=() plain_rank=() full_rank=() plain_rss=() full_rss=() theirs=() theirs_total=()
    for run in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$DIR/t" "$BIN" score "$ORDERS" --model "$MODEL" --ranking-only --top "$TOP" \
            --threads "$THREADS" --out "$DIR/plain.csv" --json > "$DIR/plain.json"
        read -r wall rss < "$DIR/t"; plain+=("$wall"); plain_rss+=("$rss"); plain_rank+=("$(field "$DIR/plain.json" "['seconds']['rank']")")
        /usr/bin/time -f "%e %M" -o "$DIR/t" "$BIN" score "$ORDERS" --model "$MODEL" --top "$TOP" \
            --threads "$THREADS" --out "$DIR/full.csv" --json > "$DIR/full.json"
        read -r wall rss < "$DIR/t"; full+=("$wall"); full_rss+=("$rss"); full_rank+=("$(field "$DIR/full.json" "['seconds']['rank']")")
        /usr/bin/time -f "%e" -o "$DIR/t" env TOP="$TOP" OPENBLAS_NUM_THREADS=1 \
            python3 Benchmarks/compare/implicit_recommend.py "$MODEL" "$ORDERS" > "$DIR/theirs.json" 2>/dev/null
        theirs+=("$(field "$DIR/theirs.json" "['recommend_seconds']")"); theirs_total+=("$(cat "$DIR/t")")
        echo "top $TOP run $run: ranking-only ${plain[-1]} s (rank ${plain_rank[-1]} s), default job ${full[-1]} s (rank + rules + reasons ${full_rank[-1]} s), implicit recommend ${theirs[-1]} s (process ${theirs_total[-1]} s)"
    done
    p=$(median "${plain[@]}") f=$(median "${full[@]}") pr=$(median "${plain_rank[@]}") fr=$(median "${full_rank[@]}")
    i=$(median "${theirs[@]}") it=$(median "${theirs_total[@]}") prss=$(median "${plain_rss[@]}") frss=$(median "${full_rss[@]}")
    echo "top $TOP median: ranking-only $p s ($pr s ranking, $prss KB), default job $f s ($fr s ranking + rules + reasons, $frss KB); implicit recommend $i s ($it s whole process)"
    python3 -c "print(f'top $TOP ratios: default job / ranking-only {$f/$p:.2f} (target <= 1.5); ranking part {$fr/$pr:.2f}; default job / implicit whole process {$f/$it:.2f}, / implicit recommend alone {$f/$i:.2f}')"
    # Each default job ran right after its ranking-only run, so a pair shares the host's load of
    # the moment: the median of the per-pair ratios is the figure that noise moves least.
    python3 -c "import statistics as s; r = sorted(f / p for f, p in zip([${full[*]/%/,}], [${plain[*]/%/,}])); print('top $TOP per-pair ratios: ' + ', '.join(f'{x:.2f}' for x in r) + f'; median {s.median(r):.2f}')"
    echo "rows: $(field "$DIR/full.json" "['kinds']"), short lists $(field "$DIR/full.json" "['short_lists']"), inactive products left out $(field "$DIR/full.json" "['inactive_products']") (window $(field "$DIR/full.json" "['active_window_days']") days)"
done
