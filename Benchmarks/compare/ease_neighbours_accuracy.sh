#!/usr/bin/env bash
# Accuracy of the EASE neighbour model against the dense B (issue 10), Online Retail II 2009-10 at
# 2010-10-01 with evaluate_real_data.sh's columns and exclusions:
# 1. the tuned setting held fixed (EASE λ 300, half-life 180 d, w = 1) for every K in KS;
# 2. with TUNE=1, also `evaluate --tune` (the whole grid) for every K in KS.
# K = 100000 keeps every weight (the dense B). Run from the package root after `swift build -c release`.
#
#   Benchmarks/compare/ease_neighbours_accuracy.sh
#   KS="128 512" TUNE=1 Benchmarks/compare/ease_neighbours_accuracy.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/release/whitespot}
KS=${KS:-16 32 64 128 256 512 1024 100000}
out=${OUT:-/tmp/whitespot-ease-neighbours}
mkdir -p "$out"
data=../shared/data
retail=("$data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv"
  --columns 'customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice,name=Description'
  --exclude-products 'POST,M,m,DOT,C2,C3,D,ADJUST,ADJUST2,BANK CHARGES,S,AMAZONFEE,B,TEST001,TEST002'
  --cutoff 2010-10-01)
for k in $KS; do
    "$BIN" evaluate "${retail[@]}" --algorithm ease --ease-regularization 300 --half-life 180 --blend 1 \
        --ease-neighbours "$k" --json > "$out/fixed-$k.json"
    echo "K $k, fixed setting: $(python3 Benchmarks/compare/evaluation_table.py "$out/fixed-$k.json" x | grep '^| delivered list')"
done
[ "${TUNE:-0}" = 1 ] || exit 0
for k in $KS; do
    "$BIN" evaluate "${retail[@]}" --tune --ease-neighbours "$k" --json > "$out/tuned-$k.json"
    echo "K $k, tuned: $(python3 Benchmarks/compare/evaluation_table.py "$out/tuned-$k.json" x | grep -E '^\| delivered list|tuned on' | tr '\n' ' ')"
done
