#!/usr/bin/env bash
# The demo: generate synthetic orders with planted structure and run the whole job on them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/whitespot
OUT=demo-output
mkdir -p "$OUT"

echo "==> whitespot generate: 2,000 customers, 300 products, 60,000 order lines (seed 42)"
$BIN generate --customers 2000 --products 300 --lines 60000 --seed 42 \
    --out "$OUT/orders.csv" --catalog-out "$OUT/products.csv"

echo
echo "==> whitespot inspect $OUT/orders.csv --catalog $OUT/products.csv"
$BIN inspect "$OUT/orders.csv" --catalog "$OUT/products.csv"

echo
echo "==> whitespot segments $OUT/orders.csv --segment-by column+rfm"
$BIN segments "$OUT/orders.csv" --segment-by column+rfm

echo
echo "Demo data: $OUT/orders.csv (order lines) and $OUT/products.csv (catalogue)."
