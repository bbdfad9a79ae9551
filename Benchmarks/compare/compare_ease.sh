#!/usr/bin/env bash
# EASE benchmark (issue 10), side by side in one run, RUNS runs each (default 3), medians and ratios:
# 1. fit: `whitespot train --algorithm ease` on the generated benchmark orders (20k products) against
#    the NumPy reference of the paper's code (float64 Gram matrix, np.linalg.inv), same purchase pairs;
#    the first run also compares the two B matrices;
# 2. scoring: top-10 whitespots for all 200k customers with the EASE model against the same with
#    the 64-factor ALS model (`score --ranking-only`, the plain engine ranking, as compare_scoring.sh).
# Run from the package root after `swift build -c release`; needs numpy and scipy.
#
#   Benchmarks/compare/compare_ease.sh                                        # full size
#   CUSTOMERS=20000 PRODUCTS=2000 LINES=600000 Benchmarks/compare/compare_ease.sh   # quick
#   PARTS=score Benchmarks/compare/compare_ease.sh    # only part 2 (the EASE model of part 1 must exist)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/compare/scoring_data.sh
LAMBDA=${LAMBDA:-500}
EASE="$DIR/ease-$CUSTOMERS-$PRODUCTS-$LINES.safetensors"
json() { python3 -c "import json,sys;d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split('.'): d=d[k]
print(d)" "$@"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
echo "data: $CUSTOMERS customers × $PRODUCTS products, $LINES lines; EASE λ $LAMBDA, binary rows; threads $THREADS"
PARTS=${PARTS:-fit score}
fit=() fit_rss=() np_fit=() np_inv=() np_gram=() np_rss=() np_base=()
for run in $(seq "$RUNS"); do
    [[ $PARTS == *fit* ]] || break
    /usr/bin/time -f "%M" -o "$DIR/ease.rss" "$BIN" train "$ORDERS" --model "$EASE" --algorithm ease \
        --ease-regularization "$LAMBDA" --threads "$THREADS" --json > "$DIR/ease.json"
    fit+=("$(json "$DIR/ease.json" fitSeconds)") fit_rss+=("$(cat "$DIR/ease.rss")")
    extra=""
    [ "$run" = 1 ] && extra="$EASE"
    python3 Benchmarks/compare/numpy_ease.py "$ORDERS" "$LAMBDA" $extra > "$DIR/numpy.json"
    np_fit+=("$(json "$DIR/numpy.json" fit_seconds)") np_inv+=("$(json "$DIR/numpy.json" inverse_seconds)")
    np_gram+=("$(json "$DIR/numpy.json" gram_seconds)")
    np_rss+=("$(json "$DIR/numpy.json" peak_rss_kb)") np_base+=("$(json "$DIR/numpy.json" rss_before_fit_kb)")
    [ "$run" = 1 ] && agree="largest |B_numpy − B_whitespot| $(json "$DIR/numpy.json" max_abs_difference) (largest |B| $(json "$DIR/numpy.json" max_abs_weight))"
    echo "run $run fit: whitespot ${fit[-1]} s (peak RSS of the process ${fit_rss[-1]} KB); numpy ${np_fit[-1]} s (Gram ${np_gram[-1]} s, inverse ${np_inv[-1]} s; RSS ${np_base[-1]} KB before the fit, peak ${np_rss[-1]} KB)"
done
if [[ $PARTS == *fit* ]]; then
    f=$(median "${fit[@]}") n=$(median "${np_fit[@]}")
    echo "median fit: whitespot $f s, numpy $n s"
    python3 -c "print(f'ratio whitespot/numpy fit: {$f/$n:.3f} (target ≤ 0.5)')"
    echo "agreement (run 1): $agree"
fi
[[ $PARTS == *score* ]] || exit 0

ease=() als=()
for run in $(seq "$RUNS"); do
    for family in ease als; do
        model=$MODEL
        [ "$family" = ease ] && model=$EASE
        /usr/bin/time -f "%M" -o "$DIR/$family-score.rss" "$BIN" score "$ORDERS" --model "$model" --ranking-only --top 10 --blend 1 \
            --active-within 0 --keep-variants --threads "$THREADS" --out "$DIR/$family-top10.csv" --json > "$DIR/$family-score.json"
        seconds=$(json "$DIR/$family-score.json" seconds.rank)
        if [ "$family" = ease ]; then ease+=("$seconds"); else als+=("$seconds"); fi
        echo "run $run scoring $family: rank $seconds s (whole process $(json "$DIR/$family-score.json" seconds.total) s, peak RSS $(cat "$DIR/$family-score.rss") KB)"
    done
done
e=$(median "${ease[@]}") a=$(median "${als[@]}")
echo "median scoring: ease $e s, als $a s"
python3 -c "print(f'ratio ease/als scoring: {$e/$a:.3f} (target ≤ 1)')"
