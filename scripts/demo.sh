#!/usr/bin/env bash
# The demo: generate synthetic orders with planted structure and run the whole job on them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/whitespot
OUT=demo-output
mkdir -p "$OUT"
echo "==> whitespot --help"
$BIN --help
