#!/usr/bin/env bash
# Cross-checks `whitespot basket` against mlxtend (pip install mlxtend) on the groceries data,
# and times both. Not part of CI. Run from the package root after `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-../shared/data/groceries/Groceries_dataset.csv}
BIN=${BIN:-.build/release/whitespot}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for setting in "0.001 0.1 2" "0.0005 0.05 3"; do
    set -- $setting
    echo "== min-support $1, min-confidence $2, max-length $3"
    /usr/bin/time -f "whitespot basket: %e s, %M KB" "$BIN" basket "$DATA" \
        --columns customer=Member_number,date=Date,product=itemDescription --date-format dd-MM-yyyy \
        --min-support "$1" --min-confidence "$2" --max-length "$3" --top 1000000 --json > "$OUT/ours.json"
    /usr/bin/time -f "mlxtend (with pandas load): %e s, %M KB" python3 Benchmarks/compare/mlxtend_basket.py "$DATA" "$OUT/ours.json" "$1" "$2" "$3"
done
