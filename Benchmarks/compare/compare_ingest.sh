#!/usr/bin/env bash
# The ingest benchmark of issue 2: `whitespot inspect` as a whole process against the pandas
# pipeline (read_csv + factorize customers and products + scipy CSR), on the same generated
# file, alternating the two in each round; wall time and peak RSS from /usr/bin/time.
#
#   Benchmarks/compare/compare_ingest.sh [rounds]      (default 5; run from anywhere)
#
# Environment: CUSTOMERS, PRODUCTS, LINES, SEED (data size, default 200000/20000/6000000/1),
# DATA_DIR (default /tmp/whitespot-bench; the file is generated once and reused).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}
CUSTOMERS=${CUSTOMERS:-200000} PRODUCTS=${PRODUCTS:-20000} LINES=${LINES:-6000000} SEED=${SEED:-1}
DATA_DIR=${DATA_DIR:-/tmp/whitespot-bench}
BIN=.build/release/whitespot
FILE="$DATA_DIR/orders-c$CUSTOMERS-p$PRODUCTS-l$LINES-s$SEED.csv"

[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
swift build -c release --product whitespot >/dev/null
mkdir -p "$DATA_DIR"
if [[ ! -f "$FILE" ]]; then
    "$BIN" generate --customers "$CUSTOMERS" --products "$PRODUCTS" --lines "$LINES" --seed "$SEED" --out "$FILE"
fi
# numpy/scipy get OpenBLAS defaults: drop tuning variables for the Python command only.
PYENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data:    $FILE ($(du -m "$FILE" | cut -f1) MB, $LINES lines)"
echo "whitespot: $BIN inspect FILE"
echo "pandas:    python3 Benchmarks/compare/pandas_ingest.py FILE  (pandas $(python3 -c 'import pandas; print(pandas.__version__)'), scipy $(python3 -c 'import scipy; print(scipy.__version__)'))"
echo
printf '%-6s %12s %12s %12s %12s\n' round "ours s" "ours MB" "pandas s" "pandas MB"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT
for ((r = 1; r <= ROUNDS; r++)); do
    ours=$( { /usr/bin/time -f '%e %M' "$BIN" inspect "$FILE" >/dev/null; } 2>&1 | tail -1)
    theirs=$( { /usr/bin/time -f '%e %M' "${PYENV[@]}" python3 Benchmarks/compare/pandas_ingest.py "$FILE" >/dev/null; } 2>&1 | tail -1)
    read -r os om <<<"$ours"
    read -r ps pm <<<"$theirs"
    echo "$os $om $ps $pm" >>"$RESULTS"
    printf '%-6s %12s %12d %12s %12d\n' "$r" "$os" $((om / 1024)) "$ps" $((pm / 1024))
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
med = [statistics.median(col) for col in zip(*rows)]
time_ratios = [r[0] / r[2] for r in rows]
print()
print(f"median  whitespot {med[0]:.2f} s {med[1] / 1024:.0f} MB   pandas {med[2]:.2f} s {med[3] / 1024:.0f} MB")
print(f"ratios  time {med[0] / med[2]:.2f} (median of per-round ratios {statistics.median(time_ratios):.2f}; target <= 1)"
      f"   peak memory {med[1] / med[3]:.2f} (target <= 0.5)")
PY
