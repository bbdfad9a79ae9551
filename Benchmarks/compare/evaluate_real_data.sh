#!/usr/bin/env bash
# The evaluation proof on the three real datasets (Benchmarks/EVALUATION.md): tuned model vs
# segment penetration vs popularity, with the sales rules measured too.
# Usage (from the package root, after `swift build -c release`):
#   Benchmarks/compare/evaluate_real_data.sh [output-dir]
# Writes <name>.json, <name>.html and <name>.timings per dataset and prints markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/whitespot-evaluation}
mkdir -p "$out"
bin=.build/release/whitespot
data=../shared/data
run() {
  local name=$1; shift
  echo "==> $name" >&2
  /usr/bin/time -f "%e s wall, %M KB peak" "$bin" evaluate "$@" --tune --timings --json \
    --report "$out/$name.html" > "$out/$name.json" 2> "$out/$name.timings"
  python3 Benchmarks/compare/evaluation_table.py "$out/$name.json" "$name"
  echo
  echo "wall time and stages: $(tr '\n' ';' < "$out/$name.timings")"
  echo
}
run groceries "$data/groceries/Groceries_dataset.csv" \
  --columns customer=Member_number,date=Date,product=itemDescription --date-format dd-MM-yyyy \
  --cutoff 2015-07-01
superstore=(--columns 'customer=Customer ID,date=Order Date,product=Product ID,quantity=Quantity,revenue=Sales,segment=Segment,category=Sub-Category,order=Order ID,name=Product Name' --date-format M/d/yyyy --cutoff 2019-07-01)
run superstore-products "$data/superstore/Sample - Superstore.csv" "${superstore[@]}"
run superstore-subcategories "$data/superstore/Sample - Superstore.csv" "${superstore[@]}" --product-level Sub-Category
run online-retail "$data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv" \
  --columns 'customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice,name=Description' \
  --exclude-products 'POST,M,m,DOT,C2,C3,D,ADJUST,ADJUST2,BANK CHARGES,S,AMAZONFEE,B,TEST001,TEST002' \
  --cutoff 2010-10-01
