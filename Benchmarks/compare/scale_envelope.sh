#!/usr/bin/env bash
# The one-machine envelope (Benchmarks/SCALE.md): ingest, train, score and evaluate at several
# data sizes, each a whole process under `/usr/bin/time -v`: wall seconds, CPU seconds
# (user + sys, insensitive to other load) and peak RSS, one TSV row per run in $DIR/scale.tsv.
#
#   SIZES   customers:products:lines triples (default: the 200k benchmark data, 600k, 2M)
#   STEPS   any of inspect train score evaluate (default: all)
#   TOPS    list lengths scored (default: 3 10)
#   MODES   score modes: ranking-only default (default: both)
#   SHARD   e.g. 1/20: score only that shard (the ingest and preparation are whole)
#   BIN, THREADS (2), DIR (/tmp/whitespot-scale; the 2M file is 2.5 GB), NICE (10)
#
# Ends with a table of this invocation's rows and, per size with both, train + the default job
# at --top 3 (the issue's target: under 15 minutes wall and 8 GB peak). A `generate` row is
# measured too when the orders file is made by this run.
#
# Usage (from the package root, after `swift build -c release`):
#   Benchmarks/compare/scale_envelope.sh
#   SIZES=2000000:100000:60000000 STEPS=score SHARD=1/20 Benchmarks/compare/scale_envelope.sh
#   # the 2M train + score run of SCALE.md (quiet machine, NICE=0):
#   SIZES=2000000:100000:60000000 STEPS="train score" NICE=0 Benchmarks/compare/scale_envelope.sh
#   # only the target's pair (train + the default job at --top 3):
#   SIZES=2000000:100000:60000000 STEPS="train score" TOPS=3 MODES=default NICE=0 Benchmarks/compare/scale_envelope.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${BIN:-.build/release/whitespot}")
THREADS=${THREADS:-2} DIR=${DIR:-/tmp/whitespot-scale} NICE=${NICE:-10}
SIZES=${SIZES:-"200000:20000:6000000 600000:50000:18000000 2000000:100000:60000000"}
STEPS=${STEPS:-"inspect train score evaluate"}
SHARD=${SHARD:-} TOPS=${TOPS:-"3 10"} MODES=${MODES:-"ranking-only default"}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
mkdir -p "$DIR"
TSV=$DIR/scale.tsv
[ -f "$TSV" ] || printf 'customers\tstep\twall_s\tcpu_s\tpeak_mb\tload1\tcommand\n' > "$TSV"
first_row=$(($(wc -l < "$TSV") + 1))

measure() {  # customers, step name, command...
  local customers=$1 step=$2; shift 2
  local t=$DIR/$customers-$step.time
  nice -n "$NICE" /usr/bin/time -v -o "$t" "$@" > "$DIR/$customers-$step.out" 2> "$DIR/$customers-$step.err"
  local wall cpu peak
  wall=$(awk -F': ' '/Elapsed/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$t")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$t")
  peak=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$t")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$customers" "$step" "$wall" "$cpu" "$peak" "$(cut -d' ' -f1 /proc/loadavg)" "$*" | tee -a "$TSV"
}

for size in $SIZES; do
  IFS=: read -r customers products lines <<< "$size"
  orders=$DIR/orders-$customers.csv model=$DIR/model-$customers.safetensors
  [ -f "$orders" ] || measure "$customers" generate "$BIN" generate --customers "$customers" --products "$products" --lines "$lines" --seed 1 --out "$orders"
  shard=() suffix=
  [ -n "$SHARD" ] && shard=(--shard "$SHARD") suffix=-shard${SHARD/\//of}
  for step in $STEPS; do
    case $step in
      inspect) measure "$customers" inspect "$BIN" inspect "$orders" ;;
      train) measure "$customers" train "$BIN" train "$orders" --model "$model" --factors 64 --iterations 15 --threads "$THREADS" ;;
      score)
        for top in $TOPS; do
          [[ " $MODES " == *" ranking-only "* ]] && measure "$customers" "score-ranking-only-top$top$suffix" "$BIN" score "$orders" \
            --model "$model" --top "$top" --ranking-only --threads "$THREADS" --out "$DIR/recs-$customers-ro-$top.csv" --json "${shard[@]}"
          [[ " $MODES " == *" default "* ]] && measure "$customers" "score-default-top$top$suffix" "$BIN" score "$orders" \
            --model "$model" --top "$top" --threads "$THREADS" --out "$DIR/recs-$customers-job-$top.csv" --json "${shard[@]}"
        done ;;
      evaluate) measure "$customers" evaluate "$BIN" evaluate "$orders" --cutoff 2024-07-01 --factors 64 --iterations 15 --threads "$THREADS" ;;
    esac
  done
done

echo
echo "| customers | step | wall s | CPU s | peak RSS MB | load |"
echo "|---|---|---:|---:|---:|---:|"
tail -n +"$first_row" "$TSV" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
tail -n +"$first_row" "$TSV" | awk -F'\t' '
  $2 == "train" {tw[$1] = $3; tc[$1] = $4; tp[$1] = $5}
  $2 ~ /^score-default-top3/ {sw[$1] = $3; sc[$1] = $4; sp[$1] = $5; ss[$1] = $2}
  END {for (c in tw) if (c in sw) printf "| %s | train + %s | %.1f | %.1f | %s | |\n", c, ss[c], tw[c] + sw[c], tc[c] + sc[c], (tp[c] > sp[c] ? tp[c] : sp[c])}'
