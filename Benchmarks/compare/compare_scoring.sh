#!/usr/bin/env bash
# Scoring benchmark (issue 4): top-10 whitespots for every customer of the generated benchmark
# data (200k customers × 20k products, 64 factors), excluding bought products, side by side with
# implicit 0.7.3's batch recommend on the same factors and purchases (the plain engine ranking: life
# cycle and variants off, so both rank the same candidates). Whole processes, RUNS runs
# each (default 3), medians and ratios. Run from the package root after `swift build -c release`.
#
#   Benchmarks/compare/compare_scoring.sh            # full size
#   CUSTOMERS=20000 PRODUCTS=2000 LINES=600000 Benchmarks/compare/compare_scoring.sh   # quick
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/compare/scoring_data.sh

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "data: $CUSTOMERS customers × $PRODUCTS products, $LINES lines, k = 64, top 10, threads $THREADS"
ours_rank=() ours_cpu=() ours_score=() ours_total=() ours_rss=() theirs=() theirs_cpu=() agree=""
for run in $(seq "$RUNS"); do
    /usr/bin/time -f "%M" -o "$DIR/rss" "$BIN" score "$ORDERS" --model "$MODEL" --ranking-only --top 10 --blend 1 --active-within 0 --keep-variants \
        --threads "$THREADS" --out "$DIR/ours.csv" --json > "$DIR/ours.json"
    ours_rank+=("$(python3 -c "import json;print(json.load(open('$DIR/ours.json'))['seconds']['rank'])")")
    ours_cpu+=("$(python3 -c "import json;print(json.load(open('$DIR/ours.json'))['seconds']['rank_cpu'])")")
    ours_score+=("$(python3 -c "import json;print(json.load(open('$DIR/ours.json'))['seconds']['score'])")")
    ours_total+=("$(python3 -c "import json;print(json.load(open('$DIR/ours.json'))['seconds']['total'])")")
    ours_rss+=("$(cat "$DIR/rss")")
    # implicit recommends its BLAS with one thread (its own warning); it is also its faster setting here.
    extra=""
    [ "$run" = 1 ] && extra="$DIR/ours.csv"
    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/compare/implicit_recommend.py "$MODEL" "$ORDERS" $extra > "$DIR/theirs.json" 2>/dev/null
    theirs+=("$(python3 -c "import json;print(json.load(open('$DIR/theirs.json'))['recommend_seconds'])")")
    theirs_cpu+=("$(python3 -c "import json;print(json.load(open('$DIR/theirs.json'))['recommend_cpu_seconds'])")")
    [ "$run" = 1 ] && agree=$(python3 -c "import json;d=json.load(open('$DIR/theirs.json'));print(f\"identical top-10 lists {d['identical_lists']:.4f}, identical sets {d['identical_sets']:.4f}\")")
    echo "run $run: whitespot rank ${ours_rank[-1]} s (CPU ${ours_cpu[-1]} s; rank + write ${ours_score[-1]} s, whole process ${ours_total[-1]} s, peak RSS ${ours_rss[-1]} KB); implicit recommend ${theirs[-1]} s (CPU ${theirs_cpu[-1]} s)"
done
r=$(median "${ours_rank[@]}") c=$(median "${ours_cpu[@]}") s=$(median "${ours_score[@]}") t=$(median "${ours_total[@]}")
i=$(median "${theirs[@]}") ic=$(median "${theirs_cpu[@]}")
echo "median: whitespot rank $r s (CPU $c s), rank + write $s s, whole process $t s; implicit recommend $i s (CPU $ic s)"
python3 -c "print(f'ratio whitespot/implicit: rank {$r/$i:.3f}, rank + write {$s/$i:.3f} (target ≤ 0.33); CPU {$c/$ic:.3f}')"
echo "agreement with implicit (run 1): $agree"
