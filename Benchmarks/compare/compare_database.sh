#!/usr/bin/env bash
# Databases, side by side (issue 11): the 6M-line benchmark orders read from PostgreSQL and from
# SQLite against our CSV ingest of the same rows and against each database's own CSV export
# (`psql \copy (...) to`, the sqlite3 shell's `.output`) followed by our CSV ingest; 2M
# recommendation rows written into PostgreSQL and SQLite by `score --out-db` against
# `psql \copy ... from` and the sqlite3 shell's `.import` of the same rows as CSV into a table
# defined as ours (types and primary key).
#
# Read times are the ingest seconds `train --json` reports (reading and parsing, nothing else;
# the one-iteration, one-factor fit after it is not counted). Write times are whole processes
# (see below). RUNS runs each alternating, medians. A throwaway PostgreSQL server is started in a
# temporary directory (as the `postgres` user when run as root) and stopped at the end.
# PARTS=read or PARTS=write runs one half; BINS="old new" times the reads of several binaries,
# alternating (the writes use BIN).
# Run from the package root after `swift build -c release`:
#   Benchmarks/compare/compare_database.sh
#   CUSTOMERS=20000 PRODUCTS=2000 LINES=600000 RUNS=1 Benchmarks/compare/compare_database.sh   # quick
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/compare/scoring_data.sh
TOP=${TOP:-10}
PARTS=${PARTS:-read,write}
read -r -a BINS <<< "${BINS:-$BIN}"
WORK=$(mktemp -d /tmp/whitespot-dbbench-XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres -E UTF8 --no-sync --locale=C > "$WORK/initdb.log"
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-k $WORK -c listen_addresses='' -F" start > /dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop > /dev/null; rm -rf "$WORK"' EXIT
URI="postgresql:///postgres?host=$WORK&user=postgres"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "$URI")
field() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))$2)" "$1"; }
ratio() { python3 -c "print(f'{($1)/($2):.2f}')"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $CUSTOMERS customers × $PRODUCTS products, $LINES lines; $RUNS runs; $(psql --version); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"

# The orders as a table in both databases (loaded once, not timed): every column as text, as an export has it.
HEADER=$(head -1 "$ORDERS")
COLUMNS=$(echo "$HEADER" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
"${PSQL[@]}" -c "CREATE TABLE orders ($COLUMNS)" -c "\\copy orders from '$ORDERS' with (format csv, header true)"
sqlite3 "$WORK/bench.db" ".import --csv $ORDERS orders"
echo "loaded $("${PSQL[@]}" -At -c 'SELECT count(*) FROM orders') rows into PostgreSQL and $(sqlite3 "$WORK/bench.db" 'SELECT count(*) FROM orders') into SQLite"

# Each read: the ingest seconds `train --json` reports, the CPU seconds of our whole process
# (user + system, the one-iteration fit included, the same for every source) and the CPU
# seconds the PostgreSQL server's backends used meanwhile (the postmaster's reaped children, read
# half a second after the process ends, once the backend has been reaped).
server_cpu() { sleep 0.5; awk '{printf "%.2f\n", ($16 + $17) / 100}' "/proc/$(head -1 "$WORK/pg/postmaster.pid")/stat"; }
read_seconds() {
    local bin=$1; shift
    local before after
    before=$(server_cpu)
    /usr/bin/time -f "%U %S" -o "$WORK/cpu" "$bin" train "$@" --model "$WORK/m.safetensors" --factors 1 --iterations 1 --threads "$THREADS" --json > "$WORK/train.json"
    after=$(server_cpu)
    echo "$(field "$WORK/train.json" "['ingestSeconds']") $(awk '{print $1 + $2}' "$WORK/cpu") $(python3 -c "print(round($after - $before, 2))")"
}
if [[ "$PARTS" == *read* ]]; then
declare -A csv pg lite
pgcopy=() liteexport=()
for run in $(seq "$RUNS"); do
    for b in "${!BINS[@]}"; do
        bin=${BINS[$b]}
        set -- $(read_seconds "$bin" "$ORDERS"); csv[$b]+="$1 "; c_cpu=$2
        set -- $(read_seconds "$bin" --orders-db "$URI" --orders-table orders); pg[$b]+="$1 "; p_cpu=$2; p_server=$3
        set -- $(read_seconds "$bin" --orders-db "$WORK/bench.db" --orders-table orders); lite[$b]+="$1 "; l_cpu=$2
        echo "read run $run, $bin: CSV ingest $(echo ${csv[$b]} | awk '{print $NF}') s (CPU $c_cpu s); PostgreSQL $(echo ${pg[$b]} | awk '{print $NF}') s (CPU ours $p_cpu s, server $p_server s); SQLite $(echo ${lite[$b]} | awk '{print $NF}') s (CPU $l_cpu s)"
    done
    start=$(date +%s.%N); before=$(server_cpu)
    "${PSQL[@]}" -c "\\copy (SELECT * FROM orders) to '$WORK/export.csv' with (format csv, header true)"
    end=$(date +%s.%N); after=$(server_cpu)
    pgcopy+=("$(python3 -c "print($end - $start)")")
    start=$(date +%s.%N); sqlite3 "$WORK/bench.db" ".headers on" ".mode csv" ".output $WORK/export-lite.csv" "SELECT * FROM orders"; end=$(date +%s.%N)
    liteexport+=("$(python3 -c "print($end - $start)")")
    echo "read run $run: psql \\copy to ${pgcopy[-1]} s (server CPU $(python3 -c "print(round($after - $before, 2))") s); sqlite3 export ${liteexport[-1]} s; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
pc=$(median "${pgcopy[@]}") le=$(median "${liteexport[@]}")
for b in "${!BINS[@]}"; do
    c=$(median ${csv[$b]}) p=$(median ${pg[$b]}) l=$(median ${lite[$b]})
    echo "read median, ${BINS[$b]}: CSV ingest $c s; PostgreSQL $p s; psql \\copy to $pc s; SQLite $l s; sqlite3 export $le s"
    echo "read ratios, ${BINS[$b]}: PostgreSQL / CSV ingest $(ratio "$p" "$c") (target <= 1.5); PostgreSQL / (psql \\copy + CSV ingest) $(ratio "$p" "$pc + $c") (target <= 1)"
    echo "read ratios, ${BINS[$b]}: SQLite / CSV ingest $(ratio "$l" "$c") (target <= 1.5); SQLite / (sqlite3 export + CSV ingest) $(ratio "$l" "$le + $c") (target <= 1)"
done
fi
[[ "$PARTS" == *write* ]] || exit 0

# The rows to write: TOP per customer (2M at 200k customers, top 10). Writing is streamed: a
# block's rows are sent while the next block is scored, so it cannot be timed apart from scoring.
# What the database costs is therefore timed as whole processes: `score --out-db` against
# `score --out FILE.csv` (the same scoring and formatting, into a file), and the difference
# against the tool loading that CSV. The tools load it with the run id as first column (made
# once, not timed) into a table defined exactly as ours (same column types, primary key
# (run_id, customer, rank)); every run writes into a fresh table on both sides, so neither pays
# for deleting an earlier run.
RUNID="bench/2026-01-01"
SCORE=("$BIN" score "$ORDERS" --model "$MODEL" --top "$TOP" --blend 0.5 --deep-sell off --threads "$THREADS" --job bench --run-date 2026-01-01)
timed() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); python3 -c "print($end - $start)"; }
file=() ours_pg=() theirs_pg=() ours_lite=() theirs_lite=()
for run in $(seq "$RUNS"); do
    file+=("$(timed "${SCORE[@]}" --out "$WORK/recs.csv")")
    if [ "$run" = 1 ]; then
        awk -v id="$RUNID" 'NR == 1 { print "run_id," $0; next } { print id "," $0 }' "$WORK/recs.csv" > "$WORK/recs-run.csv"
        ROWS=$(($(wc -l < "$WORK/recs.csv") - 1))
        echo "rows to write: $ROWS ($TOP per customer, $(du -m "$WORK/recs.csv" | cut -f1) MB of CSV)"
    fi
    ours_pg+=("$(timed "${SCORE[@]}" --out-db "$URI" --out-table "recs$run")")
    "${PSQL[@]}" -c "CREATE TABLE copy$run (LIKE recs1 INCLUDING ALL)"
    theirs_pg+=("$(timed "${PSQL[@]}" -c "\\copy copy$run from '$WORK/recs-run.csv' with (format csv, header true)")")
    rm -f "$WORK/out.db" "$WORK/import.db"
    ours_lite+=("$(timed "${SCORE[@]}" --out-db "$WORK/out.db" --out-table recs)")
    sqlite3 "$WORK/out.db" ".schema recs" | sqlite3 "$WORK/import.db"
    theirs_lite+=("$(timed sqlite3 "$WORK/import.db" ".import --csv --skip 1 $WORK/recs-run.csv recs")")
    echo "write run $run: score --out CSV ${file[-1]} s; --out-db PostgreSQL ${ours_pg[-1]} s, psql \\copy from ${theirs_pg[-1]} s; --out-db SQLite ${ours_lite[-1]} s, sqlite3 .import ${theirs_lite[-1]} s"
done
[ "$("${PSQL[@]}" -At -c 'SELECT count(*) FROM recs1')" = "$ROWS" ] || { echo "PostgreSQL holds a different number of rows than the CSV" >&2; exit 1; }
[ "$("${PSQL[@]}" -At -c 'SELECT count(*) FROM copy1')" = "$ROWS" ] || { echo "psql loaded a different number of rows than the CSV" >&2; exit 1; }
[ "$(sqlite3 "$WORK/out.db" 'SELECT count(*) FROM recs')" = "$ROWS" ] || { echo "SQLite holds a different number of rows than the CSV" >&2; exit 1; }
[ "$(sqlite3 "$WORK/import.db" 'SELECT count(*) FROM recs')" = "$ROWS" ] || { echo "sqlite3 imported a different number of rows than the CSV" >&2; exit 1; }
f=$(median "${file[@]}") op=$(median "${ours_pg[@]}") tp=$(median "${theirs_pg[@]}") ol=$(median "${ours_lite[@]}") tl=$(median "${theirs_lite[@]}")
echo "write median: score --out CSV $f s; --out-db PostgreSQL $op s, psql \\copy $tp s; --out-db SQLite $ol s, sqlite3 .import $tl s"
echo "write ratios: PostgreSQL (--out-db − --out CSV) / psql \\copy $(ratio "$op - $f" "$tp") (target <= 1.2); --out-db / (--out CSV + psql \\copy) $(ratio "$op" "$f + $tp")"
echo "write ratios: SQLite (--out-db − --out CSV) / sqlite3 .import $(ratio "$ol - $f" "$tl") (target <= 1.2); --out-db / (--out CSV + sqlite3 .import) $(ratio "$ol" "$f + $tl")"
