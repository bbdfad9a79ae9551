#!/usr/bin/env bash
# Spark MLlib ALS (local[2], spark/whitespot_spark_train.py) beside `whitespot train` on the
# benchmark orders (compare/scoring_data.sh: 200k customers × 20k products, 6M lines): fit
# seconds (the factorisation alone; both also report their reading) at 64 factors and ITERATIONS
# iterations, alternating, RUNS times. Needs `swift build -c release` and
# `scripts/bootstrap-spark.sh` (Java 17, pyspark). Results: Benchmarks/SPARK.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/compare/scoring_data.sh
ITERATIONS=${ITERATIONS:-15}
PY=$(scripts/bootstrap-spark.sh)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
cg=() chol=() spark=() spark_ingest=()
for run in $(seq "$RUNS"); do
  cg+=("$("$BIN" train "$ORDERS" --factors 64 --iterations "$ITERATIONS" --threads "$THREADS" --model "$OUT/cg.safetensors" --json | field fitSeconds)")
  chol+=("$("$BIN" train "$ORDERS" --factors 64 --iterations "$ITERATIONS" --threads "$THREADS" --solver cholesky --model "$OUT/chol.safetensors" --json | field fitSeconds)")
  json=$("$PY" spark/whitespot_spark_train.py "$ORDERS" --factors 64 --iterations "$ITERATIONS" --master "local[$THREADS]" --out "$OUT/spark.factors" --json 2>/dev/null)
  spark+=("$(field fit_seconds <<<"$json")")
  spark_ingest+=("$(field ingest_seconds <<<"$json")")
  echo "run $run: whitespot cg ${cg[-1]} s, cholesky ${chol[-1]} s; spark fit ${spark[-1]} s (reading + pairs ${spark_ingest[-1]} s)" >&2
done
# The Spark factors import into a model of the same data (the pair count and ids must match).
"$BIN" import-factors "$ORDERS" --factors "$OUT/spark.factors" --model "$OUT/spark.safetensors" >&2
m_cg=$(median "${cg[@]}") m_chol=$(median "${chol[@]}") m_spark=$(median "${spark[@]}")
echo "fit seconds, median of $RUNS, $ITERATIONS iterations, 64 factors, $THREADS threads/cores:"
echo "  whitespot train (cg, 3 steps)   $m_cg"
echo "  whitespot train (cholesky)      $m_chol"
echo "  spark ALS local[$THREADS]            $m_spark  (reading + pairs: $(median "${spark_ingest[@]}") s)"
python3 -c "print(f'  spark / whitespot cg = {$m_spark/$m_cg:.1f}x, spark / whitespot cholesky = {$m_spark/$m_chol:.1f}x')"
