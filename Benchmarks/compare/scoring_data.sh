# Sourced by the scoring comparisons: the benchmark orders (200k customers × 20k products, 6M lines
# by default; CUSTOMERS, PRODUCTS, LINES override) and a 64-factor model of them, made once in DIR.
# Sets BIN, THREADS, RUNS, DIR, ORDERS, MODEL and a `median` function.
BIN=${BIN:-.build/release/whitespot}
CUSTOMERS=${CUSTOMERS:-200000} PRODUCTS=${PRODUCTS:-20000} LINES=${LINES:-6000000}
THREADS=${THREADS:-2} RUNS=${RUNS:-3}
DIR=${DIR:-/tmp/whitespot-bench}
mkdir -p "$DIR"
ORDERS="$DIR/orders-$CUSTOMERS-$PRODUCTS-$LINES.csv"
MODEL="$DIR/model-$CUSTOMERS-$PRODUCTS-$LINES-k64.safetensors"
[ -f "$ORDERS" ] || "$BIN" generate --customers "$CUSTOMERS" --products "$PRODUCTS" --lines "$LINES" --seed 1 --out "$ORDERS"
# The number of iterations changes the factors' values, not the cost of scoring them.
[ -f "$MODEL" ] || "$BIN" train "$ORDERS" --model "$MODEL" --factors 64 --iterations 3 --threads "$THREADS"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
