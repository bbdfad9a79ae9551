#!/usr/bin/env bash
# The demo: the whole Whitespot job end to end on generated orders with planted structure.
# Generate → profile → segments → train (model directory) → evaluate with tuning and a report
# → score with the tuned model → basket rules → similar products.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${WHITESPOT_BIN:-.build/release/whitespot}   # another build, e.g. dist/whitespot of make release-binary
OUT=${DEMO_OUTPUT:-demo-output}
rm -rf "$OUT"
mkdir -p "$OUT"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "whitespot generate: 2,000 customers, 300 products, 60,000 order lines (seed 42)"
$BIN generate --customers 2000 --products 300 --lines 60000 --seed 42 \
    --out "$OUT/orders.csv" --catalog-out "$OUT/products.csv"

step "whitespot inspect: what is in the file"
$BIN inspect "$OUT/orders.csv" --catalog "$OUT/products.csv"

step "whitespot segments --segment-by column+rfm"
$BIN segments "$OUT/orders.csv" --catalog "$OUT/products.csv" --segment-by column+rfm

step "whitespot train: the weekly model, kept in a model directory"
$BIN train "$OUT/orders.csv" --catalog "$OUT/products.csv" --model-dir "$OUT/models" --loss
$BIN models --model-dir "$OUT/models"

step "whitespot evaluate: held-out orders after 2024-07-01, tuned on an earlier validation cutoff"
$BIN evaluate "$OUT/orders.csv" --catalog "$OUT/products.csv" --cutoff 2024-07-01 \
    --tune --report "$OUT/report.html" \
    --save-model "$OUT/models/tuned.safetensors"

step "whitespot score: three recommendations per customer with the tuned model"
$BIN score "$OUT/orders.csv" --catalog "$OUT/products.csv" --model "$OUT/models/tuned.safetensors" \
    --out "$OUT/recommendations.csv"
head -n 7 "$OUT/recommendations.csv"

step "whitespot basket: products bought together"
$BIN basket "$OUT/orders.csv" --catalog "$OUT/products.csv" --min-support 0.002 --min-confidence 0.2 --top 8

step "whitespot similar: nearest products to P1"
$BIN similar --model "$OUT/models/tuned.safetensors" P1 --top 5

cat <<DONE

Done. Results are in $OUT/:
  orders.csv, products.csv   the generated order lines and catalogue
  models/                    trained models (latest pointer) and the tuned model
  report.html                the evaluation report: open it in a browser
                             (add --json to evaluate for every figure as JSON)
  recommendations.csv        three recommendations per customer, with kind and reason
DONE
