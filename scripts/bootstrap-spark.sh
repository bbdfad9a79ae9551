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
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "whitespot: the Spark jobs need ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  else SUDO=""; fi
  echo "==> installing ${missing[*]} (apt-get)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! "$VENV/bin/python" -c "import pyspark, numpy, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" >/dev/null 2>&1; then
  echo "==> installing pyspark $PYSPARK_VERSION and numpy into $VENV (pip)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION" numpy >&2
fi
echo "$PWD/$VENV/bin/python"
