#!/usr/bin/env bash
# The penetration term alone (w = 0, no model, no tuning), observed share against the shrunk
# share, on every real dataset and two generated ones at several cutoffs, with the default
# segments and with segment column × RFM tier (Benchmarks/EVALUATION.md, "Shrinking the
# penetration term"). m is estimated from each cutoff's training counts.
# Usage (from the package root, after `swift build -c release`):
#   Benchmarks/compare/shrinkage_cutoffs.sh [scratch-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$PWD/.build/release/whitespot
data=$PWD/../shared/data
out=${1:-/tmp/whitespot-shrinkage}
mkdir -p "$out"
"$bin" generate --customers 2000 --products 300 --lines 60000 --seed 42 --out "$out/demo.csv" --catalog-out "$out/demo-products.csv" 2>/dev/null
# A differently shaped generated dataset: sparse (6 lines per customer), a larger catalogue.
"$bin" generate --customers 5000 --products 1000 --lines 30000 --seed 7 --out "$out/sparse.csv" 2>/dev/null
superstore=(--columns 'customer=Customer ID,date=Order Date,product=Product ID,quantity=Quantity,revenue=Sales,segment=Segment,category=Sub-Category,order=Order ID,name=Product Name' --date-format M/d/yyyy)
groceries=(--columns customer=Member_number,date=Date,product=itemDescription --date-format dd-MM-yyyy)
retail=(--columns 'customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice,name=Description'
        --exclude-products 'POST,M,m,DOT,C2,C3,D,ADJUST,ADJUST2,BANK CHARGES,S,AMAZONFEE,B,TEST001,TEST002')
echo "| dataset | cutoff | m | popularity | observed share | shrunk share | shrunk − observed |"
echo "|---|---|---:|---:|---:|---:|---:|"
run() {
  local name=$1 cutoff=$2; shift 2
  "$bin" evaluate "$@" --cutoff "$cutoff" --blend 0 --no-rules --factors 2 --iterations 1 --threads 2 --json > "$out/run.json" 2>/dev/null
  python3 - "$out/run.json" "$name" "$cutoff" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = {x["method"]: x for x in d["methods"]}
b = m["blend"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {b['parameters'].get('penetrationShrinkage', 'one segment')} | {m['popularity']['ndcg']:.4f} | "
      f"{m['segment-penetration']['ndcg']:.4f} | {b['ndcg']:.4f} | {b['ndcg'] - m['segment-penetration']['ndcg']:+.4f} |")
PY
}
for c in 2014-10-01 2015-01-01 2015-04-01 2015-07-01 2015-10-01; do run "Groceries (RFM)" $c "$data/groceries/Groceries_dataset.csv" "${groceries[@]}"; done
for c in 2017-07-01 2018-01-01 2018-07-01 2019-01-01 2019-07-01; do run "Superstore products" $c "$data/superstore/Sample - Superstore.csv" "${superstore[@]}"; done
for c in 2017-07-01 2018-01-01 2018-07-01 2019-01-01 2019-07-01; do run "Superstore sub-categories" $c "$data/superstore/Sample - Superstore.csv" "${superstore[@]}" --product-level Sub-Category; done
for c in 2010-04-01 2010-06-01 2010-08-01 2010-10-01; do run "Online Retail (Country)" $c "$data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv" "${retail[@]}"; done
for c in 2024-03-01 2024-05-01 2024-07-01 2024-09-01; do run "demo (generated)" $c "$out/demo.csv" --catalog "$out/demo-products.csv"; done
for c in 2024-05-01 2024-07-01 2024-09-01; do run "sparse generated" $c "$out/sparse.csv"; done
# Many small segments (segment column × RFM tier), where shrinkage should matter most.
for c in 2010-06-01 2010-10-01; do run "Online Retail (Country+RFM)" $c "$data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv" "${retail[@]}" --segment-by column+rfm; done
for c in 2019-01-01 2019-07-01; do run "Superstore products (Segment+RFM)" $c "$data/superstore/Sample - Superstore.csv" "${superstore[@]}" --segment-by column+rfm; done
for c in 2024-05-01 2024-07-01; do run "demo (column+RFM)" $c "$out/demo.csv" --catalog "$out/demo-products.csv" --segment-by column+rfm; done
for c in 2024-05-01 2024-07-01; do run "sparse generated (column+RFM)" $c "$out/sparse.csv" --segment-by column+rfm; done
