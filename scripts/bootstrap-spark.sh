#!/usr/bin/env bash
# Prepares what the Spark jobs and their tests need (spark/README.md), when it is missing:
# Java 17 (Debian's openjdk-17-jre-headless, with apt-get) and a Python virtual environment in
# .build/spark-venv with pyspark and numpy from PyPI. Prints the environment's python on stdout.
# Nothing of the Swift package needs any of this.
set -euo pipefail
cd "$(dirname "$0")/.."
PYSPARK_VERSION=${PYSPARK_VERSION:-4.3.0}
VENV=.build/spark-venv
missing=()
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1 || [[ $(java_major) -lt 17 ]]; then missing+=(openjdk-17-jre-headless); fi
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
source scripts/apt-install.sh
if ((${#missing[@]})); then apt_install "whitespot: the Spark jobs need" "${missing[@]}"; fi
if ! "$VENV/bin/python" -c "import pyspark, numpy, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" >/dev/null 2>&1; then
  echo "==> installing pyspark $PYSPARK_VERSION and numpy into $VENV (pip)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION" numpy >&2
fi
echo "$PWD/$VENV/bin/python"
